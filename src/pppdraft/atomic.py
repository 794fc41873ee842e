"""Writing files so that a reader never sees half of one: a temporary name, then a rename.

A full disk, a killed process or a failing second file leaves the previous files as they
were (or no file), never a truncated .docx, and never a document without its manifest.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once, at import: os.umask is process-wide


def _write_temp(target: Path, data: bytes) -> Path:
    """Write `data` to a new temporary file beside `target` (same folder, same disk)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, 0o666 & ~_UMASK)  # mkstemp makes 0600; a document is an ordinary file
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def write_files(files: Mapping[Path, bytes]) -> None:
    """Write every file or none: all go to temporary names first, and are renamed into place
    only once all are complete. An OSError (e.g. ENOSPC) leaves no partial or temporary file.
    """
    temps: dict[Path, Path] = {}
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            temps[target] = _write_temp(target, data)
        for target, temp in temps.items():
            os.replace(temp, target)
    finally:
        for temp in temps.values():
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()


def write_file(path: Path, data: bytes) -> None:
    """Write one file atomically (see `write_files`)."""
    write_files({path: data})
