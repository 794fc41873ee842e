"""`pppdraft …` — glue only: parse, call the public API, map errors to exit codes.

Exit codes: 0 ok, 1 internal error, 2 bad input (the message names file, field and fix),
3 `check` found red flags.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import __version__
from .answers import skeleton, validate_answers
from .assemble import assemble
from .blueprint import list_blueprints, load_blueprint
from .errors import AnswersError, PppDraftError
from .library import approve_clause, load_library
from .yamlio import parse_yaml

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Draft municipal PPP and data-ownership contracts from a vetted clause library. "
    "The tool drafts; it does not give legal advice.",
)
library_app = typer.Typer(no_args_is_help=True, help="Inspect, lint and approve clauses.")
app.add_typer(library_app, name="library")

T = TypeVar("T")


class DocLang(StrEnum):
    """Document languages `build` accepts."""

    cs = "cs"
    en = "en"
    both = "cs+en"


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def _guard(fn: Callable[[], T]) -> T:
    """Run a command body; turn our errors into a message and an exit code."""
    try:
        return fn()
    except PppDraftError as exc:
        raise _fail(f"error: {exc}", exc.exit_code) from None
    except OSError as exc:
        raise _fail(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), 2) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:  # an internal defect: say so plainly, exit 1
        raise _fail(f"internal error ({type(exc).__name__}: {exc}); please report it", 1) from None


@app.command("list")
def list_types(lang: Annotated[str, typer.Option(help="cs or en")] = "cs") -> None:
    """List the contract types with a line on when to use each."""

    def run() -> None:
        for bp in list_blueprints():
            typer.echo(f"{bp.id:<16} {bp.title.get(lang)}")
            typer.echo(f"{'':<16} {bp.description.get(lang)}")

    _guard(run)


@app.command()
def questions(
    contract_type: Annotated[str, typer.Argument(metavar="TYPE")],
    skeleton_: Annotated[
        bool, typer.Option("--skeleton", help="Print an answers file to fill in.")
    ] = False,
    lang: Annotated[str, typer.Option(help="cs or en")] = "cs",
) -> None:
    """Show the questionnaire of a contract type (or an answers skeleton)."""

    def run() -> None:
        bp = load_blueprint(contract_type)
        if skeleton_:
            typer.echo(skeleton(bp, lang), nl=False)
            return
        for section in bp.sections:
            typer.echo(f"\n## {section.title.get(lang)}")
            for q in section.questions:
                flags: list[str] = [q.type]
                if q.required:
                    flags.append("povinné" if lang == "cs" else "required")
                if q.show_if:
                    flags.append(f"show_if: {q.show_if}")
                typer.echo(f"- {q.id} ({', '.join(flags)}): {q.label.get(lang)}")
                typer.echo(f"    {q.help.get(lang)}")
                if q.options:
                    for o in q.options:
                        typer.echo(f"    * {o.value}: {o.label.get(lang)}")

    _guard(run)


def read_answers_file(path: Path) -> Any:
    """Return the raw answers in a YAML (or JSON) file; AnswersError names the file."""
    if not path.is_file():
        raise AnswersError(f"{path}: answers file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise AnswersError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    data = parse_yaml(text, str(path), AnswersError)
    return {} if data is None else data


def _output_path(out: Path | None, contract_type: str, lang: str, both: bool) -> Path:
    if out is None:
        return Path("output") / f"{contract_type}-{lang}.docx"
    if out.is_dir() or str(out).endswith(("/", "\\")):
        return out / f"{contract_type}-{lang}.docx"
    if out.suffix.lower() != ".docx":
        out = out.with_suffix(".docx")
    return out.with_name(f"{out.stem}-{lang}.docx") if both else out


@app.command()
def build(
    contract_type: Annotated[str, typer.Argument(metavar="TYPE")],
    answers: Annotated[Path, typer.Option("--answers", "-a", help="Answers file (YAML).")],
    lang: Annotated[DocLang, typer.Option(help="Document language; cs+en writes both.")] = (
        DocLang.cs
    ),
    out: Annotated[
        Path | None, typer.Option("-o", "--output", help="Output .docx (or folder).")
    ] = None,
    notes: Annotated[
        bool, typer.Option("--notes", help="Add drafting notes as Word comments.")
    ] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also convert to PDF (LibreOffice).")] = False,
) -> None:
    """Build a contract from an answers file: a .docx plus its manifest JSON."""
    from .render.docx import render_docx
    from .render.pdf import convert_to_pdf

    def run() -> None:
        bp = load_blueprint(contract_type)
        raw = read_answers_file(answers)
        langs = ["cs", "en"] if lang is DocLang.both else [lang.value]
        valid = validate_answers(bp, raw, langs[0])
        library = load_library()
        for code in langs:
            draft = assemble(bp, valid, library, code)
            target = _output_path(out, contract_type, code, lang is DocLang.both)
            docx_path, manifest_path = render_docx(draft, notes=notes).save(target)
            typer.echo(f"wrote {docx_path}")
            typer.echo(f"wrote {manifest_path}")
            if pdf:
                typer.echo(f"wrote {convert_to_pdf(docx_path)}")
            for warning in draft.warnings:
                typer.echo(f"warning: {warning}", err=True)
            if draft.unapproved:
                typer.echo(
                    f"note: {len(draft.unapproved)} of {len(draft.clauses)} clauses are not "
                    "approved yet (see the manifest)",
                    err=True,
                )

    _guard(run)


@library_app.command("lint")
def library_lint() -> None:
    """Check every clause and blueprint; exit 2 when something is wrong."""
    from .lint import lint

    def run() -> None:
        findings = lint()
        errors = [f for f in findings if f.level == "error"]
        for f in findings:
            typer.echo(str(f), err=f.level == "error")
        library = load_library()
        typer.echo(
            f"{len(library)} clauses, {len(errors)} error(s), "
            f"{len(findings) - len(errors)} warning(s)"
        )
        if errors:
            raise typer.Exit(2)

    _guard(run)


@library_app.command("list")
def library_list(
    family: Annotated[str | None, typer.Option(help="Only this family (data, common…).")] = None,
    lang: Annotated[str, typer.Option(help="cs or en")] = "cs",
) -> None:
    """List clauses: id, version, position, approval status, title."""

    def run() -> None:
        for c in load_library():
            if family and c.family != family:
                continue
            status = "modified" if c.modified_since_approval else c.approval.status
            typer.echo(
                f"{c.id:<40} v{c.version:<3} {c.position:<12} {status:<9} {c.title.get(lang)}"
            )

    _guard(run)


@library_app.command("show")
def library_show(
    clause_id: Annotated[str, typer.Argument(metavar="ID")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Show one clause in both languages with guidance, sources and approval."""

    def run() -> None:
        library = load_library()
        c = library.get(clause_id)
        if as_json:
            data = c.model_dump(mode="json")
            data["fingerprint_now"] = c.fingerprint
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        typer.echo(f"{c.id}  v{c.version}  topic {c.topic}  ({c.position})")
        status = "modified since approval" if c.modified_since_approval else c.approval.status
        typer.echo(f"approval: {status} by {c.approval.by or '-'} on {c.approval.on or '-'}")
        typer.echo(f"file: {library.path_of(c.id)}")
        for code in ("cs", "en"):
            typer.echo(f"\n[{code}] {c.title.get(code)}\n{c.text.get(code).rstrip()}")
            typer.echo(f"\n[{code}] guidance: {c.guidance.get(code)}")
        typer.echo("\nsources:\n" + "\n".join(f"- {s}" for s in c.sources))

    _guard(run)


