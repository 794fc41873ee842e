"""The library clause a finding suggests: its title and guidance, read from clauses/*.yaml.

Read directly (safe YAML, only `id`, `topic`, `position`, `title`, `guidance`) so that a
check never fails because a clause file elsewhere in the library is being edited, and only
the files needed: `data.exit` lives in clauses/data/exit.yaml; a topic (`data.ownership`)
is looked up among the files of its family folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pppdraft.checker.blocks import Lang
from pppdraft.errors import PppDraftError
from pppdraft.paths import project_root
from pppdraft.yamlio import parse_yaml

_POSITION_ORDER = {"preferred": 0, "fallback": 1, "last-resort": 2}


@dataclass(frozen=True, slots=True)
class ClauseInfo:
    """What the memo shows about a suggested clause."""

    id: str
    title: dict[str, str]
    guidance: dict[str, str]

    def title_in(self, lang: Lang) -> str | None:
        return self.title.get(lang)

    def guidance_in(self, lang: Lang) -> str | None:
        return self.guidance.get(lang)


def _texts(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): " ".join(str(v).split()) for k, v in value.items() if isinstance(v, str)}


@lru_cache(maxsize=256)
def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"), str(path), PppDraftError)
    except (OSError, UnicodeDecodeError, PppDraftError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("id"), str) else None


def _info(data: dict[str, Any]) -> ClauseInfo:
    return ClauseInfo(data["id"], _texts(data.get("title")), _texts(data.get("guidance")))


def clause_info(clause_id: str, folder: Path | None = None) -> ClauseInfo | None:
    """Return the clause `clause_id`, or the preferred clause of that topic, if it exists."""
    family, _, rest = clause_id.partition(".")
    if not rest:
        return None
    family_dir = (folder or project_root() / "clauses") / family
    data = _read(family_dir / f"{rest}.yaml")
    if data is not None and data["id"] == clause_id:
        return _info(data)
    best: tuple[int, str, dict[str, Any]] | None = None
    for path in sorted(family_dir.glob("*.yaml")) if family_dir.is_dir() else []:
        found = _read(path)
        if found is None:
            continue
        if found["id"] == clause_id:
            return _info(found)
        if found.get("topic") == clause_id:
            rank = _POSITION_ORDER.get(str(found.get("position")), 3)
            if best is None or (rank, found["id"]) < best[:2]:
                best = (rank, found["id"], found)
    return _info(best[2]) if best else None
