"""UI strings through gettext catalogs (Babel) in the session's UI language.

Message ids are English; `src/pppdraft/locale/{cs,en}/LC_MESSAGES/pppdraft.po` translate
them (`make messages` extracts, `make compile-messages` builds the .mo files loaded here).
The UI language lives in the session, never in a module global.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

import streamlit as st

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "pppdraft"
UI_LANGS = ("cs", "en")
LANG_KEY = "ui_lang"


@cache
def translations(lang: str) -> gettext.GNUTranslations:
    """Return the compiled catalog of a UI language (read once per process; read-only)."""
    try:
        found = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])
    except FileNotFoundError:
        raise RuntimeError(
            f"the {lang!r} UI catalog is not compiled; run `make compile-messages`"
        ) from None
    assert isinstance(found, gettext.GNUTranslations)
    return found


def translate(message: str, lang: str) -> str:
    """Return `message` in `lang`."""
    return translations(lang).gettext(message)


def current_lang() -> str:
    """Return the session's UI language (`cs` until the user or the draft says otherwise)."""
    lang = st.session_state.get(LANG_KEY)
    return lang if lang in UI_LANGS else "cs"


def set_lang(lang: str) -> None:
    """Switch the session's UI language."""
    if lang in UI_LANGS:
        st.session_state[LANG_KEY] = lang


def _(message: str) -> str:
    """Return `message` in the session's UI language."""
    return translate(message, current_lang())


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the plural form for `n` in the session's UI language (Czech has three)."""
    return translations(current_lang()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction; translate it later with `_`."""
    return message
