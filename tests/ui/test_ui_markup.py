"""One rendering of clause markup: escaped, bold kept, Jinja said in words; scenario metadata."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from testkit import SCENARIOS, load_scenario, scenario_files
from uihelp import new_app, page_text

import pppdraft
from pppdraft.answers import check_answers
from pppdraft.library import Library
from pppdraft.ui.i18n import set_lang
from pppdraft.ui.markup import clause_markdown, jinja_in_words, source_markdown
from pppdraft.ui.raw import import_answers
from pppdraft.yamlio import parse_yaml


@pytest.fixture(params=["cs", "en"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    set_lang(request.param)
    yield str(request.param)
    st.session_state.clear()  # the bare-mode session outlives the test


def test_no_clause_of_the_library_shows_jinja(lang: str, library: Library) -> None:
    for clause in library:
        for code in ("cs", "en"):
            shown = source_markdown(clause.text.get(code), library=library)
            assert "{%" not in shown and "{{" not in shown and "%}" not in shown, clause.id
            assert "==" not in shown and "~" not in shown, clause.id


def test_a_condition_reads_as_the_question_in_words(lang: str, library: Library) -> None:
    bp = pppdraft.load_blueprint("data-agreement")
    label = bp.question("personal_data").label.get(lang)
    role = bp.question("personal_data_role")
    source = "{% if personal_data and personal_data_role == 'processor' %}Zpracovatel.{% endif %}"
    shown = source_markdown(source).replace("\\", "")
    when = "jen když" if lang == "cs" else "only when"
    assert f"[{when} “{label}”" in shown
    assert role.option_label("processor", lang) in shown
    assert "Zpracovatel." in shown


def test_user_text_shows_literally_and_bold_stays_bold(library: Library) -> None:
    set_lang("cs")
    raw = {"project_name": "Park *A* [B] {{ 7*7 }}"}
    answers = {**load_scenario(SCENARIOS / "data-agreement" / "parking-sensors.yaml"), **raw}
    draft = pppdraft.build("data-agreement", answers, "cs")
    recitals = clause_markdown(draft.clause("common.recitals"))
    assert "Park \\*A\\* \\[B\\] \\{\\{ 7\\*7 \\}\\}" in recitals  # escaped, shown as typed
    parties = clause_markdown(draft.clause("common.parties"))
    assert "**Město Horní Brod**" in parties  # bold, no space inside the stars
    assert not re.search(r"(^|\s)\*\*\s", parties, re.MULTILINE), "no `** x` that is not bold"
    shown = source_markdown("{{ project_name }} **Smluvní strany**")
    assert shown.startswith("*\\[")  # the placeholder in words, in italics
    assert "**Smluvní strany**" in shown


def test_a_diff_line_says_its_references_in_words(library: Library) -> None:
    set_lang("en")
    line = "+[en] under clause {{ ref('data.exit') }} of the Agreement"
    said = jinja_in_words(line, library)
    assert "{{" not in said
    assert "[the number of the clause “" in said


def test_every_scenario_has_a_title_and_description_in_both_languages() -> None:
    for path in scenario_files():
        data = parse_yaml(path.read_text(encoding="utf-8"), str(path), ValueError)
        for key in ("_title", "_description"):
            assert set(data[key]) == {"cs", "en"}, (path, key)
            assert all(str(v).strip() for v in data[key].values()), (path, key)


def test_metadata_keys_are_left_out_of_the_answers_in_one_place(tmp_path: Path) -> None:
    bp = pppdraft.load_blueprint("data-agreement")
    path = SCENARIOS / "data-agreement" / "parking-sensors.yaml"
    data = parse_yaml(path.read_text(encoding="utf-8"), str(path), ValueError)
    data["_contract_type"] = "data-agreement"
    data["_choices"] = {"data.ownership": "data.ownership.joint"}
    answers, problems = check_answers(bp, data, "en")
    assert answers is not None and not problems
    assert "_title" not in answers.values
    imported = import_answers(bp, path.read_text(encoding="utf-8"), path.name)
    assert not imported.unknown
    assert imported.metadata["_title"]["en"] == "Smart parking with sensors and cameras"
    # A real unknown key is still reported.
    data["personal_dta"] = True
    _answers, problems = check_answers(bp, data, "en")
    assert [p.field for p in problems] == ["personal_dta"]


@pytest.mark.parametrize("ui", ["cs", "en"])
def test_the_outline_gives_reasons_in_words_with_a_way_back(ui: str, db: str) -> None:
    at = new_app(ui)
    at.button(key="goto-trainer").click().run()
    at.button(key="open-scenario:data-agreement/parking-sensors").click().run()
    assert not at.exception
    shown = page_text(at)
    for syntax in ("{%", "{{", "~", "==", "`personal_data", "data.ownership.'"):
        assert syntax not in shown
    bp = pppdraft.load_blueprint("data-agreement")
    assert bp.question("algorithm_use").label.get(ui) in shown.replace("\\", "")
    labels = [r for r in at.radio if str(r.key).startswith("choice-")]
    word = "doporučená" if ui == "cs" else "recommended"
    for radio in labels:
        options = [str(o) for o in radio.options]  # the labels as shown
        assert sum(f"({word})" in o for o in options) == 1, options
    # A reason's section button leads back to the question (data governance is left out
    # because of a 6-year term, asked in the Project section).
    at.button(key="left-out-data.governance-goto-project").click().run()
    assert at.text_input(key="q.term_years").value == "6"
