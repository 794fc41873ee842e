"""The drafts store under concurrency, deletion, permissions and schema upgrades (issue 11)."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    insert,
)

from pppdraft.store import HEAD, DraftDeleted, Store

PROCESSES = 8
UPDATES = 200


def _writer(url: str, draft_id: str, worker: int) -> None:
    store = Store(url)
    try:
        key = f"answer_{worker}"
        seen: dict[str, int] = {}
        for n in range(1, UPDATES + 1):
            result = store.update_answers(draft_id, {key: n}, seen)
            assert not result.conflicts, result.conflicts
            seen[key] = result.saved[key]
    finally:
        store.close()


def test_8_processes_x_200_updates_to_one_draft_lose_none(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'drafts.db'}"
    store = Store(url)
    draft = store.create_draft("ws", "data-agreement", {"project_name": "Sdílený"})
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_writer, args=(url, draft.id, w)) for w in range(PROCESSES)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert [w.exitcode for w in workers] == [0] * PROCESSES
    record = store.get_draft(draft.id)
    assert record is not None
    for w in range(PROCESSES):
        assert record.answers[f"answer_{w}"] == UPDATES
        assert record.versions[f"answer_{w}"] == UPDATES
    assert record.answers["project_name"] == "Sdílený"
    assert record.revision == PROCESSES * UPDATES
    store.close()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    found = Store(f"sqlite:///{tmp_path / 'store.db'}")
    yield found  # type: ignore[misc]
    found.close()


def test_sessions_editing_different_answers_keep_both(store: Store) -> None:
    record = store.create_draft("ws", "data-agreement", {"project_name": "A", "term_years": "5"})
    seen_a, seen_b = dict(record.versions), dict(record.versions)
    a = store.update_answers(record.id, {"project_name": "Nový název"}, seen_a)
    # B's page still holds the old project name: writing only its own change keeps A's
    b = store.update_answers(record.id, {"term_years": "8"}, seen_b)
    assert a.saved == {"project_name": 1} and b.saved == {"term_years": 1}
    final = store.get_draft(record.id)
    assert final is not None
    assert final.answers == {"project_name": "Nový název", "term_years": "8"}


def test_a_stale_value_is_not_saved_and_the_newer_one_is_returned(store: Store) -> None:
    record = store.create_draft("ws", "data-agreement", {"term_years": "5"})
    first = store.update_answers(record.id, {"term_years": "7"}, record.versions)
    second = store.update_answers(record.id, {"term_years": "9"}, record.versions)
    assert first.saved == {"term_years": 1}
    assert second.saved == {}
    [conflict] = second.conflicts
    assert (conflict.field, conflict.yours, conflict.theirs) == ("term_years", "9", "7")
    again = store.get_draft(record.id)
    assert again is not None and again.answers["term_years"] == "7"
    # told and shown the newer value, the session may save on top of it
    third = store.update_answers(record.id, {"term_years": "9"}, {"term_years": 1})
    assert third.saved == {"term_years": 2}


def test_a_delete_is_final(store: Store) -> None:
    record = store.create_draft("ws", "data-agreement", {"project_name": "Pryč"})
    assert store.delete_draft(record.id, "ws")
    record.step = "review"
    with pytest.raises(DraftDeleted):
        store.save_draft(record)
    with pytest.raises(DraftDeleted):
        store.update_answers(record.id, {"project_name": "Zpět"}, {})
    assert store.get_draft(record.id) is None


def test_the_database_is_0600_in_a_0700_folder(tmp_path: Path) -> None:
    path = tmp_path / "data" / "pppdraft" / "pppdraft.db"
    Store(f"sqlite:///{path}").close()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)  # made by an earlier release
    Store(f"sqlite:///{path}").close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def _release_0_1_0_metadata() -> MetaData:
    """The tables exactly as release 0.1.0 declared them (it ran `create_all`)."""
    old = MetaData()
    Table(
        "drafts",
        old,
        Column("id", String(64), primary_key=True),
        Column("workspace", String(64), nullable=False, index=True),
        Column("contract_type", String(64), nullable=False),
        Column("answers", Text, nullable=False),
        Column("choices", Text, nullable=False),
        Column("step", String(64), nullable=False),
        Column("ui_lang", String(8), nullable=False),
        Column("doc_lang", String(8), nullable=False),
        Column("author", String(200), nullable=False, default=""),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
    )
    Table(
        "documents",
        old,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("draft_id", String(64), nullable=False, index=True),
        Column("workspace", String(64), nullable=False, index=True),
        Column("contract_type", String(64), nullable=False),
        Column("lang", String(8), nullable=False),
        Column("filename", String(300), nullable=False),
        Column("docx", LargeBinary, nullable=False),
        Column("sha256", String(64), nullable=False),
        Column("manifest", Text, nullable=False),
        Column("created_by", String(200), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )
    return old


def test_a_database_of_the_previous_release_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = _release_0_1_0_metadata()
    engine = create_engine(f"sqlite:///{path}")
    old.create_all(engine)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(old.tables["drafts"]).values(
                id="stary-navrh",
                workspace="ws",
                contract_type="data-agreement",
                answers='{"project_name": "Z minulé verze", "term_years": "6"}',
                choices="{}",
                step="review",
                ui_lang="cs",
                doc_lang="cs",
                author="",
                created_at=now,
                updated_at=now,
            )
        )
        conn.execute(
            insert(old.tables["documents"]).values(
                draft_id="stary-navrh",
                workspace="ws",
                contract_type="data-agreement",
                lang="cs",
                filename="smlouva.docx",
                docx=b"PK",
                sha256="0" * 64,
                manifest="{}",
                created_by="Ing. Malá",
                created_at=now,
            )
        )
    engine.dispose()

    store = Store(f"sqlite:///{path}")
    record = store.get_draft("stary-navrh")
    assert record is not None
    assert record.answers == {"project_name": "Z minulé verze", "term_years": "6"}
    assert (record.versions, record.revision, record.step) == ({}, 0, "review")
    saved = store.update_answers(record.id, {"term_years": "7"}, record.versions)
    assert saved.saved == {"term_years": 1}
    assert [d.filename for d in store.list_documents(workspace="ws")] == ["smlouva.docx"]
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
    Store(f"sqlite:///{path}").close()  # opening again is a no-op


def test_a_new_database_is_made_by_the_migrations(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
        columns = {row[1] for row in conn.execute("PRAGMA table_info(drafts)")}
    assert {"answer_versions", "revision", "answers"} <= columns
    assert os.path.exists(path)


def test_an_answer_over_the_limit_is_refused_by_the_store(store: Store) -> None:
    from pppdraft.errors import UserInputError

    record = store.create_draft("ws", "data-agreement", {})
    with pytest.raises(UserInputError, match="20,000"):
        store.update_answers(record.id, {"project_name": "x" * 30_000}, {})
    with pytest.raises(UserInputError, match="200"):
        store.update_answers(record.id, {"additional_parties": [{}] * 500}, {})
