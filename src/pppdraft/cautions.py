"""Warnings a lawyer must see: last-resort clauses and answers that are odd together.

Both are derived, never stored: a clause is last-resort when its library entry says
`position: last-resort`; an odd combination is a blueprint check (`contracts/_checks.yaml`,
or a blueprint's own `checks`) whose `when` holds for the answers. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable

from .answers import Answers
from .blueprint import Blueprint
from .draft import DraftClause
from .expressions import evaluate, names_in
from .i18n import value_text
from .phrases import phrase

LAST_RESORT = "last-resort"


def answer_cautions(blueprint: Blueprint, answers: Answers, lang: str) -> list[str]:
    """Return the message of every check that holds for the answers (unanswered: skipped)."""
    ctx = answers.context()
    out: list[str] = []
    for check in blueprint.checks:
        names = names_in(check.when)
        if any(ctx.get(name) is None for name in names):
            continue  # hidden or unanswered: nothing to compare yet
        where = f"{blueprint.id}: check {check.id!r}"
        if evaluate(check.when, ctx, where):
            values = {name: value_text(ctx[name], lang) for name in names}
            out.append(check.message.get(lang).format(**values))
    return out


def clause_cautions(clauses: Iterable[DraftClause], lang: str) -> list[str]:
    """Return a warning for every included clause the library marks as a last resort."""
    return [
        phrase("last_resort", lang, title=c.title, clause=c.clause_id)
        for c in clauses
        if c.position == LAST_RESORT
    ]
