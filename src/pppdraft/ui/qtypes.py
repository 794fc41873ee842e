"""The app's part of each question type: widget, review rendering, raw form, start value.

Keyed by the names of the core registry (`pppdraft.qtypes.TYPES`); a test checks that every
core type has an entry here. Nothing else in the app dispatches on type names.

Raw answers hold what the user typed (numbers as text, dates as ISO text), so an invalid
answer is never lost; typed fields are text inputs and nothing typed is silently altered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import streamlit as st
from babel.dates import format_date

from pppdraft import Question
from pppdraft.answers import is_blank
from pppdraft.i18n import locale_of
from pppdraft.qtypes import PARTY_FIELDS

from .common import lang_key
from .i18n import N_, _

FIRST_DATE = date(1990, 1, 1)
LAST_DATE = date(2100, 12, 31)
EMPTY = "—"

PARTY_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "ico": N_("IČO (company ID)"),
    "dic": N_("VAT number (DIČ)"),
    "seat": N_("Registered office"),
    "register_entry": N_("Register entry"),
    "representative": N_("Represented by"),
    "function": N_("Function of the representative"),
    "data_box": N_("Data box ID"),
    "bank_account": N_("Bank account"),
    "email": N_("E-mail"),
    "role": N_("Name used in the contract"),
}
PARTY_HINTS: dict[str, str] = {
    "name": N_("Exact name as in the register, e.g. Město Horní Brod"),
    "ico": N_("8 digits, e.g. 00265411"),
    "dic": N_("CZ and 8 to 10 digits, e.g. CZ00265411"),
    "seat": N_("Street and number, postcode, town"),
    "register_entry": N_("e.g. zapsaná v obchodním rejstříku vedeném …, oddíl C, vložka …"),
    "representative": N_("Full name with titles"),
    "function": N_("e.g. starosta, jednatel"),
    "data_box": N_("7 characters, e.g. 5xbb2kq"),
    "bank_account": N_("[prefix-]number/bank code, e.g. 19-1948275361/0800"),
    "email": N_("e.g. podatelna@mesto.cz"),
    "role": N_("Leave empty for the usual name (Obec, Partner …)"),
}


@dataclass
class Field:
    """What a widget gets: the question's label (with the required mark), help, key, value."""

    label: str
    help: str
    key: str
    current: Any
    lang: str


Widget = Callable[[Question, Field], tuple[Any, str]]  # → (new raw value, help to show)


@dataclass(frozen=True)
class UiType:
    """The app's part of one question type."""

    widget: Widget | None  # None: a block that draws itself (`block`)
    show: Callable[[Question, Any, str], str]  # a non-blank answer as the user reads it back
    raw: Callable[[Question, Any, list[str]], Any]  # an imported value → the widget's raw form
    start: Callable[[], Any] = lambda: None  # the raw value of a new draft without a default
    hint: str | None = None  # placeholder of a text input (an N_ message id)
    block: str | None = None  # "party" / "parties": drawn by widgets.party_block …


# --- raw forms ----------------------------------------------------------------------------


