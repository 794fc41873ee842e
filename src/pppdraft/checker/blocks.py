"""What a read document is: blocks of text in reading order, each with where it sits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["heading", "paragraph", "table", "header", "footer"]
Lang = Literal["cs", "en"]

_HEADING_WORD = (
    r"(?:Článek|Článku|Čl\.|Clanek|Article|Art\.|Clause|Section|Oddíl|Část|Part|Příloha|Annex"
    r"|Schedule|Appendix)"
)
_ARTICLE_RE = re.compile(
    rf"^({_HEADING_WORD})\s+([0-9]{{1,3}}|[IVXLC]{{1,6}})\b\.?\s*[—–:.-]?\s*(.*)$", re.S
)
_PARAGRAPH_SIGN_RE = re.compile(r"^§\s*(\d{1,4}[a-z]?)\b\.?\s*(.*)$", re.S)
_NUMBER_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,4})(\.|\))?\s+(\S.*)$", re.S)
_POINT_RE = re.compile(r"^(\(?(?:[a-z]|[ivx]{1,4})\))\s+(\S.*)$", re.S)
_BULLET_RE = re.compile(r"^[-•–*▪◦]\s+(\S.*)$", re.S)
_POINT_LABEL_RE = re.compile(r"^\(?(?:[a-zA-Z]|[ivxIVX]{1,4})[).]?\)?$")
_HEADING_MAX = 100


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph, table row, heading, header or footer line of a document.

    `label` is the number the reader shows before the text ("5.2", "Článek 5", "a)"),
    `parent` the numbered paragraph a point belongs to, `heading` the nearest heading above.
    """

    index: int
    text: str
    kind: BlockKind
    label: str | None = None
    parent: str | None = None
    heading: str | None = None
    table: tuple[int, int] | None = None
    article: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentText:
    """A document as the checker reads it."""

    name: str
    format: Literal["docx", "pdf", "txt", "md"]
    blocks: tuple[Block, ...]
    language: Lang


def is_point_label(label: str) -> bool:
    """Return True for labels of points inside a paragraph: a), (b), iv), •."""
    return bool(_POINT_LABEL_RE.match(label)) or not any(ch.isalnum() for ch in label)


def split_label(text: str) -> tuple[str | None, str, bool]:
    """Return (typed number label, text after it, looks like a heading) for a paragraph."""
    m = _ARTICLE_RE.match(text)
    if m:
        word = m.group(1)
        label = f"{word} {m.group(2)}"
        rest = m.group(3).strip()
        return label, rest, len(rest) <= _HEADING_MAX and not rest.endswith((".", ";", ","))
    m = _PARAGRAPH_SIGN_RE.match(text)
    if m:
        rest = m.group(2).strip()
        return f"§ {m.group(1)}", rest, len(rest) <= _HEADING_MAX and not rest.endswith(".")
    m = _NUMBER_RE.match(text)
    if m and ("." in m.group(1) or m.group(2)):
        number = m.group(1)
        rest = m.group(3).strip()
        heading = (
            "." not in number
            and len(rest) <= 80
            and not rest.endswith((".", ";", ":", ","))
            and rest[:1].isupper()
        )
        return number, rest, heading
    m = _POINT_RE.match(text)
    if m:
        return m.group(1), m.group(2).strip(), False
    m = _BULLET_RE.match(text)
    if m:
        return "•", m.group(1).strip(), False
    return None, text, False


class BlockBuilder:
    """Collects blocks in reading order and keeps track of headings and parent numbers."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._heading: str | None = None
        self._article: str | None = None
        self._number: str | None = None
        self._tables = 0

    def add(
        self,
        text: str,
        kind: BlockKind = "paragraph",
        label: str | None = None,
        table: tuple[int, int] | None = None,
    ) -> None:
        """Append a block; `label` is its number if the document gives one."""
        text = " ".join(text.split()) if kind != "table" else text.strip()
        if not text and not label:
            return
        if label is not None:
            label = label.strip().rstrip(".") or label.strip()
        parent = None
        if kind == "heading":
            shown = f"{label} {text}".strip() if label else text
            self._heading = shown[:_HEADING_MAX]
            self._article = label
            self._number = None
        elif kind == "paragraph" and label is not None:
            if is_point_label(label):
                parent = self._number
            else:
                self._number = label
        body = kind in ("paragraph", "table")
        self.blocks.append(
            Block(
                len(self.blocks) + 1,
                text,
                kind,
                label,
                parent,
                self._heading if body else None,
                table,
                self._article if body else None,
            )
        )

    def add_typed(self, text: str, kind: BlockKind = "paragraph") -> None:
        """Append a paragraph whose number, if any, is typed at its start."""
        text = " ".join(text.split())
        label, rest, heading = split_label(text)
        if label is None:
            self.add(text, kind)
        elif kind == "paragraph" and heading:
            self.add(rest, "heading", label)
        else:
            self.add(rest, kind, label)

    def new_table(self) -> int:
        self._tables += 1
        return self._tables
