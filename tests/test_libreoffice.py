"""LibreOffice converts every built contract; the PDF shows Word-style numbering and pages."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from testkit import SCENARIOS, load_scenario, require_tool, scenario_files

import pppdraft
from pppdraft.render.pdf import convert_to_pdf

pytestmark = pytest.mark.libreoffice


def pdf_text(pdf: Path) -> str:
    pdftotext = require_tool("pdftotext")
    done = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


# Every worked scenario of every contract type, in both languages.
CASES = [(p.parent.name, p.stem, lang) for p in scenario_files() for lang in ("cs", "en")]


@pytest.mark.parametrize(("contract_type", "stem", "lang"), CASES)
def test_converts_to_a_numbered_pdf(
    contract_type: str, stem: str, lang: str, output_dir: Path
) -> None:
    require_tool("soffice")
    raw = load_scenario(SCENARIOS / contract_type / f"{stem}.yaml")
    draft = pppdraft.build(contract_type, raw, lang)
    folder = output_dir / "documents"
    docx_path, _ = pppdraft.render_docx(draft).save(folder / f"{contract_type}-{stem}-{lang}.docx")
    pdf = convert_to_pdf(docx_path)
    text = pdf_text(pdf)
    label = "Článek" if lang == "cs" else "Article"
    for article in draft.articles:
        assert f"{label} {article.number}" in text, article.title
    # sub-clause and point numbers come from the Word list, exactly as the Draft computed them
    for article in draft.articles:
        for p in article.paragraphs:
            if p.kind == "numbered":
                assert f"{p.number}" in text
    assert "a)" in text
    assert raw["municipality"]["name"] in text
    for part in draft.parts:  # every annex, e.g. the filled processing annex, reaches the PDF
        if part.kind == "annex":
            assert part.title.split(" – ")[0] in text, part.title
    pages = page_count(pdf)
    assert pages >= 5
    record = output_dir / "page-counts.txt"
    with record.open("a", encoding="utf-8") as out:
        out.write(f"{contract_type}/{stem} {lang}: {pages} pages\n")
