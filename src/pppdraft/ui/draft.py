"""Draft a contract: pick a type → questionnaire by section → review → outline and build.

The open draft is saved on every change; its id is in the URL (`?draft=…`), so a reload or
a server restart resumes where the user was.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from typing import Any

import streamlit as st

from pppdraft import Blueprint, PppDraftError, check_answers, load_blueprint
from pppdraft.errors import FieldProblem
from pppdraft.store import DraftDeleted, DraftRecord, Store

from . import nav, outline, review, session
from .common import blueprints, draft_name, md, notice, private_link, select
from .fmt import when
from .i18n import _, current_lang, set_lang
from .raw import effective, field_root, import_answers, initial_answers, visible
from .widgets import Context, question

REVIEW = "review"
OUTLINE = "outline"
LANG_CHOSEN = "ui_lang_chosen"
PROBLEMS_MEMO = "_problems_memo"


def steps(bp: Blueprint) -> list[str]:
    """Return the journey's steps: every section, then review, then outline."""
    return [s.id for s in bp.sections] + [REVIEW, OUTLINE]


def problems_of(bp: Blueprint, raw: dict[str, Any], lang: str) -> list[FieldProblem]:
    """Return every problem of the answers that count (hidden questions left aside).

    Checked once per distinct answers in this session: a rerun without a change (a click, a
    page switch) reuses the last check.
    """
    seen = repr(sorted(raw.items())).encode("utf-8")
    key = (bp.id, lang, hashlib.sha256(seen).hexdigest())
    memo = st.session_state.get(PROBLEMS_MEMO)
    if isinstance(memo, tuple) and memo[0] == key and memo[1] is bp:
        return list(memo[2])
    found = check_answers(bp, effective(bp, raw), lang)[1]
    st.session_state[PROBLEMS_MEMO] = (key, bp, found)
    return list(found)


def save(store: Store, record: DraftRecord) -> None:
    """Write the draft and remember when (the user sees "saved at …")."""
    store.save_draft(record)


def start_draft(
    store: Store,
    bp: Blueprint,
    answers: dict[str, Any] | None = None,
    step: str | None = None,
    choices: dict[str, str] | None = None,
) -> DraftRecord:
    """Create and open a new draft of a contract type (from answers, or from the defaults)."""
    lang = current_lang()
    doc_lang = lang if lang in bp.languages else bp.languages[0]
    record = store.create_draft(
        session.workspace(),
        bp.id,
        answers if answers is not None else initial_answers(bp),
        step=step or bp.sections[0].id,
        ui_lang=lang,
        doc_lang=doc_lang,
        choices=choices,
    )
    session.open_draft(record)
    return record


def current_draft(store: Store) -> DraftRecord | None:
    """Return the open draft: the one in the URL, else the session's; None to start one."""
    state = session.journey()
    wanted = st.query_params.get(session.DRAFT_PARAM)
    if wanted and wanted != state.get("draft_id"):
        record = store.get_draft(wanted)
        if record is None:
            st.error(
                _("There is no draft with this link. It may have been deleted; start a new one.")
            )
            session.close_draft()
            return None
        session.open_draft(record)
        if not st.session_state.get(LANG_CHOSEN) and record.ui_lang != current_lang():
            set_lang(record.ui_lang)
            st.rerun()
        return record
    draft_id = state.get("draft_id")
    if not draft_id:
        return None
    record = store.get_draft(draft_id)
    if record is None:
        st.error(_("This draft was deleted in another session. Start a new one."))
        session.close_draft()
        return None
    if wanted != draft_id:
        st.query_params[session.DRAFT_PARAM] = draft_id
    return record


def render() -> None:
    """Draw the Draft page (a draft deleted in another session meanwhile is closed)."""
    store = session.store()
    try:
        _render(store)
    except DraftDeleted:
        st.error(_("This draft was deleted in another session. Start a new one."))
        session.close_draft()


def _render(store: Store) -> None:
    record = current_draft(store)
    if record is None:
        start_screen(store)
        return
    try:
        bp = load_blueprint(record.contract_type)
    except PppDraftError as exc:
        st.error(_("The contract type of this draft cannot be loaded: {error}").format(error=exc))
        if st.button(_("Close this draft"), key="close-draft"):
            session.close_draft()
            st.rerun()
        return
    if record.ui_lang != current_lang():
        record.ui_lang = current_lang()
        save(store, record)
    _sidebar(record, bp)
    all_steps = steps(bp)
    step = record.step if record.step in all_steps else all_steps[0]
    position = all_steps.index(step)
    st.title(bp.title.get(current_lang()))
    section_title = (
        _("Review")
        if step == REVIEW
        else _("Outline and document")
        if step == OUTLINE
        else next(s.title.get(current_lang()) for s in bp.sections if s.id == step)
    )
    st.progress(
        position / (len(all_steps) - 1),
        text=_("Step {n} of {total}: {title}").format(
            n=position + 1, total=len(all_steps), title=section_title
        ),
    )
    if step == REVIEW:
        review.render(store, record, bp, go_to=lambda s: _go(store, record, s))
    elif step == OUTLINE:
        outline.render(store, record, bp, go_to=lambda s: _go(store, record, s))
    else:
        _section(store, record, bp, step)


