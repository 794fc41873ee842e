"""The Streamlit app starts, offers every contract type and page, and binds to 127.0.0.1."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from testkit import ROOT

import pppdraft
from pppdraft.ui import nav


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("PPPDRAFT_DB", f"sqlite:///{tmp_path / 'app.db'}")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def test_offers_every_contract_type_with_its_description(app: AppTest) -> None:
    shown = " ".join(str(c.value) for c in app.caption)
    for bp in pppdraft.list_blueprints():
        assert app.button(key=f"start-{bp.id}")
        assert bp.description.cs in shown


def test_says_plainly_that_it_is_not_legal_advice(app: AppTest) -> None:
    assert any("Nejde o právní radu" in str(i.value) for i in app.info)
    app.sidebar.radio(key="ui-lang-switch").set_value("en").run()
    assert any("It does not give legal advice" in str(i.value) for i in app.info)


@pytest.mark.parametrize("page", [n for n in nav.names() if n != "draft"])
def test_opens_every_page_in_both_languages(app: AppTest, page: str) -> None:
    app.button(key=f"goto-{page}").click().run()
    assert not app.exception, app.exception
    czech = [str(t.value) for t in app.title]
    app.sidebar.radio(key="ui-lang-switch").set_value("en").run()
    assert not app.exception, app.exception
    english = [str(t.value) for t in app.title]
    assert czech and english and czech != english


def test_binds_to_localhost_by_default() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "HOST ?= 127.0.0.1" in makefile
