"""Dates, times and numbers on screen through Babel, in the UI language and Prague time.

The store keeps times in UTC; a user in a Czech town reads them in Europe/Prague time, in the
form of the UI language (`3. 12. 2026 10:31` in Czech, `3 Dec 2026, 10:31` in English).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from pppdraft.i18n import locale_of

from .i18n import current_lang

PRAGUE = ZoneInfo("Europe/Prague")


def local_now() -> datetime:
    """Return the time now in Prague."""
    return datetime.now(PRAGUE)


def when(moment: datetime, seconds: bool = False) -> str:
    """Return a stored moment (UTC) in Prague time, formatted for the UI language."""
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(PRAGUE)
    date_part = format_date(local.date(), "medium", locale=_locale())
    time_part = format_time(local, "medium" if seconds else "short", locale=_locale())
    separator = ", " if current_lang() == "en" else " "
    return f"{date_part}{separator}{time_part}"


def day(value: date) -> str:
    """Return a date in the UI language (`1. 1. 2027`, `1 Jan 2027`)."""
    return format_date(value, "medium", locale=_locale())


def number(value: int | float | Decimal) -> str:
    """Return a number with the UI language's separators."""
    return format_decimal(value, locale=_locale())


def _locale() -> str:
    return locale_of(current_lang())
