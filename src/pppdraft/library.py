"""The vetted clause library: clause model, loading, fingerprints and approval status."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
import unicodedata
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError, field_validator
from pydantic import __version__ as pydantic_version

from .atomic import write_file
from .errors import LibraryError
from .models import Strict, Text
from .yamlio import format_validation_error, load_yaml_file_cached

CLAUSE_ID = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*){1,3}$")
SUBJECT = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
Position = Literal["preferred", "fallback", "last-resort"]
Status = Literal["draft", "approved", "retired"]
POSITION_ORDER: dict[str, int] = {"preferred": 0, "fallback": 1, "last-resort": 2}


class Definition(Strict):
    """A defined term a clause contributes to the definitions clause."""

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    term: Text
    definition: Text


class Approval(Strict):
    """Who approved which text of a clause, and when."""

    status: Status = "draft"
    by: str | None = None
    on: date | None = None
    fingerprint: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    note: str | None = None


Bearer = Literal["municipality", "partner", "shared"]


class Risk(Strict):
    """A risk the clause allocates: one row of the risk allocation matrix.

    A row appears only when the clause is in the contract and `when` (an expression over the
    answers) holds, so the matrix says what the included clauses decide and nothing else.
    """

    label: Text
    bearer: Bearer
    when: str | None = None
    anchor: str | None = None  # the paragraph that decides it (`[#name]` in the clause text)


class Clause(Strict):
    """One vetted clause in both languages with its legal basis and approval."""

    id: str
    version: int = Field(ge=1)
    topic: str
    position: Position = "preferred"
    title: Text
    text: Text
    guidance: Text
    sources: list[str] = Field(min_length=1)
    defines: list[Definition] = Field(default_factory=list)
    requires: list[str] = Field(default_factory=list)
    covers: list[str] = Field(default_factory=list)
    supplements: list[str] = Field(default_factory=list)
    terms_allowed: list[str] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    approval: Approval = Field(default_factory=Approval)

    @field_validator("id", "topic")
    @classmethod
    def _clause_id(cls, value: str) -> str:
        if not CLAUSE_ID.match(value):
            raise ValueError(
                f"{value!r} is not a clause id: use lower-case 'family.topic' or "
                "'family.topic.variant' (letters, digits, hyphens)"
            )
        return value

    @field_validator("covers")
    @classmethod
    def _subjects(cls, value: list[str]) -> list[str]:
        for subject in value:
            if not SUBJECT.match(subject):
                raise ValueError(
                    f"{subject!r} is not a subject: use lower-case words joined by hyphens "
                    "(e.g. 'trade-secrets', 'insurance')"
                )
        return value

    @property
    def family(self) -> str:
        """Return the family, the first part of the id (`data`, `common`, …)."""
        return self.id.split(".", 1)[0]

    @property
    def fingerprint(self) -> str:
        """Return the sha256 of the normalised title, text and definitions, all languages."""
        return fingerprint_of(self)

    @property
    def modified_since_approval(self) -> bool:
        """Return True when the clause was approved but its text has changed since."""
        return self.approval.fingerprint is not None and (
            self.approval.fingerprint != self.fingerprint
        )

    @property
    def is_approved(self) -> bool:
        """Return True when the clause is approved and unchanged since approval."""
        return self.approval.status == "approved" and not self.modified_since_approval


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def fingerprint_of(clause: Clause) -> str:
    """Return the sha256 over the normalised legal text (title, text, defines) of a clause."""
    known = _STORED_FINGERPRINTS.get(clause.id)
    if known is not None and known[0] is clause:
        return known[1]
    return _fingerprint(clause.title, clause.text, tuple(clause.defines), tuple(clause.risks))


# Fingerprints that came with the pickled library from the disk cache: {id: (the very clause
# object they were computed for, fingerprint)}. Served only for that object (the entry keeps
# it alive, so no other object can take its identity); an edited clause is another object.
_STORED_FINGERPRINTS: dict[str, tuple[Clause, str]] = {}


@lru_cache(maxsize=4096)  # by content (the models are frozen): once per clause text
def _fingerprint(
    title: Text, text: Text, defines: tuple[Definition, ...], risks: tuple[Risk, ...]
) -> str:
    payload: dict[str, Any] = {
        "title": {lang: _normalise(title.get(lang)) for lang in ("cs", "en")},
        "text": {lang: _normalise(text.get(lang)) for lang in ("cs", "en")},
        "defines": [
            {
                "key": d.key,
                "term": {lang: _normalise(d.term.get(lang)) for lang in ("cs", "en")},
                "definition": {lang: _normalise(d.definition.get(lang)) for lang in ("cs", "en")},
            }
            for d in defines
        ],
    }
    if risks:  # the allocation is legal content too (absent key: older fingerprints hold)
        payload["risks"] = [
            {
                "label": {lang: _normalise(r.label.get(lang)) for lang in ("cs", "en")},
                "bearer": r.bearer,
                "when": r.when,
            }
            for r in risks
        ]

    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


class Library:
    """All clauses of a library folder, by id and by topic."""

    def __init__(self, clauses: dict[str, Clause], paths: dict[str, Path], root: Path) -> None:
        self.clauses = clauses
        self.paths = paths
        self.root = root

    def __contains__(self, clause_id: object) -> bool:
        return clause_id in self.clauses

    def __iter__(self) -> Iterator[Clause]:
        return iter(self.clauses.values())

    def __len__(self) -> int:
        return len(self.clauses)

    def get(self, clause_id: str) -> Clause:
        """Return the clause with this id, or raise LibraryError naming it."""
        try:
            return self.clauses[clause_id]
        except KeyError:
            raise LibraryError(
                f"no clause with id {clause_id!r} in {self.root}: check the spelling or add "
                f"{clause_id.split('.', 1)[0]}/{clause_id.split('.', 1)[-1]}.yaml"
            ) from None

    def topic(self, topic: str) -> list[Clause]:
        """Return the alternatives of a topic, preferred first."""
        found = [c for c in self.clauses.values() if c.topic == topic]
        return sorted(found, key=lambda c: (POSITION_ORDER[c.position], c.id))

    def resolve(self, id_or_topic: str) -> list[Clause]:
        """Return the clause with this id, else the alternatives of this topic."""
        if id_or_topic in self.clauses:
            return [self.clauses[id_or_topic]]
        return self.topic(id_or_topic)

    def path_of(self, clause_id: str) -> Path:
        """Return the file a clause was loaded from."""
        return self.paths[clause_id]


def default_library_path() -> Path:
    """Return the repository's `clauses/` folder (or `$PPPDRAFT_HOME/clauses`)."""
    from .paths import project_root

    return project_root() / "clauses"


