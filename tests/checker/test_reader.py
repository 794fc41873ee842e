"""Reading documents: paragraphs in order, Word list numbers rebuilt, tables, headers and
footers, PDF text, plain text and Markdown, and the language of each document."""

from __future__ import annotations

from pathlib import Path

import pytest

from pppdraft.checker import check_text, read_bytes, read_document
from pppdraft.checker.docx_reader import format_number
from pppdraft.checker.report import describe_location

from .corpus import LabelledDocument
from .corpus_docx import long_contract_markdown, markdown_to_docx
from .hostile import minimal_docx, paragraph
from .libreoffice import convert_to_pdf

NUMBERING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:abstractNum w:abstractNumId="1">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
    '<w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="1"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>'
    "</w:numbering>"
)


def numbered(text: str, num_id: int, ilvl: int = 0) -> str:
    return (
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        f"</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
    )


def labels(path_or_doc: Path) -> list[tuple[str | None, str]]:
    doc = read_document(path_or_doc)
    return [(b.label, b.text) for b in doc.blocks if b.kind in ("paragraph", "heading")]


def test_word_numbering_is_rebuilt_like_word_counts_it() -> None:
    body = "".join(
        [
            numbered("Obec vlastní data.", 1),
            numbered("Dodavatel smí data užívat:", 1),
            numbered("k provozu,", 1, 1),
            numbered("k údržbě.", 1, 1),
            # Another list instance of the same abstract list continues the count …
            numbered("Třetí odstavec.", 2),
            # … unless it restarts with startOverride.
            numbered("Nový seznam.", 3),
            numbered("Odrážka bez čísla.", 4),
        ]
    )
    doc = read_bytes(minimal_docx(body, {"word/numbering.xml": NUMBERING}), "n.docx")
    got = [(b.label, b.parent) for b in doc.blocks]
    assert got == [
        ("1", None),
        ("2", None),
        ("a)", "2"),
        ("b)", "2"),
        ("3", None),
        ("1", None),
        ("•", "1"),  # a bullet belongs to the numbered paragraph above it
    ]
    assert describe_location(doc.blocks[3], "cs") == "2 b)"


def test_numbering_reconstruction_matches_the_numbers_typed_in_the_sources(
    corpus: list[LabelledDocument], corpus_docx: dict[str, Path]
) -> None:
    # Odd documents carry numbering through styles, even ones directly on paragraphs.
    for doc in corpus:
        assert labels(corpus_docx[doc.name]) == labels(doc.path), doc.name


def test_tables_headers_and_footers_are_read(corpus_docx: dict[str, Path]) -> None:
    doc = read_document(corpus_docx["en-01-city-template.md"])
    rows = [b for b in doc.blocks if b.kind == "table"]
    assert rows[1].text == "OVH SAS | Roubaix, France | hosting"
    assert rows[1].table == (1, 2)
    assert describe_location(rows[1], "en") == (
        "Schedule 4 Approved sub-processors – table 1, row 2"
    )
    assert [(b.kind, b.text) for b in doc.blocks if b.kind in ("header", "footer")] == [
        ("header", "Data Services Agreement — City of Brno"),
        ("footer", "Page"),
    ]
    # Body paragraphs come first, so paragraph numbers are those of the body.
    assert doc.blocks[-1].kind in ("header", "footer")


def test_tracked_deletions_and_field_codes_are_not_text() -> None:
    body = (
        "<w:p><w:r><w:t>Obec </w:t></w:r>"
        "<w:del><w:r><w:delText>nevlastní</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>vlastní</w:t></w:r></w:ins>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText> PAGE </w:instrText></w:r>"
        "<w:r><w:t> data</w:t><w:tab/><w:t>a databáze.</w:t></w:r></w:p>"
        "<w:sdt><w:sdtContent>" + paragraph("Text v ovládacím prvku.") + "</w:sdtContent></w:sdt>"
    )
    doc = read_bytes(minimal_docx(body), "t.docx")
    assert [b.text for b in doc.blocks] == [
        "Obec vlastní data a databáze.",
        "Text v ovládacím prvku.",
    ]


def test_markdown_front_matter_is_not_contract_text(corpus: list[LabelledDocument]) -> None:
    doc = read_document(corpus[0].path)
    assert not any("header:" in b.text for b in doc.blocks)
    assert doc.blocks[0].kind == "heading"


def test_plain_text_joins_wrapped_lines_and_splits_numbered_ones(tmp_path: Path) -> None:
    text = (
        "Článek 3 Přístup k datům\n"
        "3.1 Obec má po celou dobu trvání smlouvy přístup ke všem datům prostřednictvím\n"
        "dokumentovaného aplikačního rozhraní (API) a hromadného stažení dat, a to\n"
        "bezplatně.\n"
        "3.2 Data se předávají ve formátu CSV.\n"
        "a) denně,\n"
        "b) na žádost.\n"
    )
    path = tmp_path / "smlouva.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    assert [(b.kind, b.label, b.parent) for b in doc.blocks] == [
        ("heading", "Článek 3", None),
        ("paragraph", "3.1", None),
        ("paragraph", "3.2", None),
        ("paragraph", "a)", "3.2"),
        ("paragraph", "b)", "3.2"),
    ]
    assert doc.blocks[1].text.endswith("hromadného stažení dat, a to bezplatně.")
    assert describe_location(doc.blocks[3], "cs") == "3.2 a)"


def test_windows_1250_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "stary.txt"
    path.write_bytes("Obec vlastní veškerá data a databáze.".encode("cp1250"))
    assert read_document(path).blocks[0].text == "Obec vlastní veškerá data a databáze."


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Dodavatel se zavazuje předat Obci všechna data do 30 dnů.", "cs"),
        ("The Supplier shall hand over all data to the City within 30 days.", "en"),
        ("Smlouva o dílo. The parties agree. Smluvní strany se dohodly na této smlouvě.", "cs"),
    ],
)
def test_language_is_detected_per_document(text: str, lang: str) -> None:
    assert check_text(text).language == lang


def test_format_number() -> None:
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27)] == ["a", "z", "aa"]
    assert format_number(14, "upperRoman") == "XIV"
    assert format_number(4, "lowerRoman") == "iv"
    assert format_number(7, "decimalZero") == "07"


@pytest.mark.libreoffice
def test_pdf_text_keeps_numbers_and_sets_page_furniture_apart(
    corpus: list[LabelledDocument], tmp_path: Path
) -> None:
    sources = [d.path.read_text(encoding="utf-8") for d in corpus[:4]]
    docx = markdown_to_docx(long_contract_markdown(sources, 6000), tmp_path / "dlouha.docx")
    (pdf,) = convert_to_pdf([docx], tmp_path, tmp_path / "lo-profile")
    from_docx = [lab for lab, _ in labels(docx) if lab]
    from_pdf = [lab for lab, _ in labels(pdf) if lab]
    assert from_pdf == from_docx
    doc = read_document(pdf)
    assert ("header", "Dlouhá smlouva") in [(b.kind, b.text) for b in doc.blocks]
    assert doc.format == "pdf"
    body = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert not any(t == "Dlouhá smlouva" for t in body)
