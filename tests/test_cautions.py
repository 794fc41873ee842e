"""Warnings a lawyer must see: last-resort clauses and answers that are odd together."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from testkit import SCENARIOS, load_scenario, scenario_files
from typer.testing import CliRunner

import pppdraft
from pppdraft.blueprint import Check, list_blueprints, load_checks
from pppdraft.cli import app
from pppdraft.render.docx import render_docx

runner = CliRunner()
LIGHTING = SCENARIOS / "ppp-contract" / "street-lighting.yaml"
PARKING = SCENARIOS / "data-agreement" / "parking-sensors.yaml"


def _draft(path: Path, lang: str, **changes: Any) -> pppdraft.Draft:
    raw = load_scenario(path)
    choices = changes.pop("_choices", None)
    raw.update(changes)
    return pppdraft.build(raw["_contract_type"], raw, lang, choices=choices)


def test_last_resort_is_the_clauses_position_in_the_library() -> None:
    library = pppdraft.load_library()
    last = {c.id for c in library if c.position == "last-resort"}
    assert {"data.ownership.partner", "ppp.maga.full"} <= last


@pytest.mark.parametrize("lang", ["cs", "en"])
def test_partner_owning_the_data_is_a_last_resort_warning(lang: str) -> None:
    draft = _draft(PARKING, lang, data_ownership_model="partner")
    [warning] = [w for w in draft.warnings if "data.ownership.partner" in w]
    assert ("Krajní řešení" if lang == "cs" else "Last resort") in warning
    assert draft.clause("data.ownership.partner").title in warning


def test_full_maga_chosen_in_the_outline_is_a_last_resort_warning() -> None:
    draft = _draft(LIGHTING, "cs", _choices={"ppp.maga": "ppp.maga.full"})
    assert any("ppp.maga.full" in w and "Krajní řešení" in w for w in draft.warnings)


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_worked_scenarios_carry_no_warning(path: Path) -> None:
    """The scenarios are the recommended drafts: nothing in them should need a second look."""
    draft = _draft(path, "cs")
    assert draft.warnings == []


@pytest.mark.parametrize(
    ("path", "changes", "check_words"),
    [
        (LIGHTING, {"start_date": date(2051, 1, 1)}, ("1. ledna 2051", "19. října 2026", "§ 222")),
        (LIGHTING, {"start_date": date(2026, 9, 1)}, ("předchází rozhodnutí o výběru",)),
        (PARKING, {"start_date": date(2026, 1, 2)}, ("§ 41 zákona o obcích",)),
        (
            LIGHTING,
            {"construction_months": 60, "term_years": 9},
            ("60 měsíců", "9 let", "návratnost"),
        ),
        (LIGHTING, {"term_years": 8, "construction_months": 6}, ("jen 8 let",)),
        (PARKING, {"personal_data": True, "breach_notice_hours": 72}, ("72 hodin", "čl. 33 GDPR")),
    ],
)
def test_odd_combinations_are_warned_with_the_answers_named(
    path: Path, changes: dict[str, Any], check_words: tuple[str, ...]
) -> None:
    draft = _draft(path, "cs", **changes)
    assert any(all(w in warning for w in check_words) for warning in draft.warnings), draft.warnings


def test_the_living_lab_intention_must_hang_15_days() -> None:
    path = SCENARIOS / "living-lab" / "delivery-robots.yaml"
    raw = load_scenario(path)
    posted = raw["intention_published_on"]
    decided = raw["resolution_date"]
    assert (decided - posted).days >= 15
    draft = _draft(path, "en", intention_published_on=decided)
    assert any("§ 39(1) Municipalities Act" in w for w in draft.warnings)


def test_a_hidden_answer_does_not_warn() -> None:
    # construction_months is hidden when the partner builds nothing
    draft = _draft(LIGHTING, "cs", partner_builds=False, construction_months=60, term_years=9)
    assert not any("Výstavba" in w for w in draft.warnings)


def test_warnings_are_in_the_manifest() -> None:
    draft = _draft(PARKING, "en", data_ownership_model="partner")
    manifest = render_docx(draft).manifest
    assert any("data.ownership.partner" in w for w in manifest["warnings"])


def test_the_cli_prints_the_warnings(tmp_path: Path) -> None:
    raw = load_scenario(LIGHTING)
    raw["start_date"] = date(2051, 1, 1)
    raw["_choices"] = {"ppp.maga": "ppp.maga.full"}
    answers = tmp_path / "a.yaml"
    answers.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["build", "--answers", str(answers), "-o", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    assert any("ppp.maga.full" in line for line in lines)
    assert any("1. ledna 2051" in line for line in lines)
    manifest = json.loads((tmp_path / "c.manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["warnings"]) == len(lines)


def test_every_shared_check_applies_somewhere_and_is_bilingual() -> None:
    checks = load_checks()
    assert len(checks) >= 5
    applied = {c.id for bp in list_blueprints() for c in bp.checks}
    assert {c.id for c in checks} <= applied
    for check in checks:
        assert check.message.cs.strip() and check.message.en.strip()


def test_a_check_message_may_name_only_what_it_reads() -> None:
    with pytest.raises(ValueError, match="names \\['term_years'\\]"):
        Check.model_validate(
            {
                "id": "x",
                "when": "start_date < award_date",
                "message": {"cs": "{term_years}", "en": "{term_years}"},
            }
        )
