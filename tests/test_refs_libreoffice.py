"""Cross-references as LibreOffice shows them: every contract of every scenario converted to PDF,
each reference compared with the number printed on the paragraph it names; and a paragraph
inserted before a referenced one renumbers the reference when LibreOffice updates the fields."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from checker.libreoffice import convert_to_pdf, soffice_path
from docx.oxml.ns import qn
from testkit import load_scenario, require_tool, scenario_files

import pppdraft
from pppdraft.draft import Draft, Paragraph

pytestmark = pytest.mark.libreoffice

CONTRACT_TYPES = ("data-agreement", "innovation-mou", "living-lab", "ppp-contract")
CASES = [
    (contract_type, path.stem, lang)
    for contract_type in CONTRACT_TYPES
    for path in scenario_files(contract_type)
    for lang in ("cs", "en")
]


@dataclass(frozen=True)
class Converted:
    draft: Draft
    text: str  # the layout text, footers removed, whitespace collapsed
    layout: str  # pdftotext -layout: a number stays on the line of its text, table rows too


def pdftotext(pdf: Path, *options: str) -> str:
    tool = require_tool("pdftotext")
    done = subprocess.run(
        [tool, *options, str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return unicodedata.normalize("NFKC", done.stdout)


def reading_text(raw: str, title: str) -> str:
    footer = re.compile(rf"^{re.escape(title)} – \d+ / \d+$")
    lines = [
        line.strip()
        for line in raw.replace("\f", "\n").split("\n")
        if not footer.match(line.strip())
    ]
    # a word broken at its hyphen ("machine-" / "readable") is one word again
    joined = re.sub(r"(?<=\S-)\n+(?=\S)", "", "\n".join(lines))
    return " ".join(joined.split())


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], Converted]:
    """Build every scenario in both languages and convert all of them in ONE soffice call."""
    soffice_path()
    folder = tmp_path_factory.mktemp("references")
    drafts: dict[tuple[str, str, str], Draft] = {}
    files: list[Path] = []
    for case in CASES:
        contract_type, stem, lang = case
        raw = load_scenario(next(p for p in scenario_files(contract_type) if p.stem == stem))
        draft = pppdraft.build(contract_type, raw, lang)
        docx_path, _ = pppdraft.render_docx(draft).save(
            folder / f"{contract_type}-{stem}-{lang}.docx"
        )
        drafts[case] = draft
        files.append(docx_path)
    pdfs = convert_to_pdf(files, folder / "pdf", folder / "profile")
    out = {}
    for case, pdf in zip(CASES, pdfs, strict=True):
        draft = drafts[case]
        layout = pdftotext(pdf, "-layout")
        out[case] = Converted(draft, reading_text(layout, draft.title), layout)
    return out


def pattern_of(paragraph: Paragraph, limit: int | None = None, capture: bool = False) -> str:
    """Return a regex for a paragraph's text: references match any number (captured if asked)."""
    out: list[str] = []
    length = 0
    for run in paragraph.runs:
        if limit is not None and length >= limit:
            break
        if run.ref:
            out.append(r"(\d+(?:\.\d+)?|[a-z]\))" if capture else r"\S+")
            length += len(run.text)
            continue
        for char in unicodedata.normalize("NFKC", run.text):
            out.append(r"\s*" if char.isspace() else re.escape(char))
            length += 1
            if limit is not None and length >= limit:
                break
    return "".join(out)


def printed_number(text: str, paragraph: Paragraph) -> str:
    """Return the number LibreOffice printed on a paragraph, found by the paragraph's text."""
    label = r"(\d+\.\d+)" if paragraph.kind == "numbered" else r"([a-z]\))"
    found = re.findall(label + r"\s*" + pattern_of(paragraph, limit=120), text)
    assert len(found) == 1, f"{paragraph.text[:80]!r} found {len(found)} times in the PDF"
    return str(found[0] if isinstance(found[0], str) else found[0][0])


