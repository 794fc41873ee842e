"""Contracts pppdraft drafts from the scenarios check clean: `present` on every item their
clauses cover, and no red flag — save the one the last-resort ownership variant earns.

Every contract type is checked (data agreement, PPP contract, living-lab agreement,
innovation MoU), in Czech and in English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from testkit import load_scenario, scenario_files

import pppdraft
from pppdraft.checker import CheckReport, check_bytes

SCENARIOS = scenario_files()
CONTRACT_TYPES = ("data-agreement", "ppp-contract", "living-lab", "innovation-mou")

# Which checklist items each library clause protects (read from the clause texts).
COVERS: dict[str, list[str]] = {
    "data.ownership.municipality": ["raw-data-ownership", "derived-data-ownership"],
    "data.ownership.licence-back": ["raw-data-ownership", "derived-data-ownership"],
    "data.ownership.joint": ["raw-data-ownership", "derived-data-ownership"],
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
    # PPP contract: the terms the separate data agreement must contain, the handback of all
    # data (no withholding), publication and no blanket confidentiality, the Municipality's
    # inspection rights, no cap on liability for data loss, the description of algorithms and
    # models delivered with the software, consent to key subcontractors handling data.
    "ppp.data.separate": [
        "raw-data-ownership",
        "derived-data-ownership",
        "access-during-term",
        "open-formats",
        "open-data-publication",
        "no-exclusivity",
        "partner-use-limits",
        "audit-rights",
        "exit-portability",
        "deletion",
        "free-access-own-data",
        "liability-not-excluded",
    ],
    "ppp.handback": ["exit-portability"],
    "ppp.transparency-confidentiality": ["transparency-register"],
    "ppp.reporting-audit": ["audit-rights"],
    "ppp.liability-insurance": ["liability-not-excluded"],
    "ppp.ip-software.licence-escrow": ["algorithm-transparency"],
    "ppp.ip-software.open-source": ["algorithm-transparency"],
    "ppp.ip-software.municipality-owns": ["algorithm-transparency"],
    "ppp.subcontracting-assignment": ["subprocessors"],
    # Living lab: data clauses survive the end; the data are erased from the equipment once
    # handed over.
    "lab.termination": ["survival"],
    "lab.duration-removal": ["deletion"],
    # Innovation MoU: the partnership data belong to the Municipality, are handed over in a
    # machine-readable format with metadata, used only for the cooperation, published (or not)
    # by the Municipality; roles under GDPR; the data clauses survive; publication.
    "mou.data-ip": [
        "raw-data-ownership",
        "metadata-documentation",
        "open-formats",
        "open-data-publication",
        "partner-use-limits",
        "personal-data-roles",
        "exit-portability",
        "survival",
    ],
    "mou.exit": ["exit-portability", "survival"],
    "mou.publication": ["transparency-register"],
}
# The partner holds the data under this last-resort variant (the city gets a licence): the
# checklist calls that a red flag on purpose, so the memo warns whoever picked it.
EXPECTED_RED: dict[str, set[str]] = {"data.ownership.partner": {"raw-data-ownership"}}


def build_and_check(
    contract_type: str, raw: Any, lang: str, name: str, choices: dict[str, str] | None = None
) -> tuple[CheckReport, list[str]]:
    draft = pppdraft.build(contract_type, raw, lang, choices=choices)
    rendered = pppdraft.render_docx(draft)
    clause_ids = [c["id"] for c in rendered.manifest["clauses"]]
    return check_bytes(bytes(rendered.docx), f"{name}-{lang}.docx"), clause_ids


def assert_checks_clean(report: CheckReport, clause_ids: list[str]) -> None:
    """No red flag but the expected ones; `present` on every item the clauses cover."""
    expected_red = set().union(*(EXPECTED_RED.get(c, set()) for c in clause_ids))
    statuses = report.statuses()
    red = {item for item, status in statuses.items() if status == "red_flag"}
    assert red == expected_red, {i: report.item(i).evidence for i in red ^ expected_red}
    covered = {item for c in clause_ids for item in COVERS.get(c, [])} - expected_red
    not_present = sorted(item for item in covered if statuses[item] != "present")
    assert not not_present, not_present


@pytest.mark.parametrize("lang", ["cs", "en"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_generated_contract_checks_clean(scenario: Path, lang: str) -> None:
    report, clause_ids = build_and_check(
        scenario.parent.name, load_scenario(scenario), lang, scenario.stem
    )
    assert report.language == lang
    assert_checks_clean(report, clause_ids)


@pytest.mark.parametrize("lang", ["cs", "en"])
@pytest.mark.parametrize("contract_type", ["data-agreement", "living-lab"])
def test_the_last_resort_ownership_variant_is_flagged(contract_type: str, lang: str) -> None:
    """The partner holds the data: raw-data-ownership is a red flag, as the checklist means."""
    scenario = scenario_files(contract_type)[0]
    report, clause_ids = build_and_check(
        contract_type,
        load_scenario(scenario),
        lang,
        f"{scenario.stem}-partner",
        choices={"data.ownership": "data.ownership.partner"},
    )
    assert "data.ownership.partner" in clause_ids
    assert report.item("raw-data-ownership").status == "red_flag"
    evidence = report.item("raw-data-ownership").evidence
    assert evidence and evidence[0].rule.startswith("raw-data-ownership/red_flag/")
    assert_checks_clean(report, clause_ids)


def test_there_are_scenarios_of_every_contract_type_to_check() -> None:
    for contract_type in CONTRACT_TYPES:
        assert len(scenario_files(contract_type)) >= 3, contract_type
    assert {p.parent.name for p in SCENARIOS} == set(CONTRACT_TYPES)


def test_every_scenario_is_clean_without_an_expected_red_flag() -> None:
    """The worked examples use the recommended or fallback variants, not the last resort."""
    for scenario in SCENARIOS:
        data = load_scenario(scenario)
        assert data.get("data_ownership_model") != "partner", scenario
