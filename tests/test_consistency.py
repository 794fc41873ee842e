"""Whole-contract consistency: one figure per thing, one clause per subject, terms as defined.

The lint fixtures break a copy of the library the way a drafter would (a figure written twice,
two clauses on one subject, a defined term in lower case, a term the contract never defines)
and check that `pppdraft library lint` fails naming the place. The composed street-lighting
PPP is built to .docx and read back to show that it states one liability cap, one insurance
regime, one trade-secret rule and one assignment rule.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest
from testkit import SCENARIOS, edit_yaml, load_scenario, scenario_files
from typer.testing import CliRunner

import pppdraft
from pppdraft.cli import app
from pppdraft.consistency import stem, with_constants
from pppdraft.lint import lint

STREET_LIGHTING = SCENARIOS / "ppp-contract" / "street-lighting.yaml"


def errors(root: Path) -> list[str]:
    return [str(f) for f in lint(root / "clauses", root / "contracts") if f.level == "error"]


def append_paragraph(path: Path, cs: str, en: str) -> None:
    def change(d: dict[str, Any]) -> None:
        d["text"]["cs"] = d["text"]["cs"].rstrip("\n") + "\n\n" + cs + "\n"
        d["text"]["en"] = d["text"]["en"].rstrip("\n") + "\n\n" + en + "\n"

    edit_yaml(path, change)


# ------------------------------------------------------------------------------ lint fixtures


def test_the_repository_passes_the_consistency_checks() -> None:
    found = [str(f) for f in lint() if f.level == "error"]
    assert found == []


def test_lint_fails_on_an_insurance_sum_written_twice(project_copy: Path) -> None:
    append_paragraph(
        project_copy / "clauses/data/exit.yaml",
        "Po dobu předávání dat je Partner pojištěn s limitem pojistného plnění 3 000 000 Kč.",
        "While handing over the data the Partner shall be insured with a limit of CZK 3,000,000.",
    )
    found = [e for e in errors(project_copy) if "insurance (money)" in e]
    assert any(
        "data/exit.yaml" in e and "ppp.liability-insurance" in e and "3 000 000 Kč" in e
        for e in found
    ), found
    assert any("data.liability" in e for e in found), found
    result = CliRunner().invoke(app, ["library", "lint"])
    assert result.exit_code == 2, result.output
    assert "insurance (money)" in result.output


def test_lint_fails_on_a_confidentiality_period_written_twice(project_copy: Path) -> None:
    append_paragraph(
        project_copy / "clauses/data/governance.yaml",
        "Povinnost mlčenlivosti koordinátorů trvá 3 roky po skončení Smlouvy.",
        "The duty of confidentiality of the stewards lasts 3 years after the Agreement ends.",
    )
    found = errors(project_copy)
    assert any(
        "confidentiality-period (years)" in e
        and "data.governance ('3 roky')" in e
        and "data.confidentiality ('5 let')" in e
        for e in found
    ), found


def test_a_figure_from_one_named_value_is_not_a_duplicate(project_copy: Path) -> None:
    append_paragraph(
        project_copy / "clauses/ppp/handback.yaml",
        "Záznamy o předání uchovává Partner {{ records_retention_years }} let.",
        "The Partner shall keep the records of the handback for "
        "{{ records_retention_years }} years.",
    )
    assert [e for e in errors(project_copy) if "records-retention" in e] == []


def test_lint_fails_on_two_clauses_covering_one_subject(project_copy: Path) -> None:
    path = project_copy / "clauses/lab/permits-safety.yaml"
    edit_yaml(path, lambda d: d.update(covers=["permits", "insurance"]))
    found = errors(project_copy)
    assert any(
        "contracts/living-lab.yaml" in e
        and "lab.insurance-liability and lab.permits-safety both cover insurance" in e
        for e in found
    ), found
    # Saying which clause it supplements is the way out (the text must then refer to it).
    edit_yaml(path, lambda d: d.update(supplements=["lab.insurance-liability"]))
    assert [e for e in errors(project_copy) if "both cover" in e] == []


def test_lint_fails_on_a_supplement_of_nothing(project_copy: Path) -> None:
    path = project_copy / "clauses/data/exit.yaml"
    edit_yaml(path, lambda d: d.update(supplements=["data.no-such-clause"]))
    found = errors(project_copy)
    assert any("exit.yaml" in e and "'data.no-such-clause'" in e for e in found), found


def test_a_bad_subject_name_is_a_clear_error(project_copy: Path) -> None:
    edit_yaml(project_copy / "clauses/data/exit.yaml", lambda d: d.update(covers=["Data Exit"]))
    found = errors(project_copy)
    assert any("exit.yaml" in e and "'Data Exit' is not a subject" in e for e in found), found


def test_lint_fails_on_a_defined_term_in_lower_case(project_copy: Path) -> None:
    path = project_copy / "clauses/data/access.yaml"
    text = path.read_text(encoding="utf-8")
    assert "3 Pracovní dny předem" in text
    path.write_text(text.replace("3 Pracovní dny předem", "3 pracovní dny předem"), "utf-8")
    found = errors(project_copy)
    assert any(
        "access.yaml" in e and "'pracovní dny'" in e and "'Pracovní den'" in e for e in found
    ), found


def test_a_term_in_a_statute_title_or_in_terms_allowed_is_not_flagged(
    project_copy: Path,
) -> None:
    append_paragraph(
        project_copy / "clauses/data/exit.yaml",
        "Partner postupuje podle zákona č. 340/2015 Sb., o registru smluv. Výkaz práce "
        "předává Obci vždy v pracovních dnech.",
        "The Partner also hands over the records of business days.",
    )
    found = [e for e in errors(project_copy) if "exit.yaml" in e]
    assert any("'pracovních dnech'" in e for e in found), found
    assert not any("registru smluv" in e for e in found), found
    edit_yaml(
        project_copy / "clauses/data/exit.yaml",
        lambda d: d.update(terms_allowed=["pracovních dnech", "business days"]),
    )
    assert [e for e in errors(project_copy) if "exit.yaml" in e] == []


def test_an_anchor_marker_is_not_a_use_of_a_defined_term(project_copy: Path) -> None:
    path = project_copy / "clauses/ppp/authority-step-in.yaml"
    assert "[#step-in] The Municipality may" in path.read_text(encoding="utf-8")
    assert [e for e in errors(project_copy) if "authority-step-in.yaml" in e] == []
    append_paragraph(
        path,
        "Partner poskytne Obci součinnost po celou dobu Zásahu Obce.",
        "The Partner shall cooperate with the Municipality throughout any step-in.",
    )
    found = [e for e in errors(project_copy) if "authority-step-in.yaml" in e]
    assert any("'step-in'" in e and "'Step-In'" in e for e in found), found


def test_lint_fails_on_a_capitalised_term_the_contract_never_defines(project_copy: Path) -> None:
    append_paragraph(
        project_copy / "clauses/mou/costs.yaml",
        "Účastníci nenesou náklady na zpřístupnění Dat Obce.",
        "The participants bear no costs of making the Municipal Data available.",
    )
    found = errors(project_copy)
    assert any(
        "mou/costs.yaml" in e and "'Dat Obce'" in e and "'innovation-mou'" in e for e in found
    ), found
    assert any("mou/costs.yaml" in e and "'Municipal Data'" in e for e in found), found


# ------------------------------------------------------------------ stemming and constants


@pytest.mark.parametrize(
    ("forms", "lang"),
    [
        ("Pracovní den|pracovních dnů|pracovním dnem|pracovní dny|pracovních dnech", "cs"),
        ("Osobní údaje|osobních údajů|osobním údajům|osobními údaji", "cs"),
        ("Data Obce|dat Obce|Datům Obce|Daty Obce", "cs"),
        ("Změna právních předpisů|změnou právních předpisů|změny právních předpisů", "cs"),
        ("Výsledky pilotu|výsledků pilotu|Výsledcích pilotu|výsledkům pilotu", "cs"),
        ("Business Day|business days", "en"),
    ],
)
def test_declined_forms_share_the_stems_of_the_term(forms: str, lang: str) -> None:
    stems = {tuple(stem(w, lang) for w in form.split()) for form in forms.split("|")}
    assert len(stems) == 1, stems


def test_different_words_keep_different_stems() -> None:
    assert stem("smlouva", "cs") != stem("služba", "cs")
    assert stem("den", "cs") != stem("data", "cs")


def test_branches_on_blueprint_constants_are_decided() -> None:
    source = "a{% if ppp %}P{% if x %}X{% endif %}{% else %}D{% endif %}b"
    assert with_constants(source, {"ppp": True}) == "aP{% if x %}X{% endif %}b"
    assert with_constants(source, {"ppp": False}) == "aDb"
    assert with_constants(source, {}) == source


# ----------------------------------------------------------------- the composed contracts


def document_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [" | ".join(c.text for c in row.cells) for row in table.rows]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def street_lighting(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Build the street-lighting PPP with the CLI in both languages; return the .docx texts."""
    folder = tmp_path_factory.mktemp("street-lighting")
    out: dict[str, str] = {}
    for lang in ("cs", "en"):
        target = folder / f"street-lighting-{lang}.docx"
        args = ["build", "ppp-contract", "-a", str(STREET_LIGHTING), "--lang", lang]
        result = CliRunner().invoke(app, [*args, "-o", str(target)])
        assert result.exit_code == 0, result.output
        out[lang] = document_text(target)
    return out


