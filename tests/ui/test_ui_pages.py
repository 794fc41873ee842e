"""The clause library browser, the trainer, and every contract type through the questionnaire."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from testkit import SCENARIOS, edit_yaml
from uihelp import choice, docx_text, new_app, page_text, texts

import pppdraft
from pppdraft.assemble import ANCHOR
from pppdraft.compare import compare
from pppdraft.library import approve_clause


def _goto(at: AppTest, page: str) -> AppTest:
    at.button(key=f"goto-{page}").click().run()
    assert not at.exception, at.exception
    return at


class TestTheLibraryBrowser:
    def test_shows_every_clause_in_both_languages_with_guidance_and_sources(self, db: str) -> None:
        at = _goto(new_app("en"), "library")
        assert len(at.expander) <= 12, "a page of topics at a time"
        at.text_input(key="lib-text").set_value("data.exit").run()
        library = pppdraft.load_library()
        shown = page_text(at).replace("\\", "")  # Markdown escapes
        clause = library.get("data.exit")
        for lang in ("cs", "en"):  # the text before the first placeholder, then it in words
            first = ANCHOR.sub("", clause.text.get(lang).strip().splitlines()[0])
            first = first.removeprefix("[#handover] ")  # an anchor is a name, not printed
            assert first.split("{{")[0].strip() in shown
        assert "{{" not in shown and "{%" not in shown
        assert "[“Period to hand over data at the end (days)”]" in shown
        assert clause.sources[0].split("§")[0].strip() in shown
        assert f"data.exit · version {clause.version}" in shown

    def test_searches_by_text_and_topic_and_type(self, db: str) -> None:
        at = _goto(new_app("cs"), "library")
        at.text_input(key="lib-text").set_value("cloud EU").run()
        found = texts(at, "caption")
        assert any(c.startswith("Nalezen") and "témat" in c for c in found)
        assert at.expander, "the matching topics are listed"
        assert len(at.expander) < len(pppdraft.load_library())
        at.text_input(key="lib-text").set_value("").run()
        at.selectbox(key="lib-topic-@cs").set_value("data.ownership").run()
        assert len(at.expander) == 1
        alternatives = pppdraft.load_library().topic("data.ownership")
        assert len(at.columns) >= len(alternatives), "alternatives stand side by side"
        at.selectbox(key="lib-topic-@cs").set_value("*").run()
        at.selectbox(key="lib-type@cs").set_value("data-agreement").run()
        assert "ppp." not in " ".join(texts(at, "caption"))

    def test_flags_a_clause_modified_since_approval(self, db: str, project_copy: Path) -> None:
        library = pppdraft.load_library(project_copy / "clauses")
        path = approve_clause(library, "data.exit", "JUDr. Eva Svobodová", date(2026, 1, 5))
        approve_clause(library, "data.audit", "JUDr. Eva Svobodová", date(2026, 1, 5))
        edit_yaml(path, lambda d: d["text"].update(cs=d["text"]["cs"] + "\nDoplněná věta."))
        at = _goto(new_app("en"), "library")
        at.text_input(key="lib-text").set_value("data.exit").run()
        errors = texts(at, "error")
        assert any("Modified since approval" in e and "Svobodová" in e for e in errors)
        at.text_input(key="lib-text").set_value("data.audit").run()
        assert any(
            "Approved by JUDr. Eva Svobodová on 5 Jan 2026" in s for s in texts(at, "success")
        )


class TestTheTrainer:
    def test_opens_a_scenario_as_a_draft_in_one_click(self, db: str) -> None:
        at = _goto(new_app("en"), "trainer")
        at.button(key="open-scenario:data-agreement/parking-sensors").click().run()
        assert not at.exception
        assert "draft" in at.query_params
        assert choice(at, "data.ownership").value == "data.ownership.municipality"
        at.button(key="build").click().run()
        text = docx_text(at.session_state["journey"]["last_build"]["files"][0]["docx"])
        assert "Chytré parkování v centru města Horní Brod" in text

    def test_shows_the_drafting_note_of_every_clause(self, db: str) -> None:
        at = _goto(new_app("cs"), "trainer")
        at.selectbox(key="notes-set@cs").set_value("scenario:data-agreement/parking-sensors").run()
        shown = page_text(at)
        draft = pppdraft.build("data-agreement", _scenario("data-agreement", "parking-sensors"))
        for clause in draft.clauses:
            assert clause.title in shown.replace("\\", "")
            first = clause.guidance.split(".")[0][:60]
            assert first.replace("\\", "") in shown.replace("\\", ""), clause.clause_id

    def test_compares_two_answer_sets_side_by_side(self, db: str) -> None:
        at = _goto(new_app("en"), "trainer")
        at.selectbox(key="compare-a@en").set_value("scenario:data-agreement/parking-sensors").run()
        at.selectbox(key="compare-b-data-agreement@en").set_value(
            "scenario:data-agreement/village-weather"
        ).run()
        shown = page_text(at)
        a = pppdraft.build("data-agreement", _scenario("data-agreement", "parking-sensors"), "en")
        b = pppdraft.build("data-agreement", _scenario("data-agreement", "village-weather"), "en")
        title = a.clause("data.ownership").title
        assert f"**{title}** · different variant" in shown
        assert b.clause("data.ownership").title in shown
        differing = [r for r in compare(a, b) if r.difference != "same"]
        rows = [m for m in texts(at, "markdown") if m.startswith("**") and "** · " in m]
        rows = [m for m in rows if "Drafting note" not in m]
        assert len(rows) == len(differing)
        at.toggle(key="compare-all").set_value(True).run()
        rows = [m for m in texts(at, "markdown") if m.startswith("**") and "** · " in m]
        assert len([m for m in rows if "Drafting note" not in m]) == len(compare(a, b))


def _scenario(contract_type: str, name: str) -> dict[str, object]:
    from testkit import load_scenario

    return load_scenario(SCENARIOS / contract_type / f"{name}.yaml")


BLUEPRINTS = [bp.id for bp in pppdraft.list_blueprints()]


def _widget_keys(at: AppTest) -> set[str]:
    kinds = ("text_input", "text_area", "toggle", "radio", "selectbox", "multiselect")
    keys = {str(w.key) for kind in (*kinds, "date_input") for w in getattr(at, kind)}
    adders = {str(b.key)[4:] for b in at.button if str(b.key).startswith("add-")}
    return {k.split(".")[1].split("@")[0] for k in keys if k.startswith("q.")} | adders


@pytest.mark.parametrize("contract_type", BLUEPRINTS)
def test_every_contract_type_runs_from_its_first_scenario_to_the_document(
    db: str, contract_type: str
) -> None:
    """Every section shows a widget for each of its questions, filled from the answers file."""
    bp = pppdraft.load_blueprint(contract_type)
    scenarios = sorted((SCENARIOS / contract_type).glob("*.yaml"))
    at = new_app("en")
    if not scenarios:  # a type still without examples: walk the empty questionnaire
        at.button(key=f"start-{contract_type}").click().run()
        for _section in bp.sections:
            at.button(key="next").click().run()
            if any(b.key == "continue-anyway" for b in at.button):
                at.button(key="continue-anyway").click().run()
        assert not at.exception
        assert "Review your answers" in page_text(at)
        return
    path = scenarios[0]
    try:
        expected = pppdraft.build(contract_type, _scenario(contract_type, path.stem), "en")
    except pppdraft.PppDraftError as exc:  # content still being written: the app says why
        expected, problem = None, str(exc).splitlines()[0]
    at.selectbox(key="upload-type@en").set_value(contract_type).run()
    at.file_uploader(key="upload-answers").upload(path.name, path.read_bytes()).run()
    at.button(key="start-upload").click().run()
    assert not at.exception
    assert not texts(at, "error"), texts(at, "error")

    at.button(key=f"edit-{bp.sections[0].id}").click().run()
    for section in bp.sections:
        assert not at.exception, at.exception
        shown = _widget_keys(at)
        for q in section.questions:
            if q.id in pppdraft.visible_questions(bp, _scenario(contract_type, path.stem)):
                assert q.id in shown, f"{section.id}: no widget for {q.id} ({q.type})"
        at.button(key="next").click().run()
    assert "Review your answers" in page_text(at)
    at.button(key="to-outline").click().run()
    if expected is None:
        assert texts(at, "error"), f"the outline says the contract cannot be built: {problem}"
        assert not at.exception
        return
    at.button(key="build").click().run()
    assert not at.exception
    [document] = at.session_state["journey"]["last_build"]["files"]
    text = docx_text(document["docx"])
    assert expected.title in text
    assert expected.subtitle is None or expected.subtitle in text
