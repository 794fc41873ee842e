"""Turning a corpus Markdown file into a real .docx: numbered headings and clauses with Word
list numbering (style-linked or direct), tables, header and footer — as Word would save it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

NumberingMode = Literal["style", "direct"]
NUM_ID = "90"

_HEADING_RE = re.compile(
    r"^##\s+(?:(Článek|Article)\s+([0-9]+|[IVXLC]+)|([0-9]+)\.)\s*[—–-]?\s*(.*)$"
)
_CLAUSE_RE = re.compile(r"^(\d+)\.(\d+)\.?\s+(.*)$")
_PARA_RE = re.compile(r"^(\d+)\.\s+(.*)$")
_POINT_RE = re.compile(r"^([a-z])\)\s+(.*)$")


def _el(tag: str, **attrs: str) -> object:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def _num_pr(ilvl: int | None, num_id: str = NUM_ID) -> object:
    num_pr = _el("w:numPr")
    if ilvl is not None:
        num_pr.append(_el("w:ilvl", val=str(ilvl)))  # type: ignore[attr-defined]
    num_pr.append(_el("w:numId", val=num_id))  # type: ignore[attr-defined]
    return num_pr


def _roman_value(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for ch, nxt in zip(text, [*text[1:], ""], strict=True):
        v = values[ch]
        total += -v if nxt and values[nxt] > v else v
    return total


def _add_numbering(
    doc: object, article_text: str, article_fmt: str, para_text: str, start: int
) -> None:
    numbering = doc.part.numbering_part.element  # type: ignore[attr-defined]
    absn = _el("w:abstractNum", abstractNumId=NUM_ID)
    absn.append(_el("w:multiLevelType", val="multilevel"))  # type: ignore[attr-defined]
    for ilvl, (fmt, text, style) in enumerate(
        [
            (article_fmt, article_text, "Heading1"),
            ("decimal", para_text, "ClauseText"),
            ("lowerLetter", "%3)", "ClausePoint"),
        ]
    ):
        lvl = _el("w:lvl", ilvl=str(ilvl))
        for child in (
            _el("w:start", val=str(start if ilvl == 0 else 1)),
            _el("w:numFmt", val=fmt),
            _el("w:pStyle", val=style),
            _el("w:lvlText", val=text),
            _el("w:lvlJc", val="left"),
        ):
            lvl.append(child)  # type: ignore[attr-defined]
        absn.append(lvl)  # type: ignore[attr-defined]
    numbering.insert(0, absn)
    num = _el("w:num", numId=NUM_ID)
    num.append(_el("w:abstractNumId", val=NUM_ID))  # type: ignore[attr-defined]
    numbering.append(num)


def _style(doc: object, name: str, style_id: str, ilvl: int, mode: NumberingMode) -> object:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)  # type: ignore[attr-defined]
    style.element.set(qn("w:styleId"), style_id)
    style.base_style = doc.styles["Normal"]  # type: ignore[attr-defined]
    if mode == "style":
        style.element.get_or_add_pPr().append(_num_pr(ilvl))
    return style


def markdown_to_docx(md: str, path: Path, mode: NumberingMode = "style") -> Path:
    """Write the corpus Markdown `md` as a .docx at `path`; return the path."""
    lines = md.split("\n")
    meta: dict[str, str] = {}
    if lines[0].strip() == "---":
        end = lines.index("---", 1)
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
        lines = lines[end + 1 :]
    doc = Document()
    first_heading = next((m for m in map(_HEADING_RE.match, lines) if m), None)
    article_word = first_heading.group(1) if first_heading else None
    roman = bool(first_heading and first_heading.group(2) and not first_heading.group(2).isdigit())
    article_text = f"{article_word} %1" if article_word else "%1."
    uses_plain_paragraphs = any(_PARA_RE.match(ln) and not _CLAUSE_RE.match(ln) for ln in lines)
    start = 1
    if first_heading:
        number = first_heading.group(2) or first_heading.group(3)
        start = _roman_value(number) if roman else int(number)
    _add_numbering(
        doc,
        article_text,
        "upperRoman" if roman else "decimal",
        "%2." if uses_plain_paragraphs else "%1.%2",
        start,
    )
    clause = _style(doc, "Clause Text", "ClauseText", 1, mode)
    point = _style(doc, "Clause Point", "ClausePoint", 2, mode)
    heading1 = doc.styles["Heading 1"]
    if mode == "style":
        # Level 0 is found through the level's pStyle link: no ilvl on the style.
        heading1.element.get_or_add_pPr().append(_num_pr(None))

    def numbered(text: str, style: object, ilvl: int) -> None:
        p = doc.add_paragraph(text, style=style)
        if mode == "direct":
            p._p.get_or_add_pPr().append(_num_pr(ilvl))

    table = None
    for raw in lines:
        line = raw.strip()
        if not line:
            table = None
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                continue
            if table is None:
                table = doc.add_table(rows=0, cols=len(cells))
                table.style = "Table Grid"
            row = table.add_row().cells
            for cell, text in zip(row, cells, strict=False):
                cell.text = text
            continue
        table = None
        if line.startswith("# "):
            doc.add_paragraph(line[2:], style="Title")
        elif m := _HEADING_RE.match(line):
            numbered(m.group(4), heading1, 0)
        elif line.startswith("## "):
            doc.add_paragraph(line[3:], style="Heading 2")
        elif m := _CLAUSE_RE.match(line):
            numbered(m.group(3), clause, 1)
        elif m := _PARA_RE.match(line):
            numbered(m.group(2), clause, 1)
        elif m := _POINT_RE.match(line):
            numbered(m.group(2), point, 2)
        else:
            doc.add_paragraph(line)
    section = doc.sections[0]
    if meta.get("header"):
        section.header.paragraphs[0].text = str(meta["header"])
    if meta.get("footer"):
        section.footer.paragraphs[0].text = str(meta["footer"])
    doc.save(str(path))
    return path


_ANY_HEADING_RE = re.compile(
    r"^##\s+(?:(?:Článek|Article)\s+(?:[0-9]+|[IVXLC]+)|[0-9]+\.)\s*[—–-]?\s*(.*)$"
)


def long_contract_markdown(sources: list[str], min_words: int) -> str:
    """Return one long contract made of the corpus texts `sources`, repeated until it has at
    least `min_words` words, with articles renumbered 1, 2, 3 … and clauses to match."""
    body: list[str] = ["# Smlouva o poskytování služeb a o datech (dlouhé znění)"]
    article = 0
    words = 0
    while words < min_words:
        for source in sources:
            text = source.split("---", 2)[2] if source.startswith("---") else source
            for line in text.split("\n"):
                if m := _ANY_HEADING_RE.match(line):
                    article += 1
                    body.append(f"## Článek {article} — {m.group(1)}")
                elif m := _CLAUSE_RE.match(line):
                    body.append(f"{article}.{m.group(2)} {m.group(3)}")
                elif m := _PARA_RE.match(line):
                    body.append(f"{article}.{m.group(1)} {m.group(2)}")
                elif not line.startswith("# "):
                    body.append(line)
                words += len(line.split())
    return "---\nheader: Dlouhá smlouva\nfooter: Strana\n---\n" + "\n".join(body) + "\n"
