"""Assembly: blueprint + answers + library → Draft. Pure and deterministic (no I/O, no clock)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined, TemplateError, UndefinedError, pass_context
from jinja2.exceptions import SecurityError
from jinja2.lexer import newline_re
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from .answers import Answers
from .blueprint import Blueprint, Part, Slot
from .cautions import answer_cautions, clause_cautions
from .diskcache import CompiledTemplates
from .draft import (
    Alternative,
    Draft,
    DraftClause,
    DraftPart,
    Paragraph,
    ParagraphKind,
    Run,
    Signatory,
)
from .errors import AssemblyError, ExpressionError, excerpt
from .expressions import evaluate, names_in
from .i18n import (
    format_long_date,
    format_money,
    format_number,
    format_percent,
    sort_terms,
    value_text,
)
from .library import Clause, Library
from .phrases import phrase
from .qtypes import spec_of
from .words import amount_in_words

# Private-use characters mark where a value or a cross-reference goes; values are put in
# only after the markup is parsed, so nothing a user typed is ever read as markup or Jinja.
VALUE_TOKEN = re.compile("\ue000(\\d+)\ue001")
_COLLECTOR = "_pppdraft_values"


class RefMarker:
    """A cross-reference to a paragraph, resolved once numbering is known.

    A target is a clause id or topic, optionally with the anchor of one of its paragraphs
    (`'ppp.handback#expert'`); without an anchor it is the clause's first numbered paragraph.
    `ref('a#x', 'b#y')` points to the first of its targets the contract includes, so a clause
    shared by several contract types can refer to whichever clause each type has.
    """

    __slots__ = ("at", "targets")

    def __init__(self, *targets: str, at: int | None = None) -> None:
        if not targets:
            raise ValueError("ref() needs a clause id or topic")
        if at == 0:
            raise ValueError("ref(..., at=N) counts paragraphs from 1 (or from the end with -1)")
        self.targets = targets
        self.at = at

    @property
    def target(self) -> str:
        """Return the targets as written, for messages."""
        return " / ".join(self.targets)


@dataclass(frozen=True)
class ArticleMarker:
    """A reference to the whole article holding a clause: resolved to the article's number."""

    target: str


@dataclass(frozen=True)
class AnnexMarker:
    """A reference to an annex by its outline id, resolved to its number once known."""

    target: str


@dataclass
class _Values:
    items: list[Any] = field(default_factory=list)

    def token(self, value: Any) -> str:
        self.items.append(value)
        return f"\ue000{len(self.items) - 1}\ue001"


def _lang(ctx: Context) -> str:
    return str(ctx.get("lang", "cs"))


@pass_context
def _finalize(ctx: Context, value: Any) -> str:
    collector = ctx.get(_COLLECTOR)
    if not isinstance(collector, _Values):  # rendering outside assemble (lint): plain text
        return "" if value is None else str(value)
    if isinstance(value, RefMarker | AnnexMarker | ArticleMarker):
        return collector.token(value)
    return collector.token(value_text(value, _lang(ctx)))


@pass_context
def _f_money(ctx: Context, value: Any) -> str:
    return format_money(Decimal(str(value)), _lang(ctx))


@pass_context
def _f_date(ctx: Context, value: Any) -> str:
    return format_long_date(value, _lang(ctx))


@pass_context
def _f_number(ctx: Context, value: Any) -> str:
    return format_number(value, _lang(ctx))


@pass_context
def _f_percent(ctx: Context, value: Any) -> str:
    return format_percent(value, _lang(ctx))


@pass_context
def _f_words(ctx: Context, value: Any) -> str:
    return amount_in_words(Decimal(str(value)), _lang(ctx))


def _f_lines(value: Any) -> list[str]:
    if not value:
        return []
    return [line.strip() for line in str(value).splitlines() if line.strip()]


class ClauseEnvironment(CompiledTemplates, SandboxedEnvironment):
    """The sandbox, keeping each clause's compiled template for the next process."""


