"""Whole-contract consistency checks for library lint.

A clause reads well on its own; these checks look at the clauses one contract can include
together:

- **subjects**: two clauses that cover the same subject (`covers:`) must not both be in one
  contract unless one declares that it `supplements:` the other;
- **figures**: a figure of one kind (an insurance sum, a liability cap, a confidentiality or
  retention period…) must come from one named value, so two clauses of one contract must not
  both write it as a literal;
- **defined terms**: a defined term is written capitalised as defined (in any declension), and
  a capitalised phrase mid-sentence that looks like a term is defined somewhere.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .assemble import ANCHOR
from .blueprint import Blueprint
from .library import Clause, Library

# --------------------------------------------------------------------------- co-occurrence


def co_occurring(bp: Blueprint, library: Library) -> Iterator[tuple[Clause, Clause]]:
    """Yield every pair of clauses that one contract of this type can include together.

    Any two clauses of different slots can meet (conditions are not solved); alternatives of
    one topic never meet, since a contract uses one clause per topic.
    """
    seen: set[tuple[str, str]] = set()
    slots = [library.resolve(s.target) for _p, s in bp.all_slots()]
    for i, j in itertools.combinations(range(len(slots)), 2):
        for a in slots[i]:
            for b in slots[j]:
                if a.id == b.id or a.topic == b.topic:
                    continue
                key = (min(a.id, b.id), max(a.id, b.id))
                if key in seen:
                    continue
                seen.add(key)
                yield (a, b) if a.id < b.id else (b, a)


def _supplements(a: Clause, b: Clause) -> bool:
    return bool({b.id, b.topic} & set(a.supplements)) or bool({a.id, a.topic} & set(b.supplements))


@dataclass(frozen=True)
class Problem:
    """One consistency problem: where (a file) and what."""

    where: str
    message: str


def subject_problems(bp: Blueprint, library: Library) -> list[Problem]:
    """Return pairs of clauses of one contract that cover one subject and do not say why."""
    out: list[Problem] = []
    for a, b in co_occurring(bp, library):
        shared = sorted(set(a.covers) & set(b.covers))
        if shared and not _supplements(a, b):
            out.append(
                Problem(
                    f"contracts/{bp.id}.yaml",
                    f"{a.id} and {b.id} both cover {', '.join(shared)} and one contract can "
                    f"include both; keep the subject in one clause, or declare in the narrower "
                    f"one `supplements: [{b.id}]` (and make its text refer to the other)",
                )
            )
    for ref in {s for c in library for s in c.supplements}:
        if not library.resolve(ref):
            owner = next(c for c in library if ref in c.supplements)
            out.append(
                Problem(
                    str(library.path_of(owner.id)),
                    f"supplements {ref!r}, which is no clause or topic",
                )
            )
    return out


# --------------------------------------------------------------------------------- figures

_JINJA_VALUE = re.compile(r"\{\{.*?\}\}", re.S)
_JINJA_TAG = re.compile(r"\{%.*?%\}", re.S)
_NUM = r"(?<![\w.,:/¤])(\d{1,3}(?:[  ,]\d{3})+|\d+)(?:[.,]\d+)?"
_VAL = r"(¤)"
# Unit words by kind; a figure is a number (or a named value, ¤) followed by one of them.
_UNITS: dict[str, dict[str, str]] = {
    "cs": {
        "money": r"\s?(?:Kč|korun\w*)\b",
        "percent": r"\s?(?:%|procent\w*)",
        "days": (
            r"\s(?:pracovní(?:ch)?\s|kalendářní(?:ch)?\s)?"
            r"(?:den|dny|dnů|dní|dnech|dnem|dnům)\b"
        ),
        "months": r"\s(?:měsíc|měsíce|měsíců|měsících|měsícem)\b",
        "years": r"\s(?:rok|roky|roků|let|letech|roce)\b",
        "hours": r"\s(?:hodin|hodiny|hodinu|hodinách)\b",
    },
    "en": {
        "money": r"",  # CZK comes before the number, see _money_en
        "percent": r"\s?(?:%|per\s?cent)",
        "days": r"\s(?:business\s|calendar\s|working\s)?days?\b",
        "months": r"\smonths?\b",
        "years": r"\syears?\b",
        "hours": r"\shours?\b",
    },
}
# Subjects whose figure a contract must state once. A figure belongs to a subject when the
# subject's words occur in its sentence or the sentence before.
FIGURE_SUBJECTS: dict[str, dict[str, str]] = {
    "insurance": {"cs": r"pojišt|pojistn", "en": r"insur"},
    "liability-cap": {
        "cs": r"omez\w* odpovědnost|odpovědnost\w*\W+(?:\w+\W+){0,10}omezen",
        "en": (
            r"liability\W+(?:\w+\W+){0,10}(?:limited|cap)"
            r"|limitation of\W+(?:\w+\W+){0,3}liability"
        ),
    },
    "confidentiality-period": {
        "cs": r"mlčenlivost|obchodní\w* tajemstv",
        "en": r"confidential|trade secret",
    },
    "records-retention": {
        "cs": r"uchováv\w*\W+(?:\w+\W+){0,8}(?:doklad|dokument|záznamy z n|evidenc)",
        "en": r"(?:retain|keep)\w*\W+(?:\w+\W+){0,8}(?:documents|records from it|records)\b",
    },
    "incident-notice": {
        "cs": r"bezpečnostní\w* incident|porušení zabezpečení",
        "en": r"security incident|personal data breach",
    },
    "data-handover-period": {
        "cs": r"předá\w*\W+(?:\w+\W+){0,4}(?:data|Data Obce)",
        "en": r"hand\w* over\W+(?:\w+\W+){0,4}(?:data|Municipal Data)",
    },
    "termination-notice-period": {
        "cs": r"výpovědní dob",
        "en": r"notice period(?! for initiating)",
    },
}
# The kinds of figure each subject has (a sum of money is no period, and vice versa).
SUBJECT_UNITS: dict[str, set[str]] = {
    "insurance": {"money"},
    "liability-cap": {"money", "percent"},
    "confidentiality-period": {"years", "months"},
    "records-retention": {"years", "months"},
    "incident-notice": {"hours", "days"},
    "data-handover-period": {"days", "months"},
    "termination-notice-period": {"days", "months"},
}
_SENTENCE_END = re.compile(r"(?:[.;:](?=\s+[-\w„(])|\n)")


@dataclass(frozen=True)
class Figure:
    """A figure of one kind stated by a clause: literal ("5 000 000 Kč") or a named value."""

    clause_id: str
    lang: str
    subject: str
    unit: str
    text: str
    literal: bool


_FILTERED = re.compile(r"\{\{[^}]*\|\s*(money|percent)\s*\}\}")


# How a money value reads in each language; the figure patterns of _UNITS match it.
_MONEY_VALUE = {"cs": "¤ Kč", "en": "CZK ¤"}
# English writes the currency before the figure; Czech after it (see _UNITS).
_CURRENCY_FIRST = {"cs": frozenset(), "en": frozenset({"money"})}


def _prepared(source: str, lang: str) -> str:
    """Return a clause text with Jinja values as ¤ (with their unit) and tags removed."""

    def unit(m: re.Match[str]) -> str:
        if m.group(1) == "percent":
            return "¤ %"
        return _MONEY_VALUE[lang]

    return _JINJA_TAG.sub("", _JINJA_VALUE.sub("¤", _FILTERED.sub(unit, source)))


def _context(text: str, start: int) -> str:
    """Return the sentence up to `start` and the sentence before it (within the paragraph)."""
    para = text.rfind("\n\n", 0, start)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, max(para, 0), start)]
    begin = ends[-2] if len(ends) >= 2 else max(para, 0)
    return text[begin:start]


def figures_of(clause: Clause) -> list[Figure]:
    """Return every figure of a FIGURE_SUBJECTS subject the clause states, in both languages."""
    out: list[Figure] = []
    for lang in ("cs", "en"):
        text = _prepared(clause.text.get(lang), lang)
        for unit, pattern in _UNITS[lang].items():
            if unit in _CURRENCY_FIRST[lang]:
                regex = re.compile(r"CZK\s?(?:" + _NUM + "|" + _VAL + ")")
            else:
                regex = re.compile("(?:" + _NUM + "|" + _VAL + ")" + pattern)
            for m in regex.finditer(text):
                literal = "¤" not in m.group(0)
                if literal and m.group(1) == "1":
                    continue  # "1 měsíc" is a plural form, not a figure
                context = _context(text, m.start()) + m.group(0)
                for subject, words in FIGURE_SUBJECTS.items():
                    if unit not in SUBJECT_UNITS[subject]:
                        continue
                    if re.search(words[lang], context, re.IGNORECASE):
                        out.append(Figure(clause.id, lang, subject, unit, m.group(0), literal))
    return out


def figure_problems(bp: Blueprint, library: Library) -> list[Problem]:
    """Return figures of one kind written as a literal in two clauses one contract includes."""
    figures = {c.id: figures_of(c) for _p, s in bp.all_slots() for c in library.resolve(s.target)}
    out: list[Problem] = []
    reported: set[tuple[str, str, str, str]] = set()
    for a, b in co_occurring(bp, library):
        for fa in figures[a.id]:
            for fb in figures[b.id]:
                if (fa.lang, fa.subject, fa.unit) != (fb.lang, fb.subject, fb.unit):
                    continue
                if not (fa.literal or fb.literal):
                    continue  # both from named values: one source
                key = (a.id, b.id, fa.subject, fa.unit)
                if key in reported:
                    continue
                reported.add(key)
                literal = fa if fa.literal else fb
                out.append(
                    Problem(
                        str(library.path_of(literal.clause_id)),
                        f"{fa.subject} ({fa.unit}) is stated by {a.id} ({fa.text.strip()!r}) "
                        f"and by {b.id} ({fb.text.strip()!r}), which {bp.id!r} can include "
                        "together; state it in one clause and refer to it there, or take it "
                        "from one answer or blueprint constant in both",
                    )
                )
    return out


# ---------------------------------------------------------------------------- defined terms

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Czech endings, longest first; a light stemmer is enough to match declined forms of a term.
_CS_SUFFIXES = sorted(
    {
        *("ování", "ěmi", "ami", "emi", "ích", "ých", "ého", "ému", "ími", "ými", "ovi"),
        *("ách", "ech", "ata", "aty", "atům", "atech", "ům", "ou", "ám", "ím", "ým", "ém"),
        *("ie", "ii", "ií", "iu", "em", "om", "ího", "ímu", "ové", "ů", "y", "i", "í", "é"),
        *("á", "a", "e", "o", "u", "ě"),
    },
    key=len,
    reverse=True,
)
_EN_SUFFIXES = ["ies", "es", "s"]
_SUFFIXES = {"cs": _CS_SUFFIXES, "en": _EN_SUFFIXES}


@functools.lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """Return a crude stem of a word (lower case) that its declined forms share."""
    w = unicodedata.normalize("NFC", word.lower())
    for suffix in _SUFFIXES[lang]:
        if len(w) - len(suffix) >= 2 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    return _ALTERNATIONS[lang](w)


def _cs_alternations(w: str) -> str:
    # stem alternations: den/dne/dny (e drops), k/c, h/z, r/ř before endings
    w = w.replace("č", "k").replace("c", "k").replace("ř", "r").replace("z", "h")
    return re.sub(r"e(?=[nk]$)", "", w) if len(w) >= 3 else w


def _no_alternations(w: str) -> str:
    return w


_ALTERNATIONS = {"cs": _cs_alternations, "en": _no_alternations}


@dataclass(frozen=True)
class Term:
    """A defined term in one language, as stems of its words."""

    key: str
    lang: str
    text: str
    stems: tuple[str, ...]


def defined_terms(library: Library) -> list[Term]:
    """Return every term the library defines, in both languages."""
    out: list[Term] = []
    for clause in library:
        for d in clause.defines:
            for lang in ("cs", "en"):
                words = _WORD.findall(d.term.get(lang))
                if words:
                    out.append(
                        Term(d.key, lang, d.term.get(lang), tuple(stem(w, lang) for w in words))
                    )
    return out


_IF = re.compile(r"\{%-?\s*(if|elif|else|endif)\b\s*([^%]*?)\s*-?%\}")


def with_constants(source: str, constants: dict[str, bool]) -> str:
    """Return a clause text with `{% if NAME %}` branches on blueprint constants decided.

    Blueprints fix some names for every contract of their type (`ppp_general_terms: "false"`);
    a branch on such a name can never show in that contract type, so checks skip it.
    """
    out: list[str] = []
    stack: list[tuple[bool, bool | None]] = []  # (kept before this if, decided value or None)
    keep = True
    pos = 0
    for m in _IF.finditer(source):
        if keep:
            out.append(source[pos : m.start()])
        pos = m.end()
        kind, cond = m.group(1), m.group(2).strip()
        if kind == "if":
            value = constants.get(cond)
            stack.append((keep, value))
            if value is None:
                if keep:
                    out.append(m.group(0))
            else:
                keep = keep and value
        elif not stack:
            out.append(m.group(0))
        elif kind in ("elif", "else"):
            outer, value = stack[-1]
            if value is None:
                if keep:
                    out.append(m.group(0))
            elif value:  # the decided branch was taken: drop every later branch
                keep = False
            elif kind == "else":
                keep = outer
                stack[-1] = (outer, True)
            else:  # an elif after a false if becomes an undecided if of its own
                keep = outer
                stack[-1] = (outer, None)
                if keep:
                    out.append("{% if " + cond + " %}")
        else:  # endif
            outer, value = stack.pop()
            keep = outer
            if value is None and keep:
                out.append(m.group(0))
    if keep:
        out.append(source[pos:])
    return "".join(out)


def boolean_constants(bp: Blueprint) -> dict[str, bool]:
    """Return the blueprint's computed values that are the literal true or false."""
    return {
        n: e.strip() == "true" for n, e in bp.computed.items() if e.strip() in ("true", "false")
    }


