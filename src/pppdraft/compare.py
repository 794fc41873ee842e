"""Comparing two drafts of one contract type clause by clause (for the trainer)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .draft import Draft, DraftClause

Difference = Literal["same", "wording", "variant", "only_a", "only_b"]


@dataclass(frozen=True)
class Row:
    """One topic of the two contracts: the clause each has, and how they differ."""

    topic: str
    a: DraftClause | None
    b: DraftClause | None
    difference: Difference


def clause_text(clause: DraftClause) -> str:
    """Return a clause's filled-in text, one paragraph a line, with its numbers."""
    return "\n".join(f"{p.number} {p.text}" if p.number else p.text for p in clause.paragraphs)


def _body(clause: DraftClause) -> str:
    # Numbers shift when another article comes or goes; compare the words only.
    return "\n".join(p.text for p in clause.paragraphs)


def compare(a: Draft, b: Draft) -> list[Row]:
    """Return a row per topic of either contract, in the order of A, then B's extras."""
    by_a = {c.topic: c for c in a.clauses}
    by_b = {c.topic: c for c in b.clauses}
    order = list(by_a) + [t for t in by_b if t not in by_a]
    rows: list[Row] = []
    for topic in order:
        ca, cb = by_a.get(topic), by_b.get(topic)
        difference: Difference
        if ca is None:
            difference = "only_b"
        elif cb is None:
            difference = "only_a"
        elif ca.clause_id != cb.clause_id:
            difference = "variant"
        elif _body(ca) != _body(cb):
            difference = "wording"
        else:
            difference = "same"
        rows.append(Row(topic, ca, cb, difference))
    return rows
