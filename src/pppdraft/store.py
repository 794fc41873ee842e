"""Drafts and the archive of generated documents (SQLAlchemy Core; SQLite by default).

`PPPDRAFT_DB` is a database URL (e.g. `postgresql+psycopg://…`); without it the store is a
SQLite file under `$XDG_DATA_HOME/pppdraft/` (or `~/.local/share/pppdraft/`).

A draft keeps the answers exactly as the user typed them (raw JSON), so nothing is lost even
while an answer is invalid. Drafts belong to a *workspace*: an unguessable token that the app
keeps per browser link; a draft or workspace is reachable only by someone who knows its id.
Archived documents stay when their draft is deleted: they are the audit trail.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import make_url

from .errors import UserInputError
from .input_limits import check_answer_limits

metadata = MetaData()

drafts = Table(
    "drafts",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("workspace", String(64), nullable=False, index=True),
    Column("contract_type", String(64), nullable=False),
    Column("answers", Text, nullable=False),  # raw answers as typed, JSON
    Column("choices", Text, nullable=False),  # outline choices {topic: clause id}, JSON
    Column("step", String(64), nullable=False),  # section id, "review" or "outline"
    Column("ui_lang", String(8), nullable=False),
    Column("doc_lang", String(8), nullable=False),  # "cs", "en" or "cs+en"
    Column("author", String(200), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # {answer id: version}: each saved change of an answer bumps its version (migration 0002)
    Column("answer_versions", Text, nullable=False, server_default="{}"),
    Column("revision", Integer, nullable=False, server_default="0"),  # bumped by each save
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("draft_id", String(64), nullable=False, index=True),
    Column("workspace", String(64), nullable=False, index=True),
    Column("contract_type", String(64), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("filename", String(300), nullable=False),
    Column("docx", LargeBinary, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("manifest", Text, nullable=False),  # JSON
    Column("created_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


def _private_file(path: Path) -> None:
    """Make the SQLite file's folder (0700, if this creates it) and the file itself (0600)
    before the database opens it: drafts hold names, IČOs and bank accounts."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)  # mkdir's mode is filtered by the umask
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        if path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
            path.chmod(0o600)
    else:
        os.close(fd)


HEAD = "0002"  # the newest migration in pppdraft/migrations/versions
PRE_ALEMBIC = "0001"  # the schema 0.1.0 made with create_all


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "pppdraft:migrations")
    config.attributes["connection"] = connection
    return config


def _current_revision(engine: Engine) -> str | None:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" in tables:
            found = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            return str(found) if found else None
        return PRE_ALEMBIC if "drafts" in tables else None


def migrate(engine: Engine, sqlite_file: Path | None = None) -> None:
    """Bring the database schema to the newest revision (Alembic); a database made by
    0.1.0 (tables, no version) is taken as revision 0001 and upgraded from there."""
    if _current_revision(engine) == HEAD:
        return  # the common case: one cheap query
    with contextlib.ExitStack() as stack:
        if sqlite_file is not None:  # one migrating process at a time
            lock = stack.enter_context(open(f"{sqlite_file}.lock", "a+b"))
            os.chmod(lock.name, 0o600)
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        from alembic import command

        current = _current_revision(engine)
        if current == HEAD:
            return
        with engine.begin() as conn:
            config = _alembic_config(conn)
            if current == PRE_ALEMBIC:
                has_version = "alembic_version" in _table_names(conn)
                if not has_version:
                    command.stamp(config, PRE_ALEMBIC)
            command.upgrade(config, "head")


def _table_names(conn: Any) -> set[str]:
    from sqlalchemy import inspect

    return set(inspect(conn).get_table_names())


def new_id() -> str:
    """Return an unguessable id (about 190 bits of randomness, URL-safe)."""
    return secrets.token_urlsafe(24)


