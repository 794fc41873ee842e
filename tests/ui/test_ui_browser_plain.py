"""The app as officials, trainers and the library's lawyer meet it, in a real browser.

Against its own copy of the content folders (PPPDRAFT_HOME), so approving a clause here never
touches the repository's library: the parking scenario's outline in plain words, every page
in the UI language, named form fields in a logical tab order, a lawyer's approval that
`pppdraft library lint` accepts, and the PDF download.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import Screen, Server, copy_home, start_server
from browserkit import browser as browser
from browserkit import screen as screen
from playwright.sync_api import expect
from testkit import ROOT, SCENARIOS, edit_yaml, load_scenario, require_tool, scenario_files
from uihelp import SCREENSHOTS

import pppdraft
from pppdraft.reasons import LONGEST_ANSWER

pytestmark = pytest.mark.browser

PARKING = SCENARIOS / "data-agreement" / "parking-sensors.yaml"
CORPUS = ROOT / "tests" / "checker" / "corpus"
PAGES = {
    "drafts": ("Moje návrhy", "My drafts"),
    "library": ("Knihovna ustanovení", "Clause library"),
    "trainer": ("Školení", "Trainer"),
    "check": ("Kontrola smlouvy", "Check a contract"),
}
# Words that give English away in the Czech interface …
ENGLISH = set(
    [
        "the",
        "and",
        "of",
        "with",
        "for",
        "is",
        "are",
        "this",
        "that",
        "your",
        "you",
        "upload",
        "download",
        "browse",
        "files",
        "per",
        "clause",
        "clauses",
        "answers",
        "contract",
        "drafts",
        "limit",
        "drag",
        "drop",
        "here",
        "approved",
        "version",
        "next",
        "back",
        "start",
        "not",
        "from",
        "will",
        "section",
        "variant",
        "recommended",
        "preferred",
        "fallback",
        "missing",
        "present",
        "flag",
        "open",
        "review",
        "outline",
        "build",
        "preview",
        "copy",
        "rename",
        "delete",
        "duplicate",
        "save",
        "saved",
        "changed",
        "step",
        "guidance",
        "sources",
        "note",
    ]
)
# … and Czech in the English one (with any word carrying Czech diacritics).
CZECH = set(
    [
        "je",
        "jsou",
        "nebo",
        "pro",
        "se",
        "na",
        "ne",
        "ano",
        "obec",
        "obce",
        "smlouva",
        "smlouvy",
        "smlouvu",
        "podle",
        "zde",
        "krok",
        "oddil",
        "odpovedi",
        "navrh",
    ]
)
CZECH_LETTERS = re.compile(r"[ěščřžýáíéůúňťď]", re.IGNORECASE)
# Names that keep their Czech form in English too (the register's own terms).
CZECH_TERMS = {"IČO", "DIČ", "ČNB", "ČSÚ", "NÚKIB", "Kč"}
QUOTED = re.compile(r"[\"“„][^\"“”„]{1,40}[\"”“]")  # a term cited verbatim, e.g. "Městys …"
# Titles of documents the guidance cites in their original language.
CITED = ["Guidance on PPP Contractual Provisions", "Guidance on Innovation Procurement"]
# Czech proper names the English help texts use as examples.
NAMES = ["Hradec Králové", "Ing. Jana Malá"]  # example place and person names in help texts
INTERACTIVE = {
    "textbox",
    "combobox",
    "checkbox",
    "radio",
    "switch",
    "spinbutton",
    "slider",
    "listbox",
    "searchbox",
    "button",
}
VISIBLE_TEXT = """() => {
  // Contract content (clause text, marked `content-…` by the app), the bilingual language
  // switch, icon ligatures and commands or links in code type are left out; everything else
  // is the interface's own words.
  const hide = [...document.querySelectorAll(
    '[class*="st-key-content-"], .st-key-ui-lang-switch, [data-testid=stIconMaterial], code')];
  const before = hide.map(e => e.style.display);
  hide.forEach(e => { e.style.display = 'none'; });
  const text = [...document.querySelectorAll(
    '[data-testid=stMain], [data-testid=stSidebarContent]')].map(e => e.innerText).join('\\n');
  hide.forEach((e, i) => { e.style.display = before[i]; });
  return text;
}"""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_home(tmp_path_factory.mktemp("home"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, home: Path) -> Iterator[Server]:
    with start_server(tmp_path_factory.mktemp("server"), home=home) as running:
        yield running


def typed(raw: Any) -> list[str]:
    """Return every text a user typed in an answers file (whole, and line by line)."""
    found: list[str] = []
    if isinstance(raw, dict):
        for key, value in raw.items():
            if not str(key).startswith("_"):
                found += typed(value)
    elif isinstance(raw, list):
        for item in raw:
            found += typed(item)
    elif isinstance(raw, str):
        whole = " ".join(raw.split())
        found.append(whole)
        found.append(whole[: LONGEST_ANSWER - 1])  # a long answer is quoted shortened in reasons
        found += [line.strip() for line in raw.splitlines() if line.strip()]
    return found


def foreign_words(text: str, lang: str, allowed: list[str]) -> list[str]:
    """Return the words of `text` that belong to the other UI language."""
    flat = QUOTED.sub(" ", " ".join(text.split()))
    for item in sorted(allowed, key=len, reverse=True):
        if len(item) > 3:
            flat = flat.replace(item, " ")
    words = re.findall(r"[^\W\d_][\w’'-]*", flat)
    if lang == "cs":
        return [w for w in words if w.lower() in ENGLISH]
    return [
        w for w in words if w not in CZECH_TERMS and (CZECH_LETTERS.search(w) or w.lower() in CZECH)
    ]


def check_language(screen: Screen, lang: str, allowed: list[str], where: str) -> None:
    screen.settle()
    text = str(screen.page.evaluate(VISIBLE_TEXT))
    foreign = foreign_words(text, lang, allowed)
    context = [
        m.group(0) for w in foreign[:5] for m in re.finditer(rf".{{0,50}}{w}.{{0,30}}", text)
    ]
    assert not foreign, f"{where} ({lang}): words of the other language: {foreign} {context}"


def unnamed_fields(screen: Screen) -> list[str]:
    """Return the form controls that Chromium's accessibility tree gives no usable name."""
    cdp = screen.context.new_cdp_session(screen.page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    bad: list[str] = []
    for node in nodes:
        role = node.get("role", {}).get("value")
        if role not in INTERACTIVE or node.get("ignored"):
            continue
        name = str(node.get("name", {}).get("value", "")).strip()
        if not name or ":red[" in name or "**" in name:
            bad.append(f"{role} {name!r}")
    return bad


def focused_name(screen: Screen) -> str:
    return str(screen.page.evaluate("() => document.activeElement.getAttribute('aria-label')"))


def open_parking(screen: Screen, lang: str) -> None:
    screen.nav(PAGES["trainer"][0 if lang == "cs" else 1])
    screen.click("open-scenario:data-agreement/parking-sensors")
    screen.page.wait_for_selector(".st-key-build")
    screen.settle()


def test_every_page_speaks_the_ui_language_and_the_outline_plain_words(
    screen: Screen, home: Path
) -> None:
    bp = pppdraft.load_blueprint("data-agreement")
    # What users typed may show in any language: the parking answers, and on the trainer's
    # pages the answers of every worked scenario.
    allowed = [t for f in scenario_files() for t in typed(load_scenario(f))] + CITED + NAMES
    for lang in ("cs", "en"):
        screen.open()
        if lang == "en":
            screen.language("en")
        check_language(screen, lang, allowed, "start")
        screen.shot(f"{lang}-10-start")

        open_parking(screen, lang)
        outline = screen.text()
        assert "{%" not in outline and "{{" not in outline
        for syntax in ("~", "==", "!=", " if ", "data.ownership."):
            assert syntax not in outline, f"expression syntax {syntax!r} in the outline"
        for q in bp.questions():
            if "_" in q.id:  # one-word ids (partner, cloud) are words of both languages
                found = re.search(rf".{{0,60}}\b{q.id}\b.{{0,60}}", outline)
                assert not found, f"question id {q.id}: {found.group(0) if found else ''}"
        word = "doporučená" if lang == "cs" else "recommended"
        radios = screen.page.locator("[class*='st-key-choice-']")
        assert radios.count() == 3  # ownership, personal data, algorithms
        for i in range(radios.count()):
            labels = radios.nth(i).locator("label").all_inner_texts()
            assert sum(f"({word})" in label for label in labels) == 1, labels
        personal = bp.question("personal_data").label.get(lang)
        assert personal in outline, "the reason quotes the question the user answered"
        check_language(screen, lang, allowed, "outline")
        screen.shot(f"{lang}-11-outline-parking")

        preview = "Náhled smlouvy" if lang == "cs" else "Preview the contract"
        screen.page.get_by_text(preview).first.click()
        screen.settle()
        assert "Smlouva o vlastnictví, zpřístupnění a sdílení dat" in screen.text() or (
            "Data Ownership, Access and Sharing Agreement" in screen.text()
        )
        screen.page.locator(".pppdraft-preview").first.scroll_into_view_if_needed()
        screen.page.screenshot(path=str(SCREENSHOTS / f"{lang}-11-outline-preview.png"))

        screen.click("back")  # to the review
        check_language(screen, lang, allowed, "review")
        screen.click("edit-project")
        assert not unnamed_fields(screen), unnamed_fields(screen)
        start = bp.question("start_date").label.get(lang)
        named = re.compile(re.escape(start))
        date_field = screen.widget("q.start_date")
        expect(date_field.get_by_role("group", name=named)).to_have_count(1)  # the date is named
        expect(date_field.get_by_role("spinbutton", name=named)).to_have_count(3)  # d, m, y
        check_language(screen, lang, allowed, "questionnaire")
        screen.shot(f"{lang}-12-questionnaire-project")
        screen.click("back")
        assert not unnamed_fields(screen), unnamed_fields(screen)
        screen.widget("q.municipality.name").locator("input").focus()
        screen.page.keyboard.press("Tab")
        assert "IČO" in focused_name(screen), "Název → IČO"
        screen.page.keyboard.press("Tab")
        assert "DIČ" in focused_name(screen), "IČO → DIČ"
        check_language(screen, lang, allowed, "parties")

        for name, titles in PAGES.items():
            screen.nav(titles[0 if lang == "cs" else 1])
            if name == "library":
                screen.type("lib-text", "data.exit")
                check_language(screen, lang, allowed, "library")
                screen.click("review-data.exit")
            if name == "trainer":
                check_language(screen, lang, allowed, "trainer scenarios")
                tab = "Porovnat odpovědi" if lang == "cs" else "Compare answers"
                screen.page.get_by_role("tab", name=tab).click()
                screen.settle()
                check_language(screen, lang, allowed, "trainer compare")
                screen.shot(f"{lang}-14-trainer-compare")
                tab = "Poznámky k ustanovením" if lang == "cs" else "Drafting notes"
                screen.page.get_by_role("tab", name=tab).click()
                screen.settle()
            if name == "check":
                check_language(screen, lang, allowed, "check, before the upload")
                upload = screen.page.locator("[data-testid=stFileUploaderDropzoneInput]")
                upload.set_input_files(str(CORPUS / "cs-03-parkovani-smisena.md"))
                screen.settle()
                continue  # the findings quote the uploaded contract (checked by its owner)
            check_language(screen, lang, allowed, name)
            screen.shot(f"{lang}-13-{name}")


def test_a_lawyer_approves_a_clause_and_lint_accepts_it(screen: Screen, home: Path) -> None:
    lawyer, note = "JUDr. Eva Svobodová", "Ověřeno proti čl. 23–25 aktu o datech."
    screen.open()
    screen.nav("Knihovna ustanovení")
    assert re.search(r"Právník knihovny schválil \d+ z \d+ ustanovení", screen.text())
    screen.type("lib-text", "data.cloud-switching")
    screen.click("review-data.cloud-switching")
    screen.type("approve-by-data.cloud-switching", lawyer)
    screen.type("approve-note-data.cloud-switching", note)
    screen.page.locator("[data-testid=stForm] button", has_text="Schválit").click()
    screen.settle()
    assert f"schválil(a) {lawyer}" in screen.text()
    screen.shot("cs-15-library-approved")

    clause = pppdraft.load_library(home / "clauses").get("data.cloud-switching")
    assert clause.is_approved
    assert (clause.approval.by, clause.approval.note) == (lawyer, note)
    lint = subprocess.run(
        [str(Path(sys.executable).parent / "pppdraft"), "library", "lint"],
        env={**os.environ, "PPPDRAFT_HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert " 0 error(s)" in lint.stdout

    added = "The Partner shall confirm the completed switch in writing."
    edit_yaml(
        home / "clauses" / "data" / "cloud-switching.yaml",
        lambda d: d["text"].update(en=d["text"]["en"].rstrip() + "\n\n" + added),
    )
    screen.language("en")
    screen.click("review-close")
    screen.type("lib-text", "data.cloud-switching")
    screen.click("review-data.cloud-switching")
    shown = screen.text()
    assert "Modified since approval" in shown
    assert "What changed since approval" in shown
    diff = screen.page.locator(".st-key-content-diff-data-cloud-switching").inner_text()
    assert "+[en] " + added in diff
    screen.shot("en-15-library-changed-since-approval")


@pytest.mark.libreoffice
def test_the_pdf_download_holds_the_title_and_the_parties(screen: Screen) -> None:
    pdftotext = require_tool("pdftotext")
    require_tool("soffice")
    screen.open()
    open_parking(screen, "cs")
    screen.page.set_default_timeout(180_000)  # LibreOffice converts while the build runs
    screen.click("build")
    with screen.page.expect_download() as download:
        screen.widget("download-pdf-cs").locator("button").click()
    path = screen.downloads / "contract.pdf"
    download.value.save_as(path)
    text = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "SMLOUVA O VLASTNICTVÍ" in flat.upper()
    for party in ("Město Horní Brod", "ParkSense CZ s.r.o."):
        assert party in flat
    assert "Chytré parkování v centru města Horní Brod" in flat
