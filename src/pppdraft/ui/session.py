"""Per-session state: the store connection, the workspace, the open draft.

Everything here lives in `st.session_state`, so two browser sessions never share answers;
only a draft or workspace id that a user knows (from the link) opens the same data.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from pppdraft.store import DraftRecord, Store, new_id

STORE_KEY = "_pppdraft_store"
WORKSPACE_KEY = "workspace"
JOURNEY_KEY = "journey"
WIDGET_PREFIX = "q."  # keys of the questionnaire's widgets
DRAFT_PARAM = "draft"
WORKSPACE_PARAM = "workspace"


def store() -> Store:
    """Return this session's store (`PPPDRAFT_DB`, or the SQLite file in the data folder)."""
    found = st.session_state.get(STORE_KEY)
    if not isinstance(found, Store):
        found = Store()
        st.session_state[STORE_KEY] = found
    return found


def workspace() -> str:
    """Return this session's workspace token, making one on first use."""
    token = st.session_state.get(WORKSPACE_KEY)
    if not isinstance(token, str) or not token:
        token = new_id()
        st.session_state[WORKSPACE_KEY] = token
    return token


def adopt_workspace(token: str) -> None:
    """Make `token` (from a draft or a workspace link) this session's workspace."""
    st.session_state[WORKSPACE_KEY] = token


def journey() -> dict[str, Any]:
    """Return the session's journey state: open draft id, touched sections, last build."""
    state = st.session_state.get(JOURNEY_KEY)
    if not isinstance(state, dict):
        state = {"draft_id": None, "touched": [], "last_build": None}
        st.session_state[JOURNEY_KEY] = state
    return state


def clear_widgets(prefix: str = WIDGET_PREFIX) -> None:
    """Forget the state of widgets whose key starts with `prefix`.

    Widgets keep their own value over `value=`; after the answers change from outside
    (another draft, an uploaded file, a removed party) they must start again from the answers.
    """
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[key]


def open_draft(record: DraftRecord) -> None:
    """Make `record` the session's open draft (its workspace becomes the session's)."""
    state = journey()
    if state.get("draft_id") != record.id:
        state.update(touched=[], last_build=None, rows={}, next_row={})
    state["draft_id"] = record.id
    adopt_workspace(record.workspace)
    clear_widgets()
    clear_widgets("choice-")
    st.query_params[DRAFT_PARAM] = record.id


def close_draft() -> None:
    """Leave the open draft (it stays in the store)."""
    state = journey()
    state.update(draft_id=None, touched=[], last_build=None, rows={}, next_row={})
    clear_widgets()
    if DRAFT_PARAM in st.query_params:
        del st.query_params[DRAFT_PARAM]
