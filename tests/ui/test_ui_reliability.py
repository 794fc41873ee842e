"""The app under concurrent sessions and hostile uploads (issue 11)."""

from __future__ import annotations

import pytest
from testkit import ROOT
from uihelp import docx_text, new_app, page_text, texts

import pppdraft
from pppdraft.store import Store
from pppdraft.ui.raw import initial_answers

VENDOR = ROOT / "tests" / "checker" / "corpus" / "en-02-vendor-terms.md"


def _shared_draft(db: str, answers: dict[str, object] | None = None) -> str:
    bp = pppdraft.load_blueprint("data-agreement")
    store = Store(db)
    raw = initial_answers(bp) | (answers or {})
    record = store.create_draft("shared-ws", bp.id, raw, step="project", ui_lang="en")
    store.close()
    return record.id


def test_two_sessions_editing_different_fields_keep_both(db: str) -> None:
    draft = _shared_draft(db)
    a = new_app("en", {"draft": draft})
    b = new_app("en", {"draft": draft})
    a.text_input(key="q.project_name").set_value("Chytré parkování").run()
    b.text_input(key="q.signing_place").set_value("Horní Brod").run()
    assert not a.exception and not b.exception
    stored = Store(db).get_draft(draft)
    assert stored is not None
    assert stored.answers["project_name"] == "Chytré parkování"
    assert stored.answers["signing_place"] == "Horní Brod"
    b.run()
    assert b.text_input(key="q.project_name").value == "Chytré parkování", "B shows A's answer"
    assert not any("another session" in w for w in texts(b, "warning")), "B changed nothing of A's"


def test_the_second_session_editing_the_same_field_is_told(db: str) -> None:
    draft = _shared_draft(db, {"term_years": "5"})
    a = new_app("en", {"draft": draft})
    b = new_app("en", {"draft": draft})
    a.text_input(key="q.term_years").set_value("8").run()
    b.text_input(key="q.term_years").set_value("12").run()
    assert not b.exception, b.exception
    warnings = " ".join(texts(b, "warning")).replace("\\", "")
    assert "another session" in warnings and "8" in warnings and "12" in warnings
    assert b.text_input(key="q.term_years").value == "8", "B is shown the newer value"
    stored = Store(db).get_draft(draft)
    assert stored is not None and stored.answers["term_years"] == "8"
    # told, B may enter its value again on top of the newer one
    b.text_input(key="q.term_years").set_value("12").run()
    stored = Store(db).get_draft(draft)
    assert stored is not None and stored.answers["term_years"] == "12"


def test_a_draft_deleted_elsewhere_is_not_brought_back(db: str) -> None:
    draft = _shared_draft(db)
    a = new_app("en", {"draft": draft})
    Store(db).delete_draft(draft, "shared-ws")
    a.text_input(key="q.project_name").set_value("Zpět?").run()
    assert not a.exception, a.exception
    assert Store(db).get_draft(draft) is None


def test_a_stored_draft_with_an_invalid_answer_opens_and_shows_it(db: str) -> None:
    draft = _shared_draft(db, {"term_years": "9" * 5000})
    at = new_app("en", {"draft": draft})
    assert not at.exception, at.exception
    assert any("whole number" in e for e in texts(at, "error")), texts(at, "error")
    at.text_input(key="q.term_years").set_value("6").run()
    stored = Store(db).get_draft(draft)
    assert stored is not None and stored.answers["term_years"] == "6"


def _upload_answers(at: object, name: str, content: bytes) -> None:
    at.file_uploader(key="upload-answers").upload(name, content, "application/x-yaml").run()  # type: ignore[attr-defined]
    at.button(key="start-upload").click().run()  # type: ignore[attr-defined]


def test_markdown_in_the_keys_of_an_uploaded_file_is_shown_literally(db: str) -> None:
    at = new_app("en")
    key = "![x](https://tracker.example/pixel.png)"
    _upload_answers(at, "keys.yaml", f'"{key}": 1\nproject_name: Test\n'.encode())
    assert not at.exception, at.exception
    warnings = texts(at, "warning")
    shown = [w for w in warnings if "pixel" in w]
    assert shown and all("![" not in w for w in shown), warnings
    assert any(key in w.replace("\\", "") for w in shown)


def test_an_alias_bomb_upload_is_refused_and_creates_nothing(db: str) -> None:
    at = new_app("en")
    bomb = 'a: &a ["lol", "lol", "lol"]\nb: &b [*a, *a, *a]\nproject_name: *b\n'
    _upload_answers(at, "bomb.yaml", bomb.encode())
    assert any("anchors and aliases" in e for e in texts(at, "error"))
    assert "draft" not in at.query_params


def _check(at: object, name: str, data: bytes) -> None:
    at.button(key="goto-check").click().run()  # type: ignore[attr-defined]
    at.file_uploader(key="check-upload").upload(name, data).run()  # type: ignore[attr-defined]


def test_a_check_over_the_time_limit_is_stopped_and_named(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PPPDRAFT_CHECK_SECONDS", "0.001")
    at = new_app("en")
    _check(at, VENDOR.name, VENDOR.read_bytes())
    assert not at.exception, at.exception
    assert any("longer than" in e and VENDOR.name in e for e in texts(at, "error"))


def test_a_control_character_in_an_upload_still_gives_the_report(db: str) -> None:
    text = VENDOR.read_text(encoding="utf-8").replace("Platform Data", "Platform\x01 Data", 1)
    at = new_app("en")
    _check(at, "control.md", text.encode())
    assert not at.exception, at.exception
    found = at.session_state["check"]
    quoted = [e.text for i in found["report"].items for e in i.evidence]
    assert any("\x01" in q for q in quoted), "the control character reaches the memo"
    assert "Contract check" in docx_text(found["memo"])
    assert "Findings" in page_text(at)


def test_a_hostile_upload_is_named_on_the_check_page(db: str) -> None:
    from checker.hostile import deeply_nested_docx

    at = new_app("en")
    _check(at, "deep.docx", deeply_nested_docx(20_000))
    assert not at.exception, at.exception
    assert any("256 levels" in e for e in texts(at, "error"))


def test_an_answer_over_the_limit_is_named_and_the_others_kept(db: str) -> None:
    draft = _shared_draft(db)
    at = new_app("en", {"draft": draft})
    at.text_input(key="q.project_name").set_value("Chytré parkování").run()
    at.text_input(key="q.signing_place").set_value("x" * 25_000).run()
    assert not at.exception, at.exception
    assert any("20,000" in e for e in texts(at, "error"))
    stored = Store(db).get_draft(draft)
    assert stored is not None
    assert stored.answers["project_name"] == "Chytré parkování"
    assert len(stored.answers.get("signing_place") or "") < 20_000


def test_moving_on_in_a_draft_deleted_elsewhere_closes_it(db: str) -> None:
    draft = _shared_draft(db)
    at = new_app("en", {"draft": draft})
    Store(db).delete_draft(draft, "shared-ws")
    at.button(key="next").click().run()
    assert not at.exception, at.exception
    assert any("deleted in another session" in e for e in texts(at, "error"))
    assert Store(db).get_draft(draft) is None
