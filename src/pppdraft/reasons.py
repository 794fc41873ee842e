"""Why each clause is in the contract, as facts a form user recognises.

The blueprint decides with expressions (`when`, `pick`, computed values); a user knows only
the questions they answered. This module turns each decision into the answers that made it
(question label, the answer in words, the section that asks it) so the interface can say
"included because you answered …" without showing an expression or an id. It also names the
one recommended variant of every topic. Pure: no I/O, no interface strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .answers import Answers
from .blueprint import Blueprint, Question, Slot
from .errors import PppDraftError
from .expressions import evaluate
from .i18n import format_long_date, format_number
from .library import POSITION_ORDER, Clause, Library
from .phrases import phrase
from .qtypes import spec_of

ReasonKind = Literal["always", "when", "picked", "override", "not_when", "not_picked"]
_PARSER = ImmutableSandboxedEnvironment()
LONGEST_ANSWER = 80


@dataclass(frozen=True)
class Fact:
    """One answer that decided something: which question, what the user answered, where."""

    question_id: str
    label: str
    answer: str
    section_id: str
    section_title: str


@dataclass(frozen=True)
class Reason:
    """Why a clause is in the contract, or why an alternative is not."""

    kind: ReasonKind
    facts: list[Fact] = field(default_factory=list)
    chosen_clause: str | None = None  # for not_picked: the variant used instead
    by_user: bool = False  # for not_picked: the user chose another variant in the outline


@dataclass(frozen=True)
class Explanation:
    """The reason of every clause of the topics and slots, and each topic's recommended variant."""

    reasons: dict[str, Reason]
    recommended: dict[str, str]


def answer_in_words(q: Question, value: Any, lang: str) -> str:
    """Return an answer as a user reads it back (option labels, yes/no, formatted numbers)."""
    if value is None or value == "" or value == []:
        return "—"
    words = spec_of(q.type).words
    if words is not None:
        return words(q, value, lang)
    if isinstance(value, bool):  # a computed condition, not a question
        return phrase("yes" if value else "no", lang)
    if isinstance(value, int | float | Decimal):
        return format_number(Decimal(str(value)), lang)
    if isinstance(value, date):
        return format_long_date(value, lang)
    if isinstance(value, Mapping):
        return str(value.get("name") or "—")
    if isinstance(value, list):
        return str(len(value))
    text = " ".join(str(value).split())
    return text if len(text) <= LONGEST_ANSWER else text[: LONGEST_ANSWER - 1] + "…"


def _names(node: nodes.Node) -> list[str]:
    found: list[str] = [node.name] if isinstance(node, nodes.Name) else []
    for name in node.find_all(nodes.Name):
        if name.name not in found:
            found.append(name.name)
    return found


def _truth(node: nodes.Node, ctx: Mapping[str, Any]) -> bool | None:
    """Return the truth of a simple operand (a name, `not name`, a constant), else None."""
    if isinstance(node, nodes.Name):
        return bool(ctx.get(node.name))
    if isinstance(node, nodes.Not):
        inner = _truth(node.node, ctx)
        return None if inner is None else not inner
    if isinstance(node, nodes.Const):
        return bool(node.value)
    if isinstance(node, nodes.And | nodes.Or):
        left, right = _truth(node.left, ctx), _truth(node.right, ctx)
        if left is None or right is None:
            return None
        return (left and right) if isinstance(node, nodes.And) else (left or right)
    return None


def _deciding(node: nodes.Node, ctx: Mapping[str, Any]) -> list[str]:
    """Return the names whose values decided `node` (for `a or b` that held: the true ones)."""
    if isinstance(node, nodes.Not):
        return _deciding(node.node, ctx)
    if isinstance(node, nodes.And | nodes.Or):
        left, right = _truth(node.left, ctx), _truth(node.right, ctx)
        whole = _truth(node, ctx)
        if None not in (left, right, whole):
            # `or` that holds and `and` that fails are decided by the operands with that value.
            decisive = whole if isinstance(node, nodes.Or) else not whole
            if decisive:
                wanted = bool(whole)
                picked = [n for n, v in ((node.left, left), (node.right, right)) if v == wanted]
                return [x for n in picked for x in _deciding(n, ctx)]
        return _deciding(node.left, ctx) + _deciding(node.right, ctx)
    return _names(node)


