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
    # Liability for data loss denied in any wording the negation reads (wave 3).
    (
        "The Company shall not be held responsible for any loss or corruption of content you "
        "upload.",
        "liability-not-excluded",
    ),
    ("We accept no liability for lost or damaged files or data.", "liability-not-excluded"),
    (
        "Neither party shall be liable for lost profits, lost data or business interruption.",
        "liability-not-excluded",
    ),
    ("Provozovatel nezodpovídá za ztrátu nebo poškození uložených dat.", "liability-not-excluded"),
    ("Dodavatel nenese žádnou zodpovědnost za ztrátu dat.", "liability-not-excluded"),
    (
        "Uživatel bere na vědomí, že Poskytovatel není odpovědný za ztrátu dat.",
        "liability-not-excluded",
    ),
    (
        "The Service is provided as is and you use it at your own risk, including the risk of "
        "data loss.",
        "liability-not-excluded",
    ),
    (
        "Objednatel užívá službu na vlastní riziko, včetně rizika ztráty dat.",
        "liability-not-excluded",
    ),
    (
        "You are solely responsible for maintaining backup copies of everything you store.",
        "liability-not-excluded",
    ),
    # A deletion promise taken back later in the clause, or a right to delete at will.
    (
        "We will delete your data within 60 days of termination. Notwithstanding the foregoing, "
        "we may keep copies of your data in our backup systems for up to 12 months.",
        "deletion",
    ),
    (
        "Po skončení smlouvy Poskytovatel data smaže. Poskytovatel je však oprávněn ponechat si "
        "kopie dat pro účely archivace.",
        "deletion",
    ),
    (
        "Dodavatel je oprávněn po ukončení smlouvy data Objednatele dle svého uvážení vymazat.",
        "deletion",
    ),
    ("The Vendor may, in its sole discretion, delete the Customer Data at any time.", "deletion"),
    ("Poskytovatel může data Objednatele kdykoli bez upozornění odstranit.", "deletion"),
    ("Deleted data may persist in backup copies for a reasonable period.", "deletion"),
    ("Smazaná data mohou zůstat v zálohách ještě šest měsíců.", "deletion"),
    (
        "Activity logs that include the Customer's actions are retained for 12 months after "
        "account closure.",
        "deletion",
    ),
    (
        "Záznamy o činnosti uživatele Poskytovatel uchovává po dobu dvou let od zrušení účtu.",
        "deletion",
    ),
    # A hand-over made optional or paid.
    (
        "We will use commercially reasonable efforts to provide your data to you after "
        "termination.",
        "exit-portability",
    ),
    (
        "Po ukončení smlouvy Poskytovatel Objednateli na jeho žádost předá data za úplatu dle "
        "ceníku.",
        "exit-portability",
    ),
    (
        "Poskytovatel není povinen data po skončení smlouvy uchovávat ani předávat.",
        "exit-portability",
    ),
    # Selling or passing the data on, training on it.
    (
        "We may use the content you upload to train and improve our machine learning models.",
        "partner-use-limits",
    ),
    ("Dodavatel je oprávněn data prodat třetím osobám.", "partner-use-limits"),
    (
        "Poskytovatel může data předávat třetím stranám bez souhlasu Objednatele.",
        "partner-use-limits",
    ),
    (
        "The Provider may sell or license aggregated Customer Data to third parties.",
        "partner-use-limits",
    ),
    # Processing outside the EU with no safeguard in the paragraph.
    ("Poskytovatel může data zpracovávat i mimo Evropskou unii.", "data-location"),
    ("Customer Data may be stored outside the European Economic Area.", "data-location"),
    # Ownership given away in other words.
    (
        "Veškerá statistická data vzniklá z provozu služby jsou majetkem Poskytovatele.",
        "derived-data-ownership",
    ),
    (
        "Customer hereby assigns to Provider all rights in the data generated by the sensors.",
        "raw-data-ownership",
    ),
    # Access during the term, but paid for.
    (
        "During the term the Customer may export its data for an additional fee.",
        "access-during-term",
    ),
    # Aggregate data and the supplier's own business (wave 3, second round).
    (
        "The Provider may use aggregated data derived from Customer Data for research and "
        "development.",
        "partner-use-limits",
    ),
    (
        "Company is free to use and disclose Aggregated Data for any lawful business purpose.",
        "partner-use-limits",
    ),
    (
        "Subscriber grants Provider a licence to use Subscriber Data for Provider's internal "
        "business purposes.",
        "partner-use-limits",
    ),
    (
        "Poskytovatel je oprávněn data využít pro své vlastní obchodní účely a pro výzkum a vývoj.",
        "partner-use-limits",
    ),
    ("Aggregated Data is owned exclusively by the Provider.", "derived-data-ownership"),
    # Storage abroad in other words; the town's "consent" by mere use is no safeguard.
    (
        "Your data may be stored and processed in the United States or any other country in "
        "which we maintain facilities.",
        "data-location",
    ),
    (
        "By using the Service you consent to the transfer of your data to the United States.",
        "data-location",
    ),
    # Liability kept only for gross fault, or only for restoring a back-up.
    (
        "The Provider is liable for loss of data only in cases of gross negligence.",
        "liability-not-excluded",
    ),
    (
        "The Provider's liability for loss of Customer Data is limited to restoring the data "
        "from the last available backup.",
        "liability-not-excluded",
    ),
    (
        "Poskytovatel odpovídá za ztrátu dat pouze v případě hrubé nedbalosti.",
        "liability-not-excluded",
    ),
    ("Za ztrátu vašich dat neodpovídáme.", "liability-not-excluded"),
    # Keeping the data after the account ends; a right to delete in the first person.
    ("We may retain your information after you close your account.", "deletion"),
    (
        "Upon termination we delete Customer Data within 30 days, but we may keep records for "
        "our legitimate business purposes.",
        "deletion",
    ),
    ("Vyhrazujeme si právo vaše data po zrušení účtu smazat.", "deletion"),
    # Paid migration and hand-over.
    (
        "Any assistance with data migration at the end of the subscription is charged at the "
        "Provider's standard hourly rates.",
        "free-access-own-data",
    ),
    (
        "Upon termination the Provider will return the data at its then current professional "
        "services rates.",
        "exit-portability",
    ),
    # Publication only with the supplier's consent; the agreement itself confidential.
    (
        "The Customer shall not publicly disclose any data obtained through the Service without "
        "the Provider's prior written consent.",
        "open-data-publication",
    ),
    (
        "The Customer shall hold the terms and pricing of this Agreement in confidence.",
        "transparency-register",
    ),
    # Wave 3, third round: the limitation clause in capitals with a long subject, an
    # obligation-free retention, back-ups kept after the end, improvement of the supplier's
    # services, the agreement itself kept from disclosure.
    (
        "EXCEPT FOR BREACHES OF CONFIDENTIALITY, IN NO EVENT SHALL PROVIDER OR ITS AFFILIATES, "
        "LICENSORS OR SUPPLIERS BE LIABLE FOR ANY INDIRECT, INCIDENTAL OR CONSEQUENTIAL "
        "DAMAGES, INCLUDING LOSS OF PROFITS, REVENUE OR DATA.",
        "liability-not-excluded",
    ),
    (
        "TO THE MAXIMUM EXTENT PERMITTED BY APPLICABLE LAW, PROVIDER, ITS OFFICERS, DIRECTORS, "
        "EMPLOYEES AND AGENTS WILL NOT BE LIABLE FOR ANY LOSS OF USE, DATA OR GOODWILL.",
        "liability-not-excluded",
    ),
    (
        "Provider has no obligation to retain Customer Data after the termination date.",
        "exit-portability",
    ),
    (
        "Provider may retain Customer Data in its backup systems until the backups are "
        "overwritten in the ordinary course after termination.",
        "deletion",
    ),
    (
        "Po ukončení smlouvy zůstávají data uložena v zálohách Poskytovatele až do jejich "
        "přepsání.",
        "deletion",
    ),
    (
        "We use the data you provide to operate, maintain and improve our services.",
        "partner-use-limits",
    ),
    (
        "Customer shall not disclose the terms of this Agreement to any third party.",
        "transparency-register",
    ),
    ("Objednatel nesmí zveřejnit obsah této smlouvy.", "transparency-register"),
    # Batch 5's kinds: the supplier writing in the first person (Czech verb endings), costs of
    # the return or deletion borne by the town, sub-processors engaged with no say anywhere,
    # logs kept for the supplier's own period.
    ("Smažeme vaše data kdykoli bez upozornění.", "deletion"),
    ("Za ztrátu dat neneseme žádnou odpovědnost.", "liability-not-excluded"),
    (
        "Any additional cost arising in connection with the return or deletion of Customer "
        "Data shall be borne by the Customer.",
        "free-access-own-data",
    ),
    (
        "Upon termination the Provider shall delete all Customer Data after returning it within "
        "30 days. Any additional cost arising in connection with the return or deletion of "
        "Customer Data shall be borne by the Customer.",
        "deletion",
    ),
    (
        "Náklady spojené s vrácením dat po skončení smlouvy hradí Objednatel.",
        "free-access-own-data",
    ),
    (
        "We engage third-party subprocessors to host the Service. A list of subprocessors is "
        "available on request.",
        "subprocessors",
    ),
    ("Our access logs are kept for 6 months.", "deletion"),
    # The supplier refusing the deletion, keeping records beyond the end, the town left to
    # export before the end, no right to the hand-over, third countries, sub-processors engaged
    # as a matter of course in Czech.
    (
        "For the avoidance of doubt, the Processor will not undertake any data deletion on "
        "behalf of the Controller.",
        "deletion",
    ),
    (
        "Records of processing must be kept by the Processor beyond the termination of this "
        "Agreement.",
        "deletion",
    ),
    (
        "The Customer is responsible for exporting its data before the termination of the "
        "subscription.",
        "exit-portability",
    ),
    ("Objednatel je povinen si data stáhnout před skončením smlouvy.", "exit-portability"),
    ("Po ukončení smlouvy nemá Objednatel nárok na předání dat.", "exit-portability"),
    ("Customer Data may be transferred to third countries.", "data-location"),
    ("Poskytovatel využívá subdodavatele pro hosting a podporu.", "subprocessors"),
    # A hand-over promised in one paragraph and charged for in another.
    (
        "Upon termination the Provider shall return all Customer Data within 30 days in CSV "
        "format.\n\nData export and migration services are charged according to the price list.",
        "exit-portability",
    ),
    (
        "Po skončení smlouvy Poskytovatel předá data do 30 dnů ve formátu CSV.\n\nExport dat se "
        "účtuje podle ceníku.",
        "exit-portability",
    ),
    # A general authorisation for sub-processors with no objection right anywhere; the town's
    # blanket consent to a transfer abroad is no safeguard.
    ("Správce uděluje Zpracovateli obecné povolení zapojit další zpracovatele.", "subprocessors"),
    (
        "Customer provides a general authorisation for Provider to engage sub-processors.",
        "subprocessors",
    ),
    ("Objednatel souhlasí s předáním dat do USA.", "data-location"),
    # Improving the supplier's services in Czech verb forms, marketing, sharing with partners,
    # exports billed.
    (
        "Poskytovatel je oprávněn data Uživatele využívat ke zlepšování svých služeb.",
        "partner-use-limits",
    ),
    ("Poskytovatel může data Objednatele využít pro marketingové účely.", "partner-use-limits"),
    (
        "We may share aggregated information derived from your data publicly and with our "
        "partners.",
        "partner-use-limits",
    ),
    ("Additional data exports are billed at EUR 200 each.", "free-access-own-data"),
    ("Každý další export dat je zpoplatněn částkou 1 000 Kč.", "free-access-own-data"),
    # The supplier may use the data, and the sentence sets no limit on that use.
    (
        "The Provider may use and analyse Customer Data and the results of that analysis.",
        "partner-use-limits",
    ),
    (
        "Poskytovatel je oprávněn data Objednatele dále využívat a zpracovávat.",
        "partner-use-limits",
    ),
    # Algorithms declared confidential (the Czech alternatives were one word off before).
    (
        "The algorithms used in the Service are confidential information of the Provider.",
        "algorithm-transparency",
    ),
    (
        "Algoritmy použité ve službě jsou důvěrnými informacemi Poskytovatele.",
        "algorithm-transparency",
    ),
    ("Algoritmy služby jsou pro Objednatele černou skříňkou.", "algorithm-transparency"),
    # The supplier only licenses the data to the town, so it holds them.
    (
        "Dodavatel uděluje Objednateli nevýhradní licenci k užití naměřených dat.",
        "raw-data-ownership",
    ),
    (
        "The Contractor grants the City a non-exclusive licence to use the sensor data.",
        "raw-data-ownership",
    ),
    # Back-ups left to the town; subcontracting at will.
    ("We are not responsible for backing up your data.", "liability-not-excluded"),
    ("It is your responsibility to keep backup copies of your data.", "liability-not-excluded"),
    ("Za zálohování dat odpovídá Objednatel.", "liability-not-excluded"),
    ("Objednatel je povinen svá data pravidelně zálohovat.", "liability-not-excluded"),
    ("The Provider may subcontract any of its obligations under this Agreement.", "subprocessors"),
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
    # Wave 3: the same wording with a safeguard, the town's say, or the other party bound.
    (
        "Customer data may be transferred to the United States on the basis of the standard "
        "contractual clauses.",
        "data-location",
    ),
    (
        "Poskytovatel může data zpracovávat i mimo EU, a to na základě standardních smluvních "
        "doložek.",
        "data-location",
    ),
    ("Data nesmějí být zpracovávána mimo Evropskou unii.", "data-location"),
    (
        "Liability for loss of Customer Data shall not be excluded or limited.",
        "liability-not-excluded",
    ),
    (
        "Odpovědnost Dodavatele za ztrátu dat nelze vyloučit ani omezit.",
        "liability-not-excluded",
    ),
    (
        "The Customer shall not be liable for any loss of the Provider's data.",
        "liability-not-excluded",
    ),
    (
        "Poskytovatel může data předat třetím osobám pouze s předchozím souhlasem Objednatele.",
        "partner-use-limits",
    ),
    (
        "The Provider may disclose Customer Data to third parties where required by law.",
        "partner-use-limits",
    ),
    ("The Provider may delete Customer Data at any time at the Customer's request.", "deletion"),
    (
        "The Supplier shall not charge any additional fee for exporting the data after "
        "termination, which it shall return within 30 days in CSV.",
        "exit-portability",
    ),
    (
        "Dodavatel neúčtuje Objednateli za export dat žádné poplatky a data předá do 30 dnů od "
        "skončení smlouvy ve formátu CSV.",
        "exit-portability",
    ),
    (
        "Customer data may be transferred to the United States only with the Customer's prior "
        "written consent.",
        "data-location",
    ),
    # A ban on the supplier, its subject carried over "and shall not" past the town's name.
    (
        "The Provider shall keep the Customer's data confidential and shall not disclose it "
        "publicly.",
        "open-data-publication",
    ),
    (
        "The Provider shall not use Customer Data for research and development.",
        "partner-use-limits",
    ),
    (
        "Customer shall not disclose the terms of this Agreement except as required by law.",
        "transparency-register",
    ),
    (
        "The Provider shall delete Customer Data within 30 days after returning it; backups are "
        "overwritten within a further 30 days.",
        "deletion",
    ),
    # The supplier's own model clause: aggregated anonymised data and improvements to its
    # algorithms, not the town's data for the supplier's services.
    (
        "The preceding paragraph does not affect the Partner's right to use aggregated "
        "anonymised data and the improvements to its algorithms.",
        "partner-use-limits",
    ),
    (
        "We engage third-party subprocessors to host the Service.\n\nThe Customer may object to "
        "any new subprocessor within 30 days.",
        "subprocessors",
    ),
    (
        "Customer Data may be transferred to any country in which the Provider operates.\n\n"
        "All transfers are governed by the Standard Contractual Clauses in Annex 2.",
        "data-location",
    ),
    (
        "The Supplier shall keep the access logs for at least 12 months and make them available "
        "to the City.",
        "deletion",
    ),
    (
        "You grant us a worldwide licence to host and store Customer Data for the purpose of "
        "providing the Service.",
        "data-location",
    ),
    (
        "If the City requests an extraordinary export, it shall reimburse the proven costs up to "
        "a cap of EUR 1,000 per year.",
        "free-access-own-data",
    ),
    ("The Supplier shall not delete the data before handing them over to the City.", "deletion"),
    (
        "Dodavatel nesmí Objednateli předání dat po skončení smlouvy odepřít a předá je do 30 "
        "dnů ve formátu CSV.",
        "exit-portability",
    ),
    (
        "Poskytovatel využívá subdodavatele pro hosting a podporu.\n\nObjednatel může proti "
        "novému subdodavateli vznést námitku.",
        "subprocessors",
    ),
    (
        "The Partner shall store the data only in the EU. Remote access from a third country is "
        "also considered processing outside that territory.",
        "data-location",
    ),
    (
        "Správce uděluje Zpracovateli obecné povolení zapojit další zpracovatele.\n\nSprávce může "
        "proti změně vznést námitku do 14 dnů.",
        "subprocessors",
    ),
    (
        "Customer provides a general authorisation for Provider to engage sub-processors.\n\n"
        "Customer may object to a new sub-processor within 14 days.",
        "subprocessors",
    ),
    (
        "Objednatel souhlasí s předáním dat do USA na základě standardních smluvních doložek.",
        "data-location",
    ),
    (
        "Dodavatel smí data užívat pouze k plnění smlouvy a ke zlepšování služeb poskytovaných "
        "výhradně Objednateli.",
        "partner-use-limits",
    ),
    ("The Provider shall not use Customer Data for marketing.", "partner-use-limits"),
    ("Dodavatel nesmí data využívat pro marketingové účely.", "partner-use-limits"),
    (
        "The Provider may use Customer Data to provide the Services to the Customer.",
        "partner-use-limits",
    ),
    ("Poskytovatel je oprávněn data užívat k plnění této smlouvy.", "partner-use-limits"),
    (
        "The Provider may use anonymised and aggregated data derived from the Service.",
        "partner-use-limits",
    ),
    ("The Customer may use the Customer Data for any purpose.", "partner-use-limits"),
    (
        "The Provider grants the Customer a licence to use the software and the Service.",
        "raw-data-ownership",
    ),
    (
        "Objednatel uděluje Dodavateli licenci k datům pouze k plnění smlouvy.",
        "raw-data-ownership",
    ),
    ("Dodavatel je povinen data Objednatele denně zálohovat.", "liability-not-excluded"),
    (
        "The Provider may subcontract its obligations only with the Customer's prior written "
        "consent.",
        "subprocessors",
    ),
    (
        "The Provider is responsible for daily backups of the Customer Data.",
        "liability-not-excluded",
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
    # "Without undue delay" states no time: "check this".
    (
        "The Processor shall notify the Controller of a personal data breach without undue delay.",
        "breach-notification",
    ),
    # The town's own responsibility, and a ban that binds the town, protect nothing.
    (
        "The Customer is solely responsible for any loss of data resulting from its use of the "
        "Service.",
        "liability-not-excluded",
    ),
    ("Objednatel není oprávněn data prodávat třetím osobám.", "partner-use-limits"),
    # Access through the supplier's user interface only: "check this".
    (
        "The Customer can access and download its data through the Service's user interface.",
        "access-during-term",
    ),
    # "Return or delete" with no say for the town: the supplier may choose the deletion.
    (
        "Upon termination the Processor shall return or delete all personal data within 30 days.",
        "exit-portability",
    ),
    (
        "Po skončení smlouvy Zpracovatel do 30 dnů vrátí nebo smaže veškeré osobní údaje.",
        "exit-portability",
    ),
    # A liability for data loss capped at an amount: "check this".
    (
        "The Provider's liability for data loss is limited to the fees paid in the preceding "
        "twelve months.",
        "liability-not-excluded",
    ),
    # An undermining qualifier far from what it may qualify only limits: "check this".
    (
        "Customer may export its data at any time during the term for an additional fee.",
        "access-during-term",
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


GREEN = [
    (
        "Upon termination the Processor shall, at the choice of the Controller, return or delete "
        "all personal data within 30 days.",
        "exit-portability",
    ),
    (
        "Po skončení smlouvy Zpracovatel podle volby Správce do 30 dnů vrátí nebo smaže veškeré "
        "osobní údaje.",
        "exit-portability",
    ),
    (
        "Upon termination the Provider shall return all Customer Data within 30 days in CSV "
        "format.\n\nThe export is free of charge.",
        "exit-portability",
    ),
    (
        "Po skončení smlouvy a předání dat budou data Objednatele odstraněna a Poskytovatel to "
        "písemně potvrdí.",
        "deletion",
    ),
    # "We" in a Czech verb ending: the supplier's promise not to share.
    ("Vaše data neprodáváme ani nesdílíme s třetími stranami.", "partner-use-limits"),
    (
        "The Processor shall notify the Controller of a personal data breach without undue "
        "delay and in any case within 24 hours.",
        "breach-notification",
    ),
    # A deletion after the data are returned, in the same sentence.
    (
        "Provider shall delete all Customer Data after returning it to Customer within 30 days "
        "of termination and certify the deletion in writing.",
        "deletion",
    ),
    ("Customer may export its data at any time during the term via the API.", "access-during-term"),
    ("All Project Data shall vest in the Authority.", "raw-data-ownership"),
    # "Licensee" is the town's name here, not a licence that keeps the sentence out.
    ("Licensee owns all Licensee Data.", "raw-data-ownership"),
    ("The Customer may publicly display the data on its website.", "open-data-publication"),
    (
        "The Provider hereby assigns to the City all rights in the data collected by the sensors.",
        "raw-data-ownership",
    ),
    (
        "Dodavatel neúčtuje Objednateli za export dat žádné poplatky.",
        "free-access-own-data",
    ),
]


@pytest.mark.parametrize(("text", "item"), GREEN, ids=lambda v: str(v)[:40])
def test_protection_without_a_limit_is_green(text: str, item: str) -> None:
    assert check_text(text).item(item).status == "present"


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