def make_environment() -> SandboxedEnvironment:
    """Return the sandboxed Jinja environment clause texts are rendered in."""
    env = ClauseEnvironment(
        undefined=StrictUndefined,
        autoescape=False,  # the output is docx runs, escaped by the renderer, not HTML
        finalize=_finalize,
        keep_trailing_newline=False,
    )
    env.filters.update(
        money=_f_money,
        date=_f_date,
        number=_f_number,
        percent=_f_percent,
        words=_f_words,
        lines=_f_lines,
    )
    return env


_ENV = make_environment()
_TEMPLATE_CACHE: dict[str, Any] = {}


class _PlainText:
    """A clause text without any Jinja syntax (no `{`), rendered as Jinja would render it:
    line endings made `\n` and one trailing newline dropped (`keep_trailing_newline=False`).
    A quarter of the texts (titles, most definitions) are plain; they need no compiled
    template, none loaded from the disk cache and no render context."""

    def __init__(self, source: str) -> None:
        lines = newline_re.split(source)[::2]
        if lines[-1] == "":
            del lines[-1]
        self.text = "\n".join(lines)

    def render(self, variables: Any) -> str:
        del variables  # nothing to fill in
        return self.text


def _template(source: str, where: str) -> Any:
    tpl = _TEMPLATE_CACHE.get(source)
    if tpl is None:
        if "{" not in source and not _ENV.keep_trailing_newline:
            tpl = _PlainText(source)
        else:
            try:
                tpl = _ENV.from_string(source)
            except TemplateError as exc:
                raise AssemblyError(
                    f"{where}: the clause text is not valid Jinja ({exc})"
                ) from None
        if len(_TEMPLATE_CACHE) > 4096:
            _TEMPLATE_CACHE.clear()
        _TEMPLATE_CACHE[source] = tpl
    return tpl


# --- the clause markup ----------------------------------------------------------------------

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


def _runs(text: str) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            runs.append(Run(text=text[pos : m.start()]))
        runs.append(Run(text=m.group(1), bold=True))
        pos = m.end()
    if pos < len(text):
        runs.append(Run(text=text[pos:]))
    return runs


ANCHOR = re.compile(r"\[#([a-z0-9]+(?:-[a-z0-9]+)*)\] ")
ANCHOR_LINE = re.compile(r"^[ \t]*(?:- )?\[#([^\]]*)\]", re.MULTILINE)
"""A line that starts a paragraph or point with an anchor marker, valid or not (for lint)."""


def _anchor(line: str) -> tuple[str | None, str]:
    m = ANCHOR.match(line)
    if m is None:
        return None, line
    return m.group(1), line[m.end() :].lstrip()


def parse_markup(text: str, style: str) -> list[Paragraph]:
    """Return the paragraphs of rendered clause text: blank line, `- `, `> `, `|`, `**`, `[#a]`.

    A paragraph or point starting with `[#name] ` carries that anchor (the marker is not
    printed); `ref('clause#name')` points to it.
    """
    main: ParagraphKind = {"numbered": "numbered", "plain": "plain", "recitals": "recital"}[style]  # type: ignore[assignment]
    point: ParagraphKind = "point" if style == "numbered" else "bullet"
    aside: ParagraphKind = "body" if style == "numbered" else "plain"
    out: list[Paragraph] = []

    def close(current: tuple[ParagraphKind, list[str], str | None] | None) -> None:
        if current:
            out.append(
                Paragraph(kind=current[0], runs=_runs("\n".join(current[1])), anchor=current[2])
            )

    for block in re.split(r"\n[ \t]*\n", text.strip("\n")):
        if not block.strip():
            continue
        current: tuple[ParagraphKind, list[str], str | None] | None = None
        for raw_line in block.split("\n"):
            line = raw_line.strip()
            if not line:
                continue
            if line.startswith("|"):
                close(current)
                current = None
                cells = line.strip("|").split("|")
                header = not out or out[-1].kind not in ("header", "row")
                out.append(
                    Paragraph(
                        kind="header" if header else "row",
                        runs=[Run(text=c.strip()) for c in cells],
                    )
                )
            elif line.startswith("- "):
                close(current)
                anchor, rest = _anchor(line[2:].strip())
                current = (point, [rest], anchor)
            elif line.startswith("> ") or line == ">":
                close(current)
                current = (aside, [line[1:].strip()], None)
            elif current is None:
                anchor, rest = _anchor(line)
                current = (main, [rest], anchor)
            else:
                current[1].append(line)
        close(current)
    return out


