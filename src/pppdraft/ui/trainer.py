"""Trainer mode: open a worked scenario in one click, read every clause beside its drafting
note, and compare two answer sets to show which clauses change.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from pppdraft import (
    Blueprint,
    Draft,
    PppDraftError,
    assemble,
    check_answers,
    load_blueprint,
)
from pppdraft.compare import Row, compare
from pppdraft.draft import DraftClause
from pppdraft.reasons import Explanation, explain

from . import draft as draft_page
from . import nav, session
from .common import (
    blueprints,
    cached_library,
    draft_name,
    md,
    scenario_text,
    scenarios_dir,
    select,
)
from .i18n import N_, _, current_lang
from .markup import clause_markdown, text_markdown
from .raw import effective, import_answers
from .reasons import reason_text, variant_label

DIFFERENCE_LABELS = {
    "same": N_("same"),
    "wording": N_("same clause, different details"),
    "variant": N_("different variant"),
    "only_a": N_("only in A"),
    "only_b": N_("only in B"),
}


@dataclass(frozen=True)
class AnswerSet:
    """A named set of answers the trainer can show: a worked scenario or one of my drafts."""

    key: str
    label: str
    contract_type: str
    path: Path | None = None
    draft_id: str | None = None


def answer_sets() -> list[AnswerSet]:
    """Return the scenarios of every contract type, then the drafts of this workspace."""
    sets: list[AnswerSet] = []
    types = {bp.id: bp for bp in blueprints()}
    for folder in sorted(p for p in scenarios_dir().glob("*") if p.is_dir()):
        if folder.name not in types:
            continue
        for path in sorted(folder.glob("*.yaml")):
            title = scenario_text(path, "_title") or path.stem
            sets.append(
                AnswerSet(
                    key=f"scenario:{folder.name}/{path.stem}",
                    label=f"{title} ({types[folder.name].title.get(current_lang())})",
                    contract_type=folder.name,
                    path=path,
                )
            )
    for record in session.store().list_drafts(session.workspace()):
        title = draft_name(record) or record.id[:8]
        sets.append(
            AnswerSet(
                key=f"draft:{record.id}",
                label=_("My draft: {title}").format(title=title),
                contract_type=record.contract_type,
                draft_id=record.id,
            )
        )
    return sets


def assemble_set(answer_set: AnswerSet, lang: str) -> tuple[Blueprint, Draft]:
    """Return the blueprint and the assembled draft of an answer set (raises PppDraftError)."""
    bp, draft, _why = explained_set(answer_set, lang)
    return bp, draft


def explained_set(answer_set: AnswerSet, lang: str) -> tuple[Blueprint, Draft, Explanation]:
    """Return the blueprint, the draft and why each clause is in (raises PppDraftError)."""
    bp = load_blueprint(answer_set.contract_type)
    choices: dict[str, str] = {}
    if answer_set.path is not None:
        raw = import_answers(bp, answer_set.path.read_text(encoding="utf-8"), answer_set.label)
        answers_raw, choices = raw.answers, raw.choices
    else:
        record = session.store().get_draft(answer_set.draft_id or "")
        if record is None:
            raise PppDraftError(_("This draft no longer exists."))
        answers_raw, choices = record.answers, record.choices
    answers, problems = check_answers(bp, effective(bp, answers_raw), lang)
    if answers is None:
        raise PppDraftError("\n".join(str(p) for p in problems))
    doc_lang = lang if lang in bp.languages else bp.languages[0]
    draft = assemble(bp, answers, cached_library(), doc_lang, choices)
    return bp, draft, explain(bp, answers, cached_library(), doc_lang, choices)


def render() -> None:
    """Draw the trainer page."""
    st.title(_("Trainer"))
    st.caption(
        _(
            "For workshops: open a worked example, show the drafting note of every clause, "
            "and compare two sets of answers to see which clauses change."
        )
    )
    sets = answer_sets()
    scenarios_tab, notes_tab, compare_tab = st.tabs(
        [_("Worked scenarios"), _("Drafting notes"), _("Compare answers")]
    )
    with scenarios_tab:
        _scenarios(sets)
    with notes_tab:
        _notes(sets)
    with compare_tab:
        _compare(sets)


def _scenarios(sets: list[AnswerSet]) -> None:
    scenarios = [s for s in sets if s.path is not None]
    if not scenarios:
        st.info(_("No worked scenarios in scenarios/ yet."))
    for item in scenarios:
        assert item.path is not None
        with st.container(border=True):
            text, button = st.columns([5, 1])
            text.markdown(f"**{md(item.label)}**")
            text.caption(md(scenario_text(item.path, "_description")))
            if button.button(_("Open"), key=f"open-{item.key}", type="primary"):
                _open(item)


def _open(item: AnswerSet) -> None:
    assert item.path is not None
    store = session.store()
    try:
        bp = load_blueprint(item.contract_type)
        imported = import_answers(bp, item.path.read_text(encoding="utf-8"), str(item.path))
    except PppDraftError as exc:
        st.error(str(exc))
        return
    record = draft_page.start_draft(
        store, bp, imported.answers, step=draft_page.OUTLINE, choices=imported.choices
    )
    nav.goto("draft", {session.DRAFT_PARAM: record.id})


def _pick(label: str, sets: list[AnswerSet], key: str, index: int = 0) -> AnswerSet | None:
    if not sets:
        st.info(_("No answer sets to show."))
        return None
    by_key = {s.key: s for s in sets}
    labels = {k: s.label for k, s in by_key.items()}
    chosen = select(label, list(by_key), labels, key, default=min(index, len(sets) - 1))
    return by_key[chosen]


def _notes(sets: list[AnswerSet]) -> None:
    chosen = _pick(_("Answers"), sets, "notes-set")
    if chosen is None:
        return
    try:
        _bp, draft, why = explained_set(chosen, current_lang())
    except PppDraftError as exc:
        st.error(str(exc))
        return
    titles = {c.id: c.title.get(draft.lang) for c in cached_library()}
    for part in draft.parts:
        if part.kind == "article":
            st.subheader(_("Article {n}: {title}").format(n=part.number, title=part.title))
        elif part.title:
            st.subheader(part.title)
        for clause in part.clauses:
            text_col, note_col = st.columns([3, 2])
            with text_col, st.container(key=f"content-notes-{clause.clause_id}"):
                st.markdown(f"**{md(heading(clause))}**")
                st.markdown(clause_markdown(clause))
            with note_col:
                note = _("Drafting note")
                st.markdown(f"**{note}**" + standing(clause, why))
                st.markdown(text_markdown(clause.guidance))
                reason = why.reasons.get(clause.clause_id)
                if reason is not None:
                    st.caption(_("Why it is in: {why}").format(why=reason_text(reason, titles)))


def _compare(sets: list[AnswerSet]) -> None:
    left, right = st.columns(2)
    with left:
        a = _pick(_("Answers A"), sets, "compare-a")
    if a is None:
        return
    same_type = [s for s in sets if s.contract_type == a.contract_type]
    first_other = next((i for i, s in enumerate(same_type) if s.key != a.key), 0)
    with right:
        b = _pick(_("Answers B"), same_type, f"compare-b-{a.contract_type}", first_other)
    if b is None:
        return
    try:
        _bp, draft_a, why_a = explained_set(a, current_lang())
        _bp, draft_b, why_b = explained_set(b, current_lang())
    except PppDraftError as exc:
        st.error(str(exc))
        return
    rows = compare(draft_a, draft_b)
    changed = [r for r in rows if r.difference != "same"]
    st.markdown(
        _("**{n}** of {total} topics differ between A and B.").format(
            n=len(changed), total=len(rows)
        )
    )
    show_all = st.toggle(_("Show identical clauses too"), key="compare-all")
    for row in rows if show_all else changed:
        _row(row, (why_a, why_b))


def standing(clause: DraftClause, why: Explanation) -> str:
    """Return " · recommended" (fallback …) for a variant of a topic; "" for a standing one."""
    recommended = why.recommended.get(clause.topic)
    if recommended is None:
        return ""
    return " · " + variant_label(clause.position, clause.clause_id == recommended)


def heading(clause: DraftClause) -> str:
    """Return a clause's number and title ("3.1 Ownership of data", or the title alone)."""
    return " ".join(x for x in (clause.number, clause.title) if x)


