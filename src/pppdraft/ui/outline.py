"""The outline: every clause with why it is in, the alternatives of each topic, then build.

The outline is shown in the UI language; the document is built in the document language
(chosen here, separately). A changed alternative is saved with the draft as an outline
choice `{topic: clause id}` and passed to `assemble`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import streamlit as st

from pppdraft import (
    Answers,
    Blueprint,
    Draft,
    DraftClause,
    PppDraftError,
    assemble,
    check_answers,
)
from pppdraft.pipeline import build_documents as build_contract
from pppdraft.store import DraftRecord, Store

from . import nav, session
from .common import (
    cached_library,
    lang_key,
    lang_name,
    md,
    position_badge,
    position_label,
    slug,
)
from .i18n import _, current_lang
from .raw import effective, export_yaml

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def doc_langs(bp: Blueprint) -> list[str]:
    """Return the document language options of a contract type (both when it has both)."""
    options: list[str] = list(bp.languages)
    if {"cs", "en"} <= set(options):
        options.append("cs+en")
    return options


def outline_lang(bp: Blueprint) -> str:
    """Return the language the outline is shown in: the UI language when the type has it."""
    lang = current_lang()
    return lang if lang in bp.languages else bp.languages[0]


def lawyer_warnings(record: DraftRecord, bp: Blueprint, answers: Answers) -> list[str]:
    """Return what a lawyer must see about these answers and choices (last-resort clauses,
    odd combinations); [] when the contract cannot be assembled (the outline says why)."""
    try:
        draft = assemble(bp, answers, cached_library(), outline_lang(bp), record.choices)
    except PppDraftError:
        return []
    return draft.warnings


def show_warnings(warnings: list[str]) -> None:
    """Show each warning a lawyer must see, under a heading that says why they matter."""
    if not warnings:
        return
    st.subheader(_("Check before you send the draft"))
    for warning in warnings:
        st.warning(warning, icon=":material/gavel:")


def build_key(record: DraftRecord, notes: bool) -> str:
    """Return a fingerprint of what a document is built from (answers, choices, options)."""
    blob = json.dumps(
        [record.answers, record.choices, record.doc_lang, notes], sort_keys=True, default=str
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def build_documents(
    store: Store, record: DraftRecord, bp: Blueprint, answers: Answers, notes: bool
) -> dict[str, Any]:
    """Build, archive and return the documents of a draft in its document language(s)."""
    langs = ["cs", "en"] if record.doc_lang == "cs+en" else [record.doc_lang]
    name = record.answers.get("project_name")
    stem = slug(name if isinstance(name, str) else "", bp.id)
    files: list[dict[str, Any]] = []
    warnings: list[str] = []
    unapproved: list[str] = []
    built = build_contract(
        bp, answers, langs, library=cached_library(), choices=record.choices, notes=notes
    )
    for lang, draft, rendered in ((b.lang, b.draft, b.rendered) for b in built):
        filename = f"{stem}-{lang}.docx"
        archive_id = store.archive_document(
            record,
            lang=lang,
            filename=filename,
            docx=rendered.docx,
            manifest=rendered.manifest,
            created_by=record.author.strip(),
        )
        files.append(
            {
                "lang": lang,
                "filename": filename,
                "docx": rendered.docx,
                "manifest": rendered.manifest,
                "archive_id": archive_id,
                "text": draft.plain_text(),
            }
        )
        warnings += [w for w in draft.warnings if w not in warnings]
        unapproved = draft.unapproved
    return {
        "draft_id": record.id,
        "key": build_key(record, notes),
        "files": files,
        "warnings": warnings,
        "unapproved": unapproved,
    }


def render(store: Store, record: DraftRecord, bp: Blueprint, go_to: Callable[[str], None]) -> None:
    """Draw the outline of the contract and the build and download controls."""
    lang = current_lang()
    answers, problems = check_answers(bp, effective(bp, record.answers), lang)
    if answers is None:
        st.error(
            _("{n} answer(s) still need attention. Use Edit to fix them.").format(n=len(problems))
        )
        if st.button(_("Back to the review"), key="back"):
            go_to("review")
        return
    try:
        draft = assemble(bp, answers, cached_library(), outline_lang(bp), record.choices)
    except PppDraftError as exc:
        st.error(_("The contract cannot be assembled: {error}").format(error=exc))
        if record.choices and st.button(_("Use the recommended variants"), key="reset-all"):
            record.choices = {}
            store.save_draft(record)
            st.rerun()
        return
    st.header(_("Outline of the contract"))
    show_warnings(draft.warnings)
    st.caption(
        _(
            "Every clause the contract includes and why. Where a topic has alternatives you "
            "can choose another; the playbook order is preferred, fallback, last resort."
        )
    )
    _outline(store, record, bp, draft)
    st.divider()
    _build(store, record, bp, answers)
    if st.button(_("Back to the review"), key="back", icon=":material/arrow_back:"):
        go_to("review")


def _part_title(kind: str, number: int | None, title: str) -> str:
    if kind == "front":
        return _("Parties and recitals")
    if kind == "closing":
        return _("Signatures")
    if kind == "article":
        return _("Article {n}: {title}").format(n=number, title=title)
    return title


def _outline(store: Store, record: DraftRecord, bp: Blueprint, draft: Draft) -> None:
    topic_slots = {slot.target for _part, slot in bp.all_slots() if slot.topic}
    for part in draft.parts:
        st.subheader(_part_title(part.kind, part.number, part.title))
        for clause in part.clauses:
            _clause(store, record, draft, clause, clause.topic in topic_slots)
    left_out = [a for a in draft.alternatives if a.topic not in {c.topic for c in draft.clauses}]
    if left_out:
        with st.expander(_("Clauses left out, and why ({n})").format(n=len(left_out))):
            for alt in left_out:
                st.markdown(f"**{md(alt.title)}** · {position_label(alt.position)}")
                st.caption(alt.why_not)


def _clause(
    store: Store, record: DraftRecord, draft: Draft, clause: DraftClause, choosable: bool
) -> None:
    alternatives = [a for a in draft.alternatives if a.topic == clause.topic]
    with st.container(border=True):
        head, badge = st.columns([5, 1])
        number = f"{clause.number} " if clause.number else ""
        head.markdown(f"**{md(number + clause.title)}**")
        with badge:
            position_badge(clause.position)
        st.caption(_("Why it is in: {why}").format(why=clause.why))
        if not clause.approved:
            st.caption(":orange[" + _("Not yet approved by the library's lawyer.") + "]")
        if choosable and alternatives:
            options = sorted(
                [clause.clause_id] + [a.clause_id for a in alternatives],
                key=lambda cid: _order(cid, clause, alternatives),
            )
            # Labels are made here: format_func must not read the session (AppTest calls it).
            labels = {clause.clause_id: f"{clause.title} ({position_label(clause.position)})"}
            labels.update(
                {a.clause_id: f"{a.title} ({position_label(a.position)})" for a in alternatives}
            )
            chosen = st.radio(
                _("Variant"),
                options,
                index=options.index(clause.clause_id),
                format_func=labels.__getitem__,
                # A new key for each included variant: the browser keeps a widget's last
                # value, which must not outlive the variant it was chosen for.
                key=lang_key(f"choice-{clause.topic}@{clause.clause_id}"),
            )
            if chosen != clause.clause_id:
                record.choices = {**record.choices, clause.topic: chosen}
                store.save_draft(record)
                st.rerun()
            if clause.topic in record.choices and st.button(
                _("Let my answers decide again"), key=f"reset-{clause.topic}"
            ):
                record.choices = {k: v for k, v in record.choices.items() if k != clause.topic}
                store.save_draft(record)
                st.rerun()
        with st.expander(_("Guidance and alternatives")):
            st.markdown(md(clause.guidance))
            for alt in alternatives:
                st.markdown(f"**{md(alt.title)}** · {position_label(alt.position)}")
                st.caption(md(alt.guidance))
                st.caption(alt.why_not)
            if clause.sources:
                st.markdown("**" + _("Sources") + "**")
                st.markdown("\n".join(f"- {md(s)}" for s in clause.sources))
            st.page_link(
                nav.page("library"),
                label=_("Open in the clause library"),
                icon=":material/menu_book:",
                query_params={"clause": clause.clause_id},
            )


def _order(cid: str, clause: DraftClause, alternatives: list[Any]) -> tuple[int, str]:
    rank = {"preferred": 0, "fallback": 1, "last-resort": 2}
    position = (
        clause.position
        if cid == clause.clause_id
        else next(a.position for a in alternatives if a.clause_id == cid)
    )
    return rank.get(position, 3), cid


def _build(store: Store, record: DraftRecord, bp: Blueprint, answers: Answers) -> None:
    st.header(_("Build the Word document"))
    options = doc_langs(bp)
    current = record.doc_lang if record.doc_lang in options else options[0]
    doc_lang = st.radio(
        _("Language of the document"),
        options,
        index=options.index(current),
        format_func={code: lang_name(code) for code in options}.__getitem__,
        horizontal=True,
        key=lang_key("doc-lang"),
        help=_("Separate from the language of this screen."),
    )
    author = st.text_input(_("Prepared by (for the archive)"), value=record.author, key="author")
    notes = st.toggle(_("Add the drafting notes as Word comments"), value=False, key="notes")
    if doc_lang != record.doc_lang or author != record.author:
        record.doc_lang = doc_lang
        record.author = author
        store.save_draft(record)
    state = session.journey()
    if st.button(
        _("Build the Word document"), key="build", type="primary", icon=":material/description:"
    ):
        try:
            with st.spinner(_("Building …")):
                state["last_build"] = build_documents(store, record, bp, answers, notes)
        except PppDraftError as exc:
            st.error(_("The document cannot be built: {error}").format(error=exc))
    last = state.get("last_build")
    if last and last.get("draft_id") == record.id:
        if last["key"] != build_key(record, notes):
            st.warning(_("You changed the draft since this document was built; build it again."))
        else:
            st.success(_("The document is ready and archived."), icon=":material/check_circle:")
        if last["unapproved"]:
            st.info(
                _(
                    "{n} clause(s) are not yet approved by the library's lawyer; the "
                    "document says so and lists them in its manifest."
                ).format(n=len(last["unapproved"]))
            )
        for item in last["files"]:
            st.download_button(
                _("Download the contract ({lang}, .docx)").format(lang=lang_name(item["lang"])),
                data=item["docx"],
                file_name=item["filename"],
                mime=DOCX_MIME,
                key=f"download-{item['lang']}",
                on_click="ignore",
                type="primary",
                icon=":material/download:",
            )
    st.download_button(
        _("Download the answers (YAML)"),
        data=export_yaml(bp, record.answers, current_lang(), record.choices),
        file_name=f"{bp.id}-answers.yaml",
        mime="application/x-yaml",
        key="download-answers",
        on_click="ignore",
        icon=":material/download:",
    )
    st.caption(
        _("The answers file lets your lawyer rebuild the contract: {command}").format(
            command=f"pppdraft build --answers {bp.id}-answers.yaml"
        )
    )
