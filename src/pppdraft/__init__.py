"""pppdraft: drafts municipal PPP and data-ownership contracts from a vetted clause library.

The public API: load the library and a blueprint, validate answers, assemble a Draft (pure),
render it to Word. The CLI and the Streamlit app use only these names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .answers import Answers, check_answers, skeleton, validate_answers, visible_questions
from .assemble import assemble, check_language
from .blueprint import Blueprint, Question, list_blueprints, load_blueprint
from .draft import Draft, DraftClause, DraftPart, Paragraph
from .errors import (
    AnswersError,
    AssemblyError,
    BlueprintError,
    DocumentError,
    ExpressionError,
    LibraryError,
    PppDraftError,
    RenderError,
    UserInputError,
)
from .library import Clause, Library, load_library

__version__ = "0.1.0"


def render_docx(draft: Draft, **options: Any) -> Any:
    """Return the Rendered contract (.docx bytes + manifest) for a Draft."""
    from .render.docx import render_docx as _render

    return _render(draft, **options)


def build(
    contract_type: str,
    raw_answers: Any,
    lang: str = "cs",
    *,
    library: Library | None = None,
    contracts: Path | None = None,
    choices: dict[str, str] | None = None,
) -> Draft:
    """Return the Draft for raw answers: load, validate (in `lang`), assemble."""
    blueprint = load_blueprint(contract_type, contracts)
    check_language(blueprint, lang)
    answers = validate_answers(blueprint, raw_answers, lang)
    return assemble(blueprint, answers, library or load_library(), lang, choices)


__all__ = [
    "Answers",
    "AnswersError",
    "AssemblyError",
    "Blueprint",
    "BlueprintError",
    "Clause",
    "DocumentError",
    "Draft",
    "DraftClause",
    "DraftPart",
    "ExpressionError",
    "Library",
    "LibraryError",
    "Paragraph",
    "PppDraftError",
    "Question",
    "RenderError",
    "UserInputError",
    "__version__",
    "assemble",
    "build",
    "check_answers",
    "list_blueprints",
    "load_blueprint",
    "load_library",
    "render_docx",
    "skeleton",
    "validate_answers",
    "visible_questions",
]