def load_clause_file(path: Path) -> Clause:
    """Return the clause in one YAML file, or raise LibraryError naming the file and field."""
    data = load_yaml_file_cached(path, LibraryError)
    try:
        clause = Clause.model_validate(data)
    except ValidationError as exc:
        raise LibraryError(format_validation_error(path, exc)) from None
    expected = path.parent.name + "." + path.stem
    if clause.id != expected:
        raise LibraryError(
            f"{path}: field 'id' is {clause.id!r} but the file's place says {expected!r}; "
            f"rename the file to {clause.family}/{clause.id.split('.', 1)[1]}.yaml or fix the id"
        )
    return clause


def load_library(path: Path | str | None = None) -> Library:
    """Return every clause under `path`; raise LibraryError listing every broken file."""
    root = Path(path) if path is not None else default_library_path()
    if not root.is_dir():
        raise LibraryError(f"clause library folder {root} does not exist")
    clauses: dict[str, Clause] = {}
    paths: dict[str, Path] = {}
    problems: list[str] = []
    for file in sorted(root.glob("*/*.yaml")):
        if file.parent.name.startswith("_"):  # _approved/ holds approval snapshots
            continue
        try:
            clause = load_clause_file(file)
        except LibraryError as exc:
            problems.append(str(exc))
            continue
        if clause.id in clauses:
            problems.append(f"{file}: id {clause.id!r} is also used by {paths[clause.id]}")
            continue
        clauses[clause.id] = clause
        paths[clause.id] = file
    if problems:
        raise LibraryError(
            f"{len(problems)} broken clause file(s) in {root}:\n" + "\n".join(problems)
        )
    return Library(clauses, paths, root)


