"""The data-ownership checker: any contract in, item-by-item findings with evidence out.

    report = check_document("vendor.docx")      # a CheckReport (pydantic)
    render_text(report); render_json(report); render_docx(report)  # → str, str, bytes

Lower modules (reader, rules, text …) are not for direct use.
"""

from __future__ import annotations

from pppdraft.checker.blocks import Block, DocumentText
from pppdraft.checker.check import check_bytes, check_document, check_parsed, check_text
from pppdraft.checker.checklist import Checklist, load_checklist, parse_checklist
from pppdraft.checker.limits import ReadLimits
from pppdraft.checker.memo import render_docx
from pppdraft.checker.reader import read_bytes, read_document
from pppdraft.checker.report import (
    CheckReport,
    Evidence,
    ItemResult,
    Summary,
    render_json,
    render_text,
)

__all__ = [
    "Block",
    "CheckReport",
    "Checklist",
    "DocumentText",
    "Evidence",
    "ItemResult",
    "ReadLimits",
    "Summary",
    "check_bytes",
    "check_document",
    "check_parsed",
    "check_text",
    "load_checklist",
    "parse_checklist",
    "read_bytes",
    "read_document",
    "render_docx",
    "render_json",
    "render_text",
]
