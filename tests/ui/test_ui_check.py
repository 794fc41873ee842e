"""Check a contract: upload → traffic lights with evidence → memo → the suggested clauses."""

from __future__ import annotations

import pytest
from testkit import ROOT
from uihelp import docx_text, new_app, texts

from pppdraft.ui import nav

CORPUS = ROOT / "tests" / "checker" / "corpus"
VENDOR = CORPUS / "en-02-vendor-terms.md"

pytestmark = pytest.mark.skipif(
    not nav.checker_available(), reason="pppdraft.checker is not there yet"
)


def it_shows_the_findings_with_evidence_and_offers_the_memo(db: str) -> None:
    at = new_app("en")
    at.button(key="goto-check").click().run()
    at.file_uploader(key="check-upload").upload(VENDOR.name, VENDOR.read_bytes()).run()
    assert not at.exception, at.exception
    report = at.session_state["check"]["report"]
    assert report.summary.red_flag > 0
    red = next(i for i in report.items if i.status == "red_flag")
    labels = [str(e.label).replace("\\", "") for e in at.expander]
    assert any(red.title in label and "red flag" in label for label in labels)
    shown = " ".join(texts(at, "text"))
    assert red.evidence[0].text in shown, "the quoted evidence is on the page"
    memo = docx_text(at.session_state["check"]["memo"])
    assert red.title in memo
    links = [p.proto for p in at.get("page_link")]
    assert any(red.suggested_clause in str(link) for link in links)


def it_reports_in_czech_for_a_czech_screen(db: str) -> None:
    at = new_app("cs")
    at.button(key="goto-check").click().run()
    path = CORPUS / "cs-02-vop-saas.md"
    at.file_uploader(key="check-upload").upload(path.name, path.read_bytes()).run()
    assert at.session_state["check"]["report"].report_language == "cs"
    assert any("varování" in str(e.label) or "chybí" in str(e.label) for e in at.expander)


def it_names_a_file_it_cannot_read(db: str) -> None:
    at = new_app("en")
    at.button(key="goto-check").click().run()
    at.file_uploader(key="check-upload").upload("broken.docx", b"not a zip").run()
    assert not at.exception
    assert any("broken.docx" in e for e in texts(at, "error"))


def it_starts_a_data_agreement_from_the_check(db: str) -> None:
    at = new_app("en")
    at.button(key="goto-check").click().run()
    at.file_uploader(key="check-upload").upload(VENDOR.name, VENDOR.read_bytes()).run()
    at.button(key="check-start-draft").click().run()
    assert "draft" in at.query_params
    assert at.text_input(key="q.municipality.name")
