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
    exe = soffice_path()
    if exe is None:
        raise RenderError(
            "LibreOffice is not installed, so no PDF can be made; install the Debian package "
            "libreoffice-writer-nogui (`make test` does it) or leave out --pdf"
        )
    target = out_dir or docx.parent
    target.mkdir(parents=True, exist_ok=True)
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
            str(docx),
        ]
        try:
            result = subprocess.run(  # noqa: S603 - fixed argv, no shell
                cmd, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise RenderError(f"LibreOffice did not convert {docx} within {timeout} s") from None
    pdf = target / (docx.stem + ".pdf")
    if result.returncode != 0 or not pdf.is_file():
        raise RenderError(
            f"LibreOffice could not convert {docx} to PDF (exit {result.returncode}): "
            f"{(result.stderr or result.stdout).strip()[:500]}"
        )
    return pdf
