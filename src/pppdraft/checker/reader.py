"""Reading any contract the checker accepts (.docx, text-based .pdf, .txt, .md) into blocks.

Every way a file can be wrong ends in a DocumentError that says what is wrong and what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pppdraft.checker.blocks import Block, BlockBuilder, DocumentText, Lang
from pppdraft.checker.docx_reader import read_docx
from pppdraft.checker.language import detect_language
from pppdraft.checker.limits import ReadLimits, megabytes
from pppdraft.checker.pdf_reader import read_pdf
from pppdraft.checker.plain_reader import decode_text, read_markdown, read_plain
from pppdraft.errors import DocumentError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")
_TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", "")
_ACCEPTED = ".docx, text-based .pdf, .txt or .md"


def _too_big(name: str, size: int, limits: ReadLimits) -> DocumentError:
    return DocumentError(
        f"{name}: the file is {megabytes(size)}, more than the {megabytes(limits.max_file_bytes)} "
        f"the checker reads. Remove images and annexes that are not contract text, or split "
        f"the document (the limit is set by PPPDRAFT_MAX_DOCUMENT_MB)."
    )


def _too_many_chars(name: str, limits: ReadLimits) -> DocumentError:
    return DocumentError(
        f"{name}: more than {limits.max_chars:,} characters of text, the most the checker "
        f"reads; check the contract part on its own."
    )


def _check_sizes(blocks: tuple[Block, ...], name: str, limits: ReadLimits) -> None:
    """Refuse a document whose text, or one paragraph of it, is over the limits; this runs
    before any text processing, so the cost of what follows stays bounded."""
    total = 0
    for block in blocks:
        size = len(block.text) + len(block.label or "")
        total += size
        if size > limits.max_block_chars:
            raise DocumentError(
                f"{name}: one paragraph is {size:,} characters long, more than the "
                f"{limits.max_block_chars:,} the checker reads in a paragraph (a contract's "
                f"paragraphs are a few thousand). If the text has no line breaks, save it "
                f"with one paragraph per line."
            )
    if total > limits.max_chars:
        raise _too_many_chars(name, limits)


def _ole_error(data: bytes, name: str) -> DocumentError:
    if "EncryptedPackage".encode("utf-16-le") in data or b"EncryptedPackage" in data:
        return DocumentError(
            f"{name}: the document is password-protected (encrypted), so it cannot be read. "
            f"Remove the password in Word (File › Info › Protect Document › Encrypt with "
            f"Password, clear it), save, and check it again."
        )
    return DocumentError(
        f"{name}: this is an old binary Office file (Word 97–2003 .doc or similar), not a "
        f".docx. Open it in Word or LibreOffice and save it as .docx, then check that file."
    )


def read_bytes(
    data: bytes, name: str, *, limits: ReadLimits | None = None, lang: Lang | None = None
) -> DocumentText:
    """Return the document in `data`; `name` (the file name) picks the format and names errors."""
    limits = limits or ReadLimits.from_env()
    if len(data) > limits.max_file_bytes:
        raise _too_big(name, len(data), limits)
    suffix = Path(name).suffix.lower()
    fmt: Literal["docx", "pdf", "txt", "md"]
    if data.startswith(_ZIP_MAGIC):
        fmt = "docx"
        builder = read_docx(data, name, limits)
    elif data.startswith(_OLE_MAGIC):
        raise _ole_error(data, name)
    elif data.lstrip()[:5] == b"%PDF-" or (suffix == ".pdf" and b"%PDF-" in data[:1024]):
        # A PDF may carry some junk before its header; a text file that merely mentions
        # "%PDF-" near its start is still text.
        fmt = "pdf"
        builder = read_pdf(data, name, limits)
    elif suffix in _WORD_SUFFIXES:
        raise DocumentError(
            f"{name}: not a Word .docx: the file is not a zip package, which every .docx is "
            f"(it may be another format renamed, damaged, or only partly downloaded). Save it "
            f"from Word as .docx again, or check a PDF of it."
        )
    elif suffix == ".pdf":
        raise DocumentError(
            f"{name}: not a PDF (the file does not start like one; it may be damaged or "
            f"renamed). Export the PDF again, or check the .docx."
        )
    elif data.lstrip()[:5] == b"{\\rtf":
        raise DocumentError(f"{name}: an RTF file. Save it as .docx and check that file.")
    elif suffix in _TEXT_SUFFIXES or suffix not in (".doc", ".odt", ".rtf", ".pages"):
        if len(data) > 4 * limits.max_chars:  # UTF-8 spends at most 4 bytes a character
            raise _too_many_chars(name, limits)
        text = decode_text(data, name)
        if len(text) > limits.max_chars:
            raise _too_many_chars(name, limits)
        builder = BlockBuilder()
        if suffix in (".md", ".markdown"):
            fmt = "md"
            read_markdown(text, builder)
        else:
            fmt = "txt"
            read_plain(text, builder)
    else:
        raise DocumentError(f"{name}: the checker cannot read '{suffix}' files; use {_ACCEPTED}.")
    blocks = tuple(builder.blocks)
    _check_sizes(blocks, name, limits)
    if not any(b.text.strip() for b in blocks):
        raise DocumentError(
            f"{name}: the document contains no text to check. If it is a scan, get the "
            f".docx or run OCR first."
        )
    language = lang or detect_language(b.text for b in blocks)
    return DocumentText(name=name, format=fmt, blocks=blocks, language=language)


def read_document(
    path: Path | str, *, limits: ReadLimits | None = None, lang: Lang | None = None
) -> DocumentText:
    """Return the document at `path` read into blocks; refuse it with a DocumentError if unfit."""
    path = Path(path)
    limits = limits or ReadLimits.from_env()
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise _too_big(path.name, size, limits)
        with path.open("rb") as fh:
            data = fh.read(limits.max_file_bytes + 1)
    except IsADirectoryError as exc:
        raise DocumentError(f"{path}: is a folder; give a contract file ({_ACCEPTED}).") from exc
    except FileNotFoundError as exc:
        raise DocumentError(f"{path}: no such file. Check the path and the file name.") from exc
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({exc.strerror}).") from exc
    return read_bytes(data, path.name, limits=limits, lang=lang)
