"""Lint of the question catalogue: questions copied between blueprints, unused shared ones."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from .blueprint import (
    CATALOGUE_FILE,
    CHECKS_FILE,
    blueprint_files,
    contracts_dir,
    list_blueprints,
    load_catalogue,
    load_checks,
)
from .errors import BlueprintError
from .yamlio import load_yaml_file


def _entries(path: Path) -> list[dict[str, Any]]:
    data = load_yaml_file(path, BlueprintError)
    if not isinstance(data, dict):
        return []
    out: list[dict[str, Any]] = []
    for section in data.get("sections") or []:
        if isinstance(section, dict):
            out += [q for q in section.get("questions") or [] if isinstance(q, dict)]
    return out


def catalogue_findings(folder: Path | None = None) -> list[tuple[str, str, str]]:
    """Return (level, where, message) for every catalogue problem of a contracts folder."""
    folder = folder or contracts_dir()
    findings: list[tuple[str, str, str]] = []
    inline: dict[str, list[str]] = defaultdict(list)
    used: set[str] = set()
    for path in blueprint_files(folder):
        for entry in _entries(path):
            if isinstance(entry.get("id"), str):
                inline[entry["id"]].append(path.name)
            if isinstance(entry.get("use"), str):
                used.add(entry["use"])
    for qid, files in sorted(inline.items()):
        if len(files) > 1:
            findings.append(
                (
                    "error",
                    str(folder / files[0]),
                    f"question {qid!r} is defined in {', '.join(files)}; define it once in "
                    f"{CATALOGUE_FILE} and write `- use: {qid}` in each blueprint",
                )
            )
    for qid in sorted(set(load_catalogue(folder)) - used):
        findings.append(
            ("warning", str(folder / CATALOGUE_FILE), f"no blueprint uses question {qid!r}")
        )
    applied = {c.id for bp in list_blueprints(folder) for c in bp.checks}
    for check in load_checks(folder):
        if check.id not in applied:
            findings.append(
                (
                    "warning",
                    str(folder / CHECKS_FILE),
                    f"check {check.id!r} applies to no contract type (no blueprint asks all of "
                    "the names its `when` reads)",
                )
            )
    return findings
