"""The review checklist as data: pydantic models of `checklists/*.yaml`, loading, compiling."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pppdraft.checker.reading import Lexicon
from pppdraft.checker.rules import (
    Gap,
    Negation,
    NegationMode,
    Rule,
    Term,
    TermSyntaxError,
    compile_term,
)
from pppdraft.checker.text import fold
from pppdraft.errors import UserInputError
from pppdraft.paths import project_root
from pppdraft.yamlio import parse_yaml

from ..phrases import pick

Lang = Literal["cs", "en"]
Status = Literal["present", "missing", "red_flag"]
LANGS: tuple[Lang, Lang] = ("cs", "en")
# The statuses a labelled corpus uses; a report may also say `unclear` (see report.Status).
STATUSES: tuple[Status, Status, Status] = ("present", "missing", "red_flag")
RuleKind = Literal["present", "red_flag", "undo"]

DEFAULT_CHECKLIST_NAME = "data-ownership.yaml"


def default_checklist_path() -> Path:
    """Return checklists/data-ownership.yaml under the project root (`$PPPDRAFT_HOME` wins)."""
    return project_root() / "checklists" / DEFAULT_CHECKLIST_NAME


_ITEM_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_MAX_EXPANSION = 2000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(_Strict):
    """A text in both languages."""

    cs: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: Lang) -> str:
        return pick({"cs": self.cs, "en": self.en}, lang)


class LangTerms(_Strict):
    """Terms per language."""

    cs: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)

    def get(self, lang: Lang) -> list[str]:
        return pick({"cs": self.cs, "en": self.en}, lang)


class RuleSpec(_Strict):
    """A rule as written: every slot of `all` must occur in one sentence, no `none` term may."""

    all: list[str | list[str]] = Field(min_length=1)
    none: list[str] = Field(default_factory=list)
    negation: NegationMode = "block"
    within: int | None = Field(default=None, ge=1)
    weak: bool = False
    note: str | None = None


class LangRules(_Strict):
    """Rules per language; both languages are required."""

    cs: list[RuleSpec] = Field(min_length=1)
    en: list[RuleSpec] = Field(min_length=1)

    def get(self, lang: Lang) -> list[RuleSpec]:
        return pick({"cs": self.cs, "en": self.en}, lang)


class Condition(_Strict):
    """A reading of a finding's sentence: its subject, its modality, words it holds (all given
    must hold). `subject: none` means no party was found before the modal word."""

    subject: Literal["city", "supplier", "none"] | None = None
    modality: Literal["duty", "permission", "none"] | None = None
    negated: bool | None = None
    # The sentence defines a term ("… means …", "Sub-Processor: any third party …").
    definition: bool | None = None
    words: LangTerms = Field(default_factory=LangTerms)
    # The condition does not hold where the finding's paragraph holds one of these terms ("the
    # supplier may delete the data" is no red flag when the paragraph hands the data over).
    unless: LangTerms = Field(default_factory=LangTerms)
    why: Localized | None = None


class ItemSpec(_Strict):
    """One checklist item: what protects the city, what undermines it, and the fix.

    Besides its rules, an item says how to read the sentences they fire on: `drop_present_if`
    / `drop_red_if` discard a finding whose sentence binds the other party ("the City shall
    notify …" is no breach notice to the City); `unclear_if` turns a protective finding into
    "check this" (a supplier's right where a duty is needed); `red_if` turns it into a red flag
    (a mere right to delete, with no hand-over in the paragraph); `undo` rules find wording that
    takes a promise back elsewhere in the contract ("may retain copies"); `needs` names an item
    that must be present too (no deletion is safe without a hand-over first); `qualified: false`
    exempts the item from the limiting qualifiers (its protection is itself an exception:
    "shall not use the data except …"). On an item with red-flag rules, an undermining
    qualifier ("for a fee", "reasonable efforts", "at its discretion") and an `undo` finding
    make the protection a red flag: protective and undermining wording meet.
    """

    id: str
    title: Localized
    explanation: Localized
    risk: Localized | None = None
    suggested_clause: str = Field(pattern=r"^[a-z]+(\.[a-z0-9-]+)+$")
    present: LangRules
    red_flag: LangRules | None = None
    undo: LangRules | None = None
    drop_present_if: list[Condition] = Field(default_factory=list)
    drop_red_if: list[Condition] = Field(default_factory=list)
    unclear_if: list[Condition] = Field(default_factory=list)
    red_if: list[Condition] = Field(default_factory=list)
    needs: str | None = None
    needs_met_by: LangTerms = Field(default_factory=LangTerms)
    qualified: bool = True

    @model_validator(mode="after")
    def _risk_with_red_flag(self) -> ItemSpec:
        if not _ITEM_ID.match(self.id):
            raise ValueError(f"item id {self.id!r} must be lower-case words joined by '-'")
        if (self.red_flag is None) != (self.risk is None):
            raise ValueError(f"item {self.id}: give `risk` exactly when there are red_flag rules")
        return self


class PrefixCue(_Strict):
    """Words starting with `prefix` negate (Czech `ne-`), except those starting with `except`."""

    prefix: str = Field(min_length=1)
    min_length: int = Field(default=5, ge=1)
    except_: list[str] = Field(default_factory=list, alias="except")


class NegationSpec(_Strict):
    """Negation cues, phrases that only look like negation, and prefix negation per language;
    obstruction, refusal, concord words and nullifiers (see rules.Negation)."""

    cues: LangTerms
    sentence_cues: LangTerms = Field(default_factory=LangTerms)
    not_negation: LangTerms = Field(default_factory=LangTerms)
    prefix: dict[Lang, PrefixCue] = Field(default_factory=dict)
    obstruction: LangTerms = Field(default_factory=LangTerms)
    refusal: LangTerms = Field(default_factory=LangTerms)
    concord: LangTerms = Field(default_factory=LangTerms)
    nullifiers: LangTerms = Field(default_factory=LangTerms)
    coordinators: LangTerms = Field(default_factory=LangTerms)
    clause_breaks: LangTerms = Field(default_factory=LangTerms)


class ReadingSpec(_Strict):
    """Words for reading a sentence (see reading.py): modal words of duty and of permission,
    qualifiers that limit a grant (and look-alikes that do not), definition markers."""

    duty: LangTerms
    permission: LangTerms
    qualifiers: LangTerms
    undermining: LangTerms = Field(default_factory=LangTerms)
    not_qualifiers: LangTerms = Field(default_factory=LangTerms)
    definitions: LangTerms


class ChecklistSpec(_Strict):
    """A whole checklist file."""

    id: str
    version: int = Field(ge=1)
    title: Localized
    negation: NegationSpec
    reading: ReadingSpec
    groups: dict[str, LangTerms] = Field(default_factory=dict)
    items: list[ItemSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_items(self) -> ChecklistSpec:
        seen: set[str] = set()
        for item in self.items:
            if item.id in seen:
                raise ValueError(f"item id {item.id!r} appears twice")
            seen.add(item.id)
        for item in self.items:
            if item.needs is not None and item.needs not in seen:
                raise ValueError(f"item {item.id}: `needs` names unknown item {item.needs!r}")
        return self


class Checklist:
    """A validated checklist with its rules compiled, ready to run."""

    def __init__(self, spec: ChecklistSpec, source: str = "<checklist>") -> None:
        self.spec = spec
        self.source = source
        self._terms: dict[str, Term] = {}
        self.negations: dict[str, Negation] = {lang: self._negation(lang) for lang in LANGS}
        self.lexicons: dict[str, Lexicon] = {lang: self._lexicon(lang) for lang in LANGS}
        self.rules: tuple[Rule, ...] = tuple(self._compile_rules())
        self.needs_met_by: dict[tuple[str, str], tuple[Term, ...]] = {
            (item.id, lang): tuple(
                t for e in item.needs_met_by.get(lang) for t in self._expand(e, lang, item.id)
            )
            for item in spec.items
            for lang in LANGS
        }
        self.conditions: dict[tuple[str, str], list[CompiledCondition]] = {
            (item.id, kind): [self._condition(c, item.id) for c in getattr(item, kind)]
            for item in spec.items
            for kind in ("drop_present_if", "drop_red_if", "unclear_if", "red_if")
        }

    @property
    def items(self) -> list[ItemSpec]:
        return self.spec.items

    def known_role(self, alias: str) -> str | None:
        """Return "city" or "supplier" if the one-word `alias` is in that group already."""
        words = alias.split()
        if len(words) != 1:
            return None
        for role in ("city", "supplier"):
            for lang in LANGS:
                for term in self._group_terms(role, lang):
                    spec = term.specs[0]
                    if (
                        len(term.specs) == 1
                        and not isinstance(spec, Gap)
                        and spec.matches(words[0])
                    ):
                        return role
        return None

    def _group_terms(self, name: str, lang: Lang) -> list[Term]:
        if name not in self.spec.groups:
            return []
        return self._expand(f"@{name}", lang, f"group {name}")

    def item(self, item_id: str) -> ItemSpec:
        for item in self.spec.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def _term(self, source: str, where: str) -> Term:
        term = self._terms.get(source)
        if term is None:
            try:
                term = compile_term(source)
            except TermSyntaxError as exc:
                raise UserInputError(f"{self.source}: {where}: {exc}") from exc
            self._terms[source] = term
        return term

    def _expand(self, entry: str, lang: Lang, where: str) -> list[Term]:
        """Return the terms of one entry: a term, `@group` (the group's terms), or a term with
        `@group` words in it (one term per group member: "property of ..2 @city")."""
        words = entry.split()
        refs = [i for i, w in enumerate(words) if w.startswith("@")]
        if not refs:
            return [self._term(entry, where)]
        options: list[list[str]] = []
        for i, word in enumerate(words):
            if i not in refs:
                options.append([word])
                continue
            group = self.spec.groups.get(word[1:])
            if group is None:
                raise UserInputError(
                    f"{self.source}: {where}: unknown group {word!r}; define it under `groups`"
                )
            members = group.get(lang)
            if not members:
                raise UserInputError(f"{self.source}: group {word!r} has no {lang} terms")
            options.append(members)
        terms: list[Term] = []
        for combo in itertools.product(*options):
            text = " ".join(combo)
            if "@" in text:
                terms.extend(self._expand(text, lang, where))
            else:
                terms.append(self._term(text, where))
            if len(terms) > _MAX_EXPANSION:
                raise UserInputError(
                    f"{self.source}: {where}: {entry!r} expands to more than "
                    f"{_MAX_EXPANSION} terms; split it"
                )
        return terms

    def _lexicon(self, lang: Lang) -> Lexicon:
        reading = self.spec.reading
        where = f"reading ({lang})"

        def terms(entries: LangTerms) -> tuple[Term, ...]:
            return tuple(t for e in entries.get(lang) for t in self._expand(e, lang, where))

        return Lexicon(
            city=tuple(self._group_terms("city", lang)),
            supplier=tuple(self._group_terms("supplier", lang)),
            duty=terms(reading.duty),
            permission=terms(reading.permission),
            negation=terms(self.spec.negation.cues),
            qualifiers=terms(reading.qualifiers),
            undermining=terms(reading.undermining),
            not_qualifiers=terms(reading.not_qualifiers),
            definitions=terms(reading.definitions),
        )

    def _condition(self, condition: Condition, item_id: str) -> CompiledCondition:
        words = {
            lang: tuple(
                t for e in condition.words.get(lang) for t in self._expand(e, lang, item_id)
            )
            for lang in LANGS
        }
        unless = {
            lang: tuple(
                t for e in condition.unless.get(lang) for t in self._expand(e, lang, item_id)
            )
            for lang in LANGS
        }
        return CompiledCondition(condition, words, unless)

    def _negation(self, lang: Lang) -> Negation:
        neg = self.spec.negation
        where = f"negation ({lang})"

        def terms(entries: LangTerms) -> tuple[Term, ...]:
            return tuple(t for e in entries.get(lang) for t in self._expand(e, lang, where))

        prefix = neg.prefix.get(lang)
        return Negation(
            cues=terms(neg.cues),
            not_negation=terms(neg.not_negation),
            prefix=fold(prefix.prefix) if prefix else None,
            prefix_min_length=prefix.min_length if prefix else 0,
            prefix_exceptions=tuple(fold(e.rstrip("*")) for e in prefix.except_) if prefix else (),
            sentence_cues=terms(neg.sentence_cues),
            obstruction=terms(neg.obstruction),
            refusal=terms(neg.refusal),
            concord=terms(neg.concord),
            nullifiers=terms(neg.nullifiers),
            coordinators=frozenset(fold(w) for w in neg.coordinators.get(lang)),
            clause_breaks=terms(neg.clause_breaks),
        )

    def _compile_rules(self) -> list[Rule]:
        rules: list[Rule] = []
        for item in self.spec.items:
            sets: list[tuple[RuleKind, LangRules | None]] = [
                ("present", item.present),
                ("red_flag", item.red_flag),
                ("undo", item.undo),
            ]
            for status, by_lang in sets:
                if by_lang is None:
                    continue
                for lang in LANGS:
                    for n, spec in enumerate(by_lang.get(lang), start=1):
                        rule_id = f"{item.id}/{status}/{lang}/{n}"
                        slots: list[tuple[Term, ...]] = []
                        wide: list[tuple[Term, ...]] = []
                        for entry in spec.all:
                            entries = [entry] if isinstance(entry, str) else entry
                            paragraph = all(e.startswith("^") for e in entries)
                            if any(e.startswith("^") for e in entries) and not paragraph:
                                raise UserInputError(
                                    f"{self.source}: {rule_id}: mark all or none of the "
                                    f"alternatives {entries} with '^'"
                                )
                            terms = tuple(
                                t
                                for e in entries
                                for t in self._expand(e.lstrip("^"), lang, rule_id)
                            )
                            (wide if paragraph else slots).append(terms)
                        if not slots:
                            raise UserInputError(
                                f"{self.source}: {rule_id}: at least one slot must be without '^'"
                            )
                        none = tuple(
                            t
                            for e in spec.none
                            if not e.startswith("^")
                            for t in self._expand(e, lang, rule_id)
                        )
                        none_wide = tuple(
                            t
                            for e in spec.none
                            if e.startswith("^") and not e.startswith("^^")
                            for t in self._expand(e[1:], lang, rule_id)
                        )
                        none_document = tuple(
                            t
                            for e in spec.none
                            if e.startswith("^^")
                            for t in self._expand(e[2:], lang, rule_id)
                        )
                        rules.append(
                            Rule(
                                rule_id,
                                item.id,
                                status,
                                lang,
                                tuple(slots),
                                none,
                                spec.negation,
                                spec.within,
                                spec.weak,
                                tuple(wide),
                                none_wide,
                                none_document,
                            )
                        )
        return rules


@dataclass(frozen=True)
class CompiledCondition:
    """A Condition with its words compiled per language."""

    spec: Condition
    words: dict[Lang, tuple[Term, ...]]
    unless: dict[Lang, tuple[Term, ...]]


def parse_checklist(text: str, source: str = "<checklist>") -> Checklist:
    """Return the checklist in YAML `text`; a UserInputError names the source and the field."""
    data = parse_yaml(text, source, UserInputError)
    try:
        spec = ChecklistSpec.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:10]
        )
        raise UserInputError(f"{source}: invalid checklist: {problems}") from exc
    return Checklist(spec, source)


def load_checklist(path: Path | str | None = None) -> Checklist:
    """Return the checklist at `path` (default: checklists/data-ownership.yaml)."""
    resolved = (Path(path) if path is not None else default_checklist_path()).resolve()
    try:
        mtime = resolved.stat().st_mtime_ns
    except OSError as exc:
        raise UserInputError(f"{resolved}: cannot read the checklist: {exc.strerror}") from exc
    return _load_cached(resolved, mtime)


@lru_cache(maxsize=8)
def _load_cached(path: Path, mtime: int) -> Checklist:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserInputError(f"{path}: cannot read the checklist: {exc.strerror}") from exc
    return parse_checklist(text, str(path))
