"""Running the CLI in a child process and measuring it: exit code, time, peak memory (RSS).

The child gets an address-space cap, so a regression fails the test quickly with an error
instead of swapping the machine; its own peak RSS comes from `os.wait4`.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

MAX_SECONDS = 10.0
MAX_PEAK_MB = 500.0
MAX_ERROR_BYTES = 10_000
ADDRESS_SPACE_CAP = 3 * 1024**3  # virtual memory; resident memory is what the test measures


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    def assert_bounded(self, *codes: int) -> None:
        """Assert the run ended with one of `codes` (default 0, 2, 3) within the limits,
        without a traceback and with at most 10 kB of error output."""
        allowed = codes or (0, 2, 3)
        assert self.code in allowed, f"exit {self.code}: {self.stderr[:2000]}"
        assert self.seconds <= MAX_SECONDS, f"took {self.seconds:.1f} s"
        assert self.peak_mb <= MAX_PEAK_MB, f"peak {self.peak_mb:.0f} MB"
        assert "Traceback" not in self.stderr, self.stderr[:2000]
        assert len(self.stderr.encode()) <= MAX_ERROR_BYTES, f"{len(self.stderr):,} chars"


def _cap_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))


def run_cli(
    *args: str | Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> Outcome:
    """Run `pppdraft ARGS` in a fresh interpreter; kill it after `timeout` seconds."""
    command = [sys.executable, "-m", "pppdraft.cli", *(str(a) for a in args)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            command,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            preexec_fn=_cap_memory,
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Outcome(
            code=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            seconds=seconds,
            peak_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        )
