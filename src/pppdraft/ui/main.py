"""The app's frame: page setup, UI language switch and notice, then the pages."""

from __future__ import annotations

import json

import streamlit as st

from . import nav
from .i18n import UI_LANGS, _, current_lang, set_lang

LANG_WIDGET = "ui-lang-switch"
LANG_LABELS = {"cs": "Čeština", "en": "English"}


def _switch_lang() -> None:
    set_lang(st.session_state[LANG_WIDGET])
    st.session_state["ui_lang_chosen"] = True


def uploader_css() -> str:
    """Return CSS that words Streamlit's file uploader in the UI language.

    Streamlit writes its uploader's button ("Upload") and size note ("25MB per file") in
    English only. The English originals are hidden and the UI language's words shown in
    their place; generated content is part of the button's accessible name in browsers.
    """
    limit = st.get_option("server.maxUploadSize")
    button = json.dumps(_("Upload"), ensure_ascii=False)
    note = json.dumps(_("At most {size} MB per file").format(size=limit), ensure_ascii=False)
    return (
        "<style>"
        "[data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer] p"
        "{display:none}"
        "[data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer]::after"
        f"{{content:{button}}}"
        "[data-testid=stFileUploaderDropzoneInstructions] span{display:none}"
        "[data-testid=stFileUploaderDropzoneInstructions] > div::after"
        f"{{content:{note};font-size:0.875rem;opacity:0.7}}"
        "</style>"
    )


def frame() -> None:
    """Set the page up and draw the sidebar: UI language and the not-legal-advice notice."""
    st.set_page_config(page_title="pppdraft", page_icon=":material/description:", layout="wide")
    lang = current_lang()
    if st.session_state.get(LANG_WIDGET) != lang:
        # Set through the Session State API (not `index=`) so the browser shows it too,
        # e.g. when a reopened draft brings its UI language back.
        st.session_state[LANG_WIDGET] = lang
    st.html(uploader_css())
    with st.sidebar:
        st.radio(
            "Jazyk / Language",
            UI_LANGS,
            format_func=LANG_LABELS.__getitem__,
            horizontal=True,
            key=LANG_WIDGET,
            on_change=_switch_lang,
        )
        st.caption(
            _(
                "pppdraft drafts contracts; it does not give legal advice. A lawyer reviews "
                "every draft."
            )
        )


def run() -> None:
    """Draw the app: the frame, then the page the user is on."""
    frame()
    st.navigation(nav.pages()).run()
