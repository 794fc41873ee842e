"""The check report as a Word memo an official can forward to the council or a lawyer."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from babel.dates import format_date
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from pppdraft.checker.blocks import Lang
from pppdraft.checker.clauses import clause_info
from pppdraft.checker.report import (
    ORDER,
    STATUS_LABEL,
    CheckReport,
    ItemResult,
    Status,
    summary_line,
)

from ..phrases import phrase

# Red, amber ("check this" — never green), grey, green.
_SHADE: dict[Status, str] = {
    "red_flag": "F4CCCC",
    "unclear": "FCE5CD",
    "missing": "EFEFEF",
    "present": "D9EAD3",
}
_LOCALE: dict[Lang, str] = {"cs": "cs_CZ", "en": "en_GB"}
_TEXT: dict[Lang, dict[str, str]] = {
    "cs": {
        "title": "Kontrola smlouvy: data obce",
        "document": "Dokument",
        "date": "Datum kontroly",
        "language": "Jazyk dokumentu",
        "cs": "čeština",
        "en": "angličtina",
        "note": (
            "Tuto zprávu vytvořila automatická kontrola textu smlouvy podle kontrolního "
            "seznamu pppdraft. Není to právní rada: každý nález ověřte v celém znění smlouvy "
            "a před jednáním se poraďte s právníkem."
        ),
        "col_item": "Bod kontroly",
        "col_status": "Stav",
        "col_where": "Kde ve smlouvě",
        "findings": "Nálezy podle bodů",
        "evidence": "Znění ve smlouvě:",
        "explanation": "Co to znamená:",
        "fix": "Navrhované ustanovení z knihovny:",
        "fix_hint": "Celé znění: pppdraft library show {clause}",
        "rule": "pravidlo {rule}",
    },
    "en": {
        "title": "Contract check: the municipality's data",
        "document": "Document",
        "date": "Date of the check",
        "language": "Document language",
        "cs": "Czech",
        "en": "English",
        "note": (
            "This memo was produced by an automatic check of the contract text against the "
            "pppdraft checklist. It is not legal advice: verify each finding in the full "
            "contract and consult a lawyer before negotiating."
        ),
        "col_item": "Checklist item",
        "col_status": "Status",
        "col_where": "Where in the contract",
        "findings": "Findings by item",
        "evidence": "Wording in the contract:",
        "explanation": "What it means:",
        "fix": "Suggested clause from the library:",
        "fix_hint": "Full text: pppdraft library show {clause}",
        "rule": "rule {rule}",
    },
}


def _shade(cell: Any, colour: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    tc_pr.append(shd)


def _label(lang: Lang, status: Status) -> str:
    text = STATUS_LABEL[lang][status]
    return text[:1].upper() + text[1:]


def _item_section(doc: Any, item: ItemResult, lang: Lang) -> None:
    words = _TEXT[lang]
    doc.add_heading(f"{item.title} — {_label(lang, item.status)}", level=2)
    if item.evidence:
        doc.add_paragraph(words["evidence"]).runs[0].bold = True
        for ev in item.evidence:
            p = doc.add_paragraph(style="Quote")
            p.add_run(f"{ev.location}: ").bold = True
            p.add_run(phrase("quote_open", lang) + ev.text + phrase("quote_close", lang))
            note = p.add_run(f"  ({words['rule'].format(rule=ev.rule)})")
            note.font.size = Pt(8)
            note.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
    p = doc.add_paragraph()
    p.add_run(f"{words['explanation']} ").bold = True
    p.add_run(item.explanation)
    if item.status != "present":
        p = doc.add_paragraph()
        p.add_run(f"{words['fix']} ").bold = True
        title = f" — {item.suggested_clause_title}" if item.suggested_clause_title else ""
        p.add_run(f"{item.suggested_clause}{title}")
        info = clause_info(item.suggested_clause)
        guidance = info.guidance_in(lang) if info else None
        if guidance:
            g = doc.add_paragraph(guidance)
            g.runs[0].italic = True
        hint = doc.add_paragraph(words["fix_hint"].format(clause=item.suggested_clause))
        hint.runs[0].font.size = Pt(8)


# Characters XML 1.0 (so Word) cannot hold; a PDF's or a text file's text may carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(value: Any) -> Any:
    if isinstance(value, str):
        return _NOT_XML.sub("\ufffd", value)
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    return value


def sanitised(report: CheckReport) -> CheckReport:
    """Return the report with every character Word cannot hold shown as U+FFFD (the quoted
    evidence comes from documents written by others)."""
    return CheckReport.model_validate(_xml_safe(report.model_dump()))


def render_docx(
    report: CheckReport, lang: Lang | None = None, *, today: date | None = None
) -> bytes:
    """Return the report as a .docx memo: header facts, a summary table, then every item."""
    report = sanitised(report)
    lang = lang or report.report_language
    words = _TEXT[lang]
    doc = Document()
    doc.core_properties.title = words["title"]
    doc.core_properties.subject = report.document
    doc.add_heading(words["title"], level=0)
    facts = doc.add_paragraph()
    when = format_date(today or date.today(), "long", locale=_LOCALE[lang])
    for label, value in (
        (words["document"], report.document),
        (words["date"], when),
        (words["language"], words[report.language]),
    ):
        facts.add_run(f"{label}: ").bold = True
        facts.add_run(value)
        facts.add_run().add_break()
    note = doc.add_paragraph(words["note"])
    note.runs[0].italic = True
    doc.add_paragraph(summary_line(report, lang) + ".").runs[0].bold = True

    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        (words["col_item"], words["col_status"], words["col_where"]),
        strict=True,
    ):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for item in report.items:
        row = table.add_row().cells
        row[0].text = item.title
        row[1].text = _label(lang, item.status)
        row[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _shade(row[1], _SHADE[item.status])
        row[2].text = "; ".join(ev.location for ev in item.evidence) or "—"

    doc.add_heading(words["findings"], level=1)
    for item in sorted(report.items, key=lambda i: ORDER[i.status]):
        _item_section(doc, item, lang)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
