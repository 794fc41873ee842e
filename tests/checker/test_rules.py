"""The checklist as data and the matching engine: terms, negation, party names, and
sentence pairs that share their words but not their meaning."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pppdraft.checker import check_text, load_checklist, parse_checklist
from pppdraft.checker.checklist import default_checklist_path
from pppdraft.checker.clauses import clause_info
from pppdraft.checker.rules import Gap, TermSyntaxError, compile_term
from pppdraft.errors import UserInputError

# The checklist's item ids (docs/architecture.md), in their order: reports, tests and
# integrations key on them.
ITEM_IDS = [
    "raw-data-ownership",
    "derived-data-ownership",
    "metadata-documentation",
    "access-during-term",
    "open-formats",
    "open-data-publication",
    "no-exclusivity",
    "partner-use-limits",
    "personal-data-roles",
    "subprocessors",
    "data-location",
    "breach-notification",
    "audit-rights",
    "algorithm-transparency",
    "exit-portability",
    "deletion",
    "free-access-own-data",
    "liability-not-excluded",
    "survival",
    "transparency-register",
]
WITHOUT_RED_FLAG = {
    "metadata-documentation",
    "personal-data-roles",
    "breach-notification",
    "audit-rights",
    "survival",
}


def test_the_checklist_has_every_item_once_in_order() -> None:
    assert [item.id for item in load_checklist().items] == ITEM_IDS


def test_every_item_is_complete_in_both_languages() -> None:
    for item in load_checklist().items:
        for text in (item.title, item.explanation):
            assert text.cs.strip() and text.en.strip(), item.id
        assert item.present.cs and item.present.en, item.id
        if item.id in WITHOUT_RED_FLAG:
            assert item.red_flag is None and item.risk is None, item.id
        else:
            assert item.red_flag is not None and item.red_flag.cs and item.red_flag.en, item.id
            assert item.risk is not None, item.id


def test_every_suggested_clause_is_in_the_library() -> None:
    for item in load_checklist().items:
        info = clause_info(item.suggested_clause)
        assert info is not None, f"{item.id}: {item.suggested_clause} is not in clauses/"
        assert info.title_in("cs") and info.title_in("en"), item.suggested_clause


def test_rule_ids_are_unique_and_readable() -> None:
    rules = load_checklist().rules
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    assert all(r.id.startswith(f"{r.item}/{r.status}/{r.lang}/") for r in rules)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("title:\n  cs: Ochrana", "colour: red\ntitle:\n  cs: Ochrana"), "colour"),
        (('"@city_owns", "@data"]', '"@nowhere", "@data"]'), "unknown group '@nowhere'"),
        (('"@city_owns", "@data"]', '"@city_owns", "a..b"]'), "is not a word"),
        (("  - id: survival", "  - id: deletion"), "appears twice"),
        (("negation: require", "negation: sometimes"), "negation"),
    ],
)
def test_a_broken_checklist_names_the_problem(change: tuple[str, str], message: str) -> None:
    text = default_checklist_path().read_text(encoding="utf-8")
    assert change[0] in text
    with pytest.raises(UserInputError) as info:
        parse_checklist(text.replace(change[0], change[1], 1), "broken.yaml")
    assert "broken.yaml" in str(info.value)
    assert message in str(info.value)


def test_load_checklist_from_another_path(tmp_path: Path) -> None:
    copy = tmp_path / "mine.yaml"
    copy.write_text(default_checklist_path().read_text(encoding="utf-8"), encoding="utf-8")
    assert [i.id for i in load_checklist(copy).items] == ITEM_IDS
    with pytest.raises(UserInputError, match="cannot read"):
        load_checklist(tmp_path / "missing.yaml")


def test_term_syntax() -> None:
    term = compile_term("bez .. souhlas*|svolení")
    first, gap, last = term.specs
    assert not isinstance(first, Gap) and first.exact == {"bez"}
    assert gap == Gap(3)
    assert not isinstance(last, Gap) and last.prefixes == ("souhlas",) and "svoleni" in last.exact
    assert len(compile_term("bude-li to možné").specs) == 4  # hyphens split like the text
    assert compile_term("do # hodin*").specs[1] == compile_term("#").specs[0]
    for bad in ("..", "a ..", ".. a", "a ..x b", "a|"):
        with pytest.raises(TermSyntaxError):
            compile_term(bad)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_term_text_compiles_or_is_refused_cleanly(source: str) -> None:
    with contextlib.suppress(TermSyntaxError):
        compile_term(source)


# Sentence pairs: the same words, the opposite meaning. (text, item, expected status)
PAIRS = [
    (
        "Dodavatel nesmí data prodávat ani poskytovat třetím osobám.",
        "partner-use-limits",
        "present",
    ),
    (
        "Dodavatel je oprávněn data užívat k jakýmkoli účelům včetně prodeje.",
        "partner-use-limits",
        "red_flag",
    ),
    ("The Supplier shall not sell the data.", "partner-use-limits", "present"),
    ("The Supplier may use the data for any purpose.", "partner-use-limits", "red_flag"),
    ("Obec je oprávněna data zveřejnit jako otevřená data.", "open-data-publication", "present"),
    ("Obec nesmí data zveřejnit bez souhlasu Dodavatele.", "open-data-publication", "red_flag"),
    ("Obec smí data zveřejnit i bez souhlasu Dodavatele.", "open-data-publication", "present"),
    (
        "The City may publish the data without the Supplier's consent.",
        "open-data-publication",
        "present",
    ),
    (
        "The City shall not publish the data without the Supplier's consent.",
        "open-data-publication",
        "red_flag",
    ),
    ("Dodavatel nesmí bez souhlasu Obce zapojit poddodavatele.", "subprocessors", "present"),
    ("Dodavatel může zapojit poddodavatele bez souhlasu Obce.", "subprocessors", "red_flag"),
    ("Data nejsou vlastnictvím Dodavatele.", "raw-data-ownership", "present"),
    ("Data jsou vlastnictvím Dodavatele.", "raw-data-ownership", "red_flag"),
    ("The Supplier does not acquire any ownership of the data.", "raw-data-ownership", "present"),
    ("The Supplier owns all collected data.", "raw-data-ownership", "red_flag"),
    ("Dodavatel nezískává k datům žádné výhradní právo.", "no-exclusivity", "present"),
    ("Dodavatel má výhradní právo data dále využívat.", "no-exclusivity", "red_flag"),
    (
        "Nothing in this Agreement grants the Supplier an exclusive right to the data.",
        "no-exclusivity",
        "present",
    ),
    ("Odpovědnost Dodavatele za ztrátu dat není vyloučena.", "liability-not-excluded", "present"),
    ("Odpovědnost Dodavatele za ztrátu dat se vylučuje.", "liability-not-excluded", "red_flag"),
    ("The Supplier shall be liable for any loss of data.", "liability-not-excluded", "present"),
    (
        "The Supplier shall not be liable for any loss of data.",
        "liability-not-excluded",
        "red_flag",
    ),
    ("Za přístup k datům Obec nic neplatí.", "free-access-own-data", "present"),
    ("Za export dat účtuje Dodavatel poplatek 5 000 Kč.", "free-access-own-data", "red_flag"),
    ("Data must not be stored outside the European Union.", "data-location", "present"),
    ("Data may be stored in any country.", "data-location", "red_flag"),
    ("Data jsou uložena výhradně v Evropské unii.", "data-location", "present"),
    (
        "The Supplier shall notify the City of a breach within 24 hours.",
        "breach-notification",
        "present",
    ),
    ("Dodavatel si po předání nesmí ponechat žádné kopie dat.", "deletion", "present"),
    ("Dodavatel je oprávněn data uchovávat i po skončení smlouvy.", "deletion", "red_flag"),
    ("Provisions on data survive termination of this Agreement.", "survival", "present"),
    ("Tato smlouva bude uveřejněna v registru smluv.", "transparency-register", "present"),
    ("Obsah této smlouvy je důvěrný.", "transparency-register", "red_flag"),
    ("The detection models are a black box.", "algorithm-transparency", "red_flag"),
    (
        "The general description of the algorithm is not a trade secret.",
        "algorithm-transparency",
        "missing",
    ),
    ("The City may view the data in the Supplier's dashboard.", "access-during-term", "red_flag"),
    # A negated obstruction protects; the same words without the double negation do not.
    (
        "Dodavatel nesmí Obci bránit ve zveřejnění dat jako otevřených dat.",
        "open-data-publication",
        "present",
    ),
    (
        "Obec není oprávněna data zveřejnit bez souhlasu Dodavatele.",
        "open-data-publication",
        "red_flag",
    ),
    (
        "Nothing in this Agreement restricts the City's right to publish the data.",
        "open-data-publication",
        "present",
    ),
    (
        "The Supplier shall not publish the data without the City's consent.",
        "open-data-publication",
        "missing",
    ),
    ("Obec se nezavazuje výsledky zveřejnit.", "open-data-publication", "missing"),
    (
        "Partner není oprávněn předání dokumentace, softwaru ani dat odepřít ani podmínit "
        "zaplacením.",
        "algorithm-transparency",
        "present",
    ),
    (
        "Poskytovatel může odmítnout vysvětlení fungování algoritmu.",
        "algorithm-transparency",
        "red_flag",
    ),
    (
        "The Provider shall not refuse to explain the algorithm.",
        "algorithm-transparency",
        "present",
    ),
    (
        "Dodavatel je oprávněn předání dat odepřít do zaplacení všech faktur.",
        "exit-portability",
        "red_flag",
    ),
    (
        "The Supplier may refuse to hand over the data until all invoices are paid.",
        "exit-portability",
        "red_flag",
    ),
    (
        "The Supplier shall not withhold, delay or make conditional the handover of the data.",
        "exit-portability",
        "missing",
    ),
    (
        "If the Supplier refuses to hand over the data, the City may terminate.",
        "exit-portability",
        "missing",
    ),
    (
        "Nothing in this Agreement obliges the Supplier to return the data upon termination.",
        "exit-portability",
        "red_flag",
    ),
    (
        "This does not affect the Supplier's obligation to return the data upon termination.",
        "exit-portability",
        "missing",
    ),
    (
        "The Supplier shall not restrict, make conditional or charge for the City's access to "
        "the data.",
        "free-access-own-data",
        "present",
    ),
    (
        "Terms which would subject the City's access to the data to a charge are not binding.",
        "free-access-own-data",
        "present",
    ),
    (
        "The Supplier shall keep records of user fees and retain the transaction data.",
        "free-access-own-data",
        "missing",
    ),
    (
        "Nothing in this Agreement excludes or limits the Supplier's liability for loss of data.",
        "liability-not-excluded",
        "present",
    ),
    (
        "The Customer shall not restrict the Supplier's use of the data for any purpose.",
        "partner-use-limits",
        "red_flag",
    ),
    (
        "Obec nesmí Dodavateli bránit v užívání dat pro vlastní obchodní účely.",
        "partner-use-limits",
        "red_flag",
    ),
    (
        "Partner nemá k datům výhradní právo a smí je užívat jen k účelům této smlouvy.",
        "partner-use-limits",
        "present",
    ),
    (
        "The Supplier is not prevented from storing the data in any country.",
        "data-location",
        "red_flag",
    ),
    ("„Data partnerství“ znamená data, která pořídí Partner.", "raw-data-ownership", "missing"),
]


@pytest.mark.parametrize(("text", "item", "expected"), PAIRS)
def test_negation_and_wording(text: str, item: str, expected: str) -> None:
    result = check_text(text).item(item)
    assert result.status == expected, [e.rule for e in result.evidence]


def test_a_weak_red_flag_gives_way_to_protection() -> None:
    text = (
        "The City may view the data in the Supplier's dashboard.\n\n"
        "The City shall have access to all data through a documented API throughout the term."
    )
    assert check_text(text).item("access-during-term").status == "present"


def test_party_names_defined_in_the_contract_are_understood() -> None:
    text = (
        'This agreement is between CivicStack Ltd ("CivicStack") and the Town of Tábor '
        '("Subscriber").\n\nCivicStack owns all sensor data.\n\n'
        "Subscriber owns the reports generated from the sensor data."
    )
    report = check_text(text)
    assert report.item("raw-data-ownership").status == "red_flag"
    assert report.item("derived-data-ownership").status == "present"


def test_a_pronoun_may_refer_to_data_in_the_previous_sentence() -> None:
    text = (
        "Provozovatel smí údaje uchovávat jen po dobu trvání smlouvy; po jejím skončení je do "
        "60 dnů předá Objednateli a následně je zlikviduje."
    )
    report = check_text(text)
    assert report.item("exit-portability").status == "present"
    assert report.item("deletion").status == "present"


def test_every_finding_says_which_rule_matched_and_where() -> None:
    text = "Článek 2 Data\n\n2.1 Data jsou vlastnictvím Dodavatele.\n"
    item = check_text(text).item("raw-data-ownership")
    (evidence,) = item.evidence
    assert evidence.location == "2.1"
    assert evidence.rule.startswith("raw-data-ownership/red_flag/cs/")
    assert evidence.rule in item.explanation
    assert "«vlastnictvím Dodavatele»" in item.explanation
    assert load_checklist().rule(evidence.rule).status == "red_flag"


def test_a_long_paragraph_is_quoted_around_the_match() -> None:
    filler = "Smluvní strany se dohodly na spolupráci v oblasti dopravy. " * 20
    text = filler + "Data jsou vlastnictvím Dodavatele. " + filler
    quote = check_text(text).item("raw-data-ownership").evidence[0].text
    assert "Data jsou vlastnictvím Dodavatele" in quote
    assert len(quote) <= 410
    assert quote.startswith("…") and quote.endswith("…")


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=600))
def test_any_text_gives_a_complete_report(text: str) -> None:
    try:
        report = check_text(text)
    except UserInputError:
        return
    assert [i.id for i in report.items] == ITEM_IDS
