"""Checker benchmark: accuracy on the labelled corpora and the time to check 100 pages.

Prints one JSON object per line:
- on the real, published contracts (tests/checker/real): checker_real_accuracy,
  checker_real_red_flag_recall, checker_real_red_flag_precision, checker_real_false_green
  (share of pairs reported present where the label is red flag or missing) and
  checker_real_unclear (share reported "check this"), and the extra line
  checker_real_red_flag_or_unclear_recall (red-flag labels answered red flag or "check this")
  on the held-out part the rules were
  never tuned on; the same with a `_tuned` suffix on the part they were tuned on, and with a
  `_fuller` suffix on the held-out documents of batch 4 (whole terms, DPAs and sections);
- on the corpus written here: checker_accuracy and checker_red_flag_recall (rendered as .docx,
  the format officials send), per-status precision and recall, the held-out rounds and the
  Markdown sources;
- check_100_pages_ms (median of check_document on a generated contract of 100+ pages);
- checker_flat_vs_sentences_ratio: the median time to check 24,000 words written as one
  paragraph without a full stop over the same words in sentences (target at most 2);
- checker_long_word_ms: the median time to check a .txt of one 50,000-letter "word" and a
  sentence (the sentence-boundary pattern used to backtrack over it for about a minute).
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
from real_corpus import RealMetrics, evaluate_real, load_real_corpus  # noqa: E402

from pppdraft.checker import check_document, check_text  # noqa: E402

FLAT_WORDS = 24_000
FLAT_RUNS = 5

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


FULLER_BATCH = 4


def emit_real(suffix: str, metrics: RealMetrics) -> None:
    extra = {"pairs": metrics.total}
    emit(f"checker_real_accuracy{suffix}", metrics.accuracy, "ratio", **extra)
    emit(
        f"checker_real_red_flag_recall{suffix}",
        metrics.red_flag_recall,
        "ratio",
        found=metrics.red_flags_found,
        of=metrics.red_flags,
    )
    # An extra line, beside (never instead of) the strict recall: red-flag labels answered
    # red flag or "check this".
    emit(
        f"checker_real_red_flag_or_unclear_recall{suffix}",
        metrics.red_flags_caught / metrics.red_flags if metrics.red_flags else 1.0,
        "ratio",
        found=metrics.red_flags_caught,
        of=metrics.red_flags,
    )
    emit(
        f"checker_real_red_flag_precision{suffix}",
        metrics.red_flag_precision,
        "ratio",
        right=metrics.red_flag_answers_right,
        of=metrics.red_flag_answers,
    )
    emit(
        f"checker_real_false_green{suffix}",
        metrics.false_green_rate,
        "ratio",
        count=metrics.false_green,
        **extra,
    )
    emit(f"checker_real_unclear{suffix}", metrics.unclear / max(metrics.total, 1), "ratio")


def real_corpus() -> None:
    docs = load_real_corpus()
    held = [d for d in docs if d.heldout]
    tuned = [d for d in docs if not d.heldout]
    emit_real("", evaluate_real(held, lambda d: check_document(d.path)))
    emit_real("_tuned", evaluate_real(tuned, lambda d: check_document(d.path)))
    # Batch 4: fuller documents (whole terms, DPAs, sections), held out within the batch.
    fuller = [d for d in held if d.batch == FULLER_BATCH]
    emit_real("_fuller", evaluate_real(fuller, lambda d: check_document(d.path)))


def flat_vs_sentences(sources: list[str]) -> None:
    """Time the same words as one paragraph without a full stop and as sentences."""
    words = " ".join(sources).replace("#", " ").replace("*", " ").replace("|", " ").split()
    words = [w.rstrip(".;!?:") for w in (words * (FLAT_WORDS // len(words) + 1))[:FLAT_WORDS]]
    flat = " ".join(words)
    sentences = " ".join(w + ("." if i % 20 == 19 else "") for i, w in enumerate(words))
    check_text("Warm-up. The City owns the data.")

    def median_ms(text: str) -> float:
        times = []
        for _ in range(FLAT_RUNS):
            start = time.perf_counter()
            check_text(text)
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    in_sentences = median_ms(sentences)
    one_paragraph = median_ms(flat)
    long_word = median_ms("a" * 50_000 + " . The City owns the data.")
    emit("checker_long_word_ms", long_word, "ms", runs=FLAT_RUNS, letters=50_000)
    emit(
        "checker_flat_vs_sentences_ratio",
        one_paragraph / in_sentences,
        "ratio",
        words=FLAT_WORDS,
        runs=FLAT_RUNS,
        flat_ms=round(one_paragraph, 1),
        sentences_ms=round(in_sentences, 1),
    )


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
    real_corpus()
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
        flat_vs_sentences(sources)
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