def _plain_text(source: str) -> str:
    """Return clause text without Jinja and markup, for reading words.

    Anchor markers (`[#step-in] `) are not printed, so their names are not words of the text.
    """
    text = _JINJA_TAG.sub(" ", _JINJA_VALUE.sub(" ¤ ", ANCHOR.sub("", source)))
    return text.replace("**", "")


def _words(text: str) -> list[tuple[str, int]]:
    return [(m.group(0), m.start()) for m in _WORD.finditer(text)]


def _positions(stems: list[str]) -> dict[str, list[int]]:
    """Return where each stem occurs, so a term is looked for only where its first word is."""
    index: dict[str, list[int]] = {}
    for i, s in enumerate(stems):
        index.setdefault(s, []).append(i)
    return index


def _occurrences(stems: list[str], index: dict[str, list[int]], term: Term) -> list[int]:
    """Return the word positions where the term's stems start, in order."""
    n = len(term.stems)
    return [i for i in index.get(term.stems[0], []) if tuple(stems[i : i + n]) == term.stems]


# Words before a match that make it part of a name, not a use of the term: a statute's title
# ("zákon o registru smluv", "Act on Free Access to Information") or the legal field "ochrana
# osobních údajů" (protection of personal data), which keeps its plain form in names of
# offices and assessments.
_STATUTE = re.compile(r"\b(?:zákon\w*|nařízení|Sb\.|Act|Coll\.|Regulation)\b")
_FIELD_BEFORE = {
    "cs": re.compile(r"\bochran\w*\s+$"),
    "en": re.compile(r"\bprotection of (?:the )?$"),
}
_FIELD_AFTER = {"cs": re.compile(r"(?!)"), "en": re.compile(r"^\s+breach")}


