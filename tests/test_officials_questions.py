"""The questions officials needed (issue 9, section 2): each answer changes the built .docx as a
lawyer would expect. Every test renders a real Word document and reads it back."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from testkit import SCENARIOS, load_scenario

import pppdraft
from pppdraft.i18n import format_money, format_percent

LANGUAGE_CLAUSE = {"cs": "v české a anglické jazykové verzi", "en": "in a Czech and an English"}


def scenario(contract_type: str, stem: str, **change: Any) -> dict[str, Any]:
    raw = load_scenario(SCENARIOS / contract_type / f"{stem}.yaml")
    raw.update(change)
    return raw


def built(
    tmp_path: Path, contract_type: str, raw: dict[str, Any], lang: str
) -> tuple[pppdraft.Draft, docx.document.Document]:
    draft = pppdraft.build(contract_type, raw, lang)
    path, _ = pppdraft.render_docx(draft).save(tmp_path / f"{contract_type}-{lang}.docx")
    return draft, docx.Document(str(path))


def text_of(document: docx.document.Document) -> str:
    """Return the body paragraphs and every table cell, one per line, as Word shows them."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines += [c.text for c in row.cells]
    return "\n".join(lines)


def table_with(document: docx.document.Document, header: list[str]) -> list[list[str]]:
    for table in document.tables:
        rows = [[c.text for c in r.cells] for r in table.rows]
        if rows and rows[0] == header:
            return rows[1:]
    raise AssertionError(f"no table with header {header}")


def annex_number(draft: pppdraft.Draft, part_id: str) -> int:
    part = next(p for p in draft.parts if p.kind == "annex" and p.id == part_id)
    assert part.number is not None
    return part.number


# --- contract language ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["cs", "en"])
def test_a_czech_only_contract_has_no_language_clause(tmp_path: Path, lang: str) -> None:
    raw = scenario("data-agreement", "village-weather")
    assert raw["contract_languages"] == "cs"
    draft, document = built(tmp_path, "data-agreement", raw, lang)
    assert LANGUAGE_CLAUSE[lang] not in text_of(document)
    assert "common.language" not in {c.clause_id for c in draft.clauses}


def test_two_language_versions_name_the_prevailing_one(tmp_path: Path) -> None:
    raw = scenario("data-agreement", "village-weather", contract_languages="cs-en")
    raw["prevailing_language"] = "en"
    _draft, document = built(tmp_path, "data-agreement", raw, "cs")
    text = text_of(document)
    assert LANGUAGE_CLAUSE["cs"] in text
    assert "má přednost verze anglická" in text


# --- data location, asked without cloud or personal data --------------------------------------


def test_data_location_is_written_even_without_cloud_or_personal_data(tmp_path: Path) -> None:
    raw = scenario("data-agreement", "village-weather")
    assert not raw["cloud"] and not raw["personal_data"]
    draft, document = built(tmp_path, "data-agreement", raw, "cs")
    text = text_of(document)
    assert "výhradně na území České republiky" in text
    places = table_with(document, ["Místo uložení a zpracování Dat Obce"])
    assert [r[0] for r in places] == raw["processing_places"].strip().splitlines()
    number = annex_number(draft, "processing")
    assert f"v místech uvedených v Příloze č. {number}" in text

    raw["data_location"] = "safeguards"
    _draft, document = built(tmp_path, "data-agreement", raw, "cs")
    text = text_of(document)
    assert "výhradně na území České republiky" not in text
    assert "mimo ně jen v místech a za podmínek podle následujícího odstavce" in text


# --- GDPR Art. 28(3) particulars in the annex ---------------------------------------------------


@pytest.mark.parametrize("lang", ["cs", "en"])
def test_the_annex_holds_a_filled_gdpr_table(tmp_path: Path, lang: str) -> None:
    raw = scenario("data-agreement", "parking-sensors")
    assert raw["personal_data_role"] == "processor"
    draft, document = built(tmp_path, "data-agreement", raw, lang)
    header = ["Údaj", "Obsah"] if lang == "cs" else ["Item", "Content"]
    rows = dict(table_with(document, header))
    types = "Typ Osobních údajů" if lang == "cs" else "Types of Personal Data"
    subjects = "Kategorie subjektů údajů" if lang == "cs" else "Categories of data subjects"
    purpose = "Povaha a účel zpracování" if lang == "cs" else "Nature and purpose of the processing"
    assert rows[types] == "; ".join(raw["pd_types"].strip().splitlines())
    assert rows[subjects] == "; ".join(raw["pd_subjects"].strip().splitlines())
    assert rows[purpose] == raw["pd_purpose"]
    assert raw["pd_retention"] in rows.values()
    sub_header = (
        ["Poddodavatel", "Sídlo a identifikační číslo", "Činnost", "Místo zpracování"]
        if lang == "cs"
        else ["Subcontractor", "Seat and identification number", "Activity", "Place of processing"]
    )
    subs = table_with(document, sub_header)
    expected = [[c.strip() for c in line.split(";")] for line in raw["subprocessors"].splitlines()]
    assert subs == expected
    # the processor clause cites the annex that now exists and is filled
    number = annex_number(draft, "processing")
    cited = f"Příloha č. {number}" if lang == "cs" else f"Annex {number}"
    processor = draft.clause("data.personal-data.processor").paragraphs[0]
    assert cited in "".join(r.text for r in processor.runs)