def default_url() -> str:
    """Return `PPPDRAFT_DB`, or a SQLite file in the user's data folder."""
    env = os.environ.get("PPPDRAFT_DB", "").strip()
    if env:
        return env
    base = os.environ.get("XDG_DATA_HOME", "").strip()
    folder = (Path(base) if base else Path.home() / ".local" / "share") / "pppdraft"
    return f"sqlite:///{folder / 'pppdraft.db'}"


def jsonable(value: Any) -> Any:
    """Return `value` with dates as ISO text and decimals as text, ready for JSON."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _aware(value: datetime) -> datetime:
    # SQLite gives naive datetimes back; everything is stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass
class DraftRecord:
    """One draft: the raw answers, the outline choices and where the user was."""

    id: str
    workspace: str
    contract_type: str
    answers: dict[str, Any] = field(default_factory=dict)
    choices: dict[str, str] = field(default_factory=dict)
    step: str = ""
    ui_lang: str = "cs"
    doc_lang: str = "cs"
    author: str = ""
    created_at: datetime = field(default_factory=_now)
    updated_at: datetime = field(default_factory=_now)
    versions: dict[str, int] = field(default_factory=dict)  # answer id → version (0 if absent)
    revision: int = 0


class DraftDeleted(UserInputError):
    """The draft was deleted (in another session): a delete is final, nothing brings it back."""


@dataclass(frozen=True)
class Conflict:
    """An answer changed by someone else since this session read it: not overwritten."""

    field: str
    yours: Any
    theirs: Any
    version: int


@dataclass(frozen=True)
class SaveResult:
    """What `update_answers` did: the draft as stored now, the new versions, the conflicts."""

    record: DraftRecord
    saved: dict[str, int]
    conflicts: list[Conflict]


@dataclass(frozen=True)
class DocumentRecord:
    """An archived document without its bytes (see `Store.document_bytes`)."""

    id: int
    draft_id: str
    workspace: str
    contract_type: str
    lang: str
    filename: str
    sha256: str
    manifest: dict[str, Any]
    created_by: str
    created_at: datetime


class Store:
    """Drafts and archived documents in one database."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        try:
            parsed = make_url(self.url)
        except Exception:
            raise UserInputError(
                f"PPPDRAFT_DB={self.url!r} is not a database URL; use e.g. "
                "sqlite:////path/to/pppdraft.db"
            ) from None
        connect_args: dict[str, Any] = {}
        self.sqlite_file: Path | None = None
        if parsed.get_backend_name() == "sqlite":
            # Streamlit reruns a session's script in changing threads.
            connect_args = {"check_same_thread": False, "timeout": 30}
            if parsed.database and parsed.database != ":memory:":
                self.sqlite_file = Path(parsed.database).expanduser()
                _private_file(self.sqlite_file)
        self.engine: Engine = create_engine(self.url, connect_args=connect_args)
        migrate(self.engine, self.sqlite_file)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    # --- drafts -----------------------------------------------------------------------------

    def create_draft(
        self,
        workspace: str,
        contract_type: str,
        answers: dict[str, Any],
        *,
        step: str = "",
        ui_lang: str = "cs",
        doc_lang: str = "cs",
        choices: dict[str, str] | None = None,
    ) -> DraftRecord:
        """Return a new draft saved in `workspace` with a fresh unguessable id."""
        now = _now()
        record = DraftRecord(
            id=new_id(),
            workspace=workspace,
            contract_type=contract_type,
            answers=jsonable(answers),
            choices=dict(choices or {}),
            step=step,
            ui_lang=ui_lang,
            doc_lang=doc_lang,
            created_at=now,
            updated_at=now,
        )
        with self.engine.begin() as conn:
            conn.execute(insert(drafts).values(**self._row(record)))
        return record

    def save_draft(self, record: DraftRecord) -> DraftRecord:
        """Write a draft's choices, step, languages and author; return it with a new time.

        Answers are not written here: they are merged one by one by `update_answers`, so a
        session never writes back answers it did not change. A deleted draft stays deleted
        (DraftDeleted)."""
        record.updated_at = _now()
        row = self._row(record)
        values = {k: row[k] for k in ("choices", "step", "ui_lang", "doc_lang", "author")}
        with self.engine.begin() as conn:
            done = conn.execute(
                update(drafts)
                .where(drafts.c.id == record.id)
                .values(**values, updated_at=record.updated_at)
            )
        if done.rowcount == 0:
            raise DraftDeleted(f"draft {record.id}: deleted meanwhile (in another session)")
        return record

    def update_answers(
        self,
        draft_id: str,
        changes: Mapping[str, Any],
        seen: Mapping[str, int],
        *,
        max_attempts: int = 1000,
    ) -> SaveResult:
        """Save changed answers of a draft made on top of the versions in `seen`.

        An answer whose stored version is still the one this session saw is written and its
        version bumped; one changed meanwhile by someone else is left as stored and returned
        as a Conflict (with the newer value). Other answers are untouched, so sessions editing
        different answers of one draft never undo each other. The row is written with a
        compare-and-swap on its revision, retried when another writer came first.
        """
        wanted = {str(k): jsonable(v) for k, v in changes.items()}
        check_answer_limits(wanted, "answers", UserInputError)
        for _attempt in range(max_attempts):
            with self._writing():
                result = self._update_once(draft_id, wanted, seen)
            if result is not None:
                return result
        raise UserInputError(f"draft {draft_id}: too many concurrent changes; try again")

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the SQLite file's write lock: writers queue instead of polling SQLite's busy
        lock (the compare-and-swap below keeps other databases correct without it)."""
        if self.sqlite_file is None:
            yield
            return
        with open(f"{self.sqlite_file}.lock", "a+b") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def _update_once(
        self, draft_id: str, wanted: dict[str, Any], seen: Mapping[str, int]
    ) -> SaveResult | None:
        """Return the result of one compare-and-swap attempt, None if another writer won."""
        with self.engine.connect() as conn:
            row = conn.execute(select(drafts).where(drafts.c.id == draft_id)).mappings().first()
        if row is None:
            raise DraftDeleted(f"draft {draft_id}: deleted meanwhile (in another session)")
        record = self._record(row)
        saved: dict[str, int] = {}
        conflicts: list[Conflict] = []
        for key, value in wanted.items():
            stored = record.answers.get(key)
            version = record.versions.get(key, 0)
            if stored == value:
                continue
            if version != seen.get(key, 0):
                conflicts.append(Conflict(key, value, stored, version))
                continue
            record.answers[key] = value
            record.versions[key] = saved[key] = version + 1
        if not saved:
            return SaveResult(record, saved, conflicts)
        now = _now()
        with self.engine.begin() as conn:
            done = conn.execute(
                update(drafts)
                .where(drafts.c.id == draft_id, drafts.c.revision == record.revision)
                .values(
                    answers=json.dumps(record.answers, ensure_ascii=False),
                    answer_versions=json.dumps(record.versions, sort_keys=True),
                    revision=record.revision + 1,
                    updated_at=now,
                )
            )
        if done.rowcount == 1:
            record.revision += 1
            record.updated_at = now
            return SaveResult(record, saved, conflicts)
        return None

    def get_draft(self, draft_id: str) -> DraftRecord | None:
        """Return the draft with this id, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(drafts).where(drafts.c.id == draft_id)).mappings().first()
        return None if row is None else self._record(row)

    def list_drafts(self, workspace: str) -> list[DraftRecord]:
        """Return the drafts of a workspace, the most recently changed first."""
        query = (
            select(drafts)
            .where(drafts.c.workspace == workspace)
            .order_by(drafts.c.updated_at.desc(), drafts.c.id)
        )
        with self.engine.connect() as conn:
            return [self._record(r) for r in conn.execute(query).mappings()]

    def duplicate_draft(self, draft_id: str, workspace: str) -> DraftRecord:
        """Return a copy of a draft (answers, choices, languages) under a new id."""
        source = self.get_draft(draft_id)
        if source is None:
            raise UserInputError(f"draft {draft_id!r} does not exist (any more)")
        return self.create_draft(
            workspace,
            source.contract_type,
            source.answers,
            step=source.step,
            ui_lang=source.ui_lang,
            doc_lang=source.doc_lang,
            choices=source.choices,
        )

    def delete_draft(self, draft_id: str, workspace: str) -> bool:
        """Delete a draft of this workspace; return whether one was deleted."""
        with self.engine.begin() as conn:
            done = conn.execute(
                delete(drafts).where(drafts.c.id == draft_id, drafts.c.workspace == workspace)
            )
        return bool(done.rowcount)

    @staticmethod
    def _row(record: DraftRecord) -> dict[str, Any]:
        return {
            "id": record.id,
            "workspace": record.workspace,
            "contract_type": record.contract_type,
            "answers": json.dumps(jsonable(record.answers), ensure_ascii=False),
            "choices": json.dumps(record.choices, ensure_ascii=False, sort_keys=True),
            "step": record.step,
            "ui_lang": record.ui_lang,
            "doc_lang": record.doc_lang,
            "author": record.author,
            "created_at": record.created_at,
            "updated_at": record.updated_at,
            "answer_versions": json.dumps(record.versions, sort_keys=True),
            "revision": record.revision,
        }

    @staticmethod
    def _record(row: Any) -> DraftRecord:
        return DraftRecord(
            id=row["id"],
            workspace=row["workspace"],
            contract_type=row["contract_type"],
            answers=json.loads(row["answers"]),
            choices=json.loads(row["choices"]),
            step=row["step"],
            ui_lang=row["ui_lang"],
            doc_lang=row["doc_lang"],
            author=row["author"] or "",
            created_at=_aware(row["created_at"]),
            updated_at=_aware(row["updated_at"]),
            versions={str(k): int(v) for k, v in json.loads(row["answer_versions"]).items()},
            revision=int(row["revision"]),
        )

    # --- the archive --------------------------------------------------------------------------

    def archive_document(
        self,
        draft: DraftRecord,
        *,
        lang: str,
        filename: str,
        docx: bytes,
        manifest: dict[str, Any],
        created_by: str,
    ) -> int:
        """Archive a generated document with its manifest (who, when); return its number."""
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(documents).values(
                    draft_id=draft.id,
                    workspace=draft.workspace,
                    contract_type=draft.contract_type,
                    lang=lang,
                    filename=filename,
                    docx=docx,
                    sha256=hashlib.sha256(docx).hexdigest(),
                    manifest=json.dumps(jsonable(manifest), ensure_ascii=False),
                    created_by=created_by,
                    created_at=_now(),
                )
            )
            key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def list_documents(
        self, *, workspace: str | None = None, draft_id: str | None = None
    ) -> list[DocumentRecord]:
        """Return archived documents of a workspace or a draft, newest first (no bytes)."""
        if workspace is None and draft_id is None:
            raise ValueError("name a workspace or a draft")
        cols = [c for c in documents.c if c.name != "docx"]
        query = select(*cols).order_by(documents.c.id.desc())
        if workspace is not None:
            query = query.where(documents.c.workspace == workspace)
        if draft_id is not None:
            query = query.where(documents.c.draft_id == draft_id)
        with self.engine.connect() as conn:
            return [
                DocumentRecord(
                    id=r["id"],
                    draft_id=r["draft_id"],
                    workspace=r["workspace"],
                    contract_type=r["contract_type"],
                    lang=r["lang"],
                    filename=r["filename"],
                    sha256=r["sha256"],
                    manifest=json.loads(r["manifest"]),
                    created_by=r["created_by"],
                    created_at=_aware(r["created_at"]),
                )
                for r in conn.execute(query).mappings()
            ]

    def document_bytes(self, document_id: int, workspace: str) -> bytes | None:
        """Return the .docx bytes of an archived document of this workspace, or None."""
        query = select(documents.c.docx).where(
            documents.c.id == document_id, documents.c.workspace == workspace
        )
        with self.engine.connect() as conn:
            data = conn.execute(query).scalar_one_or_none()
        return None if data is None else bytes(data)