def _is_name(text: str, start: int, end: int, lang: str) -> bool:
    before = text[max(0, start - 120) : start]
    if re.search(r"\b(?:o|on)\s+(?:\w+\s+){0,3}$", before) and _STATUTE.search(before):
        return True
    if _FIELD_BEFORE[lang].search(before):
        return True
    return bool(_FIELD_AFTER[lang].search(text[end : end + 10]))


def lower_case_terms(
    clause: Clause, terms: list[Term], constants: dict[str, bool] | None = None
) -> list[tuple[str, str, str]]:
    """Return (lang, found words, term) for defined terms written in lower case.

    A match needs the stems of all words of the term in sequence and the first word in lower
    case. Not counted: a match inside a longer defined term ("Diskriminační změna právních
    předpisů"), a statute's title or the legal field "ochrana osobních údajů", a hyphenated
    term written without its hyphen ("step in" is a verb, "Step-In" the term), and what the
    clause lists in `terms_allowed` (plain meaning intended).
    """
    out: list[tuple[str, str, str]] = []
    allowed = {a.lower() for a in clause.terms_allowed}
    for lang in ("cs", "en"):
        text = _plain_text(with_constants(clause.text.get(lang), constants or {}))
        words = _words(text)
        stems = [stem(w, lang) for w, _ in words]
        covered: set[int] = set()
        index = _positions(stems)
        ordered = sorted((t for t in terms if t.lang == lang), key=lambda t: -len(t.stems))
        for term in ordered:
            n = len(term.stems)
            for i in _occurrences(stems, index, term):
                if i in covered:
                    continue
                covered.update(range(i, i + n))
                start, end = words[i][1], words[i + n - 1][1] + len(words[i + n - 1][0])
                found = text[start:end]
                if not re.fullmatch(r"[\w-]+(?:[ \u00a0][\w-]+)*", found):
                    continue  # the words run across punctuation or a paragraph break
                if not found[0].islower() or ("-" in term.text) != ("-" in found):
                    continue
                if found.lower() in allowed or _is_name(text, start, end, lang):
                    continue
                out.append((lang, found, term.text))
    return out