def _row(row: Row, whys: tuple[Explanation, Explanation]) -> None:
    with st.container(border=True):
        difference = _(DIFFERENCE_LABELS[row.difference])
        either = row.a or row.b
        title = either.title if either is not None else row.topic
        st.markdown(f"**{md(title)}** · {difference}")
        left, right = st.columns(2)
        marked = highlight(row.a, row.b) if row.difference == "wording" else None
        for index, (column, clause) in enumerate(((left, row.a), (right, row.b))):
            with column:
                if clause is None:
                    st.caption(_("Not in this contract."))
                    continue
                st.markdown(f"**{md(heading(clause))}**")
                standing_text = standing(clause, whys[index]).lstrip(" ·")
                if standing_text:
                    st.caption(standing_text)
                with st.container(key=f"content-compare-{index}-{row.topic}"):
                    st.markdown(marked[index] if marked else clause_markdown(clause))


_WORD = re.compile(r"\S+\s*")


def _words(clause: DraftClause) -> list[str]:
    return _WORD.findall("\n".join(p.text for p in clause.paragraphs))


def highlight(a: DraftClause | None, b: DraftClause | None) -> tuple[str, str]:
    """Return the two clauses as Markdown with the words that differ highlighted.

    Removed words are struck through on a red background in A, added words on a green one
    in B (both marks, so the difference does not rest on colour alone).
    """
    words_a = _words(a) if a else []
    words_b = _words(b) if b else []
    out_a: list[str] = []
    out_b: list[str] = []
    matcher = difflib.SequenceMatcher(a=words_a, b=words_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = "".join(words_a[i1:i2]), "".join(words_b[j1:j2])
        if op == "equal":
            out_a.append(md(old))
            out_b.append(md(new))
            continue
        if old.strip():
            out_a.append(f":red-background[~~{md(old.strip())}~~] ")
        if new.strip():
            out_b.append(f":green-background[**{md(new.strip())}**] ")
    return "".join(out_a), "".join(out_b)
