"""Drafts that survive: autosave, `?draft=` resume, private sessions, the drafts list, uploads."""

from __future__ import annotations

import sys

from streamlit.testing.v1 import AppTest
from testkit import SCENARIOS
from uihelp import MUNICIPALITY, fill, new_app, page_text, texts

from pppdraft.store import Store
from pppdraft.ui.common import draft_name


def _start(at: AppTest, project: str) -> str:
    """Start a data agreement, name the project (section 2), return the draft id."""
    at.button(key="start-data-agreement").click().run()
    fill(at, "municipality", MUNICIPALITY)
    at.run()
    at.button(key="next").click().run()  # partner missing: stays once
    at.button(key="next").click().run()  # … and continues on the second press
    at.text_input(key="q.project_name").set_value(project).run()
    return str(at.query_params["draft"])


def _upload(at: AppTest, name: str, content: bytes) -> None:
    at.file_uploader(key="upload-answers").upload(name, content, "application/x-yaml").run()
    at.button(key="start-upload").click().run()


def _goto(at: AppTest, page: str) -> None:
    if "draft" in at.query_params:
        at.button(key="new-draft").click().run()
    at.button(key=f"goto-{page}").click().run()
    assert not at.exception, at.exception


class TestResuming:
    def test_reopens_the_draft_of_the_link_where_the_user_was(self, db: str) -> None:
        at = new_app("en")
        draft_id = _start(at, "Chytré osvětlení")
        assert Store(db).get_draft(draft_id) is not None

        # A new browser session (reload, or the server restarted) with the link.
        again = new_app("cs", query={"draft": draft_id})
        assert at.text_input(key="q.project_name").value == "Chytré osvětlení"
        assert again.text_input(key="q.project_name").value == "Chytré osvětlení"
        assert again.session_state["ui_lang"] == "en", "the draft's UI language comes back"
        again.button(key="back").click().run()
        assert again.text_input(key="q.municipality.name").value == MUNICIPALITY["name"]
        assert again.text_input(key="q.municipality.ico").value == MUNICIPALITY["ico"]

    def test_keeps_invalid_answers_as_typed(self, db: str) -> None:
        at = new_app("cs")
        draft_id = _start(at, "Projekt")
        at.text_input(key="q.term_years").set_value("deset").run()
        assert any("celé číslo" in e for e in texts(at, "error"))
        again = new_app("cs", query={"draft": draft_id})
        assert again.text_input(key="q.term_years").value == "deset"

    def test_says_so_when_the_link_is_unknown(self, db: str) -> None:
        at = new_app("cs", query={"draft": "no-such-draft"})
        assert any("Návrh s tímto odkazem neexistuje" in e for e in texts(at, "error"))
        assert at.button(key="start-data-agreement")

    def test_switches_the_ui_language_without_losing_answers(self, db: str) -> None:
        at = new_app("cs")
        _start(at, "Chytré parkování")
        assert "Název projektu" in page_text(at)
        at.sidebar.radio(key="ui-lang-switch").set_value("en").run()
        assert "Project name" in page_text(at)
        assert at.text_input(key="q.project_name").value == "Chytré parkování"
        at.button(key="back").click().run()
        assert at.text_input(key="q.municipality.name").value == MUNICIPALITY["name"]


class TestTwoSessions:
    def test_do_not_see_each_others_answers(self, db: str) -> None:
        alice, bob = new_app("en"), new_app("en")
        alice_id = _start(alice, "Alice's secret lighting project")
        bob_id = _start(bob, "Bob's bike sharing")
        assert alice_id != bob_id
        assert "Alice" not in page_text(bob)
        assert "Bob" not in page_text(alice)

        for at, mine, theirs in ((alice, "Alice", "Bob"), (bob, "Bob", "Alice")):
            _goto(at, "drafts")
            listed = page_text(at)
            assert mine in listed
            assert theirs not in listed
            assert all(theirs not in str(v) for v in at.session_state.to_dict().values())

        # Only someone who knows the id opens the draft.
        carol = new_app("en", query={"draft": alice_id})
        assert carol.text_input(key="q.project_name").value == "Alice's secret lighting project"

    def test_keep_no_user_data_in_module_globals(self, db: str) -> None:
        at = new_app("en")
        _start(at, "Marker-9f3c project")
        for name, module in list(sys.modules.items()):
            if name.startswith("pppdraft"):
                for value in vars(module).values():
                    if isinstance(value, str | dict | list | set | tuple):
                        assert "Marker-9f3c" not in repr(value), name


