"""Rendering: real .docx files, reopened with python-docx and checked by structure."""

from __future__ import annotations

import hashlib
import json
import zipfile
from copy import deepcopy
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from testkit import SCENARIOS, load_scenario, scenario_files
from typer.testing import CliRunner

import pppdraft
from pppdraft.cli import app
from pppdraft.render.house_style import ARTICLE_LIST

STEMS = [p.stem for p in scenario_files("data-agreement")]


def build_cli(tmp_path: Path, stem: str, lang: str, *extra: str) -> Path:
    out = tmp_path / f"{stem}-{lang}.docx"
    result = CliRunner().invoke(
        app,
        [
            "build",
            "data-agreement",
            "--answers",
            str(SCENARIOS / "data-agreement" / f"{stem}.yaml"),
            "--lang",
            lang,
            "-o",
            str(out),
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def body_text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def styled(document: Any, style: str) -> list[Any]:
    return [p for p in document.paragraphs if p.style.name == style]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("built")
    return {(s, lang): build_cli(folder, s, lang) for s in STEMS for lang in ("cs", "en")}


@pytest.mark.parametrize("lang", ["cs", "en"])
@pytest.mark.parametrize("stem", STEMS)
class TestABuiltContract:
    def test_reopens_with_the_parties_and_answers(
        self, built: dict[tuple[str, str], Path], stem: str, lang: str
    ) -> None:
        raw = load_scenario(SCENARIOS / "data-agreement" / f"{stem}.yaml")
        document = docx.Document(str(built[(stem, lang)]))
        text = body_text(document)
        for party in [raw["municipality"], raw["partner"], *raw.get("additional_parties", [])]:
            assert party["name"] in text
            assert party["ico"] in text
            assert party["representative"] in text
        assert raw["project_name"] in text
        assert raw["resolution_number"] in text
        for line in raw["datasets"].splitlines():
            assert line.strip() in text

    def test_numbers_articles_by_style(
        self, built: dict[tuple[str, str], Path], stem: str, lang: str
    ) -> None:
        document = docx.Document(str(built[(stem, lang)]))
        draft = pppdraft.build(
            "data-agreement", load_scenario(SCENARIOS / "data-agreement" / f"{stem}.yaml"), lang
        )
        headings = styled(document, "Article Heading")
        assert [h.text.strip() for h in headings] == [a.title for a in draft.articles]
        clauses = styled(document, "Clause")
        expected = [p for a in draft.articles for p in a.paragraphs if p.kind == "numbered"]
        assert [c.text for c in clauses] == [p.text for p in expected]
        for p in headings + clauses:
            assert p._p.pPr.numPr is None  # the number comes from the style, not the paragraph

    def test_has_definitions_with_bold_terms(
        self, built: dict[tuple[str, str], Path], stem: str, lang: str
    ) -> None:
        document = docx.Document(str(built[(stem, lang)]))
        term = "„Data Obce“" if lang == "cs" else "“Municipal Data”"
        hits = [p for p in styled(document, "Clause") if p.text.startswith(term)]
        assert len(hits) == 1
        assert hits[0].runs[0].bold and hits[0].runs[0].text == term

    def test_ends_with_a_signature_block_for_every_party(
        self, built: dict[tuple[str, str], Path], stem: str, lang: str
    ) -> None:
        raw = load_scenario(SCENARIOS / "data-agreement" / f"{stem}.yaml")
        document = docx.Document(str(built[(stem, lang)]))
        # the signature block is the last table before the annexes (which may hold tables too)
        table = next(t for t in document.tables if raw["signing_place"] in t.rows[0].cells[0].text)
        parties = [raw["municipality"], raw["partner"], *raw.get("additional_parties", [])]
        assert len(table.rows) == len(parties)
        for row, party in zip(table.rows, parties, strict=True):
            assert party["name"] in row.cells[1].text
            assert party["representative"] in row.cells[1].text
            assert party["function"] in row.cells[1].text
            assert raw["signing_place"] in row.cells[0].text

    def test_carries_the_manifest(
        self, built: dict[tuple[str, str], Path], stem: str, lang: str
    ) -> None:
        path = built[(stem, lang)]
        manifest = json.loads(path.with_name(path.stem + ".manifest.json").read_text())
        assert manifest["contract_type"] == "data-agreement"
        assert manifest["language"] == lang
        assert manifest["document"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        library = pppdraft.load_library()
        for entry in manifest["clauses"]:
            clause = library.get(entry["id"])
            assert entry["version"] == clause.version
            assert entry["fingerprint"] == clause.fingerprint
        with zipfile.ZipFile(path) as z:
            custom = z.read("docProps/custom.xml").decode()
        assert "pppdraft_contract_type" in custom and "data-agreement" in custom
        assert manifest["answers_sha256"] in custom
        core = docx.Document(str(path)).core_properties
        assert core.author == "pppdraft"


def test_includes_only_the_chosen_ownership_variant(tmp_path: Path) -> None:
    raw = load_scenario(SCENARIOS / "data-agreement" / "parking-sensors.yaml")
    variants: dict[str, list[str]] = {}
    drafts: dict[str, pppdraft.Draft] = {}
    for model in ("municipality", "licence-back", "joint", "partner"):
        r = deepcopy(raw)
        r["data_ownership_model"] = model
        drafts[model] = pppdraft.build("data-agreement", r, "cs")
        variants[model] = [p.text for p in drafts[model].clause("data.ownership").paragraphs]
    for model, paragraphs in variants.items():
        path = tmp_path / f"{model}.docx"
        pppdraft.render_docx(drafts[model]).save(path)
        text = body_text(docx.Document(str(path)))
        assert all(p in text for p in paragraphs)
        own = drafts[model].plain_text()
        for other, other_paragraphs in variants.items():
            if other != model:
                # paragraphs only the other variant has (answers such as purposes may recur)
                distinct = [p for p in other_paragraphs if p not in own]
                assert distinct and not any(p in text for p in distinct), (model, other)


def test_links_the_multilevel_list_to_the_styles(tmp_path: Path) -> None:
    path = build_cli(tmp_path, "parking-sensors", "cs")
    document = docx.Document(str(path))
    for name, level in (("Article Heading", 0), ("Clause", 1), ("Clause Point", 2)):
        num_pr = document.styles[name].element.pPr.numPr
        assert num_pr.numId.val == ARTICLE_LIST and num_pr.ilvl.val == level
    numbering = document.part.numbering_part.element
    abstract = next(
        a
        for a in numbering.iterfind(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == str(ARTICLE_LIST)
    )
    levels = {
        lvl.get(qn("w:ilvl")): (
            lvl.find(qn("w:lvlText")).get(qn("w:val")),
            lvl.find(qn("w:pStyle")).get(qn("w:val")),
        )
        for lvl in abstract.iterfind(qn("w:lvl"))
    }
    assert levels == {
        "0": ("Článek %1", "ArticleHeading"),
        "1": ("%1.%2", "Clause"),
        "2": ("%3)", "ClausePoint"),
    }


def test_names_articles_in_english_documents(tmp_path: Path) -> None:
    document = docx.Document(str(build_cli(tmp_path, "parking-sensors", "en")))
    numbering = document.part.numbering_part.element
    texts = [e.get(qn("w:val")) for e in numbering.iter(qn("w:lvlText"))]
    assert "Article %1" in texts and "Článek %1" not in texts


def test_says_it_is_not_legal_advice(tmp_path: Path) -> None:
    for lang, phrase in (("cs", "Nejde o právní radu"), ("en", "It is not legal advice")):
        document = docx.Document(str(build_cli(tmp_path, "village-weather", lang)))
        notices = styled(document, "Draft Notice")
        assert len(notices) == 1 and phrase in notices[0].text


def test_adds_drafting_notes_as_comments(tmp_path: Path) -> None:
    path = build_cli(tmp_path, "parking-sensors", "en", "--notes")
    document = docx.Document(str(path))
    comments = list(document.comments)
    draft = pppdraft.build(
        "data-agreement", load_scenario(SCENARIOS / "data-agreement" / "parking-sensors.yaml"), "en"
    )
    assert len(comments) == len([c for c in draft.clauses if c.paragraphs])
    assert any("data.ownership.municipality" in c.text for c in comments)


def test_writes_both_languages_for_cs_plus_en(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "build",
            "data-agreement",
            "--answers",
            str(SCENARIOS / "data-agreement" / "village-weather.yaml"),
            "--lang",
            "cs+en",
            "-o",
            str(tmp_path / "village.docx"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "village-cs.docx").is_file() and (tmp_path / "village-en.docx").is_file()
