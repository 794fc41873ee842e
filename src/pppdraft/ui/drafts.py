"""My drafts: reopen, duplicate or delete a draft; the archive of generated documents.

Only the drafts of this session's workspace are listed. A workspace is reached through its
private link (`?workspace=…`) or through the link of one of its drafts (`?draft=…`).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import streamlit as st

from pppdraft import PppDraftError, load_blueprint
from pppdraft.store import DraftRecord, Store

from . import nav, session
from .common import NAME_KEY, draft_name, lang_name, md, private_link
from .fmt import when
from .i18n import _, current_lang

NAME_LIMIT = 200


def _title(record: DraftRecord) -> str:
    return draft_name(record) or _("(no project name yet)")


def copy_name(title: str, taken: set[str]) -> str:
    """Return a name for a copy of `title` that no other draft of the workspace has."""
    number = 1
    while True:
        suffix = _("copy") if number == 1 else _("copy {n}").format(n=number)
        candidate = f"{title} ({suffix})"
        if candidate not in taken:
            return candidate
        number += 1


def rename(store: Store, record: DraftRecord, name: str) -> None:
    """Give a draft its own name (the contract's project name stays as it is)."""
    cleaned = " ".join(name.split())[:NAME_LIMIT]
    # Through the per-answer merge like every answer: a rename never writes back other answers.
    result = store.update_answers(record.id, {NAME_KEY: cleaned}, record.versions)
    record.answers = result.record.answers
    record.versions = result.record.versions


def _type_title(contract_type: str) -> str:
    try:
        return load_blueprint(contract_type).title.get(current_lang())
    except PppDraftError:
        return contract_type


def _step_title(record: DraftRecord) -> str:
    if record.step == "review":
        return _("Review")
    if record.step == "outline":
        return _("Outline and document")
    try:
        bp = load_blueprint(record.contract_type)
    except PppDraftError:
        return record.step
    for section in bp.sections:
        if section.id == record.step:
            return section.title.get(current_lang())
    return record.step


def render() -> None:
    """Draw the list of drafts and the archive."""
    store = session.store()
    token = st.query_params.get(session.WORKSPACE_PARAM)
    if token:
        session.adopt_workspace(token)
    workspace = session.workspace()
    st.title(_("My drafts"))
    st.caption(
        _(
            "Drafts are private: this list shows the drafts of your private link only. Keep "
            "the link below to find them again from another browser or after a restart."
        )
    )
    st.code(private_link(session.WORKSPACE_PARAM, workspace), language=None, wrap_lines=True)
    records = store.list_drafts(workspace)
    if not records:
        st.info(_("No drafts yet. Start one on the Draft page."))
    for record in records:
        _row(store, record, workspace)
    _archive(store, workspace)


def _row(store: Store, record: DraftRecord, workspace: str) -> None:
    with st.container(border=True):
        text, open_col, dup_col, del_col = st.columns([4, 1.3, 1.6, 1.3])
        text.markdown(f"**{md(_title(record))}**")
        text.caption(
            _("{type} · changed {time} · step: {step}").format(
                type=_type_title(record.contract_type),
                time=when(record.updated_at),
                step=_step_title(record),
            )
        )
        if open_col.button(_("Open"), key=f"open-{record.id}", icon=":material/edit:"):
            session.open_draft(record)
            nav.goto("draft", {session.DRAFT_PARAM: record.id})
        if dup_col.button(
            _("Duplicate"), key=f"duplicate-{record.id}", icon=":material/content_copy:"
        ):
            taken = {_title(r) for r in store.list_drafts(workspace)}
            copy = store.duplicate_draft(record.id, workspace)
            rename(store, copy, copy_name(_title(record), taken))
            st.toast(_("Copy created: {title}").format(title=_title(copy)))
            st.rerun()
        with text.popover(_("Rename"), icon=":material/edit_note:"):
            new_name = st.text_input(
                _("Name of the draft"),
                value=draft_name(record),
                key=f"rename-{record.id}",
                max_chars=NAME_LIMIT,
                help=_("Only for your list of drafts; the contract keeps its project name."),
            )
            if st.button(_("Save the name"), key=f"rename-save-{record.id}", type="primary"):
                rename(store, record, new_name)
                st.rerun()
        confirm_key = f"confirm-delete-{record.id}"
        if del_col.button(_("Delete"), key=f"delete-{record.id}", icon=":material/delete:"):
            st.session_state[confirm_key] = True
        if st.session_state.get(confirm_key):
            st.warning(_("Delete this draft for good? Archived documents stay in the archive."))
            yes, no = st.columns(2)
            if yes.button(_("Yes, delete"), key=f"delete-yes-{record.id}", type="primary"):
                store.delete_draft(record.id, workspace)
                if session.journey().get("draft_id") == record.id:
                    session.close_draft()
                del st.session_state[confirm_key]
                st.rerun()
            if no.button(_("Keep it"), key=f"delete-no-{record.id}"):
                del st.session_state[confirm_key]
                st.rerun()


def _archive(store: Store, workspace: str) -> None:
    documents = store.list_documents(workspace=workspace)
    st.header(_("Archive of generated documents"))
    st.caption(
        _(
            "Every document built is kept with its manifest (answers, clause versions, "
            "who and when): the audit trail."
        )
    )
    if not documents:
        st.caption(_("Nothing built yet."))
        return
    for doc in documents:
        with st.container(border=True):
            text, button = st.columns([4, 1])
            text.markdown(f"**{md(doc.filename)}**")
            text.caption(
                _("{type} · {lang} · built {time} by {by}").format(
                    type=_type_title(doc.contract_type),
                    lang=lang_name(doc.lang),
                    time=when(doc.created_at),
                    by=doc.created_by or _("(not given)"),
                )
            )
            with button:
                st.download_button(
                    _("Download"),
                    data=_loader(store, doc.id, workspace),
                    file_name=doc.filename,
                    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    key=f"archive-{doc.id}",
                    on_click="ignore",
                    icon=":material/download:",
                )
                st.download_button(
                    _("Manifest (JSON)"),
                    data=json.dumps(doc.manifest, ensure_ascii=False, indent=2),
                    file_name=doc.filename.rsplit(".", 1)[0] + "-manifest.json",
                    mime="application/json",
                    key=f"manifest-{doc.id}",
                    on_click="ignore",
                    icon=":material/receipt_long:",
                )


def _loader(store: Store, document_id: int, workspace: str) -> Callable[[], bytes]:
    def load() -> bytes:
        return store.document_bytes(document_id, workspace) or b""

    return load
