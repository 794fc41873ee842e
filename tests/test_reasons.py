"""Why a clause is in, said through the questions a user answered (pppdraft.reasons)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from testkit import SCENARIOS, load_scenario, scenario_files

import pppdraft
from pppdraft.library import POSITION_ORDER, Library
from pppdraft.reasons import explain
from pppdraft.render.html import draft_html

SYNTAX = re.compile(r"~|==|!=|\{%|\{\{|'[a-z]+\.[a-z.-]+'")


def _explained(contract_type: str, stem: str, lang: str, library: Library) -> Any:
    bp = pppdraft.load_blueprint(contract_type)
    answers = pppdraft.validate_answers(bp, load_scenario(SCENARIOS / contract_type / stem))
    return bp, explain(bp, answers, library, lang)


@pytest.mark.parametrize("lang", ["cs", "en"])
def test_every_reason_of_every_scenario_names_questions_not_expressions(
    lang: str, library: Library
) -> None:
    for path in scenario_files():
        bp, why = _explained(path.parent.name, path.name, lang, library)
        labels = {q.id: q.label.get(lang) for q in bp.questions()}
        sections = {s.id: s.title.get(lang) for s in bp.sections}
        for clause_id, reason in why.reasons.items():
            for fact in reason.facts:
                assert fact.label == labels[fact.question_id], clause_id
                assert fact.section_title == sections[fact.section_id]
                assert not SYNTAX.search(fact.answer + fact.label), (clause_id, fact)


def test_a_computed_condition_is_traced_to_the_question_behind_it(library: Library) -> None:
    _bp, why = _explained("data-agreement", "parking-sensors.yaml", "en", library)
    governance = why.reasons["data.governance"]  # when: long_term = term_years > 10
    assert governance.kind == "not_when"
    assert [(f.question_id, f.answer, f.section_id) for f in governance.facts] == [
        ("term_years", "6", "project")
    ]


def test_an_or_that_holds_names_only_the_answers_that_made_it_hold(library: Library) -> None:
    raw = load_scenario(SCENARIOS / "data-agreement" / "parking-sensors.yaml")
    raw.update(open_data=False, spatial_data=True)
    bp = pppdraft.load_blueprint("data-agreement")
    answers = pppdraft.validate_answers(bp, raw)
    why = explain(bp, answers, library, "cs")
    reason = why.reasons["data.quality-metadata"]  # when: open_data or spatial_data
    assert reason.kind == "when"
    assert [f.question_id for f in reason.facts] == ["spatial_data"]
    assert reason.facts[0].answer == "ano"


def test_one_variant_per_topic_is_recommended_by_position_then_by_the_answers(
    library: Library,
) -> None:
    _bp, why = _explained("data-agreement", "parking-sensors.yaml", "en", library)
    for topic, recommended in why.recommended.items():
        variants = library.topic(topic)
        best = min(POSITION_ORDER[c.position] for c in variants)
        assert POSITION_ORDER[library.get(recommended).position] == best
    # Only the high-risk algorithm variant is "preferred" (the legal review: the two must not
    # both be recommended), so it is recommended even where the answers pick the light one.
    assert why.recommended["data.algorithms"] == "data.algorithms.high-risk"
    assert why.recommended["data.ownership"] == "data.ownership.municipality"


def test_an_outline_choice_is_the_users_and_the_others_say_so(library: Library) -> None:
    bp = pppdraft.load_blueprint("data-agreement")
    raw = load_scenario(SCENARIOS / "data-agreement" / "parking-sensors.yaml")
    answers = pppdraft.validate_answers(bp, raw)
    choices = {"data.ownership": "data.ownership.joint"}
    why = explain(bp, answers, library, "en", choices)
    assert why.reasons["data.ownership.joint"].kind == "override"
    other = why.reasons["data.ownership.municipality"]
    assert (other.kind, other.by_user, other.chosen_clause) == (
        "not_picked",
        True,
        "data.ownership.joint",
    )


def test_the_html_preview_shows_what_the_user_typed_literally(library: Library) -> None:
    raw = load_scenario(SCENARIOS / "data-agreement" / "parking-sensors.yaml")
    raw["project_name"] = "Parking <script>alert(1)</script> & {{ 7*7 }}"
    draft = pppdraft.build("data-agreement", raw, "cs")
    html = draft_html(draft)
    assert "<script>" not in html
    assert "Parking &lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ 7*7 }}" in html
    assert "Smlouva o vlastnictví, zpřístupnění a sdílení dat" in html
    assert "Město Horní Brod" in html and "ParkSense CZ s.r.o." in html