def term_problems(bp: Blueprint, library: Library) -> list[Problem]:
    """Return defined terms of a contract type written in lower case in its clauses.

    Only terms of two or more words are checked ("Pracovní den", "Osobní údaje"): a one-word
    term ("Smlouva", "Služba") is too often meant in its plain sense ("smlouva o dílo"). Only
    terms every contract of the type defines count: a clause shared with contracts that do not
    define a term must be able to use the plain words.
    """
    clauses = {c.id: c for _p, s in bp.all_slots() for c in library.resolve(s.target)}
    always = set[str]()  # keys every contract of this type defines
    for _p, slot in bp.all_slots():
        variants = library.resolve(slot.target)
        if slot.when is None and variants:
            always |= set.intersection(*({d.key for d in c.defines} for c in variants))
    terms = [t for t in defined_terms(library) if len(t.stems) >= 2 and t.key in always]
    out: list[Problem] = []
    for clause in clauses.values():
        seen: set[tuple[str, str]] = set()
        for lang, found, term in lower_case_terms(clause, terms, boolean_constants(bp)):
            if (lang, found.lower()) in seen:
                continue
            seen.add((lang, found.lower()))
            out.append(
                Problem(
                    str(library.path_of(clause.id)),
                    f"text.{lang}: {found!r} is the defined term {term!r} of {bp.id!r} in "
                    f"lower case; capitalise it, or list {found!r} in the clause's "
                    "`terms_allowed` where the plain meaning is meant",
                )
            )
    return out


