"""Batch benchmark: `pppdraft batch` over a 300-row table with 2 workers, as a region runs it.

`batch_per_contract_ms` is the wall time of the whole command (process start, imports, the
table, every document and manifest written, report.csv) divided by the rows: 6,250
municipalities in 2 minutes needs ≤ 19 ms. The base answers are a worked data agreement;
each row changes the municipality (name, IČO, seat, representative) and the project name.
"""

from __future__ import annotations

import csv
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "scenarios" / "data-agreement" / "parking-sensors.yaml"
ROWS = 300
WORKERS = 2
RUNS = 3


def emit(metric: str, value: float, unit: str, **extra: Any) -> None:
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, **extra}))


def ico(n: int) -> str:
    """Return a valid IČO (modulo-11 check digit) made from the number n."""
    body = f"{n:07d}"
    s = sum(int(d) * w for d, w in zip(body, range(8, 1, -1), strict=True)) % 11
    return body + str(1 if s == 0 else 0 if s == 1 else 11 - s)


def write_table(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(
            ["file", "municipality.name", "municipality.ico", "municipality.seat",
             "municipality.representative", "project_name"]
        )  # fmt: skip
        for i in range(1, ROWS + 1):
            writer.writerow(
                [f"obec-{i:04d}", f"Obec Příkladná {i}", ico(200000 + i),
                 f"Náves {i}, 500 0{i % 10} Příkladov", f"Jana Nováková {i}",
                 f"Chytré parkování v obci Příkladná {i}"]
            )  # fmt: skip


def main() -> None:
    exe = str(Path(sys.executable).with_name("pppdraft"))
    walls = []
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "obce.csv"
        write_table(table)
        for run in range(RUNS):
            out = Path(tmp) / f"out-{run}"
            cmd = [exe, "batch", "data-agreement", "--base", str(BASE), "--table", str(table),
                   "-o", str(out), "--workers", str(WORKERS)]  # fmt: skip
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, timeout=900)
            walls.append((time.perf_counter() - start) * 1000)
            assert len(list(out.glob("*.docx"))) == ROWS
    wall = statistics.median(walls)
    emit("batch_wall_ms", wall, "ms", rows=ROWS, workers=WORKERS, runs=RUNS)
    emit("batch_per_contract_ms", wall / ROWS, "ms", rows=ROWS, workers=WORKERS, runs=RUNS)


if __name__ == "__main__":
    main()
