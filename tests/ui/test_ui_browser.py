"""The app in a real browser: `streamlit run` on 127.0.0.1 driven by Playwright + Debian chromium.

The same journey as the AppTest tests with clicks and typing, a reload in the middle of the
questionnaire, the .docx downloaded and reopened, two browser sessions kept apart, and a
screenshot of every page in both languages in test-output/screenshots/ for a reviewer.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from testkit import IN_CI, ROOT
from uihelp import MUNICIPALITY, NEIGHBOUR, PARTNER, SCREENSHOTS, docx_text

from pppdraft.store import Store
from pppdraft.ui import nav

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PROJECT = "Chytré parkování <centrum> & {{ 7*7 }}"
CORPUS = ROOT / "tests" / "checker" / "corpus"

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Server:
    """A running `streamlit run app.py` with its own database."""

    url: str
    db: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _need_chromium() -> None:
    if Path(CHROMIUM).is_file():
        return
    if IN_CI:
        pytest.fail(f"{CHROMIUM} is required under CI=true; `make test` installs it")
    pytest.skip(f"{CHROMIUM} is not installed (run `make test` as root to install it)")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    _need_chromium()
    folder = tmp_path_factory.mktemp("server")
    db = f"sqlite:///{folder / 'drafts.db'}"
    port = _free_port()
    env = {**os.environ, "PPPDRAFT_DB": db, "PYTHONUNBUFFERED": "1"}
    streamlit = shutil.which("streamlit", path=str(Path(sys.executable).parent)) or "streamlit"
    command = [
        streamlit,
        "run",
        "app.py",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    with (folder / "server.log").open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url, process, folder / "server.log")
            yield Server(url=url, db=db)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not start in time: {log.read_text()}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Screen:
    """One browser tab on the app, with the few moves the tests need."""

    def __init__(self, browser: Any, server: Server, downloads: Path) -> None:
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="cs-CZ"
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.server = server
        self.downloads = downloads

    def close(self) -> None:
        self.context.close()

    def settle(self) -> None:
        """Wait until the script has finished its runs (a rerun it asks for included)."""
        idle = (
            "() => { const app = document.querySelector('[data-testid=stApp]');"
            " return app && app.getAttribute('data-test-script-state') === 'notRunning'; }"
        )
        for _ in range(2):  # idle twice in a row: a rerun may follow a finished run
            self.page.wait_for_timeout(150)
            self.page.wait_for_function(idle)

    def open(self, path: str = "") -> None:
        self.page.goto(f"{self.server.url}/{path}")
        self.page.wait_for_selector("[data-testid=stSidebar]")
        self.settle()

    def widget(self, key: str) -> Any:
        return self.page.locator(f".st-key-{re.sub(r'[^A-Za-z0-9_-]', '-', key)}")

    def type(self, key: str, value: str) -> None:
        box = self.widget(key).locator("input, textarea").first
        box.fill(value)
        box.press("Control+Enter" if box.evaluate("e => e.tagName") == "TEXTAREA" else "Enter")
        self.settle()

    def value(self, key: str) -> str:
        return str(self.widget(key).locator("input, textarea").first.input_value())

    def expect_value(self, key: str, value: str) -> None:
        """Assert a field shows `value` (retrying while the page is still drawing)."""
        from playwright.sync_api import expect

        expect(self.widget(key).locator("input, textarea").first).to_have_value(value)

    def click(self, key: str) -> None:
        self.widget(key).locator("button").first.click()
        self.settle()

    def choose(self, key: str, label: str) -> None:
        self.widget(key).get_by_text(label, exact=False).first.click()
        self.settle()

    def choose_variant(self, topic: str, label: str) -> None:
        """Pick a variant in the outline (the radio's key ends with the included clause)."""
        radio = self.page.locator(f"[class*='st-key-choice-{topic.replace('.', '-')}']")
        radio.get_by_text(label, exact=False).first.click()
        self.settle()

    def checked(self, key: str, label: str) -> None:
        """Assert the radio `key` shows the option `label` as chosen."""
        from playwright.sync_api import expect

        chosen = self.widget(key).locator("label:has(input:checked)")
        expect(chosen).to_have_count(1)
        expect(chosen).to_contain_text(label)

    def toggle(self, key: str) -> None:
        self.widget(key).locator("label").first.click()
        self.settle()

    def date(self, key: str, value: str) -> None:
        box = self.widget(key).locator("input").first
        box.fill(value)
        box.press("Enter")
        self.page.keyboard.press("Escape")
        self.settle()

    def language(self, lang: str) -> None:
        self.widget("ui-lang-switch").get_by_text(
            "English" if lang == "en" else "Čeština", exact=True
        ).click()
        self.settle()

    def nav(self, title: str) -> None:
        self.page.locator("[data-testid=stSidebarNavLink]", has_text=title).first.click()
        self.page.wait_for_timeout(300)
        self.settle()

    def shot(self, name: str) -> None:
        """Save the whole page (Streamlit scrolls inside: grow the window to fit it)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        height = self.page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
            "[data-testid=stSidebarContent]')].map(e => e.scrollHeight), 900)"
        )
        self.page.set_viewport_size({"width": 1280, "height": min(int(height), 12_000)})
        self.page.wait_for_timeout(200)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
        self.page.set_viewport_size({"width": 1280, "height": 900})

    def text(self) -> str:
        return str(self.page.locator("[data-testid=stMain]").inner_text())

    def errors(self) -> str:
        return " ".join(self.page.locator("[data-testid=stAlertContentError]").all_inner_texts())


@pytest.fixture
def screen(
    browser: Any, server: Server, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Screen]:
    opened = Screen(browser, server, tmp_path)
    failed = request.session.testsfailed
    yield opened
    if request.session.testsfailed > failed:  # keep what the browser showed when it failed
        opened.shot(f"failed-{request.node.name}")
    opened.close()


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
    assert "chosen by the user in the outline" in screen.text()
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
            assert "varování" in screen.text() or "chybí" in screen.text()
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
