"""Answers are validated against the blueprint, with every problem named in the user's language."""

from __future__ import annotations

from copy import deepcopy
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pppdraft
from pppdraft.qtypes import bank_account_is_valid, ico_is_valid


def ico_with_check(seven: str) -> str:
    s = sum(int(d) * w for d, w in zip(seven, range(8, 1, -1), strict=True)) % 11
    return seven + str(1 if s == 0 else 0 if s == 1 else 11 - s)


class TestIco:
    @pytest.mark.parametrize("ico", ["00064581", "27082440", "00262978", "25596641"])
    def test_accepts_real_icos(self, ico: str) -> None:
        assert ico_is_valid(ico)

    @pytest.mark.parametrize("ico", ["00064582", "2708244", "270824400", "ABCDEFGH", ""])
    def test_refuses_bad_icos(self, ico: str) -> None:
        assert not ico_is_valid(ico)

    @given(st.text(alphabet="0123456789", min_size=7, max_size=7))
    def test_accepts_exactly_the_computed_check_digit(self, seven: str) -> None:
        good = ico_with_check(seven)
        assert ico_is_valid(good)
        for digit in "0123456789":
            if digit != good[7]:
                assert not ico_is_valid(seven + digit)


class TestBankAccount:
    @pytest.mark.parametrize(
        "account", ["19-2000145399/0800", "2754019831/2010", "000019-2000145399/0800"]
    )
    def test_accepts_valid_accounts(self, account: str) -> None:
        assert bank_account_is_valid(account)

    @pytest.mark.parametrize(
        "account", ["19-2000145398/0800", "2000145399/08", "12/0800x", "0/0100", "abc"]
    )
    def test_refuses_invalid_accounts(self, account: str) -> None:
        assert not bank_account_is_valid(account)


class TestValidation:
    def test_accepts_every_scenario(self, data_blueprint: Any) -> None:
        from testkit import load_scenario, scenario_files

        for path in scenario_files("data-agreement"):
            answers, problems = pppdraft.check_answers(data_blueprint, load_scenario(path))
            assert problems == [], (path, problems)
            assert answers is not None

    def test_types_the_values(self, data_blueprint: Any, parking: dict[str, Any]) -> None:
        answers = pppdraft.validate_answers(data_blueprint, parking)
        assert answers.values["start_date"] == date(2027, 1, 1)
        assert isinstance(answers.values["contract_value"], Decimal)
        assert answers.values["municipality"]["ico"] == parking["municipality"]["ico"]
        assert answers.computed["parties_count"] == 2 + len(parking["additional_parties"])

    def test_names_every_bad_field_at_once(
        self, data_blueprint: Any, parking: dict[str, Any]
    ) -> None:
        raw = deepcopy(parking)
        raw["colour_of_contract"] = "blue"  # unknown key
        raw["term_years"] = "ten"  # wrong type
        raw["municipality"]["ico"] = "00064582"  # bad check digit
        del raw["project_name"]  # missing required
        raw["partner"]["bank_account"] = "19-2000145398/0800"
        with pytest.raises(pppdraft.AnswersError) as info:
            pppdraft.validate_answers(data_blueprint, raw, "en")
        fields = {p.field for p in info.value.problems}
        assert fields == {
            "colour_of_contract",
            "term_years",
            "municipality.ico",
            "project_name",
            "partner.bank_account",
        }
        text = str(info.value)
        assert "Term (years)" in text and "whole number" in text
        assert "check digit" in text

    def test_speaks_czech_to_czech_users(
        self, data_blueprint: Any, parking: dict[str, Any]
    ) -> None:
        raw = deepcopy(parking)
        raw["term_years"] = 99
        with pytest.raises(pppdraft.AnswersError) as info:
            pppdraft.validate_answers(data_blueprint, raw, "cs")
        assert "Doba trvání (roky)" in str(info.value)
        assert "největší povolená hodnota je 35" in str(info.value)

    def test_suggests_the_question_meant(
        self, data_blueprint: Any, parking: dict[str, Any]
    ) -> None:
        raw = deepcopy(parking)
        raw["term_year"] = raw.pop("term_years")
        with pytest.raises(pppdraft.AnswersError) as info:
            pppdraft.validate_answers(data_blueprint, raw, "en")
        assert "did you mean 'term_years'" in str(info.value)

    def test_requires_hidden_questions_only_when_shown(
        self, data_blueprint: Any, parking: dict[str, Any]
    ) -> None:
        raw = deepcopy(parking)
        raw["compensation_model"] = "free"
        raw.pop("cost_cap", None)
        answers = pppdraft.validate_answers(data_blueprint, raw)
        assert "cost_cap" in answers.hidden
        raw["compensation_model"] = "cost-based"
        with pytest.raises(pppdraft.AnswersError) as info:
            pppdraft.validate_answers(data_blueprint, raw, "en")
        assert [p.field for p in info.value.problems] == ["cost_cap"]

    def test_applies_show_if_to_partial_answers(self, data_blueprint: Any) -> None:
        shown = pppdraft.visible_questions(data_blueprint, {"personal_data": True})
        assert "personal_data_role" in shown
        hidden = pppdraft.visible_questions(data_blueprint, {"personal_data": False})
        assert "personal_data_role" not in hidden

    @pytest.mark.parametrize(
        ("value", "expected"),
        [("1 250 000", Decimal("1250000")), ("1250000,50", Decimal("1250000.50")), (0, Decimal(0))],
    )
    def test_reads_money_as_officials_write_it(
        self, data_blueprint: Any, parking: dict[str, Any], value: Any, expected: Decimal
    ) -> None:
        raw = deepcopy(parking)
        raw["contract_value"] = value
        assert pppdraft.validate_answers(data_blueprint, raw).values["contract_value"] == expected

    def test_refuses_fractions_of_hellers(
        self, data_blueprint: Any, parking: dict[str, Any]
    ) -> None:
        raw = deepcopy(parking)
        raw["contract_value"] = "100.005"
        with pytest.raises(pppdraft.AnswersError, match="contract_value"):
            pppdraft.validate_answers(data_blueprint, raw, "en")

    def test_strips_control_characters(self, data_blueprint: Any, parking: dict[str, Any]) -> None:
        raw = deepcopy(parking)
        raw["project_name"] = "Chytré\x07 parkování\x0b\x0c v\r\ncentru"
        answers = pppdraft.validate_answers(data_blueprint, raw)
        assert answers.values["project_name"] == "Chytré parkování v centru"

    def test_refuses_answers_that_are_not_a_mapping(self, data_blueprint: Any) -> None:
        with pytest.raises(pppdraft.AnswersError, match="mapping"):
            pppdraft.validate_answers(data_blueprint, ["a", "list"], "en")


def test_prints_a_skeleton_that_reads_back(data_blueprint: Any) -> None:
    import yaml

    text = pppdraft.skeleton(data_blueprint, "cs")
    data = yaml.safe_load(text)
    assert set(data) == {q.id for q in data_blueprint.questions()} | {
        "_contract_type",
        "_blueprint_version",
        "_choices",
    }
    assert data["_contract_type"] == "data-agreement"
    assert data["_blueprint_version"] == data_blueprint.version
    _answers, problems = pppdraft.check_answers(data_blueprint, data, "cs")
    assert all(p.field != "(answers)" for p in problems)
