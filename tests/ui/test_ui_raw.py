"""Raw answers: start values, answers files in and out, the trainer's comparison."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from testkit import load_scenario, scenario_files

import pppdraft
from pppdraft.compare import compare
from pppdraft.ui.raw import effective, export_yaml, field_root, import_answers, initial_answers


@pytest.fixture(scope="module")
def bp() -> pppdraft.Blueprint:
    return pppdraft.load_blueprint("data-agreement")


class TestRawAnswers:
    def test_starts_from_the_defaults_as_the_widgets_show_them(
        self, bp: pppdraft.Blueprint
    ) -> None:
        raw = initial_answers(bp)
        assert raw["term_years"] == "5"
        assert raw["api_availability"] == "99.5"
        assert raw["personal_data"] is False
        assert raw["additional_parties"] == []
        assert raw["municipality"] == {}

    def test_reads_an_answers_file_into_text_as_typed(self, bp: pppdraft.Blueprint) -> None:
        imported = import_answers(
            bp,
            "term_years: 8\nstart_date: 2027-01-01\nmunicipality: {ico: 265411}\nfoo: 1\n",
            "a.yaml",
        )
        assert imported.answers["term_years"] == "8"
        assert imported.answers["start_date"] == "2027-01-01"
        assert imported.answers["municipality"] == {"ico": "00265411"}
        assert imported.unknown == ["foo"]

    def test_refuses_what_is_not_an_answers_file(self, bp: pppdraft.Blueprint) -> None:
        with pytest.raises(pppdraft.AnswersError, match=r"b\.yaml"):
            import_answers(bp, "- a list\n", "b.yaml")

    def test_sets_hidden_answers_aside_without_losing_them(self, bp: pppdraft.Blueprint) -> None:
        raw: dict[str, Any] = {"compensation_model": "free", "cost_cap": "not a number"}
        assert "cost_cap" not in effective(bp, raw)
        assert raw["cost_cap"] == "not a number"
        raw["compensation_model"] = "cost-based"
        assert effective(bp, raw)["cost_cap"] == "not a number"

    def test_finds_the_question_of_a_problem(self) -> None:
        assert field_root("additional_parties[2].name") == "additional_parties"
        assert field_root("partner.ico") == "partner"
        assert field_root("term_years") == "term_years"


@pytest.mark.parametrize("path", scenario_files("data-agreement"), ids=lambda p: p.stem)
def test_the_exported_answers_file_rebuilds_the_same_contract(
    bp: pppdraft.Blueprint, path: Any
) -> None:
    scenario = load_scenario(path)
    raw = import_answers(bp, path.read_text(encoding="utf-8"), path.name).answers
    exported = export_yaml(bp, raw, "en")
    assert exported.startswith("# ")
    again = yaml.safe_load(exported)
    original = pppdraft.build("data-agreement", scenario, "cs")
    rebuilt = pppdraft.build("data-agreement", again, "cs")
    assert rebuilt.plain_text() == original.plain_text()


def test_an_incomplete_export_lists_what_is_missing(bp: pppdraft.Blueprint) -> None:
    exported = export_yaml(bp, {**initial_answers(bp), "term_years": "deset"}, "cs")
    assert "# Zatím neúplné:" in exported
    assert "term_years: deset" in exported
    assert yaml.safe_load(exported)["term_years"] == "deset"


def test_the_comparison_names_what_differs(bp: pppdraft.Blueprint) -> None:
    parking = load_scenario(scenario_files("data-agreement")[1])
    village = {**parking, "data_ownership_model": "partner", "exit_days": 60}
    rows = {
        r.topic: r for r in compare(pppdraft.build(bp.id, parking), pppdraft.build(bp.id, village))
    }
    assert rows["data.ownership"].difference == "variant"
    assert rows["data.exit"].difference == "wording"
    assert rows["common.parties"].difference == "same"
