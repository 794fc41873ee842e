"""What keeps builds cheap: the cached library, lazy imports, linear list answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from testkit import ROOT, SCENARIOS, edit_yaml

from pppdraft.library import Library, cached_library


def library_as_a_new_process_loads_it(root: Path) -> Library:
    """Load the clause library from `root` with the process caches empty, as a new process."""
    from pppdraft import library as library_module

    library_module._LOADED.clear()
    library_module._STORED_FINGERPRINTS.clear()
    library_module._fingerprint.cache_clear()
    return cached_library(root)


def test_a_cached_library_is_reloaded_after_a_clause_file_changes(project_copy: Path) -> None:
    root = project_copy / "clauses"
    first = cached_library(root)
    assert cached_library(root) is first  # parsed once
    clause = first.get("data.access")
    edit_yaml(
        root / "data/access.yaml",
        lambda d: d["title"].update(cs=d["title"]["cs"] + " (upraveno)"),
    )
    second = cached_library(root)
    assert second is not first
    assert second.get("data.access").title.cs == clause.title.cs + " (upraveno)"
    assert second.get("data.access").fingerprint != clause.fingerprint
    (root / "data/access.yaml").unlink()
    assert "data.access" not in cached_library(root)


def test_build_does_not_import_the_checker_streamlit_or_sqlalchemy(tmp_path: Path) -> None:
    answers = SCENARIOS / "data-agreement/parking-sensors.yaml"
    script = (
        "import sys, json\n"
        "from pppdraft.cli import app\n"
        "try:\n"
        f"    app(['build', 'data-agreement', '-a', {str(answers)!r},"
        f" '-o', {str(tmp_path / 'x.docx')!r}])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "heavy = ('streamlit', 'sqlalchemy', 'pppdraft.checker', 'openpyxl', 'pypdf')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in heavy"
        " or m.startswith('pppdraft.checker'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": "error"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "x.docx").is_file()
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
    # …and `check` is still offered (registered without importing the checker)
    helped = subprocess.run(
        [sys.executable, "-m", "pppdraft.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert "check" in helped.stdout


def test_the_paragraph_builder_writes_what_docxtpl_writes() -> None:
    from docxtpl import RichText
    from docxtpl import RichTextParagraph as Docxtpl

    from pppdraft.render.docx import RichTextParagraph

    ours, theirs = RichTextParagraph(), Docxtpl()
    for i in range(50):
        for target in (ours, theirs):
            target.add(RichText(f"položka {i} & <b>"), parastyle="ContractBullet" if i else None)
            if i == 10:
                target.xml += "<w:tbl/>"
    assert ours.xml == theirs.xml and str(ours) == str(theirs) and ours.__html__() == theirs.xml


def test_the_disk_cache_gives_back_exactly_what_parsing_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pppdraft.errors import PppDraftError
    from pppdraft.yamlio import load_yaml_file, load_yaml_file_cached

    monkeypatch.setenv("PPPDRAFT_CACHE", str(tmp_path / "cache"))
    files = sorted((ROOT / "clauses").glob("*/*.yaml")) + sorted(ROOT.glob("contracts/*.yaml"))
    for path in files:
        first = load_yaml_file_cached(path, PppDraftError)  # parses and stores
        again = load_yaml_file_cached(path, PppDraftError)  # from the cache
        assert first == again == load_yaml_file(path, PppDraftError), path
    assert list((tmp_path / "cache" / "yaml").rglob("*"))
    approved = tmp_path / "approved.yaml"
    approved.write_text("approval:\n  on: 2026-01-05\n  by: Eva\n1: number key\n", "utf-8")
    for _ in range(2):
        data = load_yaml_file_cached(approved, PppDraftError)
        assert data == {"approval": {"on": date(2026, 1, 5), "by": "Eva"}, 1: "number key"}
    approved.write_text("approval:\n  on: 2026-02-01\n", "utf-8")  # edited: a new key
    assert load_yaml_file_cached(approved, PppDraftError) == {"approval": {"on": date(2026, 2, 1)}}


def test_compiled_templates_and_expressions_from_the_disk_cache_behave_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jinja2.sandbox import SandboxedEnvironment

    from pppdraft.diskcache import CompiledTemplates

    class Env(CompiledTemplates, SandboxedEnvironment):
        pass

    monkeypatch.setenv("PPPDRAFT_CACHE", str(tmp_path / "cache"))
    source = "{% for x in items %}{{ x|upper }}{% if not loop.last %}, {% endif %}{% endfor %}"
    for _ in range(2):  # the second environment reads the first one's code from disk
        env = Env()
        assert env.from_string(source).render(items=["a", "b"]) == "A, B"
        assert env.compile_expression("a > 2 and b", undefined_to_none=False)(a=3, b=1) == 1
        assert env.compile_expression("a + 1")(a=1) == 2
    assert len(list((tmp_path / "cache" / "jinja").rglob("*"))) >= 3
    # settings that change the generated code give another entry, never the stored one
    assert Env(autoescape=False).from_string("{{ x }}").render(x="<b>") == "<b>"
    assert Env(autoescape=True).from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    monkeypatch.setenv("PPPDRAFT_CACHE", "off")
    assert Env().from_string(source).render(items=["c"]) == "C"


def _cli_document(answers: Path, out: Path, cache: str, home: Path | None = None) -> bytes:
    """Build `answers` with `pppdraft build` in a new process; return its word/document.xml."""
    env = {**os.environ, "PPPDRAFT_CACHE": cache}
    if home is not None:
        env["PPPDRAFT_HOME"] = str(home)
    done = subprocess.run(
        [sys.executable, "-m", "pppdraft.cli", "build", "ppp-contract", "-a", str(answers),
         "-o", str(out)],
        capture_output=True, text=True, check=False, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as z:
        return z.read("word/document.xml")


def test_a_second_process_builds_the_same_document_from_the_disk_cache(tmp_path: Path) -> None:
    answers = SCENARIOS / "ppp-contract/street-lighting.yaml"
    cache = str(tmp_path / "cache")
    first = _cli_document(answers, tmp_path / "first.docx", cache)
    assert list((tmp_path / "cache").glob("bundle-*"))  # the first build wrote the bundle
    second = _cli_document(answers, tmp_path / "second.docx", cache)
    uncached = _cli_document(answers, tmp_path / "uncached.docx", "off")
    assert first == second == uncached


def test_a_clause_edited_after_the_bundle_was_written_is_built_afresh(
    project_copy: Path, tmp_path: Path
) -> None:
    answers = project_copy / "scenarios/ppp-contract/street-lighting.yaml"
    cache = str(tmp_path / "cache")
    before = _cli_document(answers, tmp_path / "before.docx", cache, project_copy)
    clause = project_copy / "clauses/ppp/design-build.yaml"
    marker = "Ověřeno správcem knihovny."
    edit_yaml(clause, lambda d: d["text"].update(cs=d["text"]["cs"] + " " + marker))
    after = _cli_document(answers, tmp_path / "after.docx", cache, project_copy)
    assert marker.encode() not in before and marker.encode() in after
    uncached = _cli_document(answers, tmp_path / "uncached.docx", "off", project_copy)
    assert after == uncached


def test_the_bundle_serves_entries_to_a_new_process_and_a_damaged_one_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pppdraft import diskcache

    monkeypatch.setenv("PPPDRAFT_CACHE", str(tmp_path / "cache"))
    key = diskcache.digest("probe", "a template")
    diskcache.write("jinja", key, b"compiled")
    diskcache.flush()
    (bundle,) = (tmp_path / "cache").glob("bundle-*")
    (tmp_path / "cache" / "jinja" / key[:2] / key).unlink()  # only the bundle holds it now
    diskcache._BUNDLES.clear()  # as a new process starts
    assert diskcache.read("jinja", key) == b"compiled"
    assert diskcache.read("jinja", diskcache.digest("probe", "another")) is None
    bundle.write_bytes(b"\x00 not a bundle")
    diskcache._BUNDLES.clear()
    assert diskcache.read("jinja", key) is None  # nothing served from a damaged bundle
    diskcache.write("jinja", key, b"compiled again")
    diskcache.flush()
    diskcache._BUNDLES.clear()
    assert diskcache.read("jinja", key) == b"compiled again"


def test_a_new_process_gets_the_library_from_the_disk_cache_and_sees_an_edit(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setenv("PPPDRAFT_CACHE", str(tmp_path / "cache"))
    root = (project_copy / "clauses").resolve()

    fresh = partial(library_as_a_new_process_loads_it, root)

    parsed = fresh()
    assert list((tmp_path / "cache" / "library").rglob("*"))  # stored
    unpickled = fresh()
    assert unpickled is not parsed
    assert unpickled.clauses == parsed.clauses and unpickled.paths == parsed.paths
    assert unpickled.root == parsed.root
    edit_yaml(
        root / "data/access.yaml",
        lambda d: d["title"].update(en=d["title"]["en"] + " (edited)"),
    )
    edited = fresh()
    assert edited.get("data.access").title.en == parsed.get("data.access").title.en + " (edited)"
    assert edited.get("data.audit") == parsed.get("data.audit")


def test_blueprints_with_number_keys_are_kept_in_the_disk_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pppdraft.blueprint import BlueprintError
    from pppdraft.yamlio import load_yaml_file, load_yaml_file_cached

    monkeypatch.setenv("PPPDRAFT_CACHE", str(tmp_path / "cache"))
    path = ROOT / "contracts" / "ppp-contract.yaml"
    parsed = load_yaml_file(path, BlueprintError)
    assert any(isinstance(k, int) for k in parsed["changes"])  # versions as keys
    assert load_yaml_file_cached(path, BlueprintError) == parsed
    assert len([p for p in (tmp_path / "cache" / "yaml").rglob("*") if p.is_file()]) == 1
    assert load_yaml_file_cached(path, BlueprintError) == parsed  # from the cache


def test_fingerprints_stored_with_the_cached_library_match_and_follow_an_edit(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pppdraft import library as library_module

    monkeypatch.setenv("PPPDRAFT_CACHE", str(tmp_path / "cache"))
    root = (project_copy / "clauses").resolve()

    fresh = partial(library_as_a_new_process_loads_it, root)

    computed = {cid: c.fingerprint for cid, c in fresh().clauses.items()}
    unpickled = fresh()
    assert library_module._STORED_FINGERPRINTS  # came with the pickled library
    assert {cid: c.fingerprint for cid, c in unpickled.clauses.items()} == computed
    edit_yaml(
        root / "data/access.yaml",
        lambda d: d["text"].update(en=d["text"]["en"] + " Edited."),
    )
    edited = fresh().get("data.access")
    assert edited.fingerprint != computed["data.access"]
    assert edited.fingerprint == library_module._fingerprint(
        edited.title, edited.text, tuple(edited.defines), tuple(edited.risks)
    )


def test_the_cache_folder_follows_a_change_of_pppdraft_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pppdraft import diskcache

    monkeypatch.setenv("PPPDRAFT_CACHE", str(tmp_path / "one"))
    assert diskcache.cache_dir() == tmp_path / "one"
    diskcache.write("probe", "ab12", b"x")
    monkeypatch.setenv("PPPDRAFT_CACHE", str(tmp_path / "two"))
    assert diskcache.cache_dir() == tmp_path / "two"
    assert diskcache.read("probe", "ab12") is None
    monkeypatch.setenv("PPPDRAFT_CACHE", "off")
    assert diskcache.cache_dir() is None
    monkeypatch.setenv("PPPDRAFT_CACHE", str(tmp_path / "one"))
    assert diskcache.read("probe", "ab12") == b"x"


def test_the_library_index_sees_an_edit_that_keeps_the_size_and_the_mtime(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from pppdraft import library as library_module

    monkeypatch.setenv("PPPDRAFT_CACHE", str(tmp_path / "cache"))
    root = (project_copy / "clauses").resolve()
    # the copied files count as settled, so the index (stamps → content key) is written
    monkeypatch.setattr(library_module, "SETTLED_NS", -60 * 10**9)

    fresh = partial(library_as_a_new_process_loads_it, root)

    parsed = fresh()
    assert list((tmp_path / "cache" / "library-index").rglob("*"))
    assert fresh().get("data.access") == parsed.get("data.access")  # through the index
    path = root / "data/access.yaml"
    before = path.stat()
    blob = path.read_bytes()
    title = parsed.get("data.access").title.en
    assert title.encode() in blob
    changed = title.replace(title[0], "X" if title[0] != "X" else "Y", 1)
    time.sleep(0.05)  # a later edit, as by a person
    path.write_bytes(blob.replace(title.encode(), changed.encode(), 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # a tool keeping the mtime
    assert path.stat().st_size == before.st_size
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert fresh().get("data.access").title.en == changed


def test_texts_without_jinja_syntax_come_out_as_jinja_renders_them() -> None:
    import importlib

    from pppdraft.library import load_library

    assemble_module = importlib.import_module("pppdraft.assemble")  # not the function

    texts = ["", "\n", "a\n", "a\n\n", "a\r\nb\rc\n", " lead and trail \n ", "x\r\n"]
    for clause in load_library():
        for text in (clause.title, clause.text, *(d.definition for d in clause.defines)):
            texts += [text.cs, text.en]
    plain = [t for t in texts if "{" not in t]
    assert len(plain) > 50  # titles and most definitions
    env = assemble_module._ENV
    for text in plain:
        assert assemble_module._PlainText(text).text == env.from_string(text).render(), text


def test_the_listing_pass_on_paragraphs_with_breaks_equals_docxtpls_over_everything() -> None:
    from docxtpl import DocxTemplate

    from pppdraft.render.docx import _Frame, default_template

    xml = (
        '<w:body><w:p><w:r><w:t>plain</w:t></w:r></w:p>\n<w:p><w:pPr><w:pStyle w:val="X"/>'
        '</w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">a\nb\tc</w:t></w:r>'
        "<w:r><w:t>second\trun</w:t></w:r></w:p><w:p><w:r><w:t>none</w:t></w:r></w:p>\t"
        '<w:tbl><w:tr><w:tc><w:p w:rsidR="1"><w:r><w:t>x\ay\fz</w:t></w:r></w:p></w:tc></w:tr>'
        "</w:tbl><w:p><w:r><w:t>end\n</w:t></w:r></w:p>\n</w:body>"
    )
    frame = _Frame(str(default_template()))
    resolved = frame.resolve_listing(xml)
    assert resolved == DocxTemplate.resolve_listing(frame, xml)
    assert "<w:br/>" in resolved and "<w:tab/>" in resolved and 'w:type="page"' in resolved