def _mid_sentence(text: str, start: int) -> bool:
    """Return True when the word at `start` does not begin a sentence, point or heading."""
    before = text[:start].rstrip(" \u00a0")
    return bool(before) and before[-1] not in '.!?:;\n„“"(|-–>¤0123456789)'


def undefined_terms(bp: Blueprint, library: Library) -> list[Problem]:
    """Return capitalised uses, mid-sentence, of library terms this contract type never defines.

    A clause shared by contract types may write "Data Obce" only where the contract defines it;
    elsewhere the capital letter promises a definition the reader will not find.
    """
    clauses = {c.id: c for _p, s in bp.all_slots() for c in library.resolve(s.target)}
    defined = {d.key for c in clauses.values() for d in c.defines}
    terms = defined_terms(library)
    own = sorted((t for t in terms if t.key in defined), key=lambda t: -len(t.stems))
    foreign = [t for t in terms if t.key not in defined]
    constants = boolean_constants(bp)
    out: list[Problem] = []
    for clause in clauses.values():
        allowed = {a.lower() for a in clause.terms_allowed}
        for lang in ("cs", "en"):
            text = _plain_text(with_constants(clause.text.get(lang), constants))
            words = _words(text)
            stems = [stem(w, lang) for w, _ in words]
            index = _positions(stems)
            covered: set[int] = set()  # words that belong to a term this contract defines
            for term in (t for t in own if t.lang == lang):
                for i in _occurrences(stems, index, term):
                    covered.update(range(i, i + len(term.stems)))
            seen: set[str] = set()
            for term in (t for t in foreign if t.lang == lang):
                n = len(term.stems)
                for i in _occurrences(stems, index, term):
                    if covered & set(range(i, i + n)):
                        continue
                    start = words[i][1]
                    end = words[i + n - 1][1] + len(words[i + n - 1][0])
                    found = text[start:end]
                    if not found[0].isupper() or not _mid_sentence(text, start):
                        continue
                    if (
                        found.lower() in allowed
                        or found in seen
                        or _is_name(text, start, end, lang)
                    ):
                        continue
                    seen.add(found)
                    out.append(
                        Problem(
                            str(library.path_of(clause.id)),
                            f"text.{lang}: {found!r} is written as the defined term "
                            f"{term.text!r}, which no clause of {bp.id!r} defines; write it "
                            "in lower case, guard it with the condition of the defining "
                            "clause, or define it",
                        )
                    )
    return out


def iter_problems(problems: Iterable[Problem]) -> Iterator[Problem]:
    """Yield problems without duplicates, in order."""
    seen: set[Problem] = set()
    for p in problems:
        if p not in seen:
            seen.add(p)
            yield p
