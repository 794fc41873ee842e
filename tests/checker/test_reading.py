"""Reading the operative sentence: who is bound, who benefits, what limits the grant.

The two sentences from the issue that came out green in the app must come out red flag or
"check this"; the others are of the kinds that misled the checker on published contracts —
the other direction (a duty of the town, a ban on the supplier, a licence to the town),
exceptions that undo a promise, discretion where a duty is needed, and the contract's own
vocabulary for the parties and the data. A definition is not evidence.
"""

from __future__ import annotations

import io

import pytest
from docx import Document

from pppdraft.checker import check_text, render_docx, render_json
from pppdraft.checker.report import render_text

NOT_GREEN = {"red_flag", "unclear"}
NOT_PRESENT = {"missing", "red_flag", "unclear"}

ISSUE = [
    (
        "Objednatel má přístup k datům prostřednictvím webového rozhraní Dodavatele za měsíční "
        "poplatek 5 000 Kč.",
        "access-during-term",
        NOT_GREEN,
    ),
    ("Po skončení smlouvy Dodavatel data smaže.", "deletion", NOT_GREEN),
]

CASES = [
    # The fee for the portal is a charge for the town's own data.
    (ISSUE[0][0], "free-access-own-data", {"red_flag"}),
    # --- the other direction
    (
        "The Customer grants the Provider a non-exclusive licence to use the Customer Data "
        "solely to provide the Service.",
        "no-exclusivity",
        {"present"},
    ),
    (
        "Poskytovatel poskytuje Objednateli nevýhradní licenci k softwaru.",
        "no-exclusivity",
        {"missing"},
    ),
    (
        "The City shall notify the Supplier of any security incident within 24 hours.",
        "breach-notification",
        {"missing"},
    ),
    ("Dodavatel nesmí zveřejnit osobní údaje obyvatel.", "open-data-publication", {"missing"}),
    (
        "The Supplier may not publish the data without the City's written consent.",
        "open-data-publication",
        {"missing"},
    ),
    ("The City may publish the data as open data.", "open-data-publication", {"present"}),
    # --- exceptions that undo the promise
    (
        "Upon termination the Supplier shall return all Customer Data in CSV format within 30 "
        "days and then delete it and certify the deletion in writing. The Supplier may retain "
        "copies of Customer Data in accordance with its retention policy.",
        "deletion",
        NOT_GREEN,
    ),
    (
        "All transfers of the data outside the EEA shall be subject to the Standard Contractual "
        "Clauses.",
        "data-location",
        {"present"},
    ),
    (
        "The Supplier may store the data in the United States subject to the Standard "
        "Contractual Clauses.",
        "data-location",
        NOT_PRESENT - {"red_flag"} | {"present"},
    ),
    (
        "After termination the Supplier will make the data available for download in CSV "
        "format within 30 days, unless the Customer's account was terminated for breach.",
        "exit-portability",
        NOT_GREEN,
    ),
    (
        "Dodavatel předá Objednateli data ve formátu CSV do 30 dnů od ukončení smlouvy, pokud "
        "to bude technicky možné.",
        "exit-portability",
        NOT_GREEN,
    ),
    # --- discretion where a duty is needed
    (
        "The Supplier may, at its sole discretion, delete the Customer Data after termination.",
        "deletion",
        NOT_GREEN,
    ),
    ("Poskytovatel je oprávněn data po skončení smlouvy smazat.", "deletion", NOT_GREEN),
    (
        "The Supplier may provide the data in an open, machine-readable format.",
        "open-formats",
        NOT_GREEN,
    ),
    (
        "The Supplier shall provide the data in an open, machine-readable format.",
        "open-formats",
        {"present"},
    ),
    # --- the contract's own vocabulary
    (
        '"Platform Records" means all information collected by the sensors. The Platform '
        "Records are the property of the City.",
        "raw-data-ownership",
        {"present"},
    ),
    (
        'Harbour Town, a municipality (the "Licensee"), and Acme Sensors Ltd (the "Vendor") '
        "agree as follows. All readings collected under this Agreement vest in the Licensee.",
        "raw-data-ownership",
        {"present"},
    ),
    (
        "Město Dolní Lhota (dále jen „Uživatel“) a Datasoft s.r.o. (dále jen „Provozovatel“) "
        "uzavírají tuto smlouvu. Veškerá naměřená data jsou vlastnictvím Uživatele.",
        "raw-data-ownership",
        {"present"},
    ),
    (
        'Acme Cloud Ltd (the "Company") provides the Service. "Customer Data" means all data '
        "the Customer uploads. The Company shall not be liable for any loss of Customer Data.",
        "liability-not-excluded",
        {"red_flag"},
    ),
    (
        "The State solely and exclusively owns all State data. The Contractor will only use "
        "State data for the purposes set forth in the Contract.",
        "raw-data-ownership",
        {"present"},
    ),
    # A list of names for one party: the first is its name ("Reviewable" is the supplier).
    (
        'This DPA is made between Ideanest LLC ("Reviewable", "we", "us") and the customer. '
        "Reviewable may engage sub-processors without the customer's consent.",
        "subprocessors",
        {"red_flag"},
    ),
    # An e-mail address is no word of the contract ("legal@reviewable.io" is no review).
    (
        "Questions about the Service may be sent to legal@reviewable.io.",
        "audit-rights",
        {"missing"},
    ),
    # --- an introduction names subjects and binds no one
    (
        "Předmětem smlouvy je úprava vlastnictví, užívání, předání a výmazu dat po skončení "
        "smlouvy.",
        "deletion",
        {"missing"},
    ),
    (
        "This Agreement sets out the terms for the return of Customer Data within 30 days after "
        "termination in CSV format.",
        "exit-portability",
        {"missing"},
    ),
    # --- a definition binds no one
    (
        '"Deletion" means the deletion of the Customer Data by the Supplier after termination.',
        "deletion",
        {"missing"},
    ),
]


