"""Build benchmark: the largest scenario end to end beside a bare docxtpl render of it.

- `build_ms`: what one `pppdraft build` waits for after the interpreter has started and
  imported pppdraft: read the answers file, load the contract type and the clause library,
  validate, assemble, render, write the .docx and its manifest — with every per-process
  cache emptied before each run (a new CLI process has none of them).
- `docxtpl_baseline_ms`: the same final document from the same template with bare docxtpl:
  build its context from the Draft (`context_of`), open the template, render, save.
- `build_vs_baseline_ratio`: the two medians, measured interleaved in one run (the machine
  is shared; alternating keeps the load fair to both). Both run with the cyclic collector
  off, as `pppdraft build` runs its build; `build_collector_on_ms` is the same build with
  the collector on (a build in a longer-lived program), for reference.
- `build_warm_ms`: the same build with the caches warm (a batch row, the app's Build button).
- `cli_build_wall_ms`: the wall time of `pppdraft build` as a process (interpreter included),
  `python_startup_ms` beside it for reference.
- `list_answer_10k_lines_ms` / `list_answer_100k_lines_ms`: a contract whose list answer
  (one point per line) has 10,000 and 100,000 lines; the ratio must stay near 10 (linear).
"""

from __future__ import annotations

import gc
import importlib
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

import pppdraft
from pppdraft import blueprint as blueprint_module
from pppdraft import diskcache, library
from pppdraft.cli import read_answers_file
from pppdraft.pipeline import build_from_raw
from pppdraft.render import docx as docx_module
from pppdraft.render.docx import context_of, default_template, jinja_env
from pppdraft.yamlio import parse_yaml

ROOT = Path(__file__).resolve().parents[1]
RUNS = 25
CLI_RUNS = 9


def emit(metric: str, value: float, unit: str, **extra: Any) -> None:
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, **extra}))


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def timed_collector_off(fn: Callable[[], object]) -> float:
    """Return `timed(fn)` with Python's cyclic collector off during the run."""
    gc.disable()
    try:
        return timed(fn)
    finally:
        gc.enable()


def median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    fn()  # warm-up
    return statistics.median(timed(fn) for _ in range(runs))


def empty_process_caches() -> None:
    """Forget what a process keeps between builds, as a new CLI process starts without it:
    the named caches and every memoized function of every loaded pppdraft module."""
    blueprint_module._CACHE.clear()
    blueprint_module._CATALOGUE_CACHE.clear()
    blueprint_module._CHECKS_CACHE.clear()
    library._LOADED.clear()
    library._STORED_FINGERPRINTS.clear()
    diskcache._BUNDLES.clear()  # the bundle is read again from its file
    docx_module._FRAME_ENV.clear()
    docx_module._TEMPLATE_BYTES.clear()
    docx_module._PATCHED.clear()
    importlib.import_module("pppdraft.assemble")._TEMPLATE_CACHE.clear()
    for name in ("pppdraft.assemble", "pppdraft.expressions"):  # the environments' digests
        vars(importlib.import_module(name)._ENV).pop("_pppdraft_fingerprint", None)
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] != "pppdraft" or module is None:
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def largest_scenario() -> tuple[str, Path, dict[str, Any]]:
    best: tuple[int, str, Path, dict[str, Any]] | None = None
    for path in sorted((ROOT / "scenarios").glob("*/*.yaml")):
        raw = parse_yaml(path.read_text(encoding="utf-8"), str(path), pppdraft.PppDraftError)
        draft = pppdraft.build(path.parent.name, raw, "cs")
        size = sum(len(p.text) for c in draft.clauses for p in c.paragraphs)
        if best is None or size > best[0]:
            best = (size, path.parent.name, path, raw)
    assert best is not None
    return best[1], best[2], best[3]


def cli_wall_ms(contract_type: str, answers: Path, out: Path) -> tuple[float, float]:
    exe = str(Path(sys.executable).with_name("pppdraft"))
    cmd = [exe, "build", contract_type, "--answers", str(answers), "-o", str(out)]

    cpu: list[float] = []

    def wall(argv: list[str]) -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, timeout=120)
        elapsed = (time.perf_counter() - start) * 1000
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
        if argv[0] == exe:
            cpu.append(used)
        return elapsed

    wall(cmd)
    cpu.clear()
    cli, bare = [], []
    for _ in range(CLI_RUNS):
        cli.append(wall(cmd))
        bare.append(wall([sys.executable, "-c", "pass"]))
    # CPU time suffers less than wall time from the other processes on a shared machine
    emit("cli_build_cpu_ms", statistics.median(cpu), "ms", runs=CLI_RUNS)
    return statistics.median(cli), statistics.median(bare)


