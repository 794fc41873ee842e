"""The review screen: every answer by section, problems next to them, an edit link each."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import streamlit as st

from pppdraft import Blueprint, Question, check_answers
from pppdraft.answers import PARTY_FIELDS, is_blank
from pppdraft.store import DraftRecord, Store

from .common import need_attention
from .i18n import _, current_lang
from .raw import effective, export_yaml, field_root, visible
from .widgets import PARTY_LABELS

EMPTY = "—"


def show_value(q: Question, value: Any, lang: str) -> str:
    """Return an answer as the user reads it back (labels for options, Yes/No …)."""
    if is_blank(value):
        return EMPTY
    if q.type == "boolean":
        return _("Yes") if value is True else _("No") if value is False else str(value)
    if q.type == "choice":
        return q.option_label(str(value), lang)
    if q.type == "multichoice" and isinstance(value, list):
        return ", ".join(q.option_label(str(v), lang) for v in value)
    if q.type == "date" and isinstance(value, str):
        try:
            d = date.fromisoformat(value)
        except ValueError:
            return value
        return f"{d.day}. {d.month}. {d.year}" if lang == "cs" else d.isoformat()
    if q.type == "party" and isinstance(value, Mapping):
        return _party_text(value)
    if q.type == "parties" and isinstance(value, list):
        return "\n\n".join(
            f"{i}. {_party_text(p)}" for i, p in enumerate(value, 1) if isinstance(p, Mapping)
        )
    return str(value)


def _party_text(party: Mapping[str, Any]) -> str:
    lines = [
        _(PARTY_LABELS[name]) + f": {party[name]}"
        for name in PARTY_FIELDS
        if not is_blank(party.get(name))
    ]
    return "\n".join(lines) or EMPTY


def render(store: Store, record: DraftRecord, bp: Blueprint, go_to: Callable[[str], None]) -> None:
    """Draw the review of a draft's answers."""
    del store
    lang = current_lang()
    raw = record.answers
    _answers, problems = check_answers(bp, effective(bp, raw), lang)
    by_question: dict[str, list[str]] = {}
    for p in problems:
        by_question.setdefault(field_root(p.field), []).append(
            f"{p.label}: {p.message}" if p.label else p.message
        )
    notes = st.session_state.get("journey", {}).pop("notes", None)
    for note in notes or []:
        st.warning(note, icon=":material/info:")
    st.header(_("Review your answers"))
    if problems:
        st.error(
            need_attention(len(problems)),
            icon=":material/error:",
        )
    else:
        st.success(_("All answers are complete."), icon=":material/check_circle:")
    shown = visible(bp, raw)
    for section in bp.sections:
        with st.container(border=True):
            head, button = st.columns([5, 1])
            head.subheader(section.title.get(lang))
            if button.button(_("Edit"), key=f"edit-{section.id}", icon=":material/edit:"):
                go_to(section.id)
            for q in section.questions:
                if q.id not in shown:
                    continue
                label_col, value_col = st.columns([2, 3])
                label_col.markdown(f"**{q.label.get(lang)}**")
                value_col.text(show_value(q, raw.get(q.id), lang))
                for message in by_question.get(q.id, []):
                    value_col.error(message, icon=":material/error:")
    st.download_button(
        _("Download the answers (YAML)"),
        data=export_yaml(bp, raw, lang),
        file_name=f"{bp.id}-answers.yaml",
        mime="application/x-yaml",
        key="download-answers-review",
        on_click="ignore",
        icon=":material/download:",
    )
    back, forward = st.columns([1, 3])
    if back.button(_("Back"), key="back", icon=":material/arrow_back:"):
        go_to(bp.sections[-1].id)
    if forward.button(
        _("Continue to the outline"),
        key="to-outline",
        type="primary",
        disabled=bool(problems),
        icon=":material/arrow_forward:",
    ):
        go_to("outline")
