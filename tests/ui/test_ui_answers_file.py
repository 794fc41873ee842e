"""The app's answers file rebuilds the app's contract with the CLI, outline choices included."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from testkit import SCENARIOS
from typer.testing import CliRunner
from uihelp import choice, last_build, new_app

from pppdraft.cli import app as cli

STORAGES: list[MemoryMediaFileStorage] = []


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list[MemoryMediaFileStorage]:
    """Keep the media storages AppTest creates, to read what a download button serves."""
    original = MemoryMediaFileStorage.__init__

    def init(self: MemoryMediaFileStorage, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        STORAGES.append(self)

    STORAGES.clear()
    monkeypatch.setattr(MemoryMediaFileStorage, "__init__", init)
    return STORAGES


def _downloaded(at: AppTest, key: str, storages: list[MemoryMediaFileStorage]) -> bytes:
    url = str(at.download_button(key=key).proto.url)
    name = url.rsplit("/", 1)[1]
    for storage in reversed(storages):
        try:
            return bytes(storage.get_file(name).content)
        except MediaFileStorageError:  # kept by another run's storage
            continue
    raise AssertionError(f"no media file behind {url}")


def _document_xml(docx: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")


@pytest.mark.parametrize("ui_lang", ["en", "cs"])
def test_a_variant_chosen_in_the_outline_survives_the_answers_file(
    db: str, media: list[MemoryMediaFileStorage], tmp_path: Path, ui_lang: str
) -> None:
    at = new_app(ui_lang)
    path = SCENARIOS / "data-agreement" / "parking-sensors.yaml"
    at.file_uploader(key="upload-answers").upload(
        path.name, path.read_bytes(), "application/x-yaml"
    ).run()
    at.button(key="start-upload").click().run()
    at.button(key="to-outline").click().run()
    ownership = choice(at, "data.ownership")
    assert ownership.value == "data.ownership.municipality"  # the recommended default
    ownership.set_value("data.ownership.licence-back").run()
    assert choice(at, "data.ownership").value == "data.ownership.licence-back"
    at.button(key="build").click().run()
    assert not at.exception
    [built] = last_build(at)["files"]

    answers_file = tmp_path / "answers.yaml"
    answers_file.write_bytes(_downloaded(at, "download-answers", media))
    data = yaml.safe_load(answers_file.read_text(encoding="utf-8"))
    assert data["_contract_type"] == "data-agreement"
    assert data["_blueprint_version"] >= 2
    assert data["_choices"] == {"data.ownership": "data.ownership.licence-back"}

    out = tmp_path / "cli.docx"
    result = CliRunner().invoke(
        cli, ["build", "--answers", str(answers_file), "--lang", built["lang"], "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert _document_xml(out.read_bytes()) == _document_xml(built["docx"])

    # Without the recorded choice the same answers give the recommended variant instead.
    del data["_choices"]
    answers_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    plain = tmp_path / "plain.docx"
    result = CliRunner().invoke(
        cli, ["build", "--answers", str(answers_file), "--lang", built["lang"], "-o", str(plain)]
    )
    assert result.exit_code == 0, result.output
    assert _document_xml(plain.read_bytes()) != _document_xml(built["docx"])


@pytest.mark.parametrize(("ui_lang", "words"), [("en", "Last resort"), ("cs", "Krajní řešení")])
def test_review_and_outline_show_what_a_lawyer_must_see(db: str, ui_lang: str, words: str) -> None:
    data = yaml.safe_load((SCENARIOS / "data-agreement" / "parking-sensors.yaml").read_text())
    data["data_ownership_model"] = "partner"
    data["start_date"] = "2026-01-02"  # before the council's resolution
    at = new_app(ui_lang)
    at.file_uploader(key="upload-answers").upload(
        "odd.yaml", yaml.safe_dump(data, allow_unicode=True).encode(), "application/x-yaml"
    ).run()
    at.button(key="start-upload").click().run()
    assert not at.exception
    for screen in ("review", "outline"):
        warnings = [str(w.value) for w in at.warning]
        assert any(words in w and "data.ownership.partner" in w for w in warnings), screen
        assert any("§ 41" in w for w in warnings), screen
        if screen == "review":
            at.button(key="to-outline").click().run()


def test_an_answers_file_from_an_older_questionnaire_says_what_changed(db: str) -> None:
    data = yaml.safe_load((SCENARIOS / "data-agreement" / "parking-sensors.yaml").read_text())
    data["_blueprint_version"] = 1
    data["_choices"] = {"data.ownership": "data.ownership.joint"}
    at = new_app("en")
    at.file_uploader(key="upload-answers").upload(
        "old.yaml", yaml.safe_dump(data, allow_unicode=True).encode(), "application/x-yaml"
    ).run()
    at.button(key="start-upload").click().run()
    notes = [str(w.value).replace("\\", "") for w in at.warning]  # Markdown escapes
    assert any("version 1 of data-agreement" in n for n in notes), notes
    assert any(n.startswith("v2: Shared questions are defined once") for n in notes), notes
    at.button(key="to-outline").click().run()
    assert choice(at, "data.ownership").value == "data.ownership.joint", "the file's choice"


def test_an_answers_file_for_another_contract_type_is_refused_naming_both(db: str) -> None:
    path = SCENARIOS / "ppp-contract" / "street-lighting.yaml"
    at = new_app("en")
    at.file_uploader(key="upload-answers").upload(
        path.name, path.read_bytes(), "application/x-yaml"
    ).run()
    at.button(key="start-upload").click().run()  # the type picker is on data-agreement
    errors = [str(e.value) for e in at.error]
    assert any("'ppp-contract'" in e and "'data-agreement'" in e for e in errors), errors
    assert "draft" not in at.query_params


def test_the_trainer_opens_a_scenario_with_its_outline_choices(db: str, project_copy: Path) -> None:
    from testkit import edit_yaml

    scenario = project_copy / "scenarios" / "data-agreement" / "parking-sensors.yaml"
    edit_yaml(scenario, lambda d: d.update(_choices={"data.ownership": "data.ownership.joint"}))
    at = new_app("en")
    at.button(key="goto-trainer").click().run()
    at.button(key="open-scenario:data-agreement/parking-sensors").click().run()
    assert not at.exception
    assert choice(at, "data.ownership").value == "data.ownership.joint"
