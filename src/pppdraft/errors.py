"""One exception tree: every user-facing error names the place and the fix."""

from __future__ import annotations


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
