"""Reasons and alternatives in plain words: the answers that put a clause in or left it out.

The facts come from `pppdraft.reasons` (question label, answer in words, section); this
module only words them in the UI language and offers a way back to the section.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from pppdraft.reasons import Fact, Reason

from .common import md
from .i18n import N_, _

POSITION_NAMES = {  # the negotiation position of a variant that is not the recommended one
    "preferred": N_("suits other answers"),
    "fallback": N_("fallback"),
    "last-resort": N_("last resort"),
}
RECOMMENDED = N_("recommended")


def variant_label(position: str, recommended: bool) -> str:
    """Return how a variant stands: recommended (one per topic) or its fallback position."""
    if recommended:
        return _(RECOMMENDED)
    return _(POSITION_NAMES.get(position, position))


def variant_colour(position: str, recommended: bool) -> str:
    """Return the badge colour of a variant (green only for the recommended one)."""
    if recommended:
        return "green"
    return {"fallback": "orange", "last-resort": "red"}.get(position, "gray")


def facts_text(facts: list[Fact]) -> str:
    """Return the answers as a sentence part: „question“: answer (section …); …"""
    parts = [
        _("“{question}”: {answer} (section {section})").format(
            question=md(f.label), answer=md(f.answer), section=md(f.section_title)
        )
        for f in facts
    ]
    return "; ".join(parts)


def reason_text(reason: Reason, titles: Mapping[str, str]) -> str:
    """Return why a clause is in (or an alternative is not), Markdown-safe, in the UI language."""
    facts = facts_text(reason.facts)
    chosen = md(titles.get(reason.chosen_clause or "", ""))
    if reason.kind == "always" or (reason.kind == "when" and not facts):
        return _("Always part of this type of contract.")
    if reason.kind == "when":
        return _("Included because you answered {answers}.").format(answers=facts)
    if reason.kind == "picked":
        if not facts:
            return _("The variant this type of contract uses.")
        return _("This variant follows from your answers: {answers}.").format(answers=facts)
    if reason.kind == "override":
        return _("You chose this variant here in the outline.")
    if reason.kind == "not_when":
        if not facts:
            return _("Not part of this type of contract.")
        return _("Left out because you answered {answers}.").format(answers=facts)
    if reason.by_user:
        return _("Not used: you chose “{variant}” here in the outline.").format(variant=chosen)
    return _("Not used: your answers lead to “{variant}” ({answers}).").format(
        variant=chosen, answers=facts
    )


def change_buttons(reason: Reason, go_to: Callable[[str], None], key: str) -> None:
    """Offer a button per section the reason's answers come from (change the answer there)."""
    sections: dict[str, str] = {}
    for fact in reason.facts:
        sections.setdefault(fact.section_id, fact.section_title)
    for section_id, title in sections.items():
        if st.button(
            _("Change the answer in “{section}”").format(section=title),
            key=f"{key}-goto-{section_id}",
            type="tertiary",
            icon=":material/edit:",
        ):
            go_to(section_id)