def test_the_street_lighting_ppp_states_one_liability_cap(street_lighting: dict[str, str]) -> None:
    cs, en = street_lighting["cs"], street_lighting["en"]
    # ppp.liability-insurance sets the cap; data.liability no longer sets a second, higher floor
    assert "nesmí být nižší než vyšší z těchto částek" not in cs
    assert "may not be lower than the higher of" not in en
    assert "147 000 000" not in cs and "147,000,000" not in en
    assert len(re.findall(r"je omezena na", cs)) == 1
    assert en.count("liability for harm under the Agreement in any one calendar year") == 1
    assert "se na újmu podle předchozího odstavce nevztahuje" in cs
    assert "does not apply to harm under the preceding paragraph" in en


def test_the_street_lighting_ppp_states_one_insurance_regime(
    street_lighting: dict[str, str],
) -> None:
    cs, en = street_lighting["cs"], street_lighting["en"]
    sums_cs = set(re.findall(r"limitem pojistného plnění (?:nejméně|alespoň) ([\d\s,]+Kč)", cs))
    sums_en = set(re.findall(r"limit of indemnity of at least (CZK\s[\d,.]+\d)", en))
    assert {" ".join(s.split()) for s in sums_cs} == {"30 000 000,00 Kč"}, sums_cs
    assert {" ".join(s.split()) for s in sums_en} == {"CZK 30,000,000.00"}, sums_en
    # one deadline for the evidence of insurance: before performance begins, not "before signing"
    assert "Doklad o pojištění předloží Partner Obci před podpisem" not in cs
    assert "shall submit proof of insurance to the Municipality before signing" not in en
    assert "musí krýt i újmu způsobenou Bezpečnostním incidentem" in cs


