"""Hostile or odd answers files and clause texts (issue 11): each is refused with exit 2 and
a message naming the limit, in bounded time and memory, never a traceback or a huge error."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from bounded_run import run_cli
from testkit import SCENARIOS, edit_yaml
from typer.testing import CliRunner

import pppdraft
from pppdraft.answers import check_answers
from pppdraft.cli import app
from pppdraft.lint import lint

PARKING = SCENARIOS / "data-agreement" / "parking-sensors.yaml"


def _alias_bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append(f"project_name: *a{levels - 1}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [8, 9])
def test_a_yaml_alias_bomb_is_refused_before_it_expands(tmp_path: Path, levels: int) -> None:
    answers = tmp_path / "bomb.yaml"
    answers.write_text(_alias_bomb(levels), encoding="utf-8")
    assert answers.stat().st_size < 1_000
    outcome = run_cli("build", "data-agreement", "--answers", answers, "-o", tmp_path / "x.docx")
    outcome.assert_bounded(2)
    assert "anchors and aliases" in outcome.stderr and "bomb.yaml" in outcome.stderr
    assert not (tmp_path / "x.docx").exists()


def test_yaml_nested_20000_deep_is_refused(tmp_path: Path) -> None:
    answers = tmp_path / "deep.yaml"
    answers.write_text("project_name: " + "[" * 20_000 + "]" * 20_000 + "\n", encoding="utf-8")
    outcome = run_cli("build", "data-agreement", "--answers", answers, "-o", tmp_path / "x.docx")
    outcome.assert_bounded(2)
    assert "deep.yaml" in outcome.stderr


def test_a_5000_digit_term_is_an_invalid_answer_not_a_crash(tmp_path: Path) -> None:
    text = PARKING.read_text(encoding="utf-8")
    answers = tmp_path / "digits.yaml"
    answers.write_text(text + f'\nterm_years: "{"9" * 5000}"\n', encoding="utf-8")
    outcome = run_cli("build", "data-agreement", "--answers", answers, "-o", tmp_path / "x.docx")
    outcome.assert_bounded(2)
    assert "term_years" in outcome.stderr
    assert len(outcome.stderr) < 2_000  # the value is quoted as a short excerpt


def test_an_answer_over_the_length_limit_is_refused(tmp_path: Path) -> None:
    answers = tmp_path / "long.yaml"
    answers.write_text("project_name: " + "x" * 30_000 + "\n", encoding="utf-8")
    outcome = run_cli("build", "data-agreement", "--answers", answers)
    outcome.assert_bounded(2)
    assert "20,000" in outcome.stderr and "project_name" in outcome.stderr


@pytest.mark.parametrize(
    ("value", "type_"),
    [("x" * 1_000_000, "choice"), (10**50, "integer"), ("1e999999999", "money")],
)
def test_messages_quote_bounded_excerpts(value: object, type_: str) -> None:
    bp = pppdraft.load_blueprint("data-agreement")
    question = next(q for q in bp.questions() if q.type == type_)
    _, problems = check_answers(bp, {question.id: value}, "en")
    mine = [p for p in problems if p.field == question.id]
    assert mine and all(len(str(p)) < 1_000 for p in mine), mine


def test_answers_docx_is_never_overwritten_by_the_output(tmp_path: Path) -> None:
    answers = tmp_path / "X.docx"
    answers.write_text(PARKING.read_text(encoding="utf-8"), encoding="utf-8")
    before = answers.read_bytes()
    result = CliRunner().invoke(
        app, ["build", "data-agreement", "--answers", str(answers), "-o", str(answers)]
    )
    assert result.exit_code == 2, result.output
    assert "overwrite the answers file" in result.output
    assert answers.read_bytes() == before


def test_bidi_controls_never_reach_the_contract(tmp_path: Path) -> None:
    text = PARKING.read_text(encoding="utf-8")
    answers = tmp_path / "bidi.yaml"
    answers.write_text(
        text + '\nproject_name: "Parkování \u202etxt.exe\u202c a \u2066senzory\u2069"\n',
        encoding="utf-8",
    )
    out = tmp_path / "bidi.docx"
    result = CliRunner().invoke(
        app, ["build", "data-agreement", "--answers", str(answers), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "Parkování txt.exe a senzory" in xml
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert control not in xml


def _set_pick(project: Path, pick: str) -> None:
    def change(d: dict) -> None:
        for part in d["articles"]:
            for slot in part.get("slots", []):
                if slot.get("pick", "").startswith("'data.ownership.'"):
                    slot["pick"] = pick

    edit_yaml(project / "contracts/data-agreement.yaml", change)


def test_a_huge_range_in_a_pick_is_exit_2_at_build(project_copy: Path, tmp_path: Path) -> None:
    _set_pick(project_copy, "'data.ownership.' ~ (range(10**9)|list|length|string)")
    out = tmp_path / "x.docx"
    result = CliRunner().invoke(
        app, ["build", "data-agreement", "--answers", str(PARKING), "-o", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert "range()" in result.output and "1,000" in result.output
    assert len(result.output) < 2_000 and not out.exists()


ESCAPES = {
    "audit": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "exit": "{{ cycler.__init__.__globals__ }}",
    "access": "{{ project_name|attr('__class__') }}",
    "security": "{{ project_name['_private'] }}",
}


def test_sandbox_escapes_fail_lint_not_the_build(project_copy: Path) -> None:
    for name, escape in ESCAPES.items():
        path = project_copy / f"clauses/data/{name}.yaml"
        edit_yaml(path, lambda d, e=escape: d["text"].update(cs=d["text"]["cs"] + f"\n\n{e}"))
    _set_pick(project_copy, "'data.ownership.' ~ data_ownership_model.__class__.__name__")
    found = [str(f) for f in lint(project_copy / "clauses", project_copy / "contracts")]
    for name in ESCAPES:
        assert any(f"{name}.yaml" in f and "sandbox" in f for f in found), (name, found)
    assert any("pick" in f and "__class__" in f for f in found), found
