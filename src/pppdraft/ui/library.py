"""The clause library: search by contract type, topic and text; both languages side by side.

Alternatives of a topic stand next to each other with their negotiation position; each
clause shows its guidance, sources, version and approval (flagging a text modified since
approval). `?clause=<id>` opens the topic of that clause; `?review=<id>` opens the lawyer's
review of one clause: its text, guidance and sources, what changed since its last approval,
and Approve — recorded by the same core function as `pppdraft library approve`.
"""

from __future__ import annotations

import streamlit as st

from pppdraft import Blueprint, Clause, Library, PppDraftError, load_library
from pppdraft.library import approve_clause, diff_since_approval

from .common import blueprints, cached_library, md, position_badge, select
from .fmt import day, local_now
from .i18n import N_, _, current_lang, ngettext
from .markup import jinja_in_words, source_markdown, sources, text_markdown

ALL = "*"
LANGS = ("cs", "en")
PAGE_SIZE = 12
CLAUSE_PARAM = "clause"
REVIEW_PARAM = "review"
FLASH = "library-flash"
STATUS_LABELS = {
    "approved": N_("approved"),
    "draft": N_("draft, not yet approved"),
    "retired": N_("retired"),
}


def clause_ids_of(bp: Blueprint, library: Library) -> set[str]:
    """Return the ids of every clause a contract type can use (all variants of its topics)."""
    ids: set[str] = set()
    for _part, slot in bp.all_slots():
        ids |= {c.id for c in library.resolve(slot.target)}
    return ids


def matches(clause: Clause, words: list[str]) -> bool:
    """Return True when every word occurs in the clause (id, titles, texts, guidance)."""
    texts = [t.get(lang) for t in (clause.title, clause.text, clause.guidance) for lang in LANGS]
    haystack = " ".join([clause.id, clause.topic, *clause.sources, *texts]).casefold()
    return all(w in haystack for w in words)


def search(
    library: Library, allowed: set[str] | None, topic: str, text: str
) -> dict[str, list[Clause]]:
    """Return the matching clauses grouped by topic (alternatives preferred first)."""
    words = text.casefold().split()
    groups: dict[str, list[Clause]] = {}
    for clause in sorted(library, key=lambda c: (c.topic, c.id)):
        if allowed is not None and clause.id not in allowed:
            continue
        if topic != ALL and clause.topic != topic:
            continue
        if words and not matches(clause, words):
            continue
        groups.setdefault(clause.topic, [])
    for name in groups:
        groups[name] = [c for c in library.topic(name) if allowed is None or c.id in allowed]
    return groups


