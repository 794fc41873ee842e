"""The question-type registry: one entry per type, used by the core and the app alike."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pppdraft.answers import check_answers, skeleton
from pppdraft.blueprint import Blueprint, Question
from pppdraft.qtypes import TYPES, Invalid, spec_of, type_messages
from pppdraft.ui.qtypes import UI_TYPES

ROOT = Path(__file__).resolve().parents[1]


def _question(type_name: str, **extra: Any) -> dict[str, Any]:
    q: dict[str, Any] = {
        "id": "answer",
        "type": type_name,
        "label": {"cs": "Odpověď", "en": "Answer"},
        "help": {"cs": "Nápověda", "en": "Help"},
        **extra,
    }
    if TYPES[type_name].options:
        q["options"] = [
            {"value": v, "label": {"cs": v, "en": v}}
            for v in ("municipality", "energy", "mobility")
        ]
    return q


def _blueprint(question: dict[str, Any]) -> Blueprint:
    return Blueprint.model_validate(
        {
            "id": "probe",
            "version": 1,
            "title": {"cs": "Zkouška", "en": "Probe"},
            "description": {"cs": "Zkouška", "en": "Probe"},
            "template": "contract.docx",
            "languages": ["cs", "en"],
            "sections": [
                {"id": "s", "title": {"cs": "Oddíl", "en": "Section"}, "questions": [question]}
            ],
            "articles": [
                {"id": "a", "title": {"cs": "Článek", "en": "Article"}, "slots": [{"clause": "x"}]}
            ],
        }
    )


def test_every_core_type_has_an_app_entry_and_no_more() -> None:
    assert set(UI_TYPES) == set(TYPES)


@pytest.mark.parametrize("type_name", list(TYPES))
def test_every_type_example_is_a_valid_answer(type_name: str) -> None:
    bp = _blueprint(_question(type_name))
    answers, problems = check_answers(bp, {"answer": TYPES[type_name].example}, "en")
    assert problems == []
    assert answers is not None


@pytest.mark.parametrize("type_name", list(TYPES))
@pytest.mark.parametrize("lang", ["cs", "en"])
def test_every_type_message_exists_in_both_languages(type_name: str, lang: str) -> None:
    for texts in TYPES[type_name].messages.values():
        assert texts[lang].strip()
    assert TYPES[type_name].form[lang].strip()


def test_message_keys_are_unique_across_types() -> None:
    keys = type_messages()
    assert {"integer", "money", "ico", "min", "max"} <= set(keys)


@pytest.mark.parametrize("type_name", [t for t, s in TYPES.items() if not s.composite])
def test_a_wrong_value_gets_the_types_own_message(type_name: str) -> None:
    bp = _blueprint(_question(type_name))
    _answers, problems = check_answers(bp, {"answer": {"not": "a value"}}, "cs")
    assert len(problems) == 1
    assert problems[0].field == "answer"
    assert problems[0].message  # a Czech sentence from the registry, not a traceback


def test_skeleton_of_every_type_parses_and_names_the_type() -> None:
    for type_name in TYPES:
        text = skeleton(_blueprint(_question(type_name)), "en")
        assert f"({type_name})" in text
        data = yaml.safe_load(text)
        assert "answer" in data
        assert data["answer"] == TYPES[type_name].skeleton(None)


def test_an_unknown_type_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown type 'postcode'; use one of text"):
        Question.model_validate(_question("text") | {"type": "postcode"})
    with pytest.raises(KeyError, match="known types"):
        spec_of("postcode")


def test_options_only_for_types_that_take_them() -> None:
    with pytest.raises(ValueError, match="cannot have 'options'"):
        Question.model_validate(_question("choice") | {"type": "text"})
    with pytest.raises(ValueError, match="needs 'options'"):
        Question.model_validate(_question("text") | {"type": "choice"})


def test_converters_raise_invalid_with_a_message_key() -> None:
    q = Question.model_validate(_question("integer") | {"min": 1, "max": 30})
    with pytest.raises(Invalid) as exc:
        TYPES["integer"].convert(q, 31)
    assert exc.value.key == "max"
    assert TYPES["integer"].convert(q, "12") == 12


def test_no_type_dispatch_outside_the_registries() -> None:
    """Type names are compared only in the two registries (and nowhere by if-chains)."""
    pattern = re.compile(r"\.type\s*(==|!=|in)\s*[\(\"\[]")
    offenders = []
    for path in (ROOT / "src" / "pppdraft").rglob("*.py"):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{i}: {line.strip()}")
    assert offenders == []


def test_pppdraft_types_lists_every_type_with_a_valid_example() -> None:
    import json

    from typer.testing import CliRunner

    from pppdraft.cli import app

    result = CliRunner().invoke(app, ["types", "--lang", "en"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    names = [line.split()[0] for line in lines if line and not line.startswith(" ")]
    assert names == list(TYPES)
    examples = [line.split("e.g. ", 1)[1] for line in lines if line.startswith(" ")]
    for name, example in zip(names, examples, strict=True):
        assert json.loads(example) == json.loads(json.dumps(TYPES[name].example, default=str))
    assert '"00262978"' in result.output  # quoted: an IČO keeps its leading zero
