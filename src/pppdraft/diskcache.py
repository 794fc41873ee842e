"""Caches that outlive a process: the parsed clause files and compiled Jinja templates.

Every `pppdraft build` is a new process. Without these it parses every clause file (YAML)
and compiles every clause template (Jinja → Python) again, which costs more than rendering
the document. An entry is keyed by a hash of exactly what it is made from (the file's bytes,
the template's source and the environment's settings), so an edited clause is never served
stale, and nothing needs invalidating.

The folder is `$PPPDRAFT_CACHE`, else `$XDG_CACHE_HOME/pppdraft`, else `~/.cache/pppdraft`;
`PPPDRAFT_CACHE=off` turns the cache off. A folder that cannot be written is left alone and
everything is computed as if there were no cache.
"""

from __future__ import annotations

import hashlib
import marshal
import mmap
import os
import sys
import tempfile
import threading
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2.environment import TemplateExpression

FORMAT = "3"  # bump when what is stored changes shape


def cache_dir() -> Path | None:
    """Return the cache folder, or None when caching is off."""
    found = _root()
    return None if found is None else Path(found)


# The folder resolved once per value of $PPPDRAFT_CACHE (a process, or a test, may change
# it; $XDG_CACHE_HOME and $HOME are read when it takes a value first): one environment
# lookup per entry instead of three plus path joins.
_ROOT: dict[str | None, str | None] = {}


def _root() -> str | None:
    chosen = os.environ.get("PPPDRAFT_CACHE")
    try:
        return _ROOT[chosen]
    except KeyError:
        pass
    found = _folder(chosen, os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))
    if len(_ROOT) >= 64:  # tests choose many folders
        _ROOT.clear()
    _ROOT[chosen] = found
    return found


@lru_cache(maxsize=8)
def _folder(chosen: str | None, xdg: str | None, home: str | None) -> str | None:
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else chosen
    base = xdg or os.path.join(home or str(Path.home()), ".cache")
    return os.path.join(base, "pppdraft")


_DIGEST_BASE = hashlib.sha256(f"{FORMAT}\0{sys.version}\0".encode())


def digest(*parts: str | bytes) -> str:
    """Return a hex key over `parts` (and the cache format and Python version)."""
    h = _DIGEST_BASE.copy()
    if all(isinstance(part, str) for part in parts):  # the same bytes, hashed in one go
        h.update("".join(f"{part}\0" for part in parts if isinstance(part, str)).encode())
        return h.hexdigest()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def read(kind: str, key: str, root: str | None = "") -> bytes | None:
    """Return the stored bytes of an entry, or None (`root`: the cache folder if known)."""
    root = _root() if root == "" else root
    if root is None:
        return None
    bundle = _bundle_of(root, kind)
    if bundle is not None:
        found = bundle.get(kind, key)
        if found is not None:
            return found
    path = os.path.join(root, kind, key[:2], key)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    if bundle is not None:
        bundle.add(kind, key, data)
    return data


def write(kind: str, key: str, data: bytes) -> None:
    """Store an entry (atomically: a reader sees the whole entry or none)."""
    root = _root()
    if root is None:
        return
    path = os.path.join(root, kind, key[:2], key)
    bundle = _bundle_of(root, kind)
    if bundle is not None:
        bundle.add(kind, key, data)
    _write_file(path, data)


def _write_file(path: str, data: bytes) -> None:
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        return  # a read-only or full disk: work without the cache


# --- the bundle: the small entries a build reads, in one file ----------------------------
#
# A build reads ~290 small entries (compiled clause templates and expressions, their
# names, parsed blueprints); opening each file cost more than unmarshalling its code. The
# bundle keeps copies of them in one file, read once per process. It is only a faster path
# to the same entries: each is still keyed by the hash of what it is made from (an edited
# clause has another key and is simply not in the bundle), and each is also kept as its
# own file, so a bundle that is missing, damaged or out of date costs speed, never
# correctness.

BUNDLED_KINDS = frozenset({"jinja", "names", "yaml"})
MAX_BUNDLE_BYTES = 16_000_000  # beyond it the bundle is rewritten with what is in use


