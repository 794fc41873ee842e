"""Hostile files: each is refused with a DocumentError that says what is wrong and what to
do, in bounded time and memory, and nothing else ever escapes the reader."""

from __future__ import annotations

import contextlib
import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdf  # noqa: F401 - imported (with its crypto backend) before the timed blocks
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pppdraft.checker import ReadLimits, check_document, read_bytes, read_document
from pppdraft.errors import DocumentError, UserInputError

from .hostile import (
    cfb_container,
    encrypted_pdf,
    entity_bomb_docx,
    minimal_docx,
    paragraph,
    scanned_pdf,
    zip_bomb,
)

MAX_SECONDS = 3.0
MAX_PEAK_MB = 60


@contextmanager
def bounded(max_seconds: float = MAX_SECONDS, max_mb: float = MAX_PEAK_MB) -> Iterator[None]:
    """Fail if the block takes longer or allocates more (Python heap peak) than allowed."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < max_seconds, f"took {elapsed:.2f} s"
    assert peak < max_mb * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


def refused(read: Callable[[], object], *phrases: str) -> str:
    with bounded(), pytest.raises(DocumentError) as info:
        read()
    message = str(info.value)
    for phrase in phrases:
        assert phrase.lower() in message.lower(), message
    assert isinstance(info.value, UserInputError) and info.value.exit_code == 2
    return message


def test_a_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "smlouva.docx"
    path.write_bytes(b"Toto je obycejny text prejmenovany na .docx\n" * 20)
    refused(lambda: read_document(path), "smlouva.docx", "not a zip", "save it")


def test_a_damaged_zip(tmp_path: Path) -> None:
    data = minimal_docx(paragraph("Obec vlastní data."))
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    refused(lambda: read_document(path), "cut.docx", "damaged")


def test_a_zip_bomb_is_refused_from_the_central_directory(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "bomb.docx", unpacked_mb=300)
    assert path.stat().st_size < 2 * 1024 * 1024
    refused(lambda: read_document(path), "zip bomb", "unpack")


def test_a_part_over_the_unpack_limit_is_never_decompressed() -> None:
    data = minimal_docx(paragraph("Obec vlastní data. " * 2000))
    limits = ReadLimits(max_part_bytes=10_000)
    refused(lambda: read_bytes(data, "big.docx", limits=limits), "word/document.xml", "split")


def test_an_xml_entity_bomb(tmp_path: Path) -> None:
    path = tmp_path / "laughs.docx"
    path.write_bytes(entity_bomb_docx())
    refused(lambda: read_document(path), "entit", "refused")


def test_python_docx_does_not_expand_the_entity_bomb_either() -> None:
    # The checker parses XML itself; this records what python-docx's parser (used by the
    # renderer) does with the same part: with lxml 6 it does try to expand the entities, and
    # libxml2's amplification limit stops it with an error, quickly and in little memory.
    from docx.oxml.parser import parse_xml
    from lxml import etree

    xml = zipfile.ZipFile(io.BytesIO(entity_bomb_docx())).read("word/document.xml")
    with bounded():
        try:
            text = "".join(parse_xml(xml).itertext())
        except etree.XMLSyntaxError as exc:
            assert "amplification" in str(exc) or "entity" in str(exc).lower()
            text = ""
    assert "lol" * 100 not in text


def test_a_50_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    message = refused(lambda: read_document(path), "50 MB", "20 MB", "PPPDRAFT_MAX_DOCUMENT_MB")
    assert "huge.pdf" in message


def test_the_size_limit_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "contract.txt"
    path.write_text("Obec vlastní veškerá data.\n" * 100_000, encoding="utf-8")
    monkeypatch.setenv("PPPDRAFT_MAX_DOCUMENT_MB", "1")
    refused(lambda: read_document(path), "1.0 MB")
    monkeypatch.setenv("PPPDRAFT_MAX_DOCUMENT_MB", "5")
    assert read_document(path).blocks


def test_a_password_protected_docx(tmp_path: Path) -> None:
    path = tmp_path / "zamcena.docx"
    path.write_bytes(cfb_container(["EncryptionInfo", "EncryptedPackage"]))
    assert path.read_bytes()[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    refused(lambda: read_document(path), "password", "remove the password")


def test_an_old_binary_doc(tmp_path: Path) -> None:
    path = tmp_path / "stara.doc"
    path.write_bytes(cfb_container(["WordDocument", "1Table"]))
    refused(lambda: read_document(path), "97–2003", "save it as .docx")


def test_a_scanned_pdf_without_text(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "sken.pdf")
    refused(lambda: read_document(path), "no text layer", "OCR")


def test_a_password_protected_pdf(tmp_path: Path) -> None:
    path = encrypted_pdf(tmp_path / "heslo.pdf")
    refused(lambda: read_document(path), "password")


def test_an_opendocument_file_is_named_as_such(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    path = tmp_path / "smlouva.odt"
    path.write_bytes(buffer.getvalue())
    refused(lambda: read_document(path), "OpenDocument", ".docx")


def test_a_fake_pdf(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"not a pdf at all" * 10)
    refused(lambda: read_document(path), "not a PDF")


def test_binary_junk_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 40)
    refused(lambda: read_document(path), "binary")


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("   \n\n", encoding="utf-8")
    refused(lambda: read_document(empty), "no text")
    refused(lambda: read_document(tmp_path / "nothere.docx"), "no such file")
    refused(lambda: read_document(tmp_path), "folder")


def test_check_document_refuses_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "laughs.docx"
    path.write_bytes(entity_bomb_docx())
    with pytest.raises(DocumentError):
        check_document(path)


SUFFIXES = ["contract.docx", "contract.pdf", "contract.txt", "contract.md", "contract"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4096), name=st.sampled_from(SUFFIXES))
def test_random_bytes_never_crash_the_reader(data: bytes, name: str) -> None:
    try:
        doc = read_bytes(data, name)
    except DocumentError:
        return
    assert all(block.text for block in doc.blocks)


@settings(max_examples=100, deadline=None)
@given(
    head=st.sampled_from([b"PK\x03\x04", b"%PDF-1.7\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
    tail=st.binary(max_size=2048),
)
def test_random_bytes_behind_a_real_signature_never_crash(head: bytes, tail: bytes) -> None:
    with pytest.raises(DocumentError):
        read_bytes(head + tail, "contract.docx")


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=1, max_value=2000), flip=st.integers(min_value=0, max_value=255))
def test_corrupted_real_docx_never_crashes(cut: int, flip: int) -> None:
    data = bytearray(minimal_docx(paragraph("Obec vlastní veškerá data.") * 5))
    position = cut % len(data)
    data[position] ^= flip
    with contextlib.suppress(DocumentError):
        read_bytes(bytes(data), "contract.docx")