def test_the_particulars_are_not_left_to_a_handover_protocol(tmp_path: Path) -> None:
    raw = scenario("data-agreement", "parking-sensors")
    _draft, document = built(tmp_path, "data-agreement", raw, "cs")
    text = text_of(document)
    assert "uvede se v protokolu o převzetí" not in text
    assert "protokol o převzetí datové sady je nemění" in text


def test_without_subcontractors_the_table_says_so(tmp_path: Path) -> None:
    raw = scenario("data-agreement", "village-weather")
    assert "subprocessors" not in raw
    _draft, document = built(tmp_path, "data-agreement", raw, "en")
    subs = table_with(
        document,
        ["Subcontractor", "Seat and identification number", "Activity", "Place of processing"],
    )
    assert subs == [["The Partner engages no subcontractors.", "—", "—", "—"]]


# --- personal-data roles -----------------------------------------------------------------------


def test_independent_controllers(tmp_path: Path) -> None:
    raw = scenario("data-agreement", "parking-app-operator")
    assert raw["personal_data_role"] == "independent-controllers"
    draft, document = built(tmp_path, "data-agreement", raw, "cs")
    ids = {c.clause_id for c in draft.clauses}
    assert "data.personal-data.independent-controllers" in ids
    assert not ids & {"data.personal-data.processor", "data.personal-data.joint-controllers"}
    text = text_of(document)
    assert "každý jako samostatný správce" in text
    assert "Nejde o společné správcovství podle čl. 26 GDPR" in text
    rows = dict(table_with(document, ["Údaj", "Obsah"]))
    assert rows["Postavení smluvních stran"].startswith("Obec a Partner jsou samostatnými správci")


@pytest.mark.parametrize(
    ("choice", "phrase"),
    [
        ("each", "vyřizuje ta strana, která zpracování, jehož se žádost týká, sama provádí"),
        ("partner", "vyřizuje na své náklady Partner"),
        ("municipality", "vyřizuje Obec prostřednictvím kontaktního místa"),
    ],
)
def test_joint_controllers_choose_who_answers_data_subjects(
    tmp_path: Path, choice: str, phrase: str
) -> None:
    raw = scenario("data-agreement", "bike-sharing-cloud", data_subject_requests=choice)
    assert raw["personal_data_role"] == "joint-controllers"
    _draft, document = built(tmp_path, "data-agreement", raw, "cs")
    text = text_of(document)
    assert phrase in text
    assert (choice == "municipality") == ("je pověřenec pro ochranu osobních údajů Obce." in text)


def test_joint_controllers_by_default_do_not_put_every_request_on_the_town(tmp_path: Path) -> None:
    raw = scenario("data-agreement", "bike-sharing-cloud")
    raw.pop("data_subject_requests", None)
    _draft, document = built(tmp_path, "data-agreement", raw, "cs")
    text = text_of(document)
    assert "vyřizuje Obec prostřednictvím kontaktního místa" not in text
    assert "vyřizuje ta strana, která zpracování" in text


# --- AI risk level ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["cs", "en"])
def test_an_enforcement_camera_pilot_gets_the_high_risk_algorithm_clause(
    tmp_path: Path, lang: str
) -> None:
    raw = scenario("living-lab", "parking-enforcement-cameras")
    assert raw["algorithm_use"] == "decisions"
    draft, document = built(tmp_path, "living-lab", raw, lang)
    ids = {c.clause_id for c in draft.clauses}
    assert "data.algorithms.high-risk" in ids and "data.algorithms.light" not in ids
    text = text_of(document)
    article = (
        "čl. 9 aktu o umělé inteligenci"
        if lang == "cs"
        else "Article 9 of the Artificial Intelligence Act"
    )
    assert article in text  # the risk-management duty only the high-risk clause has
    why = draft.clause("data.algorithms.high-risk").why
    assert "decisions" in why