# --- assembly ---------------------------------------------------------------------------------


def _phrase(key: str, lang: str, **params: str) -> str:
    return phrase(f"why_{key}", lang, **params)


def _describe(expr: str, blueprint: Blueprint, ctx: Mapping[str, Any], lang: str) -> str:
    """Return `expr` followed by the answers it reads, as the official gave them."""
    parts = []
    for name in sorted(names_in(expr)):
        if name not in ctx:
            continue
        value = ctx[name]
        label = name
        shown = value_text(value, lang)
        try:
            q = blueprint.question(name)
        except Exception:  # a computed value, not a question
            q = None
        if q is not None:
            label = q.label.get(lang)
            if spec_of(q.type).options and isinstance(value, str):
                shown = f"{q.option_label(value, lang)} [{value}]"
        parts.append(f"{label} = {shown or '—'}")
    detail = f" ({'; '.join(parts)})" if parts else ""
    return f"`{expr}`{detail}"


class _Assembler:
    def __init__(
        self,
        blueprint: Blueprint,
        answers: Answers,
        library: Library,
        lang: str,
        choices: Mapping[str, str] | None = None,
    ) -> None:
        self.choices = dict(choices or {})
        self.bp = blueprint
        self.lib = library
        self.lang = lang
        self.ctx = answers.context()
        self.answers = answers
        self.warnings: list[str] = []
        self.alternatives: list[Alternative] = []
        self.included: list[Clause] = []

    def risk_rows(self) -> list[dict[str, Any]]:
        """Return the risks the clauses included so far allocate, in document order.

        Each row is `{label, bearer, clause, ref}`; a clause's risk counts only while its
        `when` holds. The risk matrix annex (rendered after every article) lists them, so a
        row exists only where a clause of this contract decides it.
        """
        rows: list[dict[str, Any]] = []
        for clause in self.included:
            for i, risk in enumerate(clause.risks):
                where = f"{self.lib.path_of(clause.id)} (risks[{i}].when)"
                if risk.when and not self.condition(risk.when, where):
                    continue
                rows.append(
                    {
                        "label": risk.label.get(self.lang),
                        "bearer": risk.bearer,
                        "clause": clause.id,
                        "ref": RefMarker(
                            f"{clause.id}#{risk.anchor}" if risk.anchor else clause.id
                        ),
                    }
                )
        return rows

    def condition(self, expr: str, where: str) -> bool:
        return bool(evaluate(expr, self.ctx, where))

    def choose(self, slot: Slot, part_id: str) -> tuple[Clause | None, str]:
        where = f"{self.bp.id}: slot {slot.target!r} in {part_id!r}"
        lang = self.lang
        candidates = self.lib.resolve(slot.target)
        if not candidates:
            raise AssemblyError(
                f"{where}: no clause or topic {slot.target!r} in the library; "
                "add the clause file or fix the blueprint"
            )
        if slot.when and not self.condition(slot.when, f"{where} (when)"):
            why = _phrase("not_when", lang, cond=_describe(slot.when, self.bp, self.ctx, lang))
            for c in candidates:
                self.alternatives.append(self._alt(c, why))
            return None, why
        if slot.clause:
            clause = candidates[0]
            if clause.approval.status == "retired":
                raise AssemblyError(f"{where}: clause {clause.id!r} is retired; pick another")
            why = (
                _phrase("when", lang, cond=_describe(slot.when, self.bp, self.ctx, lang))
                if slot.when
                else _phrase("always", lang)
            )
            return clause, why
        assert slot.pick is not None
        override = self.choices.get(slot.target)
        picked = override or evaluate(slot.pick, self.ctx, f"{where} (pick)")
        chosen = next((c for c in candidates if c.id == picked), None)
        if chosen is None:
            ids = ", ".join(c.id for c in candidates)
            raise ExpressionError(
                f"{where}: pick gave {excerpt(picked)}, which is not a variant of "
                f"{slot.target!r} ({ids})"
            )
        if chosen.approval.status == "retired":
            raise AssemblyError(f"{where}: clause {chosen.id!r} is retired; pick another")
        cond = _describe(slot.pick, self.bp, self.ctx, lang)
        if override:
            cond = _phrase("override", lang, clause=chosen.id)
        reason = slot.why.get(lang) + " – " if slot.why else ""
        why = reason + _phrase("picked", lang, cond=cond)
        if slot.when:
            why += "; " + _phrase("when", lang, cond=_describe(slot.when, self.bp, self.ctx, lang))
        for c in candidates:
            if c.id != chosen.id:
                self.alternatives.append(self._alt(c, _phrase("not_picked", lang, cond=cond)))
        return chosen, why

    def _alt(self, clause: Clause, why_not: str) -> Alternative:
        return Alternative(
            clause_id=clause.id,
            topic=clause.topic,
            position=clause.position,
            title=clause.title.get(self.lang),
            guidance=clause.guidance.get(self.lang),
            why_not=why_not,
        )

    def render_text(self, source: str, where: str, values: _Values) -> str:
        template = _template(source, where)
        if isinstance(template, _PlainText):
            return template.text
        variables = dict(self.ctx)
        variables.update(
            lang=self.lang, ref=RefMarker, term=self.term, annex=AnnexMarker, article=ArticleMarker
        )
        variables.update(risk_rows=self.risk_rows)
        variables[_COLLECTOR] = values
        try:
            return str(template.render(variables))
        except UndefinedError as exc:
            raise AssemblyError(
                f"{where}: uses a name no question provides ({exc.message}); fix the clause "
                "or add the question to the blueprint"
            ) from None
        except SecurityError as exc:
            raise AssemblyError(f"{where}: not allowed in a clause ({exc})") from None
        except (TemplateError, TypeError, ValueError, ArithmeticError, AttributeError) as exc:
            raise AssemblyError(f"{where}: could not be filled in ({exc})") from None

    def term(self, key: str) -> str:
        for clause in self.lib:
            for d in clause.defines:
                if d.key == key:
                    return d.term.get(self.lang)
        raise AssemblyError(f"term({key!r}): no clause defines {key!r}")


