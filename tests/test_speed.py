"""What keeps builds cheap: the cached library, lazy imports, linear list answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from testkit import ROOT, SCENARIOS, edit_yaml

from pppdraft.library import cached_library


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
