"""PDF through LibreOffice (headless), each conversion with its own profile."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import RenderError


def soffice_path() -> str | None:
    """Return the LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx: Path, out_dir: Path | None = None, timeout: float = 180) -> Path:
    """Convert a .docx to PDF with LibreOffice and return the PDF's path."""
    return _convert([docx], out_dir or docx.parent, timeout)[0]


# Files per LibreOffice call: one start-up (~1–2 s) serves them all; the limit keeps the
# command line well under the system's argument limit.
FILES_PER_CALL = 200


def convert_many(
    docs: list[Path], out_dir: Path, timeout_per_file: float = 30, strict: bool = False
) -> list[Path]:
    """Convert many .docx files to PDF in as few LibreOffice calls as possible; return the
    PDFs made (a file LibreOffice could not convert is missing, or raises when `strict`)."""
    made: list[Path] = []
    for start in range(0, len(docs), FILES_PER_CALL):
        chunk = docs[start : start + FILES_PER_CALL]
        made += _convert(chunk, out_dir, 60 + timeout_per_file * len(chunk), strict)
    return made


def _convert(docs: list[Path], out_dir: Path, timeout: float, strict: bool = True) -> list[Path]:
    exe = soffice_path()
    if exe is None:
        raise RenderError(
            "LibreOffice is not installed, so no PDF can be made; install the Debian package "
            "libreoffice-writer-nogui (`make test` does it) or leave out --pdf"
        )
    target = out_dir
    target.mkdir(parents=True, exist_ok=True)
    pdfs = [target / (d.stem + ".pdf") for d in docs]
    for stale in pdfs:  # a PDF left from an earlier run must not pass for a new one
        stale.unlink(missing_ok=True)
    # Two conversions sharing a profile make one fail silently: give each its own.
    with tempfile.TemporaryDirectory(prefix="pppdraft-lo-") as profile:
        cmd = [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(target),
            *(str(d) for d in docs),
        ]
        try:
            result = subprocess.run(  # noqa: S603 - fixed argv, no shell
                cmd, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            names = ", ".join(str(d) for d in docs[:3]) + (" …" if len(docs) > 3 else "")
            raise RenderError(f"LibreOffice did not convert {names} within {timeout} s") from None
    made = [p for p in pdfs if p.is_file()]
    if strict and (result.returncode != 0 or len(made) != len(pdfs)):
        raise RenderError(
            f"LibreOffice could not convert {docs[0]} to PDF (exit {result.returncode}): "
            f"{(result.stderr or result.stdout).strip()[:500]}"
        )
    return made
