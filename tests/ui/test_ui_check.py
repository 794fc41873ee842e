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


def test_shows_the_findings_with_evidence_and_offers_the_memo(db: str) -> None:
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


def test_reports_in_czech_for_a_czech_screen(db: str) -> None:
    at = new_app("cs")
    at.button(key="goto-check").click().run()
    path = CORPUS / "cs-02-vop-saas.md"
    at.file_uploader(key="check-upload").upload(path.name, path.read_bytes()).run()
    assert at.session_state["check"]["report"].report_language == "cs"
    assert any("riziko" in str(e.label) or "chybí" in str(e.label) for e in at.expander)


def test_names_a_file_it_cannot_read(db: str) -> None:
    at = new_app("en")
    at.button(key="goto-check").click().run()
    at.file_uploader(key="check-upload").upload("broken.docx", b"not a zip").run()
    assert not at.exception
    assert any("broken.docx" in e for e in texts(at, "error"))


def test_starts_a_data_agreement_from_the_check(db: str) -> None:
    at = new_app("en")
    at.button(key="goto-check").click().run()
    at.file_uploader(key="check-upload").upload(VENDOR.name, VENDOR.read_bytes()).run()
    at.button(key="check-start-draft").click().run()
    assert "draft" in at.query_params
    assert at.text_input(key="q.municipality.name")


# Ownership (present), access through the supplier's portal (check this) and a charge for
# extracts of the data (red flag). A fee in the access sentence itself would make the access a
# red flag too (protective and undermining wording meet), so the charge stands on its own.
FOUR_OUTCOMES = {
    "en": (
        "The City owns all data collected under this Agreement. The City has access to the "
        "data via the API through the Supplier's web portal. Each data export is charged at "
        "EUR 200."
    ),
    "cs": (
        "Obec je vlastníkem veškerých dat shromážděných podle této smlouvy. Obec má přístup "
        "k datům přes API prostřednictvím webového rozhraní Dodavatele. Za každý výpis dat "
        "účtuje Dodavatel poplatek 5 000 Kč."
    ),
}
LABELS = {
    "en": {
        "red_flag": "red flag",
        "unclear": "check this",
        "missing": "missing",
        "present": "present",
    },
    "cs": {"red_flag": "riziko", "unclear": "ověřte", "missing": "chybí", "present": "v pořádku"},
}


@pytest.mark.parametrize("lang", ["en", "cs"])
def test_the_page_shows_four_outcomes_with_check_this_in_amber(db: str, lang: str) -> None:
    at = new_app(lang)
    at.button(key="goto-check").click().run()
    data = FOUR_OUTCOMES[lang].encode()
    at.file_uploader(key="check-upload").upload(f"vendor-{lang}.txt", data).run()
    assert not at.exception, at.exception
    report = at.session_state["check"]["report"]
    assert report.item("access-during-term").status == "unclear"
    labels = LABELS[lang]
    metrics = {str(m.label): m.value for m in at.metric}
    assert metrics == {
        labels["red_flag"]: "1",
        labels["unclear"]: "1",
        labels["missing"]: "17",
        labels["present"]: "1",
    }
    expanders = [str(e.label) for e in at.expander]
    unclear = next(label for label in expanders if labels["unclear"] in label)
    assert ":orange[" in unclear and report.item("access-during-term").title in unclear
    assert not any(":green[" in label and labels["unclear"] in label for label in expanders)
    # Worst first: red flag, then check this, then missing, then present.
    order = [
        next(s for s in ("red_flag", "unclear", "missing", "present") if labels[s] in x)
        for x in expanders
    ]
    assert order == sorted(order, key=["red_flag", "unclear", "missing", "present"].index)
    shown = " ".join(texts(at, "text"))
    assert report.item("access-during-term").evidence[0].text in shown
    memo = docx_text(at.session_state["check"]["memo"])
    assert labels["unclear"][:1].upper() + labels["unclear"][1:] in memo
