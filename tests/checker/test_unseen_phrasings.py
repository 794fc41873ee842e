"""Red flags worded the way published SaaS terms, DPAs and data-sharing agreements word them.

The sentences here are written for these tests (none is copied from the real corpus): each
kind the checker used to report as `missing` on text it had not seen, in Czech and English,
next to the protective sentence of the other direction, which must not turn red. What the
rules read is who grants what to whom, a right where a duty is needed, and wording elsewhere
in the paragraph that gives the town its say.
"""

from __future__ import annotations

import pytest

from pppdraft.checker import check_text

RED_FLAGS = [
    # Liability for data loss excluded in other words.
    ("In no event shall the Provider be liable for any loss of data.", "liability-not-excluded"),
    (
        "Any liability for damages, direct or indirect, in case of data loss is rejected.",
        "liability-not-excluded",
    ),
    (
        "We do not offer service credits or pay any compensation for downtime or data loss.",
        "liability-not-excluded",
    ),
    (
        "Objednatel souhlasí, že nemá nárok na náhradu škody způsobené ztrátou či únikem dat.",
        "liability-not-excluded",
    ),
    # A right to delete at the end, and nothing hands the data over first.
    ("We may delete your data 30 days after termination of the account.", "deletion"),
    ("On termination we reserve the right to irrevocably delete all of your data.", "deletion"),
    ("Poskytovatel je oprávněn data Objednatele po skončení smlouvy smazat.", "deletion"),
    # Deletion that spares back-ups, or is left to the supplier's own policy.
    (
        "We will delete Customer Data within 30 days after termination, except for copies "
        "retained in our backups.",
        "deletion",
    ),
    (
        "Retention and deletion after termination are described in our Privacy Policy.",
        "deletion",
    ),
    (
        "Po ukončení smlouvy Poskytovatel data uchovává a maže v souladu se svými vlastními "
        "zásadami.",
        "deletion",
    ),
    # Sub-processors at will.
    ("We may include third parties in the provision of the services.", "subprocessors"),
    ("Dodavatel je oprávněn zapojit poddodavatele podle potřeby.", "subprocessors"),
    # The supplier's own use of the data.
    (
        "The Customer grants the Provider a worldwide, royalty-free licence to use Customer "
        "Data for any purpose.",
        "partner-use-limits",
    ),
    (
        "The Customer grants the Vendor a perpetual and irrevocable licence to the Customer Data.",
        "partner-use-limits",
    ),
    ("We may use Customer Data to improve our services and models.", "partner-use-limits"),
    (
        "Poskytovatel je oprávněn užívat data Objednatele ke zlepšení svých služeb.",
        "partner-use-limits",
    ),
    (
        "For usage data processed for our own purposes, we are the data controller.",
        "partner-use-limits",
    ),
    (
        "Objednatel uděluje Poskytovateli licenci k užití dat k jakémukoli účelu.",
        "partner-use-limits",
    ),
    (
        "The Customer acknowledges that the Provider may share Customer Data with its "
        "affiliates and business partners.",
        "partner-use-limits",
    ),
    (
        "Poskytovatel je oprávněn poskytnout data obchodním partnerům pro marketingové účely.",
        "partner-use-limits",
    ),
    # Rights over the data reserved to the supplier.
    (
        "Poskytovatel si vyhrazuje veškerá práva k agregovaným a anonymizovaným datům.",
        "derived-data-ownership",
    ),
    # Keeping the data as long as the supplier sees fit, or sparing back-ups.
    ("We may retain your data for as long as we deem necessary.", "deletion"),
    ("Poskytovatel je oprávněn data uchovávat po dobu, kterou uzná za vhodnou.", "deletion"),
    ("Po ukončení smlouvy Poskytovatel data smaže s výjimkou záloh.", "deletion"),
    ("Poskytovatel si vyhrazuje právo data smazat.", "deletion"),
    # A hand-over at the end at the supplier's discretion, or paid.
    (
        "Upon termination, we may, at our discretion, provide you with a copy of your data.",
        "exit-portability",
    ),
    (
        "Upon request made within 30 days after termination, the Provider will make Customer "
        "Data available for download, subject to payment of applicable fees.",
        "exit-portability",
    ),
    (
        "Po skončení smlouvy může Poskytovatel dle svého uvážení Objednateli předat kopii dat.",
        "exit-portability",
    ),
    # Derived data carved out of the town's ownership for the supplier.
    (
        "Customer retains ownership of Customer Data, except for Usage Data, which Provider owns.",
        "derived-data-ownership",
    ),
    (
        "Objednatel je vlastníkem dat s výjimkou provozních a analytických dat, která náleží "
        "Poskytovateli.",
        "derived-data-ownership",
    ),
    # A hand-over only once the town has paid.
    (
        "Provider shall return Customer Data within 30 days after termination, provided that "
        "all fees have been paid.",
        "exit-portability",
    ),
    (
        "Poskytovatel předá data do 30 dnů od ukončení smlouvy, pokud Objednatel uhradí všechny "
        "pohledávky.",
        "exit-portability",
    ),
    # Access from a third country, no safeguard.
    (
        "Provider stores Customer Data in the EU; support staff in India may access it.",
        "data-location",
    ),
    # Confidentiality that covers the agreement itself.
    (
        "Confidential Information includes the terms of this Agreement and its pricing.",
        "transparency-register",
    ),
]

