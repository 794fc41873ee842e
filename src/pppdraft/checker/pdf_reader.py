"""Reading a text-based PDF with pypdf: page text to paragraphs, repeated page furniture apart."""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections import Counter
from typing import TYPE_CHECKING

from pppdraft.checker.blocks import BlockBuilder
from pppdraft.checker.limits import ReadLimits
from pppdraft.checker.plain_reader import LineAssembler, typical_width
from pppdraft.errors import DocumentError, excerpt

if TYPE_CHECKING:
    from pypdf import PdfReader

_DIGITS_RE = re.compile(r"\d+")
_MIN_TEXT = 40


def _opens_without_password(reader: PdfReader) -> bool:
    """Return whether an encrypted PDF opens with the empty user password (owner-only
    protection); any failure to decrypt (an unknown or unsupported scheme) counts as no."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # DependencyError, NotImplementedError, PdfReadError …
        return False


def _page_texts(data: bytes, name: str, limits: ReadLimits) -> list[str]:
    try:
        from pypdf import PdfReader
    except ImportError as exc:  # pragma: no cover - pypdf is a dependency
        raise DocumentError(f"{name}: reading PDF needs the pypdf package; install it.") from exc
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            # A damaged PDF makes pypdf warn; the checker reports what it could read.
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not _opens_without_password(reader):
                raise DocumentError(
                    f"{name}: the PDF is password-protected. Save an unprotected copy (or the "
                    f".docx) and check that."
                )
            pages = len(reader.pages)
            if pages > limits.max_pdf_pages:
                raise DocumentError(
                    f"{name}: {pages} pages is more than the {limits.max_pdf_pages} the checker "
                    f"reads. Check the contract part on its own."
                )
            texts: list[str] = []
            total = 0
            for page in reader.pages:
                text = page.extract_text() or ""
                total += len(text)
                if total > limits.max_chars:
                    raise DocumentError(
                        f"{name}: more than {limits.max_chars:,} characters of text; check the "
                        f"contract part on its own."
                    )
                texts.append(text)
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many types on hostile input
        raise DocumentError(
            f"{name}: not a readable PDF ({type(exc).__name__}: {excerpt(str(exc))}). Export it "
            f"again from the "
            f"original, or check the .docx."
        ) from exc
    return texts


def read_pdf(data: bytes, name: str, limits: ReadLimits) -> BlockBuilder:
    """Return the blocks of a PDF's text layer; a scan without text is refused."""
    texts = _page_texts(data, name, limits)
    if sum(len(t.strip()) for t in texts) < _MIN_TEXT:
        raise DocumentError(
            f"{name}: the PDF has no text layer (probably a scan or photos of pages), so there "
            f"is nothing to check. Get the .docx or a PDF exported from Word, or run OCR "
            f"first (e.g. `ocrmypdf in.pdf out.pdf`)."
        )
    pages = [[line.strip() for line in t.split("\n")] for t in texts]
    furniture: dict[str, str] = {}
    if len(pages) >= 3:
        counts: Counter[str] = Counter()
        for lines in pages:
            edge = [ln for ln in lines if ln][:2] + [ln for ln in lines if ln][-2:]
            counts.update({_DIGITS_RE.sub("#", ln) for ln in edge})
        repeated = {k for k, c in counts.items() if c >= max(3, 0.6 * len(pages))}
        for lines in pages:
            body = [ln for ln in lines if ln]
            for pos, ln in enumerate(body):
                key = _DIGITS_RE.sub("#", ln)
                if key in repeated and (pos < 2 or pos >= len(body) - 2):
                    furniture.setdefault(key, "header" if pos < 2 else "footer")
    builder = BlockBuilder()
    width = typical_width(ln for lines in pages for ln in lines)
    assembler = LineAssembler(builder, width)
    kept: dict[str, str] = {}
    for lines in pages:
        for ln in lines:
            key = _DIGITS_RE.sub("#", ln)
            if ln and key in furniture:
                kept.setdefault(key, ln)
                continue
            assembler.line(ln)
    assembler.flush()
    for key, ln in kept.items():
        builder.add(ln, "header" if furniture[key] == "header" else "footer")
    return builder
