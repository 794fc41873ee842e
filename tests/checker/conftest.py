"""Fixtures of the checker tests: the corpus as Markdown, .docx and PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from .corpus import LabelledDocument, load_corpus
from .corpus_docx import markdown_to_docx
from .libreoffice import convert_to_pdf


@pytest.fixture(scope="session")
def corpus() -> list[LabelledDocument]:
    return load_corpus()


@pytest.fixture(scope="session")
def corpus_docx(
    corpus: list[LabelledDocument], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Every corpus document as .docx; odd ones with style-linked numbering, even ones direct."""
    folder = tmp_path_factory.mktemp("corpus-docx")
    return {
        doc.name: markdown_to_docx(
            doc.path.read_text(encoding="utf-8"),
            folder / f"{doc.path.stem}.docx",
            "style" if i % 2 else "direct",
        )
        for i, doc in enumerate(corpus)
    }


@pytest.fixture(scope="session")
def corpus_pdf(
    corpus_docx: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Every corpus document as a text PDF exported by LibreOffice from its .docx."""
    folder = tmp_path_factory.mktemp("corpus-pdf")
    names = list(corpus_docx)
    pdfs = convert_to_pdf([corpus_docx[n] for n in names], folder, folder / "lo-profile")
    return dict(zip(names, pdfs, strict=True))
