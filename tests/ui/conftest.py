"""Fixtures of the UI tests: a throwaway drafts store per test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point PPPDRAFT_DB at a fresh SQLite file for this test and return its URL."""
    url = f"sqlite:///{tmp_path / 'drafts.db'}"
    monkeypatch.setenv("PPPDRAFT_DB", url)
    return url