@dataclass
class _Pending:
    clause: Clause
    why: str
    style: str
    part: Part | None
    kind: str
    paragraphs: list[Paragraph]


def check_language(blueprint: Blueprint, lang: str) -> None:
    """Raise AssemblyError unless the contract type is written in `lang`."""
    if lang not in blueprint.languages:
        raise AssemblyError(
            f"contract type {blueprint.id!r} is not available in {lang!r}; "
            f"use one of {', '.join(blueprint.languages)}"
        )


def assemble(
    blueprint: Blueprint,
    answers: Answers,
    library: Library,
    lang: str,
    choices: Mapping[str, str] | None = None,
) -> Draft:
    """Return the Draft of a contract: chosen clauses filled in, numbered, cross-referenced.

    `choices` maps a topic to the variant the user picked in the outline; it overrides the
    blueprint's `pick` for that topic (the `when` condition still applies).
    """
    check_language(blueprint, lang)
    if choices is None:
        choices = answers.choices
    if answers.contract_type != blueprint.id:
        raise AssemblyError(
            f"the answers are for {answers.contract_type!r}, not for {blueprint.id!r}"
        )
    asm = _Assembler(blueprint, answers, library, lang, choices)
    topic_slots = {s.target for _p, s in blueprint.all_slots() if s.topic}
    for topic, clause_id in (choices or {}).items():
        if topic not in topic_slots or clause_id not in {c.id for c in library.topic(topic)}:
            raise AssemblyError(
                f"choice {clause_id!r} for {topic!r}: not a variant of a topic of "
                f"{blueprint.id!r}; pick one of the topic's alternatives"
            )
    values = _Values()

    layout: list[tuple[str, Part | None, list[Slot]]] = [("front", None, blueprint.front)]
    layout += [("article", a, a.slots) for a in blueprint.articles]
    layout += [("closing", None, blueprint.closing)]
    layout += [("annex", a, a.slots) for a in blueprint.annexes]
    default_style = {"front": "plain", "article": "numbered", "closing": "plain", "annex": "plain"}

    pending: list[_Pending] = []
    topics_used: dict[str, str] = {}
    for kind, part, slots in layout:
        part_id = part.id if part else kind
        for slot in slots:
            clause, why = asm.choose(slot, part_id)
            if clause is None:
                continue
            if clause.topic in topics_used:
                raise AssemblyError(
                    f"{blueprint.id}: topic {clause.topic!r} is used twice "
                    f"({topics_used[clause.topic]} and {clause.id}); a contract uses one clause "
                    "per topic"
                )
            topics_used[clause.topic] = clause.id
            asm.included.append(clause)

            style = slot.style or default_style[kind]
            where = f"{library.path_of(clause.id)} (text.{lang})"
            rendered = asm.render_text(clause.text.get(lang), where, values)
            pending.append(_Pending(clause, why, style, part, kind, parse_markup(rendered, style)))

    included = {p.clause.id for p in pending} | {p.clause.topic for p in pending}
    for p in pending:
        missing = [r for r in p.clause.requires if r not in included]
        if missing:
            raise AssemblyError(
                f"{library.path_of(p.clause.id)}: requires {', '.join(missing)}, which this "
                f"contract does not include; add it to the outline of {blueprint.id!r} or "
                "drop the requirement"
            )

    _add_definitions(asm, pending, values)
    parts, numbers = _number(blueprint, pending, lang)
    final_parts = _resolve_references(parts, numbers, values, blueprint, lang)

    cautions = clause_cautions((c for p in final_parts for c in p.clauses), lang)
    cautions += answer_cautions(blueprint, answers, lang)
    ctx = asm.ctx
    subtitle = ctx.get("project_name") if isinstance(ctx.get("project_name"), str) else None
    place = ctx.get("signing_place") if isinstance(ctx.get("signing_place"), str) else None
    return Draft(
        contract_type=blueprint.id,
        blueprint_version=blueprint.version,
        lang=lang,
        title=blueprint.title.get(lang),
        subtitle=subtitle,
        parts=final_parts,
        alternatives=asm.alternatives,
        signatories=_signatories(blueprint, ctx, lang),
        signing_place=place,
        answers=_jsonable(answers.values),
        warnings=asm.warnings + cautions,
    )


