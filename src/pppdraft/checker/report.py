"""The check report and its text and JSON renderings.

The JSON shape is the one in docs/architecture.md, "The data-ownership checklist".
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pppdraft.checker.blocks import Block, Lang

# `unclear` ("check this"): protective and limiting wording meet, or the reading is unsure.
# Never green: only `present` says the contract protects the municipality.
Status = Literal["present", "unclear", "missing", "red_flag"]
STATUSES: tuple[Status, ...] = ("red_flag", "unclear", "missing", "present")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Model):
    """A quoted paragraph: its index in reading order, where it is, and the rule that matched."""

    paragraph: int = Field(ge=1)
    location: str
    text: str
    rule: str


class ItemResult(_Model):
    """The finding for one checklist item."""

    id: str
    title: str
    status: Status
    evidence: list[Evidence] = Field(default_factory=list)
    explanation: str
    suggested_clause: str
    suggested_clause_title: str | None = None


class Summary(_Model):
    """How many items have each status."""

    present: int = 0
    missing: int = 0
    red_flag: int = 0
    unclear: int = 0


class CheckReport(_Model):
    """Every checklist item once, with its status and evidence, for one document."""

    document: str
    language: Lang
    report_language: Lang
    items: list[ItemResult]
    summary: Summary

    @model_validator(mode="after")
    def _consistent(self) -> CheckReport:
        ids = [item.id for item in self.items]
        if len(ids) != len(set(ids)):
            raise ValueError("an item appears more than once")
        counts = {s: sum(1 for i in self.items if i.status == s) for s in Summary.model_fields}
        if counts != self.summary.model_dump():
            raise ValueError("summary does not match the items")
        return self

    @property
    def has_red_flags(self) -> bool:
        return self.summary.red_flag > 0

    def item(self, item_id: str) -> ItemResult:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def statuses(self) -> dict[str, Status]:
        """Return {item id: status}."""
        return {item.id: item.status for item in self.items}


# The one severity vocabulary: reports, the memo and the app's check page all say these words
# ("riziko", not "varování": a red flag is a risk to the town, not a notice about the tool).
STATUS_LABEL: dict[Lang, dict[Status, str]] = {
    "cs": {"present": "v pořádku", "missing": "chybí", "red_flag": "riziko", "unclear": "ověřte"},
    "en": {
        "present": "present",
        "missing": "missing",
        "red_flag": "red flag",
        "unclear": "check this",
    },
}
_WORDS: dict[Lang, dict[str, str]] = {
    "cs": {
        "table": "tabulka {t}, řádek {r}",
        "paragraph": "{article}, odst. {n}",
        "header": "záhlaví",
        "footer": "zápatí",
        "check": "Kontrola smlouvy",
        "summary": "Souhrn",
        "fix": "Navrhované ustanovení",
        "language": "jazyk dokumentu",
    },
    "en": {
        "table": "table {t}, row {r}",
        "paragraph": "{article}, para. {n}",
        "header": "header",
        "footer": "footer",
        "check": "Contract check",
        "summary": "Summary",
        "fix": "Suggested clause",
        "language": "document language",
    },
}


def summary_line(report: CheckReport, lang: Lang) -> str:
    """Return "Summary: present 9, check this 1, missing 7, red flag 3" in the one vocabulary
    (label before count, so no plural forms are needed)."""
    counts = report.summary.model_dump()
    order: tuple[Status, ...] = ("present", "unclear", "missing", "red_flag")
    parts = ", ".join(f"{STATUS_LABEL[lang][s]} {counts[s]}" for s in order)
    return f"{_WORDS[lang]['summary']}: {parts}"


def describe_location(block: Block, lang: Lang) -> str:
    """Return where `block` is, as an official would look for it ("5.2 a)", "table 1, row 3")."""
    words = _WORDS[lang]
    if block.kind in ("header", "footer"):
        return words[block.kind]
    if block.table is not None:
        where = words["table"].format(t=block.table[0], r=block.table[1])
        return f"{block.heading} – {where}" if block.heading else where
    if block.label and block.label != "•":
        label = f"{block.parent} {block.label}" if block.parent else block.label
        if label.isdigit() and block.article:
            # "1." under "Článek II" is paragraph 1 of that article.
            return words["paragraph"].format(article=block.article, n=label)
        return label
    if block.label == "•" and block.parent:
        return block.parent
    if block.kind == "heading":
        return block.text[:80]
    if block.heading:
        return f"{block.heading} – ¶ {block.index}"
    return f"¶ {block.index}"


def render_json(report: CheckReport) -> str:
    """Return the report as the checklist's JSON object (UTF-8 text, indented)."""
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


_MARK: dict[Status, str] = {
    "red_flag": "[!!]",
    "unclear": "[??]",
    "missing": "[ ]",
    "present": "[ok]",
}
# Report order: what needs the reader's attention first.
ORDER: dict[Status, int] = {status: n for n, status in enumerate(STATUSES)}


def render_text(report: CheckReport, lang: Lang | None = None) -> str:
    """Return the report as plain text for a terminal: summary, then each item."""
    lang = lang or report.report_language
    words = _WORDS[lang]
    labels = STATUS_LABEL[lang]
    lines = [
        f"{words['check']}: {report.document} ({words['language']}: {report.language})",
        summary_line(report, lang),
        "",
    ]
    for item in sorted(report.items, key=lambda i: ORDER[i.status]):
        lines.append(
            f"{_MARK[item.status]} {labels[item.status].upper()}: {item.title} ({item.id})"
        )
        for ev in item.evidence:
            lines.append(f"     {ev.location}: “{ev.text}”")
            lines.append(f"        [{ev.rule}]")
        lines.append(f"     {item.explanation}")
        if item.status != "present":
            title = f" – {item.suggested_clause_title}" if item.suggested_clause_title else ""
            lines.append(f"     {words['fix']}: {item.suggested_clause}{title}")
        lines.append("")
    return "\n".join(lines)
