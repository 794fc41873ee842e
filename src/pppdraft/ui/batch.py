"""Many contracts at once (regions, micro-regions, trainers): base answers plus a table with
one row per contract → a zip of the documents, their manifests and report.csv.

The same core as `pppdraft batch` (`pppdraft.batch`, which builds every row through the one
build path); here in the server's process, one row after another.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import streamlit as st

from pppdraft import AnswersError, PppDraftError, load_blueprint
from pppdraft.answersfile import parse_answers
from pppdraft.qtypes import PARTY_FIELDS

from .common import blueprints, lang_name, md, notice, select
from .i18n import _, current_lang

STATE = "batch"
MAX_APP_ROWS = 1000  # more rows: the command line (`pppdraft batch --workers N`)
ZIP_MIME = "application/zip"


def template_csv(contract_type: str) -> bytes:
    """Return a table to fill in: the `file` column, the municipality's fields, project name."""
    header = ["file", *(f"municipality.{name}" for name in PARTY_FIELDS), "project_name"]
    return (";".join(header) + "\n").encode("utf-8-sig")


def run_batch(contract_type: str, base: bytes, base_name: str, table: bytes, table_name: str,
              doc_lang: str) -> dict[str, Any]:  # fmt: skip
    """Build every row; return the zip, the counts and the refused rows (raises
    PppDraftError when the base answers or the table cannot be used at all)."""
    from pppdraft import batch
    from pppdraft.pipeline import languages

    bp = load_blueprint(contract_type)
    raw = parse_answers(base, base_name)  # the core's reading: UTF-8, safe YAML, answer limits
    if not isinstance(raw, dict):
        raise AnswersError(f"{base_name}: the base answers must be a mapping of question: answer")
    work = batch.jobs(batch.table_from_bytes(table, table_name), bp, raw)
    if len(work) > MAX_APP_ROWS:
        raise batch.BatchError(
            _(
                "{name}: {n} rows; the app builds at most {max} at once. Split the table or "
                "use the command `pppdraft batch`."
            ).format(name=table_name, n=len(work), max=MAX_APP_ROWS)
        )
    bar = st.progress(0.0, text=_("Building …"))
    done: list[int] = []

    def progress(_result: Any) -> None:
        done.append(1)
        bar.progress(len(done) / max(1, len(work)), text=_("Building …"))

    with tempfile.TemporaryDirectory(prefix="pppdraft-batch-") as tmp:
        out = Path(tmp) / "out"
        settings = batch.Settings(contract_type, languages(doc_lang), out)
        results = batch.run(settings, work, workers=1, progress=progress)
        batch.write_report(out / "report.csv", results)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(out.iterdir()):
                archive.write(path, path.name)
    bar.empty()
    return {
        "contract_type": contract_type,
        "zip": buffer.getvalue(),
        "total": len(results),
        "built": sum(r.ok for r in results),
        "refused": [batch.describe(r) for r in results if not r.ok],
    }


def render() -> None:
    """Draw the page."""
    lang = current_lang()
    st.title(_("Many contracts at once"))
    notice()
    st.markdown(
        _(
            "For a region, a micro-region or a class: the same contract for many "
            "municipalities. Upload the answers they all share and a table with one row per "
            "contract; you get a zip with a Word document and a manifest per row, and a "
            "report of every row."
        )
    )
    found = blueprints()
    if not found:
        return
    ids = [bp.id for bp in found]
    titles = {bp.id: bp.title.get(lang) for bp in found}
    contract_type = select(_("Contract type"), ids, titles, "batch-type")
    bp = next(b for b in found if b.id == contract_type)
    options = [*bp.languages, "cs+en"] if len(bp.languages) > 1 else list(bp.languages)
    doc_lang = st.radio(
        _("Language of the documents"),
        options,
        format_func={code: lang_name(code) for code in options}.__getitem__,
        horizontal=True,
        key=f"batch-lang-{contract_type}",
    )
    st.caption(
        _(
            "The table's first row names the answers a column fills in, e.g. "
            "municipality.name, municipality.ico, project_name or "
            "additional_parties[0].name; an empty cell keeps the shared answer. An optional "
            "column file names the row's documents."
        )
    )
    st.download_button(
        _("Download a table to fill in (CSV)"),
        data=template_csv(contract_type),
        file_name=f"{contract_type}-table.csv",
        mime="text/csv",
        key="batch-template",
        on_click="ignore",
        icon=":material/download:",
    )
    base = st.file_uploader(_("Shared answers (YAML)"), type=["yaml", "yml"], key="batch-base")
    table = st.file_uploader(
        _("Table, one row per contract (CSV or XLSX)"), type=["csv", "xlsx"], key="batch-table"
    )
    if st.button(
        _("Build all contracts"),
        key="batch-build",
        type="primary",
        disabled=base is None or table is None,
        icon=":material/description:",
    ):
        assert base is not None and table is not None
        try:
            st.session_state[STATE] = run_batch(
                contract_type, base.getvalue(), base.name, table.getvalue(), table.name,
                str(doc_lang),
            )  # fmt: skip
        except PppDraftError as exc:
            st.session_state.pop(STATE, None)
            st.error(str(exc), icon=":material/error:")
    _result(contract_type)


def _result(contract_type: str) -> None:
    result = st.session_state.get(STATE)
    if not result or result.get("contract_type") != contract_type:
        return
    message = _("Built {built} of {total} contracts.").format(
        built=result["built"], total=result["total"]
    )
    if result["refused"]:
        st.warning(message, icon=":material/warning:")
        for line in result["refused"]:
            st.error(md(line), icon=":material/error:")
    else:
        st.success(message, icon=":material/check_circle:")
    st.download_button(
        _("Download the documents and the report (zip)"),
        data=result["zip"],
        file_name=f"{contract_type}-batch.zip",
        mime=ZIP_MIME,
        key="batch-download",
        on_click="ignore",
        type="primary",
        icon=":material/download:",
    )
