"""The reproductions of hostile uploads, each run as `pppdraft check` in a child process:
exit 0, 2 or 3 only, in ≤ 10 s and ≤ 500 MB peak memory, no traceback, ≤ 10 kB of errors."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from bounded_run import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pppdraft.checker.cli import check_command
from pppdraft.checker.docx_reader import format_number

from .hostile import (
    aes_encrypted_pdf,
    deeply_nested_docx,
    numbering_bomb_docx,
    text_pdf,
    utf16_entity_bomb_docx,
)

CONTRACT_LINES = [
    "Smlouva o sdileni dat",
    "1. Obec vlastni veskera data vznikla plnenim teto smlouvy.",
    "2. Dodavatel preda data obci ve strojove citelnem formatu bez dalsi uhrady.",
]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("fmt", "start"),
    [
        ("upperRoman", "999999999999999"),
        ("lowerRoman", "2147483647"),
        ("lowerLetter", "2147483647"),
    ],
)
def test_a_list_numbered_from_a_huge_start_is_read_quickly(
    tmp_path: Path, fmt: str, start: str
) -> None:
    path = _write(tmp_path, "numbering.docx", numbering_bomb_docx(fmt, start))
    outcome = run_cli("check", path, "--format", "json")
    outcome.assert_bounded(0, 3)


def test_huge_list_numbers_are_written_in_digits() -> None:
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(28, "lowerLetter") == "bb"
    assert format_number(2_147_483_647, "lowerLetter") == "2147483647"
    assert format_number(10**9, "upperRoman") == "1000000000"


def test_an_entity_bomb_in_utf16_without_a_bom_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "bomb.docx", utf16_entity_bomb_docx())
    outcome = run_cli("check", path)
    outcome.assert_bounded(2)
    assert "entit" in outcome.stderr and "bomb.docx" in outcome.stderr


def test_elements_nested_20000_deep_are_refused(tmp_path: Path) -> None:
    data = deeply_nested_docx(20_000)
    assert len(data) < 1_000_000
    outcome = run_cli("check", _write(tmp_path, "deep.docx", data))
    outcome.assert_bounded(2)
    assert "256 levels" in outcome.stderr


def test_a_docx_nested_as_deep_as_word_goes_is_read(tmp_path: Path) -> None:
    outcome = run_cli("check", _write(tmp_path, "nested.docx", deeply_nested_docx(40)))
    outcome.assert_bounded(0, 3)


def test_an_aes_encrypted_pdf_is_named_password_protected(tmp_path: Path) -> None:
    data = aes_encrypted_pdf(text_pdf(CONTRACT_LINES), user_password="tajne")
    outcome = run_cli("check", _write(tmp_path, "locked.pdf", data))
    outcome.assert_bounded(2)
    assert "password-protected" in outcome.stderr
    assert "DependencyError" not in outcome.stderr


def test_an_aes_pdf_without_a_user_password_is_read(tmp_path: Path) -> None:
    data = aes_encrypted_pdf(text_pdf(CONTRACT_LINES), user_password="")
    outcome = run_cli("check", _write(tmp_path, "owner-only.pdf", data), "--format", "json")
    outcome.assert_bounded(0, 3)
    assert "strojove citelnem" in outcome.stdout


@pytest.mark.parametrize("kind", ["txt", "pdf"])
def test_a_control_character_does_not_break_the_memo(tmp_path: Path, kind: str) -> None:
    lines = [*CONTRACT_LINES, "3. Dodavatel\x01 nesmi data\x02 predat tretim osobam."]
    data = text_pdf(lines) if kind == "pdf" else "\n\n".join(lines).encode()
    source = _write(tmp_path, f"control.{kind}", data)
    memo = tmp_path / "memo.docx"
    outcome = run_cli("check", source, "--format", "docx", "-o", memo)
    outcome.assert_bounded(0, 3)
    text = "\n".join(p.text for p in docx.Document(str(memo)).paragraphs)
    assert "Kontrola smlouvy" in text or "Contract check" in text


def test_a_19_mb_single_line_text_is_refused_by_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(19 * 1024):
            fh.write("obec vlastni data " * 57)
    assert path.stat().st_size > 19_000_000
    outcome = run_cli("check", path)
    outcome.assert_bounded(2)
    assert "3,000,000 characters" in outcome.stderr


def test_a_paragraph_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "long.txt", ("slovo " * 30_000).encode())
    outcome = run_cli("check", path)
    outcome.assert_bounded(2)
    assert "100,000" in outcome.stderr and "paragraph" in outcome.stderr


def test_a_text_file_mentioning_pdf_is_read_as_text(tmp_path: Path) -> None:
    text = "Poznámka: soubory %PDF-1.7 se předávají zvlášť.\n\n" + "\n\n".join(CONTRACT_LINES)
    outcome = run_cli("check", _write(tmp_path, "notes.txt", text.encode()), "--format", "json")
    outcome.assert_bounded(0, 3)
    assert '"format": "txt"' in outcome.stdout or "Obec" in outcome.stdout


SUFFIXES = [".docx", ".pdf", ".txt"]
HEADS = [b"", b"PK\x03\x04", b"%PDF-1.7\n", b"\xef\xbb\xbf", b"\xff\xfe"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    head=st.sampled_from(HEADS),
    body=st.binary(max_size=3000),
    suffix=st.sampled_from(SUFFIXES),
    fmt=st.sampled_from(["text", "json", "docx"]),
)
def test_arbitrary_bytes_end_in_exit_0_2_or_3(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    head: bytes,
    body: bytes,
    suffix: str,
    fmt: str,
) -> None:
    path = tmp_path / f"upload{suffix}"
    path.write_bytes(head + body)
    out = tmp_path / "report.out" if fmt == "docx" else None
    code = check_command(path, fmt, out, None)
    assert code in (0, 2, 3)
    err = capsys.readouterr().err
    assert len(err) <= 10_000 and "Traceback" not in err


def test_arbitrary_text_in_a_docx_paragraph_gives_a_memo() -> None:
    from pppdraft.checker import check_bytes, render_docx

    from .hostile import minimal_docx, paragraph

    weird = "".join(chr(c) for c in range(1, 32) if chr(c) not in "\t\n\r")
    data = minimal_docx(paragraph("Obec vlastní veškerá data.") + paragraph("a&#x9;b"))
    report = check_bytes(data, "ok.docx")
    evil = report.model_copy(update={"document": f"name{weird}.docx"})
    memo = render_docx(evil)
    assert docx.Document(io.BytesIO(memo)).core_properties.subject.startswith("name")
