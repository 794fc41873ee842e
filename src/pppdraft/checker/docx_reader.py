"""Reading a .docx: body paragraphs and tables in order, list numbers, headers and footers.

The package is read part by part through `safezip`, not with python-docx, so that only the
parts the checker needs are unpacked and each is capped. List numbers are rebuilt from
numbering.xml the way Word counts them: per abstract list, levels linked to paragraph
styles, `startOverride` restarting a list instance.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from pppdraft.checker.blocks import BlockBuilder, BlockKind, split_label
from pppdraft.checker.limits import ReadLimits
from pppdraft.checker.safezip import open_package, parse_xml, read_part
from pppdraft.errors import DocumentError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_P, _TBL, _TR, _TC, _SDT = W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt"
_T, _TAB, _BR, _CR, _NBH = W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"
_VAL = W + "val"
_HF_RE = re.compile(r"^word/(header|footer)\d*\.xml$")


def _val(el: ET.Element | None, child: str) -> str | None:
    if el is None:
        return None
    found = el.find(W + child)
    return None if found is None else found.get(_VAL)


# Word stores list starts and levels as 32-bit numbers (ST_DecimalNumber); anything longer
# is hostile and is read as the default.
_MAX_INT_DIGITS = 10
# Past these, Word's own letters (a … zz … zzz) and roman numerals are no longer readable
# labels; the checker writes the number in digits instead of building a huge string.
_MAX_LETTERS = 26 * 10
_MAX_ROMAN = 3999


def _int(text: str | None, default: int) -> int:
    if text is None or len(text.strip()) > _MAX_INT_DIGITS:
        return default
    try:
        return int(text)
    except ValueError:
        return default


def _roman(n: int) -> str:
    out = []
    for value, numeral in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter: a … z, aa … zz.
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """Return counter `n` written in Word's number format `fmt`."""
    if fmt in ("lowerLetter", "upperLetter") and n > _MAX_LETTERS:
        return str(n)
    if fmt in ("lowerRoman", "upperRoman") and n > _MAX_ROMAN:
        return str(n)
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n) if n > 0 else str(n)
    if fmt == "upperRoman":
        return _roman(n).upper() if n > 0 else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


