"""Answers files that are the whole truth: answers plus where they came from (copier style).

Keys starting with `_` are metadata, not questions:

- `_contract_type`: the contract type the answers are for (`pppdraft build` needs no TYPE);
- `_blueprint_version`: the version of the questionnaire they were given under;
- `_choices`: the variants chosen in the outline, `{topic: clause id}`;
- `_title`, `_description`: `{cs, en}` texts naming a scenario (kept, never used to build);
- `_name`: the name an official gave a draft in the app (kept, never used to build).

`pppdraft questions TYPE --skeleton`, the app's download and every scenario write them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from .blueprint import Blueprint
from .errors import AnswersError
from .input_limits import check_answer_limits
from .phrases import phrase
from .yamlio import parse_yaml

META_KEYS = (
    "_contract_type",
    "_blueprint_version",
    "_choices",
    "_title",
    "_description",
    "_name",
)
TEXT_META = ("_title", "_description")


@dataclass(frozen=True)
class AnswersFile:
    """An answers file split into the answers and its metadata."""

    answers: dict[str, Any]
    contract_type: str | None = None
    blueprint_version: int | None = None
    choices: dict[str, str] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # _title, _description


def parse_answers(data: bytes | str, where: str) -> Any:
    """Return the raw answers of an answers file's content (YAML or JSON), within the answer
    limits; AnswersError names `where` and the fix. One reading for the CLI and the app."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise AnswersError(f"{where}: not UTF-8 text; save it as UTF-8") from None
    raw = parse_yaml(data, where, AnswersError)
    check_answer_limits(raw, where, AnswersError)
    return {} if raw is None else raw


def is_meta(key: object) -> bool:
    """Return True for a metadata key (`_…`) of an answers file."""
    return isinstance(key, str) and key.startswith("_")


def split_answers(raw: Any, where: str) -> AnswersFile:
    """Return the answers and metadata of a parsed file; AnswersError names what is wrong."""
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise AnswersError(f"{where}: an answers file is a mapping 'question: value'")
    problems: list[str] = []
    unknown = [str(k) for k in raw if is_meta(k) and k not in META_KEYS]
    if unknown:
        problems.append(
            f"unknown metadata {', '.join(unknown)}; an answers file may hold "
            f"{', '.join(META_KEYS)} (or drop the leading '_')"
        )
    contract_type = raw.get("_contract_type")
    if contract_type is not None and not isinstance(contract_type, str):
        problems.append("_contract_type must be a contract type id, e.g. data-agreement")
        contract_type = None
    version = raw.get("_blueprint_version")
    if version is not None and (
        isinstance(version, bool) or not isinstance(version, int) or version < 1
    ):
        problems.append("_blueprint_version must be a whole number from 1, e.g. 2")
        version = None
    choices = raw.get("_choices") or {}
    if not isinstance(choices, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in choices.items()
    ):
        problems.append("_choices must map a topic to a clause id, e.g. data.ownership: …")
        choices = {}
    texts: dict[str, dict[str, str]] = {}
    for key in TEXT_META:
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            problems.append(f"{key} must be a text per language, e.g. {{cs: …, en: …}}")
            continue
        texts[key] = dict(value)
    if problems:
        raise AnswersError("\n".join(f"{where}: {p}" for p in problems))
    return AnswersFile(
        answers={str(k): v for k, v in raw.items() if not is_meta(k)},
        contract_type=contract_type,
        blueprint_version=version,
        choices=dict(choices),
        texts=texts,
    )


def resolve_type(file: AnswersFile, given: str | None, where: str) -> str:
    """Return the contract type: the command line's and the file's must agree; one is enough."""
    if given and file.contract_type and given != file.contract_type:
        raise AnswersError(
            f"{where}: the answers are for {file.contract_type!r} (_contract_type), but the "
            f"command asks for {given!r}; leave TYPE out or give the file's type"
        )
    resolved = given or file.contract_type
    if not resolved:
        raise AnswersError(
            f"{where}: no contract type; give it (`pppdraft build TYPE --answers FILE`) or add "
            "`_contract_type: TYPE` to the file (see `pppdraft list`)"
        )
    return resolved


def version_notes(bp: Blueprint, version: int | None, lang: str) -> list[str]:
    """Return what changed in the questionnaire since the file's version ([] when current).

    A file from a newer version than this pppdraft knows is refused: its answers may mean
    something this version cannot build.
    """
    if version is None or version == bp.version:
        return []
    if version > bp.version:
        raise AnswersError(
            f"the answers were made with version {version} of {bp.id!r}, newer than the "
            f"version {bp.version} this pppdraft has; update pppdraft"
        )
    lines = [
        phrase("version_older", lang, contract_type=bp.id, old=version, new=bp.version),
    ]
    for n in range(version + 1, bp.version + 1):
        text = bp.changes.get(n)
        lines.append(f"v{n}: {text.get(lang) if text else phrase('version_no_note', lang)}")
    return lines


def metadata(
    bp: Blueprint,
    choices: Mapping[str, str] | None = None,
    texts: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    """Return the metadata an answers file written now carries (in the file's order)."""
    out: dict[str, Any] = {}
    for key in TEXT_META:
        if texts and key in texts:
            out[key] = dict(texts[key])
    out["_contract_type"] = bp.id
    out["_blueprint_version"] = bp.version
    out["_choices"] = dict(sorted((choices or {}).items()))
    return out


def dump_metadata(
    bp: Blueprint,
    choices: Mapping[str, str] | None = None,
    texts: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """Return the metadata block of an answers file as YAML."""
    return yaml.safe_dump(
        metadata(bp, choices, texts), allow_unicode=True, sort_keys=False, width=100
    )
