"""Anchored cross-references: the markup, what ref() resolves to, lint, and Word REF fields."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import docx
import pytest
from testkit import SCENARIOS, load_scenario

import pppdraft
from pppdraft.assemble import parse_markup
from pppdraft.checker.docx_reader import read_docx
from pppdraft.checker.limits import ReadLimits
from pppdraft.draft import Draft, Paragraph
from pppdraft.lint import lint

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def build(contract_type: str, scenario: str, lang: str) -> Draft:
    raw = load_scenario(SCENARIOS / contract_type / f"{scenario}.yaml")
    return pppdraft.build(contract_type, raw, lang)


def anchored(draft: Draft, clause_id: str, anchor: str) -> Paragraph:
    clause = draft.clause(clause_id)
    return next(p for p in clause.paragraphs if p.anchor == anchor)


def references(draft: Draft, clause_id: str) -> list[tuple[str, str, str]]:
    """Return (text before, number shown, bookmark) for each reference in a clause."""
    out = []
    for para in draft.clause(clause_id).paragraphs:
        before = ""
        for run in para.runs:
            if run.ref:
                out.append((before, run.text, run.ref))
            before += run.text
    return out


# --- the markup ---------------------------------------------------------------------------------


def test_an_anchor_names_a_paragraph_or_point_and_is_not_printed() -> None:
    parsed = parse_markup(
        "[#first] First rule.\n\n[#second] Second rule:\n- [#pt] a point\n- another", "numbered"
    )
    assert [(p.kind, p.anchor, p.text) for p in parsed] == [
        ("numbered", "first", "First rule."),
        ("numbered", "second", "Second rule:"),
        ("point", "pt", "a point"),
        ("point", None, "another"),
    ]


def test_text_that_only_looks_like_an_anchor_is_printed() -> None:
    parsed = parse_markup("[#Not An Anchor] stays as typed", "numbered")
    assert parsed[0].anchor is None
    assert parsed[0].text == "[#Not An Anchor] stays as typed"


# --- resolution: the paragraph the sentence means ------------------------------------------------

# (contract type, scenario, referring clause, words before the reference, target, anchor, words
# the target paragraph must contain) — the errors a lawyer found in the street-lighting PPP.
MEANT = [
    ("ppp-contract", "street-lighting", "ppp.change-procedure", "independent expert under clause",
     "common.governing-law-disputes", "expert", "independent expert shall be appointed"),
    ("ppp-contract", "street-lighting", "ppp.conditions-precedent", "insurance under clause",
     "ppp.liability-insurance", "insurance", "insurer"),
    ("ppp-contract", "street-lighting", "ppp.termination-compensation",
     "independent expert under the procedure in clause", "common.governing-law-disputes",
     "expert", "independent expert"),
    ("ppp-contract", "street-lighting", "ppp.refinancing.equal-share",
     "Refinancing Gain shall be resolved under clause", "common.governing-law-disputes",
     "expert", "independent expert"),
    ("data-agreement", "bike-sharing-cloud", "data.cloud-switching",
     "survive its termination under clause", "data.term-survival", "survival",
     "does not affect the provisions"),
    ("living-lab", "delivery-robots", "lab.permits-safety", "proof of insurance under clause",
     "lab.insurance-liability", "insurance", "insured"),
    ("innovation-mou", "heat-island-sensors", "mou.exit", "in the manner set out in clause",
     "mou.data-ip", "handover", "hands them over to the Municipality"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("contract_type", "scenario", "clause_id", "words", "target", "anchor", "meant"), MEANT
)
def test_a_reference_resolves_to_the_paragraph_its_sentence_means(
    contract_type: str,
    scenario: str,
    clause_id: str,
    words: str,
    target: str,
    anchor: str,
    meant: str,
) -> None:
    draft = build(contract_type, scenario, "en")
    paragraph = anchored(draft, target, anchor)
    assert meant in paragraph.text
    found = [
        (n, b) for before, n, b in references(draft, clause_id) if before.endswith(words + " ")
    ]
    assert found, f"no reference after {words!r} in {clause_id}"
    for number, bookmark in found:
        assert number == paragraph.number
        assert bookmark == paragraph.bookmark
    # the old bug: the first paragraph of the clause is not what these sentences mean
    first = next(p for p in draft.clause(target).paragraphs if p.kind == "numbered")
    assert first.number != paragraph.number


def test_a_reference_shared_by_contract_types_takes_the_first_included_target() -> None:
    # data.cloud-switching: ref('data.term-survival#survival', 'ppp.termination-events#survival')
    data = build("data-agreement", "bike-sharing-cloud", "cs")
    survival = anchored(data, "data.term-survival", "survival")
    assert [n for _b, n, _m in references(data, "data.cloud-switching")][-1] == survival.number


def test_an_article_reference_gives_the_article_number() -> None:
    draft = build("innovation-mou", "heat-island-sensors", "cs")
    nature = draft.clause("mou.nature")
    costs = next(a for a in draft.articles if any(c.clause_id == "mou.costs" for c in a.clauses))
    text = "\n".join(p.text for p in nature.paragraphs)
    assert f"(čl. {costs.number} Smlouvy)" in text


def test_a_point_reference_reads_in_the_house_form(project_copy: Path) -> None:
    partner_use = project_copy / "clauses/data/partner-use.yaml"
    lines = partner_use.read_text(encoding="utf-8").split("\n")
    # anchor point b) of "the Partner shall not" (disclosing data to third parties), cs and en
    for i, line in enumerate(lines):
        if line.startswith(("    - zpřístupnit nebo předat", "    - disclose or transfer")):
            lines[i] = line.replace("    - ", "    - [#no-disclosure] ", 1)
    partner_use.write_text("\n".join(lines), encoding="utf-8")
    audit = project_copy / "clauses/data/audit.yaml"
    audit.write_text(
        audit.read_text(encoding="utf-8")
        .replace(
            "  en: |\n",
            "  en: |\n    Audit covers clause {{ ref('data.partner-use#no-disclosure') }}.\n\n",
            1,
        )
        .replace(
            "  cs: |\n",
            "  cs: |\n    Audit zahrnuje čl. {{ ref('data.partner-use#no-disclosure') }}.\n\n",
            1,
        ),
        encoding="utf-8",
    )
    raw = load_scenario(SCENARIOS / "data-agreement" / "parking-sensors.yaml")
    for lang, form in (("cs", "{n} písm. b)"), ("en", "{n} b)")):
        draft = pppdraft.build("data-agreement", raw, lang, library=pppdraft.load_library())
        clause = draft.clause("data.partner-use").paragraphs
        point = anchored(draft, "data.partner-use", "no-disclosure")
        para = [p for p in clause[: clause.index(point)] if p.kind == "numbered"][-1]
        expected = form.format(n=para.number)
        first = draft.clause("data.audit").paragraphs[0]
        assert expected in first.text, first.text
        refs = [r for r in first.runs if r.ref]
        assert [r.text for r in refs] == [para.number, "b)"]
        assert point.number == "b)" and point.bookmark == refs[1].ref
        assert para.bookmark == refs[0].ref


# --- lint ---------------------------------------------------------------------------------------


def errors(root: Path) -> list[str]:
    return [str(f) for f in lint(root / "clauses", root / "contracts") if f.level == "error"]


def append_en(path: Path, sentence: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  en: |\n", f"  en: |\n    {sentence}\n\n", 1), encoding="utf-8")


def test_lint_fails_on_an_unanchored_reference_into_a_multi_paragraph_clause(
    project_copy: Path,
) -> None:
    append_en(project_copy / "clauses/data/audit.yaml", "See clause {{ ref('data.exit') }}.")
    found = errors(project_copy)
    assert any(
        "audit.yaml" in e and "ref('data.exit') names no paragraph of data.exit" in e for e in found
    ), found


def test_lint_accepts_an_article_reference_to_a_multi_paragraph_clause(
    project_copy: Path,
) -> None:
    audit = project_copy / "clauses/data/audit.yaml"
    append_en(audit, "See Article {{ article('data.exit') }}.")
    text = audit.read_text(encoding="utf-8")
    audit.write_text(
        text.replace("  cs: |\n", "  cs: |\n    Viz čl. {{ article('data.exit') }}.\n\n", 1),
        encoding="utf-8",
    )
    assert errors(project_copy) == []


def test_lint_fails_on_an_anchor_no_clause_has(project_copy: Path) -> None:
    append_en(project_copy / "clauses/data/audit.yaml", "See {{ ref('data.exit#nowhere') }}.")
    found = errors(project_copy)
    assert any("audit.yaml" in e and "[#nowhere]" in e for e in found), found


def test_lint_fails_on_an_anchor_missing_in_an_alternative_a_contract_can_include(
    project_copy: Path,
) -> None:
    # revenue-share exists in the user-fee and hybrid payment clauses, not in the others
    append_en(
        project_copy / "clauses/ppp/subject.yaml", "See {{ ref('ppp.payment#revenue-share') }}."
    )
    found = errors(project_copy)
    assert any(
        "subject.yaml" in e and "ppp.payment.availability" in e and "[#revenue-share]" in e
        for e in found
    ), found
    assert not any("ppp.payment.user-fees (text" in e for e in found), found


def test_lint_fails_when_the_languages_anchor_different_paragraphs(project_copy: Path) -> None:
    exit_clause = project_copy / "clauses/data/exit.yaml"
    text = exit_clause.read_text(encoding="utf-8")
    en_at = text.index("  en: |")
    exit_clause.write_text(
        text[:en_at] + text[en_at:].replace("[#exit-plan] ", "", 1), encoding="utf-8"
    )
    found = errors(project_copy)
    assert any("exit.yaml" in e and "only in cs: exit-plan" in e for e in found), found


# --- Word: bookmarks and REF fields -------------------------------------------------------------


@pytest.fixture(scope="module")
def street_lighting() -> tuple[Draft, bytes]:
    draft = build("ppp-contract", "street-lighting", "cs")
    return draft, pppdraft.render_docx(draft).docx


def fields_of(document_xml: bytes) -> list[tuple[str, str]]:
    """Return (instruction, cached result) of every complex field, in document order."""
    root = ElementTree.fromstring(document_xml)
    out: list[tuple[str, str]] = []
    state: dict[str, Any] | None = None
    for el in root.iter():
        if el.tag not in (f"{W}fldChar", f"{W}instrText", f"{W}t"):
            continue
        if el.tag == f"{W}fldChar":
            kind = el.get(f"{W}fldCharType")
            if kind == "begin":
                state = {"instr": "", "result": "", "in_result": False}
            elif kind == "separate" and state is not None:
                state["in_result"] = True
            elif kind == "end" and state is not None:
                out.append((state["instr"].strip(), state["result"]))
                state = None
        elif state is not None:
            key = "result" if state["in_result"] else "instr"
            if el.tag == f"{W}instrText" or state["in_result"]:
                state[key] += el.text or ""
    return out


def test_the_docx_has_a_ref_field_for_every_reference_and_a_bookmark_for_every_target(
    street_lighting: tuple[Draft, bytes],
) -> None:
    draft, data = street_lighting
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    fields = fields_of(xml)
    runs = [
        r
        for c in draft.clauses
        for p in c.paragraphs
        for r in ([r for cell in p.cell_runs for r in cell] if p.cell_runs else p.runs)
        if r.ref
    ]
    assert len(fields) == len(runs) > 100
    marks = {p.bookmark: p for c in draft.clauses for p in c.paragraphs if p.bookmark}
    names = set(re.findall(rb'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"/>', xml))
    assert {m.encode() for m in marks} <= names
    for (instruction, cached), run in zip(fields, runs, strict=True):
        assert run.ref is not None
        assert instruction == f"REF {run.ref} \\n \\h"
        assert cached == run.text == marks[run.ref].number


def test_readers_see_the_numbers_in_the_fields(street_lighting: tuple[Draft, bytes]) -> None:
    draft, data = street_lighting
    expert = anchored(draft, "common.governing-law-disputes", "expert")
    sentence = f"nezávislý odborník postupem podle čl. {expert.number} Smlouvy"
    # python-docx (the trainer's compare view and the UI tests read text this way)
    python_docx = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert sentence in python_docx
    # the checker's reader
    blocks = read_docx(data, "contract.docx", ReadLimits())
    assert any(sentence in b.text for b in blocks.blocks)
    # and the plain text of the Draft itself
    assert sentence in draft.plain_text()
