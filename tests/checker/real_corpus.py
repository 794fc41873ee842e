"""The corpus of real, published contracts (tests/checker/real): labels, the held-out split and
the scores the benchmark reports.

Shared by the tests and by benchmarks/bench_checker.py (which puts this folder on sys.path).
A report's `unclear` ("check this") never counts as correct — the labels have only present,
missing and red flag — but it is not green either: `false_green` counts only `present` answers
where the label is red flag or missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pppdraft.checker import CheckReport, load_checklist

REAL = Path(__file__).resolve().parent / "real"
LETTERS = {"P": "present", "M": "missing", "R": "red_flag"}


@dataclass(frozen=True)
class RealDocument:
    name: str
    path: Path
    source: str
    licence: str
    heldout: bool
    expected: dict[str, str]
    batch: int = 1


def load_real_corpus() -> list[RealDocument]:
    """Return every real document with its expected status per item (unlisted: missing)."""
    data: dict[str, Any] = yaml.safe_load((REAL / "labels.yaml").read_text(encoding="utf-8"))
    item_ids = [item.id for item in load_checklist().items]
    batches: dict[int, list[str]] = {}
    for name, entry in data["documents"].items():
        batches.setdefault(entry.get("batch", 1), []).append(name)
    position = {name: i for names in batches.values() for i, name in enumerate(sorted(names))}
    docs = []
    for name in sorted(data["documents"]):
        entry = data["documents"][name]
        unknown = set(entry["labels"]) - set(item_ids)
        if unknown:
            raise ValueError(f"{name}: unknown checklist items {sorted(unknown)}")
        expected = {item: LETTERS[entry["labels"].get(item, "M")] for item in item_ids}
        docs.append(
            RealDocument(
                name=name,
                path=REAL / "docs" / f"{name}.md",
                source=entry["source"],
                licence=entry["licence"],
                heldout=position[name] % 3 == 0,  # the rule in labels.yaml, fixed before tuning
                expected=expected,
                batch=entry.get("batch", 1),
            )
        )
    return docs


@dataclass
class RealMetrics:
    """Counts over (document, item) pairs; `misses` lists (document, item, expected, got)."""

    total: int = 0
    correct: int = 0
    red_flags: int = 0
    red_flags_found: int = 0
    # Red-flag labels answered red flag or "check this" (never green, never silent).
    red_flags_caught: int = 0
    red_flag_answers: int = 0
    red_flag_answers_right: int = 0
    false_green: int = 0
    unclear: int = 0
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, doc: str, item: str, expected: str, got: str) -> None:
        self.total += 1
        self.correct += expected == got
        if expected == "red_flag":
            self.red_flags += 1
            self.red_flags_found += got == "red_flag"
            self.red_flags_caught += got in ("red_flag", "unclear")
        if got == "red_flag":
            self.red_flag_answers += 1
            self.red_flag_answers_right += expected == "red_flag"
        self.false_green += got == "present" and expected != "present"
        self.unclear += got == "unclear"
        if expected != got:
            self.misses.append((doc, item, expected, got))

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def red_flag_recall(self) -> float:
        return self.red_flags_found / self.red_flags if self.red_flags else 1.0

    @property
    def red_flag_precision(self) -> float:
        return self.red_flag_answers_right / self.red_flag_answers if self.red_flag_answers else 1.0

    @property
    def false_green_rate(self) -> float:
        return self.false_green / self.total if self.total else 0.0

    def table(self) -> str:
        lines = [
            f"accuracy {self.accuracy:.3f} over {self.total} pairs; red flag recall "
            f"{self.red_flags_found}/{self.red_flags}, precision {self.red_flag_answers_right}/"
            f"{self.red_flag_answers}; false greens {self.false_green}; unclear {self.unclear}"
        ]
        lines.extend(f"  miss: {d} {i}: expected {e}, got {g}" for d, i, e, g in self.misses)
        return "\n".join(lines)


def evaluate_real(
    docs: Iterable[RealDocument], check: Callable[[RealDocument], CheckReport]
) -> RealMetrics:
    metrics = RealMetrics()
    for doc in docs:
        got = check(doc).statuses()
        for item, expected in doc.expected.items():
            metrics.add(doc.name, item, expected, got[item])
    return metrics
