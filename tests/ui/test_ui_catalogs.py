"""The UI message catalogs: every UI string translated in Czech and English, .mo files current."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "pppdraft" / "locale"
LANGS = ("cs", "en")
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _catalog(lang: str) -> Catalog:
    with (LOCALE / lang / "LC_MESSAGES" / "pppdraft.po").open("rb") as f:
        return read_po(f, locale=lang)


def _source_messages() -> set[str]:
    found = extract_from_dir(
        str(ROOT / "src" / "pppdraft" / "ui"),
        method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None, "ngettext": (1, 2)},
    )
    return {message for _file, _line, message, _comments, _context in found}


@pytest.mark.parametrize("lang", LANGS)
def test_every_ui_string_has_a_translation(lang: str) -> None:
    catalog = _catalog(lang)
    translated = {m.id: m.string for m in catalog if m.id}
    missing = sorted(_source_messages() - set(translated))
    assert not missing, f"run `make messages` and translate: {missing}"
    empty = sorted(k for k, v in translated.items() if not v)
    assert not empty, f"{lang}: empty translations: {empty}"
    fuzzy = sorted(m.id for m in catalog if m.id and m.fuzzy)
    assert not fuzzy, f"{lang}: fuzzy translations: {fuzzy}"


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_the_placeholders(lang: str) -> None:
    for message in _catalog(lang):
        if message.id and isinstance(message.id, str):
            assert sorted(PLACEHOLDER.findall(message.id)) == sorted(
                PLACEHOLDER.findall(str(message.string))
            ), message.id


def test_the_template_lists_exactly_the_ui_strings() -> None:
    with (LOCALE / "pppdraft.pot").open("rb") as f:
        template = {m.id for m in read_po(f) if m.id}
    assert template == _source_messages(), "run `make messages`"


@pytest.mark.parametrize("lang", LANGS)
def test_the_compiled_catalogs_are_current(lang: str) -> None:
    buffer = io.BytesIO()
    write_mo(buffer, _catalog(lang))
    compiled = LOCALE / lang / "LC_MESSAGES" / "pppdraft.mo"
    assert compiled.is_file(), "run `make compile-messages`"
    assert compiled.read_bytes() == buffer.getvalue(), "run `make compile-messages`"


def test_no_ui_string_hides_in_an_f_string() -> None:
    """Babel does not look inside f-strings: `f"{_('x')}"` would never be translated."""
    for path in sorted((ROOT / "src" / "pppdraft" / "ui").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name):
                    assert inner.func.id not in ("_", "N_"), (
                        f"{path.name}:{inner.lineno}: move _() out of the f-string"
                    )
