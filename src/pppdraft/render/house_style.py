"""The house style: builds `templates/contract.docx`, the docxtpl frame every contract uses.

Run `python -m pppdraft.render.house_style templates/contract.docx` (or `make template`) after
changing it. The numbering follows the technical facts in docs/architecture.md: ONE
multilevel list whose levels are linked to paragraph styles (article heading → sub-clause →
point), so Word and LibreOffice number the paragraphs from their style alone, sub-levels
restart under each article, and a clause a lawyer inserts in Word is numbered like the rest.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from ..phrases import phrase

FONT = "Calibri"  # metric-compatible Carlito on LibreOffice, so page counts match Word
ARTICLE_LIST = 90  # abstractNum/num ids well above python-docx's default template's
RECITAL_LIST = 91
BULLET_LIST = 92

# style name → (style id used in the XML, numbering level or None)
STYLES = {
    "Contract Title": "ContractTitle",
    "Contract Subtitle": "ContractSubtitle",
    "Draft Notice": "DraftNotice",
    "Party Block": "PartyBlock",
    "Recital": "Recital",
    "Article Heading": "ArticleHeading",
    "Clause": "Clause",
    "Clause Point": "ClausePoint",
    "Clause Body": "ClauseBody",
    "Contract Body": "ContractBody",
    "Contract Bullet": "ContractBullet",
    "Annex Heading": "AnnexHeading",
    "Signature": "Signature",
    "Table Text": "TableText",
}


def _lvl(ilvl: int, fmt: str, text: str, style: str, left: int, hanging: int, suff: str) -> str:
    jc = "center" if ilvl == 0 else "left"
    ind = "" if ilvl == 0 else f'<w:ind w:left="{left}" w:hanging="{hanging}"/>'
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:pStyle w:val="{style}"/><w:suff w:val="{suff}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="{jc}"/>'
        f"<w:pPr>{ind}</w:pPr></w:lvl>"
    )


def _add_numbering(doc: Any) -> None:
    numbering = doc.part.numbering_part.element
    article = (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ARTICLE_LIST}">'
        '<w:multiLevelType w:val="multilevel"/>'
        + _lvl(0, "decimal", phrase("article_label", "cs"), "ArticleHeading", 0, 0, "nothing")
        + _lvl(1, "decimal", "%1.%2", "Clause", 567, 567, "tab")
        + _lvl(2, "lowerLetter", "%3)", "ClausePoint", 1134, 567, "tab")
        + "</w:abstractNum>"
    )
    recital = (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{RECITAL_LIST}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        + _lvl(0, "upperLetter", "(%1)", "Recital", 567, 567, "tab")
        .replace("<w:pPr></w:pPr>", '<w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr>')
        .replace('w:lvlJc w:val="center"', 'w:lvlJc w:val="left"')
        + "</w:abstractNum>"
    )
    bullet = (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{BULLET_LIST}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        '<w:pStyle w:val="ContractBullet"/><w:lvlText w:val="–"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="567" w:hanging="283"/></w:pPr></w:lvl>'
        "</w:abstractNum>"
    )
    first_num = numbering.find(qn("w:num"))
    for xml in (article, recital, bullet):
        element = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)
    for num_id in (ARTICLE_LIST, RECITAL_LIST, BULLET_LIST):
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{num_id}"/></w:num>'
            )
        )


def _paragraph_style(doc: Any, name: str, base: str = "Normal") -> Any:
    styles = doc.styles
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.quick_style = True
    assert style.style_id == STYLES[name], (style.style_id, STYLES[name])
    return style


def _link_numbering(style: Any, num_id: int, ilvl: int) -> None:
    ppr = style.element.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


def build_template(path: Path) -> Path:
    """Write the house-style docxtpl frame to `path` and return it."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    pf = normal.paragraph_format
    pf.space_after = Pt(6)
    pf.line_spacing = 1.1
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.widow_control = True

    _add_numbering(doc)

    s = _paragraph_style(doc, "Contract Title")
    s.font.size, s.font.bold = Pt(16), True
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s.paragraph_format.space_after = Pt(4)
    s.paragraph_format.keep_with_next = True

    s = _paragraph_style(doc, "Contract Subtitle")
    s.font.size = Pt(13)
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s.paragraph_format.space_after = Pt(18)

    s = _paragraph_style(doc, "Draft Notice")
    s.font.size, s.font.italic = Pt(9), True
    s.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    s.paragraph_format.space_after = Pt(12)
    s.element.get_or_add_pPr().append(
        parse_xml(
            f"<w:pBdr {nsdecls('w')}>"
            + "".join(
                f'<w:{side} w:val="single" w:sz="4" w:space="4" w:color="999999"/>'
                for side in ("top", "left", "bottom", "right")
            )
            + "</w:pBdr>"
        )
    )

    s = _paragraph_style(doc, "Party Block")
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    s.paragraph_format.space_after = Pt(10)
    s.paragraph_format.keep_together = True

    s = _paragraph_style(doc, "Recital")
    _link_numbering(s, RECITAL_LIST, 0)

    s = _paragraph_style(doc, "Article Heading")
    s.font.bold = True
    s.font.size = Pt(11.5)
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s.paragraph_format.space_before = Pt(18)
    s.paragraph_format.space_after = Pt(8)
    s.paragraph_format.keep_with_next = True
    s.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
    _link_numbering(s, ARTICLE_LIST, 0)

    s = _paragraph_style(doc, "Clause")
    _link_numbering(s, ARTICLE_LIST, 1)

    s = _paragraph_style(doc, "Clause Point")
    s.paragraph_format.space_after = Pt(3)
    _link_numbering(s, ARTICLE_LIST, 2)

    s = _paragraph_style(doc, "Clause Body")
    s.paragraph_format.left_indent = Cm(1.0)

    s = _paragraph_style(doc, "Contract Body")

    s = _paragraph_style(doc, "Contract Bullet")
    s.paragraph_format.space_after = Pt(3)
    _link_numbering(s, BULLET_LIST, 0)

    s = _paragraph_style(doc, "Annex Heading")
    s.font.bold, s.font.size = True, Pt(13)
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s.paragraph_format.page_break_before = True
    s.paragraph_format.space_after = Pt(12)
    s.paragraph_format.keep_with_next = True
    s.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))

    s = _paragraph_style(doc, "Table Text")
    s.font.size = Pt(9.5)
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    s.paragraph_format.space_after = Pt(2)
    s.paragraph_format.line_spacing = 1.0

    s = _paragraph_style(doc, "Signature")
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    s.paragraph_format.space_after = Pt(0)
    s.paragraph_format.keep_with_next = True

    # --- the frame: plain values, then the body the renderer builds as styled paragraphs --
    doc.add_paragraph("{{ title }}", style="Contract Title")
    doc.add_paragraph("{%p if subtitle %}")
    doc.add_paragraph("{{r subtitle }}", style="Contract Subtitle")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ notice }}", style="Draft Notice")
    doc.add_paragraph("{{p body }}")

    table = doc.add_table(rows=3, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = True
    table.cell(0, 0).text = "{%tr for s in signatories %}"
    left, right = table.cell(1, 0), table.cell(1, 1)
    left.paragraphs[0].text = "{{r s.role }}"
    left.paragraphs[0].style = doc.styles["Signature"]
    p = left.add_paragraph("{{r s.place_label }}", style="Signature")
    p = left.add_paragraph("{{ s.date_label }}", style="Signature")
    right.paragraphs[0].style = doc.styles["Signature"]
    run = right.paragraphs[0].add_run()
    run.add_break()
    run.add_break()
    right.paragraphs[0].add_run("……………………………………………")
    right.add_paragraph("{{r s.party }}", style="Signature")
    right.add_paragraph("{{r s.representative }}", style="Signature")
    p = right.add_paragraph("{{r s.function }}", style="Signature")
    p.paragraph_format.space_after = Pt(18)
    table.cell(2, 0).text = "{%tr endfor %}"
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Cm(7.5), Cm(8.5)
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))

    doc.add_paragraph("{{p annexes }}")

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.style = doc.styles["Footer"]
    footer.add_run("{{ footer }} – ")
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")
    for r in footer.runs:
        r.font.size = Pt(8)

    _trim(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.core_properties.author = "pppdraft"
    doc.core_properties.title = "pppdraft house style"
    doc.save(str(path))
    return path


# Styles the frame and the renderer use, besides the house styles; with the defaults Word
# needs (default paragraph font, normal table, no list) and what they are based on or linked to.
USED_STYLES = {"Normal", "Footer", "TableGrid", "DefaultParagraphFont", "TableNormal", "NoList"}
# Parts of python-docx's default template a contract does not need: Word 2010's copy of the
# styles (438 KB), web settings, a thumbnail and an empty custom XML item.
UNUSED_PARTS = {
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/webSettings",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
}


def _trim(doc: Any) -> None:
    """Drop what python-docx's default template carries and no contract uses: 160 unused
    styles (mostly table styles), the latent-style list and unused parts. Every contract
    copies the template, so each KB here is written (and compressed) on every build."""
    styles = doc.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    by_id = {s.get(qn("w:styleId")): s for s in styles.iterfind(qn("w:style"))}
    keep: set[str] = set()
    todo = [*USED_STYLES, *STYLES.values()]
    while todo:
        style_id = todo.pop()
        if style_id in keep or style_id not in by_id:
            continue
        keep.add(style_id)
        for link in ("w:basedOn", "w:next", "w:link"):
            ref = by_id[style_id].find(qn(link))
            if ref is not None:
                todo.append(ref.get(qn("w:val")))
    for style_id, element in by_id.items():
        if style_id not in keep:
            styles.remove(element)
    for rels in (doc.part.rels, doc.part.package.rels):
        for r_id in [r_id for r_id, rel in rels.items() if rel.reltype in UNUSED_PARTS]:
            rels.pop(r_id)


def _field(paragraph: Any, instr: str) -> None:
    run = paragraph.add_run()
    r = run._r
    r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instr} </w:instrText>'))
    r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    r.append(parse_xml(f"<w:t {nsdecls('w')}>1</w:t>"))
    r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("templates/contract.docx")
    print(build_template(out))
