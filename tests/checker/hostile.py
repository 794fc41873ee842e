"""Builders of hostile files: each one is something an official might upload by mistake, or
an attacker on purpose. All are made in memory or in a tmp folder; none is committed."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from PIL import Image

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def document_xml(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    )


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def minimal_docx(body_xml: str, extra: dict[str, bytes | str] | None = None) -> bytes:
    """Return a .docx holding only [Content_Types].xml, word/document.xml and `extra` parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", document_xml(body_xml))
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(path: Path, unpacked_mb: int = 300) -> Path:
    """Write a .docx whose document.xml unpacks to `unpacked_mb` MB (a few hundred KB packed)."""
    chunk = b"<w:p/>" * (1024 * 1024 // 6)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(f'<w:document xmlns:w="{W_NS}"><w:body>'.encode())
            for _ in range(unpacked_mb):
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")
    return path


def entity_bomb_docx() -> bytes:
    """Return a .docx whose document.xml is a "billion laughs" entity bomb."""
    entities = ['<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        entities.append(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">')
    xml = (
        '<?xml version="1.0"?>\n<!DOCTYPE w:document [' + "".join(entities) + "]>"
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", xml)
    return buffer.getvalue()


def cfb_container(stream_names: list[str]) -> bytes:
    """Return an OLE compound file (CFB) with a directory holding `stream_names`.

    This is the container Word writes for a password-protected .docx ("EncryptionInfo",
    "EncryptedPackage") and for an old .doc ("WordDocument"); the streams are empty.
    """
    sector = 512
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)  # minor, major v3, LE, 512 B
    struct.pack_into("<H", header, 32, 6)  # mini sector shift
    struct.pack_into("<I", header, 44, 1)  # number of FAT sectors
    struct.pack_into("<I", header, 48, 1)  # first directory sector
    struct.pack_into("<I", header, 56, 4096)  # mini stream cutoff
    struct.pack_into("<I", header, 60, 0xFFFFFFFE)  # no mini FAT
    struct.pack_into("<I", header, 68, 0xFFFFFFFE)  # no DIFAT sectors
    struct.pack_into("<I", header, 76, 0)  # FAT lives in sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<III", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFE)
    directory = bytearray(sector)
    for n, name in enumerate(["Root Entry", *stream_names][:4]):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le")
        entry[0 : len(encoded)] = encoded
        struct.pack_into("<H", entry, 64, len(encoded) + 2)
        entry[66] = 5 if n == 0 else 2  # root storage / stream
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        struct.pack_into("<I", entry, 116, 0xFFFFFFFE)
        directory[n * 128 : (n + 1) * 128] = entry
    return bytes(header + fat + directory)


def scanned_pdf(path: Path) -> Path:
    """Write a PDF with two pages that are only images (a scan without OCR)."""
    pages = [Image.new("RGB", (1240, 1754), "white") for _ in range(2)]
    for page in pages:
        for y in range(200, 1500, 40):
            for x in range(150, 1100):
                page.putpixel((x, y), (20, 20, 20))
    pages[0].save(path, "PDF", resolution=150.0, save_all=True, append_images=pages[1:])
    return path


def encrypted_pdf(path: Path) -> Path:
    """Write a text PDF that needs a password to open."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="tajne", owner_password="tajne-vlastnik")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def _pdf_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in "()\\":
            out.append("\\" + ch)
        elif ord(ch) < 32 or ord(ch) > 126:
            out.append(f"\\{ord(ch):03o}")
        else:
            out.append(ch)
    return "".join(out)


def text_pdf(lines: list[str]) -> bytes:
    """Return a one-page PDF whose text layer is `lines` (Latin-1 text, Helvetica)."""
    shown = " ".join(f"({_pdf_string(line)}) '" for line in lines)
    content = f"BT /F1 11 Tf 72 780 Td 14 TL {shown} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        pdf += b"%010d 00000 n \n" % offset
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def aes_encrypted_pdf(data: bytes, user_password: str) -> bytes:
    """Return the PDF in `data` encrypted with AES-256 (empty user password: opens freely)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="vlastnik", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def utf16_entity_bomb_docx(levels: int = 9) -> bytes:
    """Return a .docx whose document.xml is a "billion laughs" bomb in UTF-16 without a BOM."""
    entities = ['<!ENTITY lol0 "lol">']
    for i in range(1, levels + 1):
        entities.append(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">')
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE w:document ['
        + "".join(entities)
        + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol{levels};</w:t></w:r>'
        "</w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", xml.encode("utf-16-le"))  # no BOM
    return buffer.getvalue()


def deeply_nested_docx(depth: int = 20_000) -> bytes:
    """Return a .docx whose body nests content controls `depth` levels deep (under 1 MB)."""
    body = (
        "<w:sdt><w:sdtContent>" * depth
        + paragraph("Obec vlastní veškerá data.")
        + "</w:sdtContent></w:sdt>" * depth
    )
    return minimal_docx(body)


def numbering_bomb_docx(fmt: str, start: str) -> bytes:
    """Return a .docx whose list starts at `start` in number format `fmt` (e.g. upperRoman)."""
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W_NS}">'
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1)"/>'
        '</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        "</w:numbering>"
    )
    item = (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        "<w:r><w:t>Obec vlastní veškerá data vzniklá plněním smlouvy.</w:t></w:r></w:p>"
    )
    return minimal_docx(item * 3, {"word/numbering.xml": numbering})
