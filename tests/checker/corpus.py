"""The labelled corpus: its documents, expected statuses, and precision/recall over them.

Shared by the tests and by benchmarks/bench_checker.py (which puts this folder on sys.path).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pppdraft.checker import CheckReport

CORPUS = Path(__file__).resolve().parent / "corpus"
LETTERS = {"P": "present", "M": "missing", "R": "red_flag"}
STATUSES = ("present", "missing", "red_flag")


@dataclass(frozen=True)
class LabelledDocument:
    name: str
    path: Path
    kind: str
    heldout: str | None
    expected: dict[str, str]


def load_corpus() -> list[LabelledDocument]:
    """Return every corpus document with its expected status per item."""
    data: dict[str, Any] = yaml.safe_load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))
    docs = []
    for name, entry in data["documents"].items():
        expected = {item: LETTERS[letter] for item, letter in entry["expected"].items()}
        docs.append(
            LabelledDocument(name, CORPUS / name, entry["kind"], entry.get("heldout"), expected)
        )
    return docs


@dataclass
class Metrics:
    """Counts over (document, item) pairs; `misses` lists (document, item, expected, got)."""

    total: int = 0
    correct: int = 0
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, doc: str, item: str, expected: str, got: str) -> None:
        self.total += 1
        self.correct += expected == got
        self.confusion[(expected, got)] = self.confusion.get((expected, got), 0) + 1
        if expected != got:
            self.misses.append((doc, item, expected, got))

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def precision(self, status: str) -> float:
        predicted = sum(n for (_, got), n in self.confusion.items() if got == status)
        return self.confusion.get((status, status), 0) / predicted if predicted else 1.0

    def recall(self, status: str) -> float:
        actual = sum(n for (exp, _), n in self.confusion.items() if exp == status)
        return self.confusion.get((status, status), 0) / actual if actual else 1.0

    def table(self) -> str:
        lines = [f"accuracy {self.accuracy:.3f} over {self.total} (document, item) pairs"]
        for status in STATUSES:
            lines.append(
                f"  {status:9} precision {self.precision(status):.3f}  "
                f"recall {self.recall(status):.3f}"
            )
        lines.extend(f"  miss: {d} {i}: expected {e}, got {g}" for d, i, e, g in self.misses)
        return "\n".join(lines)


def evaluate(
    docs: Iterable[LabelledDocument], check: Callable[[LabelledDocument], CheckReport]
) -> Metrics:
    """Return the metrics of `check` (a document → report function) over `docs`."""
    metrics = Metrics()
    for doc in docs:
        report = check(doc)
        got = report.statuses()
        for item, expected in doc.expected.items():
            metrics.add(doc.name, item, expected, got[item])
    return metrics
