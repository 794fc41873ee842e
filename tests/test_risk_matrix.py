"""The PPP risk allocation matrix follows the answers, row by row, as a real Word table."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path
from typing import Any

import docx
import pytest
from testkit import SCENARIOS, load_scenario, scenario_files

import pppdraft

M, P, S = "Municipality", "Partner", "shared"


def expected_rows(a: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Return risk → (who bears it, governing clause or topic#anchor), from the answers alone."""
    pm = a["payment_model"]
    long_term = a["term_years"] > 10
    lender = a.get("lender_finance", False)
    rows = {
        "Design and construction of the Assets": (
            (P, "ppp.design-build#design") if a["partner_builds"] else (M, "ppp.subject#subject")
        ),
        "Permits and sites for the Assets": (
            (M, "ppp.sites#use")
            if a["municipal_land"]
            else (P, "ppp.conditions-precedent#conditions")
        ),
        "Operation, maintenance and performance of the Service": (P, "ppp.operation-kpis#service"),
        "Demand and usage of the Service": (
            {"user-fees": P, "hybrid": S}.get(pm, M),
            "ppp.payment#consideration",
        ),
        "Inflation": (
            M if long_term and a.get("indexation") == "cpi" else P,
            "ppp.indexation#indexation" if long_term else "ppp.payment#consideration",
        ),
        "Technological obsolescence": (
            (P, "ppp.technology-refresh#refresh")
            if long_term or a["technology_heavy"]
            else (S, "ppp.change-procedure#procedure")
        ),
        "Financing of the Project": (P, "ppp.subject#financing"),
        "Refinancing gain": (
            S,
            "ppp.refinancing#gain-share" if lender else "ppp.subject#financing",
        ),
        "General change in law": (P, "ppp.change-in-law#general"),
        "Discriminatory change in law": (M, "ppp.change-in-law#discriminatory"),
        "Force majeure": (S, "ppp.force-majeure#definition"),
        "Material adverse government action (MAGA)": (
            M if lender and a.get("maga") != "omitted" else P,
            "ppp.maga#maga" if lender else "ppp.change-in-law#discriminatory",
        ),
    }
    rows["Data loss and data security"] = (
        P,
        "data.security#measures|ppp.personal-data-security#breach-notice"
        "|ppp.liability-insurance#liability",
    )
    if pm in ("user-fees", "hybrid"):
        rows["Collection of user fees"] = (
            P,
            "ppp.payment.user-fees#tariff|ppp.payment.hybrid#tariff",
        )
    if a.get("collects_data"):
        owner = {"partner": P, "joint": S}.get(a.get("data_ownership_model") or "", M)
        rows["Ownership of data"] = (owner, "data.ownership#ownership|ppp.data#data")
    return rows


def table_rows(path: Path) -> dict[str, tuple[str, str]]:
    document = docx.Document(str(path))
    for table in document.tables:
        header = [c.text for c in table.rows[0].cells]
        if header == ["Risk", "Borne by", "Governed by"]:
            return {r.cells[0].text: (r.cells[1].text, r.cells[2].text) for r in table.rows[1:]}
    raise AssertionError("no risk matrix table in the document")


def number_of(draft: pppdraft.Draft, target: str) -> str:
    for one in target.split("|"):
        clause_id, _hash, anchor = one.partition("#")
        try:
            clause = draft.clause(clause_id)
        except KeyError:
            continue
        number = next(p.number for p in clause.paragraphs if p.anchor == anchor)
        assert number
        return number
    raise AssertionError(f"{target} is not in the contract")


def variations() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in scenario_files("ppp-contract"):
        out.append((path.stem, load_scenario(path)))
    base = load_scenario(SCENARIOS / "ppp-contract" / "street-lighting.yaml")
    for name, change in {
        "hybrid-no-index": {
            "payment_model": "hybrid",
            "revenue_share_percent": 12,
            "indexation": "none",
        },
        "full-maga": {"maga": "full"},
        "short-no-land": {"term_years": 8, "municipal_land": False, "technology_heavy": False},
        "no-build-no-lender": {"partner_builds": False, "lender_finance": False},
        "joint-data": {"data_ownership_model": "joint"},
        "no-data": {"collects_data": False},
    }.items():
        variant = deepcopy(base)
        variant.update(change)
        out.append((name, variant))
    return out


@pytest.mark.parametrize(("name", "answers"), variations(), ids=[v[0] for v in variations()])
def test_matches_the_answers(name: str, answers: dict[str, Any], tmp_path: Path) -> None:
    draft = pppdraft.build("ppp-contract", answers, "en")
    path, _ = pppdraft.render_docx(draft).save(tmp_path / f"{name}.docx")
    rows = table_rows(path)
    validated = pppdraft.validate_answers(pppdraft.load_blueprint("ppp-contract"), answers)
    context = validated.context()
    expected = expected_rows(context)
    personal = [r for r in rows if r.startswith("Compliance of personal data")]
    assert len(personal) == (1 if context.get("personal_data") else 0)
    for row in personal:
        assert rows.pop(row)[0] == S
    assert set(rows) == set(expected)
    for risk, (bearer, clause) in expected.items():
        assert rows[risk][0] == bearer, risk
        assert rows[risk][1] == number_of(draft, clause), risk


def test_is_in_czech_too(tmp_path: Path) -> None:
    raw = load_scenario(SCENARIOS / "ppp-contract" / "bike-sharing.yaml")
    path, _ = pppdraft.render_docx(pppdraft.build("ppp-contract", raw, "cs")).save(
        tmp_path / "cs.docx"
    )
    document = docx.Document(str(path))
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["Riziko", "Nese", "Upravuje"] in headers
    table = document.tables[headers.index(["Riziko", "Nese", "Upravuje"])]
    demand = next(r for r in table.rows if r.cells[0].text.startswith("Poptávka"))
    assert demand.cells[1].text == "Partner"  # a concession: the partner bears demand risk
