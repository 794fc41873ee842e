"""Checker benchmark: accuracy on the labelled corpus and the time to check 100 pages.

Prints one JSON object per line: checker_accuracy and checker_red_flag_recall (over the
corpus rendered as .docx, the format officials send), per-status precision and recall, the
same over the held-out documents and over the Markdown sources, and check_100_pages_ms
(median of check_document on a generated contract of 100+ pages).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "checker"))

from corpus import STATUSES, Metrics, evaluate, load_corpus  # noqa: E402
from corpus_docx import long_contract_markdown, markdown_to_docx  # noqa: E402

from pppdraft.checker import check_document  # noqa: E402

RUNS = 11
# Words on one page of the generated contract (default template, numbered clauses), as
# LibreOffice lays it out: 45,000 words made 177 pages.
WORDS_PER_PAGE = 255


def emit(metric: str, value: float, unit: str, **extra: Any) -> None:
    print(json.dumps({"metric": metric, "value": round(value, 4), "unit": unit, **extra}))


def emit_metrics(prefix: str, metrics: Metrics, **extra: Any) -> None:
    emit(f"{prefix}accuracy", metrics.accuracy, "ratio", pairs=metrics.total, **extra)
    for status in STATUSES:
        emit(f"{prefix}{status}_precision", metrics.precision(status), "ratio", **extra)
        emit(f"{prefix}{status}_recall", metrics.recall(status), "ratio", **extra)


def pdf_pages(docx: Path, workdir: Path) -> int | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    profile = workdir / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(workdir), str(docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    from pypdf import PdfReader

    return len(PdfReader(workdir / (docx.stem + ".pdf")).pages)


def main() -> None:
    docs = load_corpus()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docx = {
            d.name: markdown_to_docx(
                d.path.read_text(encoding="utf-8"),
                work / f"{d.path.stem}.docx",
                "style" if i % 2 else "direct",
            )
            for i, d in enumerate(docs)
        }
        metrics = evaluate(docs, lambda d: check_document(docx[d.name]))
        emit("checker_accuracy", metrics.accuracy, "ratio", pairs=metrics.total, format="docx")
        emit("checker_red_flag_recall", metrics.recall("red_flag"), "ratio", format="docx")
        emit_metrics("checker_docx_", metrics)
        for round_ in ("v1", "v2", "v3"):
            held = [d for d in docs if d.heldout == round_]
            emit_metrics(
                f"checker_heldout_{round_}_", evaluate(held, lambda d: check_document(docx[d.name]))
            )
        emit_metrics("checker_md_", evaluate(docs, lambda d: check_document(d.path)))

        sources = [d.path.read_text(encoding="utf-8") for d in docs]
        long_md = long_contract_markdown(sources, 100 * WORDS_PER_PAGE)
        long_docx = markdown_to_docx(long_md, work / "long.docx")
        check_document(long_docx)  # warm-up: checklist load and compile
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            check_document(long_docx)
            times.append((time.perf_counter() - start) * 1000)
        pages = pdf_pages(long_docx, work) if os.environ.get("BENCH_PAGES", "1") == "1" else None
        emit(
            "check_100_pages_ms",
            statistics.median(times),
            "ms",
            runs=RUNS,
            pages=pages,
            words=len(long_md.split()),
        )


if __name__ == "__main__":
    main()
