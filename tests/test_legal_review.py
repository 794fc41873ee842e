"""The legal review's defects (issue 9, section 3), each checked in a built and reopened .docx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from testkit import SCENARIOS, load_scenario, scenario_files

import pppdraft

ALL = [(p.parent.name, p.stem) for p in scenario_files()]


def scenario(contract_type: str, stem: str, **change: Any) -> dict[str, Any]:
    raw = load_scenario(SCENARIOS / contract_type / f"{stem}.yaml")
    raw.update(change)
    return raw


def docx_text(tmp_path: Path, contract_type: str, raw: dict[str, Any], lang: str) -> str:
    draft = pppdraft.build(contract_type, raw, lang)
    path, _ = pppdraft.render_docx(draft).save(tmp_path / f"{contract_type}-{lang}.docx")
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    lines += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], str]:
    """Every scenario built in both languages, as Word text."""
    folder = tmp_path_factory.mktemp("review")
    return {
        (t, stem, lang): docx_text(folder, t, scenario(t, stem), lang)
        for t, stem in ALL
        for lang in ("cs", "en")
    }


def test_the_supplier_change_is_reserved_in_the_tender_documents(tmp_path: Path) -> None:
    raw = scenario("ppp-contract", "street-lighting")
    assert raw["lender_finance"]
    cs = docx_text(tmp_path, "ppp-contract", raw, "cs")
    en = docx_text(tmp_path, "ppp-contract", raw, "en")
    assert "se považuje za změnu dodavatele vyhrazenou" not in cs
    assert "kterou si Obec vyhradila v zadávací dokumentaci zadávacího řízení" in cs
    assert "is a change of supplier reserved" not in en
    assert "which the Municipality reserved, under Section 100(2)" in en


def test_no_data_steward_collides_with_the_gdpr_controller(
    texts: dict[tuple[str, str, str], str],
) -> None:
    for (_t, _stem, lang), text in texts.items():
        lowered = text.lower()
        if lang == "cs":
            assert "správce dat" not in lowered and "správci dat" not in lowered
            assert "datový správce" not in lowered and "datoví správci" not in lowered
        else:
            assert "data steward" not in lowered


def test_the_joint_ownership_names_the_data_coordinator(tmp_path: Path) -> None:
    raw = scenario("living-lab", "pedestrian-counting-university")
    assert raw["data_ownership_model"] == "joint"
    text = docx_text(tmp_path, "living-lab", raw, "cs")
    assert "rozhodne o jejich zařazení předběžně koordinátor pro data za Obec" in text


def test_data_liability_does_not_invoke_data_act_article_13(
    texts: dict[tuple[str, str, str], str],
) -> None:
    for (t, _stem, lang), text in texts.items():
        if t == "data-agreement":
            assert "čl. 13 nařízení (EU) 2023/2854" not in text
            assert "Article 13 of Regulation (EU) 2023/2854" not in text
            phrase = "§ 1751 odst. 1" if lang == "cs" else "Section 1751(1)"
            assert phrase in text
    assert "Art. 13" not in " ".join(pppdraft.load_library().get("data.liability").sources)


@pytest.mark.parametrize(
    ("contract_type", "stem", "expected"),
    [
        ("ppp-contract", "street-lighting", True),  # partner's assets on municipal poles
        ("living-lab", "smart-waste-lorawan", True),  # pilot sites lent by the town
        ("ppp-contract", "sensor-network", True),
        ("data-agreement", "village-weather", False),  # no property is let
    ],
)
def test_the_validity_clause_confirms_the_section_39_intention(
    tmp_path: Path, contract_type: str, stem: str, expected: bool
) -> None:
    raw = scenario(contract_type, stem)
    text = docx_text(tmp_path, contract_type, raw, "cs")
    said = "zveřejnila podle § 39 odst. 1 uvedeného zákona vyvěšením na úřední desce dne" in text
    assert said == expected
    if expected:
        day = raw["intention_published_on"]
        assert f"dne {day.day}. " in text


def test_the_missing_clauses_are_there(tmp_path: Path) -> None:
    ppp = pppdraft.build("ppp-contract", scenario("ppp-contract", "street-lighting"), "cs")
    ids = {c.clause_id for c in ppp.clauses}
    assert {
        "ppp.budget-commitment",
        "ppp.spv",
        "ppp.handback-employees",
        "ppp.asset-transfer-vat",
        "common.contact-persons",
    } <= ids
    text = docx_text(tmp_path, "ppp-contract", scenario("ppp-contract", "street-lighting"), "cs")
    assert "§ 338 odst. 2 zákona č. 262/2006 Sb., zákoník práce" in text
    assert "střednědobém výhledu svého rozpočtu" in text
    assert "se sjednávají bez daně z přidané hodnoty" in text
    concession = pppdraft.build("ppp-contract", scenario("ppp-contract", "bike-sharing"), "cs")
    if scenario("ppp-contract", "bike-sharing")["payment_model"] == "user-fees":
        assert "ppp.budget-commitment" not in {c.clause_id for c in concession.clauses}
    data = pppdraft.build("data-agreement", scenario("data-agreement", "parking-sensors"), "cs")
    assert {"data.subject", "common.contact-persons"} <= {c.clause_id for c in data.clauses}
    lab = pppdraft.build("living-lab", scenario("living-lab", "delivery-robots"), "cs")
    assert "lab.privacy-penalties" in {c.clause_id for c in lab.clauses}
    mou = pppdraft.build(
        "innovation-mou", scenario("innovation-mou", "accessible-transport-info"), "cs"
    )
    assert "mou.participants" in {c.clause_id for c in mou.clauses}


def test_the_contact_persons_the_dispute_clause_relies_on_are_named(tmp_path: Path) -> None:
    raw = scenario("data-agreement", "parking-sensors")
    text = docx_text(tmp_path, "data-agreement", raw, "cs")
    town = "Kontaktní osobou (projektovým manažerem) Obce ve věcech plnění této Smlouvy je"
    assert f"{town} {raw['municipality_contact']}" in text
    assert f"Kontaktní osobou (projektovým manažerem) Partnera je {raw['partner_contact']}" in text


def test_living_lab_privacy_penalties_use_the_answered_sums(tmp_path: Path) -> None:
    from decimal import Decimal

    from pppdraft.i18n import format_money

    raw = scenario("living-lab", "parking-enforcement-cameras")
    text = docx_text(tmp_path, "living-lab", raw, "cs")
    assert f"smluvní pokutu ve výši {format_money(Decimal(raw['biometric_penalty']), 'cs')}" in text
    assert f"smluvní pokutu ve výši {format_money(Decimal(raw['privacy_penalty']), 'cs')}" in text
    assert "rozpoznávat obličeje" in text


def test_mou_duties_bind_every_participant(tmp_path: Path) -> None:
    raw = scenario("innovation-mou", "heat-island-sensors")
    text = docx_text(tmp_path, "innovation-mou", raw, "cs")
    assert "zavazují každou smluvní stranu" in text
    assert "neručí za splnění jejich povinností" in text


def test_czech_style(texts: dict[tuple[str, str, str], str]) -> None:
    for (t, stem, lang), text in texts.items():
        if lang != "cs":
            continue
        where = f"{t}/{stem}"
        assert "je místně příslušným soud" not in text, where
        assert "v žádném případě neplatí za svá vlastní data" not in text, where
        assert "Česká republika je členským státem" not in text, where
        assert "měsíčně zpětně" not in text, where
        assert "(MAGA)" not in text, where
        assert "„selhání Služby“" not in text, where
        assert "Užívání majetku obce" not in text and "symbolů obce" not in text, where
        raw = scenario(t, stem)
        if not raw.get("additional_parties"):
            assert "ostatním smluvním stranám" not in text, where
        if not raw.get("arbitration", False) and t != "innovation-mou":
            assert "místně příslušným soudem je soud" in text, where


def test_no_lenders_heading_without_lenders(tmp_path: Path) -> None:
    raw = scenario("ppp-contract", "sensor-network")
    assert not raw.get("lender_finance")
    draft = pppdraft.build("ppp-contract", raw, "cs")
    titles = [a.title for a in draft.articles]
    assert not any("Financující banky" in title or "financující" in title for title in titles)
    with_lenders = pppdraft.build("ppp-contract", scenario("ppp-contract", "street-lighting"), "cs")
    assert "Financující banky a refinancování" in [a.title for a in with_lenders.articles]


def test_anti_corruption_is_not_under_liability() -> None:
    draft = pppdraft.build("data-agreement", scenario("data-agreement", "parking-sensors"), "cs")
    for article in draft.articles:
        ids = {c.clause_id for c in article.clauses}
        if "common.anti-corruption" in ids:
            assert article.title == "Protikorupční ujednání"
            assert ids == {"common.anti-corruption"}


def test_the_czech_notice_has_no_english_gloss(texts: dict[tuple[str, str, str], str]) -> None:
    for (_t, _stem, lang), text in texts.items():
        if lang == "cs":
            assert "(vetting)" not in text


@pytest.mark.parametrize(("contract_type", "stem"), ALL, ids=[f"{t}/{s}" for t, s in ALL])
def test_definition_n_is_the_same_term_in_both_languages(contract_type: str, stem: str) -> None:
    raw = scenario(contract_type, stem)
    key_of = {
        (lang, d.term.get(lang)): d.key
        for c in pppdraft.load_library()
        for d in c.defines
        for lang in ("cs", "en")
    }
    numbered: dict[str, dict[str, str]] = {}
    for lang in ("cs", "en"):
        draft = pppdraft.build(contract_type, raw, lang)
        numbered[lang] = {}
        for p in draft.clause("common.definitions").paragraphs:
            if p.runs and p.runs[0].bold and p.number:
                term = p.runs[0].text.strip("„“”")
                numbered[lang][p.number] = key_of[(lang, term)]
    assert numbered["cs"] == numbered["en"]
    assert len(numbered["cs"]) >= 5
