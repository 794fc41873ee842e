"""`library lint` passes on the repository and fails, naming the place, on each defect."""

from __future__ import annotations

from pathlib import Path

import pytest
from testkit import edit_yaml
from typer.testing import CliRunner

from pppdraft.cli import app
from pppdraft.lint import lint


def errors(root: Path) -> list[str]:
    return [str(f) for f in lint(root / "clauses", root / "contracts") if f.level == "error"]


def test_passes_on_the_repository() -> None:
    findings = lint()
    assert [str(f) for f in findings if f.level == "error"] == []


def test_exits_0_from_the_cli() -> None:
    result = CliRunner().invoke(app, ["library", "lint"])
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output


def test_catches_a_clause_using_an_undefined_variable(project_copy: Path) -> None:
    path = project_copy / "clauses/data/audit.yaml"
    edit_yaml(path, lambda d: d["text"].update(cs=d["text"]["cs"] + "\n\n{{ audit_budget }}"))
    found = errors(project_copy)
    assert any("audit.yaml" in e and "'audit_budget'" in e for e in found), found


def test_catches_a_question_no_clause_uses(project_copy: Path) -> None:
    def add_question(d: dict) -> None:
        d["sections"][1]["questions"].append(
            {
                "id": "mascot",
                "type": "text",
                "label": {"cs": "Maskot", "en": "Mascot"},
                "help": {"cs": "Nic", "en": "Nothing"},
            }
        )

    edit_yaml(project_copy / "contracts/data-agreement.yaml", add_question)
    found = errors(project_copy)
    assert any("question 'mascot' is used by no clause" in e for e in found), found


def test_catches_a_clause_missing_a_language(project_copy: Path) -> None:
    edit_yaml(project_copy / "clauses/data/exit.yaml", lambda d: d["guidance"].update(en=""))
    found = errors(project_copy)
    assert any("exit.yaml" in e and "guidance.en" in e for e in found), found
    edit_yaml(project_copy / "clauses/data/exit.yaml", lambda d: d["guidance"].pop("en"))
    found = errors(project_copy)
    assert any("exit.yaml" in e and "guidance.en" in e for e in found), found


def test_catches_a_blueprint_naming_a_missing_clause(project_copy: Path) -> None:
    def add_slot(d: dict) -> None:
        d["articles"][-1]["slots"].append({"clause": "common.force-majeure"})

    edit_yaml(project_copy / "contracts/data-agreement.yaml", add_slot)
    found = errors(project_copy)
    assert any("'common.force-majeure'" in e and "data-agreement" in e for e in found), found


def test_catches_a_ref_to_a_clause_the_contract_never_has(project_copy: Path) -> None:
    path = project_copy / "clauses/data/audit.yaml"
    edit_yaml(
        path, lambda d: d["text"].update(en=d["text"]["en"] + "\n\nSee {{ ref('ppp.nowhere') }}.")
    )
    found = errors(project_copy)
    assert any("audit.yaml" in e and "ppp.nowhere" in e for e in found), found


def test_catches_a_retired_clause_in_use(project_copy: Path) -> None:
    edit_yaml(
        project_copy / "clauses/data/audit.yaml",
        lambda d: d["approval"].update(status="retired"),
    )
    found = errors(project_copy)
    assert any("'data.audit' is retired" in e for e in found), found


def test_catches_a_clause_modified_since_approval(project_copy: Path) -> None:
    edit_yaml(
        project_copy / "clauses/data/audit.yaml",
        lambda d: d.update(
            approval={
                "status": "approved",
                "by": "JUDr. Eva Svobodová",
                "on": "2026-11-01",
                "fingerprint": "0" * 64,
            }
        ),
    )
    found = errors(project_copy)
    assert any("audit.yaml" in e and "modified since approval" in e for e in found), found


def test_fails_the_cli_naming_a_broken_file(project_copy: Path) -> None:
    (project_copy / "clauses/data/audit.yaml").write_text("id: data.audit\nversion: one\n")
    result = CliRunner().invoke(app, ["library", "lint"])
    assert result.exit_code == 2
    assert "audit.yaml" in result.output and "version" in result.output


@pytest.mark.parametrize("bad_expr", ["personal_data and", "__import__('os')", "unknown_answer"])
def test_catches_bad_conditions(project_copy: Path, bad_expr: str) -> None:
    def change(d: dict) -> None:
        d["articles"][-1]["slots"][0]["when"] = bad_expr

    edit_yaml(project_copy / "contracts/data-agreement.yaml", change)
    assert errors(project_copy)


def test_catches_a_clause_without_sources(project_copy: Path) -> None:
    edit_yaml(project_copy / "clauses/data/audit.yaml", lambda d: d.update(sources=[" "]))
    found = errors(project_copy)
    assert any("audit.yaml" in e and "no legal source" in e for e in found), found


def test_reports_clauses_no_contract_uses(project_copy: Path) -> None:
    source = (project_copy / "clauses/data/audit.yaml").read_text(encoding="utf-8")
    spare = source.replace("id: data.audit", "id: data.audit-extra").replace(
        "topic: data.audit", "topic: data.audit-extra"
    )
    (project_copy / "clauses/data/audit-extra.yaml").write_text(spare, encoding="utf-8")
    findings = lint(project_copy / "clauses", project_copy / "contracts")
    warnings = [str(f) for f in findings if f.level == "warning"]
    assert any("audit-extra.yaml" in w and "no contract type uses" in w for w in warnings)
    assert not [f for f in findings if f.level == "error"]
