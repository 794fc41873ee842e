"""`pppdraft check FILE [--format text|json|docx] [-o PATH] [--lang cs|en]` as a plain function.

The Typer app registers `check_command`; it returns the exit code: 0 no red flag, 2 bad
input (unreadable file, bad option), 3 at least one red flag.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import cast

from pppdraft.atomic import write_file
from pppdraft.checker.blocks import Lang
from pppdraft.checker.check import check_document
from pppdraft.checker.memo import render_docx
from pppdraft.checker.report import render_json, render_text
from pppdraft.errors import PppDraftError, UserInputError

FORMATS = ("text", "json", "docx")
EXIT_RED_FLAG = 3


def _write(path: Path, data: bytes) -> None:
    try:
        write_file(path, data)
    except OSError as exc:
        raise UserInputError(
            f"{path}: cannot write the report ({exc.strerror}); choose another -o path."
        ) from exc


def _run(file: Path, fmt: str, output: Path | None, lang: str | None) -> int:
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise UserInputError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    if lang is not None and lang not in ("cs", "en"):
        raise UserInputError(f"--lang {lang!r}: choose cs or en (default: the document's).")
    if fmt == "docx" and output is None:
        raise UserInputError("--format docx writes a Word file: give its path with -o PATH.")
    report = check_document(file, lang=cast(Lang | None, lang))
    if fmt == "docx":
        assert output is not None
        _write(output, render_docx(report))
    else:
        text = render_json(report) if fmt == "json" else render_text(report)
        if output is None:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        else:
            _write(output, text.encode("utf-8"))
    if output is not None:
        s = report.summary
        sys.stderr.write(
            f"{output}: {s.red_flag} red flag(s), {s.unclear} to check, {s.missing} missing, "
            f"{s.present} present\n"
        )
    return EXIT_RED_FLAG if report.has_red_flags else 0


def check_command(
    file: Path, format: str = "text", output: Path | None = None, lang: str | None = None
) -> int:
    """Check `file` and print or write the report; return 0, 2 (bad input) or 3 (red flags)."""
    try:
        return _run(Path(file), format, output, lang)
    except PppDraftError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return exc.exit_code
