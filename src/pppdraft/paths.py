"""Where the project's content folders are."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """Return the folder holding clauses/, contracts/, templates/ (`$PPPDRAFT_HOME` wins)."""
    env = os.environ.get("PPPDRAFT_HOME")
    if env:
        return Path(env)
    # src/pppdraft/paths.py → the repository root, where the content folders live.
    return Path(__file__).resolve().parents[2]
