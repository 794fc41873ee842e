"""The `iban` question type, added as one registry entry (core and app) plus translations."""

from __future__ import annotations

from typing import Any

import pytest

from pppdraft.answers import check_answers, skeleton
from pppdraft.blueprint import Blueprint
from pppdraft.qtypes import TYPES, Invalid, to_iban
from pppdraft.ui.qtypes import UI_TYPES

VALID = [
    ("CZ65 0800 0000 1920 0014 5399", "CZ6508000000192000145399"),  # ČNB's example
    ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
    ("sk31 1200 0000 1987 4263 7541", "SK3112000000198742637541"),
    ("AT61 1904 3002 3457 3201", "AT611904300234573201"),
    ("GB29 NWBK 6016 1331 9268 19", "GB29NWBK60161331926819"),
]


def _blueprint() -> Blueprint:
    q: dict[str, Any] = {
        "id": "partner_iban",
        "type": "iban",
        "required": True,
        "label": {"cs": "IBAN partnera", "en": "Partner's IBAN"},
        "help": {"cs": "Pro platby zahraničnímu partnerovi.", "en": "For payments abroad."},
    }
    return Blueprint.model_validate(
        {
            "id": "probe",
            "version": 1,
            "title": {"cs": "Zkouška", "en": "Probe"},
            "description": {"cs": "Zkouška", "en": "Probe"},
            "template": "contract.docx",
            "languages": ["cs", "en"],
            "sections": [{"id": "s", "title": {"cs": "S", "en": "S"}, "questions": [q]}],
            "articles": [{"id": "a", "title": {"cs": "A", "en": "A"}, "slots": [{"clause": "x"}]}],
        }
    )


@pytest.mark.parametrize(("typed", "stored"), VALID)
def test_a_valid_iban_is_stored_in_its_electronic_form(typed: str, stored: str) -> None:
    assert to_iban(typed) == stored
    answers, problems = check_answers(_blueprint(), {"partner_iban": typed}, "cs")
    assert problems == []
    assert answers is not None and answers.values["partner_iban"] == stored


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("CZ65 0800 0000 1920 0014 5398", "iban"),  # one digit off: mod 97 fails
        ("CZ56 0800 0000 1920 0014 5399", "iban"),  # check digits swapped
        ("CZ65 0800 0000 1920 0014 539", "iban_country"),  # one character short
        ("XX65 0800 0000 1920 0014 5399", "iban_country"),
        ("1234567805/0800", "iban"),  # a Czech account number, not an IBAN
    ],
)
def test_an_invalid_iban_gets_its_reason(typed: str, key: str) -> None:
    with pytest.raises(Invalid) as exc:
        to_iban(typed)
    assert exc.value.key == key


@pytest.mark.parametrize(
    ("lang", "words"), [("cs", "kontrolou modulo 97"), ("en", "the modulo-97 check")]
)
def test_the_message_names_the_fix_in_the_users_language(lang: str, words: str) -> None:
    _answers, problems = check_answers(
        _blueprint(), {"partner_iban": "CZ65 0800 0000 1920 0014 5398"}, lang
    )
    assert [p.field for p in problems] == ["partner_iban"]
    assert words in problems[0].message


def test_the_country_message_names_the_country() -> None:
    _answers, problems = check_answers(_blueprint(), {"partner_iban": "XX6508000000"}, "en")
    assert "XX" in problems[0].message


def test_iban_is_registered_in_the_core_and_the_app() -> None:
    assert "iban" in TYPES and "iban" in UI_TYPES
    assert UI_TYPES["iban"].raw(_blueprint().questions()[0], "DE89 3704", []) == "DE89 3704"
    text = skeleton(_blueprint(), "en")
    assert "(iban)" in text and "partner_iban:" in text
