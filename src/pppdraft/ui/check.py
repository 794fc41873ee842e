"""Check a contract: upload a vendor's draft, see item by item whether the city owns its data
and can leave (traffic lights with the quoted evidence), download the memo, and go to the
clauses that would fix it.
"""

from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st

from pppdraft import PppDraftError, load_blueprint
from pppdraft.checker import CheckReport, ItemResult
from pppdraft.checker.isolated import check_isolated
from pppdraft.checker.report import STATUS_LABEL

from . import draft as draft_page
from . import nav, session
from .common import md
from .i18n import _, current_lang

CHECK_KEY = "check"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STATUS = {  # colour, traffic-light icon (Material icons render without emoji fonts); the words
    # are the report's one severity vocabulary (checker.report.STATUS_LABEL)
    "red_flag": ("red", ":red[:material/cancel:]"),
    # "Check this": protective and limiting wording meet — amber, never green.
    "unclear": ("orange", ":orange[:material/warning:]"),
    "missing": ("gray", ":gray[:material/help:]"),
    "present": ("green", ":green[:material/check_circle:]"),
}


def status_label(status: str) -> str:
    """Return the report's word for a status in the UI language."""
    return STATUS_LABEL["en" if current_lang() == "en" else "cs"][status]  # type: ignore[index]


ORDER = {status: n for n, status in enumerate(STATUS)}


def _report(name: str, data: bytes, lang: str) -> dict[str, Any]:
    """Return the session's report of this upload in `lang` (checked again only when new)."""
    digest = hashlib.sha256(data).hexdigest()
    found = st.session_state.get(CHECK_KEY)
    if isinstance(found, dict) and (found["sha"], found["lang"]) == (digest, lang):
        return found
    # In a worker process with a time limit: a slow upload never holds up other sessions.
    report, memo = check_isolated(data, name, lang="en" if lang == "en" else "cs")
    found = {"sha": digest, "lang": lang, "name": name, "report": report, "memo": memo}
    st.session_state[CHECK_KEY] = found
    return found


def render() -> None:
    """Draw the contract check page."""
    lang = current_lang()
    st.title(_("Check a contract"))
    st.caption(
        _(
            "Upload a contract written by others (a vendor's draft, an old concession). "
            "pppdraft reads it against the data-ownership checklist and shows, item by item, "
            "what protects the city, what is missing and what works against it. The check "
            "reads words, not meaning: a lawyer confirms every finding."
        )
    )
    upload = st.file_uploader(
        _("Contract (.docx, .pdf, .txt or .md)"),
        type=["docx", "pdf", "txt", "md"],
        key="check-upload",
    )
    if upload is None:
        st.session_state.pop(CHECK_KEY, None)
        return
    try:
        with st.spinner(_("Reading the contract …")):
            found = _report(upload.name, upload.getvalue(), lang)
    except PppDraftError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    report: CheckReport = found["report"]
    _summary(report)
    st.download_button(
        _("Download the memo (.docx)"),
        data=found["memo"],
        file_name=f"{_stem(found['name'])}-check-{report.report_language}.docx",
        mime=DOCX_MIME,
        key="check-memo",
        on_click="ignore",
        type="primary",
        icon=":material/download:",
    )
    st.subheader(_("Findings"))
    for item in sorted(report.items, key=lambda i: ORDER[i.status]):
        _item(item)
    st.divider()
    if any(item.status != "present" for item in report.items):
        st.markdown(
            _(
                "To put the missing protections in place, start a data agreement: it "
                "includes the suggested clauses."
            )
        )
    else:
        st.markdown(_("Every protection of the checklist was found. A lawyer confirms it."))
    if st.button(_("Start a data agreement"), key="check-start-draft", icon=":material/add:"):
        record = draft_page.start_draft(session.store(), load_blueprint("data-agreement"))
        nav.goto("draft", {session.DRAFT_PARAM: record.id})


def _stem(name: str) -> str:
    stem = name.rsplit(".", 1)[0]
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in stem)[:60] or "contract"


def _summary(report: CheckReport) -> None:
    counts = report.summary.model_dump()
    for column, status in zip(st.columns(len(STATUS)), STATUS, strict=True):
        column.metric(status_label(status), counts[status])
    head = (_("Item"), _("Status"), _("Where"))
    rows = ["| {} | {} | {} |".format(*head), "|---|---|---|"]
    for item in sorted(report.items, key=lambda i: ORDER[i.status]):
        colour, dot = STATUS[item.status]
        where = "; ".join(e.location for e in item.evidence) or "—"
        status = status_label(item.status)
        rows.append(f"| {md(item.title)} | {dot} :{colour}[{status}] | {md(where)} |")
    st.markdown("\n".join(rows))


def _item(item: ItemResult) -> None:
    colour, dot = STATUS[item.status]
    status = status_label(item.status)
    with st.expander(f"{dot} {md(item.title)} · :{colour}[{status}]"):
        st.markdown(md(item.explanation))
        for evidence in item.evidence:
            st.caption(f"{md(evidence.location)} · {evidence.rule}")
            st.text(evidence.text)
        if item.status != "present":
            title = item.suggested_clause_title or item.suggested_clause
            st.page_link(
                nav.page("library"),
                label=_("Suggested clause: {title}").format(title=title),
                icon=":material/menu_book:",
                query_params={"clause": item.suggested_clause},
            )
