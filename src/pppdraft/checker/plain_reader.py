"""Reading plain text and Markdown, and turning lines (also from PDF pages) into paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pppdraft.checker.blocks import BlockBuilder, split_label
from pppdraft.errors import DocumentError

_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_MD_TABLE_SEP_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS_RE = re.compile(r"(\*\*|__|`)")
_MD_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_MD_ORDERED_RE = re.compile(r"^(\d{1,3})\.\s+")


def decode_text(data: bytes, name: str) -> str:
    """Return `data` as text (UTF-8, UTF-16 with BOM, or Windows-1250); refuse binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1250", errors="replace")
    controls = len(_CONTROL_RE.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 1000) or text.count("\ufffd") > 10:
        raise DocumentError(
            f"{name}: this does not look like a text file (it contains binary data). Check a "
            f"contract as .docx, text-based .pdf, .txt or .md."
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def typical_width(lines: Iterable[str]) -> int:
    """Return the width of a full line (90th percentile of non-empty line lengths)."""
    widths = sorted(len(line.strip()) for line in lines if line.strip())
    if not widths:
        return 0
    return widths[min(len(widths) - 1, int(len(widths) * 0.9))]


class LineAssembler:
    """Joins wrapped lines into paragraphs: a paragraph ends at a blank or short line, and a
    numbered or bulleted line starts a new one."""

    # Wrapped text without blank lines would otherwise join into one endless paragraph.
    MAX_JOINED = 20_000

    def __init__(self, builder: BlockBuilder, width: int) -> None:
        self.builder = builder
        self.width = width
        self.current: list[str] = []
        self.size = 0

    def flush(self) -> None:
        if self.current:
            self.builder.add_typed(" ".join(self.current))
            self.current = []
            self.size = 0

    def line(self, raw: str) -> None:
        line = raw.strip()
        if not line:
            self.flush()
            return
        if split_label(line)[0] is not None:
            self.flush()
        if self.size > self.MAX_JOINED:
            self.flush()
        if self.current and self.current[-1].endswith("-") and line[:1].islower():
            self.current[-1] = self.current[-1][:-1] + line
        else:
            self.current.append(line)
        self.size += len(line) + 1
        if self.width and len(line) < 0.75 * self.width:
            self.flush()


def read_plain(text: str, builder: BlockBuilder) -> None:
    """Add the paragraphs of plain text to `builder`."""
    lines = text.split("\n")
    width = typical_width(lines)
    # Text with one paragraph per line is not wrapped: only blank lines and numbers split it.
    assembler = LineAssembler(builder, width if width <= 100 else 0)
    for line in lines:
        assembler.line(line)
    assembler.flush()


def _md_inline(text: str) -> str:
    return _MD_EMPHASIS_RE.sub("", _MD_LINK_RE.sub(r"\1", text))


def read_markdown(text: str, builder: BlockBuilder) -> None:
    """Add the headings, paragraphs, list items and table rows of Markdown to `builder`."""
    text = _MD_COMMENT_RE.sub("", text)
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() in ("---", "..."):
                lines = lines[end + 1 :]
                break
    assembler = LineAssembler(builder, 0)
    table: int | None = None
    row = 0
    for raw in lines:
        line = raw.strip()
        if line.startswith("|"):
            assembler.flush()
            if _MD_TABLE_SEP_RE.match(line):
                continue
            if table is None:
                table = builder.new_table()
                row = 0
            row += 1
            cells = [_md_inline(c).strip() for c in line.strip("|").split("|")]
            builder.add(" | ".join(c for c in cells if c), "table", table=(table, row))
            continue
        table = None
        heading = _MD_HEADING_RE.match(line)
        if heading:
            assembler.flush()
            label, rest, _ = split_label(_md_inline(heading.group(2)))
            builder.add(rest, "heading", label)
            continue
        line = _MD_ORDERED_RE.sub(r"\1. ", _md_inline(line))
        assembler.line(line)
    assembler.flush()
