"""`pppdraft …` — glue only: parse, call the public API, map errors to exit codes.

Exit codes: 0 ok, 1 internal error, 2 bad input (the message names file, field and fix),
3 `check` found red flags.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import __version__
from .answers import skeleton
from .blueprint import list_blueprints, load_blueprint
from .errors import AnswersError, PppDraftError, UserInputError, excerpt
from .library import approve_clause, load_library
from .phrases import phrase
from .yamlio import MAX_YAML_BYTES

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


MAX_MESSAGE_CHARS = 8_000


def _fail(message: str, code: int) -> typer.Exit:
    if len(message) > MAX_MESSAGE_CHARS:  # a safety net: messages quote bounded excerpts
        cut = len(message) - MAX_MESSAGE_CHARS
        message = f"{message[:MAX_MESSAGE_CHARS]}\n… ({cut:,} more characters left out)"
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
        detail = excerpt(str(exc), 200)
        raise _fail(
            f"internal error ({type(exc).__name__}: {detail}); please report it", 1
        ) from None


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
                    flags.append(phrase("required_flag", lang))
                if q.show_if:
                    flags.append(f"show_if: {q.show_if}")
                typer.echo(f"- {q.id} ({', '.join(flags)}): {q.label.get(lang)}")
                typer.echo(f"    {q.help.get(lang)}")
                if q.options:
                    for o in q.options:
                        typer.echo(f"    * {o.value}: {o.label.get(lang)}")

    _guard(run)


@app.command()
def types(lang: Annotated[str, typer.Option(help="cs or en")] = "cs") -> None:
    """List the question types an answers file uses: the YAML form and an example of each."""
    from .phrases import pick
    from .qtypes import TYPES

    def run() -> None:
        for spec in TYPES.values():
            # JSON is YAML too, and keeps the quotes an IČO with a leading zero needs.
            example = json.dumps(spec.example, ensure_ascii=False, default=str)
            typer.echo(f"{spec.name:<13} {pick(spec.form, lang)}")
            typer.echo(f"{'':<13} {phrase('example', lang)} {example}")

    _guard(run)


def read_answers_file(path: Path) -> Any:
    """Return the raw answers in a YAML (or JSON) file; AnswersError names the file."""
    if not path.is_file():
        raise AnswersError(f"{path}: answers file not found")
    if path.stat().st_size > MAX_YAML_BYTES:
        raise AnswersError(
            f"{path}: the file is larger than {MAX_YAML_BYTES // 1_000_000} MB, the most an "
            f"answers file may be; is this the right file?"
        )
    from .answersfile import parse_answers

    return parse_answers(path.read_bytes(), str(path))


def _refuse_overwriting(answers: Path, targets: list[Path]) -> None:
    """Refuse an output that would replace the answers file (or its manifest would)."""
    source = answers.resolve()
    for target in targets:
        for written in (target, target.with_name(target.stem + ".manifest.json")):
            if written.resolve() == source:
                raise UserInputError(
                    f"-o {target}: the document would overwrite the answers file {answers}; "
                    f"choose another output name"
                )


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
    answers: Annotated[Path, typer.Option("--answers", "-a", help="Answers file (YAML).")],
    contract_type: Annotated[
        str | None,
        typer.Argument(
            metavar="[TYPE]", help="Contract type; optional when the file has _contract_type."
        ),
    ] = None,
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
    """Build a contract from an answers file: a .docx plus its manifest JSON.

    The file's `_contract_type`, `_blueprint_version` and `_choices` (outline variants) are
    honoured; TYPE may be left out, and a TYPE that differs from the file's is refused.
    """
    from .answersfile import resolve_type, split_answers, version_notes
    from .pipeline import build_from_raw, languages

    if _PROCESS[0]:
        # One build and the process ends: what the cyclic collector would free is freed at
        # exit anyway, and its passes over the build's objects cost ~5 ms.
        gc.disable()

    def run() -> None:
        raw = read_answers_file(answers)
        langs = languages(lang.value)
        meta = split_answers(raw, str(answers))
        type_id = resolve_type(meta, contract_type, str(answers))
        targets = [_output_path(out, type_id, code, lang is DocLang.both) for code in langs]
        _refuse_overwriting(answers, targets)
        for line in version_notes(load_blueprint(type_id), meta.blueprint_version, langs[0]):
            typer.echo(f"note: {line}", err=True)
        written: list[Path] = []
        for item, target in zip(
            build_from_raw(type_id, raw, langs, notes=notes), targets, strict=True
        ):
            draft = item.draft
            docx_path, manifest_path = item.rendered.save(target)
            written.append(docx_path)
            typer.echo(f"wrote {docx_path}")
            typer.echo(f"wrote {manifest_path}")
            for warning in draft.warnings:
                typer.echo(f"warning: {warning}", err=True)
            if draft.unapproved:
                typer.echo(
                    f"note: {len(draft.unapproved)} of {len(draft.clauses)} clauses are not "
                    "approved yet (see the manifest)",
                    err=True,
                )
        if pdf:
            from .render.pdf import convert_many

            # One LibreOffice start for both languages; it raises with LibreOffice's reason.
            for made in convert_many(written, written[0].parent, strict=True):
                typer.echo(f"wrote {made}")

    _guard(run)


@app.command()
def batch(
    contract_type: Annotated[str, typer.Argument(metavar="TYPE")],
    base: Annotated[
        Path, typer.Option("--base", help="Answers all rows share (YAML).", show_default=False)
    ],
    table: Annotated[
        Path,
        typer.Option("--table", help="One row per contract (.csv or .xlsx).", show_default=False),
    ],
    out: Annotated[Path, typer.Option("-o", "--output", help="Folder for the documents.")],
    lang: Annotated[DocLang, typer.Option(help="Document language; cs+en writes both.")] = (
        DocLang.cs
    ),
    workers: Annotated[int, typer.Option("--workers", min=1, help="Processes to build in.")] = 1,
    notes: Annotated[
        bool, typer.Option("--notes", help="Add drafting notes as Word comments.")
    ] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also convert to PDF (LibreOffice).")] = False,
) -> None:
    """Build one contract per table row from shared base answers; write DIR/report.csv.

    The table's first row names answer paths (municipality.name, project_name,
    additional_parties[0].name …); each row's filled cells override the base answers. An
    optional `file` column names the documents. Exit 0 when every row was built, 2 when any
    row was refused (the report and stderr name it and why), 1 when a row failed (a defect).
    """
    from . import batch as batch_mod
    from .pipeline import languages

    def run() -> int:
        bp = load_blueprint(contract_type)
        raw = read_answers_file(base)
        if not isinstance(raw, dict):
            raise AnswersError(f"{base}: the base answers must be a mapping of question: answer")
        work = batch_mod.jobs(batch_mod.read_table(table), bp, raw)
        settings = batch_mod.Settings(contract_type, languages(lang.value), out, notes)
        with typer.progressbar(
            length=len(work), label="building", file=sys.stderr, show_pos=True
        ) as bar:
            results = batch_mod.run(settings, work, workers, progress=lambda _r: bar.update(1))
        if pdf:
            batch_mod.convert_pdfs(settings, results)
        report = batch_mod.write_report(out / "report.csv", results)
        refused = [r for r in results if not r.ok]
        for r in refused:
            typer.echo(batch_mod.describe(r), err=True)
        built = len(results) - len(refused)
        typer.echo(f"built {built} of {len(results)} rows into {out}; report: {report}")
        return batch_mod.exit_code(results)

    code = _guard(run)
    raise typer.Exit(code)


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


def _checker_present() -> bool:
    """Return True when the checker package is installed, without importing it (`build`
    must not pay for the checker's imports)."""
    import importlib.util

    spec = importlib.util.find_spec("pppdraft.checker")
    locations = spec.submodule_search_locations if spec else None
    return bool(locations) and any((Path(p) / "cli.py").is_file() for p in locations or [])


def _register_check() -> None:
    if not _checker_present():  # a checkout without the checker package
        return

    @app.command("check")
    def check(
        file: Annotated[Path, typer.Argument(metavar="FILE")],
        format: Annotated[str, typer.Option("--format", help="text, json or docx")] = "text",
        output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
        lang: Annotated[str | None, typer.Option(help="Report language (cs or en).")] = None,
    ) -> None:
        """Check a contract (.docx, .pdf, .txt, .md) for the city's data protections."""
        from .checker.cli import check_command

        code = _guard(lambda: check_command(file, format, output, lang))
        raise typer.Exit(code)


_register_check()


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(f"pppdraft {__version__}")


# True when the command runs as the `pppdraft` process (not called in another program).
_PROCESS = [False]


def main() -> None:
    """Entry point of the `pppdraft` console script."""
    _PROCESS[0] = True
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    finally:
        # The process ends here: spare the interpreter its last full pass of the cyclic
        # collector over everything the command made (~50 ms after a build). Objects are
        # still released and files closed as the interpreter shuts down.
        gc.freeze()


if __name__ == "__main__":
    main()