def library_stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Return what identifies the content of a library folder: each file's name, mtime, size.

    Cheap (one stat per file); any edit, added or removed clause file changes it.
    """
    return tuple((name, mtime, size) for name, mtime, _ctime, size, _ino in _file_stamps(root))


def _file_stamps(root: Path) -> list[tuple[str, int, int, int, int]]:
    """Return (family/name.yaml, mtime, ctime, size, inode) of every clause file, sorted."""
    found: list[tuple[str, int, int, int, int]] = []
    with os.scandir(root) as folders:
        for folder in folders:
            if not folder.is_dir():
                continue
            with os.scandir(folder.path) as files:
                for file in files:
                    if file.name.endswith(".yaml"):
                        st = file.stat()
                        name = f"{folder.name}/{file.name}"
                        found.append((name, st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino))
    found.sort()
    return found


_LOADED: dict[Path, tuple[tuple[tuple[str, int, int], ...], Library]] = {}


def cached_library(path: Path | str | None = None) -> Library:
    """Return the library under `path`, parsed once per process and again only when a file
    changes (see `library_stamp`). The Library is shared: treat it as read-only."""
    root = (Path(path) if path is not None else default_library_path()).resolve()
    stamps = _file_stamps(root) if root.is_dir() else []
    stamp = tuple((name, mtime, size) for name, mtime, _ctime, size, _ino in stamps)
    found = _LOADED.get(root)
    if found is not None and found[0] == stamp:
        return found[1]
    library = _load_library_via_disk(root, stamps)
    if root not in _LOADED and len(_LOADED) >= 8:  # a few folders at most (tests use many)
        del _LOADED[next(iter(_LOADED))]
    _LOADED[root] = (stamp, library)
    return library


# A file's stamp is trusted to stand for its content only when the file was already this
# old when the stamp was recorded: an edit made later changes its ctime (the kernel sets it
# to the current time; no call sets it back), whatever the file system's time granularity.
SETTLED_NS = 5_000_000_000


def _load_library_via_disk(root: Path, stamps: list[tuple[str, int, int, int, int]]) -> Library:
    """Return `load_library(root)`, its clauses kept in the disk cache (pickled) under a hash
    of every clause file's name and bytes and of the code that turns them into clauses.

    Parsing and validating ~120 clause files is most of what a new process spends on the
    library; unpickling the validated clauses is a third of it. Any edit changes the key.
    Reading and hashing every file is skipped when an index entry (keyed by each clause and
    module file's name, size, inode, mtime and ctime) names the key; such an entry is
    written only for files that were settled (unchanged for SETTLED_NS) when it was made.
    """
    import pickle

    from . import diskcache, models, yamlio

    if not root.is_dir() or diskcache.cache_dir() is None:
        return load_library(root)
    clause_stamps = [s for s in stamps if not s[0].startswith("_")]
    modules = [Path(m.__file__ or "") for m in (models, yamlio, sys.modules[__name__])]
    try:
        module_stamps = [
            (str(m), st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
            for m in modules
            for st in (m.stat(),)
        ]
    except OSError:
        return load_library(root)
    index = diskcache.digest(
        "library-index", str(root), pydantic_version, repr(module_stamps), repr(clause_stamps)
    )
    known = diskcache.read("library-index", index)
    key = known.decode("ascii", "replace") if known is not None else ""
    if len(key) != 64:
        try:
            parts: list[str | bytes] = [str(root), pydantic_version]
            parts += [m.read_bytes() for m in modules]
            for name, *_rest in clause_stamps:
                parts += [name, (root / name).read_bytes()]
        except OSError:
            return load_library(root)
        key = diskcache.digest("library", *parts)
        newest = max(max(s[1], s[2]) for s in [*module_stamps, *clause_stamps])
        if newest < time.time_ns() - SETTLED_NS:
            diskcache.write("library-index", index, key.encode("ascii"))
    stored = diskcache.read("library", key)
    if stored is not None:
        try:
            clauses, fingerprints = pickle.loads(stored)  # noqa: S301 - our own, by content
            if isinstance(clauses, dict) and isinstance(fingerprints, dict):
                for cid, clause in clauses.items():
                    known_print = fingerprints.get(cid)
                    if isinstance(known_print, str):
                        _STORED_FINGERPRINTS[cid] = (clause, known_print)
                return Library(clauses, {cid: root.joinpath(*_place(cid)) for cid in clauses}, root)
        except Exception:  # noqa: S110 - a damaged entry: load afresh
            pass
    library = load_library(root)
    fingerprints = {cid: fingerprint_of(c) for cid, c in library.clauses.items()}
    stored_bytes = pickle.dumps((library.clauses, fingerprints), pickle.HIGHEST_PROTOCOL)
    diskcache.write("library", key, stored_bytes)
    return library


def _place(clause_id: str) -> tuple[str, str]:
    family, name = clause_id.split(".", 1)
    return family, name + ".yaml"


def approve_clause(
    library: Library, clause_id: str, by: str, on: date, note: str | None = None
) -> Path:
    """Record an approval (who, when, fingerprint, note) in the clause's file; return the path."""
    clause = library.get(clause_id)
    if not by.strip():
        raise LibraryError("approve needs --by NAME: the lawyer who vetted the text")
    path = library.path_of(clause_id)
    note_text = " ".join((note or "").split())
    block = (
        "approval:\n"
        "  status: approved\n"
        f"  by: {json.dumps(by.strip(), ensure_ascii=False)}\n"
        f"  on: {on.isoformat()}\n"
        f"  fingerprint: {clause.fingerprint}\n"
    )
    if note_text:
        block += f"  note: {json.dumps(note_text, ensure_ascii=False)}\n"
    source = path.read_text(encoding="utf-8")
    # Replace the approval block in place so the clause text keeps its hand-written layout.
    pattern = re.compile(r"^approval:.*?(?=^\S|\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(source):
        updated = pattern.sub(lambda _m: block, source, count=1)
    else:
        updated = source.rstrip("\n") + "\n" + block
    yaml.safe_load(updated)  # never write a file we could not read back
    write_file(path, updated.encode("utf-8"))
    _write_snapshot(library.root, clause, by.strip(), on, note_text)
    return path


def snapshot_path(root: Path, clause_id: str) -> Path:
    """Return where the approved text of a clause is kept (`clauses/_approved/<id>.yaml`)."""
    return root / "_approved" / f"{clause_id}.yaml"


def _write_snapshot(root: Path, clause: Clause, by: str, on: date, note: str = "") -> None:
    """Keep the approved wording so `library diff` can show what changed since."""
    data = {
        "id": clause.id,
        "version": clause.version,
        "approved_by": by,
        "approved_on": on.isoformat(),
        "note": note,
        "fingerprint": clause.fingerprint,
        "title": clause.title.model_dump(),
        "text": clause.text.model_dump(),
        "defines": [d.model_dump() for d in clause.defines],
    }
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    write_file(snapshot_path(root, clause.id), text.encode("utf-8"))


def diff_since_approval(library: Library, clause_id: str) -> str:
    """Return a unified diff of the clause's wording against its approved snapshot."""
    import difflib

    clause = library.get(clause_id)
    path = snapshot_path(library.root, clause_id)
    if not path.is_file():
        raise LibraryError(
            f"{clause_id}: no approved text is recorded ({path} is missing); approve it first "
            f"with `pppdraft library approve {clause_id} --by NAME`"
        )
    approved = yaml.safe_load(path.read_text(encoding="utf-8"))

    def lines(
        title: dict[str, str], text: dict[str, str], defines: list[dict[str, Any]]
    ) -> list[str]:
        out: list[str] = []
        for lang in ("cs", "en"):
            out.append(f"[{lang}] {title[lang]}")
            out += [f"[{lang}] {line}" for line in text[lang].rstrip().splitlines()]
        for d in defines:
            for lang in ("cs", "en"):
                out.append(f"[{lang}] {d['term'][lang]}: {d['definition'][lang]}")
        return out

    before = lines(approved["title"], approved["text"], approved.get("defines", []))
    after = lines(
        clause.title.model_dump(),
        clause.text.model_dump(),
        [d.model_dump() for d in clause.defines],
    )
    header_from = (
        f"{clause_id} v{approved['version']} approved by {approved['approved_by']} "
        f"on {approved['approved_on']}"
    )
    header_to = f"{clause_id} v{clause.version} now"
    return "\n".join(difflib.unified_diff(before, after, header_from, header_to, lineterm="", n=1))
