"""Helpers shared by the test modules (import as `from testkit import …`)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pppdraft.errors import PppDraftError
from pppdraft.yamlio import parse_yaml

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
IN_CI = os.environ.get("CI", "").lower() == "true"
OUTPUT = ROOT / "test-output"


def scenario_files(contract_type: str | None = None) -> list[Path]:
    """Return every worked scenario (of one contract type, or all)."""
    pattern = f"{contract_type}/*.yaml" if contract_type else "*/*.yaml"
    return sorted(SCENARIOS.glob(pattern))


def load_scenario(path: Path) -> dict[str, Any]:
    """Return a scenario's raw answers."""
    data = parse_yaml(path.read_text(encoding="utf-8"), str(path), PppDraftError)
    assert isinstance(data, dict)
    return data


def edit_yaml(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Load a YAML file, apply `change` to the data, write it back."""
    import yaml

    data = parse_yaml(path.read_text(encoding="utf-8"), str(path), PppDraftError)
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def require_tool(name: str) -> str:
    """Return the path of an external tool; skip without it, except under CI where it fails."""
    found = shutil.which(name)
    if found:
        return found
    if IN_CI:
        pytest.fail(f"{name} is required under CI=true; `make test` installs it")
    pytest.skip(f"{name} is not installed (run `make test` as root to install it)")
