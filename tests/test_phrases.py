"""Phrase catalogues: one per language, the same keys in each, no silent Czech fallback."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pppdraft.answers import message
from pppdraft.i18n import format_long_date, format_money, format_percent, sort_terms
from pppdraft.models import Text
from pppdraft.phrases import UnsupportedLanguage, catalogue, languages, phrase

ROOT = Path(__file__).resolve().parents[1]


def test_every_catalogue_has_the_same_keys() -> None:
    assert languages() == ("cs", "en")
    assert set(catalogue("cs")) == set(catalogue("en"))


def test_phrases_fill_their_parameters() -> None:
    assert phrase("annex_prefix", "cs", n=2) == "Příloha č. 2"
    assert phrase("annex_prefix", "en", n=2) == "Annex 2"
    assert phrase("role_additional", "cs", n=1) == "Další strana 1"


@pytest.mark.parametrize(
    "call",
    [
        lambda: phrase("notice", "de"),
        lambda: Text(cs="a", en="b").get("de"),
        lambda: format_money(Decimal(1), "de"),
        lambda: format_percent(Decimal(1), "de"),
        lambda: format_long_date(date(2027, 1, 1), "de"),
        lambda: sort_terms(["b", "a"], "de"),
        lambda: message("required", "de"),
    ],
)
def test_a_third_language_fails_loudly(call: object) -> None:
    with pytest.raises(UnsupportedLanguage, match="unsupported language 'de'; use one of cs, en"):
        call()  # type: ignore[operator]


def test_a_third_language_document_is_refused_not_written_in_czech() -> None:
    from testkit import load_scenario, scenario_files

    from pppdraft import build
    from pppdraft.errors import PppDraftError

    raw = load_scenario(scenario_files("data-agreement")[0])
    with pytest.raises(PppDraftError, match="'de'"):
        build("data-agreement", raw, "de")


def test_no_language_branches_in_the_core() -> None:
    """Phrases come from the catalogues; the core does not test `lang == "cs"`."""
    pattern = re.compile(r"""lang\s*(==|!=)\s*["']|["'](cs|en)["']\s*if\s+lang""")
    offenders = []
    for path in (ROOT / "src" / "pppdraft").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if "/ui/" in rel:
            continue
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{rel}:{i}: {line.strip()}")
    assert offenders == []


def test_czech_and_english_money_and_percent() -> None:
    assert format_money(Decimal("1250000"), "cs") == "1\u00a0250\u00a0000,00\u00a0Kč"
    assert format_money(Decimal("1250000"), "en") == "CZK\u00a01,250,000.00"
    assert format_percent(Decimal("99.5"), "cs") == "99,5\u00a0%"
    assert format_percent(Decimal("99.5"), "en") == "99.5%"