class TestTheDraftsList:
    def test_reopens_duplicates_and_deletes(self, db: str) -> None:
        at = new_app("en")
        first = _start(at, "Original project")
        _goto(at, "drafts")
        assert "Original project" in page_text(at)

        at.button(key=f"duplicate-{first}").click().run()
        store = Store(db)
        records = store.list_drafts(at.session_state["workspace"])
        assert len(records) == 2
        copy = next(r for r in records if r.id != first)
        original = store.get_draft(first)
        assert original is not None
        # The copy has every answer and a name of its own; the contract's project name stays.
        assert {k: v for k, v in copy.answers.items() if k != "_name"} == original.answers
        assert copy.answers["_name"] == "Original project (copy)"
        assert "Original project (copy)" in page_text(at).replace("\\", "")
        at.button(key=f"duplicate-{first}").click().run()
        names = {draft_name(r) for r in store.list_drafts(at.session_state["workspace"])}
        assert names == {"Original project", "Original project (copy)", "Original project (copy 2)"}

        at.text_input(key=f"rename-{copy.id}").set_value("Lighting, council version").run()
        at.button(key=f"rename-save-{copy.id}").click().run()
        renamed = store.get_draft(copy.id)
        assert renamed is not None
        assert renamed.answers["_name"] == "Lighting, council version"
        assert renamed.answers["project_name"] == "Original project"
        assert "Lighting, council version" in page_text(at).replace("\\", "")

        at.button(key=f"delete-{copy.id}").click().run()
        at.button(key=f"delete-yes-{copy.id}").click().run()
        assert store.get_draft(copy.id) is None
        assert store.get_draft(first) is not None

        at.button(key=f"open-{first}").click().run()
        assert at.query_params["draft"] == first
        assert at.text_input(key="q.project_name").value == "Original project"

    def test_lists_the_drafts_of_a_private_workspace_link(self, db: str) -> None:
        at = new_app("en")
        _start(at, "Kept for later")
        token = at.session_state["workspace"]
        stranger = new_app("en")
        _goto(stranger, "drafts")
        assert "Kept for later" not in page_text(stranger)
        stranger.query_params["workspace"] = token
        stranger.run()
        assert "Kept for later" in page_text(stranger)


class TestUploadingAnswers:
    def test_starts_a_draft_from_a_scenario_file(self, db: str) -> None:
        at = new_app("en")
        path = SCENARIOS / "data-agreement" / "parking-sensors.yaml"
        _upload(at, path.name, path.read_bytes())
        assert not at.exception
        assert any("All answers are complete" in s for s in texts(at, "success"))
        assert "Město Horní Brod" in page_text(at)
        at.button(key="to-outline").click().run()
        at.button(key="build").click().run()
        assert at.session_state["journey"]["last_build"]["files"]

    def test_reports_a_broken_file_and_creates_nothing(self, db: str) -> None:
        at = new_app("en")
        _upload(at, "broken.yaml", b"municipality: [unclosed\n")
        assert any("not valid YAML" in e for e in texts(at, "error"))
        assert "draft" not in at.query_params

    def test_leaves_out_unknown_questions_and_says_which(self, db: str) -> None:
        at = new_app("cs")
        _upload(at, "typo.yaml", "projekt_name: Překlep\nproject_name: Správně\n".encode())
        assert any("projekt_name" in w.replace("\\", "") for w in texts(at, "warning"))
        assert "Správně" in page_text(at)
