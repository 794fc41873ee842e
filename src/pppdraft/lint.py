"""Library lint: proves the clause library and the blueprints fit together."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta, nodes

from .assemble import ANCHOR, ANCHOR_LINE, make_environment, parse_markup
from .blueprint import Blueprint, list_blueprints
from .catalogue_lint import catalogue_findings
from .consistency import (
    figure_problems,
    iter_problems,
    subject_problems,
    term_problems,
    undefined_terms,
)
from .errors import BlueprintError, ExpressionError, LibraryError
from .expressions import check_expression, names_in, unsafe_parts
from .library import Clause, Library, load_library
from .qtypes import spec_of

HELPERS = {
    "lang",
    "ref",
    "term",
    "annex",
    "article",
    "risk_rows",
    "loop",
    "range",
    "true",
    "false",
    "none",
}
# Names the engine itself reads from the answers (title page and signature block).
ENGINE_NAMES = {"project_name", "signing_place"}
_ENV = make_environment()  # the same filters the renderer has


@dataclass(frozen=True)
class Finding:
    """One lint result: an error fails lint, a warning is reported."""

    level: str  # "error" | "warning"
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.where}: {self.message}"


def _texts(clause: Clause) -> list[tuple[str, str]]:
    out = [(f"text.{lang}", clause.text.get(lang)) for lang in ("cs", "en")]
    for d in clause.defines:
        out += [(f"defines.{d.key}.{lang}", d.definition.get(lang)) for lang in ("cs", "en")]
    return out


def template_names(source: str) -> tuple[set[str], set[str], set[str]]:
    """Return (free names, ref() targets, term() keys) used by a clause text."""
    free, calls = template_calls(source)
    return free, calls["ref"], calls["term"]


def template_calls(source: str) -> tuple[set[str], dict[str, set[str]]]:
    """Return (free names, {helper: constant arguments}) for ref, term, annex, article calls."""
    ast = _ENV.parse(source)
    _ENV.compile(ast)  # unknown filters and tests are found only when compiling
    free = set(meta.find_undeclared_variables(ast))
    calls: dict[str, set[str]] = {"ref": set(), "term": set(), "annex": set(), "article": set()}
    for call in ast.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in calls and call.args:
            consts = [
                a.value
                for a in call.args
                if isinstance(a, nodes.Const) and isinstance(a.value, str)
            ]
            # ref('a', 'b') means "a, else b": kept together as "a|b" for the checks
            calls[call.node.name].add("|".join(consts))
    return free, calls


_JINJA_TAG = re.compile(r"{%.*?%}|{#.*?#}", re.DOTALL)


def anchors_of(source: str) -> list[str]:
    """Return the anchors (`[#name] `) a clause text gives its paragraphs and points."""
    return [m.group(1) for m in ANCHOR_LINE.finditer(source)]


def anchor_positions(source: str) -> list[tuple[int, str]]:
    """Return (paragraph index, anchor) for a clause text, conditions ignored."""
    paragraphs = parse_markup(_JINJA_TAG.sub("", source), "numbered")
    return [(i, p.anchor) for i, p in enumerate(paragraphs) if p.anchor]


def numbered_paragraphs(clause: Clause) -> int:
    """Return how many numbered paragraphs a clause can have (Czech text, conditions ignored)."""
    text = _JINJA_TAG.sub("", clause.text.get("cs"))
    return sum(1 for p in parse_markup(text, "numbered") if p.kind == "numbered" and p.text.strip())


def _anchor_findings(clause: Clause, where: str) -> list[Finding]:
    findings: list[Finding] = []
    per_lang: dict[str, list[str]] = {}
    for lang in ("cs", "en"):
        names = anchors_of(clause.text.get(lang))
        per_lang[lang] = names
        for name in names:
            if not ANCHOR.fullmatch(f"[#{name}] "):
                findings.append(
                    Finding(
                        "error",
                        where,
                        f"text.{lang}: anchor [#{name}] is not valid; use lowercase letters, "
                        "digits and hyphens, followed by a space",
                    )
                )
    if set(per_lang["cs"]) != set(per_lang["en"]):
        only_cs = sorted(set(per_lang["cs"]) - set(per_lang["en"]))
        only_en = sorted(set(per_lang["en"]) - set(per_lang["cs"]))
        findings.append(
            Finding(
                "error",
                where,
                "the Czech and English texts anchor different paragraphs (only in cs: "
                f"{', '.join(only_cs) or '—'}; only in en: {', '.join(only_en) or '—'}); "
                "give the same paragraph the same anchor in both languages",
            )
        )
    elif anchor_positions(clause.text.get("cs")) != anchor_positions(clause.text.get("en")):
        findings.append(
            Finding(
                "error",
                where,
                "an anchor sits on a different paragraph in the Czech and the English text; "
                "put each anchor on the same paragraph in both languages",
            )
        )
    return findings


def _ref_findings(library: Library, where: str, label: str, target: str) -> list[Finding]:
    """Check one ref() target: the clause exists, a named anchor exists, a bare one is safe."""
    findings: list[Finding] = []
    for one in target.split("|"):
        name, _hash, anchor = one.partition("#")
        candidates = library.resolve(name)
        if not candidates:
            findings.append(Finding("error", where, f"{label}: ref({one!r}) names no clause"))
            continue
        if anchor:
            if not any(anchor in anchors_of(c.text.get("cs")) for c in candidates):
                findings.append(
                    Finding(
                        "error",
                        where,
                        f"{label}: ref({one!r}): no variant of {name!r} has a paragraph "
                        f"[#{anchor}]; add the anchor to the paragraph meant or fix the name",
                    )
                )
            continue
        many = [c.id for c in candidates if numbered_paragraphs(c) > 1]
        if many:
            findings.append(
                Finding(
                    "error",
                    where,
                    f"{label}: ref({one!r}) names no paragraph of {', '.join(many)}, which has "
                    "several; anchor the paragraph meant (`[#name] ` in its text) and write "
                    f"ref('{name}#name'), or cite the whole article with article({name!r})",
                )
            )
    return findings


def lint(library_path: Path | None = None, contracts_path: Path | None = None) -> list[Finding]:
    """Return every problem of the library and the blueprints (errors and warnings)."""
    findings: list[Finding] = []
    try:
        library = load_library(library_path)
    except LibraryError as exc:
        return [Finding("error", "clauses", str(exc))]
    try:
        blueprints = list_blueprints(contracts_path)
    except BlueprintError as exc:
        return [Finding("error", "contracts", str(exc))]

    findings += _lint_clauses(library)
    findings += [Finding(*f) for f in catalogue_findings(contracts_path)]
    used: set[str] = set()
    for bp in blueprints:
        findings += _lint_blueprint(bp, library, used)
    findings += [
        Finding("error", p.where, p.message)
        for p in iter_problems(
            p
            for bp in blueprints
            for check in (subject_problems, figure_problems, term_problems, undefined_terms)
            for p in check(bp, library)
        )
    ]
    for clause in library:
        if clause.id not in used and clause.approval.status != "retired":
            findings.append(
                Finding(
                    "warning",
                    str(library.path_of(clause.id)),
                    "no contract type uses this clause (add it to an outline or retire it)",
                )
            )
    return findings


def _lint_clauses(library: Library) -> list[Finding]:
    findings: list[Finding] = []
    keys: dict[str, str] = {}
    for clause in library:
        where = str(library.path_of(clause.id))
        for field in ("title", "text", "guidance"):
            for lang in ("cs", "en"):
                if not getattr(clause, field).get(lang).strip():
                    findings.append(
                        Finding("error", where, f"field '{field}.{lang}' is empty; translate it")
                    )
        if not any(s.strip() for s in clause.sources):
            findings.append(Finding("error", where, "no legal source is cited in 'sources'"))
        if clause.modified_since_approval:
            findings.append(
                Finding(
                    "error",
                    where,
                    "modified since approval: the text no longer matches the approved "
                    "fingerprint; have it re-approved (`pppdraft library approve "
                    f"{clause.id} --by NAME`) and bump 'version'",
                )
            )
        if clause.approval.status == "approved" and not (
            clause.approval.by and clause.approval.on and clause.approval.fingerprint
        ):
            findings.append(
                Finding("error", where, "approved without 'by', 'on' and 'fingerprint'")
            )
        for label, source in _texts(clause):
            try:
                _free, refs, terms = template_names(source)
            except TemplateSyntaxError as exc:
                findings.append(
                    Finding("error", where, f"field '{label}' is not valid Jinja: {exc}")
                )
                continue
            unsafe = unsafe_parts(_ENV.parse(source))
            if unsafe:
                findings.append(
                    Finding(
                        "error",
                        where,
                        f"field '{label}' reaches into {', '.join(sorted(set(unsafe)))}, which "
                        "the sandbox refuses at build time; use only answers, computed values, "
                        "filters and the helpers",
                    )
                )
            for target in refs:
                findings += _ref_findings(library, where, label, target)
            for key in terms:
                if not any(d.key == key for c in library for d in c.defines):
                    findings.append(
                        Finding("error", where, f"{label}: term({key!r}) is defined nowhere")
                    )
        findings += _anchor_findings(clause, where)
        for i, risk in enumerate(clause.risks):  # a risk-matrix row cites the paragraph deciding it
            target = f"{clause.id}#{risk.anchor}" if risk.anchor else clause.id
            findings += _ref_findings(library, where, f"risks[{i}].anchor", target)
        for req in clause.requires:
            if not library.resolve(req):
                findings.append(Finding("error", where, f"requires {req!r}, which does not exist"))
        for d in clause.defines:
            if d.key in keys and keys[d.key] != clause.id:
                findings.append(
                    Finding("error", where, f"term {d.key!r} is also defined by {keys[d.key]}")
                )
            keys[d.key] = clause.id
    return findings


def _anchors_in_contract(
    bp: Blueprint, library: Library, where: str, label: str, target: str
) -> list[Finding]:
    """An anchored ref must find its anchor in every variant this contract type can include."""
    findings: list[Finding] = []
    included = {c.id for _p, s in bp.all_slots() for c in library.resolve(s.target)}
    for one in target.split("|"):
        name, _hash, anchor = one.partition("#")
        if not anchor:
            continue
        for clause in library.resolve(name):
            if clause.id not in included:
                continue
            for lang in ("cs", "en"):
                if anchor not in anchors_of(clause.text.get(lang)):
                    findings.append(
                        Finding(
                            "error",
                            where,
                            f"{label}: ref({one!r}): {clause.id} (text.{lang}), which "
                            f"{bp.id!r} can include, has no paragraph [#{anchor}]",
                        )
                    )
    return findings


def _lint_blueprint(bp: Blueprint, library: Library, used: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    where = f"contracts/{bp.id}.yaml"
    provided = {q.id for q in bp.questions()} | set(bp.computed) | HELPERS
    read: set[str] = set()

    def expr_names(expr: str, label: str) -> None:
        try:
            check_expression(expr, label)
            names = names_in(expr)
        except ExpressionError as exc:
            findings.append(Finding("error", where, f"{label}: {exc}"))
            return
        read.update(names)
        for name in names - provided:
            findings.append(
                Finding("error", where, f"{label}: {expr!r} uses {name!r}, which is no question")
            )

    for q in bp.questions():
        if q.show_if:
            expr_names(q.show_if, f"show_if of {q.id!r}")
    for name, expr in bp.computed.items():
        expr_names(expr, f"computed {name!r}")

    for part_id, slot in bp.all_slots():
        label = f"outline '{part_id}', slot {slot.target!r}"
        if slot.when:
            expr_names(slot.when, f"{label} (when)")
        if slot.pick:
            expr_names(slot.pick, f"{label} (pick)")
        candidates = library.resolve(slot.target)
        if not candidates:
            findings.append(
                Finding("error", where, f"{label}: no clause or topic {slot.target!r} exists")
            )
            continue
        for clause in candidates:
            used.add(clause.id)
            cwhere = str(library.path_of(clause.id))
            for i, risk in enumerate(clause.risks):
                if risk.when:
                    expr_names(risk.when, f"{clause.id} risks[{i}].when")

            if clause.approval.status == "retired":
                findings.append(
                    Finding("error", where, f"{label}: clause {clause.id!r} is retired")
                )
            for text_label, source in _texts(clause):
                try:
                    free, calls = template_calls(source)
                except TemplateSyntaxError:
                    continue  # reported by _lint_clauses
                refs = calls["ref"]
                for annex_id in calls["annex"] - {a.id for a in bp.annexes}:
                    findings.append(
                        Finding(
                            "error",
                            cwhere,
                            f"{text_label}: annex({annex_id!r}) is no annex of {bp.id!r}",
                        )
                    )
                read.update(free)
                for name in free - provided:
                    findings.append(
                        Finding(
                            "error",
                            cwhere,
                            f"{text_label} uses {name!r}, which no question or computed value "
                            f"of {bp.id!r} provides; add the question or fix the name",
                        )
                    )
                reachable = {
                    name
                    for _p, s in bp.all_slots()
                    for c in library.resolve(s.target)
                    for name in (c.id, c.topic)
                }
                for article_target in calls["article"]:
                    if not library.resolve(article_target):
                        findings.append(
                            Finding(
                                "error",
                                cwhere,
                                f"{text_label}: article({article_target!r}) names no clause",
                            )
                        )
                for target in refs:
                    findings += _anchors_in_contract(bp, library, cwhere, text_label, target)
                    names = {one.partition("#")[0] for one in target.split("|")}
                    if not names & reachable:
                        findings.append(
                            Finding(
                                "error",
                                cwhere,
                                f"{text_label}: ref({target!r}) points to a clause that "
                                f"{bp.id!r} never includes",
                            )
                        )
    party_questions = {q.id for q in bp.questions() if spec_of(q.type).composite}
    for q in bp.questions():
        if q.id not in read and q.id not in ENGINE_NAMES and q.id not in party_questions:
            findings.append(
                Finding(
                    "error",
                    where,
                    f"question {q.id!r} is used by no clause, condition or computed value; "
                    "use it or remove it",
                )
            )
    return findings