def _add_definitions(asm: _Assembler, pending: list[_Pending], values: _Values) -> None:
    """Append every included clause's definitions to common.definitions, sorted."""
    target = next((p for p in pending if p.clause.id == "common.definitions"), None)
    entries: dict[str, tuple[str, str]] = {}
    czech: dict[str, str] = {}  # key → the Czech term, which orders the list in every language
    owners: dict[str, str] = {}
    for p in pending:
        for d in p.clause.defines:
            if d.key in owners and owners[d.key] != p.clause.id:
                raise AssemblyError(
                    f"defined term {d.key!r} is defined by both {owners[d.key]} and "
                    f"{p.clause.id}; keep one definition"
                )
            owners[d.key] = p.clause.id
            where = f"{asm.lib.path_of(p.clause.id)} (defines.{d.key}.{asm.lang})"
            definition = asm.render_text(d.definition.get(asm.lang), where, values)
            entries[d.key] = (d.term.get(asm.lang), " ".join(definition.split()))
            czech[d.key] = d.term.get("cs")
    if not entries:
        return
    if target is None:
        asm.warnings.append(
            "clauses define terms but the contract has no definitions clause (common.definitions)"
        )
        return
    # One order for both languages (the Czech one), so definition 1.N is the same term in the
    # Czech and the English document and cross-language references stay right.
    by_czech = {czech[key]: key for key in entries}
    quote = (phrase("quote_open", asm.lang), phrase("quote_close", asm.lang))
    for cs_term in sort_terms(list(by_czech), "cs"):
        term, text = entries[by_czech[cs_term]]
        text = text.rstrip()
        if text and text[-1] not in ".;:":
            text += "."
        kind: ParagraphKind = "numbered" if target.style == "numbered" else "plain"
        target.paragraphs.append(
            Paragraph(
                kind=kind,
                runs=[Run(text=f"{quote[0]}{term}{quote[1]}", bold=True), Run(text=" " + text)],
            )
        )


