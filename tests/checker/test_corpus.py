"""Precision and recall per status over the labelled corpus, in every format it comes in.

The corpus (tests/checker/corpus/*.md) is 25 contracts and excerpts written for these tests,
Czech and English, city-friendly, vendor-friendly, mixed and silent; labels.yaml gives the
expected status of every checklist item for each. The floors are below the measured values
(see the final report) so that a rule change that costs accuracy fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pppdraft.checker import check_document, load_checklist

from .corpus import STATUSES, LabelledDocument, Metrics, evaluate

ACCURACY_FLOOR = 0.95
RED_FLAG_RECALL_FLOOR = 0.95
STATUS_FLOOR = 0.9
PDF_ACCURACY_FLOOR = 0.93


def assert_floors(metrics: Metrics, accuracy: float = ACCURACY_FLOOR) -> None:
    report = metrics.table()
    print(report)
    assert metrics.accuracy >= accuracy, report
    assert metrics.recall("red_flag") >= RED_FLAG_RECALL_FLOOR, report
    for status in STATUSES:
        assert metrics.precision(status) >= STATUS_FLOOR, report
        assert metrics.recall(status) >= STATUS_FLOOR, report


def test_the_corpus_is_big_and_varied_enough(corpus: list[LabelledDocument]) -> None:
    assert len(corpus) >= 12
    assert {d.name[:2] for d in corpus} == {"cs", "en"}
    kinds = {d.kind for d in corpus}
    assert {"city-friendly", "vendor-friendly", "mixed", "silent"} <= kinds
    for doc in corpus:
        assert doc.path.is_file(), doc.name


def test_every_document_is_labelled_for_every_item(corpus: list[LabelledDocument]) -> None:
    ids = [item.id for item in load_checklist().items]
    for doc in corpus:
        assert sorted(doc.expected) == sorted(ids), doc.name
    statuses = {s for doc in corpus for s in doc.expected.values()}
    assert statuses == set(STATUSES)


def test_markdown_sources_meet_the_floors(corpus: list[LabelledDocument]) -> None:
    assert_floors(evaluate(corpus, lambda d: check_document(d.path)))


def test_docx_renderings_meet_the_floors(
    corpus: list[LabelledDocument], corpus_docx: dict[str, Path]
) -> None:
    assert_floors(evaluate(corpus, lambda d: check_document(corpus_docx[d.name])))


def test_docx_and_markdown_agree_on_every_item(
    corpus: list[LabelledDocument], corpus_docx: dict[str, Path]
) -> None:
    for doc in corpus:
        assert (
            check_document(doc.path).statuses() == check_document(corpus_docx[doc.name]).statuses()
        ), doc.name


@pytest.mark.libreoffice
def test_pdf_exports_meet_the_floors(
    corpus: list[LabelledDocument], corpus_pdf: dict[str, Path]
) -> None:
    assert_floors(
        evaluate(corpus, lambda d: check_document(corpus_pdf[d.name])), PDF_ACCURACY_FLOOR
    )


def test_no_false_red_flag_on_city_friendly_documents(corpus: list[LabelledDocument]) -> None:
    for doc in corpus:
        if doc.kind != "city-friendly":
            continue
        report = check_document(doc.path)
        wrong = [
            i.id
            for i in report.items
            if i.status == "red_flag" and doc.expected[i.id] != "red_flag"
        ]
        assert not wrong, (doc.name, wrong)