def _go(store: Store, record: DraftRecord, step: str) -> None:
    record.step = step
    save(store, record)
    st.rerun()


def _sidebar(record: DraftRecord, bp: Blueprint) -> None:
    lang = current_lang()
    with st.sidebar:
        st.divider()
        name = draft_name(record)
        st.markdown("**" + (md(name) if name else _("New draft")) + "**")
        st.caption(bp.title.get(lang))
        st.caption(
            _("Saved automatically · last change {time}").format(
                time=when(record.updated_at, seconds=True)
            )
        )
        st.caption(_("Private link to this draft (keep it to come back):"))
        st.code(private_link(session.DRAFT_PARAM, record.id), language=None, wrap_lines=True)
        if st.button(_("Start another draft"), key="new-draft", icon=":material/add:"):
            session.close_draft()
            st.rerun()


def _synced(record: DraftRecord) -> tuple[dict[str, int], dict[str, Any]]:
    """Return the answer versions and values this session's widgets were last drawn from
    (`seen`, `shown`): the base of its next changes (see `Store.update_answers`)."""
    state = session.journey()
    if state.get("synced_draft") != record.id:
        state.update(
            synced_draft=record.id,
            seen=dict(record.versions),
            shown=copy.deepcopy(record.answers),
            refresh=[],
            conflicts=[],
        )
    return state["seen"], state["shown"]


def _refresh_widgets(state: dict[str, Any]) -> None:
    """Forget the widgets of answers changed elsewhere, before they are drawn again, so they
    show the stored (newer) value."""
    for qid in state.get("refresh") or []:
        base = f"{session.WIDGET_PREFIX}{qid}"
        for key in [k for k in st.session_state if isinstance(k, str)]:
            if key == base or key.startswith((base + ".", base + "@")):
                del st.session_state[key]
        state.get("rows", {}).pop(qid, None)
    state["refresh"] = []


def _shown_value(value: Any) -> str:
    if isinstance(value, Mapping):
        value = value.get("name") or ", ".join(str(v) for v in value.values() if v)
    elif isinstance(value, list):
        value = ", ".join(_shown_value(v) for v in value)
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def save_answers(
    store: Store, record: DraftRecord, bp: Blueprint, changed: set[str], typed: dict[str, Any]
) -> bool:
    """Merge this session's changed answers into the stored draft; return True when some
    widgets must be drawn again (an answer was changed in another session meanwhile).

    An answer is written only if it was changed here on top of the version this session
    last showed. A widget still holding an older value that the user did not touch is
    refreshed silently; a real edit of an answer someone else changed first is not saved,
    and the user is told and shown the newer value."""
    state = session.journey()
    seen, shown = _synced(record)
    changes: dict[str, Any] = {}
    stale: list[str] = []
    for qid in {field_root(f) for f in changed}:
        if qid not in typed:
            continue
        newer_elsewhere = record.versions.get(qid, 0) != seen.get(qid, 0)
        if newer_elsewhere and typed[qid] == shown.get(qid):
            stale.append(qid)
        else:
            changes[qid] = typed[qid]
    labels = {q.id: q.label.get(current_lang()) for q in bp.questions()}
    if changes:
        result = store.update_answers(record.id, changes, {k: seen.get(k, 0) for k in changes})
        for key, version in result.saved.items():
            seen[key] = version
            shown[key] = copy.deepcopy(result.record.answers.get(key))
        for conflict in result.conflicts:
            stale.append(conflict.field)
            state["conflicts"].append(
                _(
                    "“{label}” was changed in another session meanwhile and now reads "
                    "“{theirs}”. Your value “{yours}” was not saved; enter it again if it "
                    "should replace the newer one."
                ).format(
                    label=labels.get(conflict.field, conflict.field),
                    theirs=_shown_value(conflict.theirs),
                    yours=_shown_value(conflict.yours),
                )
            )
        record.answers, record.versions = result.record.answers, result.record.versions
        record.revision, record.updated_at = result.record.revision, result.record.updated_at
    for qid in stale:
        seen[qid] = record.versions.get(qid, 0)
        shown[qid] = copy.deepcopy(record.answers.get(qid))
    state["refresh"] = sorted(set(state.get("refresh") or []) | set(stale))
    return bool(stale)