# A place in the numbered parts: (part index, clause index, paragraph index).
_Loc = tuple[int, int, int]


@dataclass
class _Targets:
    """Where every clause's numbered paragraphs and anchors are, to resolve references."""

    paragraphs: dict[str, list[_Loc]] = field(default_factory=dict)
    anchors: dict[str, dict[str, tuple[_Loc, ...]]] = field(default_factory=dict)
    articles: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, parts: list[DraftPart]) -> _Targets:
        out = cls()
        for pi, part in enumerate(parts):
            for ci, clause in enumerate(part.clauses):
                numbered: list[_Loc] = []
                anchors: dict[str, tuple[_Loc, ...]] = {}
                parent: _Loc | None = None
                for xi, para in enumerate(clause.paragraphs):
                    loc = (pi, ci, xi)
                    if para.kind == "numbered" and para.number:
                        numbered.append(loc)
                        parent = loc
                    if para.anchor is None:
                        continue
                    if para.anchor in anchors:
                        raise AssemblyError(
                            f"clause {clause.clause_id}: anchor [#{para.anchor}] is used twice; "
                            "give each paragraph its own name"
                        )
                    if para.kind == "numbered" and para.number:
                        anchors[para.anchor] = (loc,)
                    elif para.kind == "point" and para.number and parent is not None:
                        anchors[para.anchor] = (parent, loc)
                    else:
                        raise AssemblyError(
                            f"clause {clause.clause_id}: anchor [#{para.anchor}] is on a "
                            "paragraph without a number (outside the articles); a reference "
                            "needs a numbered paragraph or point"
                        )
                for key in (clause.clause_id, clause.topic):
                    out.paragraphs.setdefault(key, numbered)
                    out.anchors.setdefault(key, anchors)
                    if part.kind == "article" and part.number is not None:
                        out.articles.setdefault(key, str(part.number))
        return out


