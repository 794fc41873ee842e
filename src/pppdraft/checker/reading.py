"""Reading the operative sentence of a finding: who is bound, how, and what limits it.

A rule finds words ("delete", "the data", "after termination"); whether the sentence protects
the municipality depends on more than the words:
- the *subject*: which party the sentence binds or empowers — the party named nearest before
  the sentence's modal word ("Dodavatel je oprávněn…", "the City shall…"); party names are the
  checklist's city and supplier groups, which include the names the contract defines for itself;
- the *modality*: a duty ("shall", "je povinen", "zavazuje se") or a permission ("may",
  "je oprávněn", "at its discretion"), and whether the modal is negated ("may not", "nesmí");
- *qualifiers* that take back what the sentence grants ("only through the supplier's portal",
  "for a fee", "subject to", "unless", "where feasible", "nebo alespoň");
- whether the sentence *defines* a term ("… means …", "… se rozumí …", "(dále jen …)") rather
  than binding anyone.

Everything here is bounded by one sentence (the text index caps a sentence's length), so
reading costs time linear in the document.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Literal

from pppdraft.checker.rules import Finding, Matcher, Term
from pppdraft.checker.text import fold

Party = Literal["city", "supplier"]
Modality = Literal["duty", "permission"]
# How far before a modal word its subject may stand ("Dodavatel je po skončení smlouvy
# povinen" puts four words between them).
SUBJECT_REACH = 8
# How far around a modal word a negation still negates it ("shall not", "není oprávněn").
MODAL_NEGATION_REACH = 2
# Words that join a predicate to the one before it, sharing its subject ("… and shall not").
_COORDINATORS = frozenset(
    fold(w) for w in ("and", "or", "but", "a", "ale", "nebo", "avšak", "však")
)
# How far before a qualifier a negation still takes it back ("without a fee").
QUALIFIER_NEGATION_REACH = 2
# How far from the words a rule matched an undermining qualifier ("for a fee") still
# undoes them; further away it only limits.
UNDERMINING_REACH = 8
# A definition marker counts when it stands among a sentence's first words.
DEFINITION_REACH = 10
# A glossary line defines its term before a colon: "Sub-Processor: Any third party we engage …",
# "Správce: CleanStay s.r.o." (at most four capitalised words, within the first characters).
GLOSSARY_HEAD = 80
_GLOSSARY = re.compile(r"\W{0,4}((?:[A-ZÁ-Ž][\w-]*\s+){0,3}[A-ZÁ-Ž][\w-]*)\s*\**:\s*\**\s*\S")
# Headings of a note, not terms: "Note: This DPA does not apply …".
_NOT_GLOSSARY = frozenset(
    {"note", "notes", "important", "example", "warning", "nb", "poznámka", "upozornění", "pozor"}
)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The words a reading looks for in one language (compiled from the checklist)."""

    city: tuple[Term, ...]
    supplier: tuple[Term, ...]
    duty: tuple[Term, ...]
    permission: tuple[Term, ...]
    negation: tuple[Term, ...]
    qualifiers: tuple[Term, ...]
    not_qualifiers: tuple[Term, ...]
    definitions: tuple[Term, ...]
    # Qualifiers that make the grant optional or paid ("for a fee", "reasonable efforts", "at
    # its discretion"): they undo the protection rather than merely limit it.
    undermining: tuple[Term, ...] = ()


@dataclass(frozen=True, slots=True)
class Reading:
    """What the sentence of one finding says about who does what."""

    subject: Party | None
    modality: Modality | None
    negated_modal: bool
    qualifiers: tuple[str, ...]
    definition: bool
    # A "Term: …" line: a definition too, but one that may carry an operative label ("Data
    # ownership: the City owns …"), so only conditions that ask for it read it as one.
    glossary: bool = False
    # The qualifiers among `qualifiers` that undo the grant rather than limit it.
    undermining: tuple[str, ...] = ()


@dataclass
class _Marks:
    """Sorted token positions of each kind of word, per sentence."""

    by_seg: dict[int, list[tuple[int, str]]] = field(default_factory=dict)

    def add(self, matcher: Matcher, terms: tuple[Term, ...], kind: str) -> None:
        for term in terms:
            for seg, spans in matcher.spans(term).items():
                bucket = self.by_seg.setdefault(seg, [])
                bucket.extend((lo, kind) for lo, _ in spans)

    def finish(self) -> None:
        for bucket in self.by_seg.values():
            bucket.sort()


