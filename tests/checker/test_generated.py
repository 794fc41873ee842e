"""Contracts pppdraft drafts from the scenarios check clean: `present` on every item their
clauses cover, and no red flag — save the one the last-resort ownership variant earns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import pppdraft
from pppdraft.checker import CheckReport, check_bytes

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "scenarios" / "data-agreement").glob("*.yaml"))

# Which checklist items each library clause protects.
COVERS: dict[str, list[str]] = {
    "data.ownership.municipality": ["raw-data-ownership", "derived-data-ownership"],
    "data.ownership.licence-back": ["raw-data-ownership", "derived-data-ownership"],
    "data.access": ["access-during-term", "open-formats"],
    "data.quality-metadata": ["metadata-documentation"],
    "data.open-data": ["open-data-publication"],
    "data.no-exclusivity": ["no-exclusivity"],
    "data.partner-use": ["partner-use-limits"],
    "data.personal-data.processor": ["personal-data-roles"],
    "data.personal-data.joint-controllers": ["personal-data-roles"],
    "data.location-subprocessors": ["subprocessors", "data-location"],
    "data.security": ["breach-notification"],
    "data.audit": ["audit-rights"],
    "data.algorithms.light": ["algorithm-transparency"],
    "data.algorithms.high-risk": ["algorithm-transparency"],
    "data.exit": ["exit-portability", "deletion"],
    "data.cloud-switching": ["exit-portability", "deletion"],
    "data.compensation": ["free-access-own-data"],
    "data.liability": ["liability-not-excluded"],
    "data.term-survival": ["survival"],
    "common.register-of-contracts": ["transparency-register"],
}
# The partner holds the data under this last-resort variant (the city gets a licence): the
# checklist calls that a red flag on purpose, so the memo warns whoever picked it.
EXPECTED_RED: dict[str, set[str]] = {"data.ownership.partner": {"raw-data-ownership"}}


def build_and_check(scenario: Path, lang: str) -> tuple[CheckReport, list[str]]:
    raw: Any = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    draft = pppdraft.build("data-agreement", raw, lang)
    rendered = pppdraft.render_docx(draft)
    clause_ids = [c["id"] for c in rendered.manifest["clauses"]]
    return check_bytes(bytes(rendered.docx), f"{scenario.stem}-{lang}.docx"), clause_ids


@pytest.mark.parametrize("lang", ["cs", "en"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_generated_contract_checks_clean(scenario: Path, lang: str) -> None:
    report, clause_ids = build_and_check(scenario, lang)
    assert report.language == lang
    expected_red = set().union(*(EXPECTED_RED.get(c, set()) for c in clause_ids))
    statuses = report.statuses()
    red = {item for item, status in statuses.items() if status == "red_flag"}
    assert red == expected_red, {i: report.item(i).evidence for i in red ^ expected_red}
    covered = {item for c in clause_ids for item in COVERS.get(c, [])} - expected_red
    not_present = sorted(item for item in covered if statuses[item] != "present")
    assert not not_present, not_present


def test_there_are_scenarios_to_check() -> None:
    assert len(SCENARIOS) >= 3