@library_app.command("approve")
def library_approve(
    clause_id: Annotated[str, typer.Argument(metavar="ID")],
    by: Annotated[str, typer.Option("--by", help="Name of the approving lawyer.")],
    note: Annotated[str | None, typer.Option("--note", help="What the lawyer notes.")] = None,
) -> None:
    """Record that NAME approved the clause's current text (who, when, fingerprint, note)."""

    def run() -> None:
        path = approve_clause(load_library(), clause_id, by, date.today(), note)
        typer.echo(f"approved {clause_id} by {by}: {path}")

    _guard(run)


@library_app.command("diff")
def library_diff(clause_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Show what changed in a clause since its approved text."""
    from .library import diff_since_approval

    def run() -> None:
        diff = diff_since_approval(load_library(), clause_id)
        typer.echo(diff or f"{clause_id}: unchanged since approval")

    _guard(run)


def _register_check() -> None:
    import importlib

    try:
        check_command = importlib.import_module("pppdraft.checker.cli").check_command
    except ModuleNotFoundError as exc:  # a checkout without the checker package
        if exc.name not in ("pppdraft.checker", "pppdraft.checker.cli"):
            raise
        return

    @app.command("check")
    def check(
        file: Annotated[Path, typer.Argument(metavar="FILE")],
        format: Annotated[str, typer.Option("--format", help="text, json or docx")] = "text",
        output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
        lang: Annotated[str | None, typer.Option(help="Report language (cs or en).")] = None,
    ) -> None:
        """Check a contract (.docx, .pdf, .txt, .md) for the city's data protections."""
        code = _guard(lambda: check_command(file, format, output, lang))
        raise typer.Exit(code)


_register_check()


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(f"pppdraft {__version__}")


def main() -> None:
    """Entry point of the `pppdraft` console script."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
