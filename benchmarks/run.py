"""`make bench`: every benchmark, one JSON object per line on stdout."""

from __future__ import annotations

import json
import os
import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load() -> None:
    """Print the machine's load: absolute times on a shared machine mean little without it
    (the ratios are measured within one run and hold better)."""
    one, five, _fifteen = os.getloadavg()
    print(json.dumps({"metric": "load_avg_1min", "value": round(one, 2), "unit": "processes",
                      "cpus": os.cpu_count(), "load_avg_5min": round(five, 2)}))  # fmt: skip


def main() -> int:
    sys.path.insert(0, str(HERE))
    only = set(sys.argv[1:])  # e.g. `benchmarks/run.py build batch app`
    load()
    for script in sorted(HERE.glob("bench_*.py")):
        if only and script.stem.removeprefix("bench_") not in only:
            continue
        runpy.run_path(str(script), run_name="__main__")
        load()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
