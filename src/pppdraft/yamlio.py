"""Safe YAML reading with errors that name the file, the line and the field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import PppDraftError

MAX_YAML_BYTES = 2_000_000
MAX_YAML_DEPTH = 32


_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ~10x faster


class _Loader(_Base):  # type: ignore[misc]
    """Safe loader with YAML 1.2 booleans: only true/false, so `on:` and `no:` stay strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list(_first),
    )


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 0


def _check_events(text: str, where: str, error: type[PppDraftError]) -> None:
    """Refuse anchors/aliases and deep nesting from the parser's events, before anything is
    built: an alias repeats a whole subtree, so nine short lines of aliases expand to
    billions of values (a "billion laughs" bomb), and deep nesting exhausts the stack."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise error(
                f"{where}: line {_line(event)}: YAML anchors and aliases (&name, *name) are "
                f"not accepted; write the value out in full"
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise error(
                    f"{where}: line {_line(event)}: nested more than {MAX_YAML_DEPTH} levels "
                    f"deep; no pppdraft file needs that many"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse_yaml(text: str, where: str, error: type[PppDraftError]) -> Any:
    """Return the data in a YAML text, or raise `error` naming `where` and the line."""
    if len(text) > MAX_YAML_BYTES:
        raise error(f"{where}: file is larger than {MAX_YAML_BYTES // 1_000_000} MB")
    try:
        _check_events(text, where, error)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(f"{where}:{line} not valid YAML ({problem}); fix the syntax") from None


def load_yaml_file(path: Path, error: type[PppDraftError]) -> Any:
    """Return the data in a YAML file, or raise `error` naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text; save the file as UTF-8") from None
    return parse_yaml(text, str(path), error)


def load_yaml_file_cached(path: Path, error: type[PppDraftError]) -> Any:
    """Return the data in a YAML file as `load_yaml_file` does, kept in the disk cache by the
    file's content (JSON, lossless: dates are tagged), so the next process skips parsing."""
    import json

    from . import diskcache

    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        raise error(f"{path}: file not found") from None
    key = diskcache.digest("yaml", blob)
    stored = diskcache.read("yaml", key)
    if stored is not None:
        try:
            if b'"__' not in stored:  # no tags: no Python call per mapping
                return json.loads(stored)
            return json.loads(stored, object_hook=_untag)
        except (TypeError, ValueError):
            pass
    data = load_yaml_file(path, error)
    try:
        encoded = json.dumps(_keyed(data), ensure_ascii=False, default=_tag).encode("utf-8")
        lossless = json.loads(encoded, object_hook=_untag) == data
    except (TypeError, ValueError):
        return data  # something JSON cannot hold: parse this file every time
    if lossless:  # else e.g. a key type the tags do not cover: parse this file every time
        diskcache.write("yaml", key, encoded)
    return data


def _keyed(value: Any) -> Any:
    """Return `value` with every mapping that has a key JSON would turn into a string (e.g. the
    version numbers of a blueprint's `changes`) tagged as a list of pairs."""
    if isinstance(value, dict):
        items = {k: _keyed(v) for k, v in value.items()}
        if all(isinstance(k, str) for k in items):
            return items
        return {"__pairs__": [[k, v] for k, v in items.items()]}
    if isinstance(value, list):
        return [_keyed(v) for v in value]
    return value


def _tag(value: Any) -> Any:
    from datetime import date, datetime

    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, date):
        return {"__date__": value.isoformat()}
    raise TypeError(type(value).__name__)


def _untag(obj: dict[str, Any]) -> Any:
    from datetime import date, datetime

    if len(obj) == 1:
        if "__date__" in obj:
            return date.fromisoformat(obj["__date__"])
        if "__datetime__" in obj:
            return datetime.fromisoformat(obj["__datetime__"])
        if "__pairs__" in obj:
            return {k: v for k, v in obj["__pairs__"]}
    return obj


def format_validation_error(where: Path | str, exc: ValidationError) -> str:
    """Return one line per problem: `file: field 'a.b': message`."""
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown field; remove it or check its spelling"
        elif err["type"] == "missing":
            msg = "required field is missing; add it"
        lines.append(f"{where}: field '{loc}': {msg}")
    return "\n".join(lines)
