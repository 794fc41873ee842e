"""The review screen: every answer by section, problems next to them, an edit link each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from pppdraft import Blueprint, Question, check_answers
from pppdraft.answers import is_blank
from pppdraft.store import DraftRecord, Store

from .common import md, need_attention
from .i18n import _, current_lang
from .outline import lawyer_warnings, show_warnings
from .qtypes import EMPTY, ui_type
from .raw import effective, export_yaml, field_root, visible


def show_value(q: Question, value: Any, lang: str) -> str:
    """Return an answer as the user reads it back (labels for options, Yes/No …)."""
    if is_blank(value):
        return EMPTY
    return ui_type(q.type).show(q, value, lang)


def render(store: Store, record: DraftRecord, bp: Blueprint, go_to: Callable[[str], None]) -> None:
    """Draw the review of a draft's answers."""
    del store
    lang = current_lang()
    raw = record.answers
    answers, problems = check_answers(bp, effective(bp, raw), lang)
    by_question: dict[str, list[str]] = {}
    for p in problems:
        by_question.setdefault(field_root(p.field), []).append(
            f"{p.label}: {p.message}" if p.label else p.message
        )
    notes = st.session_state.get("journey", {}).pop("notes", None)
    for note in notes or []:
        st.warning(md(note), icon=":material/info:")
    st.header(_("Review your answers"))
    if problems:
        st.error(
            need_attention(len(problems)),
            icon=":material/error:",
        )
    else:
        st.success(_("All answers are complete."), icon=":material/check_circle:")
    if answers is not None:
        show_warnings(lawyer_warnings(record, bp, answers))
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
        data=export_yaml(bp, raw, lang, record.choices),
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
