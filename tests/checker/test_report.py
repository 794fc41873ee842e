"""The report: the JSON shape in docs/architecture.md, the terminal text, and the Word memo
(tested by reopening it)."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from pydantic import ValidationError

from pppdraft.checker import (
    CheckReport,
    check_document,
    load_checklist,
    render_docx,
    render_json,
    render_text,
)

from .corpus import CORPUS


@pytest.fixture(scope="module")
def vendor() -> CheckReport:
    return check_document(CORPUS / "cs-02-vop-saas.md")


@pytest.fixture(scope="module")
def mixed_en() -> CheckReport:
    return check_document(CORPUS / "en-03-mixed-lighting.md")


def test_json_has_the_shape_of_the_checklist_spec(vendor: CheckReport) -> None:
    data = json.loads(render_json(vendor))
    assert set(data) == {"document", "language", "report_language", "items", "summary"}
    assert data["document"] == "cs-02-vop-saas.md"
    assert data["language"] == "cs"
    assert [i["id"] for i in data["items"]] == [i.id for i in load_checklist().items]
    for item in data["items"]:
        assert set(item) == {
            "id",
            "title",
            "status",
            "evidence",
            "explanation",
            "suggested_clause",
            "suggested_clause_title",
        }
        assert item["status"] in ("present", "unclear", "missing", "red_flag")
        assert (item["status"] == "missing") == (not item["evidence"])
        for ev in item["evidence"]:
            assert set(ev) == {"paragraph", "location", "text", "rule"}
            assert isinstance(ev["paragraph"], int) and ev["paragraph"] >= 1
            assert ev["text"] and ev["location"] and ev["rule"].startswith(item["id"] + "/")
    counts = {
        s: sum(i["status"] == s for i in data["items"])
        for s in ("present", "missing", "red_flag", "unclear")
    }
    assert data["summary"] == counts
    assert counts["red_flag"] == 15


def test_the_report_model_refuses_inconsistent_data(vendor: CheckReport) -> None:
    data = vendor.model_dump()
    data["summary"]["red_flag"] += 1
    with pytest.raises(ValidationError, match="summary"):
        CheckReport.model_validate(data)
    data = vendor.model_dump()
    data["items"].append(data["items"][0])
    with pytest.raises(ValidationError):
        CheckReport.model_validate(data)


def test_red_flags_explain_the_risk_and_the_fix(vendor: CheckReport) -> None:
    item = vendor.item("open-data-publication")
    assert item.status == "red_flag"
    assert item.evidence[0].location == "3.4"
    assert "souhlasu Poskytovatele" in item.evidence[0].text
    assert "zákona č. 106/1999" in item.explanation
    assert item.suggested_clause == "data.open-data"
    assert item.suggested_clause_title


def test_report_language_can_differ_from_the_document(mixed_en: CheckReport) -> None:
    report = check_document(CORPUS / "en-03-mixed-lighting.md", lang="cs")
    assert report.language == "en" and report.report_language == "cs"
    assert report.item("raw-data-ownership").title == "Vlastnictví sbíraných (surových) dat"
    assert mixed_en.item("raw-data-ownership").title == "Ownership of the collected (raw) data"


def test_text_lists_red_flags_first(mixed_en: CheckReport) -> None:
    text = render_text(mixed_en)
    assert text.splitlines()[1].startswith("Summary: ")
    first_red = text.index("RED FLAG")
    assert first_red < text.index("MISSING") < text.index("PRESENT")
    for item in mixed_en.items:
        assert f"({item.id})" in text


def test_the_memo_is_a_word_document_an_official_can_forward(vendor: CheckReport) -> None:
    doc = Document(io.BytesIO(render_docx(vendor, today=date(2026, 3, 1))))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "Kontrola smlouvy: data obce"
    assert doc.paragraphs[0].style.name == "Title"
    facts = paragraphs[1]
    assert "cs-02-vop-saas.md" in facts and "1. března 2026" in facts
    assert any("Není to právní rada" in p for p in paragraphs)
    (table,) = doc.tables
    assert len(table.rows) == 1 + 20 and len(table.columns) == 3
    fills = {"Riziko": "F4CCCC", "Chybí": "EFEFEF", "V pořádku": "D9EAD3"}
    for row, item in zip(table.rows[1:], vendor.items, strict=True):
        assert row.cells[0].text == item.title
        shading = row.cells[1]._tc.tcPr.find(qn("w:shd"))
        assert shading.get(qn("w:fill")) == fills[row.cells[1].text]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == 20
    assert headings[0].endswith("— Riziko")
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Quote"]
    assert any(q.startswith("3.4: „Zákazník nesmí data") for q in quotes)
    assert any("data.open-data" in p for p in paragraphs)
    assert any("pppdraft library show data.open-data" in p for p in paragraphs)


def test_the_memo_in_english(mixed_en: CheckReport) -> None:
    doc = Document(io.BytesIO(render_docx(mixed_en, today=date(2026, 3, 1))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Contract check: the municipality's data" in text
    assert "1 March 2026" in text
    assert "not legal advice" in text
