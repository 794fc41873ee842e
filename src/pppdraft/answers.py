"""Answers: validation of a user's answers against a blueprint, in the user's language."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .answersfile import AnswersFile, dump_metadata, is_meta, split_answers, version_notes
from .blueprint import Blueprint, Question
from .errors import AnswersError, Bounded, ExpressionError, FieldProblem
from .expressions import evaluate, names_in
from .phrases import phrase, pick
from .qtypes import (
    PARTY_FIELDS,
    PARTY_REQUIRED,
    Invalid,
    convert_party_field,
    spec_of,
    type_messages,
)

GENERAL_MESSAGES: dict[str, dict[str, str]] = {
    "required": {
        "cs": "toto pole je povinné; vyplňte je",
        "en": "this field is required; fill it in",
    },
    "unknown": {
        "cs": "neznámá otázka {value!r}; odstraňte ji{hint}",
        "en": "unknown question {value!r}; remove it{hint}",
    },
    "not_mapping": {
        "cs": "odpovědi musí být mapa „otázka: hodnota“",
        "en": "answers must be a mapping 'question: value'",
    },
}
MESSAGES: dict[str, Mapping[str, str]] = {**GENERAL_MESSAGES, **type_messages()}


def message(key: str, lang: str, **params: Any) -> str:
    """Return a validation message in `lang` (an unknown language raises)."""
    bounded = {k: Bounded(v) if k == "value" else v for k, v in params.items()}
    return pick(MESSAGES[key], lang).format(**bounded)


def is_blank(value: Any) -> bool:
    """Return True for an unanswered value (None, blank text, empty list)."""
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _party(
    value: Any, path: str, label: str, lang: str, problems: list[FieldProblem]
) -> dict[str, Any] | None:
    fields = ", ".join(PARTY_FIELDS)
    if not isinstance(value, Mapping):
        problems.append(FieldProblem(path, label, message("party", lang, fields=fields)))
        return None
    out: dict[str, Any] = dict.fromkeys(PARTY_FIELDS)
    ok = True
    for key in value:
        if key not in PARTY_FIELDS:
            problems.append(
                FieldProblem(
                    f"{path}.{key}", label, message("party_unknown", lang, value=key, fields=fields)
                )
            )
            ok = False
    for key in PARTY_FIELDS:
        raw = value.get(key)
        sub_label = f"{label} – {phrase('party_' + key, lang)}"
        if is_blank(raw):
            if key in PARTY_REQUIRED:
                problems.append(FieldProblem(f"{path}.{key}", sub_label, message("required", lang)))
                ok = False
            continue
        try:
            out[key] = convert_party_field(key, raw)
        except Invalid as exc:
            problems.append(
                FieldProblem(f"{path}.{key}", sub_label, message(exc.key, lang, **exc.params))
            )
            ok = False
    return out if ok else None


def _parties(
    value: Any, path: str, label: str, lang: str, problems: list[FieldProblem]
) -> tuple[list[dict[str, Any]], bool]:
    if not isinstance(value, list):
        problems.append(FieldProblem(path, label, message("parties", lang)))
        return [], False
    items: list[dict[str, Any]] = []
    ok = True
    for i, item in enumerate(value, start=1):
        p = _party(item, f"{path}[{i}]", f"{label} {i}", lang, problems)
        if p is None:
            ok = False
        else:
            items.append(p)
    return items, ok


def convert_value(q: Question, value: Any) -> Any:
    """Return `value` converted by the question's type; qtypes.Invalid when it does not fit."""
    return spec_of(q.type).convert(q, value)


class Answers(BaseModel):
    """Validated answers of one contract: typed values, which questions are shown."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    contract_type: str
    values: dict[str, Any]
    choices: dict[str, str] = Field(default_factory=dict)  # outline choices (`_choices`)
    hidden: list[str] = Field(default_factory=list)
    computed: dict[str, Any] = Field(default_factory=dict)

    def context(self) -> dict[str, Any]:
        """Return the names clauses may use: answers (hidden ones as None) and computed values."""
        ctx = {k: (None if k in self.hidden else v) for k, v in self.values.items()}
        ctx.update(self.computed)
        return ctx


METADATA_PREFIX = "_"


def split_metadata(raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (answers, metadata) of an answers mapping.

    Keys starting with `_` (`_title`, `_description`, `_contract_type` …) describe the file,
    they answer no question: every reader of answers leaves them out here, in one place.
    """
    answers: dict[str, Any] = {}
    metadata: dict[str, Any] = {}
    for key, value in raw.items():
        target = metadata if str(key).startswith(METADATA_PREFIX) else answers
        target[key] = value
    return answers, metadata


def _label(q: Question, lang: str) -> str:
    return q.label.get(lang)


