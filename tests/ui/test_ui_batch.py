"""The batch page: shared answers + a table → a zip of documents, manifests and report.csv."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from testkit import SCENARIOS, edit_yaml
from uihelp import new_app, texts

BASE = SCENARIOS / "data-agreement" / "parking-sensors.yaml"
TABLE = (
    "file;municipality.name;municipality.ico;project_name\n"
    "Horní Brod;Město Horní Brod;00265411;Parkování v Horním Brodě\n"
    "Chyba;Obec Chybná;12345678;Parkování s chybou\n"
    ";Obec Třetí;00064581;Parkování ve Třetí\n"
)


def test_a_region_uploads_a_table_and_downloads_a_zip(db: str) -> None:
    at = new_app("en")
    at.button(key="goto-batch").click().run()
    assert not at.exception, at.exception
    at.selectbox(key="batch-type@en").set_value("data-agreement").run()
    at.file_uploader(key="batch-base").upload(BASE.name, BASE.read_bytes(), "application/x-yaml")
    at.file_uploader(key="batch-table").upload("obce.csv", TABLE.encode("utf-8"), "text/csv")
    at.run()
    at.button(key="batch-build").click().run()
    assert not at.exception, at.exception
    assert any("Built 2 of 3 contracts." in w for w in texts(at, "warning"))
    refused = " ".join(texts(at, "error")).replace("\\", "")
    assert "row 2" in refused and "Chyba" in refused and "municipality.ico" in refused
    data = at.session_state["batch"]["zip"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        assert {"Horní Brod.docx", "Horní Brod.manifest.json", "row-003.docx"} <= names
        assert "report.csv" in names and not any(n.startswith("Chyba") for n in names)
        report = list(csv.DictReader(io.StringIO(archive.read("report.csv").decode("utf-8-sig"))))
    assert [r["status"] for r in report] == ["built", "refused", "built"]


def test_a_bad_column_is_named_and_nothing_is_built(db: str) -> None:
    at = new_app("en")
    at.button(key="goto-batch").click().run()
    at.selectbox(key="batch-type@en").set_value("data-agreement").run()
    at.file_uploader(key="batch-base").upload(BASE.name, BASE.read_bytes(), "application/x-yaml")
    table = b"municipality.nmae\nObec\n"
    at.file_uploader(key="batch-table").upload("t.csv", table, "text/csv")
    at.run()
    at.button(key="batch-build").click().run()
    assert not at.exception, at.exception
    message = " ".join(texts(at, "error")).replace("\\", "")
    assert "column 1" in message and "municipality.nmae" in message
    assert "batch" not in at.session_state


def test_the_library_shared_by_sessions_is_reloaded_after_a_clause_changes(
    db: str, project_copy: Path
) -> None:
    at = new_app("en")
    at.button(key="goto-library").click().run()
    at.text_input(key="lib-text").set_value("data.exit").run()
    edit_yaml(
        project_copy / "clauses/data/exit.yaml",
        lambda d: d["title"].update(en="Exit and handover of the data (edited)"),
    )
    other = new_app("en")  # another session of the same server process
    other.button(key="goto-library").click().run()
    other.text_input(key="lib-text").set_value("data.exit").run()
    labels = " ".join(str(e.label) for e in other.expander).replace("\\", "")
    assert "(edited)" in labels
