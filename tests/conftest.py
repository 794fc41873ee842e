"""Fixtures shared by the whole suite (helpers live in testkit.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from testkit import OUTPUT, ROOT, SCENARIOS, load_scenario

import pppdraft
from pppdraft.library import Library


@pytest.fixture(scope="session")
def library() -> Library:
    return pppdraft.load_library()


@pytest.fixture(scope="session")
def data_blueprint() -> pppdraft.Blueprint:
    return pppdraft.load_blueprint("data-agreement")


@pytest.fixture(scope="session")
def parking() -> dict[str, Any]:
    return load_scenario(SCENARIOS / "data-agreement" / "parking-sensors.yaml")


@pytest.fixture
def project_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a throwaway copy of the content folders, used as PPPDRAFT_HOME."""
    for name in ("clauses", "contracts", "templates", "scenarios"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.setenv("PPPDRAFT_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Return test-output/ (git-ignored): documents and screenshots for a reviewer."""
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
