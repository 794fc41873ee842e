"""One widget per question type, fed from and written back to the raw answers.

Every widget gets its value from the raw answers (`value=`), and whatever it returns is
written back, so an answer survives Back/Next, a language switch and a reload. Typed fields
(numbers, IČO, accounts…) are text inputs: nothing the user types is silently altered, and
an invalid entry stays on screen with the reason next to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from pppdraft import Question
from pppdraft.answers import is_blank
from pppdraft.qtypes import PARTY_FIELDS, PARTY_REQUIRED

from .common import md
from .i18n import _
from .qtypes import PARTY_HINTS, PARTY_LABELS, Field, as_text, ui_type
from .session import WIDGET_PREFIX, journey


@dataclass
class Context:
    """What the widgets of one run need: the language, the answers to write to, and slots
    under the fields where the problems go once every answer of the run is known."""

    lang: str
    raw: dict[str, Any]
    show_required: bool
    changed: set[str] = field(default_factory=set)
    rerun: bool = False  # rows were added or removed: draw the section again
    slots: list[tuple[str, Any, Any]] = field(default_factory=list)

    def error_for(self, path: str, value: Any) -> None:
        """Keep a place under the field for its problem (filled by `show_errors`)."""
        self.slots.append((path, value, st.empty()))

    def show_errors(self, problems: Mapping[str, str]) -> None:
        """Show each field's problem under it (a missing answer only once the user tried)."""
        for path, value, slot in self.slots:
            message = problems.get(path)
            if message is None or (is_blank(value) and not self.show_required):
                continue
            slot.error(message, icon=":material/error:")


def key_of(*parts: object) -> str:
    """Return the widget key of a question or of a field of a party."""
    return WIDGET_PREFIX + ".".join(str(p) for p in parts)


def _label(text: str, required: bool) -> str:
    # Plain text: the label is also the field's accessible name (no Markdown in it).
    return f"{text} *" if required else text


def _heading(text: str, required: bool) -> str:
    """Return a group's heading as Markdown: the label bold (escaped), the star after it."""
    return f"**{md(text)}**" + (" \\*" if required else "")


def question(q: Question, ctx: Context) -> None:
    """Draw the widget of one question (its type's, from the registry); keep the answer."""
    entry = ui_type(q.type)
    if entry.block == "party":
        _party_block(q, ctx)
        return
    if entry.block == "parties":
        _parties_block(q, ctx)
        return
    assert entry.widget is not None
    lang = ctx.lang
    current = ctx.raw.get(q.id)
    field_ = Field(
        label=_label(q.label.get(lang), q.required),
        help=q.help.get(lang),
        key=key_of(q.id),
        current=current,
        lang=lang,
    )
    new, help_text = entry.widget(q, field_)
    st.caption(help_text)
    if new != current and not (is_blank(new) and is_blank(current)):
        ctx.raw[q.id] = new
        ctx.changed.add(q.id)
    ctx.error_for(q.id, ctx.raw.get(q.id))


def _party_fields(
    qid: str,
    path: str,
    party: dict[str, Any],
    ctx: Context,
    key_parts: tuple[object, ...],
) -> dict[str, Any]:
    """Draw the fields of one party in two columns; return the party as typed."""
    out = dict(party)
    columns: list[Any] = []
    for i, name in enumerate(PARTY_FIELDS):
        if i % 2 == 0:  # a row of two: the tab order follows the reading order
            columns = list(st.columns(2))
        with columns[i % 2]:
            current = party.get(name)
            value = st.text_input(
                _label(_(PARTY_LABELS[name]), name in PARTY_REQUIRED),
                value=as_text(current),
                key=key_of(*key_parts, name),
                placeholder=_(PARTY_HINTS[name]),
            )
            field_path = f"{path}.{name}"
            if value != as_text(current):
                out[name] = value
                ctx.changed.add(field_path)
            ctx.error_for(field_path, out.get(name))
    if out != party:
        ctx.changed.add(qid)
    return out


def _party_block(q: Question, ctx: Context) -> None:
    lang = ctx.lang
    with st.container(border=True):
        st.markdown(_heading(q.label.get(lang), q.required))
        st.caption(q.help.get(lang))
        ctx.error_for(q.id, None)
        current = ctx.raw.get(q.id)
        party = dict(current) if isinstance(current, Mapping) else {}
        new = _party_fields(q.id, q.id, party, ctx, (q.id,))
        if new != party:
            ctx.raw[q.id] = new


def _row_ids(qid: str, count: int) -> list[str]:
    """Return a stable id per party row, so a row keeps its widgets when another goes.

    (A widget's value lives in the browser too: reusing the key of a removed row for the
    next one would show the removed row's text.)
    """
    rows: dict[str, list[str]] = journey().setdefault("rows", {})
    ids = rows.get(qid)
    if ids is None or len(ids) != count:
        ids = [str(i) for i in range(count)]
        rows[qid] = ids
    return ids


def _new_row_id(qid: str) -> str:
    counters: dict[str, int] = journey().setdefault("next_row", {})
    ids = journey()["rows"][qid]
    number = max([counters.get(qid, 0), *(int(i) + 1 for i in ids)])
    counters[qid] = number + 1
    return str(number)


def _parties_block(q: Question, ctx: Context) -> None:
    lang = ctx.lang
    current = ctx.raw.get(q.id)
    items = [dict(p) if isinstance(p, Mapping) else {} for p in (current or [])]
    ids = _row_ids(q.id, len(items))
    st.markdown(_heading(q.label.get(lang), q.required))
    st.caption(q.help.get(lang))
    ctx.error_for(q.id, items)
    updated: list[dict[str, Any]] = []
    remove: int | None = None
    for i, (row, party) in enumerate(zip(ids, items, strict=True)):
        with st.container(border=True):
            title_col, button_col = st.columns([4, 1])
            title_col.markdown(f"**{q.label.get(lang)} – {i + 1}**")
            if button_col.button(_("Remove"), key=f"remove-{q.id}-{row}", icon=":material/delete:"):
                remove = i
            updated.append(_party_fields(q.id, f"{q.id}[{i + 1}]", party, ctx, (q.id, row)))
    add = st.button(_("Add a party"), key=f"add-{q.id}", icon=":material/person_add:")
    if remove is not None:
        del updated[remove]
        del ids[remove]
        ctx.rerun = True
    if add:
        updated.append({})
        ids.append(_new_row_id(q.id))
        ctx.rerun = True
    if updated != items or remove is not None or add:
        ctx.raw[q.id] = updated
        ctx.changed.add(q.id)
