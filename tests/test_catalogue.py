"""The question catalogue: shared questions defined once, blueprints use them by id."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from pppdraft.blueprint import (
    CATALOGUE_FILE,
    OVERRIDABLE,
    blueprint_files,
    list_blueprints,
    load_blueprint,
    load_catalogue,
)
from pppdraft.errors import BlueprintError

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = ROOT / "contracts"


def _entries(path: Path) -> list[dict[str, object]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [q for s in data["sections"] for q in s["questions"]]


@pytest.fixture
def contracts(tmp_path: Path) -> Path:
    folder = tmp_path / "contracts"
    shutil.copytree(CONTRACTS, folder)
    return folder


def test_every_question_asked_by_two_blueprints_comes_from_the_catalogue() -> None:
    inline = Counter(
        str(q["id"]) for path in blueprint_files(CONTRACTS) for q in _entries(path) if "id" in q
    )
    copied = sorted(qid for qid, n in inline.items() if n > 1)
    assert copied == [], f"move these to contracts/{CATALOGUE_FILE}: {copied}"


def test_every_catalogue_question_is_used_and_resolves_to_the_shared_definition() -> None:
    catalogue = load_catalogue(CONTRACTS)
    assert len(catalogue) >= 35
    used: set[str] = set()
    for path in blueprint_files(CONTRACTS):
        bp = load_blueprint(path.stem)
        for entry in _entries(path):
            if "use" not in entry:
                continue
            qid = str(entry["use"])
            used.add(qid)
            q = bp.question(qid)
            shared = catalogue[qid]
            assert q.type == shared["type"]
            for key in ("options", "min", "max", "max_length", "pattern"):
                if key in shared:
                    assert getattr(q, key) is not None
            if "label" not in entry:
                assert q.label.model_dump() == shared["label"]
    assert used == set(catalogue)


def test_data_ownership_options_are_defined_once() -> None:
    options = {
        tuple((o.value, o.label.cs) for o in bp.question("data_ownership_model").options)
        for bp in list_blueprints()
        if "data_ownership_model" in {q.id for q in bp.questions()}
    }
    assert len(options) == 1


def test_a_blueprint_copying_a_catalogue_question_is_refused(contracts: Path) -> None:
    path = contracts / "data-agreement.yaml"
    text = path.read_text(encoding="utf-8")
    copy = (
        "      - id: signing_place\n        type: text\n        required: true\n"
        "        label: {cs: Místo podpisu, en: Place of signing}\n"
        "        help: {cs: Obec, en: Town}\n"
    )
    assert "      - use: signing_place\n" in text
    path.write_text(text.replace("      - use: signing_place\n", copy, 1), encoding="utf-8")
    with pytest.raises(
        BlueprintError, match=r"'signing_place' is a shared question .* use: signing_place"
    ):
        load_blueprint("data-agreement", contracts)


def test_an_override_of_anything_but_label_help_default_show_if_required_is_refused(
    contracts: Path,
) -> None:
    path = contracts / "data-agreement.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("      - use: term_years\n", "      - use: term_years\n        max: 99\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(BlueprintError, match="may override only label, help, default"):
        load_blueprint("data-agreement", contracts)
    assert OVERRIDABLE == ("label", "help", "default", "show_if", "required")


def test_an_unknown_shared_question_names_the_catalogue_and_a_close_id(contracts: Path) -> None:
    path = contracts / "data-agreement.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("- use: signing_place", "- use: signing_plac", 1), encoding="utf-8"
    )
    with pytest.raises(
        BlueprintError,
        match=r"_questions.yaml has no question 'signing_plac' \(did you mean 'signing_place'\?\)",
    ):
        load_blueprint("data-agreement", contracts)


def test_an_override_changes_only_that_blueprint(contracts: Path) -> None:
    path = contracts / "data-agreement.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "      - use: signing_place\n",
            "      - use: signing_place\n        default: Kamenice\n",
            1,
        ),
        encoding="utf-8",
    )
    assert (
        load_blueprint("data-agreement", contracts).question("signing_place").default == "Kamenice"
    )
    assert load_blueprint("ppp-contract", contracts).question("signing_place").default is None


def test_a_change_in_the_catalogue_reaches_every_blueprint(contracts: Path) -> None:
    before = {bp.id: bp.question("signing_place").help.cs for bp in list_blueprints(contracts)}
    catalogue = contracts / CATALOGUE_FILE
    data = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
    data["signing_place"]["help"]["cs"] = "Obec podpisu v 1. pádě."
    catalogue.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    after = {bp.id: bp.question("signing_place").help.cs for bp in list_blueprints(contracts)}
    assert set(after) == set(before)
    assert set(after.values()) == {"Obec podpisu v 1. pádě."}


def test_a_broken_catalogue_entry_names_the_file_and_the_question(contracts: Path) -> None:
    catalogue = contracts / CATALOGUE_FILE
    data = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
    data["exit_days"]["type"] = "days"
    catalogue.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(BlueprintError, match=r"_questions.yaml \(exit_days\).*unknown type 'days'"):
        load_catalogue(contracts)


def test_the_catalogue_is_not_a_contract_type() -> None:
    assert "_questions" not in {bp.id for bp in list_blueprints()}
    with pytest.raises(BlueprintError, match="not a contract type id"):
        load_blueprint("_questions")


def test_every_blueprint_version_says_what_changed() -> None:
    for bp in list_blueprints():
        assert sorted(bp.changes) == list(range(2, bp.version + 1))


def test_lint_names_a_question_two_blueprints_define_inline(contracts: Path) -> None:
    from pppdraft.lint import lint

    question = (
        "      - id: project_budget\n        type: money\n"
        "        label: {cs: Rozpočet, en: Budget}\n        help: {cs: Kč, en: CZK}\n"
    )
    for name in ("data-agreement.yaml", "living-lab.yaml"):
        path = contracts / name
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace(
                "      - use: signing_place\n", "      - use: signing_place\n" + question, 1
            ),
            encoding="utf-8",
        )
    errors = [f.message for f in lint(contracts_path=contracts) if f.level == "error"]
    assert (
        "question 'project_budget' is defined in data-agreement.yaml, living-lab.yaml; define "
        "it once in _questions.yaml and write `- use: project_budget` in each blueprint"
    ) in errors


def test_lint_warns_of_an_unused_shared_question_and_a_check_that_applies_nowhere(
    contracts: Path,
) -> None:
    from pppdraft.lint import lint

    catalogue = contracts / CATALOGUE_FILE
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8")
        + "\nfleet_size:\n  type: integer\n  label: {cs: Vozidla, en: Vehicles}\n"
        "  help: {cs: Počet, en: Count}\n",
        encoding="utf-8",
    )
    checks = contracts / "_checks.yaml"
    checks.write_text(
        checks.read_text(encoding="utf-8") + "\n- id: fleet-too-big\n  when: fleet_size > 100\n"
        "  message: {cs: Mnoho vozidel, en: Many vehicles}\n",
        encoding="utf-8",
    )
    warnings = [f.message for f in lint(contracts_path=contracts) if f.level == "warning"]
    assert "no blueprint uses question 'fleet_size'" in warnings
    assert any("check 'fleet-too-big' applies to no contract type" in w for w in warnings)


def test_the_library_lint_is_clean_for_the_catalogue() -> None:
    from pppdraft.lint import lint

    assert [f for f in lint() if "_questions" in f.where or "_checks" in f.where] == []
