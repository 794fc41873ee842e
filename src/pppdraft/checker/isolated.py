"""Checking an upload in a separate worker process with a time and memory limit.

The app's sessions share one server process: a document that is slow to check would hold the
interpreter (regular expressions keep the GIL) and slow every other session. Here the check
and the memo run in a child process started from a clean fork server; after the time limit
the child is killed and the user is told, and at most a few checks run at once.

    report, memo = check_isolated(data, "vendor.docx", lang="cs")
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from pppdraft.checker.blocks import Lang
from pppdraft.checker.report import CheckReport
from pppdraft.errors import DocumentError, UserInputError, excerpt

DEFAULT_SECONDS = 60.0
MEMORY_CAP = 2 * 1024**3  # address space of a worker; a bomb ends in MemoryError, not swap
MAX_WORKERS = 2

_slots = threading.BoundedSemaphore(MAX_WORKERS)


class CheckTimeout(UserInputError):
    """The check took longer than the limit and was stopped."""


@dataclass(frozen=True)
class _Job:
    data: bytes
    name: str
    lang: Lang | None


def time_limit() -> float:
    """Return the seconds a check may take (PPPDRAFT_CHECK_SECONDS, default 60)."""
    raw = os.environ.get("PPPDRAFT_CHECK_SECONDS", "").strip()
    try:
        value = float(raw) if raw else DEFAULT_SECONDS
    except ValueError:
        return DEFAULT_SECONDS
    return value if value > 0 else DEFAULT_SECONDS


def _work(job: _Job, conn: Connection) -> None:
    """Run in the worker: check, render the memo, send back the outcome."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
        from pppdraft.checker.check import check_bytes
        from pppdraft.checker.memo import render_docx

        report = check_bytes(job.data, job.name, lang=job.lang)
        memo = render_docx(report, report.report_language)
        conn.send(("ok", report.model_dump_json(), memo))
    except UserInputError as exc:
        conn.send(("refused", str(exc), None))
    except MemoryError:
        conn.send(("memory", "", None))
    except BaseException as exc:  # an internal defect: reported, never a traceback in the page
        conn.send(("error", f"{type(exc).__name__}: {excerpt(str(exc), 200)}", None))
    finally:
        conn.close()


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload(["pppdraft.checker.check", "pppdraft.checker.memo"])
    return context


def check_isolated(
    data: bytes, name: str, lang: Lang | None = None, *, seconds: float | None = None
) -> tuple[CheckReport, bytes]:
    """Return the report and the .docx memo of an upload, computed in a worker process.

    Raises DocumentError (the file is refused), CheckTimeout (over the time limit) or
    UserInputError (the worker ran out of memory or failed) — each with a message for the
    user; the server process never runs the check itself.
    """
    limit = seconds if seconds is not None else time_limit()
    if not _slots.acquire(timeout=limit):
        raise CheckTimeout(
            f"{name}: the checker is busy with other documents; try again in a minute."
        )
    try:
        context = _context()
        receive, send = context.Pipe(duplex=False)
        worker = context.Process(target=_work, args=(_Job(data, name, lang), send), daemon=True)
        worker.start()
        send.close()
        try:
            ready = receive.poll(limit)
            outcome = receive.recv() if ready else None
        except EOFError:
            outcome = None
            ready = True
        finally:
            if worker.is_alive() and not ready:
                worker.kill()
            worker.join(5)
            if worker.is_alive():
                worker.kill()
            receive.close()
    finally:
        _slots.release()
    if not ready:
        raise CheckTimeout(
            f"{name}: checking took longer than {limit:g} s and was stopped. The document may "
            f"be unusually long or malformed; check the contract part on its own, or save it "
            f"again as .docx."
        )
    if outcome is None:
        raise UserInputError(f"{name}: the checker stopped unexpectedly; please report it.")
    kind, payload, memo = outcome
    if kind == "ok":
        return CheckReport.model_validate_json(payload), memo
    if kind == "refused":
        raise DocumentError(payload)
    if kind == "memory":
        raise UserInputError(
            f"{name}: checking needed more than {MEMORY_CAP // 1024**3} GB of memory and was "
            f"stopped; check the contract part on its own."
        )
    raise UserInputError(f"{name}: the checker failed ({payload}); please report it.")
