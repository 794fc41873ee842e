"""The matching engine: terms over folded tokens, rules made of terms, and negation.

A *term* is a small phrase pattern written in the checklist, e.g. ``"bez .. souhlas*"``:
space-separated token specs, each a ``|``-list of words; a word ending in ``*`` matches any
token starting with it, ``#`` matches a number and ``..`` (or ``..5``) skips up to 3 (5)
tokens. Words are folded like the text, so diacritics in the checklist do not matter.

A *rule* fires on a segment (sentence) holding every one of its term slots, none of its
``none`` terms, within ``within`` tokens, and with the negation its mode asks for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from pppdraft.checker.text import TextIndex, fold

NegationMode = Literal["block", "require", "ignore"]
Spans = dict[int, list[tuple[int, int]]]
# How many tokens before a rule's first matched word a negation still reaches.
NEGATION_REACH = 6
# A sentence cue negates the sentence when it stands among its first words.
SENTENCE_CUE_REACH = 3
_DEFAULT_GAP = 3
_SEPARATORS_RE = re.compile(r"[^\w*|#.\s]|(?<=\w)\.(?=\w)")


@dataclass(frozen=True, slots=True)
class TokenSpec:
    """One position of a term: exact words, prefixes, or any number."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]
    number: bool = False

    def matches(self, token: str) -> bool:
        return (
            token in self.exact
            or (bool(self.prefixes) and token.startswith(self.prefixes))
            or (self.number and token.isdigit())
        )


@dataclass(frozen=True, slots=True)
class Gap:
    """Up to `size` arbitrary tokens."""

    size: int


@dataclass(frozen=True, slots=True)
class Term:
    """A compiled phrase pattern; `source` is what the checklist says."""

    source: str
    specs: tuple[TokenSpec | Gap, ...]


class TermSyntaxError(ValueError):
    """A term in the checklist cannot be compiled."""


def compile_term(source: str) -> Term:
    """Return the compiled term for `source`, or raise TermSyntaxError."""
    specs: list[TokenSpec | Gap] = []
    # Hyphens, slashes and apostrophes split words, as they do in the text ("bude-li").
    for part in _SEPARATORS_RE.sub(" ", source).split():
        if part.startswith(".."):
            size_text = part[2:]
            if size_text and not size_text.isdigit():
                raise TermSyntaxError(f"gap {part!r} must be '..' or '..N'")
            specs.append(Gap(int(size_text) if size_text else _DEFAULT_GAP))
            continue
        exact: set[str] = set()
        prefixes: list[str] = []
        number = False
        for alt in part.split("|"):
            if alt == "#":
                number = True
                continue
            word = fold(alt.rstrip("*"))
            if not word or not word.isalnum():
                raise TermSyntaxError(f"{alt!r} in {source!r} is not a word")
            if alt.endswith("*"):
                prefixes.append(word)
            else:
                exact.add(word)
        specs.append(TokenSpec(frozenset(exact), tuple(prefixes), number))
    if not specs or isinstance(specs[0], Gap) or isinstance(specs[-1], Gap):
        raise TermSyntaxError(f"term {source!r} must start and end with a word")
    return Term(source, tuple(specs))


class Matcher:
    """Finds terms in one document's index; caches each term's spans per segment."""

    def __init__(self, index: TextIndex) -> None:
        self.index = index
        self._cache: dict[str, Spans] = {}
        self._positions: dict[TokenSpec, list[int]] = {}

    def positions(self, spec: TokenSpec) -> list[int]:
        """Return the token positions matching one token spec (cached)."""
        cached = self._positions.get(spec)
        if cached is not None:
            return cached
        index = self.index
        out: list[int] = []
        for word in spec.exact:
            out.extend(index.postings.get(word, ()))
        for prefix in spec.prefixes:
            out.extend(index.positions_with_prefix(prefix))
        if spec.number:
            out.extend(index.numbers)
        self._positions[spec] = out
        return out

    def spans(self, term: Term) -> Spans:
        """Return {segment: [(first token, last token), …]} where `term` occurs."""
        cached = self._cache.get(term.source)
        if cached is not None:
            return cached
        index = self.index
        tokens = index.tokens
        tok_seg = index.tok_seg
        first = term.specs[0]
        assert isinstance(first, TokenSpec)
        rest = term.specs[1:]
        starts = self.positions(first)
        if rest:
            # Start only in sentences that hold the rarest word of the phrase.
            specs = [sp for sp in term.specs if isinstance(sp, TokenSpec)]
            rarest = min(specs, key=lambda sp: len(self.positions(sp)))
            if rarest is not first:
                segs = {tok_seg[p] for p in self.positions(rarest)}
                starts = [p for p in starts if tok_seg[p] in segs]
        out: Spans = {}
        for start in starts:
            end = self._extend(rest, start, tok_seg[start], tokens, tok_seg) if rest else start
            if end is not None:
                out.setdefault(tok_seg[start], []).append((start, end))
        for spans in out.values():
            spans.sort()
        self._cache[term.source] = out
        return out

    @staticmethod
    def _extend(
        specs: tuple[TokenSpec | Gap, ...],
        pos: int,
        seg: int,
        tokens: list[str],
        tok_seg: list[int],
    ) -> int | None:
        """Return the last token of the phrase starting at `pos`, or None."""
        gap = 0
        n = len(tokens)
        for spec in specs:
            if isinstance(spec, Gap):
                gap = spec.size
                continue
            found = None
            for q in range(pos + 1, min(pos + 2 + gap, n)):
                if tok_seg[q] != seg:
                    break
                if spec.matches(tokens[q]):
                    found = q
                    break
            if found is None:
                return None
            pos = found
            gap = 0
        return pos


