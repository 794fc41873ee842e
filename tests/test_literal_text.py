"""Everything a user types comes out literally in the document, whatever it contains."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from testkit import SCENARIOS, load_scenario

import pppdraft
from pppdraft.qtypes import clean_text

BASE = load_scenario(SCENARIOS / "data-agreement" / "parking-sensors.yaml")
NASTY = [
    "<b>bold</b> & <script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% if true %}yes{% endif %}",
    "{{p body }} {%p if x %} {%tr for r in rows %} {{r rich }}",
    "{_{ 7*7 }_} {_% x %_}",
    "\"double\" 'single' „české“ »guillemets«",
    "emoji 🚲🅿️👩‍⚖️ and ñ ü ß ř ž",
    "**not bold** - not a point",
    "\ue000 0\ue001 \ue002x\ue003",
    "a\tb",
]
TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11"
        "\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f\ufffe\uffff\r",
    ),
    min_size=1,
    max_size=300,
).filter(lambda s: s.strip() != "")


def document_text(raw: dict[str, Any], tmp: Path) -> str:
    draft = pppdraft.build("data-agreement", raw, "cs")
    path = tmp / "literal.docx"
    pppdraft.render_docx(draft).save(path)
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [c.text for row in table.rows for c in row.cells]
    return "\n".join(parts)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=TEXT, description=TEXT)
@example(name=NASTY[0], description="\n".join(NASTY))
@example(name=NASTY[1], description="x" * 5000)
@example(name=NASTY[4], description=NASTY[3])
def test_prints_any_text_answer_literally(tmp_path: Path, name: str, description: str) -> None:
    raw = deepcopy(BASE)
    raw["project_name"] = name
    raw["service_description"] = description
    raw["partner"] = dict(raw["partner"], name=name, representative=description[:200])
    text = document_text(raw, tmp_path)
    single_line = " ".join(clean_text(name).split("\n"))
    assert single_line in text
    assert clean_text(description) in text
    assert " ".join(clean_text(description[:200]).split("\n")) in text


@pytest.mark.parametrize("payload", NASTY)
def test_keeps_each_nasty_payload(tmp_path: Path, payload: str) -> None:
    raw = deepcopy(BASE)
    raw["resolution_number"] = payload
    raw["datasets"] = payload + "\nsecond line " + payload
    text = document_text(raw, tmp_path)
    assert payload in text
    assert "second line " + payload in text
    assert "49" not in payload or "49" in text


def test_keeps_5000_characters(tmp_path: Path) -> None:
    raw = deepcopy(BASE)
    long = ("Obec & <Partner> {{ x }} " * 250)[:5000]
    raw["service_description"] = long
    assert long in document_text(raw, tmp_path)
