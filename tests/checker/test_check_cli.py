"""`pppdraft check`: the plain function the CLI registers, and the registered command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from pppdraft.checker.cli import check_command

from .corpus import CORPUS

CITY = CORPUS / "cs-01-mesto-platforma.md"
VENDOR = CORPUS / "en-02-vendor-terms.md"


def test_no_red_flag_exits_0_and_prints_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_command(CITY) == 0
    out = capsys.readouterr().out
    assert out.startswith("Kontrola smlouvy: cs-01-mesto-platforma.md")
    assert "Souhrn: v pořádku 20, ověřte 0, chybí 0, riziko 0" in out


def test_red_flags_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_command(VENDOR, "json") == 3
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["red_flag"] > 0


def test_output_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_command(VENDOR, "json", tmp_path / "out" / "r.json") == 3
    assert json.loads((tmp_path / "out" / "r.json").read_text(encoding="utf-8"))["items"]
    assert check_command(VENDOR, "docx", tmp_path / "memo.docx", lang="cs") == 3
    memo = Document(str(tmp_path / "memo.docx"))
    assert memo.paragraphs[0].text == "Kontrola smlouvy: data obce"
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "memo.docx: " in captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((VENDOR, "docx", None, None), "give its path with -o"),
        ((VENDOR, "html", None, None), "choose one of text, json, docx"),
        ((VENDOR, "text", None, "de"), "choose cs or en"),
        ((CORPUS / "missing.docx", "text", None, None), "no such file"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    args: tuple[Path, str, Path | None, str | None],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert check_command(*args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err


def test_an_unwritable_output_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert check_command(CITY, "json", blocker / "r.json") == 2
    assert "cannot write the report" in capsys.readouterr().err


def test_the_registered_command() -> None:
    from pppdraft.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["check", str(VENDOR), "--format", "json"])
    assert result.exit_code == 3, result.output
    assert json.loads(result.stdout)["document"] == "en-02-vendor-terms.md"
    result = runner.invoke(app, ["check", str(CITY), "--lang", "en"])
    assert result.exit_code == 0
    assert "Summary: present 20" in result.stdout
