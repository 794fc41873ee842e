"""The PPP risk allocation matrix follows the answers, row by row, as a real Word table."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path
from typing import Any

import docx
import pytest
from testkit import SCENARIOS, load_scenario, scenario_files

import pppdraft
from pppdraft.expressions import evaluate

M, P, S = "Municipality", "Partner", "shared"
BEARER = {"municipality": M, "partner": P, "shared": S}


def declared_rows(draft: pppdraft.Draft, context: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Return risk → (bearer, clause number) from what the included clauses declare.

    Read from the clause files (`risks:`), not from the matrix template, so the test checks
    the annex against the clauses that decide each risk.
    """
    library = pppdraft.load_library()
    rows: dict[str, tuple[str, str]] = {}
    for part in draft.parts:
        for c in part.clauses:
            for risk in library.get(c.clause_id).risks:
                if risk.when and not evaluate(risk.when, context, "test"):
                    continue
                number = (
                    next(p.number for p in c.paragraphs if p.anchor == risk.anchor)
                    if risk.anchor
                    else c.number
                )
                assert number
                rows[risk.label.en] = (BEARER[risk.bearer], number)
    return rows


def table_rows(path: Path) -> dict[str, tuple[str, str]]:
    document = docx.Document(str(path))
    for table in document.tables:
        header = [c.text for c in table.rows[0].cells]
        if header == ["Risk", "Borne by", "Governed by"]:
            rows = {r.cells[0].text: (r.cells[1].text, r.cells[2].text) for r in table.rows[1:]}
            assert len(rows) == len(table.rows) - 1, "a risk is listed twice"
            return rows
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
def test_matches_the_clauses(name: str, answers: dict[str, Any], tmp_path: Path) -> None:
    draft = pppdraft.build("ppp-contract", answers, "en")
    path, _ = pppdraft.render_docx(draft).save(tmp_path / f"{name}.docx")
    rows = table_rows(path)
    context = pppdraft.validate_answers(pppdraft.load_blueprint("ppp-contract"), answers).context()
    assert rows == declared_rows(draft, context)
    # What a lawyer reads in the clauses, checked against the table:
    if context["partner_builds"]:
        assert rows["Design and construction of the Assets"] == (
            P,
            number_of(draft, "ppp.design-build#design"),
        )
        assert rows["Permits needed to build and operate the Assets"][0] == P
    else:
        assert not any(r.startswith("Design and construction") for r in rows)
        assert rows["Permits needed to provide the Service"] == (
            P,
            number_of(draft, "ppp.conditions-precedent#conditions"),
        )
    if context["lender_finance"]:
        assert rows["Refinancing gain"] == (S, number_of(draft, "ppp.refinancing#gain-share"))
    else:
        assert "Refinancing gain" not in rows
    inflation = [v for k, v in rows.items() if k.startswith("Inflation")]
    assert len(inflation) == 1
    if context["term_years"] > 10 and context.get("indexation") == "cpi":
        assert inflation[0] == (S, number_of(draft, "ppp.indexation#indexation"))
    else:
        assert inflation[0][0] == P
    demand = {"user-fees": P, "hybrid": S}.get(context["payment_model"], M)
    assert rows["Demand and usage of the Service"] == (
        demand,
        number_of(draft, "ppp.payment#consideration"),
    )
    if context.get("collects_data"):
        owner = {"partner": P, "joint": S}.get(context.get("data_ownership_model") or "", M)
        ownership = [v for k, v in rows.items() if k.startswith("Ownership of data")]
        assert [v[0] for v in ownership] == [owner]
    assert rows["Data loss and data security"][0] == P


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


def test_lint_fails_on_a_risk_row_citing_an_anchor_the_clause_lacks(tmp_path: Path) -> None:
    import shutil

    from pppdraft.lint import lint

    root = Path(pppdraft.load_library().root).parent
    shutil.copytree(root / "clauses", tmp_path / "clauses")
    shutil.copytree(root / "contracts", tmp_path / "contracts")
    path = tmp_path / "clauses/ppp/force-majeure.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    anchor: definition\n" in text
    path.write_text(text.replace("    anchor: definition\n", "    anchor: nowhere\n"), "utf-8")
    found = [str(f) for f in lint(tmp_path / "clauses", tmp_path / "contracts")]
    assert any("force-majeure.yaml" in f and "risks[0].anchor" in f for f in found), found
