"""Every contract type and scenario: builds in both languages, chosen alternatives only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from testkit import SCENARIOS, load_scenario, scenario_files

import pppdraft

SCENARIO_IDS = [f"{p.parent.name}/{p.stem}" for p in scenario_files()]
TYPES = ["data-agreement", "ppp-contract", "living-lab", "innovation-mou"]


def document_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [" | ".join(c.text for c in row.cells) for row in table.rows]
    return "\n".join(parts)


@pytest.mark.parametrize("contract_type", TYPES)
def test_has_at_least_three_scenarios(contract_type: str) -> None:
    assert len(scenario_files(contract_type)) >= 3


@pytest.fixture(scope="module", params=SCENARIO_IDS)
def scenario(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    contract_type, stem = request.param.split("/")
    return contract_type, load_scenario(SCENARIOS / contract_type / f"{stem}.yaml")


@pytest.mark.parametrize("lang", ["cs", "en"])
def test_builds_without_warnings(
    scenario: tuple[str, dict[str, Any]], lang: str, tmp_path: Path
) -> None:
    contract_type, raw = scenario
    draft = pppdraft.build(contract_type, raw, lang)
    assert draft.warnings == []
    path, _ = pppdraft.render_docx(draft).save(tmp_path / f"{contract_type}-{lang}.docx")
    text = document_text(path)
    assert raw["municipality"]["name"] in text
    assert raw["project_name"] in text
    assert len(draft.articles) >= 5


def test_contains_the_chosen_alternative_and_no_other(
    scenario: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    contract_type, raw = scenario
    library = pppdraft.load_library()
    draft = pppdraft.build(contract_type, raw, "cs", library=library)
    path, _ = pppdraft.render_docx(draft).save(tmp_path / "chosen.docx")
    text = document_text(path)
    own = draft.plain_text()
    chosen_topics = {c.topic: c for c in draft.clauses if len(library.topic(c.topic)) > 1}
    for topic, chosen in chosen_topics.items():
        for paragraph in chosen.paragraphs:
            assert paragraph.text.replace(" | ", "") in text.replace(" | ", ""), chosen.clause_id
        for other in library.topic(topic):
            if other.id == chosen.clause_id:
                continue
            try:
                alt = pppdraft.build(
                    contract_type, raw, "cs", library=library, choices={topic: other.id}
                )
            except pppdraft.AssemblyError:
                continue  # this alternative needs answers the scenario hides (e.g. extension)
            distinct = [
                p.text
                for p in alt.clause(topic).paragraphs
                if p.text not in own and len(p.text) > 40
            ]
            assert distinct, f"{other.id} reads like {chosen.clause_id}"
            leaked = [p for p in distinct if p in text]
            assert not leaked, (chosen.clause_id, other.id, leaked[:1])