def render() -> None:
    """Draw the library browser."""
    lang = current_lang()
    library = cached_library()
    st.title(_("Clause library"))
    approved = sum(1 for c in library if c.is_approved)
    modified = sum(1 for c in library if c.modified_since_approval)
    st.caption(_("The model clauses pppdraft assembles contracts from, in Czech and English."))
    st.markdown(
        ngettext(
            "**{approved}** of {n} clause is approved by the library's lawyer.",
            "**{approved}** of {n} clauses are approved by the library's lawyer.",
            len(library),
        ).format(approved=approved, n=len(library))
        + (
            " "
            + ngettext(
                "{n} clause was changed after its approval.",
                "{n} clauses were changed after their approval.",
                modified,
            ).format(n=modified)
            if modified
            else ""
        )
    )
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash, icon=":material/verified:")
    reviewed = st.query_params.get(REVIEW_PARAM)
    if reviewed in library.clauses:
        review(library, library.clauses[reviewed], lang)
        st.divider()
    types = blueprints()
    topics = sorted({c.topic for c in library})
    wanted = st.query_params.get(CLAUSE_PARAM)
    focus: str | None = None  # the topic of `?clause=<clause id or topic>`
    if wanted in library.clauses:
        focus = library.clauses[wanted].topic
    elif wanted in topics:
        focus = wanted
    type_col, topic_col, text_col = st.columns([2, 2, 3])
    type_ids = [ALL] + [bp.id for bp in types]
    titles = {ALL: _("All types")} | {bp.id: bp.title.get(lang) for bp in types}
    chosen_type = select(_("Contract type"), type_ids, titles, "lib-type", where=type_col)
    topic_options = [ALL, *topics]
    topic_labels = {ALL: _("All topics")} | {t: t for t in topics}
    chosen_topic = select(
        _("Topic"),
        topic_options,
        topic_labels,
        f"lib-topic-{wanted or ''}",
        default=topic_options.index(focus) if focus else 0,
        where=topic_col,
    )
    text = text_col.text_input(
        _("Search the text"), key="lib-text", placeholder=_("e.g. open data, GDPR, exit")
    )
    allowed = None
    if chosen_type != ALL:
        bp = next(b for b in types if b.id == chosen_type)
        allowed = clause_ids_of(bp, library)
    groups = search(library, allowed, chosen_topic, text)
    if text.strip() in library.clauses:  # a clause id typed in: open its topic
        focus = library.clauses[text.strip()].topic
    st.caption(ngettext("{n} topic found.", "{n} topics found.", len(groups)).format(n=len(groups)))
    topics_found = list(groups)
    pages = max(1, -(-len(topics_found) // PAGE_SIZE))
    page = 1
    if pages > 1:
        page = st.selectbox(
            _("Page"),
            list(range(1, pages + 1)),
            format_func=lambda n: f"{n} / {pages}",
            key=f"lib-page-{chosen_type}-{chosen_topic}-{text}",
        )
    for topic in topics_found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        _topic(
            topic,
            groups[topic],
            lang,
            expanded=focus == topic or len(groups) <= 2,  # a narrow search opens its hits
            library=library,
        )


def _topic(topic: str, clauses: list[Clause], lang: str, expanded: bool, library: Library) -> None:
    head = clauses[0].title.get(lang)
    alternatives = (
        " · " + ngettext("{n} variant", "{n} variants", len(clauses)).format(n=len(clauses))
        if len(clauses) > 1
        else ""
    )
    with st.expander(f"{md(head)}{alternatives}", expanded=expanded or len(clauses) > 1):
        columns = st.columns(len(clauses)) if len(clauses) > 1 else [st.container()]
        for column, clause in zip(columns, clauses, strict=True):
            with column:
                _clause(clause, lang, library)


def _clause(clause: Clause, lang: str, library: Library) -> None:
    with st.container(border=True):
        st.markdown(f"**{md(clause.title.get(lang))}**")
        position_badge(clause.position)
        st.caption(_("{id} · version {version}").format(id=clause.id, version=clause.version))
        _approval(clause, library)
        cs_tab, en_tab, about_tab = st.tabs([_("Czech"), _("English"), _("Sources")])
        for tab, code in ((cs_tab, "cs"), (en_tab, "en")):
            with tab:
                _content(clause, code, library, f"content-{code}-{clause.id}")
        with about_tab:
            sources(clause.sources, f"content-sources-{clause.id}")
            if clause.requires:
                st.caption(_("Requires: {ids}").format(ids=", ".join(clause.requires)))
            if clause.defines:
                terms = ", ".join(d.term.get(lang) for d in clause.defines)
                st.caption(_("Defines: {terms}").format(terms=terms))
        if st.button(
            _("Review and approve"), key=f"review-{clause.id}", icon=":material/rate_review:"
        ):
            st.query_params[REVIEW_PARAM] = clause.id
            st.rerun()


def _content(clause: Clause, code: str, library: Library, key: str) -> None:
    """Show a clause's title, text and guidance in one document language.

    The container's key (`content-…`) marks it as contract content in `code`, whatever the
    UI language: the interface's words around it follow the UI language, the clause does not.
    """
    with st.container(key=key):
        st.markdown(f"**{md(clause.title.get(code))}**")
        st.markdown(source_markdown(clause.text.get(code), library=library))
        st.markdown("**" + _("Guidance") + "**")
        st.markdown(text_markdown(clause.guidance.get(code)))


def _approval(clause: Clause, library: Library, with_diff: bool = False) -> None:
    approval = clause.approval
    status = _(STATUS_LABELS.get(approval.status, approval.status))
    if clause.modified_since_approval:
        st.error(
            _("Modified since approval: the text no longer matches what {by} approved.").format(
                by=approval.by or "?"
            ),
            icon=":material/warning:",
        )
        if with_diff:
            show_diff(library, clause.id)
    elif approval.status == "approved":
        when = day(approval.on) if approval.on else "?"
        st.success(
            _("Approved by {by} on {on}").format(by=approval.by or "?", on=when),
            icon=":material/verified:",
        )
        if approval.note:
            st.caption(_("Note: {note}").format(note=md(approval.note)))
    else:
        st.caption(":orange[" + status + "]")


def show_diff(library: Library, clause_id: str) -> None:
    """Show what changed in the clause since its approved wording (lines − and +)."""
    try:
        diff = diff_since_approval(library, clause_id)
    except PppDraftError:
        st.caption(_("No approved wording is recorded to compare with."))
        return
    st.markdown("**" + _("What changed since approval") + "**")
    if not diff:
        st.caption(_("Nothing has changed."))
        return
    with st.container(key=f"content-diff-{clause_id}"):  # the clause's own words
        st.code(jinja_in_words(diff, library), language="diff", wrap_lines=True)


def review(library: Library, clause: Clause, lang: str) -> None:
    """Draw the lawyer's review of one clause: text, guidance, sources, changes, Approve."""
    with st.container(border=True):
        st.header(_("Review: {title}").format(title=clause.title.get(lang)))
        position_badge(clause.position)
        st.caption(_("{id} · version {version}").format(id=clause.id, version=clause.version))
        _approval(clause, library, with_diff=True)
        cs_col, en_col = st.columns(2)
        for column, code in ((cs_col, "cs"), (en_col, "en")):
            with column:
                st.subheader(_("Czech") if code == "cs" else _("English"))
                _content(clause, code, library, f"content-review-{code}-{clause.id}")
        st.markdown("**" + _("Sources") + "**")
        sources(clause.sources, f"content-review-sources-{clause.id}")
        _approve_form(library, clause)
        if st.button(_("Close the review"), key="review-close", icon=":material/close:"):
            del st.query_params[REVIEW_PARAM]
            st.rerun()


def _approve_form(library: Library, clause: Clause) -> None:
    st.subheader(_("Approve this wording"))
    st.caption(
        _(
            "Approving records your name, the date and a fingerprint of the text in the "
            "clause file, as `pppdraft library approve` does. A later change of the text "
            "shows here as a change since approval."
        )
    )
    with st.form(key=f"approve-{clause.id}"):
        by = st.text_input(_("Approving lawyer (name)"), key=f"approve-by-{clause.id}")
        on = st.date_input(
            _("Date of approval"),
            value=local_now().date(),
            format="DD.MM.YYYY" if current_lang() == "cs" else "YYYY-MM-DD",
            key=f"approve-on-{clause.id}",
        )
        note = st.text_area(_("Note (optional)"), key=f"approve-note-{clause.id}", height=80)
        submitted = st.form_submit_button(_("Approve"), type="primary", icon=":material/verified:")
    if not submitted:
        return
    if not by.strip():
        st.error(_("Write your name: an approval says who vetted the text."))
        return
    try:
        fresh = load_library(library.root)
        approve_clause(fresh, clause.id, by, on, note)
    except (PppDraftError, OSError) as exc:
        st.error(_("The approval could not be recorded: {error}").format(error=exc))
        return
    st.session_state[FLASH] = _("{title}: approved by {by}.").format(
        title=clause.title.get(current_lang()), by=by.strip()
    )
    st.rerun()