def as_text(value: Any) -> str:
    """Return a raw value as the text a text input shows."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _raw_text(q: Question, value: Any, notes: list[str]) -> Any:
    del q, notes
    return as_text(value)


def _raw_number(q: Question, value: Any, notes: list[str]) -> Any:
    del q, notes
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return as_text(value)


def _raw_ico(q: Question, value: Any, notes: list[str]) -> Any:
    del q, notes
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value).zfill(8)
    return as_text(value)


def _raw_boolean(q: Question, value: Any, notes: list[str]) -> Any:
    del q, notes
    if isinstance(value, bool):
        return value
    low = as_text(value).strip().lower()
    if low in ("true", "yes", "ano", "1"):
        return True
    if low in ("false", "no", "ne", "0"):
        return False
    return as_text(value)


def _raw_list(q: Question, value: Any, notes: list[str]) -> Any:
    del q, notes
    items = value if isinstance(value, list) else [value]
    return [as_text(v) for v in items]


def raw_party(value: Any, notes: list[str], where: str) -> dict[str, str]:
    """Return one party as text fields; what cannot be used is noted and left out."""
    if not isinstance(value, Mapping):
        notes.append(f"{where}: not a party (a mapping of {', '.join(PARTY_FIELDS)}); left empty")
        return {}
    extra = [str(k) for k in value if k not in PARTY_FIELDS]
    if extra:
        notes.append(f"{where}: unknown field(s) {', '.join(extra)} left out")
    out: dict[str, str] = {}
    for key in PARTY_FIELDS:
        raw = value.get(key)
        if raw is None:
            continue
        text = as_text(raw)
        if key == "ico" and isinstance(raw, int) and not isinstance(raw, bool):
            text = text.zfill(8)
        out[key] = text
    return out


def _raw_party(q: Question, value: Any, notes: list[str]) -> Any:
    return raw_party(value, notes, q.id)


def _raw_parties(q: Question, value: Any, notes: list[str]) -> Any:
    if not isinstance(value, list):
        notes.append(f"{q.id}: not a list of parties; left empty")
        return []
    return [raw_party(v, notes, f"{q.id}[{i}]") for i, v in enumerate(value, start=1)]


# --- review rendering ---------------------------------------------------------------------


def _show_text(q: Question, value: Any, lang: str) -> str:
    del q, lang
    return str(value)


def _show_boolean(q: Question, value: Any, lang: str) -> str:
    del q, lang
    return _("Yes") if value is True else _("No") if value is False else str(value)


def _show_choice(q: Question, value: Any, lang: str) -> str:
    return q.option_label(str(value), lang)


def _show_multichoice(q: Question, value: Any, lang: str) -> str:
    if not isinstance(value, list):
        return str(value)
    return ", ".join(q.option_label(str(v), lang) for v in value)


def _show_date(q: Question, value: Any, lang: str) -> str:
    del q
    if not isinstance(value, str):
        return str(value)
    try:
        d = date.fromisoformat(value)
    except ValueError:
        return value
    return format_date(d, "medium", locale=locale_of(lang))  # `1. 1. 2027`, `1 Jan 2027`


def party_text(party: Mapping[str, Any]) -> str:
    """Return a party's filled fields, one per line."""
    lines = [
        _(PARTY_LABELS[name]) + f": {party[name]}"
        for name in PARTY_FIELDS
        if not is_blank(party.get(name))
    ]
    return "\n".join(lines) or EMPTY


def _show_party(q: Question, value: Any, lang: str) -> str:
    del q, lang
    return party_text(value) if isinstance(value, Mapping) else str(value)


def _show_parties(q: Question, value: Any, lang: str) -> str:
    del q, lang
    if not isinstance(value, list):
        return str(value)
    return "\n\n".join(
        f"{i}. {party_text(p)}" for i, p in enumerate(value, 1) if isinstance(p, Mapping)
    )


# --- widgets ------------------------------------------------------------------------------


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def bounds_hint(q: Question) -> str:
    """Return "from 1 to 30" and the like for a number question with bounds."""
    if q.min is not None and q.max is not None:
        return _("from {min} to {max}").format(min=_num(q.min), max=_num(q.max))
    if q.min is not None:
        return _("at least {min}").format(min=_num(q.min))
    if q.max is not None:
        return _("at most {max}").format(max=_num(q.max))
    return ""


