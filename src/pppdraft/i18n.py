"""Formatting in the document language with Babel: dates, money, numbers, Czech sorting."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from .phrases import phrase


def locale_of(lang: str) -> str:
    """Return the Babel locale of a document language (an unknown language raises)."""
    return phrase("locale", lang)


def format_money(amount: Decimal | int | float, lang: str, currency: str = "CZK") -> str:
    """Return money in the document language (`1 250 000,00 Kč`, `CZK 1,250,000.00`)."""
    if currency != "CZK":
        raise ValueError(f"unsupported currency {currency!r}; contracts are in CZK")
    figure = format_decimal(Decimal(str(amount)), format="#,##0.00", locale=locale_of(lang))
    return phrase("money", lang, figure=figure)


def format_number(value: Decimal | int | float, lang: str) -> str:
    """Return a number with the document language's separators."""
    return format_decimal(Decimal(str(value)), locale=locale_of(lang))


def format_percent(value: Decimal | int | float, lang: str) -> str:
    """Return a percentage given as 0–100 (`99,5 %` in Czech, `99.5%` in English)."""
    number = format_decimal(Decimal(str(value)), locale=locale_of(lang))
    return phrase("percent", lang, number=number)


def format_long_date(value: date, lang: str) -> str:
    """Return a date in long form (`1. března 2026`, `1 March 2026`)."""
    return _babel_date(value, "long", locale=locale_of(lang))


# Czech alphabetical order: "ch" after "h"; č ř š ž after c r s z; other accents only break ties.
_CZ_PRIMARY = (
    *"abcčdefgh",
    "ch",
    *"ijklmnopqrřsštuvwxyzž",
)
_CZ_RANK = {letter: i for i, letter in enumerate(_CZ_PRIMARY)}


def czech_sort_key(text: str) -> tuple[tuple[int, ...], str]:
    """Return a key that sorts Czech words as a Czech dictionary does."""
    low = text.lower()
    ranks: list[int] = []
    i = 0
    while i < len(low):
        ch = low[i]
        if low.startswith("ch", i):
            ranks.append(_CZ_RANK["ch"])
            i += 2
            continue
        if ch in _CZ_RANK:
            ranks.append(_CZ_RANK[ch])
        else:
            base = unicodedata.normalize("NFD", ch)[0]
            ranks.append(_CZ_RANK.get(base, 100 + ord(base) if base.isalnum() else 0))
        i += 1
    return tuple(ranks), low


def sort_terms(terms: list[str], lang: str) -> list[str]:
    """Return terms in the alphabetical order of the document language."""
    if phrase("collation", lang) == "czech":
        return sorted(terms, key=czech_sort_key)
    return sorted(terms, key=lambda t: (unicodedata.normalize("NFD", t.lower()), t))


def value_text(value: Any, lang: str) -> str:
    """Return an answer as it reads in a document or message: yes/no, a long date, a number
    with the language's separators, a list joined by commas, nothing for None."""
    if isinstance(value, bool):
        return phrase("yes" if value else "no", lang)
    if isinstance(value, date):
        return format_long_date(value, lang)
    if isinstance(value, Decimal | float):
        return format_number(value, lang)
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v, lang) for v in value)
    if value is None:
        return ""
    return str(value)