def _section(store: Store, record: DraftRecord, bp: Blueprint, step: str) -> None:
    lang = current_lang()
    section = next(s for s in bp.sections if s.id == step)
    state = session.journey()
    touched = step in state["touched"]
    seen, shown = _synced(record)
    _refresh_widgets(state)
    for note in state.get("conflicts") or []:
        st.warning(md(note), icon=":material/sync_problem:")
    state["conflicts"] = []
    st.header(section.title.get(lang))
    st.caption(_("Fields marked * are required. Every change is saved at once."))
    typed = copy.deepcopy(record.answers)
    ctx = Context(lang=lang, raw=typed, show_required=touched)
    drawn: list[str] = []
    for q in section.questions:
        if q.id in visible(bp, typed):  # live: a switch shows its follow-up question at once
            drawn.append(q.id)
            question(q, ctx)
    changed_roots = {field_root(f) for f in ctx.changed}
    for qid in drawn:
        if qid not in changed_roots:  # the widget shows the stored value: in step with it
            seen[qid] = record.versions.get(qid, 0)
            shown[qid] = copy.deepcopy(record.answers.get(qid))
    try:
        redraw = bool(ctx.changed) and save_answers(store, record, bp, ctx.changed, typed)
    except DraftDeleted:
        st.error(_("This draft was deleted in another session. Start a new one."))
        session.close_draft()
        return
    except PppDraftError as exc:  # an answer over a limit: named, the others are kept
        st.error(md(str(exc)), icon=":material/error:")
        redraw = False
    if redraw:
        st.rerun()
    raw = record.answers
    problems = {p.field: p.message for p in problems_of(bp, raw, lang)}
    ctx.show_errors(problems)

    ids = {q.id for q in section.questions} & visible(bp, raw)
    mine = [f for f in problems if field_root(f) in ids]
    if touched and mine:
        st.warning(
            _(
                "Some answers in this section need attention (marked above). Fix them now, or "
                "continue and come back from the review."
            ),
            icon=":material/warning:",
        )
    all_steps = steps(bp)
    index = all_steps.index(step)
    back, forward, anyway = st.columns([1, 1, 2])
    # Buttons are handled after the answers are saved and without a rerun in between, so a
    # click that arrives together with the last typed value loses neither.
    if back.button(_("Back"), key="back", disabled=index == 0, icon=":material/arrow_back:"):
        _go(store, record, all_steps[index - 1])
    label = _("Review answers") if all_steps[index + 1] == REVIEW else _("Next")
    if forward.button(label, key="next", type="primary", icon=":material/arrow_forward:"):
        if mine and not touched:
            state["touched"] = [*state["touched"], step]
            st.rerun()
        _go(store, record, all_steps[index + 1])
    if touched and mine and anyway.button(_("Continue anyway"), key="continue-anyway"):
        _go(store, record, all_steps[index + 1])
    if ctx.rerun:
        st.rerun()  # a party was added or removed: draw its rows


def start_screen(store: Store) -> None:
    """Pick a contract type, or start from an answers file."""
    lang = current_lang()
    # Read the contract types before drawing anything: on a cold start reading them takes a
    # moment, and the cards must not arrive seconds after the text that introduces them.
    found = blueprints()
    st.title(_("Draft a contract"))
    notice()
    st.markdown(
        _(
            "Choose the kind of contract. You answer questions section by section; pppdraft "
            "picks the model clauses that fit and writes a Word draft for your lawyer."
        )
    )
    for bp in found:
        with st.container(border=True):
            text, button = st.columns([5, 1])
            text.markdown(f"**{md(bp.title.get(lang))}**")
            text.caption(bp.description.get(lang))
            if button.button(_("Start"), key=f"start-{bp.id}", type="primary"):
                start_draft(store, bp)
                st.rerun()
    if found:
        _upload(store, found)
    _elsewhere()


def _elsewhere() -> None:
    """Offer the app's other tools (the same pages as the navigation)."""
    st.subheader(_("Other tools"))
    names = [n for n in nav.names() if n != "draft"]
    for column, name in zip(st.columns(len(names)), names, strict=True):
        if column.button(_(nav.PAGES[name][1]), key=f"goto-{name}", icon=nav.PAGES[name][2]):
            nav.goto(name)


def _upload(store: Store, found: list[Blueprint]) -> None:
    """Start a draft from an uploaded answers file."""
    lang = current_lang()
    st.subheader(_("Start from an answers file"))
    st.caption(
        _(
            "An answers file (YAML) from an earlier draft, a colleague or "
            "`pppdraft questions TYPE --skeleton`."
        )
    )
    ids = [bp.id for bp in found]
    titles = {bp.id: bp.title.get(lang) for bp in found}
    chosen = select(_("Contract type of the file"), ids, titles, "upload-type")
    upload = st.file_uploader(_("Answers file"), type=["yaml", "yml"], key="upload-answers")
    if upload is not None and st.button(_("Start from this file"), key="start-upload"):
        bp = next(b for b in found if b.id == chosen)
        try:
            content = upload.getvalue().decode("utf-8")
        except UnicodeDecodeError:
            st.error(_("The file is not UTF-8 text; save it as UTF-8 and upload it again."))
            return
        try:
            imported = import_answers(bp, content, upload.name, lang)
        except PppDraftError as exc:
            st.error(str(exc))
            return
        start_draft(store, bp, imported.answers, step=REVIEW, choices=imported.choices)
        notes = list(imported.notes)
        if imported.unknown:
            notes.insert(
                0,
                _("Left out, not questions of this contract type: {keys}").format(
                    keys=", ".join(imported.unknown)
                ),
            )
        session.journey()["notes"] = notes
        st.rerun()
