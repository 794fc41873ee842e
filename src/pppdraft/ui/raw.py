"""Raw answers as the questionnaire keeps them: start values, imported files, YAML export.

Raw answers hold what the user typed (numbers as text, dates as ISO text), so an invalid
answer is never lost; the core validates them (`check_answers`) whenever needed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from pppdraft import AnswersError, Blueprint, Question, check_answers, visible_questions
from pppdraft.answers import is_blank  # the core's definitions
from pppdraft.answersfile import (
    TEXT_META,
    dump_metadata,
    is_meta,
    split_answers,
    version_notes,
)
from pppdraft.expressions import names_in
from pppdraft.input_limits import check_answer_limits
from pppdraft.phrases import phrase
from pppdraft.qtypes import spec_of
from pppdraft.yamlio import parse_yaml

from .qtypes import ui_type


def to_raw(q: Question, value: Any, notes: list[str] | None = None) -> Any:
    """Return `value` in the form the question's widget keeps (text for typed fields)."""
    notes = notes if notes is not None else []
    if value is None:
        return spec_of(q.type).empty()
    return ui_type(q.type).raw(q, value, notes)


def initial_answers(bp: Blueprint) -> dict[str, Any]:
    """Return the raw answers a new draft starts with: every default, switches off."""
    raw: dict[str, Any] = {}
    for q in bp.questions():
        if q.default is not None:
            raw[q.id] = to_raw(q, q.default)
        else:
            start = ui_type(q.type).start()
            if start is not None:
                raw[q.id] = start
    return raw


@dataclass
class Imported:
    """An answers file turned into raw answers, and what had to be left out."""

    answers: dict[str, Any]
    unknown: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    choices: dict[str, str] = field(default_factory=dict)  # the file's outline choices
    metadata: dict[str, Any] = field(default_factory=dict)  # the file's `_` keys as read


def import_answers(bp: Blueprint, text: str, name: str, lang: str = "en") -> Imported:
    """Return raw answers from an answers YAML; AnswersError when it cannot be read.

    The file's metadata is honoured: a file for another contract type is refused, a file
    from an older questionnaire gets notes on what changed, `_choices` come back as the
    draft's outline choices, and `_title`/`_description` stay in the raw answers (exported
    again unchanged).
    """
    data = parse_yaml(text, name, AnswersError)
    check_answer_limits(data, name, AnswersError)
    meta = split_answers(data, name)
    if meta.contract_type and meta.contract_type != bp.id:
        wrong = phrase("wrong_type", lang, file_type=meta.contract_type, contract_type=bp.id)
        raise AnswersError(f"{name}: {wrong}")
    known = {q.id: q for q in bp.questions()}
    result = Imported(answers=initial_answers(bp), choices=meta.choices)
    result.metadata = {str(k): v for k, v in data.items() if is_meta(k)}
    result.notes += version_notes(bp, meta.blueprint_version, lang)
    result.answers.update(meta.texts)
    for key, value in meta.answers.items():
        q = known.get(str(key))
        if q is None:
            result.unknown.append(str(key))
            continue
        result.answers[q.id] = to_raw(q, value, result.notes)
    return result


_VISIBLE: dict[tuple[str, str], tuple[Blueprint, frozenset[str]]] = {}


def visible(bp: Blueprint, raw: Mapping[str, Any]) -> set[str]:
    """Return the ids of the questions `show_if` shows for these answers.

    A page asks this for every question it draws; the answer depends only on the answers the
    `show_if` conditions read, so it is computed once per distinct set of those answers.
    """
    read = sorted({n for q in bp.questions() if q.show_if for n in names_in(q.show_if)})
    # hashed: module globals are shared by all sessions and must hold no one's answers
    seen = repr([raw.get(n, _UNSET) for n in read]).encode("utf-8")
    key = (bp.id, hashlib.sha256(seen).hexdigest())
    found = _VISIBLE.get(key)
    if found is None or found[0] is not bp:  # a changed blueprint file is a new object
        if len(_VISIBLE) >= 256:
            _VISIBLE.clear()
        found = _VISIBLE[key] = (bp, frozenset(visible_questions(bp, raw)))
    return set(found[1])


class _Unset:
    """A missing answer in a cache key (its repr cannot be confused with a typed string)."""

    def __repr__(self) -> str:
        return "<unset>"


_UNSET = _Unset()


def effective(bp: Blueprint, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Return the answers that count: those of shown questions (hidden ones are kept aside)."""
    shown = visible(bp, raw)
    out: dict[str, Any] = {}
    for q in bp.questions():
        if q.id in shown and q.id in raw:
            value = raw[q.id]
            if (
                spec_of(q.type).composite == "party"
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


def export_yaml(
    bp: Blueprint, raw: Mapping[str, Any], lang: str, choices: Mapping[str, str] | None = None
) -> str:
    """Return the answers as an answers file the CLI accepts (typed values when valid).

    The file is the whole truth: contract type, questionnaire version and outline choices
    are recorded as data, so `pppdraft build --answers FILE` rebuilds the same contract.
    """
    answers, problems = check_answers(bp, effective(bp, raw), lang)
    shown = visible(bp, raw)
    out: dict[str, Any] = {}
    for q in bp.questions():
        if q.id not in shown:
            continue
        value = answers.values.get(q.id) if answers else raw.get(q.id)
        if isinstance(value, str) and not spec_of(q.type).multiline:
            value = value.strip()
        if is_blank(value) or (isinstance(value, Mapping) and not any(value.values())):
            continue
        out[q.id] = _plain(value)
    texts = {k: v for k, v in raw.items() if k in TEXT_META and isinstance(v, Mapping)}
    head = [f"# {bp.title.get(lang)} ({bp.id}) — pppdraft answers"]
    head.append(f"# pppdraft build --answers THIS_FILE --lang {lang}")
    if problems:
        head.append(f"# {phrase('incomplete', lang)}")
        head += [f"#   - {p}" for p in problems]
    meta = dump_metadata(bp, choices, texts)
    body = yaml.dump(out, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(head) + "\n\n" + meta + "\n" + (body if out else "")
