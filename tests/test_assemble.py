"""Assembly: the right clauses, numbered, cross-referenced, with why each is (not) there."""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any

import pytest
from testkit import load_scenario, scenario_files

import pppdraft
from pppdraft.assemble import parse_markup
from pppdraft.i18n import czech_sort_key

OWNERSHIP = {
    "municipality": "data.ownership.municipality",
    "licence-back": "data.ownership.licence-back",
    "joint": "data.ownership.joint",
    "partner": "data.ownership.partner",
}


def draft_for(raw: dict[str, Any], lang: str = "cs") -> pppdraft.Draft:
    return pppdraft.build("data-agreement", raw, lang)


@pytest.fixture(scope="module", params=[p.stem for p in scenario_files("data-agreement")])
def scenario(request: pytest.FixtureRequest) -> dict[str, Any]:
    from testkit import SCENARIOS

    return load_scenario(SCENARIOS / "data-agreement" / f"{request.param}.yaml")


class TestAssembly:
    @pytest.mark.parametrize("lang", ["cs", "en"])
    def test_numbers_articles_and_sub_clauses_without_gaps(
        self, scenario: dict[str, Any], lang: str
    ) -> None:
        draft = draft_for(scenario, lang)
        assert [a.number for a in draft.articles] == list(range(1, len(draft.articles) + 1))
        for article in draft.articles:
            subs = [p.number for p in article.paragraphs if p.kind == "numbered"]
            assert subs == [f"{article.number}.{i}" for i in range(1, len(subs) + 1)]
            assert subs, f"article {article.number} has no sub-clause"

    @pytest.mark.parametrize("model", list(OWNERSHIP))
    def test_includes_the_chosen_ownership_variant_only(
        self, parking: dict[str, Any], model: str
    ) -> None:
        raw = deepcopy(parking)
        raw["data_ownership_model"] = model
        draft = draft_for(raw)
        ids = [c.clause_id for c in draft.clauses]
        assert OWNERSHIP[model] in ids
        others = set(OWNERSHIP.values()) - {OWNERSHIP[model]}
        assert not others & set(ids)
        not_chosen = {a.clause_id: a for a in draft.alternatives}
        assert others <= set(not_chosen)
        assert all(model in not_chosen[o].why_not for o in others)

    def test_explains_why_each_clause_is_in(self, parking: dict[str, Any]) -> None:
        draft = draft_for(parking, "en")
        assert all(c.why for c in draft.clauses)
        personal = draft.clause("data.personal-data")
        assert (
            "personal_data" in personal.why and "Will personal data be processed?" in personal.why
        )
        assert draft.clause("data.access").why == "always part of this contract"

    def test_leaves_out_conditional_clauses_and_says_why(self, parking: dict[str, Any]) -> None:
        raw = deepcopy(parking)
        raw.update(personal_data=False, cloud=False, algorithms=False)
        draft = draft_for(raw, "en")
        ids = {c.clause_id for c in draft.clauses}
        assert not ids & {
            "data.personal-data.processor",
            "data.cloud-switching",
            "data.citizen-transparency",
        }
        # where the data may be stored is agreed even without cloud or personal data
        assert "data.location-subprocessors" in ids
        why_not = {a.clause_id: a.why_not for a in draft.alternatives}
        assert "does not hold" in why_not["data.cloud-switching"]

    def test_resolves_cross_references_to_real_numbers(self, scenario: dict[str, Any]) -> None:
        draft = draft_for(scenario)
        numbers = {p.number for p in (q for a in draft.articles for q in a.paragraphs)}
        numbers |= {str(a.number) for a in draft.articles}
        text = draft.plain_text()
        assert "\ue000" not in text and "\ue002" not in text
        for clause in draft.clauses:
            assert clause.number is None or clause.number in numbers

    def test_collects_definitions_in_alphabetical_order(self, parking: dict[str, Any]) -> None:
        # Sorted by the Czech term in both languages, so 1.N is the same term in each.
        english = {d.term.cs: d.term.en for c in pppdraft.load_library() for d in c.defines}
        found = {}
        for lang in ("cs", "en"):
            draft = draft_for(parking, lang)
            definitions = draft.clause("common.definitions").paragraphs
            found[lang] = [p.runs[0].text.strip("„“”") for p in definitions if p.runs[0].bold]
        assert len(found["cs"]) >= 8
        assert found["cs"] == sorted(found["cs"], key=czech_sort_key)
        assert found["en"] == [english[t] for t in found["cs"]]

    def test_is_deterministic(self, parking: dict[str, Any]) -> None:
        assert draft_for(parking) == draft_for(parking)

    def test_puts_the_answers_in_the_text(self, parking: dict[str, Any]) -> None:
        text = draft_for(parking).plain_text()
        for value in (
            parking["municipality"]["name"],
            parking["partner"]["name"],
            parking["project_name"],
            parking["resolution_number"],
        ):
            assert value in text
        for line in parking["datasets"].splitlines():
            assert line.strip() in text

    def test_refuses_a_language_the_blueprint_lacks(self, parking: dict[str, Any]) -> None:
        with pytest.raises(pppdraft.AssemblyError, match="not available in 'de'"):
            draft_for(parking, "de")


class TestMarkup:
    def test_splits_paragraphs_points_and_asides(self) -> None:
        parsed = parse_markup(
            "First **Term** here.\nline two\n\nIntro:\n- one\n- two\n> after", "numbered"
        )
        kinds = [p.kind for p in parsed]
        assert kinds == ["numbered", "numbered", "point", "point", "body"]
        first = parsed[0].runs
        assert [(r.text, r.bold) for r in first] == [
            ("First ", False),
            ("Term", True),
            (" here.\nline two", False),
        ]

    def test_keeps_user_markup_literal(self, parking: dict[str, Any]) -> None:
        raw = deepcopy(parking)
        raw["project_name"] = "**not bold** - not a point\n\n> not an aside"
        raw["partner_purposes"] = "- dashes stay\n**stars stay**"
        text = draft_for(raw).plain_text()
        assert "**not bold** - not a point" in text
        assert "- dashes stay" in text and "**stars stay**" in text
        assert re.search(r"\*\*not bold\*\*", text)


class TestOutlineChoices:
    def test_lets_the_user_pick_another_alternative(self, parking: dict[str, Any]) -> None:
        draft = pppdraft.build(
            "data-agreement", parking, "en", choices={"data.ownership": "data.ownership.joint"}
        )
        chosen = draft.clause("data.ownership")
        assert chosen.clause_id == "data.ownership.joint"
        assert "chosen by the user in the outline" in chosen.why
        assert "data.ownership.municipality" in {a.clause_id for a in draft.alternatives}

    def test_refuses_a_choice_that_is_not_a_variant(self, parking: dict[str, Any]) -> None:
        with pytest.raises(pppdraft.AssemblyError, match="not a variant"):
            pppdraft.build("data-agreement", parking, "en", choices={"data.ownership": "data.exit"})


def test_parses_table_rows() -> None:
    parsed = parse_markup("Intro\n\n| Risk | Bears |\n| Demand | Partner |\n\nAfter", "plain")
    assert [p.kind for p in parsed] == ["plain", "header", "row", "plain"]
    assert [r.text for r in parsed[2].runs] == ["Demand", "Partner"]


def test_refers_to_a_given_paragraph_of_a_clause(parking: dict[str, Any]) -> None:
    draft = draft_for(parking, "en")
    clause = draft.clause("common.governing-law-disputes")
    numbers = [p.number for p in clause.paragraphs if p.kind == "numbered"]
    text = draft.plain_text()
    assert f"under clause {numbers[-1]}" in text
