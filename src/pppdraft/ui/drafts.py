"""My drafts: reopen, duplicate or delete a draft; the archive of generated documents.

Only the drafts of this session's workspace are listed. A workspace is reached through its
private link (`?workspace=…`) or through the link of one of its drafts (`?draft=…`).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from pppdraft import PppDraftError, load_blueprint
from pppdraft.store import DraftRecord, Store

from . import nav, session
from .common import lang_name, md, private_link
from .i18n import _, current_lang


def _title(record: DraftRecord) -> str:
    name = record.answers.get("project_name")
    return name.strip() if isinstance(name, str) and name.strip() else _("(no project name yet)")


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
            _("{type} · changed {time} UTC · step: {step}").format(
                type=_type_title(record.contract_type),
                time=record.updated_at.strftime("%d.%m.%Y %H:%M"),
                step=_step_title(record),
            )
        )
        if open_col.button(_("Open"), key=f"open-{record.id}", icon=":material/edit:"):
            session.open_draft(record)
            nav.goto("draft", {session.DRAFT_PARAM: record.id})
        if dup_col.button(
            _("Duplicate"), key=f"duplicate-{record.id}", icon=":material/content_copy:"
        ):
            copy = store.duplicate_draft(record.id, workspace)
            st.toast(_("Copy created: {title}").format(title=_title(copy)))
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
                _("{type} · {lang} · built {time} UTC by {by}").format(
                    type=_type_title(doc.contract_type),
                    lang=lang_name(doc.lang),
                    time=doc.created_at.strftime("%d.%m.%Y %H:%M"),
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
            with st.expander(_("Manifest")):
                st.json(doc.manifest, expanded=False)


def _loader(store: Store, document_id: int, workspace: str) -> Callable[[], bytes]:
    def load() -> bytes:
        return store.document_bytes(document_id, workspace) or b""

    return load