def _resolve_references(
    parts: list[DraftPart],
    numbers: Mapping[str, str],
    values: _Values,
    blueprint: Blueprint,
    lang: str,
) -> list[DraftPart]:
    """Put the values and numbers into the text; cross-references become runs with a bookmark."""
    targets = _Targets.of(parts)
    annex_numbers = {p.id: str(p.number) for p in parts if p.kind == "annex"}
    bookmarks: dict[_Loc, str] = {}

    def number_of(loc: _Loc) -> str:
        return parts[loc[0]].clauses[loc[1]].paragraphs[loc[2]].number or ""

    def bookmark(loc: _Loc) -> str:
        if loc not in bookmarks:
            # "_Ref…" names are Word's hidden cross-reference bookmarks (not in the user's list)
            bookmarks[loc] = f"_RefPppdraft{len(bookmarks) + 1}"
        return bookmarks[loc]

    def locate(item: RefMarker) -> tuple[_Loc, ...]:
        for raw in item.targets:
            target, _hash, anchor = raw.partition("#")
            if target not in numbers:
                continue
            if anchor:
                found = targets.anchors.get(target, {}).get(anchor)
                if found is None:
                    raise AssemblyError(
                        f"ref({raw!r}): clause {target!r} has no paragraph [#{anchor}] in this "
                        "contract; add the anchor to the paragraph meant or fix the name"
                    )
                return found
            paragraphs = targets.paragraphs.get(target, [])
            if item.at is None:
                if not paragraphs:
                    raise AssemblyError(f"ref({raw!r}): the clause has no numbered paragraph")
                return (paragraphs[0],)
            index = item.at - 1 if item.at > 0 else item.at
            if not -len(paragraphs) <= index < len(paragraphs):
                raise AssemblyError(
                    f"ref({target!r}, at={item.at}): the clause has "
                    f"{len(paragraphs)} numbered paragraph(s) in this contract"
                )
            return (paragraphs[index],)
        raise AssemblyError(
            f"ref({item.target!r}) points to a clause this contract does not include; "
            "guard it with the same condition as the clause or add the clause"
        )

    def reference_runs(item: RefMarker, bold: bool) -> list[Run]:
        found = locate(item)
        if len(found) == 1:
            return [Run(text=number_of(found[0]), bold=bold, ref=bookmark(found[0]))]
        paragraph, point = found
        return [
            Run(text=number_of(paragraph), bold=bold, ref=bookmark(paragraph)),
            # `7.2 písm. b)` / `7.2 b)`: the paragraph's and the point's numbers, two fields
            Run(text=phrase("point_join", lang), bold=bold),
            Run(text=number_of(point), bold=bold, ref=bookmark(point)),
        ]

    def value_text(item: Any) -> str:
        if isinstance(item, AnnexMarker):
            if item.target not in annex_numbers:
                raise AssemblyError(
                    f"annex({item.target!r}): this contract has no such annex; check the id "
                    f"against the outline's annexes of {blueprint.id!r}"
                )
            return annex_numbers[item.target]
        if isinstance(item, ArticleMarker):
            if item.target not in targets.articles:
                raise AssemblyError(
                    f"article({item.target!r}): this contract has no article holding that "
                    "clause; guard it with the same condition as the clause or add the clause"
                )
            return targets.articles[item.target]
        return str(item)

    def resolve_run(run: Run) -> list[Run]:
        if "\ue000" not in run.text and run.ref is None:  # no value or reference in it
            return [run]
        out: list[Run] = []
        text = ""
        pos = 0
        for m in VALUE_TOKEN.finditer(run.text):
            text += run.text[pos : m.start()]
            pos = m.end()
            item = values.items[int(m.group(1))]
            if isinstance(item, RefMarker):
                if text:
                    out.append(Run(text=text, bold=run.bold))
                    text = ""
                out += reference_runs(item, run.bold)
            else:
                text += value_text(item)
        text += run.text[pos:]
        if text or not out:
            out.append(Run(text=text, bold=run.bold))
        return out

    def resolve_paragraph(para: Paragraph) -> dict[str, Any]:
        if para.kind not in ("header", "row"):
            return {"runs": [r for run in para.runs for r in resolve_run(run)]}
        cells = [resolve_run(run) for run in para.runs]
        merged = [
            Run(text="".join(r.text for r in cell), bold=run.bold)
            for cell, run in zip(cells, para.runs, strict=True)
        ]
        with_refs = any(r.ref for cell in cells for r in cell)
        return {"runs": merged, "cell_runs": cells if with_refs else None}

    # every reference first: resolving one gives its target paragraph a bookmark
    updates = [
        [[resolve_paragraph(para) for para in c.paragraphs] for c in p.clauses] for p in parts
    ]

    def resolved(para: Paragraph, loc: _Loc) -> Paragraph:
        update = updates[loc[0]][loc[1]][loc[2]]
        bookmark = bookmarks.get(loc)
        unchanged = bookmark is None and para.bookmark is None and update.get("cell_runs") is None
        if unchanged and all(a is b for a, b in zip(update["runs"], para.runs, strict=True)):
            return para  # nothing filled in: the same (immutable) paragraph
        return para.model_copy(update={**update, "bookmark": bookmark})

    return [
        part.model_copy(
            update={
                "clauses": [
                    c.model_copy(
                        update={
                            "paragraphs": [
                                resolved(para, (pi, ci, xi)) for xi, para in enumerate(c.paragraphs)
                            ]
                        }
                    )
                    for ci, c in enumerate(part.clauses)
                ]
            }
        )
        for pi, part in enumerate(parts)
    ]


