"""The CLI: commands, exit codes (0 ok, 2 bad input) and messages that name the place."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from testkit import ROOT, SCENARIOS, edit_yaml
from typer.testing import CliRunner

from pppdraft.cli import app

runner = CliRunner()


def test_lists_the_contract_types() -> None:
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    assert "data-agreement" in result.output and "vlastnictví" in result.output


def test_prints_the_questionnaire_and_a_skeleton() -> None:
    result = runner.invoke(app, ["questions", "data-agreement", "--lang", "en"])
    assert result.exit_code == 0 and "data_ownership_model" in result.output
    result = runner.invoke(app, ["questions", "data-agreement", "--skeleton"])
    assert result.exit_code == 0
    assert "municipality" in yaml.safe_load(result.output)


def test_refuses_an_unknown_contract_type() -> None:
    result = runner.invoke(app, ["questions", "lease"])
    assert result.exit_code == 2 and "known types: data-agreement" in result.output


def test_exits_2_naming_each_bad_field(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text((SCENARIOS / "data-agreement/parking-sensors.yaml").read_text())

    def spoil(d: dict) -> None:
        d["favourite_colour"] = "green"
        d["term_years"] = "six"
        d["partner"]["ico"] = "12345678"
        del d["signing_place"]

    edit_yaml(answers, spoil)
    result = runner.invoke(
        app, ["build", "data-agreement", "--answers", str(answers), "-o", str(tmp_path / "x")]
    )
    assert result.exit_code == 2
    for field in ("favourite_colour", "term_years", "partner.ico", "signing_place"):
        assert field in result.output
    assert not (tmp_path / "x-cs.docx").exists() and not (tmp_path / "x.docx").exists()


def test_exits_2_on_an_answers_file_that_is_not_yaml(tmp_path: Path) -> None:
    answers = tmp_path / "broken.yaml"
    answers.write_text("municipality: {name: [\n")
    result = runner.invoke(app, ["build", "data-agreement", "--answers", str(answers)])
    assert result.exit_code == 2
    assert "broken.yaml" in result.output and "line" in result.output


def test_exits_2_on_a_missing_answers_file(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["build", "data-agreement", "--answers", str(tmp_path / "nope.yaml")]
    )
    assert result.exit_code == 2 and "nope.yaml" in result.output


def test_exits_2_on_a_broken_clause_when_building(project_copy: Path, tmp_path: Path) -> None:
    edit_yaml(project_copy / "clauses/data/access.yaml", lambda d: d.update(colour="red"))
    result = runner.invoke(
        app,
        [
            "build",
            "data-agreement",
            "--answers",
            str(project_copy / "scenarios/data-agreement/parking-sensors.yaml"),
            "-o",
            str(tmp_path / "out.docx"),
        ],
    )
    assert result.exit_code == 2
    assert "access.yaml" in result.output and "colour" in result.output


def test_shows_a_clause_in_both_languages() -> None:
    result = runner.invoke(app, ["library", "show", "data.ownership.municipality"])
    assert result.exit_code == 0
    assert "[cs]" in result.output and "[en]" in result.output and "sources:" in result.output
    result = runner.invoke(app, ["library", "list", "--family", "data"])
    assert result.exit_code == 0 and "data.exit" in result.output


def test_runs_as_the_installed_console_script(tmp_path: Path) -> None:
    out = tmp_path / "v.docx"
    cmd = [
        str(Path(sys.executable).with_name("pppdraft")),
        "build",
        "data-agreement",
        "--answers",
        str(ROOT / "scenarios/data-agreement/village-weather.yaml"),
        "--lang",
        "en",
        "-o",
        str(out),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.is_file() and out.with_name("v.manifest.json").is_file()
