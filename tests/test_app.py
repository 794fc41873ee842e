"""The Streamlit app starts and shows the contract types (AppTest, no browser)."""

from __future__ import annotations

from conftest import ROOT
from streamlit.testing.v1 import AppTest


def it_shows_the_contract_types_and_the_disclaimer() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "data-agreement" in text
    assert any("právní" in i.value for i in at.info)