class Reader:
    """Reads the sentences of one indexed document with one language's lexicon."""

    def __init__(self, matcher: Matcher, lexicon: Lexicon) -> None:
        self.matcher = matcher
        self.lexicon = lexicon
        self._marks = _Marks()
        for terms, kind in (
            (lexicon.city, "city"),
            (lexicon.supplier, "supplier"),
            (lexicon.duty, "duty"),
            (lexicon.permission, "permission"),
            (lexicon.negation, "negation"),
        ):
            self._marks.add(matcher, terms, kind)
        self._marks.finish()
        self._qualifiers: dict[int, list[tuple[int, str]]] = {}
        index = matcher.index
        excused: set[int] = set()
        for term in lexicon.not_qualifiers:
            for spans in matcher.spans(term).values():
                for lo, hi in spans:
                    excused.update(range(lo, hi + 1))
        self._undermining: dict[int, list[tuple[int, str]]] = {}
        for terms, by_seg in (
            (lexicon.qualifiers, self._qualifiers),
            (lexicon.undermining, self._undermining),
        ):
            for term in terms:
                for seg, spans in matcher.spans(term).items():
                    found = [
                        (lo, index.span_text(lo, hi))
                        for lo, hi in spans
                        if lo not in excused and not self._negated_span(seg, lo, hi)
                    ]
                    if found:
                        by_seg.setdefault(seg, []).extend(found)
        self._definitions: set[int] = set()
        self._glossary: set[int] = set()
        segments = index.segments
        for term in lexicon.definitions:
            for seg, spans in matcher.spans(term).items():
                if any(lo - segments[seg].tok_lo < DEFINITION_REACH for lo, _ in spans):
                    self._definitions.add(seg)
        for seg, segment in enumerate(segments):
            head = index.texts[segment.block][segment.char_lo : segment.char_lo + GLOSSARY_HEAD]
            glossary = _GLOSSARY.match(head)
            if glossary and glossary.group(1).split()[0].casefold() not in _NOT_GLOSSARY:
                self._glossary.add(seg)
        self._cache: dict[tuple[int, int], Reading] = {}

    def _negated_span(self, seg: int, lo: int, hi: int) -> bool:
        """Return True if a negation stands in or just before tokens lo..hi: a qualifier that
        is negated takes nothing away ("no additional fee", „žádné poplatky“)."""
        marks = self._marks.by_seg.get(seg, [])
        positions = [p for p, _ in marks]
        start = bisect.bisect_left(positions, lo - QUALIFIER_NEGATION_REACH)
        stop = bisect.bisect_right(positions, hi)
        return any(kind == "negation" for _, kind in marks[start:stop])

    def _possessive(self, pos: int) -> bool:
        """Return True if the party word at `pos` is a possessive ("the Customer's data"),
        which names an owner, not the sentence's subject."""
        tokens = self.matcher.index.tokens
        return pos + 1 < len(tokens) and tokens[pos + 1] == "s"

    def party_before(self, seg: int, pos: int) -> Party | None:
        """Return the party named nearest before token `pos` of sentence `seg` (within reach),
        not counting possessives."""
        marks = self._marks.by_seg.get(seg, [])
        positions = [p for p, _ in marks]
        start = bisect.bisect_left(positions, pos - SUBJECT_REACH)
        stop = bisect.bisect_left(positions, pos)
        for at, kind in reversed(marks[start:stop]):
            if kind in ("city", "supplier") and not self._possessive(at):
                return kind  # type: ignore[return-value]
        return None

    def _subject_of(self, seg: int, modal_at: int) -> Party | None:
        """Return the subject of the modal word at `modal_at`: the party before it, or, for a
        predicate coordinated with an earlier one ("The Provider shall keep the Customer's data
        confidential and shall not disclose it"), the subject of the earlier modal."""
        tokens = self.matcher.index.tokens
        marks = self._marks.by_seg.get(seg, [])
        at = modal_at
        for _ in range(len(marks)):
            if at - 1 >= 0 and tokens[at - 1] in _COORDINATORS:
                earlier = [p for p, kind in marks if p < at - 1 and kind in ("duty", "permission")]
                if earlier:
                    at = earlier[-1]
                    continue
            break
        return self.party_before(seg, at)

    def read(self, finding: Finding) -> Reading:
        """Return the reading of the sentence `finding` was made in."""
        key = (finding.segment, finding.window[0])
        found = self._cache.get(key)
        if found is None:
            found = self._read(finding.segment, finding.window[0], finding.window[1])
            self._cache[key] = found
        return found

    def _read(self, seg: int, lo: int, hi: int) -> Reading:
        marks = self._marks.by_seg.get(seg, [])
        positions = [p for p, _ in marks]
        # The modal word that governs the match: the last one before the match's end
        # ("Dodavatel je povinen data předat" — "povinen" before "předat").
        modal_at = None
        modality: Modality | None = None
        end = bisect.bisect_right(positions, hi)
        for i in range(end - 1, -1, -1):
            pos, kind = marks[i]
            if kind in ("duty", "permission"):
                modal_at, modality = pos, kind  # type: ignore[assignment]
                break
        if modal_at is None:
            # No modal before the end: the first one after it ("The data … shall be deleted").
            for pos, kind in marks[end:]:
                if kind in ("duty", "permission"):
                    modal_at, modality = pos, kind  # type: ignore[assignment]
                    break
        subject: Party | None = None
        negated = False
        if modal_at is not None:
            subject = self._subject_of(seg, modal_at)
            near_lo = bisect.bisect_left(positions, modal_at - MODAL_NEGATION_REACH)
            near_hi = bisect.bisect_right(positions, modal_at + MODAL_NEGATION_REACH)
            negated = any(kind == "negation" for _, kind in marks[near_lo:near_hi])
        else:
            # No modal word: the first party the sentence names ("We need the right to host
            # Your Content, publish it …" is the supplier speaking).
            for _, kind in marks:
                if kind in ("city", "supplier"):
                    subject = kind  # type: ignore[assignment]
                    break
        # An undermining qualifier far from the match may qualify another predicate of the
        # sentence ("… předá dokumentaci a na žádost zajistí za úplatu práci …"): there it
        # only limits.
        undermining = tuple(
            text
            for at, text in sorted(self._undermining.get(seg, []))
            if lo - UNDERMINING_REACH <= at <= hi + UNDERMINING_REACH
        )
        qualifiers = tuple(
            text
            for _, text in sorted(self._qualifiers.get(seg, []) + self._undermining.get(seg, []))
        )
        return Reading(
            subject=subject,
            modality=modality,
            negated_modal=negated,
            qualifiers=qualifiers,
            definition=seg in self._definitions,
            glossary=seg in self._glossary,
            undermining=undermining,
        )