def parse_iso(value: Any) -> date | None:
    """Return a date from a date or ISO text; None when it is neither."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _text_input(placeholder: str | None, numeric: bool = False) -> Widget:
    def widget(q: Question, f: Field) -> tuple[Any, str]:
        new = st.text_input(f.label, value=as_text(f.current), key=f.key, placeholder=placeholder)
        bounds = bounds_hint(q) if numeric else ""
        return new, f"{f.help} ({bounds})" if bounds else f.help

    return widget


def _translated_text_input(hint: str, numeric: bool = False) -> Widget:
    def widget(q: Question, f: Field) -> tuple[Any, str]:
        return _text_input(_(hint), numeric)(q, f)

    return widget


def _toggle(q: Question, f: Field) -> tuple[Any, str]:
    del q
    return st.toggle(f.label, value=f.current is True, key=f.key), f.help


def _fmt(q: Question, lang: str) -> Callable[[str], str]:
    def fmt(value: str) -> str:
        return q.option_label(value, lang)

    return fmt


def _choice(q: Question, f: Field) -> tuple[Any, str]:
    options = q.option_values()
    # The option labels are in the UI language: one widget per language (see lang_key).
    key = lang_key(f.key)
    index = options.index(f.current) if f.current in options else None
    fmt = _fmt(q, f.lang)
    if len(options) <= 5:
        return st.radio(f.label, options, index=index, format_func=fmt, key=key), f.help
    return st.selectbox(f.label, options, index=index, format_func=fmt, key=key), f.help


def _multichoice(q: Question, f: Field) -> tuple[Any, str]:
    options = q.option_values()
    chosen = [v for v in (f.current or []) if v in options]
    new = st.multiselect(
        f.label, options, default=chosen, format_func=_fmt(q, f.lang), key=lang_key(f.key)
    )
    return new, f.help


def _date(q: Question, f: Field) -> tuple[Any, str]:
    if not (is_blank(f.current) or parse_iso(f.current) is not None):
        # Text that is not a date stays on screen as typed, with the reason under it.
        return _text_input(_("YYYY-MM-DD or D. M. YYYY"))(q, f)
    picked = st.date_input(
        f.label,
        value=parse_iso(f.current),
        min_value=FIRST_DATE,
        max_value=LAST_DATE,
        format="YYYY-MM-DD" if f.lang == "en" else "DD.MM.YYYY",
        key=f.key,
    )
    return (picked.isoformat() if isinstance(picked, date) else None), f.help


def _longtext(q: Question, f: Field) -> tuple[Any, str]:
    del q
    return st.text_area(f.label, value=as_text(f.current), key=f.key, height=120), f.help


def _number(hint: str) -> UiType:
    return UiType(_translated_text_input(hint, numeric=True), _show_text, _raw_number, hint=hint)


def _typed(hint: str, raw: Callable[[Question, Any, list[str]], Any] = _raw_text) -> UiType:
    return UiType(_translated_text_input(hint), _show_text, raw, hint=hint)


UI_TYPES: dict[str, UiType] = {
    "text": UiType(_text_input(None), _show_text, _raw_text),
    "longtext": UiType(_longtext, _show_text, _raw_text),
    "integer": _number(N_("A whole number")),
    "decimal": _number(N_("A number, e.g. 12,5")),
    "percent": _number(N_("A percentage from 0 to 100, e.g. 99,5")),
    "money": _number(N_("An amount in CZK, e.g. 1 250 000")),
    "date": UiType(_date, _show_date, _raw_text),
    "boolean": UiType(_toggle, _show_boolean, _raw_boolean, start=lambda: False),
    "choice": UiType(_choice, _show_choice, _raw_text),
    "multichoice": UiType(_multichoice, _show_multichoice, _raw_list, start=list),
    "ico": _typed(N_("8 digits, e.g. 00265411"), _raw_ico),
    "dic": _typed(N_("CZ and 8 to 10 digits, e.g. CZ00265411")),
    "bank_account": _typed(N_("[prefix-]number/bank code, e.g. 19-1948275361/0800")),
    "email": _typed(N_("e.g. podatelna@mesto.cz")),
    "data_box": _typed(N_("7 characters, e.g. 5xbb2kq")),
    "iban": _typed(N_("Country code and digits, e.g. CZ65 0800 0000 1920 0014 5399")),
    "party": UiType(None, _show_party, _raw_party, start=dict, block="party"),
    "parties": UiType(None, _show_parties, _raw_parties, start=list, block="parties"),
}


def ui_type(name: str) -> UiType:
    """Return the app's entry of a question type (KeyError names the missing type)."""
    try:
        return UI_TYPES[name]
    except KeyError:
        raise KeyError(f"question type {name!r} has no entry in pppdraft.ui.qtypes") from None
