"""LibreOffice for the tests: found or skipped (never skipped under CI=true), and converting
with a profile folder of its own so parallel conversions do not fail silently."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "") == "true"


def soffice_path() -> str:
    """Return soffice; skip without it, except under CI=true where that is a failure."""
    found = shutil.which("soffice")
    if found:
        return found
    if IN_CI:
        pytest.fail("soffice (LibreOffice) is required under CI=true")
    pytest.skip("soffice (LibreOffice) is not installed")


def convert_to_pdf(files: list[Path], outdir: Path, profile: Path) -> list[Path]:
    """Convert .docx files to PDF with LibreOffice, using its own profile folder."""
    soffice = soffice_path()
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return [outdir / f"{f.stem}.pdf" for f in files]
