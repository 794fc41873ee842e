"""The matching engine: terms over folded tokens, rules made of terms, and negation.

A *term* is a small phrase pattern written in the checklist, e.g. ``"bez .. souhlas*"``:
space-separated token specs, each a ``|``-list of words; a word ending in ``*`` matches any
token starting with it, ``#`` matches a number and ``..`` (or ``..5``) skips up to 3 (5)
tokens. Words are folded like the text, so diacritics in the checklist do not matter.

A *rule* fires on a segment (sentence) holding every one of its term slots, none of its
``none`` terms, within ``within`` tokens, and with the negation its mode asks for.

A match is negated by a cue shortly before or inside it (unless a new coordinated predicate
starts in between), by a sentence cue or a nullifier, or by a refusal word it does not itself
consist of. Two negations cancel out: a negated obstruction word ("nesmí … omezit",
"shall not withhold") protects whatever it governs — see `Negation`.
"""

from __future__ import annotations

import bisect
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
# How many tokens before an obstruction word ("omezit", "withhold") a negation still binds
# it: "Partner není oprávněn předání Aktiv, dokumentace, softwaru ani dat odepřít".
DOUBLE_REACH = 8
# Obstruction words at most this far apart form one chain: "odepřít, odložit ani podmínit".
CHAIN_GAP = 3
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
    """Return token windows holding one span of every slot, smallest first, with those spans.

    A window starts at a span's first token; from each slot it takes, among the spans starting
    there or later, the one that ends first. Each slot's spans are sorted once with the
    earliest end from each position on, so a window costs a binary search per slot, not a scan
    of every span (a sentence-less paragraph of thousands of words has thousands of spans).
    """
    tables: list[tuple[list[int], list[tuple[int, int]]]] = []
    for spans in slots:
        ordered = sorted(spans)
        best: list[tuple[int, int]] = [ordered[-1]] * len(ordered)
        for i in range(len(ordered) - 2, -1, -1):
            here, after = ordered[i], best[i + 1]
            best[i] = here if here[1] <= after[1] else after
        tables.append(([lo for lo, _ in ordered], best))
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    starts = sorted({s for spans in slots for s, _ in spans})
    for left in starts:
        chosen: list[tuple[int, int]] = []
        for firsts, best in tables:
            i = bisect.bisect_left(firsts, left)
            if i == len(firsts):
                break
            chosen.append(best[i])
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
    status: Literal["present", "red_flag", "undo"]
    lang: Literal["cs", "en"]
    slots: tuple[tuple[Term, ...], ...] = field(repr=False)
    none: tuple[Term, ...] = field(repr=False)
    negation: NegationMode
    within: int | None
    # A weak red flag counts only where nothing protective was found for its item.
    weak: bool = False
    # Slots that may match anywhere in the same paragraph ("… předá je Obci": "je" = the data).
    paragraph_slots: tuple[tuple[Term, ...], ...] = field(default=(), repr=False)
    # `none` terms that block the rule anywhere in the same paragraph ("… may engage
    # sub-processors. The Customer may object …": the objection right follows).
    paragraph_none: tuple[Term, ...] = field(default=(), repr=False)
    # `none` terms that block the rule anywhere in the document ("We engage sub-processors"
    # is no red flag where another section gives the town an objection right).
    document_none: tuple[Term, ...] = field(default=(), repr=False)


@dataclass(frozen=True, slots=True)
class DoubleNegation:
    """A negated obstruction word: "nesmí … omezit", "shall not withhold", "nebrání".

    `words` are the obstruction words (a chain: "odepřít, odložit ani podmínit"), `cues` the
    negations they absorb. The two cancel out for a match that does not use the obstruction
    words themselves: "Partner není oprávněn předání dat odepřít" hands the data over.
    """

    cues: frozenset[int]
    words: frozenset[int]


@dataclass(frozen=True, slots=True)
class SegmentNegation:
    """The negation in one sentence: cue positions, a cue negating all of it, double
    negations, and refusal words ("withhold", "odepřít") that negate what they govern."""

    cues: tuple[int, ...] = ()
    whole: tuple[int, int] | None = None
    nullified: bool = False
    doubles: tuple[DoubleNegation, ...] = ()
    refusals: frozenset[int] = frozenset()
    breaks: tuple[int, ...] = ()

    def negated(self, lo: int, hi: int, spans: list[tuple[int, int]]) -> bool:
        """Return True if the match spanning tokens lo..hi, made of `spans`, is negated."""
        if self.nullified:
            return True
        # The words a match is made of: the ends of its spans (not the words a gap skips).
        matched: frozenset[int] = frozenset()
        if self.doubles or self.refusals:
            matched = frozenset(p for span in spans for p in span)
        # A cue does not reach past the start of a new coordinated predicate ("Partner nemá
        # k datům výhradní právo a smí je užívat jen …") to the last words of the match.
        last = max(a for a, _ in spans)
        absorbed: set[int] = set()
        for double in self.doubles:
            if double.words.isdisjoint(matched):
                absorbed.update(double.cues)
        if self.whole is not None:
            first, last = self.whole
            if not any(first <= a <= last for a in absorbed):
                return True
        for cue in self.cues:
            if cue > hi:
                break
            if cue < lo - NEGATION_REACH or cue in absorbed:
                continue
            if cue in self.refusals and cue in matched:
                continue  # the rule is about the refusal itself ("may withhold the data")
            if any(cue < b <= last for b in self.breaks):
                continue
            return True
        return False


