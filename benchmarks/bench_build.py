"""Build benchmark: the largest scenario end to end beside a bare docxtpl render of it."""

from __future__ import annotations

import io
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

import pppdraft
from pppdraft.render.docx import context_of, default_template, jinja_env
from pppdraft.yamlio import parse_yaml

ROOT = Path(__file__).resolve().parents[1]
RUNS = 25


def emit(metric: str, value: float, unit: str, **extra: Any) -> None:
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, **extra}))


def median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    fn()  # warm-up: imports, template caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


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


def main() -> None:
    contract_type, path, raw = largest_scenario()
    library = pppdraft.load_library()
    blueprint = pppdraft.load_blueprint(contract_type)

    def build() -> bytes:
        answers = pppdraft.validate_answers(blueprint, raw, "cs")
        draft = pppdraft.assemble(blueprint, answers, library, "cs")
        return bytes(pppdraft.render_docx(draft).docx)

    def build_cold() -> bytes:
        draft = pppdraft.build(contract_type, raw, "cs", library=pppdraft.load_library())
        return bytes(pppdraft.render_docx(draft).docx)

    draft = pppdraft.build(contract_type, raw, "cs", library=library)
    context = context_of(draft)
    template = default_template()

    def bare_docxtpl() -> bytes:
        tpl = DocxTemplate(str(template))
        tpl.render(context, jinja_env=jinja_env(), autoescape=True)
        out = io.BytesIO()
        tpl.save(out)
        return out.getvalue()

    build_ms = median_ms(build)
    baseline_ms = median_ms(bare_docxtpl)
    scenario = f"{contract_type}/{path.stem}"
    emit("build_ms", build_ms, "ms", scenario=scenario, runs=RUNS, clauses=len(draft.clauses))
    emit("build_cold_ms", median_ms(build_cold, 10), "ms", scenario=scenario, runs=10)
    emit("docxtpl_baseline_ms", baseline_ms, "ms", scenario=scenario, runs=RUNS)
    emit("build_vs_baseline_ratio", build_ms / baseline_ms, "ratio", scenario=scenario)


if __name__ == "__main__":
    main()
