"""The outline: every clause with why it is in, the alternatives of each topic, then build.

The outline is shown in the UI language; the document is built in the document language
(chosen here, separately). A changed alternative is saved with the draft as an outline
choice `{topic: clause id}` and passed to `assemble`.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
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
from pppdraft.reasons import Explanation, explain
from pppdraft.render.html import draft_html
from pppdraft.render.pdf import convert_to_pdf, soffice_path
from pppdraft.store import DraftRecord, Store

from . import nav, session
from .common import cached_library, lang_key, lang_name, md, need_attention, slug
from .i18n import _, current_lang, ngettext
from .markup import sources, text_markdown
from .raw import effective, export_yaml
from .reasons import change_buttons, reason_text, variant_colour, variant_label

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"


def pdf_of(docx: bytes, filename: str) -> bytes:
    """Return the PDF of a .docx made by LibreOffice (raises RenderError without it)."""
    with tempfile.TemporaryDirectory(prefix="pppdraft-pdf-") as folder:
        source = Path(folder) / filename
        source.write_bytes(docx)
        return convert_to_pdf(source).read_bytes()


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
    store: Store,
    record: DraftRecord,
    bp: Blueprint,
    answers: Answers,
    notes: bool,
    pdf: bool = False,
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
                "pdf": pdf_of(rendered.docx, filename) if pdf else None,
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
        st.error(need_attention(len(problems)))
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
            "Every clause the contract includes and why. Where a topic has variants you can "
            "choose another; one is recommended, the others are fallbacks or a last resort."
        )
    )
    why = explain(bp, answers, cached_library(), outline_lang(bp), record.choices)
    _outline(store, record, bp, draft, why, go_to)
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


def _outline(
    store: Store,
    record: DraftRecord,
    bp: Blueprint,
    draft: Draft,
    why: Explanation,
    go_to: Callable[[str], None],
) -> None:
    topic_slots = {slot.target for _part, slot in bp.all_slots() if slot.topic}
    library = cached_library()
    titles = {c.id: c.title.get(draft.lang) for c in library}
    for part in draft.parts:
        st.subheader(_part_title(part.kind, part.number, part.title))
        for clause in part.clauses:
            _clause(store, record, draft, clause, clause.topic in topic_slots, why, titles, go_to)
    included = {c.topic for c in draft.clauses}
    left_out = [a for a in draft.alternatives if a.topic not in included]
    if left_out:
        with st.expander(_("Clauses left out, and why ({n})").format(n=len(left_out))):
            for alt in left_out:
                st.markdown(f"**{md(alt.title)}**")
                reason = why.reasons.get(alt.clause_id)
                if reason is not None:
                    st.markdown(reason_text(reason, titles))
                    change_buttons(reason, go_to, f"left-out-{alt.clause_id}")


def _badge(position: str, recommended: bool) -> None:
    st.badge(
        variant_label(position, recommended),
        color=variant_colour(position, recommended),  # type: ignore[arg-type]
    )


def _clause(
    store: Store,
    record: DraftRecord,
    draft: Draft,
    clause: DraftClause,
    choosable: bool,
    why: Explanation,
    titles: dict[str, str],
    go_to: Callable[[str], None],
) -> None:
    alternatives = [a for a in draft.alternatives if a.topic == clause.topic]
    recommended = why.recommended.get(clause.topic, clause.clause_id)
    with st.container(border=True):
        head, badge = st.columns([5, 1])
        number = f"{clause.number} " if clause.number else ""
        head.markdown(f"**{md(number + clause.title)}**")
        if alternatives:  # a standing clause has no variant to recommend over
            with badge:
                _badge(clause.position, clause.clause_id == recommended)
        reason = why.reasons.get(clause.clause_id)
        if reason is not None:
            st.caption(_("Why it is in: {why}").format(why=reason_text(reason, titles)))
            change_buttons(reason, go_to, f"why-{clause.clause_id}")
        if not clause.approved:
            st.caption(":orange[" + _("Not yet approved by the library's lawyer.") + "]")
        if choosable and alternatives:
            options = sorted(
                [clause.clause_id] + [a.clause_id for a in alternatives],
                key=lambda cid: _order(cid, clause, alternatives, recommended),
            )
            positions = {clause.clause_id: clause.position}
            positions.update({a.clause_id: a.position for a in alternatives})
            # Labels are made here: format_func must not read the session (AppTest calls it).
            labels = {
                cid: f"{titles.get(cid, cid)} ({variant_label(positions[cid], cid == recommended)})"
                for cid in options
            }
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
            st.markdown(text_markdown(clause.guidance))
            for alt in alternatives:
                label = variant_label(alt.position, alt.clause_id == recommended)
                st.markdown(f"**{md(alt.title)}** · {label}")
                st.caption(text_markdown(alt.guidance))
                alt_reason = why.reasons.get(alt.clause_id)
                if alt_reason is not None:
                    st.caption(reason_text(alt_reason, titles))
            if clause.sources:
                st.markdown("**" + _("Sources") + "**")
                sources(clause.sources, f"content-sources-{clause.clause_id}")
            st.page_link(
                nav.page("library"),
                label=_("Open in the clause library"),
                icon=":material/menu_book:",
                query_params={"clause": clause.clause_id},
            )


def _order(
    cid: str, clause: DraftClause, alternatives: list[Any], recommended: str
) -> tuple[int, int, str]:
    rank = {"preferred": 0, "fallback": 1, "last-resort": 2}
    position = (
        clause.position
        if cid == clause.clause_id
        else next(a.position for a in alternatives if a.clause_id == cid)
    )
    return (0 if cid == recommended else 1), rank.get(position, 3), cid


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
    can_pdf = soffice_path() is not None
    pdf = st.toggle(
        _("Also make a PDF (takes a few seconds more)"),
        value=can_pdf,
        disabled=not can_pdf,
        key="pdf",
    )
    if not can_pdf:
        st.caption(
            _(
                "A PDF needs LibreOffice, which is not installed on this server. Open the "
                ".docx in Word or LibreOffice and save it as PDF."
            )
        )
    _preview(bp, answers, record)
    state = session.journey()
    if st.button(
        _("Build the Word document"), key="build", type="primary", icon=":material/description:"
    ):
        try:
            with st.spinner(_("Building …")):
                state["last_build"] = build_documents(
                    store, record, bp, answers, notes, pdf=pdf and can_pdf
                )
        except PppDraftError as exc:
            st.error(_("The document cannot be built: {error}").format(error=exc))
    last = state.get("last_build")
    if last and last.get("draft_id") == record.id:
        if last["key"] != build_key(record, notes):
            st.warning(_("You changed the draft since this document was built; build it again."))
        else:
            st.success(_("The document is ready and archived."), icon=":material/check_circle:")
        if last["unapproved"]:
            count = len(last["unapproved"])
            st.info(
                ngettext(
                    "{n} clause is not yet approved by the library's lawyer; the document "
                    "says so and lists it in its manifest.",
                    "{n} clauses are not yet approved by the library's lawyer; the document "
                    "says so and lists them in its manifest.",
                    count,
                ).format(n=count)
            )
        for item in last["files"]:
            _downloads(item)
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
            command=f"`pppdraft build --answers {bp.id}-answers.yaml`"
        )
    )


def _downloads(item: dict[str, Any]) -> None:
    """Offer one built document: .docx, PDF (when made) and its manifest."""
    lang = lang_name(item["lang"])
    docx_col, pdf_col, manifest_col = st.columns(3)
    docx_col.download_button(
        _("Download the contract ({lang}, .docx)").format(lang=lang),
        data=item["docx"],
        file_name=item["filename"],
        mime=DOCX_MIME,
        key=f"download-{item['lang']}",
        on_click="ignore",
        type="primary",
        icon=":material/download:",
    )
    if item.get("pdf"):
        pdf_col.download_button(
            _("Download the contract ({lang}, PDF)").format(lang=lang),
            data=item["pdf"],
            file_name=item["filename"].rsplit(".", 1)[0] + ".pdf",
            mime=PDF_MIME,
            key=f"download-pdf-{item['lang']}",
            on_click="ignore",
            icon=":material/picture_as_pdf:",
        )
    manifest_col.download_button(
        _("Manifest ({lang}, JSON)").format(lang=lang),
        data=json.dumps(item["manifest"], ensure_ascii=False, indent=2, default=str),
        file_name=item["filename"].rsplit(".", 1)[0] + "-manifest.json",
        mime="application/json",
        key=f"download-manifest-{item['lang']}",
        on_click="ignore",
        icon=":material/receipt_long:",
    )


def _preview(bp: Blueprint, answers: Answers, record: DraftRecord) -> None:
    """Show the assembled contract in the document language before it is built."""
    lang = "cs" if record.doc_lang == "cs+en" else record.doc_lang
    with st.expander(_("Preview the contract ({lang})").format(lang=lang_name(lang))):
        try:
            draft = assemble(bp, answers, cached_library(), lang, record.choices)
        except PppDraftError as exc:
            st.error(_("The contract cannot be assembled: {error}").format(error=exc))
            return
        st.html(draft_html(draft))