@dataclass(frozen=True, slots=True)
class Negation:
    """What counts as a negation in one language.

    Besides plain cues ("nesmí", "not") and sentence cues ("Nothing in this Agreement …"):
    - `obstruction` words undo what they govern ("omezit", "bránit", "restrict", "withhold"),
      so a negated one is a double negation that protects: "nesmí omezit práva Obce k datům";
    - `refusal` words are obstruction words that negate on their own: "may withhold the data";
    - `concord` words repeat the negation of their clause (Czech negative concord: "ani",
      "žádný") and share the fate of the negation they belong to;
    - `nullifiers` take away the effect of the whole sentence: "… are not binding on the City";
    - `coordinators` ("or", "ani") join a predicate to an obstruction word so that the
      negation keeps covering it: "shall not restrict, make conditional or charge for …";
    - `clause_breaks` start a new coordinated predicate ("… a smí …", "… and shall …"): a
      negation before one does not negate what the match says after it.
    """

    cues: tuple[Term, ...]
    not_negation: tuple[Term, ...]
    prefix: str | None
    prefix_min_length: int
    prefix_exceptions: tuple[str, ...]
    sentence_cues: tuple[Term, ...] = ()
    obstruction: tuple[Term, ...] = ()
    refusal: tuple[Term, ...] = ()
    concord: tuple[Term, ...] = ()
    nullifiers: tuple[Term, ...] = ()
    coordinators: frozenset[str] = frozenset()
    clause_breaks: tuple[Term, ...] = ()

    def scan(self, matcher: Matcher) -> dict[int, SegmentNegation]:
        """Return the negation of every segment that has any."""
        index = matcher.index
        tokens = index.tokens
        tok_seg = index.tok_seg
        segments = index.segments

        def starts(terms: tuple[Term, ...]) -> set[int]:
            out: set[int] = set()
            for term in terms:
                for spans in matcher.spans(term).values():
                    out.update(lo for lo, _ in spans)
            return out

        excused: set[int] = set()
        for term in self.not_negation:
            for spans in matcher.spans(term).values():
                for lo, hi in spans:
                    excused.update(range(lo, hi + 1))
        plain = starts(self.cues) - excused
        concord = starts(self.concord) - excused
        refusals = starts(self.refusal) - excused
        prefixed: set[int] = set()
        if self.prefix:
            for pos in index.positions_with_prefix(self.prefix):
                word = tokens[pos]
                if len(word) >= self.prefix_min_length and not word.startswith(
                    self.prefix_exceptions
                ):
                    prefixed.add(pos)
            prefixed -= excused
        negators = (plain | prefixed) - concord
        every = negators | refusals | concord

        whole: dict[int, tuple[int, int]] = {}
        for term in self.sentence_cues:
            for seg, spans in matcher.spans(term).items():
                first = segments[seg].tok_lo
                for lo, hi in spans:
                    if lo - first < SENTENCE_CUE_REACH and lo not in excused and seg not in whole:
                        whole[seg] = (lo, hi)
        nullified: set[int] = set()
        for term in self.nullifiers:
            nullified.update(matcher.spans(term))
        breaks: dict[int, list[int]] = {}
        for term in self.clause_breaks:
            for seg, spans in matcher.spans(term).items():
                breaks.setdefault(seg, []).extend(hi for _, hi in spans)

        # Obstruction words: listed ones, and prefix-negated ones ("nebrání" = ne + "brání").
        words: list[tuple[int, int, bool]] = []
        for term in (*self.obstruction, *self.refusal):
            for spans in matcher.spans(term).values():
                words.extend((lo, hi, False) for lo, hi in spans)
        if self.prefix:
            single = [
                t.specs[0]
                for t in self.obstruction + self.refusal
                if len(t.specs) == 1 and isinstance(t.specs[0], TokenSpec)
            ]
            cut = len(self.prefix)
            for pos in prefixed:
                stem = tokens[pos][cut:]
                if any(spec.matches(stem) for spec in single):
                    words.append((pos, pos, True))
        doubles: dict[int, list[DoubleNegation]] = {}
        for chain in _chains(sorted(set(words)), tok_seg):
            first, last = chain[0][0], max(hi for _, hi, _ in chain)
            seg = tok_seg[first]
            seg_lo = segments[seg].tok_lo
            absorbed = {p for p in range(first, last + 1) if p in every}
            own = any(selfneg for _, _, selfneg in chain)
            found = own
            for q in range(first - 1, max(seg_lo, first - DOUBLE_REACH) - 1, -1):
                in_whole = seg in whole and whole[seg][0] <= q <= whole[seg][1]
                if q in concord:
                    absorbed.add(q)
                    if q == first - 1 and not own:
                        found = True  # "… ani omezit", "… nor restrict": just this link
                        break
                elif q in negators or in_whole:
                    if not own:
                        absorbed.add(q)
                        found = True
                    break
            if not found:
                continue
            # Concord words after the chain belong to the same negated clause ("odepřít
            # dokumentaci softwaru ani vysvětlení"), up to the next negation of its own.
            seg_hi = segments[seg].tok_hi
            for q in range(last + 1, seg_hi):
                if q in concord:
                    absorbed.add(q)
                elif q in negators:
                    break
            positions = {p for lo, hi, _ in chain for p in range(lo, hi + 1)}
            # A predicate coordinated with the chain stays under the negation: "Nothing …
            # excludes or limits liability", "shall not restrict, make conditional or charge".
            if first - 2 >= seg_lo and tokens[first - 1] in self.coordinators:
                positions.add(first - 2)
            if last + 2 < seg_hi and tokens[last + 1] in self.coordinators:
                positions.add(last + 2)
            doubles.setdefault(seg, []).append(
                DoubleNegation(frozenset(absorbed), frozenset(positions))
            )

        out: dict[int, SegmentNegation] = {}
        cues_by_seg: dict[int, list[int]] = {}
        for pos in sorted(every):
            cues_by_seg.setdefault(tok_seg[pos], []).append(pos)
        for seg in set(cues_by_seg) | set(whole) | nullified:
            seg_cues = cues_by_seg.get(seg, [])
            out[seg] = SegmentNegation(
                cues=tuple(seg_cues),
                whole=whole.get(seg),
                nullified=seg in nullified,
                doubles=tuple(doubles.get(seg, ())),
                refusals=frozenset(p for p in seg_cues if p in refusals),
                breaks=tuple(sorted(breaks.get(seg, ()))),
            )
        return out


