"""A full disk or a failing manifest never leaves a partial document (issue 11)."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from testkit import SCENARIOS
from typer.testing import CliRunner

from pppdraft import atomic
from pppdraft.cli import app

PARKING = SCENARIOS / "data-agreement" / "parking-sensors.yaml"


@contextlib.contextmanager
def small_disk(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Yield "tmpfs" with a 48 KB tmpfs mounted on `folder` (as root), else "patched" with
    every write under `folder` failing with ENOSPC after the first 16 KB."""
    folder.mkdir()
    if os.geteuid() == 0:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        )
        if mounted.returncode == 0:
            try:
                yield "tmpfs"
            finally:
                subprocess.run(["umount", str(folder)], check=True)
            return
    real = atomic._write_temp

    def full(target: Path, data: bytes) -> Path:
        if len(data) > 16_000:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        return real(target, data)

    monkeypatch.setattr(atomic, "_write_temp", full)
    yield "patched"


def test_a_full_disk_leaves_no_partial_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = tmp_path / "disk"
    with small_disk(disk, monkeypatch):
        (disk / "earlier.txt").write_bytes(b"x" * 1_000)
        result = CliRunner().invoke(
            app, ["build", "data-agreement", "--answers", str(PARKING), "-o", str(disk / "c.docx")]
        )
        left = sorted(p.name for p in disk.iterdir())
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output
    assert left == ["earlier.txt"]  # no .docx, no manifest, no temporary file


def test_a_failing_manifest_write_leaves_the_old_document_and_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "contract.docx"
    manifest = tmp_path / "contract.manifest.json"
    target.write_bytes(b"old document")
    manifest.write_text('{"old": true}', encoding="utf-8")
    real = atomic._write_temp

    def failing(path: Path, data: bytes) -> Path:
        if path.name.endswith(".manifest.json"):
            raise OSError(errno.EIO, "simulated write error", str(path))
        return real(path, data)

    monkeypatch.setattr(atomic, "_write_temp", failing)
    result = CliRunner().invoke(
        app, ["build", "data-agreement", "--answers", str(PARKING), "-o", str(target)]
    )
    assert result.exit_code == 2, result.output
    assert target.read_bytes() == b"old document"
    assert manifest.read_text(encoding="utf-8") == '{"old": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contract.docx", "contract.manifest.json"]


def test_files_are_written_whole(tmp_path: Path) -> None:
    a, b = tmp_path / "sub" / "a.docx", tmp_path / "sub" / "a.manifest.json"
    atomic.write_files({a: b"PK" * 1000, b: b"{}"})
    assert a.read_bytes() == b"PK" * 1000 and b.read_bytes() == b"{}"
    assert sorted(p.name for p in a.parent.iterdir()) == ["a.docx", "a.manifest.json"]