PROTECTIONS = [
    # The same words, the other direction or with the town's say, are no red flag.
    (
        "The Supplier grants the City a perpetual, irrevocable licence to the data.",
        "partner-use-limits",
    ),
    (
        "The Supplier may engage sub-processors. The City may object to any new sub-processor "
        "within 14 days.",
        "subprocessors",
    ),
    (
        "Dodavatel může zapojit poddodavatele. Objednatel může proti každému novému "
        "poddodavateli vznést námitku.",
        "subprocessors",
    ),
    (
        "The Supplier may delete the data after termination. Before that, it shall export all "
        "data to the City in CSV.",
        "deletion",
    ),
    ("The Supplier shall not use the data to improve its products.", "partner-use-limits"),
    (
        "Upon termination the Supplier shall return all Customer Data within 30 days in CSV "
        "format, at the City s discretion also to a new supplier.",
        "exit-portability",
    ),
    (
        "Dodavatel poskytuje Objednateli k datům licenci k jakémukoli účelu.",
        "partner-use-limits",
    ),
    ("Poskytovatel si nevyhrazuje žádná práva k datům Objednatele.", "raw-data-ownership"),
    (
        "Sub-Processor: any third party the Supplier engages to process personal data.",
        "subprocessors",
    ),
]


@pytest.mark.parametrize(("text", "item"), RED_FLAGS, ids=lambda v: str(v)[:40])
def test_unseen_red_flag_wording_is_flagged(text: str, item: str) -> None:
    report = check_text(text)
    assert report.item(item).status == "red_flag", report.item(item).explanation
    assert report.item(item).evidence, item


@pytest.mark.parametrize(("text", "item"), PROTECTIONS, ids=lambda v: str(v)[:40])
def test_the_other_direction_is_not_flagged(text: str, item: str) -> None:
    report = check_text(text)
    assert report.item(item).status != "red_flag", report.item(item).evidence


def test_a_glossary_line_is_read_as_a_definition_but_an_operative_label_is_not() -> None:
    # "Data ownership: …" is a label before an operative sentence, which still protects.
    report = check_text(
        "Data ownership: all data collected under this Agreement are owned by the City."
    )
    assert report.item("raw-data-ownership").status == "present"


def test_a_mention_of_a_processing_agreement_is_not_its_terms() -> None:
    mention = check_text("Please consult our Data Processing Agreement for more information.")
    assert mention.item("personal-data-roles").status == "missing"
    part = check_text("The Data Processing Agreement in Annex 3 forms part of this Agreement.")
    assert part.item("personal-data-roles").status == "present"


NOT_GREEN = [
    # Liability for data loss kept but capped in the same sentence: "check this", never green.
    ("Dodavatel odpovídá za ztrátu dat pouze do výše 10 000 Kč.", "liability-not-excluded"),
    (
        "The Provider's total liability, including for data loss, shall not exceed the fees "
        "paid in the prior month.",
        "liability-not-excluded",
    ),
    # A purpose limit widened by the supplier's own policy.
    (
        "Provider shall use Customer Data only to provide the Service and as otherwise "
        "permitted in our Privacy Policy.",
        "partner-use-limits",
    ),
    (
        "Dodavatel smí data užít pouze k plnění smlouvy a k dalším účelům uvedeným v jeho "
        "zásadách.",
        "partner-use-limits",
    ),
    # An audit the supplier may refuse.
    ("Customer may audit Provider's compliance at Provider's discretion.", "audit-rights"),
    ("Objednatel je oprávněn provést audit se souhlasem Dodavatele.", "audit-rights"),
    # A liability cap that mentions fees is no promise of free access to the data.
    (
        "The Provider's total liability, including for data loss, shall not exceed the fees "
        "paid in the prior month.",
        "free-access-own-data",
    ),
    # „pouze“ (only) is no form of „použít“ (use): a sentence about liability limits no use.
    ("Dodavatel odpovídá za ztrátu dat pouze do výše 10 000 Kč.", "partner-use-limits"),
    # A transfer outside the EU with the data named earlier in the paragraph, no safeguard.
    (
        "Data budou uložena v České republice; Poskytovatel je oprávněn je předat do USA.",
        "data-location",
    ),
]


@pytest.mark.parametrize(("text", "item"), NOT_GREEN, ids=lambda v: str(v)[:40])
def test_limited_or_unrelated_wording_is_never_green(text: str, item: str) -> None:
    assert check_text(text).item(item).status != "present"


def test_full_liability_for_data_loss_stays_green() -> None:
    assert (
        check_text("Dodavatel odpovídá za ztrátu dat v plné výši.")
        .item("liability-not-excluded")
        .status
        == "present"
    )
    assert (
        check_text("The Supplier shall not charge the City for access to its data.")
        .item("free-access-own-data")
        .status
        == "present"
    )
