"""One exception tree: every user-facing error names the place and the fix."""

from __future__ import annotations

import reprlib
from typing import Any

EXCERPT_CHARS = 60


class PppDraftError(Exception):
    """Base of every error pppdraft raises on purpose; `str()` is the user message."""

    exit_code = 1


class UserInputError(PppDraftError):
    """A bad input the user can fix (exit code 2)."""

    exit_code = 2


class LibraryError(UserInputError):
    """A clause file is missing, malformed or inconsistent."""


class BlueprintError(UserInputError):
    """A contract blueprint is malformed or refers to something that does not exist."""


class AnswersError(UserInputError):
    """Answers do not fit the questionnaire; `problems` lists every field at once."""

    def __init__(self, message: str, problems: list[FieldProblem] | None = None) -> None:
        super().__init__(message)
        self.problems: list[FieldProblem] = problems or []


class ExpressionError(UserInputError):
    """A `show_if`, `when` or `pick` expression is invalid or fails."""


class AssemblyError(PppDraftError):
    """The library and the blueprint do not fit together (a content defect)."""

    exit_code = 2


class RenderError(PppDraftError):
    """Writing or converting the document failed."""


class DocumentError(UserInputError):
    """A document given to the checker cannot be read."""


class FieldProblem:
    """One invalid answer: where it is, what is wrong, in the user's language."""

    __slots__ = ("field", "label", "message")

    def __init__(self, field: str, label: str, message: str) -> None:
        self.field = field
        self.label = label
        self.message = message

    def __str__(self) -> str:
        return f"{self.field} ({self.label}): {self.message}"

    def __repr__(self) -> str:
        return f"FieldProblem({self.field!r}, {self.label!r}, {self.message!r})"


class _Excerpt(reprlib.Repr):
    """repr() that stops early: long texts, long lists and deep nesting are cut, never built."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.maxstring = limit
        self.maxother = limit
        self.maxlevel = 3
        self.maxlist = self.maxtuple = self.maxdict = self.maxset = 4

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 64:  # repr() of a 5,000-digit number is itself an error
            return f"<a number of about {int(x.bit_length() * 0.30103) + 1} digits>"
        return repr(x)


def excerpt(value: Any, limit: int = EXCERPT_CHARS) -> str:
    """Return a bounded repr of `value` for an error message (texts cut to `limit`
    characters, with their length), however large or deep the value is."""
    if isinstance(value, str) and len(value) > limit:
        head = value[: limit // 2]
        return f"{head!r}… ({len(value):,} characters)"
    try:
        return _Excerpt(limit).repr(value)
    except Exception:  # a hostile object's repr
        return f"<{type(value).__name__}>"


class Bounded:
    """Wraps a value so that `{value!r}` and `{value}` in a message print a bounded excerpt."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        return excerpt(self.value)

    def __str__(self) -> str:
        return (
            self.value
            if isinstance(self.value, str) and len(self.value) <= EXCERPT_CHARS
            else excerpt(self.value)
        )
