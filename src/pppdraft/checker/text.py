"""Folded text, tokens and sentence segments of a document: what the rules match against.

Folding lower-cases and strips diacritics character by character, so offsets in the folded
text are offsets in the original and every match can be quoted exactly.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x41, 0x5B):
        table[code] = chr(code + 32)
    for code in range(0xC0, 0x250):
        lower = chr(code).lower()
        if len(lower) != 1:
            continue
        base = unicodedata.normalize("NFD", lower)[0]
        if base.isascii() and base.isalpha():
            table[code] = base
    table[0xA0] = " "
    return table


FOLD_TABLE = _build_fold_table()
TOKEN_RE = re.compile(r"[^\W_]+")
# A candidate sentence end: . ! ? ; followed by white space, or a line break. The word before a
# full stop is looked up separately, in a bounded window: a pattern that also matched the word
# backtracked over every long run of letters (a 50,000-letter "word" took a minute).
_BOUNDARY_RE = re.compile(r"[.!?;](?=\s)|\n")
_WORD_BEFORE_RE = re.compile(r"[^\W_]+\Z")
# Abbreviations are short; a longer word before a full stop is never one.
_ABBREVIATION_WINDOW = 8
# A sentence longer than this many tokens is cut at its next comma or colon (or hard, after
# twice as many): a paragraph of thousands of words without a full stop must not become one
# "sentence" whose every word can pair with every other.
MAX_SEGMENT_TOKENS = 120
# The role word a defined name of the data becomes (see parties.DATA_WORD).
DATA_WORD = "pppdata"
_ABBREVIATIONS = frozenset(
    [
        "odst",
        "cl",
        "pism",
        "sb",
        "c",
        "tzv",
        "resp",
        "atd",
        "apod",
        "mj",
        "napr",
        "tj",
        "zejm",
        "str",
        "art",
        "no",
        "nos",
        "eg",
        "ie",
        "vs",
        "sec",
        "cf",
        "incl",
        "approx",
        "para",
        "ing",
        "mgr",
        "judr",
        "phdr",
        "rndr",
        "bc",
        "doc",
        "prof",
        "dr",
        "mr",
        "mrs",
        "ms",
        "st",
        "al",
        "viz",
    ]
)


def fold(text: str) -> str:
    """Return `text` lower-cased and without diacritics, with the same length."""
    return text.translate(FOLD_TABLE)


def tokenize(text: str) -> list[str]:
    """Return the folded word tokens of `text`."""
    return TOKEN_RE.findall(fold(text))


@dataclass(slots=True)
class Segment:
    """One sentence (or `;`-clause) of one block; token positions are global."""

    block: int
    tok_lo: int
    tok_hi: int
    char_lo: int
    char_hi: int


@dataclass(slots=True)
class TextIndex:
    """Tokens of all matchable blocks, their segments and a postings list per word."""

    texts: list[str]
    tokens: list[str] = field(default_factory=list)
    tok_char: list[tuple[int, int]] = field(default_factory=list)
    tok_seg: list[int] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)
    vocab: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)

    def positions_with_prefix(self, prefix: str) -> list[int]:
        """Return the token positions whose word starts with `prefix`, in any order."""
        lo = bisect.bisect_left(self.vocab, prefix)
        out: list[int] = []
        for word in self.vocab[lo:]:
            if not word.startswith(prefix):
                break
            out.extend(self.postings[word])
        return out

    def segment_text(self, seg: int) -> str:
        s = self.segments[seg]
        return self.texts[s.block][s.char_lo : s.char_hi]

    def span_text(self, lo: int, hi: int) -> str:
        """Return the original text of tokens lo..hi (inclusive) of one segment."""
        block = self.segments[self.tok_seg[lo]].block
        return self.texts[block][self.tok_char[lo][0] : self.tok_char[hi][1]]


def _boundaries(original: str, folded: str) -> list[int]:
    """Return the char offsets where a new segment starts inside one block."""
    cuts: list[int] = []
    for m in _BOUNDARY_RE.finditer(folded):
        if m.group() == ".":
            lo = max(0, m.start() - _ABBREVIATION_WINDOW)
            before = _WORD_BEFORE_RE.search(folded, lo, m.start())
            # A word reaching the window's start may be longer than the window: not short.
            short = before is not None and (
                before.start() > lo or lo == 0 or not folded[lo - 1].isalnum()
            )
            if (
                before is not None
                and short
                and (before.group() in _ABBREVIATIONS or len(before.group()) == 1)
            ):
                continue
            rest = original[m.end() : m.end() + 8].lstrip()
            if not rest or not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "„\"'(“‚"):
                continue
        cuts.append(m.end())
    return cuts


def _apply_aliases(index: TextIndex, aliases: dict[str, str]) -> None:
    """Replace each capitalised occurrence of a party alias by its role token, in place.

    Only capitalised words count: a defined party name is written with a capital
    ("the Processor"), the common noun is not ("sub-processors"). Czech aliases inflect
    ("Uživatel", "Uživateli"), so a one-word alias of five letters or more also matches
    words that start with it.
    """
    tokens = index.tokens
    single: dict[str, str] = {}
    stems: list[tuple[str, str]] = []
    phrases: list[tuple[list[str], str]] = []
    for alias, role in aliases.items():
        words = TOKEN_RE.findall(alias)
        if len(words) == 1:
            single[words[0]] = role
            if len(words[0]) >= 5:
                stems.append((words[0], role))
        elif words:
            phrases.append((words, role))
    stem_prefixes = tuple(stem for stem, _ in stems)

    def capitalised(pos: int) -> bool:
        block = index.segments[index.tok_seg[pos]].block
        return index.texts[block][index.tok_char[pos][0]].isupper()

    for i, word in enumerate(tokens):
        found = single.get(word)
        if found is None and stem_prefixes and word.startswith(stem_prefixes):
            found = next(r for stem, r in stems if word.startswith(stem))
        if found is not None and capitalised(i):
            tokens[i] = found
    for words, role in phrases:
        n = len(words)
        for i in range(len(tokens) - n + 1):
            if tokens[i : i + n] == words and capitalised(i):
                if role == DATA_WORD:
                    # "Customer Data" stays the customer's: only the noun becomes the data.
                    tokens[i + n - 1] = role
                else:
                    tokens[i : i + n] = [role] * n


# Bounded and anchored at a word start, so a 50,000-letter "word" is scanned once, not once
# per letter.
_ADDRESS_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}|(?:https?://|www\.)\S+", re.I
)
# The role word the supplier's first-person verbs imply (Czech terms written by the supplier:
# „nesdílíme“, „smažeme“, „neodpovídáme“ — "we" is in the verb's ending, not in a word).
IMPLIED_SUPPLIER = "pppsupplier"
# A Czech verb in the first person plural ends in "-me" (folded: „nesdílíme“ → "nesdilime").
_FIRST_PLURAL_MIN = 4


def build_index(
    texts: Sequence[str],
    skip: Sequence[bool] | None = None,
    aliases: dict[str, str] | None = None,
    *,
    first_plural_is_supplier: bool = False,
) -> TextIndex:
    """Index the blocks `texts` (blocks flagged in `skip` get no tokens); `aliases` maps a
    party name the document defines to the role word the rules know it by.

    With `first_plural_is_supplier` (Czech documents), a verb in the first person plural gets
    the supplier's role word just before it, standing for the subject the ending implies; it
    quotes as the verb itself."""
    index = TextIndex(texts=list(texts))
    tokens = index.tokens
    tok_char = index.tok_char
    tok_seg = index.tok_seg
    segments = index.segments
    for b, original in enumerate(texts):
        if skip is not None and skip[b]:
            continue
        folded = original.translate(FOLD_TABLE)
        cuts = _boundaries(original, folded)
        # E-mail and web addresses are not words of the contract ("legal@reviewable.io" is no
        # "review"): blanked, keeping every character's position.
        folded = _ADDRESS_RE.sub(lambda m: " " * len(m.group()), folded)
        cuts.append(len(folded) + 1)
        ci = 0
        seg_start_char = 0
        seg = Segment(b, len(tokens), len(tokens), 0, 0)
        for m in TOKEN_RE.finditer(folded):
            start = m.start()
            if start >= cuts[ci]:
                if seg.tok_hi > seg.tok_lo:
                    seg.char_lo = seg_start_char
                    seg.char_hi = tok_char[-1][1]
                    segments.append(seg)
                while start >= cuts[ci]:
                    seg_start_char = cuts[ci]
                    ci += 1
                seg = Segment(b, len(tokens), len(tokens), 0, 0)
            elif seg.tok_hi - seg.tok_lo >= MAX_SEGMENT_TOKENS and (
                seg.tok_hi - seg.tok_lo >= 2 * MAX_SEGMENT_TOKENS
                or any(ch in ",:" for ch in folded[tok_char[-1][1] : start])
            ):
                seg.char_lo = seg_start_char
                seg.char_hi = tok_char[-1][1]
                segments.append(seg)
                seg_start_char = start
                seg = Segment(b, len(tokens), len(tokens), 0, 0)
            word = m.group()
            if (
                first_plural_is_supplier
                and len(word) >= _FIRST_PLURAL_MIN
                and word.endswith("me")
                and word.isalpha()
            ):
                tokens.append(IMPLIED_SUPPLIER)
                tok_char.append((start, m.end()))
                tok_seg.append(len(segments))
            tokens.append(word)
            tok_char.append((start, m.end()))
            tok_seg.append(len(segments))
            seg.tok_hi = len(tokens)
        if seg.tok_hi > seg.tok_lo:
            seg.char_lo = seg_start_char
            seg.char_hi = tok_char[-1][1]
            segments.append(seg)
    if aliases:
        _apply_aliases(index, aliases)
    postings: dict[str, list[int]] = {}
    for pos, word in enumerate(tokens):
        bucket = postings.get(word)
        if bucket is None:
            postings[word] = [pos]
        else:
            bucket.append(pos)
    index.postings = postings
    index.vocab = sorted(postings)
    index.numbers = [p for w, ps in postings.items() if w.isdigit() for p in ps]
    return index
