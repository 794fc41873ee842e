"""App benchmark: server time of a rerun after one widget change, and the first load.

`app_rerun_ms`: AppTest on the largest questionnaire page (the parties of the PPP contract,
filled from its biggest scenario), the median of RERUNS reruns, each after typing into one
field. `app_cold_ms`: the first run of the app in a fresh process that has imported Streamlit (as
the server has when the first visitor comes): pppdraft's imports, the store, the first page;
the median of a few processes.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
RERUNS = 25
COLD_RUNS = 5
CONTRACT_TYPE = "ppp-contract"
SCENARIO = ROOT / "scenarios" / "ppp-contract" / "sensor-network.yaml"


def emit(metric: str, value: float, unit: str, **extra: Any) -> None:
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, **extra}))


def _open_draft() -> tuple[Any, str, str]:
    from streamlit.testing.v1 import AppTest

    from pppdraft.answers import visible_questions
    from pppdraft.blueprint import load_blueprint
    from pppdraft.errors import PppDraftError
    from pppdraft.store import Store
    from pppdraft.yamlio import parse_yaml

    bp = load_blueprint(CONTRACT_TYPE)
    raw = parse_yaml(SCENARIO.read_text(encoding="utf-8"), str(SCENARIO), PppDraftError)
    shown = set(visible_questions(bp, raw))  # the largest page as this scenario draws it
    sizes = {
        s.id: sum(11 if q.type == "party" else 1 for q in s.questions if q.id in shown)
        for s in bp.sections
    }
    step = max(sizes, key=sizes.__getitem__)
    record = Store().create_draft(
        "bench-workspace", bp.id, raw, step=step, ui_lang="cs", doc_lang="cs"
    )
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["draft"] = record.id
    at.run()
    assert not at.exception, at.exception
    section = next(s for s in bp.sections if s.id == step)
    # the text field a user edits on that page: a party's representative, else a text answer
    party = next((q for q in section.questions if q.type == "party"), None)
    text = next((q for q in section.questions if q.type == "text"), None)
    key = f"q.{party.id}.representative" if party else f"q.{text.id}" if text else ""
    assert key, f"no text field on the largest page ({step})"
    return at, step, key


def rerun_ms() -> tuple[float, int, str]:
    at, step, key = _open_draft()
    times: list[float] = []
    for i in range(RERUNS + 2):
        at.text_input(key=key).set_value(f"Ing. Petra Malá {i}")
        start = time.perf_counter()
        at.run()
        elapsed = (time.perf_counter() - start) * 1000
        assert not at.exception, at.exception
        if i >= 2:  # the first reruns warm the caches
            times.append(elapsed)
    widgets = len(at.text_input) + len(at.toggle) + len(at.radio) + len(at.selectbox)
    return statistics.median(times), widgets, step


# The server has imported Streamlit before the first visitor comes: the clock starts after it.
COLD = (
    "from streamlit.testing.v1 import AppTest\n"
    "import time; t = time.perf_counter()\n"
    "at = AppTest.from_file({app!r}, default_timeout=120); at.run()\n"
    "assert not at.exception, at.exception\n"
    "print((time.perf_counter() - t) * 1000)\n"
)


def cold_ms() -> float:
    times = []
    for _ in range(COLD_RUNS):
        done = subprocess.run(
            [sys.executable, "-c", COLD.format(app=str(APP))],
            capture_output=True, text=True, check=True, timeout=300, cwd=ROOT,
        )  # fmt: skip
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PPPDRAFT_DB"] = f"sqlite:///{Path(tmp) / 'bench.db'}"
        median, widgets, step = rerun_ms()
        emit(
            "app_rerun_ms",
            median,
            "ms",
            page=f"{CONTRACT_TYPE}/{step}",
            widgets=widgets,
            runs=RERUNS,
        )
        emit(
            "app_cold_ms",
            cold_ms(),
            "ms",
            runs=COLD_RUNS,
            note="first run after importing Streamlit",
        )


if __name__ == "__main__":
    main()
