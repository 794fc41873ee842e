"""The corpus of real, published contracts: recorded sources, a held-out third, and floors.

The floors sit below the values measured when the rules were last changed (see
docs/architecture.md), so a rule change that costs accuracy on the tuned part, or lets a false
green through anywhere, fails here. Scores themselves are reported by `make bench`.

The tuned-part floors apply to the batches the rules were tuned on (`FLOOR_BATCHES`: 1–5,
batch 5 since wave 3 tuned on its tuned part). A newer batch is labelled and scored before any
rule is tuned on it (its before-scores are in tests/checker/real/README.md); its tuned part
enters the floors when the rules are tuned on it. The held-out false-green ceiling covers every
batch, new ones included.
"""

from __future__ import annotations

import pytest

from pppdraft.checker import check_document

from .real_corpus import RealDocument, evaluate_real, load_real_corpus

TUNED_ACCURACY_FLOOR = 0.97
TUNED_RED_FLAG_RECALL_FLOOR = 0.9
HELDOUT_FALSE_GREEN_CEILING = 0.02  # the target: at most 2 % of pairs
# False greens the rules do not fix in general terms, 6 of 1,020 tuned pairs (batches 1–5):
# a liability sentence about breaches of the DPA itself; an audit "by authorities" the supplier
# assists with; a non-exclusive licence the town grants read as no exclusivity; guidance text
# ("Contracting Officers are encouraged to …") read as operative; a signed copy "for your
# records". The ceiling keeps any new one from slipping in.
TUNED_FALSE_GREEN_CEILING = 0.006
# The batches the tuned-part floors were measured on (wave 3 tuned on batch 5's tuned part).
FLOOR_BATCHES = frozenset({1, 2, 3, 4, 5})


@pytest.fixture(scope="module")
def real() -> list[RealDocument]:
    return load_real_corpus()


def test_the_corpus_is_real_varied_and_recorded(real: list[RealDocument]) -> None:
    assert len(real) >= 30
    assert {d.name[:2] for d in real} == {"cs", "en"}
    for doc in real:
        assert doc.path.is_file(), doc.name
        assert doc.source and doc.licence, doc.name
        assert doc.path.read_text(encoding="utf-8").strip(), doc.name
    labels = {status for d in real for status in d.expected.values()}
    assert labels == {"present", "missing", "red_flag"}


def test_at_least_a_third_is_held_out(real: list[RealDocument]) -> None:
    held = [d for d in real if d.heldout]
    assert 3 * len(held) >= len(real)
    assert {d.name[:2] for d in held} == {"cs", "en"}


def test_the_tuned_part_meets_its_floors(real: list[RealDocument]) -> None:
    tuned = [d for d in real if not d.heldout and d.batch in FLOOR_BATCHES]
    assert tuned, "no tuned documents in the floor batches"
    metrics = evaluate_real(tuned, lambda d: check_document(d.path))
    print(metrics.table())
    assert metrics.accuracy >= TUNED_ACCURACY_FLOOR, metrics.table()
    assert metrics.red_flag_recall >= TUNED_RED_FLAG_RECALL_FLOOR, metrics.table()
    assert metrics.false_green_rate <= TUNED_FALSE_GREEN_CEILING, metrics.table()


def test_the_held_out_part_stays_under_the_false_green_ceiling(real: list[RealDocument]) -> None:
    metrics = evaluate_real([d for d in real if d.heldout], lambda d: check_document(d.path))
    assert metrics.false_green_rate <= HELDOUT_FALSE_GREEN_CEILING, metrics.false_green
