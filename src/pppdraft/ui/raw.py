"""Raw answers as the questionnaire keeps them: start values, imported files, YAML export.

Raw answers hold what the user typed (numbers as text, dates as ISO text), so an invalid
answer is never lost; the core validates them (`check_answers`) whenever needed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import yaml

from pppdraft import AnswersError, Blueprint, Question, check_answers, visible_questions
from pppdraft.answers import PARTY_FIELDS, is_blank, split_metadata  # the core's definitions
from pppdraft.yamlio import parse_yaml

NUMBER_TYPES = ("integer", "decimal", "percent", "money")
TEXT_TYPES = ("text", "longtext", "ico", "dic", "bank_account", "email")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _party(value: Any, notes: list[str], where: str) -> dict[str, str]:
    if not isinstance(value, Mapping):
        notes.append(f"{where}: not a party (a mapping of {', '.join(PARTY_FIELDS)}); left empty")
        return {}
    extra = [str(k) for k in value if k not in PARTY_FIELDS]
    if extra:
        notes.append(f"{where}: unknown field(s) {', '.join(extra)} left out")
    out: dict[str, str] = {}
    for key in PARTY_FIELDS:
        raw = value.get(key)
        if raw is None:
            continue
        text = _text(raw)
        if key == "ico" and isinstance(raw, int) and not isinstance(raw, bool):
            text = text.zfill(8)
        out[key] = text
    return out


def to_raw(q: Question, value: Any, notes: list[str] | None = None) -> Any:
    """Return `value` in the form the question's widget keeps (text for typed fields)."""
    notes = notes if notes is not None else []
    if value is None:
        return [] if q.type in ("parties", "multichoice") else None
    t = q.type
    if t == "boolean":
        if isinstance(value, bool):
            return value
        low = _text(value).strip().lower()
        if low in ("true", "yes", "ano", "1"):
            return True
        if low in ("false", "no", "ne", "0"):
            return False
        return _text(value)
    if t == "multichoice":
        items = value if isinstance(value, list) else [value]
        return [_text(v) for v in items]
    if t == "party":
        return _party(value, notes, q.id)
    if t == "parties":
        if not isinstance(value, list):
            notes.append(f"{q.id}: not a list of parties; left empty")
            return []
        return [_party(v, notes, f"{q.id}[{i}]") for i, v in enumerate(value, start=1)]
    if t == "ico" and isinstance(value, int) and not isinstance(value, bool):
        return str(value).zfill(8)
    if t in NUMBER_TYPES and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _text(value)


def initial_answers(bp: Blueprint) -> dict[str, Any]:
    """Return the raw answers a new draft starts with: every default, switches off."""
    raw: dict[str, Any] = {}
    for q in bp.questions():
        if q.default is not None:
            raw[q.id] = to_raw(q, q.default)
        elif q.type == "boolean":
            raw[q.id] = False
        elif q.type in ("parties", "multichoice"):
            raw[q.id] = []
        elif q.type == "party":
            raw[q.id] = {}
    return raw


@dataclass
class Imported:
    """An answers file turned into raw answers, and what had to be left out."""

    answers: dict[str, Any]
    unknown: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


def import_answers(bp: Blueprint, text: str, name: str) -> Imported:
    """Return raw answers from an answers YAML; AnswersError when it cannot be read."""
    data = parse_yaml(text, name, AnswersError)
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise AnswersError(f"{name}: an answers file is a mapping 'question: value'")
    known = {q.id: q for q in bp.questions()}
    data, metadata = split_metadata(data)
    result = Imported(answers=initial_answers(bp), metadata=metadata)
    for key, value in data.items():
        q = known.get(str(key))
        if q is None:
            result.unknown.append(str(key))
            continue
        result.answers[q.id] = to_raw(q, value, result.notes)
    return result


def visible(bp: Blueprint, raw: Mapping[str, Any]) -> set[str]:
    """Return the ids of the questions `show_if` shows for these answers."""
    return set(visible_questions(bp, raw))


def effective(bp: Blueprint, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Return the answers that count: those of shown questions (hidden ones are kept aside)."""
    shown = visible(bp, raw)
    out: dict[str, Any] = {}
    for q in bp.questions():
        if q.id in shown and q.id in raw:
            value = raw[q.id]
            if (
                q.type == "party"
                and isinstance(value, Mapping)
                and all(map(is_blank, value.values()))
            ):
                value = None  # an untouched party is unanswered, not a party with blank fields
            out[q.id] = value
    return out


def field_root(path: str) -> str:
    """Return the question id of a problem's field path (`partner.ico` → `partner`)."""
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items() if not is_blank(v)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class _Dumper(yaml.SafeDumper):
    """Safe dumper writing multi-line text as literal blocks, as people write answers."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def export_yaml(bp: Blueprint, raw: Mapping[str, Any], lang: str) -> str:
    """Return the answers as an answers file the CLI accepts (typed values when valid)."""
    answers, problems = check_answers(bp, effective(bp, raw), lang)
    shown = visible(bp, raw)
    out: dict[str, Any] = {}
    for q in bp.questions():
        if q.id not in shown:
            continue
        value = answers.values.get(q.id) if answers else raw.get(q.id)
        if isinstance(value, str) and q.type != "longtext":
            value = value.strip()
        if is_blank(value) or (isinstance(value, Mapping) and not any(value.values())):
            continue
        out[q.id] = _plain(value)
    head = [f"# {bp.title.get(lang)} ({bp.id}) — pppdraft answers"]
    head.append(f"# pppdraft build {bp.id} --answers THIS_FILE --lang {lang}")
    if problems:
        head.append("# Not complete yet:" if lang == "en" else "# Zatím neúplné:")
        head += [f"#   - {p}" for p in problems]
    body = yaml.dump(out, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(head) + "\n\n" + (body if out else "")
