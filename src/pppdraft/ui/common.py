"""Small shared pieces of the pages: the notice, the cached library, labels, escaping."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from pppdraft import Blueprint, Library, PppDraftError, list_blueprints, load_library
from pppdraft.library import library_stamp
from pppdraft.paths import project_root
from pppdraft.yamlio import parse_yaml

from .i18n import N_, _, current_lang, ngettext

POSITION_LABELS = {
    "preferred": N_("preferred"),
    "fallback": N_("fallback"),
    "last-resort": N_("last resort"),
}
POSITION_COLORS = {"preferred": "green", "fallback": "orange", "last-resort": "red"}
LANG_NAMES = {"cs": N_("Czech"), "en": N_("English"), "cs+en": N_("Czech and English")}
T = TypeVar("T")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


@st.cache_resource(show_spinner=False, max_entries=4)
def _library(root: str, stamp: tuple[tuple[str, int, int], ...]) -> Library:
    del stamp  # part of the cache key only
    return load_library(Path(root))


def cached_library() -> Library:
    """Return the read-only clause library, shared by every session of the server; loaded
    again only when a clause file changes (name, time or size: `library_stamp`)."""
    root = project_root() / "clauses"
    return _library(str(root), library_stamp(root))


def lang_key(key: str) -> str:
    """Return the key of a widget whose option labels are in the UI language.

    Option widgets keep their value as the label text, in the browser too: after a language
    switch the old label matches no option. A key per language starts them afresh from the
    value the app keeps.
    """
    return f"{key}@{current_lang()}"


def select(
    label: str,
    options: Sequence[T],
    labels: Mapping[T, str],
    key: str,
    *,
    default: int = 0,
    where: Any = None,
) -> T:
    """Draw a select box remembering its choice across language switches; return it."""
    memory = f"{key}:chosen"
    remembered = st.session_state.get(memory)
    index = options.index(remembered) if remembered in options else default
    chosen: T = (where or st).selectbox(
        label, options, index=index, format_func=labels.__getitem__, key=lang_key(key)
    )
    st.session_state[memory] = chosen
    return chosen


def blueprints() -> list[Blueprint]:
    """Return the contract types; show the content error instead when one is broken."""
    try:
        return list_blueprints()
    except PppDraftError as exc:
        st.error(_("A contract type cannot be loaded: {error}").format(error=exc))
        return []


def need_attention(n: int) -> str:
    """Return "n answers still need attention" with the plural form of the UI language."""
    return ngettext(
        "{n} answer still needs attention. Use Edit to fix it.",
        "{n} answers still need attention. Use Edit to fix them.",
        n,
    ).format(n=n)


def notice() -> None:
    """Show the plain notice that the tool drafts and does not give legal advice."""
    st.info(
        _(
            "pppdraft assembles draft contracts from a library of model clauses. It does not "
            "give legal advice: a lawyer reviews every draft before it goes to the municipal "
            "body."
        ),
        icon=":material/gavel:",
    )


def md(text: str) -> str:
    """Return user or content text escaped for Markdown, so it shows literally."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def position_badge(position: str) -> None:
    """Show a clause's negotiation position as a coloured badge."""
    label = POSITION_LABELS.get(position, position)
    st.badge(_(label), color=POSITION_COLORS.get(position, "gray"))  # type: ignore[arg-type]


def lang_name(code: str) -> str:
    """Return the name of a document language in the UI language."""
    return _(LANG_NAMES.get(code, code))


def private_link(param: str, value: str) -> str:
    """Return the address of this page with `?param=value` (the query alone if unknown)."""
    url = st.context.url or ""
    base = url.split("?", 1)[0].split("#", 1)[0]
    return f"{base}?{param}={value}"


def slug(text: str, fallback: str) -> str:
    """Return a file-name-safe ASCII slug of `text` (or `fallback`)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:60].strip("-")
    return cleaned or fallback


NAME_KEY = "_name"  # a draft's own name, kept with its answers as `_` metadata


def draft_name(record: Any) -> str:
    """Return the name a user gave a draft, else its project name ("" when neither)."""
    for key in (NAME_KEY, "project_name"):
        value = record.answers.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def scenarios_dir() -> Path:
    """Return the folder of worked scenarios (`scenarios/<contract type>/<name>.yaml`)."""
    return project_root() / "scenarios"


def scenario_text(path: Path, key: str) -> str:
    """Return a scenario's `_title` or `_description` in the UI language ("" when absent)."""
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"), str(path), PppDraftError)
    except (OSError, PppDraftError):
        return ""
    value = data.get(key) if isinstance(data, Mapping) else None
    if isinstance(value, Mapping):
        text = value.get(current_lang()) or value.get("cs") or ""
        return str(text).strip()
    return str(value).strip() if isinstance(value, str) else ""
