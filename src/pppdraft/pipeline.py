"""The one build path: answers → validated → assembled → rendered Word documents.

`pppdraft build`, `pppdraft batch` and the app's "Build" button all call `build_documents`
(or `build_from_raw`, which loads and validates first), so a contract built in a batch is the
same document as the one built alone.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import diskcache
from .answers import Answers, validate_answers
from .assemble import assemble
from .blueprint import Blueprint, load_blueprint
from .draft import Draft
from .library import Library, cached_library
from .render.docx import Rendered, render_docx

DOC_LANGS = {"cs": ("cs",), "en": ("en",), "cs+en": ("cs", "en")}


@dataclass(frozen=True)
class Built:
    """One built document: its language, the Draft and the rendered .docx with manifest."""

    lang: str
    draft: Draft
    rendered: Rendered


def languages(doc_lang: str) -> tuple[str, ...]:
    """Return the languages of a document-language choice (`cs`, `en` or `cs+en`)."""
    return DOC_LANGS[doc_lang]


def build_documents(
    blueprint: Blueprint,
    answers: Answers,
    langs: Sequence[str],
    *,
    library: Library | None = None,
    choices: Mapping[str, str] | None = None,
    notes: bool = False,
    now: datetime | None = None,
) -> list[Built]:
    """Return the contract in each language of `langs` (assembled and rendered)."""
    built: list[Built] = []
    with _collector_paused():
        lib = library if library is not None else cached_library()
        for lang in langs:
            draft = assemble(blueprint, answers, lib, lang, choices)
            built.append(Built(lang, draft, render_docx(draft, notes=notes, now=now)))
    diskcache.flush()  # what this build added to the disk cache's bundle, for the next process
    return built


_PAUSE_LOCK = threading.Lock()
_PAUSED = [0, False]  # builds running, whether the collector was on before the first


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold Python's cyclic garbage collector while a build runs (in any thread).

    A build allocates objects in proportion to the answers and keeps them until it ends; the
    collector's full passes over them made a list answer of 100,000 lines cost 12x the time
    of 10,000 lines instead of 10x. Nothing a build makes needs collecting before it ends;
    what it leaves is collected as usual afterwards.
    """
    with _PAUSE_LOCK:
        if _PAUSED[0] == 0:
            _PAUSED[1] = gc.isenabled()
            gc.disable()
        _PAUSED[0] += 1
    try:
        yield
    finally:
        with _PAUSE_LOCK:
            _PAUSED[0] -= 1
            if _PAUSED[0] == 0 and _PAUSED[1]:
                gc.enable()


def build_from_raw(
    contract_type: str,
    raw: Any,
    langs: Sequence[str],
    *,
    library: Library | None = None,
    contracts: Path | None = None,
    notes: bool = False,
    now: datetime | None = None,
) -> list[Built]:
    """Return the documents for raw answers: load the type, validate (in the first language),
    assemble and render. Raises PppDraftError (AnswersError lists every bad field)."""
    with _collector_paused():  # loading makes long-lived objects: nothing to collect
        blueprint = load_blueprint(contract_type, contracts)
        answers = validate_answers(blueprint, raw, langs[0])
        return build_documents(blueprint, answers, langs, library=library, notes=notes, now=now)