def union_spans(parts: Iterable[Spans]) -> Spans:
    """Return the spans of any of several terms."""
    out: Spans = {}
    for part in parts:
        for seg, spans in part.items():
            out.setdefault(seg, []).extend(spans)
    return out


def windows(slots: list[list[tuple[int, int]]]) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Return token windows holding one span of every slot, smallest first, with those spans."""
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    starts = sorted({s for spans in slots for s, _ in spans})
    for left in starts:
        chosen: list[tuple[int, int]] = []
        for spans in slots:
            candidates = [sp for sp in spans if sp[0] >= left]
            if not candidates:
                break
            chosen.append(min(candidates, key=lambda sp: sp[1]))
        else:
            lo = min(sp[0] for sp in chosen)
            if lo == left:
                out.append((lo, max(sp[1] for sp in chosen), chosen))
    out.sort(key=lambda w: (w[1] - w[0], w[0]))
    return out


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled checklist rule; `id` is what a finding cites."""

    id: str
    item: str
    status: Literal["present", "red_flag"]
    lang: Literal["cs", "en"]
    slots: tuple[tuple[Term, ...], ...] = field(repr=False)
    none: tuple[Term, ...] = field(repr=False)
    negation: NegationMode
    within: int | None
    # A weak red flag counts only where nothing protective was found for its item.
    weak: bool = False
    # Slots that may match anywhere in the same paragraph ("… předá je Obci": "je" = the data).
    paragraph_slots: tuple[tuple[Term, ...], ...] = field(default=(), repr=False)


@dataclass(frozen=True, slots=True)
class Negation:
    """What counts as a negation in one language."""

    cues: tuple[Term, ...]
    not_negation: tuple[Term, ...]
    prefix: str | None
    prefix_min_length: int
    prefix_exceptions: tuple[str, ...]
    sentence_cues: tuple[Term, ...] = ()

    def positions(self, matcher: Matcher) -> tuple[dict[int, list[int]], set[int]]:
        """Return ({segment: token positions of negation cues}, segments negated as a whole).

        A sentence cue ("Nothing in this Agreement …", "Žádné ustanovení …") among the first
        words of a sentence negates all of it.
        """
        index = matcher.index
        excused: set[int] = set()
        for term in self.not_negation:
            for spans in matcher.spans(term).values():
                for lo, hi in spans:
                    excused.update(range(lo, hi + 1))
        whole: set[int] = set()
        for term in self.sentence_cues:
            for seg, spans in matcher.spans(term).items():
                first = index.segments[seg].tok_lo
                if any(lo - first < SENTENCE_CUE_REACH and lo not in excused for lo, _ in spans):
                    whole.add(seg)
        hits: set[int] = set()
        for term in self.cues:
            for spans in matcher.spans(term).values():
                hits.update(lo for lo, _ in spans)
        if self.prefix:
            for pos in index.positions_with_prefix(self.prefix):
                word = index.tokens[pos]
                if len(word) >= self.prefix_min_length and not word.startswith(
                    self.prefix_exceptions
                ):
                    hits.add(pos)
        hits -= excused
        out: dict[int, list[int]] = {}
        for pos in sorted(hits):
            out.setdefault(index.tok_seg[pos], []).append(pos)
        return out, whole


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule that fired: where, and which words made it fire."""

    rule: Rule
    segment: int
    block: int
    window: tuple[int, int]
    matched: tuple[str, ...]
    negated: bool


def evaluate(
    rules: Iterable[Rule], matcher: Matcher, negations: dict[str, Negation]
) -> list[Finding]:
    """Return every finding of `rules` in the indexed document, in document order per rule."""
    index = matcher.index
    cue_cache: dict[str, tuple[dict[int, list[int]], set[int]]] = {}
    findings: list[Finding] = []
    slot_cache: dict[tuple[Term, ...], Spans] = {}

    def slot_union(slot: tuple[Term, ...]) -> Spans:
        found = slot_cache.get(slot)
        if found is None:
            found = union_spans(matcher.spans(t) for t in slot)
            slot_cache[slot] = found
        return found

    for rule in rules:
        slot_spans: list[Spans] = []
        for slot in rule.slots:
            spans = slot_union(slot)
            if not spans:
                break
            slot_spans.append(spans)
        if len(slot_spans) < len(rule.slots):
            continue  # a slot occurs nowhere in the document
        smallest: Spans = min(slot_spans, key=len)
        candidates = set(smallest)
        for spans in slot_spans:
            candidates.intersection_update(spans)
            if not candidates:
                break
        if candidates and rule.paragraph_slots:
            segments = index.segments
            for slot in rule.paragraph_slots:
                blocks = {segments[seg].block for seg in slot_union(slot)}
                candidates = {c for c in candidates if segments[c].block in blocks}
        if not candidates:
            continue
        blocked: set[int] = set()
        for term in rule.none:
            blocked.update(matcher.spans(term))
        cached = cue_cache.get(rule.lang)
        if cached is None:
            cached = negations[rule.lang].positions(matcher)
            cue_cache[rule.lang] = cached
        cues, whole = cached
        for seg in sorted(candidates - blocked):
            seg_cues = cues.get(seg, ())
            for lo, hi, chosen in windows([spans[seg] for spans in slot_spans]):
                if rule.within is not None and hi - lo + 1 > rule.within:
                    break
                negated = seg in whole or any(lo - NEGATION_REACH <= c <= hi for c in seg_cues)
                if (rule.negation == "block" and negated) or (
                    rule.negation == "require" and not negated
                ):
                    continue
                chosen.sort()
                matched = tuple(index.span_text(a, b) for a, b in chosen)
                block = index.segments[seg].block
                findings.append(Finding(rule, seg, block, (lo, hi), matched, negated))
                break
    return findings
