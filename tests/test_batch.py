"""`pppdraft batch`: one contract per table row, a report, exit 2 naming a refused row."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from testkit import SCENARIOS, require_tool
from typer.testing import CliRunner

from pppdraft.batch import BatchError, Table, jobs, parse_path, read_table
from pppdraft.blueprint import load_blueprint
from pppdraft.cli import app

runner = CliRunner()
BASE = SCENARIOS / "data-agreement" / "parking-sensors.yaml"
HEADER = ["file", "municipality.name", "municipality.ico", "project_name"]
ROWS = [
    ["Horní Brod", "Město Horní Brod", "00265411", "Chytré parkování – Horní Brod"],
    ["Dolní Lhota", "Obec Dolní Lhota", "12345678", "Chytré parkování – Dolní Lhota"],
    ["", "Obec {{ Třetí }}", "00064581", "Parkování s „uvozovkami“ & <značkami>"],
]


def write_csv(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ";") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def document_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml")


def report_of(out: Path) -> list[dict[str, str]]:
    with (out / "report.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def run_batch(table: Path, out: Path, *extra: str) -> Any:
    args = ["batch", "data-agreement", "--base", str(BASE), "--table", str(table)]
    return runner.invoke(app, [*args, "-o", str(out), *extra])


def test_a_bad_row_is_refused_and_named_while_the_others_are_built(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_batch(write_csv(tmp_path / "t.csv", HEADER, ROWS), out)
    assert result.exit_code == 2
    assert "row 2 (line 3, Dolní Lhota): refused" in result.stderr
    assert "municipality.ico" in result.stderr
    assert (out / "Horní Brod.docx").is_file() and (out / "Horní Brod.manifest.json").is_file()
    assert (out / "row-003.docx").is_file()
    assert not list(out.glob("Dolní Lhota*"))
    report = report_of(out)
    assert [r["status"] for r in report] == ["built", "refused", "built"]
    assert report[1]["file"] == "Dolní Lhota" and "municipality.ico" in report[1]["messages"]
    assert report[0]["documents"] == "Horní Brod.docx"
    # what the user typed in a cell appears literally in the document
    text = document_xml(out / "row-003.docx").decode("utf-8")
    assert "Obec {{ Třetí }}" in text and "&lt;značkami&gt;" in text
    assert "„uvozovkami“ &amp;" in text


def test_every_row_built_exits_0_and_two_workers_write_the_same(tmp_path: Path) -> None:
    rows = [r for r in ROWS if r[0] != "Dolní Lhota"]
    table = write_csv(tmp_path / "t.csv", HEADER, rows, delimiter=",")
    one = run_batch(table, tmp_path / "one")
    two = run_batch(table, tmp_path / "two", "--workers", "2", "--lang", "cs+en")
    assert one.exit_code == 0, one.output
    assert two.exit_code == 0, two.output
    assert "built 2 of 2 rows" in one.stdout
    assert sorted(p.name for p in (tmp_path / "two").glob("*.docx")) == [
        "Horní Brod-cs.docx",
        "Horní Brod-en.docx",
        "row-002-cs.docx",
        "row-002-en.docx",
    ]
    assert document_xml(tmp_path / "one/Horní Brod.docx") == document_xml(
        tmp_path / "two/Horní Brod-cs.docx"
    )


def test_a_batch_row_is_the_document_built_alone(tmp_path: Path) -> None:
    header = [*HEADER, "additional_parties[0].name"]
    table = write_csv(tmp_path / "t.csv", header, [[*ROWS[0], ""]])
    assert run_batch(table, tmp_path / "batch").exit_code == 0
    answers = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    answers["municipality"].update(name=ROWS[0][1], ico=ROWS[0][2])
    answers["project_name"] = ROWS[0][3]
    alone = tmp_path / "alone.yaml"
    alone.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(
        app, ["build", "data-agreement", "-a", str(alone), "-o", str(tmp_path / "alone.docx")]
    )
    assert result.exit_code == 0, result.output
    assert document_xml(tmp_path / "batch/Horní Brod.docx") == document_xml(tmp_path / "alone.docx")


def test_an_xlsx_table_is_read_like_a_csv(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(ROWS[0])
    sheet.append(["Číslo", "Obec Číselná", 64581, "IČO zapsané jako číslo"])  # Excel drops 00
    book.save(tmp_path / "t.xlsx")
    out = tmp_path / "out"
    result = run_batch(tmp_path / "t.xlsx", out)
    assert result.exit_code == 0, result.output
    assert [r["status"] for r in report_of(out)] == ["built", "built"]
    manifest = (out / "Číslo.manifest.json").read_text(encoding="utf-8")
    assert '"ico": "00064581"' in manifest


def test_an_unknown_column_stops_the_batch_before_any_row(tmp_path: Path) -> None:
    table = write_csv(tmp_path / "t.csv", ["municipality.name", "projekt_name"], [["A", "B"]])
    result = run_batch(table, tmp_path / "out")
    assert result.exit_code == 2
    assert "column 2 ('projekt_name')" in result.stderr and "project_name" in result.stderr
    assert not (tmp_path / "out").exists()


def test_answer_paths_and_row_overrides() -> None:
    assert parse_path("additional_parties[0].name") == ("additional_parties", 0, "name")
    assert parse_path("project_name") == ("project_name",)
    for bad in ("a..b", "[0].x", "a.", "a[x]", "a b"):
        try:
            parse_path(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
    bp = load_blueprint("data-agreement")
    base = {"municipality": {"name": "Base", "seat": "Náměstí 1"}, "additional_parties": []}
    table = Table(
        "t.csv",
        ["additional_parties[1].name", "municipality.name", "file"],
        [(2, ["Druhá strana", "", "a"]), (3, ["", "Jiná obec", "A"]), (4, ["", "Třetí", ""])],
    )
    first, second, third = jobs(table, bp, base)
    assert third.raw["municipality"]["name"] == "Třetí" and third.name == "row-003"
    assert first.raw["additional_parties"] == [{}, {"name": "Druhá strana"}]
    assert first.raw["municipality"] == base["municipality"]  # empty cell keeps the base
    assert second.problem and "row 1" in second.problem  # same file name, any case
    assert base["additional_parties"] == []  # the base is never changed


def test_a_table_that_is_not_utf8_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("municipality.name\nObec Žďár\n".encode("cp1250"))
    try:
        read_table(path)
    except BatchError as exc:
        assert "CSV UTF-8" in str(exc)
    else:
        raise AssertionError("no error")


@pytest.mark.libreoffice
def test_pdfs_of_a_batch_come_from_one_libreoffice_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_tool("soffice")
    from pppdraft.render import pdf

    calls: list[list[str]] = []
    real_run = pdf.subprocess.run

    def counting_run(cmd: list[str], **kwargs: Any) -> Any:  # counts, then runs it for real
        calls.append(cmd)
        return real_run(cmd, **kwargs)

    monkeypatch.setattr(pdf.subprocess, "run", counting_run)
    out = tmp_path / "out"
    result = run_batch(write_csv(tmp_path / "t.csv", HEADER, ROWS), out, "--pdf")
    assert result.exit_code == 2
    assert len(calls) == 1
    assert sorted(p.name for p in out.glob("*.pdf")) == ["Horní Brod.pdf", "row-003.pdf"]
    report = report_of(out)
    assert report[0]["documents"] == "Horní Brod.docx Horní Brod.pdf"
    assert (out / "row-003.pdf").read_bytes().startswith(b"%PDF")


def test_a_row_that_cannot_be_written_fails_alone_and_the_batch_exits_1(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "Horní Brod.docx").mkdir(parents=True)  # a folder where the document should go
    rows = [r for r in ROWS if r[0] != "Dolní Lhota"]
    result = run_batch(write_csv(tmp_path / "t.csv", HEADER, rows), out)
    assert result.exit_code == 1
    assert "row 1 (line 2, Horní Brod): failed: cannot write" in result.stderr
    assert [r["status"] for r in report_of(out)] == ["failed", "built"]
    assert (out / "row-002.docx").is_file()
