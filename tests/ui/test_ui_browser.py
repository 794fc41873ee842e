"""The app in a real browser: `streamlit run` on 127.0.0.1 driven by Playwright + Debian chromium.

The same journey as the AppTest tests with clicks and typing, a reload in the middle of the
questionnaire, the .docx downloaded and reopened, two browser sessions kept apart, and a
screenshot of every page in both languages in test-output/screenshots/ for a reviewer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import Screen, Server, start_server
from browserkit import browser as browser
from browserkit import screen as screen
from testkit import ROOT
from uihelp import MUNICIPALITY, NEIGHBOUR, PARTNER, docx_text

from pppdraft.store import Store
from pppdraft.ui import nav

PROJECT = "Chytré parkování <centrum> & {{ 7*7 }}"
CORPUS = ROOT / "tests" / "checker" / "corpus"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with start_server(tmp_path_factory.mktemp("server")) as running:
        yield running


def _fill_party(screen: Screen, prefix: str, values: dict[str, str]) -> None:
    for name, value in values.items():
        screen.type(f"q.{prefix}.{name}", value)


def test_the_journey_in_a_real_browser(screen: Screen, server: Server) -> None:
    screen.open()
    assert "Nejde o právní radu" in screen.text()
    screen.shot("cs-1-start")
    screen.language("en")
    assert "It does not give legal advice" in screen.text()
    screen.shot("en-1-start")

    screen.click("start-data-agreement")
    assert "?draft=" in screen.page.url
    _fill_party(screen, "municipality", {**MUNICIPALITY, "ico": "12345678"})
    assert "an IČO has 8 digits" in screen.errors()
    screen.type("q.municipality.ico", MUNICIPALITY["ico"])
    assert "IČO" not in screen.errors()
    _fill_party(screen, "partner", PARTNER)
    screen.click("add-additional_parties")
    _fill_party(screen, "additional_parties.0", NEIGHBOUR)
    screen.shot("en-2-questionnaire")
    screen.language("cs")
    screen.shot("cs-2-questionnaire")
    screen.expect_value("q.additional_parties.0.name", NEIGHBOUR["name"])
    screen.language("en")
    screen.type("q.municipality_contact", "Ing. Jana Malá, jana.mala@brod.cz")
    screen.type("q.partner_contact", "Bc. Petr Kos, +420 602 111 222")
    screen.click("next")

    screen.type("q.project_name", PROJECT)
    screen.type("q.service_description", "420 senzorů obsazenosti.\nNavigační tabule.")
    screen.date("q.start_date", "2027-01-01")
    screen.type("q.term_years", "12")

    # Reload in the middle of the questionnaire: every answer is still there.
    screen.page.reload()
    screen.page.wait_for_selector(".st-key-q-project_name")
    screen.settle()
    screen.expect_value("q.project_name", PROJECT)
    screen.expect_value("q.service_description", "420 senzorů obsazenosti.\nNavigační tabule.")
    screen.expect_value("q.term_years", "12")
    screen.expect_value("q.start_date", "2027-01-01")
    screen.click("back")
    for key, value in MUNICIPALITY.items():
        screen.expect_value(f"q.municipality.{key}", value)
    screen.expect_value("q.additional_parties.0.representative", NEIGHBOUR["representative"])
    screen.click("next")
    screen.type("q.signing_place", "Horní Brod")
    screen.click("next")

    screen.type("q.datasets", "obsazenost parkovacích míst\nvjezdy do zóny A")
    screen.type("q.partner_purposes", "provoz a údržba senzorové sítě")
    assert screen.widget("q.personal_data_role@en").count() == 0
    screen.toggle("q.personal_data")
    assert screen.widget("q.personal_data_role@en").count() == 1, "show_if applies live"
    screen.type("q.processing_places", "datové centrum, Praha, Česká republika")
    screen.type("q.pd_purpose", "rozpoznávání registračních značek na vjezdech")
    screen.type("q.pd_types", "registrační značka\nčas vjezdu")
    screen.type("q.pd_subjects", "řidiči")
    screen.type("q.pd_retention", "nejvýše 24 hodin")
    assert screen.widget("q.data_trust").count() == 1, "a 12-year term shows the data trust"
    screen.language("cs")  # the chosen options survive a language switch, in the browser too
    screen.checked("q.data_ownership_model@cs", "Obec vlastní všechna data")
    screen.checked("q.personal_data_role@cs", "Partner je zpracovatelem obce")
    screen.language("en")
    screen.checked("q.data_ownership_model@en", "The municipality owns all data")
    screen.choose("q.compensation_model@en", "Reimbursement of proven costs")
    screen.type("q.cost_cap", "plenty")
    assert "expected an amount in CZK" in screen.errors()
    screen.type("q.cost_cap", "25 000")
    assert not screen.errors()
    screen.click("next")
    assert "200" in screen.value("q.penalty_misuse")  # recommended amounts are prefilled
    screen.click("next")

    screen.type("q.resolution_number", "RM/412/2026")
    screen.date("q.resolution_date", "2026-11-23")
    screen.click("next")
    assert "All answers are complete" in screen.text()
    screen.shot("en-3-review")
    screen.language("cs")
    screen.shot("cs-3-review")
    screen.language("en")

    screen.click("to-outline")
    screen.choose_variant("data.ownership", "purpose-limited licence")
    assert "You chose this variant here in the outline" in screen.text()
    screen.choose("doc-lang@en", "Czech")
    screen.click("build")
    screen.shot("en-4-outline")
    with screen.page.expect_download() as download_info:
        screen.widget("download-cs").locator("button").click()
    path = screen.downloads / "contract.docx"
    download_info.value.save_as(path)
    text = docx_text(path.read_bytes())
    assert PROJECT in text
    for party in (MUNICIPALITY, PARTNER, NEIGHBOUR):
        assert party["name"] in text
    assert "Smlouva o vlastnictví, zpřístupnění a sdílení dat" in text
    screen.language("cs")
    screen.checked("doc-lang@cs", "Čeština")
    screen.shot("cs-4-outline")

    draft_id = screen.page.url.split("draft=")[1].split("&")[0]
    store = Store(server.db)
    record = store.get_draft(draft_id)
    assert record is not None
    assert record.choices == {"data.ownership": "data.ownership.licence-back"}
    assert [d.lang for d in store.list_documents(draft_id=draft_id)] == ["cs"]
    store.close()

    # The other pages, in both languages, for the reviewer.
    titles = {
        "drafts": ("Moje návrhy", "My drafts"),
        "library": ("Knihovna ustanovení", "Clause library"),
        "trainer": ("Školení", "Trainer"),
        "check": ("Kontrola smlouvy", "Check a contract"),
    }
    for name in (n for n in nav.names() if n in titles):
        screen.nav(titles[name][0])
        if name == "drafts":
            assert PROJECT in screen.text()
        if name == "library":  # alternatives side by side
            screen.type("lib-text", "data.ownership")
        if name == "check":
            upload = screen.page.locator("[data-testid=stFileUploaderDropzoneInput]")
            upload.set_input_files(str(CORPUS / "cs-03-parkovani-smisena.md"))
            screen.settle()
            assert "riziko" in screen.text() or "chybí" in screen.text()
        screen.shot(f"cs-5-{name}")
        screen.language("en")
        assert titles[name][1] in screen.text()
        screen.shot(f"en-5-{name}")
        if name == "trainer":
            screen.page.get_by_role("tab", name="Compare answers").click()
            screen.settle()
            screen.shot("en-6-trainer-compare")
        screen.language("cs")


def test_two_browser_sessions_do_not_see_each_others_drafts(
    browser: Any, server: Server, tmp_path: Path
) -> None:
    alice, bob = Screen(browser, server, tmp_path), Screen(browser, server, tmp_path)
    try:
        alice.open()
        alice.click("start-data-agreement")
        alice.click("next")
        alice.click("next")
        alice.type("q.project_name", "Alice only")
        bob.open()
        assert "Alice only" not in bob.text()
        bob.nav("Moje návrhy")
        assert "Alice only" not in bob.text()
        alice.nav("Moje návrhy")
        assert "Alice only" in alice.text()
    finally:
        alice.close()
        bob.close()