def _chains(
    words: list[tuple[int, int, bool]], tok_seg: list[int]
) -> list[list[tuple[int, int, bool]]]:
    """Group obstruction words standing together in one sentence ("withhold, delay or make
    conditional") into chains."""
    chains: list[list[tuple[int, int, bool]]] = []
    for word in words:
        if chains:
            last = chains[-1]
            end = max(hi for _, hi, _ in last)
            if tok_seg[word[0]] == tok_seg[end] and word[0] - end <= CHAIN_GAP:
                last.append(word)
                continue
        chains.append([word])
    return chains


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule that fired: where, and which words made it fire."""

    rule: Rule
    segment: int
    block: int
    window: tuple[int, int]
    matched: tuple[str, ...]
    negated: bool


_NO_NEGATION = SegmentNegation()


def evaluate(
    rules: Iterable[Rule], matcher: Matcher, negations: dict[str, Negation]
) -> list[Finding]:
    """Return every finding of `rules` in the indexed document, in document order per rule."""
    index = matcher.index
    cue_cache: dict[str, dict[int, SegmentNegation]] = {}
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
        if any(matcher.spans(term) for term in rule.document_none):
            continue  # the document says what takes the finding away
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
        if rule.paragraph_none:
            segments = index.segments
            wide_blocks = {
                segments[seg].block for term in rule.paragraph_none for seg in matcher.spans(term)
            }
            blocked.update(c for c in candidates if segments[c].block in wide_blocks)
        scanned = cue_cache.get(rule.lang)
        if scanned is None:
            scanned = negations[rule.lang].scan(matcher)
            cue_cache[rule.lang] = scanned
        for seg in sorted(candidates - blocked):
            seg_negation = scanned.get(seg, _NO_NEGATION)
            for lo, hi, chosen in windows([spans[seg] for spans in slot_spans]):
                if rule.within is not None and hi - lo + 1 > rule.within:
                    break
                negated = seg_negation.negated(lo, hi, chosen)
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
