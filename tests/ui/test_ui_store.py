"""The store: drafts with raw answers, workspaces, the archive; the default database place."""

from __future__ import annotations

from pathlib import Path

import pytest

from pppdraft.errors import UserInputError
from pppdraft.store import Store, default_url


@pytest.fixture
def store(tmp_path: Path) -> Store:
    found = Store(f"sqlite:///{tmp_path / 'store.db'}")
    yield found  # type: ignore[misc]
    found.close()


class TestDrafts:
    def test_keeps_the_raw_answers_exactly_as_typed(self, store: Store) -> None:
        raw = {"term_years": "deset", "project_name": "<&> {{ 7*7 }}", "cloud": True}
        record = store.create_draft("ws", "data-agreement", raw, step="project")
        again = store.get_draft(record.id)
        assert again is not None
        assert again.answers == raw
        assert again.step == "project"

    def test_gives_every_draft_an_unguessable_id(self, store: Store) -> None:
        ids = {store.create_draft("ws", "data-agreement", {}).id for _ in range(20)}
        assert len(ids) == 20
        assert all(len(i) >= 32 and "/" not in i for i in ids)

    def test_saves_changes_and_the_time(self, store: Store) -> None:
        record = store.create_draft("ws", "data-agreement", {})
        store.update_answers(record.id, {"project_name": "Nový"}, record.versions)
        record.choices = {"data.ownership": "data.ownership.joint"}
        record.doc_lang = "cs+en"
        store.save_draft(record)
        again = store.get_draft(record.id)
        assert again is not None
        assert again.answers == {"project_name": "Nový"}
        assert again.choices == {"data.ownership": "data.ownership.joint"}
        assert again.doc_lang == "cs+en"
        assert again.updated_at >= again.created_at

    def test_lists_only_the_drafts_of_a_workspace(self, store: Store) -> None:
        mine = store.create_draft("mine", "data-agreement", {"project_name": "A"})
        store.create_draft("theirs", "data-agreement", {"project_name": "B"})
        assert [r.id for r in store.list_drafts("mine")] == [mine.id]

    def test_duplicates_and_deletes(self, store: Store) -> None:
        record = store.create_draft("ws", "data-agreement", {"project_name": "A"}, step="data")
        copy = store.duplicate_draft(record.id, "ws")
        assert copy.id != record.id
        assert (copy.answers, copy.step) == (record.answers, record.step)
        assert not store.delete_draft(copy.id, "another workspace")
        assert store.delete_draft(copy.id, "ws")
        assert store.get_draft(copy.id) is None
        with pytest.raises(UserInputError):
            store.duplicate_draft(copy.id, "ws")


class TestTheArchive:
    def test_keeps_documents_with_manifest_who_and_when(self, store: Store) -> None:
        record = store.create_draft("ws", "data-agreement", {})
        number = store.archive_document(
            record,
            lang="cs",
            filename="a.docx",
            docx=b"PK-bytes",
            manifest={"clauses": [{"id": "data.exit", "version": 1}]},
            created_by="Eva",
        )
        store.delete_draft(record.id, "ws")  # the audit trail outlives the draft
        [doc] = store.list_documents(workspace="ws")
        assert doc.id == number
        assert (doc.filename, doc.lang, doc.created_by) == ("a.docx", "cs", "Eva")
        assert doc.manifest["clauses"][0]["id"] == "data.exit"
        assert store.document_bytes(number, "ws") == b"PK-bytes"
        assert store.document_bytes(number, "another workspace") is None
        assert store.list_documents(draft_id=record.id) == [doc]


class TestTheDatabasePlace:
    def test_uses_pppdraft_db_when_set(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PPPDRAFT_DB", "sqlite:////srv/pppdraft.db")
        assert default_url() == "sqlite:////srv/pppdraft.db"

    def test_defaults_to_a_sqlite_file_in_the_data_folder(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("PPPDRAFT_DB", raising=False)
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
        assert default_url() == f"sqlite:///{tmp_path / 'pppdraft' / 'pppdraft.db'}"
        store = Store()
        store.create_draft("ws", "data-agreement", {})
        store.close()
        assert (tmp_path / "pppdraft" / "pppdraft.db").is_file()

    def test_names_a_bad_url(self) -> None:
        with pytest.raises(UserInputError, match="PPPDRAFT_DB"):
            Store("not a url at all")