def test_the_street_lighting_ppp_has_one_trade_secret_rule(street_lighting: dict[str, str]) -> None:
    en = street_lighting["en"]
    # ppp.transparency-confidentiality sets the rule; the others refer to it
    assert len(re.findall(r"marked in writing and specifically no later than before", en)) == 1
    assert "No later than before signing this Agreement, the Partner shall identify" not in en
    assert "no later than when handing it over to the Municipality" not in en
    assert "before signing the Agreement, identified in writing" not in en
    assert en.count("identified as a trade secret by the procedure under clause") == 1
    assert "The Partner's trade secrets are identified and protected under clause" in en


def test_the_street_lighting_ppp_has_one_assignment_rule(street_lighting: dict[str, str]) -> None:
    cs, en = street_lighting["cs"], street_lighting["en"]
    assert "nebo ji vypovědět" not in cs
    assert "assign any receivables under it or otherwise transfer" not in en
    assert "are governed exclusively by clause" in en
    # the lenders' security assignment stays allowed where assignment is governed, and the
    # payment clause refers to that rule instead of stating a narrower one
    assert "security assignment of the Partner's receivables" in en
    assert "Availability Payment, including by way of security, is governed by clause" in en
    assert "or assign its claims to the Availability Payment to a third party" not in en


def test_the_street_lighting_ppp_terminates_for_corruption_through_the_termination_rules(
    street_lighting: dict[str, str],
) -> None:
    en = street_lighting["en"]
    assert "may terminate this Agreement by notice with effect from the day" not in en
    assert "this is a Partner Default for which the Municipality may withdraw" in en
    assert "the Municipality breaches its obligation under clause" in en
    # a subcontractor objection no longer ends a PPP without the compensation rule
    assert "without any penalty, compensation or other payment to the Partner" not in en


def test_the_street_lighting_ppp_counts_relief_events_once(street_lighting: dict[str, str]) -> None:
    cs, en = street_lighting["cs"], street_lighting["en"]
    assert "Omluvitelné události nebo Vyšší moc podle" not in cs
    assert "Relief Events or Force Majeure under clauses" not in en
    assert "is governed exclusively by clause" in en
    assert "The duration of a Relief Event counts towards the unavailability" in en


def test_the_street_lighting_ppp_keeps_records_for_one_period(
    street_lighting: dict[str, str],
) -> None:
    en = street_lighting["en"]
    # monitoring records (6.5) and project records (7.21) are kept for the same period
    assert "keep the records from it for the whole term of the Agreement and 10 years" in en
    assert "for at least 10 years from the end of the calendar year" in en
    assert "keep the records from it for the whole term of the Agreement and 5 years" not in en


# Phrases that, if two clauses of one contract each state them, contradict or repeat a rule.
ONCE_PER_CONTRACT = {
    "cs": [
        r"limitem pojistného plnění",
        r"písemně a konkrétně označil",
        r"bez předchozího písemného souhlasu Obce postoupit",
        r"Partner není oprávněn postoupit tuto Smlouvu",
    ],
    "en": [
        r"limit of indemnity of at least|indemnity limit of at least",
        r"may not be lower than the higher of|is limited to the higher of",
        r"before signing the Agreement, identified in writing|marked in writing and specifically",
    ],
}


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
@pytest.mark.parametrize("lang", ["cs", "en"])
def test_every_scenario_states_each_rule_once(path: Path, lang: str) -> None:
    draft = pppdraft.build(path.parent.name, load_scenario(path), lang)
    text = draft.plain_text()
    for phrase in ONCE_PER_CONTRACT[lang]:
        assert len(re.findall(phrase, text)) <= 1, (phrase, path.name)