def test_a_counting_pilot_keeps_the_light_clause(tmp_path: Path) -> None:
    raw = scenario("living-lab", "pedestrian-counting-university")
    assert raw["algorithm_use"] == "information"
    draft, _document = built(tmp_path, "living-lab", raw, "cs")
    assert "data.algorithms.light" in {c.clause_id for c in draft.clauses}


def test_only_one_algorithm_variant_is_preferred() -> None:
    library = pppdraft.load_library()
    positions = [c.position for c in library.topic("data.algorithms")]
    assert positions.count("preferred") == 1


# --- sanctions in the data agreement ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["cs", "en"])
def test_penalties_carry_the_answered_sums(tmp_path: Path, lang: str) -> None:
    raw = scenario("data-agreement", "parking-app-operator")
    draft, document = built(tmp_path, "data-agreement", raw, lang)
    points = [
        "".join(r.text for r in p.runs)
        for p in draft.clause("data.penalties").paragraphs
        if p.kind == "point"
    ]
    assert len(points) == 4
    keys = ["penalty_misuse", "penalty_late_notice", "penalty_location", "penalty_api"]
    for point, key in zip(points, keys, strict=True):
        assert format_money(Decimal(raw[key]), lang) in point
    assert format_percent(Decimal(str(raw["api_availability"])), lang) in points[3]
    text = text_of(document)
    for key in ("penalty_misuse", "penalty_location"):
        assert format_money(Decimal(raw[key]), lang) in text


def test_a_zero_amount_leaves_that_penalty_out(tmp_path: Path) -> None:
    raw = scenario("data-agreement", "parking-app-operator", penalty_late_notice=0)
    draft, _document = built(tmp_path, "data-agreement", raw, "cs")
    points = [p for p in draft.clause("data.penalties").paragraphs if p.kind == "point"]
    assert len(points) == 3
    assert not any("Bezpečnostního incidentu" in "".join(r.text for r in p.runs) for p in points)
    zero = dict.fromkeys(("penalty_misuse", "penalty_late_notice", "penalty_location"), 0)
    raw = scenario("data-agreement", "parking-app-operator", penalty_api=0, **zero)
    draft, _document = built(tmp_path, "data-agreement", raw, "cs")
    assert "data.penalties" not in {c.clause_id for c in draft.clauses}


# --- service fee and the Related Contract --------------------------------------------------------


def test_a_fee_in_the_data_agreement(tmp_path: Path) -> None:
    raw = scenario("data-agreement", "village-weather")
    assert raw["service_fee_model"] == "fee"
    draft, document = built(tmp_path, "data-agreement", raw, "cs")
    subject = " ".join(
        "".join(r.text for r in p.runs) for p in draft.clause("data.subject").paragraphs
    )
    assert f"úplatu ve výši {format_money(Decimal(raw['service_fee']), 'cs')}" in subject
    assert raw["service_description"].split()[0] in subject
    assert "„Související smlouva“" not in text_of(document)


def test_the_related_contract_is_defined_linked_and_priced(tmp_path: Path) -> None:
    raw = scenario("data-agreement", "parking-app-operator")
    draft, document = built(tmp_path, "data-agreement", raw, "cs")
    text = text_of(document)
    definition = "„Související smlouva“ znamená smlouvu mezi Obcí a Partnerem, kterou je"
    assert f"{definition} {raw['related_contract']}" in text
    assert "Úplata za službu je sjednána v Související smlouvě" in text
    assert (
        "Skončí-li Související smlouva z jakéhokoli důvodu, skončí týmž dnem i tato Smlouva" in text
    )
    assert "je zároveň podstatným porušením Související smlouvy" in text
    assert "nebo jinak zpracuje při plnění Související smlouvy" in text
    # no related contract: no definition and no linking clause
    raw.pop("related_contract")
    raw["service_fee_model"] = "none"
    draft, document = built(tmp_path, "data-agreement", raw, "cs")
    assert "data.related-contract" not in {c.clause_id for c in draft.clauses}
    assert "„Související smlouva“" not in text_of(document)


def test_a_ppp_with_independent_controllers_never_calls_the_partner_a_processor(
    tmp_path: Path,
) -> None:
    raw = scenario("ppp-contract", "bike-sharing", personal_data_role="independent-controllers")
    draft, document = built(tmp_path, "ppp-contract", raw, "cs")
    text = text_of(document)
    assert "každý jako samostatný správce" in text
    assert "Partner jejím zpracovatelem" not in text
    rows = {r[0]: (r[1], r[2]) for r in table_with(document, ["Riziko", "Nese", "Upravuje"])}
    label = "(každá strana jako samostatný správce)"
    [row] = [v for k, v in rows.items() if k.startswith("Soulad zpracování") and k.endswith(label)]
    assert row == ("sdílené", draft.clause("data.personal-data").number)