class _Bundle:
    """One file: the table's length (8 bytes), the table {entry: (offset, length)} (marshal),
    then the entries' bytes. A process reads the table and maps the file; an entry is copied out
    only when it is asked for, so a bundle grown by many contract types stays cheap."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._table: dict[str, tuple[int, int]] | None = None  # read at the first lookup
        self._data: bytes | mmap.mmap = b""
        self._start = 0  # where the entries' bytes begin
        self._used: set[str] = set()
        self._new: dict[str, bytes] = {}

    def _open(self) -> None:
        self._table, self._data = {}, b""
        try:
            with open(self.path, "rb") as fh:
                size = int.from_bytes(fh.read(8), "little")
                if size > os.fstat(fh.fileno()).st_size:  # not a bundle
                    return
                table = marshal.loads(fh.read(size))  # noqa: S302 - our own cache
                data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, EOFError, ValueError, TypeError, OverflowError):
            return
        if isinstance(table, dict):
            self._table, self._data, self._start = table, data, 8 + size

    def _entry(self, name: str) -> bytes | None:
        assert self._table is not None
        place = self._table.get(name)
        if not (isinstance(place, tuple) and len(place) == 2):
            return None
        offset, length = place
        if not (isinstance(offset, int) and isinstance(length, int) and offset >= 0):
            return None
        at = self._start + offset
        found = self._data[at : at + length]
        return found if len(found) == length else None  # a cut file: not from here

    def get(self, kind: str, key: str) -> bytes | None:
        name = f"{kind}/{key}"
        with self._lock:
            if self._table is None:
                self._open()
            found = self._entry(name)
            if found is not None:
                self._used.add(name)
            return found

    def add(self, kind: str, key: str, data: bytes) -> None:
        with self._lock:
            self._new[f"{kind}/{key}"] = data

    def flush(self) -> None:
        with self._lock:
            if not self._new:
                return
            if self._table is None:
                self._open()
            assert self._table is not None
            names = [n for n in self._table if n not in self._new]
            entries = {n: e for n in names for e in (self._entry(n),) if e is not None}
            if sum(len(e) for e in entries.values()) > MAX_BUNDLE_BYTES:
                entries = {n: e for n, e in entries.items() if n in self._used}
            entries.update(self._new)
            table: dict[str, tuple[int, int]] = {}
            offset = 0
            for name, blob in entries.items():
                table[name] = (offset, len(blob))  # from the start of the entries' bytes
                offset += len(blob)
            head = marshal.dumps(table)
            blob = len(head).to_bytes(8, "little") + head + b"".join(entries.values())
            self._used.update(self._new)
            self._new = {}
            _write_file(self.path, blob)
            self._table = None  # read again (mapped) at the next lookup


_BUNDLES: dict[str, _Bundle] = {}
_BUNDLES_LOCK = threading.Lock()


def _bundle_of(root: str, kind: str) -> _Bundle | None:
    """Return the bundle of the cache folder `root` if entries of `kind` are bundled."""
    if kind not in BUNDLED_KINDS:
        return None
    found = _BUNDLES.get(root)
    if found is None:
        with _BUNDLES_LOCK:
            found = _BUNDLES.setdefault(root, _Bundle(os.path.join(root, f"bundle-{_bundle_id()}")))
    return found


@lru_cache(maxsize=1)
def _bundle_id() -> str:
    # one bundle per format and Python (two Pythons sharing a folder do not evict each other)
    return digest("bundle", "table+entries")[:16]


def flush() -> None:
    """Write what this process added to the bundle (after a build; cheap when nothing was)."""
    for bundle in list(_BUNDLES.values()):
        bundle.flush()


def env_fingerprint(env: Any) -> str:
    """Return what, besides the source, decides the code Jinja generates in `env`.

    Computed once per environment: Jinja's contract is that an environment is not changed
    after its first template is loaded, and this runs for every template and expression.
    """
    found = env.__dict__.get("_pppdraft_fingerprint")
    if found is None:  # the settings are long: keys hash their digest, not them
        found = env.__dict__["_pppdraft_fingerprint"] = digest("environment", _env_settings(env))
    return str(found)


def _env_settings(env: Any) -> str:
    import jinja2

    finalize = getattr(env.finalize, "__qualname__", repr(env.finalize))
    settings = [
        type(env).__module__,
        # the whole class chain: a sandbox that intercepts operators generates other code
        ",".join(f"{c.__module__}.{c.__qualname__}" for c in type(env).__mro__),
        ",".join(sorted(getattr(env, "intercepted_binops", ()))),
        ",".join(sorted(getattr(env, "intercepted_unops", ()))),
        jinja2.__version__,
        repr(env.autoescape) if isinstance(env.autoescape, bool) else "callable",
        finalize,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        str(env.line_statement_prefix),
        str(env.line_comment_prefix),
        str(env.trim_blocks),
        str(env.lstrip_blocks),
        env.newline_sequence,
        str(env.keep_trailing_newline),
        str(env.optimized),
        ",".join(sorted(env.filters)),
        ",".join(sorted(env.tests)),
        ",".join(sorted(type(e).__qualname__ for e in env.extensions.values())),
    ]
    return "\0".join(settings)


class CompiledTemplates:
    """Mixin for a Jinja Environment: the Python code of each template source (and of each
    expression) is kept on disk — marshal, as Jinja's own bytecode cache does — and reused
    by the next process instead of parsing, generating and compiling it again."""

    _expression = threading.local()

    def compile(  # type: ignore[no-untyped-def]
        self, source, name=None, filename=None, raw=False, defer_init=False
    ):
        parent: Any = super()
        root = _root()
        if raw or defer_init or root is None:
            return parent.compile(source, name, filename, raw, defer_init)
        if not isinstance(source, str):  # the syntax tree of an expression being compiled
            key = getattr(self._expression, "key", None)
            code = parent.compile(source, name, filename, raw, defer_init)
            if key and isinstance(code, CodeType):
                write("jinja", key, marshal.dumps(code))
            return code
        key = digest(env_fingerprint(self), "template", str(name), str(filename), source)
        code = _load_code(key, root)
        if code is None:
            code = parent.compile(source, name, filename, raw, defer_init)
            if isinstance(code, CodeType):
                write("jinja", key, marshal.dumps(code))
        return code

    def compile_expression(self, source: str, undefined_to_none: bool = True) -> TemplateExpression:
        from jinja2.environment import TemplateExpression

        parent: Any = super()
        root = _root()
        if root is None:
            result: TemplateExpression = parent.compile_expression(source, undefined_to_none)
            return result
        key = digest(env_fingerprint(self), "expression", source)
        code = _load_code(key, root)
        if code is not None:
            env: Any = self
            template = env.template_class.from_code(env, code, env.make_globals(None), None)
            return TemplateExpression(template, undefined_to_none)
        self._expression.key = key  # compile() stores the code under it (per thread)
        try:
            compiled: TemplateExpression = parent.compile_expression(source, undefined_to_none)
            return compiled
        finally:
            self._expression.key = None


def _load_code(key: str, root: str) -> CodeType | None:
    stored = read("jinja", key, root)
    if stored is None:
        return None
    try:
        code = marshal.loads(stored)  # noqa: S302 - our own cache, keyed by content
    except (EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None
