"""Answers files that record their contract type, questionnaire version and outline choices."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from testkit import SCENARIOS, load_scenario, scenario_files
from typer.testing import CliRunner

import pppdraft
from pppdraft.answersfile import resolve_type, split_answers, version_notes
from pppdraft.cli import app
from pppdraft.errors import AnswersError

runner = CliRunner()
PARKING = SCENARIOS / "data-agreement" / "parking-sensors.yaml"


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _xml(path: Path) -> bytes:
    return zipfile.ZipFile(io.BytesIO(path.read_bytes())).read("word/document.xml")


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_scenario_records_its_type_and_current_version(path: Path) -> None:
    data = load_scenario(path)
    assert data["_contract_type"] == path.parent.name
    assert data["_blueprint_version"] == pppdraft.load_blueprint(path.parent.name).version


def test_build_needs_no_type_when_the_file_has_one(tmp_path: Path) -> None:
    with_type = tmp_path / "a.docx"
    without = tmp_path / "b.docx"
    r1 = runner.invoke(
        app, ["build", "data-agreement", "--answers", str(PARKING), "-o", str(with_type)]
    )
    r2 = runner.invoke(app, ["build", "--answers", str(PARKING), "-o", str(without)])
    assert r1.exit_code == 0 and r2.exit_code == 0, r1.output + r2.output
    assert _xml(with_type) == _xml(without)


def test_a_type_that_differs_from_the_files_is_exit_2_naming_both(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["build", "ppp-contract", "--answers", str(PARKING), "-o", str(tmp_path / "x")]
    )
    assert result.exit_code == 2
    assert "'data-agreement'" in result.output and "'ppp-contract'" in result.output
    assert not (tmp_path / "x.docx").exists()


def test_no_type_anywhere_is_exit_2_saying_how_to_give_it(tmp_path: Path) -> None:
    data = load_scenario(PARKING)
    del data["_contract_type"]
    result = runner.invoke(app, ["build", "--answers", str(_write(tmp_path / "a.yaml", data))])
    assert result.exit_code == 2
    assert "no contract type" in result.output and "_contract_type" in result.output


def test_choices_in_the_file_pick_the_variant(tmp_path: Path) -> None:
    data = load_scenario(PARKING)
    data["_choices"] = {"data.ownership": "data.ownership.joint"}
    out = tmp_path / "joint.docx"
    result = runner.invoke(
        app, ["build", "--answers", str(_write(tmp_path / "a.yaml", data)), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    manifest = yaml.safe_load((tmp_path / "joint.manifest.json").read_text(encoding="utf-8"))
    ids = [c["id"] for c in manifest["clauses"]]
    assert "data.ownership.joint" in ids and "data.ownership.municipality" not in ids


def test_a_choice_that_is_no_variant_is_exit_2(tmp_path: Path) -> None:
    data = load_scenario(PARKING)
    data["_choices"] = {"data.ownership": "data.ownership.nobody"}
    result = runner.invoke(app, ["build", "--answers", str(_write(tmp_path / "a.yaml", data))])
    assert result.exit_code == 2
    assert "data.ownership.nobody" in result.output


def test_an_older_version_says_what_changed_and_still_builds(tmp_path: Path) -> None:
    data = load_scenario(PARKING)
    data["_blueprint_version"] = 1
    out = tmp_path / "old.docx"
    result = runner.invoke(
        app, ["build", "--answers", str(_write(tmp_path / "a.yaml", data)), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "version 1" in result.output or "verzi 1" in result.output
    assert "v2: Sdílené otázky jsou definovány jednou" in result.output
    assert out.exists()


def test_an_older_version_in_english() -> None:
    bp = pppdraft.load_blueprint("data-agreement")
    notes = version_notes(bp, 1, "en")
    assert notes[0].startswith("The answers were given for version 1 of data-agreement")
    assert notes[1].startswith("v2: Shared questions are defined once")
    assert version_notes(bp, bp.version, "en") == []
    assert version_notes(bp, None, "en") == []


def test_a_newer_version_is_refused(tmp_path: Path) -> None:
    data = load_scenario(PARKING)
    data["_blueprint_version"] = 99
    result = runner.invoke(app, ["build", "--answers", str(_write(tmp_path / "a.yaml", data))])
    assert result.exit_code == 2
    assert "version 99" in result.output and "update pppdraft" in result.output


@pytest.mark.parametrize(
    ("meta", "words"),
    [
        ({"_colour": "red"}, "unknown metadata _colour"),
        ({"_blueprint_version": "two"}, "_blueprint_version must be a whole number"),
        ({"_choices": ["data.ownership"]}, "_choices must map a topic to a clause id"),
        ({"_title": "Parking"}, "_title must be a text per language"),
        ({"_contract_type": 7}, "_contract_type must be a contract type id"),
    ],
)
def test_bad_metadata_is_named(meta: dict[str, Any], words: str) -> None:
    with pytest.raises(AnswersError, match=words):
        split_answers({"project_name": "X", **meta}, "a.yaml")


def test_title_and_description_are_accepted_and_kept() -> None:
    raw = {"_title": {"cs": "Parkování", "en": "Parking"}, "_description": {"cs": "a", "en": "b"}}
    parsed = split_answers({**raw, "project_name": "X"}, "a.yaml")
    assert parsed.texts == raw and parsed.answers == {"project_name": "X"}
    bp = pppdraft.load_blueprint("data-agreement")
    answers = pppdraft.validate_answers(bp, {**load_scenario(PARKING), **raw}, "cs")
    assert "_title" not in answers.values


def test_resolve_type() -> None:
    parsed = split_answers({"_contract_type": "living-lab"}, "f.yaml")
    assert resolve_type(parsed, None, "f.yaml") == "living-lab"
    assert resolve_type(parsed, "living-lab", "f.yaml") == "living-lab"
    with pytest.raises(AnswersError, match=r"'living-lab'.*'ppp-contract'"):
        resolve_type(parsed, "ppp-contract", "f.yaml")


def test_validation_reports_a_file_for_another_type_in_the_users_language() -> None:
    bp = pppdraft.load_blueprint("ppp-contract")
    _answers, problems = pppdraft.check_answers(bp, load_scenario(PARKING), "cs")
    assert any(
        p.field == "_contract_type"
        and "je pro 'data-agreement', ne pro 'ppp-contract'" in p.message
        for p in problems
    )