def _expression(source: str) -> nodes.Node:
    template = _PARSER.parse("{{ " + source + " }}")
    output = template.body[0]
    assert isinstance(output, nodes.Output)
    return output.nodes[0]


class _Explainer:
    def __init__(self, bp: Blueprint, answers: Answers, lang: str) -> None:
        self.bp = bp
        self.lang = lang
        self.ctx = answers.context()
        self.sections = {q.id: s for s in bp.sections for q in s.questions}

    def facts(self, source: str | None, seen: frozenset[str] = frozenset()) -> list[Fact]:
        """Return the answers that decided `source`, computed values traced to questions."""
        if not source:
            return []
        out: list[Fact] = []
        for name in _deciding(_expression(source), self.ctx):
            if name in seen:
                continue
            if name in self.bp.computed:
                more = self.facts(self.bp.computed[name], seen | {name})
            elif name in self.sections:
                section = self.sections[name]
                q = self.bp.question(name)
                more = [
                    Fact(
                        question_id=name,
                        label=q.label.get(self.lang),
                        answer=answer_in_words(q, self.ctx.get(name), self.lang),
                        section_id=section.id,
                        section_title=section.title.get(self.lang),
                    )
                ]
            else:
                more = []
            out += [f for f in more if f.question_id not in {x.question_id for x in out}]
        return out

    def holds(self, source: str) -> bool:
        try:
            return bool(evaluate(source, self.ctx, f"{self.bp.id}: when"))
        except PppDraftError:
            return False

    def picked_by_answers(self, slot: Slot) -> str | None:
        if not slot.pick:
            return None
        try:
            value = evaluate(slot.pick, self.ctx, f"{self.bp.id}: pick of {slot.target!r}")
        except PppDraftError:
            return None
        return str(value)


def _recommended(variants: list[Clause], by_answers: str | None) -> str:
    """Return the recommended variant: the best position; a tie goes to the answers' pick."""
    best = min(POSITION_ORDER[c.position] for c in variants)
    top = [c.id for c in variants if POSITION_ORDER[c.position] == best]
    return by_answers if by_answers in top else top[0]


def explain(
    bp: Blueprint,
    answers: Answers,
    library: Library,
    lang: str,
    choices: Mapping[str, str] | None = None,
) -> Explanation:
    """Return why every clause of `bp` is in or out for these answers, in `lang`."""
    ex = _Explainer(bp, answers, lang)
    choices = dict(choices or {})
    reasons: dict[str, Reason] = {}
    recommended: dict[str, str] = {}
    for _part, slot in bp.all_slots():
        variants = library.resolve(slot.target)
        if not variants:
            continue
        by_answers = ex.picked_by_answers(slot)
        if slot.topic:
            recommended[slot.target] = _recommended(variants, by_answers)
        when_facts = ex.facts(slot.when)
        if slot.when and not ex.holds(slot.when):
            for clause in variants:
                reasons[clause.id] = Reason("not_when", when_facts)
            continue
        if slot.clause:
            kind: ReasonKind = "when" if slot.when else "always"
            reasons[variants[0].id] = Reason(kind, when_facts)
            continue
        override = choices.get(slot.target)
        chosen = override or by_answers
        pick_facts = ex.facts(slot.pick)
        facts = when_facts + [f for f in pick_facts if f not in when_facts]
        for clause in variants:
            if clause.id == chosen:
                reasons[clause.id] = Reason("override" if override else "picked", facts)
            else:
                reasons[clause.id] = Reason(
                    "not_picked", facts, chosen_clause=chosen, by_user=bool(override)
                )
    return Explanation(reasons=reasons, recommended=recommended)
