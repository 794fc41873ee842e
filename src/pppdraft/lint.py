"""Library lint: proves the clause library and the blueprints fit together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta, nodes

from .assemble import make_environment
from .blueprint import Blueprint, list_blueprints
from .errors import BlueprintError, ExpressionError, LibraryError
from .expressions import names_in
from .library import Clause, Library, load_library

HELPERS = {"lang", "ref", "term", "annex", "risk_rows", "loop", "range", "true", "false", "none"}
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
    """Return (free names, {helper: constant arguments}) for ref, term and annex calls."""
    ast = _ENV.parse(source)
    _ENV.compile(ast)  # unknown filters and tests are found only when compiling
    free = set(meta.find_undeclared_variables(ast))
    calls: dict[str, set[str]] = {"ref": set(), "term": set(), "annex": set()}
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
    used: set[str] = set()
    for bp in blueprints:
        findings += _lint_blueprint(bp, library, used)
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
            for target in refs:
                for one in target.split("|"):
                    if not library.resolve(one):
                        findings.append(
                            Finding("error", where, f"{label}: ref({one!r}) names no clause")
                        )
            for key in terms:
                if not any(d.key == key for c in library for d in c.defines):
                    findings.append(
                        Finding("error", where, f"{label}: term({key!r}) is defined nowhere")
                    )
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


def _lint_blueprint(bp: Blueprint, library: Library, used: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    where = f"contracts/{bp.id}.yaml"
    provided = {q.id for q in bp.questions()} | set(bp.computed) | HELPERS
    read: set[str] = set()

    def expr_names(expr: str, label: str) -> None:
        try:
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
                for target in refs:
                    if not set(target.split("|")) & reachable:
                        findings.append(
                            Finding(
                                "error",
                                cwhere,
                                f"{text_label}: ref({target!r}) points to a clause that "
                                f"{bp.id!r} never includes",
                            )
                        )
    party_questions = {q.id for q in bp.questions() if q.type in ("party", "parties")}
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
