"""Many contracts at once: base answers plus one table row per contract.

A table (CSV or XLSX) has a header of answer paths — `municipality.name`, `project_name`,
`additional_parties[0].name` — and one row per contract. Each row's non-empty cells override
the base answers at those paths; an empty cell keeps the base answer. An optional `file`
column names the row's documents (else `row-NNN`). Every row goes through the same build path
as `pppdraft build` (`pipeline.build_from_raw`); a row that cannot be built is reported and
the others are still built.
"""

from __future__ import annotations

import copy
import csv
import io
import itertools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .blueprint import Blueprint, load_blueprint
from .errors import PppDraftError, UserInputError
from .library import Library
from .qtypes import PARTY_FIELDS, spec_of

FILE_COLUMN = "file"
MAX_ROWS = 20_000
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\.")
_BAD_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
REPORT_FIELDS = ("row", "line", "file", "status", "documents", "messages")


class BatchError(UserInputError):
    """The table (or a row of it) cannot be used as it is; the message names the place."""


Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Table:
    """The cells of a table: its header and its non-empty rows with their line numbers."""

    source: str
    header: list[str]
    rows: list[tuple[int, list[Any]]]


@dataclass
class RowResult:
    """What became of one row: built (with its documents) or refused (with the reasons)."""

    row: int
    line: int
    name: str
    status: str = "built"
    documents: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return True when every document of the row was written."""
        return self.status == "built"


@dataclass(frozen=True)
class Job:
    """One row to build: where it came from, its file stem and its complete raw answers."""

    row: int
    line: int
    name: str
    raw: Any
    problem: str | None = None


# --- reading the table ---------------------------------------------------------------------


def read_table(path: Path) -> Table:
    """Return the cells of a .csv (UTF-8, `,` or `;`) or .xlsx (first sheet) table."""
    if not path.is_file():
        raise BatchError(f"{path}: table not found")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raise BatchError(f"{path}: a table must be a .csv or .xlsx file (save it as one of them)")


def table_from_bytes(data: bytes, name: str) -> Table:
    """Return the cells of an uploaded table (its name tells CSV from XLSX)."""
    import tempfile

    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="pppdraft-table-") as tmp:
        path = Path(tmp) / f"table{suffix}"
        path.write_bytes(data)
        table = read_table(path)
    return Table(name, table.header, table.rows)


def _read_csv(path: Path) -> Table:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BatchError(
            f"{path}: not UTF-8 text; in Excel use Save As → 'CSV UTF-8', or upload the .xlsx"
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count) if first else ","
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not records:
        raise BatchError(f"{path}: the table is empty; the first line must name the answers")
    header, *body = records
    return Table(str(path), header, list(_numbered(body)))


def _numbered(body: Sequence[Sequence[Any]]) -> Iterator[tuple[int, list[Any]]]:
    for line, cells in enumerate(body, start=2):
        if any(not _blank(c) for c in cells):
            yield line, list(cells)


def _read_xlsx(path: Path) -> Table:
    import zipfile

    from openpyxl import load_workbook  # imported here: only batch runs read spreadsheets

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise BatchError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    try:
        sheet = workbook.worksheets[0]
        records = [[_xlsx_value(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not records:
        raise BatchError(f"{path}: the first sheet is empty; its first row must name the answers")
    header, *body = records
    return Table(str(path), ["" if h is None else str(h) for h in header], list(_numbered(body)))


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, float):
        return repr(value)  # the shortest text of the number, as the user sees it
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- header paths and rows -----------------------------------------------------------------


def parse_path(text: str) -> Path_:
    """Return the steps of an answer path: `a.b[0].c` → ('a', 'b', 0, 'c')."""
    steps: list[str | int] = []
    pos = 0
    expect_name = True
    while pos < len(text):
        m = _STEP.match(text, pos)
        if m is None:
            break
        if m.group(1) is not None:
            if not expect_name:
                break
            steps.append(m.group(1))
            expect_name = False
        elif m.group(2) is not None:
            if expect_name:
                break
            steps.append(int(m.group(2)))
        else:
            if expect_name:
                break
            expect_name = True
        pos = m.end()
    if pos != len(text) or expect_name or not steps or not isinstance(steps[0], str):
        raise ValueError(text)
    return tuple(steps)


def header_paths(table: Table, blueprint: Blueprint) -> list[Path_ | None]:
    """Return the answer path of each column (None for the `file` column and blank ones)."""
    import difflib

    known = [q.id for q in blueprint.questions()]
    paths: list[Path_ | None] = []
    seen: dict[str, int] = {}
    for i, raw_name in enumerate(table.header, start=1):
        name = str(raw_name).strip()
        where = f"{table.source}: column {i} ({name!r})" if name else f"{table.source}: column {i}"
        if not name:
            if any(i - 1 < len(cells) and not _blank(cells[i - 1]) for _l, cells in table.rows):
                raise BatchError(f"{where} has values but no name; write the answer path in row 1")
            paths.append(None)
            continue
        if name in seen:
            raise BatchError(f"{where} repeats column {seen[name]}; keep one of them")
        seen[name] = i
        if name == FILE_COLUMN:
            paths.append(None)
            continue
        try:
            path = parse_path(name)
        except ValueError:
            raise BatchError(
                f"{where} is not an answer path; write e.g. municipality.name, project_name "
                "or additional_parties[0].name"
            ) from None
        if path[0] not in known:
            close = difflib.get_close_matches(str(path[0]), known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise BatchError(
                f"{where}: {path[0]!r} is not a question of {blueprint.id}{hint}; "
                f"see `pppdraft questions {blueprint.id}`"
            )
        problem = _shape_problem(blueprint, path)
        if problem:
            raise BatchError(f"{where}: {problem}")
        paths.append(path)
    return paths


def _shape_problem(blueprint: Blueprint, path: Path_) -> str | None:
    """Return what is wrong with a path for its question's type (None when it fits)."""
    import difflib

    question = blueprint.question(str(path[0]))
    rest = path[1:]
    shape: tuple[type, ...]
    composite = spec_of(question.type).composite
    if composite == "party":
        shape, example = (str,), f"{question.id}.name"
    elif composite == "parties":
        shape, example = (int, str), f"{question.id}[0].name"
    else:
        shape, example = (), question.id
    if len(rest) != len(shape) or any(
        not isinstance(s, t) for s, t in zip(rest, shape, strict=False)
    ):
        return f"{question.id} is a {question.type} question; write e.g. {example}"
    if shape and str(rest[-1]) not in PARTY_FIELDS:
        close = difflib.get_close_matches(str(rest[-1]), PARTY_FIELDS, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return f"{rest[-1]!r} is not a field of a party; {hint}fields: {', '.join(PARTY_FIELDS)}"
    return None


def _cell(blueprint: Blueprint, path: Path_, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
    if len(path) == 1 and isinstance(value, str):
        question = blueprint.question(str(path[0]))
        if spec_of(question.type).options and spec_of(question.type).list_valued:  # a multichoice
            return [v.strip() for v in re.split(r"[;,]", value) if v.strip()]
    return value


def set_path(answers: dict[str, Any], path: Path_, value: Any, label: str) -> None:
    """Put `value` at `path` inside `answers`, making mappings and list items on the way."""
    target: Any = answers
    for step, following in itertools.pairwise(path):
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(step, int):
            if not isinstance(target, list):
                raise BatchError(f"{label}: the answer there is not a list")
            while len(target) <= step:
                target.append({})
            if target[step] is None:
                target[step] = empty
            target = target[step]
        else:
            if not isinstance(target, dict):
                raise BatchError(f"{label}: the answer there is not a mapping")
            if target.get(step) is None:
                target[step] = empty
            target = target[step]
    last = path[-1]
    if isinstance(last, int):
        if not isinstance(target, list):
            raise BatchError(f"{label}: the answer there is not a list")
        while len(target) <= last:
            target.append(None)
        target[last] = value
    else:
        if not isinstance(target, dict):
            raise BatchError(f"{label}: the answer there is not a mapping")
        target[last] = value


def jobs(table: Table, blueprint: Blueprint, base: Mapping[str, Any]) -> list[Job]:
    """Return one job per table row: base answers with the row's cells put in place."""
    if len(table.rows) > MAX_ROWS:
        raise BatchError(f"{table.source}: {len(table.rows)} rows; split it (at most {MAX_ROWS})")
    paths = header_paths(table, blueprint)
    file_col = next((i for i, h in enumerate(table.header) if str(h).strip() == FILE_COLUMN), None)
    width = max(3, len(str(len(table.rows))))
    out: list[Job] = []
    used: dict[str, int] = {}
    for number, (line, cells) in enumerate(table.rows, start=1):
        raw = copy.deepcopy(dict(base))
        problem: str | None = None
        name = f"row-{number:0{width}d}"
        if file_col is not None and file_col < len(cells) and not _blank(cells[file_col]):
            name = str(cells[file_col]).strip()
            if name.lower().endswith(".docx"):
                name = name[:-5]
            if _BAD_NAME.search(name) or name.startswith("."):
                problem = (
                    f'file {name!r} is not a usable file name; leave out / \\ : * ? " < > | '
                    "and a leading dot"
                )
        if problem is None and name.casefold() in used:
            problem = f"file {name!r} is also the name of row {used[name.casefold()]}; rename one"
        used.setdefault(name.casefold(), number)
        for i, path in enumerate(paths):
            if path is None or i >= len(cells) or _blank(cells[i]) or problem:
                continue
            try:
                set_path(raw, path, _cell(blueprint, path, cells[i]), f"column {table.header[i]}")
            except BatchError as exc:
                problem = str(exc)
        out.append(Job(number, line, name, raw, problem))
    return out


# --- building ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """What every row of a batch shares."""

    contract_type: str
    langs: tuple[str, ...]
    out_dir: Path
    notes: bool = False


def document_path(settings: Settings, name: str, lang: str) -> Path:
    """Return where a row's document goes (`NAME.docx`, or `NAME-cs.docx` for two languages)."""
    suffix = f"-{lang}" if len(settings.langs) > 1 else ""
    return settings.out_dir / f"{name}{suffix}.docx"


def build_row(settings: Settings, job: Job) -> RowResult:
    """Build and write one row's documents; a bad row comes back refused with the reasons."""
    from .pipeline import build_from_raw

    result = RowResult(job.row, job.line, job.name)
    if job.problem:
        result.status, result.messages = "refused", [job.problem]
        return result
    try:
        built = build_from_raw(
            settings.contract_type, job.raw, settings.langs, library=_LIBRARY, notes=settings.notes
        )
    except PppDraftError as exc:
        result.status = "refused" if exc.exit_code == 2 else "failed"
        problems = getattr(exc, "problems", None)
        result.messages = [str(p) for p in problems] if problems else [str(exc)]
        return result
    except Exception as exc:  # a defect: the row says so, the other rows are still built
        result.status = "failed"
        result.messages = [f"internal error ({type(exc).__name__}: {exc}); please report it"]
        return result
    try:
        for item in built:
            docx, _manifest = item.rendered.save(document_path(settings, job.name, item.lang))
            result.documents.append(docx.name)
            result.messages += [m for m in item.draft.warnings if m not in result.messages]
    except OSError as exc:
        result.status = "failed"
        result.messages.append(f"cannot write {exc.filename or job.name}: {exc.strerror or exc}")
    return result


_SETTINGS: Settings | None = None
# The library of the running batch, parsed once before the rows (forked workers inherit it);
# None: each row asks `cached_library()`, which checks the files first.
_LIBRARY: Library | None = None


def _init_worker(settings: Settings) -> None:
    global _SETTINGS
    _SETTINGS = settings


def _work(job: Job) -> RowResult:
    assert _SETTINGS is not None
    return build_row(_SETTINGS, job)


def run(
    settings: Settings,
    work: Sequence[Job],
    workers: int = 1,
    progress: Callable[[RowResult], None] | None = None,
) -> list[RowResult]:
    """Build every job (in `workers` processes) and return the results in row order."""
    global _LIBRARY
    from .library import cached_library

    settings.out_dir.mkdir(parents=True, exist_ok=True)
    load_blueprint(settings.contract_type)
    _LIBRARY = cached_library()  # parsed once here; forked workers inherit it
    try:
        return _run(settings, work, workers, progress)
    finally:
        _LIBRARY = None


def _run(
    settings: Settings,
    work: Sequence[Job],
    workers: int,
    progress: Callable[[RowResult], None] | None,
) -> list[RowResult]:
    results: list[RowResult] = []
    if workers <= 1 or len(work) < 2:
        for job in work:
            results.append(build_row(settings, job))
            if progress:
                progress(results[-1])
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    chunk = max(1, min(16, len(work) // (workers * 4)))
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(settings,)
    ) as pool:
        for result in pool.map(_work, work, chunksize=chunk):
            results.append(result)
            if progress:
                progress(result)
    return results


def convert_pdfs(settings: Settings, results: Sequence[RowResult]) -> None:
    """Convert every built document to PDF in as few LibreOffice calls as possible."""
    from .render.pdf import convert_many

    docs = [settings.out_dir / d for r in results if r.ok for d in r.documents]
    if not docs:
        return
    made = {p.name for p in convert_many(docs, settings.out_dir)}
    for r in results:
        for d in list(r.documents):
            pdf = Path(d).with_suffix(".pdf").name
            if pdf in made:
                r.documents.append(pdf)
            elif r.ok:
                r.messages.append(f"LibreOffice made no PDF of {d}")


def write_report(path: Path, results: Sequence[RowResult]) -> Path:
    """Write `report.csv`: one line per row with its status, documents and messages."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(REPORT_FIELDS)
        for r in results:
            writer.writerow(
                [r.row, r.line, r.name, r.status, " ".join(r.documents), " | ".join(r.messages)]
            )
    return path


def describe(result: RowResult) -> str:
    """Return a one-line account of a refused (or failed) row for the terminal."""
    reasons = "; ".join(m.replace("\n", " ") for m in result.messages)
    return f"row {result.row} (line {result.line}, {result.name}): {result.status}: {reasons}"


def exit_code(results: Sequence[RowResult]) -> int:
    """Return 0 when every row was built, 2 when a row was refused, 1 when one failed."""
    if any(r.status == "failed" for r in results):
        return 1
    return 2 if any(not r.ok for r in results) else 0