def _number(
    blueprint: Blueprint, pending: list[_Pending], lang: str
) -> tuple[list[DraftPart], dict[str, str]]:
    """Return the parts with numbered paragraphs, and the number of every clause and topic."""
    parts: list[DraftPart] = []
    numbers: dict[str, str] = {}
    article_no = 0
    groups: list[tuple[str, Part | None, list[_Pending]]] = []
    for p in pending:
        key = p.part.id if p.part else p.kind
        if groups and groups[-1][0] == key and groups[-1][2][0].kind == p.kind:
            groups[-1][2].append(p)
        else:
            groups.append((key, p.part, [p]))
    for key, part, items in groups:
        kind = items[0].kind
        number: int | None = None
        if kind == "article":
            if not any(it.paragraphs for it in items):
                continue
            article_no += 1
            number = article_no
        sub = 0
        clauses: list[DraftClause] = []
        for it in items:
            paras: list[Paragraph] = []
            letter = 0
            first: str | None = None
            for para in it.paragraphs:
                pkind = para.kind
                label: str | None = None
                if pkind == "numbered" and number is not None:
                    sub += 1
                    letter = 0
                    label = f"{number}.{sub}"
                    first = first or label
                elif pkind == "point" and number is not None:
                    label = f"{chr(ord('a') + letter % 26)})"
                    letter += 1
                paras.append(
                    para if para.number == label else para.model_copy(update={"number": label})
                )
            clause_no = first or (str(number) if number is not None else None)
            if clause_no:
                numbers[it.clause.id] = clause_no
                numbers.setdefault(it.clause.topic, clause_no)
            c = it.clause
            clauses.append(
                DraftClause(
                    clause_id=c.id,
                    topic=c.topic,
                    version=c.version,
                    fingerprint=c.fingerprint,
                    status=c.approval.status,
                    approved=c.is_approved,
                    position=c.position,
                    title=c.title.get(lang),
                    guidance=c.guidance.get(lang),
                    sources=list(c.sources),
                    number=clause_no,
                    paragraphs=paras,
                    why=it.why,
                )
            )
        title = part.title.get(lang) if part else ""
        if kind == "annex":
            annex_no = sum(1 for p in parts if p.kind == "annex") + 1
            prefix = phrase("annex_prefix", lang, n=annex_no)
            title = f"{prefix} – {title}"
            number = annex_no
        parts.append(DraftPart(id=key, kind=kind, number=number, title=title, clauses=clauses))
    return parts, numbers


def _signatories(blueprint: Blueprint, ctx: Mapping[str, Any], lang: str) -> list[Signatory]:
    out: list[Signatory] = []
    defaults = {"municipality": "role_municipality", "partner": "role_partner"}
    extra = 0
    for q in blueprint.questions():
        composite = spec_of(q.type).composite
        if composite is None:
            continue
        items = ctx.get(q.id) or []
        for party in [items] if composite == "party" else items:
            if not isinstance(party, Mapping):
                continue
            if composite == "party" and q.id in defaults:
                role = phrase(defaults[q.id], lang)
            else:
                extra += 1
                role = phrase("role_additional", lang, n=extra)
            out.append(
                Signatory(
                    party=str(party.get("name") or ""),
                    role=str(party.get("role") or role),
                    representative=str(party.get("representative") or ""),
                    function=str(party.get("function") or ""),
                )
            )
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


Formatter = Callable[[Any, str], str]