def list_answer_ms(lines: int) -> float:
    """Build the innovation MoU whose objectives answer has `lines` lines (one point each)."""
    path = ROOT / "scenarios" / "innovation-mou" / "heat-island-sensors.yaml"
    raw = dict(parse_yaml(path.read_text(encoding="utf-8"), str(path), pppdraft.PppDraftError))
    raw["objectives"] = "\n".join(f"měřit teplotu v ulici číslo {i}" for i in range(lines))
    blueprint = pppdraft.load_blueprint("innovation-mou")
    question = blueprint.question("objectives")
    assert question.type == "longtext", question.type

    def build() -> None:
        built = build_from_raw("innovation-mou", raw, ["cs"])
        assert built[0].rendered.docx

    build()  # warm: the same caches for both sizes
    return statistics.median(timed(build) for _ in range(3))


def main() -> None:
    contract_type, path, raw = largest_scenario()
    scenario = f"{contract_type}/{path.stem}"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "contract.docx"

        def build(cold: bool) -> None:
            if cold:
                empty_process_caches()
            answers = read_answers_file(path)
            for item in build_from_raw(contract_type, answers, ["cs"]):
                item.rendered.save(out)

        draft = build_from_raw(contract_type, raw, ["cs"])[0].draft
        template = default_template()

        def bare_docxtpl() -> None:
            context = context_of(draft)
            tpl = DocxTemplate(str(template))
            tpl.render(context, jinja_env=jinja_env(), autoescape=True)
            buffer = io.BytesIO()
            tpl.save(buffer)
            (Path(tmp) / "bare.docx").write_bytes(buffer.getvalue())

        build(True)
        bare_docxtpl()
        cold, bare, cold_collected = [], [], []
        for _ in range(RUNS):  # interleaved: all three see the same load
            # Each timed run starts from the same state: the caches emptied as a new process
            # has them (emptying them, i.e. freeing the last run's, is not part of a build)
            # and no garbage left by another run for this one's collector to free. The build
            # runs with the collector off, as `pppdraft build` runs it; so does the baseline
            # (whose collector work is negligible: ~100 tracked objects).
            empty_process_caches()
            gc.collect()
            cold.append(timed_collector_off(lambda: build(False)))
            gc.collect()
            bare.append(timed_collector_off(bare_docxtpl))
            empty_process_caches()
            gc.collect()
            cold_collected.append(timed(lambda: build(False)))  # the collector on, for reference
        build_ms, baseline_ms = statistics.median(cold), statistics.median(bare)
        emit("build_ms", build_ms, "ms", scenario=scenario, runs=RUNS, clauses=len(draft.clauses))
        emit("docxtpl_baseline_ms", baseline_ms, "ms", scenario=scenario, runs=RUNS)
        emit("build_vs_baseline_ratio", build_ms / baseline_ms, "ratio", scenario=scenario)
        collected_ms = statistics.median(cold_collected)
        emit("build_collector_on_ms", collected_ms, "ms", scenario=scenario, runs=RUNS)
        emit("build_collector_on_vs_baseline_ratio", collected_ms / baseline_ms, "ratio")
        warm_ms = median_ms(lambda: build(False))
        emit("build_warm_ms", warm_ms, "ms", scenario=scenario, runs=RUNS)
        emit("build_warm_vs_baseline_ratio", warm_ms / baseline_ms, "ratio", scenario=scenario)

        cli_ms, startup_ms = cli_wall_ms(contract_type, path, Path(tmp) / "cli.docx")
        emit("cli_build_wall_ms", cli_ms, "ms", scenario=scenario, runs=CLI_RUNS)
        emit("python_startup_ms", startup_ms, "ms", runs=CLI_RUNS)

    small, large = list_answer_ms(10_000), list_answer_ms(100_000)
    emit("list_answer_10k_lines_ms", small, "ms", contract="innovation-mou", runs=3)
    emit("list_answer_100k_lines_ms", large, "ms", contract="innovation-mou", runs=3)
    emit("list_answer_100k_vs_10k_ratio", large / small, "ratio", linear_below=12)


if __name__ == "__main__":
    main()