@pytest.mark.parametrize(("text", "item", "allowed"), ISSUE + CASES)
def test_the_operative_sentence_decides(text: str, item: str, allowed: set[str]) -> None:
    result = check_text(text).item(item)
    assert result.status in allowed, (result.status, [e.rule for e in result.evidence])


def test_there_are_the_two_issue_sentences_and_twenty_more() -> None:
    assert len(ISSUE) == 2
    assert len(CASES) >= 20


# Access through the supplier's portal, with no fee: a limit, not a charge ("check this").
PORTAL = "Objednatel má přístup k datům prostřednictvím webového rozhraní Dodavatele."


def test_check_this_quotes_the_sentence_and_says_why() -> None:
    result = check_text(PORTAL).item("access-during-term")
    assert result.status == "unclear"
    assert result.evidence and "webového rozhraní" in result.evidence[0].text
    assert result.explanation.startswith("Ověřte")
    assert "prostřednictvím webového rozhraní" in result.explanation
    english = check_text(PORTAL, lang="en").item("access-during-term")
    assert english.explanation.startswith("Check this")


def test_a_fee_on_the_portal_makes_the_access_a_red_flag_and_says_why() -> None:
    # Protective and undermining wording meet: access, but only paid for.
    result = check_text(ISSUE[0][0]).item("access-during-term")
    assert result.status == "red_flag"
    assert "webového rozhraní" in result.evidence[0].text
    assert "«za měsíční poplatek»" in result.explanation
    english = check_text(ISSUE[0][0], lang="en").item("access-during-term")
    assert "takes the protection back" in english.explanation


def test_deletion_without_a_handover_says_so() -> None:
    result = check_text("Upon termination the Supplier shall delete all data and certify it.")
    deletion = result.item("deletion")
    assert deletion.status == "unclear"
    assert "Exit and data handover" in deletion.explanation or "handover" in deletion.explanation


def test_the_json_summary_counts_check_this(tmp_path: object) -> None:
    report = check_text(PORTAL + "\n\n" + ISSUE[1][0])
    data = __import__("json").loads(render_json(report))
    assert set(data["summary"]) == {"present", "missing", "red_flag", "unclear"}
    assert data["summary"]["unclear"] == sum(i["status"] == "unclear" for i in data["items"]) >= 2
    assert "v pořádku 0, ověřte 2" in render_text(report)
    assert "[??] OVĚŘTE" in render_text(report)


@pytest.mark.parametrize(("lang", "label"), [("cs", "Ověřte"), ("en", "Check this")])
def test_the_memo_shows_check_this_in_amber(lang: str, label: str) -> None:
    report = check_text(PORTAL, lang=lang)  # type: ignore[arg-type]
    memo = Document(io.BytesIO(render_docx(report, lang)))  # type: ignore[arg-type]
    table = memo.tables[0]
    row = next(r for r in table.rows if r.cells[1].text == label)
    shading = row.cells[1]._tc.tcPr.xml
    assert "FCE5CD" in shading, "amber, never green"
    headings = [p.text for p in memo.paragraphs if p.style.name.startswith("Heading")]
    assert any(h.endswith(f"— {label}") for h in headings)