@pytest.mark.parametrize(("contract_type", "stem", "lang"), CASES)
def test_every_reference_shows_the_number_of_the_paragraph_it_names(
    converted: dict[tuple[str, str, str], Converted], contract_type: str, stem: str, lang: str
) -> None:
    doc = converted[(contract_type, stem, lang)]
    paragraphs = [p for c in doc.draft.clauses for p in c.paragraphs]
    targets = {p.bookmark: printed_number(doc.text, p) for p in paragraphs if p.bookmark}
    checked = 0
    for paragraph in paragraphs:
        if paragraph.cell_runs:
            checked += check_table_row(doc, paragraph, targets)
            continue
        bookmarks = [r.ref for r in paragraph.runs if r.ref]
        if not bookmarks:
            continue
        match = re.search(pattern_of(paragraph, capture=True), doc.text)
        assert match, f"paragraph not found in the PDF: {paragraph.text[:100]!r}"
        for bookmark, shown in zip(bookmarks, match.groups(), strict=True):
            assert shown == targets[bookmark], (paragraph.text[:160], bookmark)
            checked += 1
    assert checked == sum(
        1
        for p in paragraphs
        for r in ([r for cell in p.cell_runs for r in cell] if p.cell_runs else p.runs)
        if r.ref
    )
    assert checked > 0


def check_table_row(doc: Converted, row: Paragraph, targets: dict[str, str]) -> int:
    """A table row: on the row's first line (layout text) the reference cell's number stands;
    a cell whose reference stands inside its text (the processing annex) is found like a
    paragraph, by that text."""
    assert row.cell_runs is not None
    if any(r.ref for r in row.cell_runs[-1]) and len(row.cell_runs[-1]) == 1:
        return _check_reference_column(doc, row, targets)
    checked = 0
    for cell in row.cell_runs:
        refs = [r.ref for r in cell if r.ref]
        if not refs:
            continue
        text = Paragraph(kind="plain", runs=cell)
        match = re.search(pattern_of(text, capture=True), doc.text)
        assert match, f"table cell not found in the PDF: {text.text[:100]!r}"
        for bookmark, shown in zip(refs, match.groups(), strict=True):
            assert shown == targets[bookmark], (text.text[:160], bookmark)
            checked += 1
    return checked


def _check_reference_column(doc: Converted, row: Paragraph, targets: dict[str, str]) -> int:
    assert row.cell_runs is not None
    label = r"\s+".join(re.escape(word) for word in row.runs[0].text.split()[:2])
    row_line = re.compile(rf"^\s*{label}\b.*\s(\d+\.\d+)\s*$")
    lines = [m for m in map(row_line.match, doc.layout.split("\n")) if m]
    assert len(lines) == 1, f"table row {row.runs[0].text!r}: {len(lines)} lines in the PDF"
    shown = lines[0].group(1)
    refs = [r.ref for cell in row.cell_runs for r in cell if r.ref]
    assert shown == targets[refs[-1]], (row.text, lines[0].group(0))
    return len(refs)


def test_inserting_a_paragraph_renumbers_the_reference_when_fields_update(
    tmp_path: Path,
) -> None:
    soffice = soffice_path()
    raw = load_scenario(
        next(p for p in scenario_files("ppp-contract") if p.stem == "street-lighting")
    )
    draft = pppdraft.build("ppp-contract", raw, "cs")
    expert = next(
        p for p in draft.clause("common.governing-law-disputes").paragraphs if p.anchor == "expert"
    )
    assert expert.bookmark and expert.number
    article, sub = expert.number.split(".")
    renumbered = f"{article}.{int(sub) + 1}"
    built, _ = pppdraft.render_docx(draft).save(tmp_path / "built.docx")

    # a lawyer inserts a sub-clause just before the referenced paragraph (python-docx)
    document = docx.Document(str(built))
    target = next(
        p
        for p in document.paragraphs
        if any(b.get(qn("w:name")) == expert.bookmark for b in p._p.iter(qn("w:bookmarkStart")))
    )
    target.insert_paragraph_before("Vložené ustanovení o mediaci.", style=target.style)
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    before = field_results(edited.read_bytes(), expert.bookmark)
    assert before and set(before) == {expert.number}  # the cached result is still the old one

    # LibreOffice opens it, updates the fields and saves it as Word again (headless)
    out = tmp_path / "updated"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(edited),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    after = field_results((out / "edited.docx").read_bytes(), expert.bookmark)
    assert after and set(after) == {renumbered}
    text = "\n".join(p.text for p in docx.Document(str(out / "edited.docx")).paragraphs)
    assert f"nezávislý odborník postupem podle čl. {renumbered} Smlouvy" in text


def field_results(data: bytes, bookmark: str) -> list[str]:
    """Return the shown results of the REF fields to `bookmark` in a .docx."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    pattern = rf"REF {re.escape(bookmark)}\b.*?fldCharType=\"separate\"/>(.*?)fldCharType=\"end\""
    out = []
    for m in re.finditer(pattern, xml, re.DOTALL):
        out.append("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", m.group(1))))
    return out