def check_answers(
    blueprint: Blueprint, raw: Mapping[str, Any] | Any, lang: str = "cs"
) -> tuple[Answers | None, list[FieldProblem]]:
    """Return (answers, []) when valid, else (None, every problem at once)."""
    problems: list[FieldProblem] = []
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        return None, [FieldProblem("(answers)", "", message("not_mapping", lang))]
    try:
        meta = split_answers(raw, "(answers)")
    except AnswersError as exc:
        problems.append(FieldProblem("(answers)", "", str(exc)))
        meta = AnswersFile(answers={str(k): v for k, v in raw.items() if not is_meta(k)})
    if meta.contract_type and meta.contract_type != blueprint.id:
        problems.append(
            FieldProblem(
                "_contract_type",
                "",
                phrase(
                    "wrong_type", lang, file_type=meta.contract_type, contract_type=blueprint.id
                ),
            )
        )
    try:
        version_notes(blueprint, meta.blueprint_version, lang)
    except AnswersError as exc:
        problems.append(FieldProblem("_blueprint_version", "", str(exc)))
    raw = meta.answers
    known = {q.id: q for q in blueprint.questions()}
    raw, _metadata = split_metadata(raw)
    for key in raw:
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1)
            hint = phrase("did_you_mean", lang, name=close[0]) if close else ""
            problems.append(
                FieldProblem(str(key), str(key), message("unknown", lang, value=key, hint=hint))
            )

    values: dict[str, Any] = {}
    failed: set[str] = set()
    for q in blueprint.questions():
        value = raw.get(q.id, q.default)
        label = _label(q, lang)
        if is_blank(value):
            values[q.id] = spec_of(q.type).empty()
            continue
        composite = spec_of(q.type).composite
        if composite == "party":
            party = _party(value, q.id, label, lang, problems)
            values[q.id] = party
            if party is None:
                failed.add(q.id)
        elif composite == "parties":
            values[q.id], ok = _parties(value, q.id, label, lang, problems)
            if not ok:
                failed.add(q.id)
        else:
            try:
                values[q.id] = convert_value(q, value)
            except Invalid as exc:
                problems.append(FieldProblem(q.id, label, message(exc.key, lang, **exc.params)))
                values[q.id] = None
                failed.add(q.id)

    hidden = _hidden_questions(blueprint, values, failed)
    for q in blueprint.questions():
        if q.id in hidden or q.id in failed or not q.required:
            continue
        if is_blank(values.get(q.id)):
            problems.append(FieldProblem(q.id, _label(q, lang), message("required", lang)))
    if problems:
        return None, problems
    ctx = {k: (None if k in hidden else v) for k, v in values.items()}
    computed: dict[str, Any] = {}
    for name, expr in blueprint.computed.items():
        computed[name] = evaluate(expr, {**ctx, **computed}, f"{blueprint.id}: computed '{name}'")
    return (
        Answers(
            contract_type=blueprint.id,
            values=values,
            choices=meta.choices,
            hidden=sorted(hidden),
            computed=computed,
        ),
        [],
    )


def _hidden_questions(blueprint: Blueprint, values: dict[str, Any], failed: set[str]) -> set[str]:
    hidden: set[str] = set()
    for q in blueprint.questions():
        if not q.show_if:
            continue
        if names_in(q.show_if) & failed:
            hidden.add(q.id)  # cannot decide until the answer it depends on is fixed
            continue
        ctx = {k: (None if k in hidden else v) for k, v in values.items()}
        try:
            shown = evaluate(q.show_if, ctx, f"{blueprint.id}: show_if of '{q.id}'")
        except ExpressionError:
            if any(ctx.get(n) is None for n in names_in(q.show_if)):
                hidden.add(q.id)  # depends on an unanswered question
                continue
            raise
        if not shown:
            hidden.add(q.id)
    return hidden


def visible_questions(blueprint: Blueprint, raw: Mapping[str, Any], lang: str = "cs") -> list[str]:
    """Return the ids of the questions `show_if` shows for these (possibly partial) answers."""
    problems: list[FieldProblem] = []
    values: dict[str, Any] = {}
    failed: set[str] = set()
    for q in blueprint.questions():
        value = raw.get(q.id, q.default)
        composite = spec_of(q.type).composite
        if is_blank(value) or composite:
            values[q.id] = (value or []) if composite == "parties" else None
            continue
        try:
            values[q.id] = convert_value(q, value)
        except Invalid:
            values[q.id] = None
            failed.add(q.id)
    del problems
    hidden = _hidden_questions(blueprint, values, failed)
    return [q.id for q in blueprint.questions() if q.id not in hidden]


def validate_answers(
    blueprint: Blueprint, raw: Mapping[str, Any] | Any, lang: str = "cs"
) -> Answers:
    """Return validated Answers, or raise AnswersError listing every problem."""
    answers, problems = check_answers(blueprint, raw, lang)
    if answers is None:
        head = phrase("problems_head", lang, n=len(problems), contract_type=blueprint.id)
        raise AnswersError(head + "\n" + "\n".join(f"  - {p}" for p in problems), problems)
    return answers


def skeleton(blueprint: Blueprint, lang: str = "cs") -> str:
    """Return an answers YAML to fill in: every question with its default and help as comments."""
    lines = [f"# {blueprint.title.get(lang)} ({blueprint.id})"]
    lines.append(f"# {phrase('skeleton_meta', lang)}")
    lines.append(dump_metadata(blueprint).rstrip())
    for section in blueprint.sections:
        lines.append("")
        lines.append(f"# --- {section.title.get(lang)} ---")
        for q in section.questions:
            req = f" [{phrase('required_flag', lang)}]" if q.required else ""
            lines.append(f"# {q.label.get(lang)}{req} ({q.type})")
            if q.show_if:
                lines.append(f"#   show_if: {q.show_if}")
            if q.options:
                lines.append("#   " + " | ".join(q.option_values()))
            lines.append(_skeleton_value(q))
    return "\n".join(lines) + "\n"


def _skeleton_value(q: Question) -> str:
    import yaml

    value = spec_of(q.type).skeleton(q.default)
    if value is None:
        return f"{q.id}:"
    return yaml.safe_dump({q.id: value}, allow_unicode=True, sort_keys=False).rstrip()
