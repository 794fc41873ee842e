"""The pages of the app and moving between them (titles in the UI language)."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import NoReturn

import streamlit as st

from .i18n import N_, _

# name: (url path, title, icon, module with render())
PAGES: dict[str, tuple[str, str, str, str]] = {
    "draft": ("draft", N_("Draft a contract"), ":material/edit_document:", "draft"),
    "drafts": ("drafts", N_("My drafts"), ":material/folder_open:", "drafts"),
    "library": ("library", N_("Clause library"), ":material/menu_book:", "library"),
    "trainer": ("trainer", N_("Trainer"), ":material/school:", "trainer"),
    "check": ("check", N_("Check a contract"), ":material/fact_check:", "check"),
    "batch": ("batch", N_("Many contracts"), ":material/table_view:", "batch"),
}


def checker_available() -> bool:
    """Return True when the contract checker package is installed.

    Looked up without importing it: the checker's imports would cost every first page load,
    and only the Check page needs them.
    """
    try:
        return importlib.util.find_spec("pppdraft.checker") is not None
    except ImportError:
        return False


def names() -> list[str]:
    """Return the names of the pages this installation offers."""
    return [n for n in PAGES if n != "check" or checker_available()]


def _renderer(module: str) -> Callable[[], None]:
    def render() -> None:
        importlib.import_module(f"pppdraft.ui.{module}").render()

    render.__name__ = f"render_{module}"
    return render


def page(name: str) -> st.Page:
    """Return the page called `name` (its title in the session's UI language)."""
    url_path, title, icon, module = PAGES[name]
    return st.Page(
        _renderer(module), title=_(title), icon=icon, url_path=url_path, default=name == "draft"
    )


def pages() -> list[st.Page]:
    """Return every page, the draft page first (it is the default)."""
    return [page(n) for n in names()]


def goto(name: str, query_params: dict[str, str] | None = None) -> NoReturn:
    """Switch to another page, optionally with query parameters."""
    st.switch_page(page(name), query_params=query_params)
    raise AssertionError("unreachable")  # st.switch_page always raises
