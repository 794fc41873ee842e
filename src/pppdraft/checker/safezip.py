"""Opening a .docx package without trusting it: sizes checked before anything is unpacked."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import cast
from xml.etree import ElementTree as ET
from xml.parsers import expat

from pppdraft.checker.limits import ReadLimits, megabytes
from pppdraft.errors import DocumentError

_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,  # zipfile raises it for compression methods it lacks
    RuntimeError,
    KeyError,
    IndexError,
    OverflowError,
)
_RESAVE = "Open it in Word or LibreOffice and save it again as .docx, or send a PDF."


def open_package(data: bytes, name: str, limits: ReadLimits) -> zipfile.ZipFile:
    """Return the zip package in `data` after checking its central directory."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except _ZIP_ERRORS as exc:
        raise DocumentError(
            f"{name}: not a readable Word document: a .docx is a zip package and this one is "
            f"damaged or is not a zip at all ({exc}). {_RESAVE}"
        ) from exc
    if len(infos) > limits.max_zip_entries:
        raise DocumentError(
            f"{name}: the package holds {len(infos)} files, more than the "
            f"{limits.max_zip_entries} a Word document has; refused as a possible zip bomb. "
            f"{_RESAVE}"
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_unzipped_bytes:
        raise DocumentError(
            f"{name}: the package would unpack to {megabytes(total)} (limit "
            f"{megabytes(limits.max_unzipped_bytes)}); refused as a possible zip bomb. "
            f"If it is a genuine contract, remove embedded media and save it again."
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > limits.max_ratio:
            raise DocumentError(
                f"{name}: '{info.filename}' in the package is compressed {ratio:.0f}:1, which "
                f"only a zip bomb does; refused. {_RESAVE}"
            )
        if info.flag_bits & 0x1:
            raise DocumentError(
                f"{name}: the package is encrypted. Remove the password in Word "
                f"(File › Info › Protect Document) and save it again."
            )
    return package


def read_part(package: zipfile.ZipFile, part: str, name: str, limits: ReadLimits) -> bytes | None:
    """Return the bytes of `part`, or None if absent; never unpacks more than the limit."""
    try:
        info = package.getinfo(part)
    except KeyError:
        return None
    if info.file_size > limits.max_part_bytes:
        raise DocumentError(
            f"{name}: '{part}' would unpack to {megabytes(info.file_size)}, more than the "
            f"{megabytes(limits.max_part_bytes)} the checker reads. Split the document."
        )
    try:
        with package.open(info) as fh:
            data = fh.read(limits.max_part_bytes + 1)
    except _ZIP_ERRORS as exc:
        raise DocumentError(
            f"{name}: '{part}' in the package is damaged ({exc}). {_RESAVE}"
        ) from exc
    if len(data) > limits.max_part_bytes:
        raise DocumentError(
            f"{name}: '{part}' unpacks to more than {megabytes(limits.max_part_bytes)} although "
            f"the package declared less; refused as a zip bomb."
        )
    return data


class _Doctype(Exception):
    pass


class _FirstElement(Exception):
    pass


def _declares_dtd(data: bytes) -> bool:
    """Return whether the XML in `data` has a DOCTYPE (where entities are declared).

    Expat reads the prolog in whatever encoding it detects (UTF-8, UTF-16 with or without a
    BOM, a declared encoding) exactly as the real parse will, and stops at the first element:
    a DOCTYPE can only come before it.
    """

    def doctype(*_args: object) -> None:
        raise _Doctype

    def first_element(*_args: object) -> None:
        raise _FirstElement

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = first_element
    try:
        parser.Parse(data, True)
    except _Doctype:
        return True
    except (_FirstElement, expat.ExpatError, ValueError):
        return False  # no DTD; a malformed part is reported by the parse itself
    return False


def parse_xml(data: bytes, part: str, name: str, max_depth: int = 256) -> ET.Element:
    """Return the root of an XML part; documents with a DTD or entity declarations, or nested
    deeper than `max_depth` elements, are refused."""
    if _declares_dtd(data):
        raise DocumentError(
            f"{name}: '{part}' declares a DTD or XML entities, which Word never writes and "
            f"which can expand without limit (an 'entity bomb'); refused. {_RESAVE}"
        )
    pull: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    root: ET.Element | None = None
    depth = 0
    chunk = 1 << 20
    try:
        for at in range(0, len(data) + 1, chunk):
            if at < len(data):
                pull.feed(data[at : at + chunk])
            else:
                pull.close()
            for event, element in cast(Iterator[tuple[str, object]], pull.read_events()):
                if event == "start":
                    depth += 1
                    if root is None and isinstance(element, ET.Element):
                        root = element
                    if depth > max_depth:
                        raise DocumentError(
                            f"{name}: '{part}' nests elements more than {max_depth} levels "
                            f"deep, which no Word document does; refused. {_RESAVE}"
                        )
                else:
                    depth -= 1
    except (ET.ParseError, ValueError) as exc:
        raise DocumentError(f"{name}: '{part}' is not well-formed XML ({exc}). {_RESAVE}") from exc
    if root is None:
        raise DocumentError(f"{name}: '{part}' is not well-formed XML (no element). {_RESAVE}")
    return root
