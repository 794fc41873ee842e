"""The browser harness of the UI tests: `streamlit run` on 127.0.0.1, Playwright + Debian chromium.

`start_server` runs the app with its own database (and, optionally, its own copy of the
content folders as PPPDRAFT_HOME); `Screen` is one browser tab with the few moves tests need.
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
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from testkit import IN_CI, ROOT
from uihelp import SCREENSHOTS

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


@contextmanager
def start_server(folder: Path, home: Path | None = None) -> Iterator[Server]:
    """Run `streamlit run app.py` with a database in `folder` (content from `home` if given)."""
    _need_chromium()
    db = f"sqlite:///{folder / 'drafts.db'}"
    port = _free_port()
    env = {**os.environ, "PPPDRAFT_DB": db, "PYTHONUNBUFFERED": "1"}
    if home is not None:
        env["PPPDRAFT_HOME"] = str(home)
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


def copy_home(target: Path) -> Path:
    """Return a throwaway copy of the content folders (clauses, contracts, templates, scenarios)."""
    for name in ("clauses", "contracts", "templates", "scenarios"):
        shutil.copytree(ROOT / name, target / name)
    return target


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


def need_chromium() -> None:
    """Skip (fail under CI) without Debian chromium."""
    _need_chromium()


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
