"""An approval with a note, from the CLI, is what the app records too (one core function)."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

import pppdraft
from pppdraft.cli import app
from pppdraft.library import snapshot_path

runner = CliRunner()


def test_approve_records_name_note_and_lint_accepts_it(project_copy: Path) -> None:
    result = runner.invoke(
        app,
        [
            "library",
            "approve",
            "data.exit",
            "--by",
            "JUDr. Eva Svobodová",
            "--note",
            "Ověřeno: lhůta 30 dnů odpovídá čl. 25 aktu o datech.",
        ],
    )
    assert result.exit_code == 0, result.output
    clause = pppdraft.load_library(project_copy / "clauses").get("data.exit")
    assert clause.is_approved
    assert clause.approval.note == "Ověřeno: lhůta 30 dnů odpovídá čl. 25 aktu o datech."
    snapshot = yaml.safe_load(snapshot_path(project_copy / "clauses", "data.exit").read_text())
    assert snapshot["note"] == clause.approval.note
    lint = runner.invoke(app, ["library", "lint"])
    assert lint.exit_code == 0, lint.output
    assert " 0 error(s)" in lint.output