@dataclass(slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False
    style: str | None = None


@dataclass(slots=True)
class Style:
    name: str = ""
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None


@dataclass(slots=True)
class Numbering:
    """Word list definitions and the running counters of one document."""

    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    style_links: dict[str, str] = field(default_factory=dict)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, root: ET.Element | None) -> Numbering:
        numbering = cls()
        if root is None:
            return numbering
        for absn in root.iter(W + "abstractNum"):
            abs_id = absn.get(W + "abstractNumId", "")
            levels: dict[int, Level] = {}
            for lvl in absn.iter(W + "lvl"):
                ilvl = _int(lvl.get(W + "ilvl"), 0)
                levels[ilvl] = Level(
                    start=_int(_val(lvl, "start"), 1),
                    fmt=_val(lvl, "numFmt") or "decimal",
                    text=_val(lvl, "lvlText") or "",
                    legal=lvl.find(W + "isLgl") is not None,
                    style=_val(lvl, "pStyle"),
                )
            numbering.abstracts[abs_id] = levels
            link = _val(absn, "numStyleLink")
            if link:
                numbering.style_links[abs_id] = link
        for num in root.iter(W + "num"):
            num_id = num.get(W + "numId", "")
            abs_id = _val(num, "abstractNumId") or ""
            overrides: dict[int, int] = {}
            for ov in num.iter(W + "lvlOverride"):
                start = _val(ov, "startOverride")
                if start is not None:
                    overrides[_int(ov.get(W + "ilvl"), 0)] = _int(start, 1)
            numbering.nums[num_id] = (abs_id, overrides)
        return numbering

    def level_for_style(self, num_id: str, style_ids: list[str]) -> int:
        """Return the list level linked to the paragraph's style (0 if none is)."""
        abs_id = self.nums.get(num_id, ("", {}))[0]
        for ilvl, level in self.abstracts.get(abs_id, {}).items():
            if level.style in style_ids:
                return ilvl
        return 0

    def next_label(self, num_id: str, ilvl: int, styles: dict[str, Style]) -> str | None:
        """Advance the counters for a paragraph of list `num_id` at `ilvl`; return its label."""
        entry = self.nums.get(num_id)
        if entry is None:
            return None
        abs_id, overrides = entry
        levels = self.abstracts.get(abs_id)
        if levels is not None and not levels and abs_id in self.style_links:
            linked = styles.get(self.style_links[abs_id])
            if linked is not None and linked.num_id and linked.num_id != num_id:
                abs_id = self.nums.get(linked.num_id, (abs_id, {}))[0]
                levels = self.abstracts.get(abs_id)
        if not levels:
            return None
        ilvl = max(0, min(ilvl, 8))
        state = self.counters.setdefault(abs_id, [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                if 0 <= lvl < 9:
                    state[lvl] = start - 1
                    for deeper in range(lvl + 1, 9):
                        state[deeper] = None
        level = levels.get(ilvl, Level())
        current = state[ilvl]
        state[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            state[deeper] = None
        if level.fmt == "bullet":
            return "•"

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            if not 0 <= k < 9:
                return ""
            lv = levels.get(k, Level())
            value = state[k]
            if value is None:
                value = lv.start
            return format_number(value, "decimal" if level.legal and k < ilvl else lv.fmt)

        label = re.sub(r"%(\d)", sub, level.text).strip()
        return label or None


def _styles(root: ET.Element | None) -> dict[str, Style]:
    styles: dict[str, Style] = {}
    if root is None:
        return styles
    for st in root.iter(W + "style"):
        if st.get(W + "type") not in (None, "paragraph"):
            continue
        ppr = st.find(W + "pPr")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        styles[st.get(W + "styleId", "")] = Style(
            name=(_val(st, "name") or "").lower(),
            based_on=_val(st, "basedOn"),
            num_id=_val(numpr, "numId"),
            ilvl=_int(_val(numpr, "ilvl"), 0) if _val(numpr, "ilvl") is not None else None,
            outline=_int(_val(ppr, "outlineLvl"), 9) if _val(ppr, "outlineLvl") else None,
        )
    return styles


def _chain(style_id: str | None, styles: dict[str, Style]) -> list[str]:
    """Return the style and the styles it is based on, nearest first."""
    out: list[str] = []
    while style_id and style_id not in out and len(out) < 12:
        out.append(style_id)
        style = styles.get(style_id)
        style_id = style.based_on if style else None
    return out


def paragraph_text(p: ET.Element) -> str:
    """Return the visible text of a paragraph (tracked deletions and field codes left out)."""
    parts: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == _T:
            if el.text:
                parts.append(el.text)
        elif tag == _TAB:
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _NBH:
            parts.append("-")
    return "".join(parts)


def _content(container: ET.Element) -> Iterator[ET.Element]:
    """Yield the paragraphs and tables of a body or cell, looking inside content controls."""
    for child in container:
        tag = child.tag
        if tag in (_P, _TBL):
            yield child
        elif tag == _SDT:
            inner = child.find(W + "sdtContent")
            if inner is not None:
                yield from _content(inner)
        elif tag in (W + "customXml", W + "ins", W + "smartTag"):
            yield from _content(child)


class _DocxWalker:
    def __init__(self, styles: dict[str, Style], numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.builder = BlockBuilder()

    def _label_and_kind(self, p: ET.Element) -> tuple[str | None, bool]:
        ppr = p.find(W + "pPr")
        style_id = _val(ppr, "pStyle")
        chain = _chain(style_id, self.styles)
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id = _val(numpr, "numId")
        ilvl_text = _val(numpr, "ilvl")
        ilvl = _int(ilvl_text, 0) if ilvl_text is not None else None
        outline = _int(_val(ppr, "outlineLvl"), 9) if _val(ppr, "outlineLvl") else None
        heading = False
        for sid in chain:
            style = self.styles.get(sid)
            if style is None:
                continue
            if num_id is None and style.num_id is not None:
                num_id = style.num_id
                if ilvl is None:
                    ilvl = style.ilvl
            if outline is None and style.outline is not None:
                outline = style.outline
            if style.name.startswith("heading") or style.name in ("title", "subtitle"):
                heading = True
        if outline is not None and outline < 9:
            heading = True
        label = None
        if num_id is not None and num_id != "0":
            if ilvl is None:
                ilvl = self.numbering.level_for_style(num_id, chain)
            label = self.numbering.next_label(num_id, ilvl, self.styles)
        return label, heading

    def body(self, root: ET.Element) -> None:
        body = root.find(W + "body")
        if body is None:
            raise DocumentError("word/document.xml has no body")
        for el in _content(body):
            if el.tag == _P:
                self.paragraph(el)
            else:
                self.table(el)

    def paragraph(self, p: ET.Element, kind: BlockKind = "paragraph") -> None:
        label, heading = self._label_and_kind(p)
        text = paragraph_text(p)
        if kind != "paragraph":
            self.builder.add(text, kind)
            return
        if label is None:
            self.builder.add_typed(text, "heading" if heading else "paragraph")
        elif label == "•":
            self.builder.add(text, "paragraph", label)
        else:
            if not heading and not label[:1].isdigit():
                # "Článek %1" on a body style is still an article heading.
                heading = split_label(f"{label} {' '.join(text.split())}")[2]
            self.builder.add(text, "heading" if heading else "paragraph", label)

    def _cell_text(self, tc: ET.Element) -> str:
        parts: list[str] = []
        for el in _content(tc):
            if el.tag == _P:
                self._label_and_kind(el)  # keeps list counters in step with Word
                parts.append(paragraph_text(el))
            else:
                for tr in el.iter(_TR):
                    parts.extend(self._cell_text(tc2) for tc2 in tr.findall(_TC))
        return " ".join(" ".join(parts).split())

    def table(self, tbl: ET.Element) -> None:
        number = self.builder.new_table()
        for r, tr in enumerate(tbl.findall(_TR), start=1):
            cells = [self._cell_text(tc) for tc in tr.findall(_TC)]
            row = " | ".join(c for c in cells if c)
            if row:
                self.builder.add(row, "table", table=(number, r))

    def header_footer(self, root: ET.Element, kind: BlockKind, seen: set[str]) -> None:
        for el in _content(root):
            paragraphs = [el] if el.tag == _P else list(el.iter(_P))
            for p in paragraphs:
                text = " ".join(paragraph_text(p).split())
                if text and text not in seen:
                    seen.add(text)
                    self.builder.add(text, kind)


def _main_part(package: zipfile.ZipFile, name: str, limits: ReadLimits) -> str:
    rels = read_part(package, "_rels/.rels", name, limits)
    if rels is not None:
        root = parse_xml(rels, "_rels/.rels", name, limits.max_xml_depth)
        for rel in root.iter(_REL + "Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                target = posixpath.normpath(rel.get("Target", "").lstrip("/"))
                if target in package.namelist():
                    return target
    if "word/document.xml" in package.namelist():
        return "word/document.xml"
    mimetype = read_part(package, "mimetype", name, limits) or b""
    if b"opendocument" in mimetype:
        raise DocumentError(
            f"{name}: this is an OpenDocument file (.odt), not a Word .docx. Save it as .docx "
            f"(File › Save As › Word) or export it as PDF, and check that file."
        )
    raise DocumentError(
        f"{name}: a zip package but not a Word document (no word/document.xml). "
        f"Save the contract from Word as .docx, or send a PDF."
    )


def read_docx(data: bytes, name: str, limits: ReadLimits) -> BlockBuilder:
    """Return the blocks of the .docx in `data`: body first, then headers and footers."""
    package = open_package(data, name, limits)
    with package:
        main = _main_part(package, name, limits)
        base = posixpath.dirname(main)
        doc_bytes = read_part(package, main, name, limits)
        assert doc_bytes is not None
        styles_bytes = read_part(package, posixpath.join(base, "styles.xml"), name, limits)
        numbering_bytes = read_part(package, posixpath.join(base, "numbering.xml"), name, limits)
        styles = _styles(
            parse_xml(styles_bytes, "styles.xml", name, limits.max_xml_depth)
            if styles_bytes
            else None
        )
        numbering = Numbering.parse(
            parse_xml(numbering_bytes, "numbering.xml", name, limits.max_xml_depth)
            if numbering_bytes
            else None
        )
        walker = _DocxWalker(styles, numbering)
        try:
            walker.body(parse_xml(doc_bytes, main, name, limits.max_xml_depth))
        except DocumentError as exc:
            if str(exc).startswith(name):
                raise
            raise DocumentError(f"{name}: {exc}") from exc
        seen: set[str] = set()
        parts = [n for n in package.namelist() if _HF_RE.match(n)]
        for part in sorted(parts, key=lambda n: ("footer" in n, n)):
            part_bytes = read_part(package, part, name, limits)
            if part_bytes:
                kind: BlockKind = "header" if "header" in part else "footer"
                walker.header_footer(
                    parse_xml(part_bytes, part, name, limits.max_xml_depth), kind, seen
                )
    return walker.builder


__all__ = ["format_number", "paragraph_text", "read_docx", "split_label"]
