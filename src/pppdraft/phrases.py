"""Phrase catalogues: one per document language (`lang/<code>.yaml`), no language branches.

Every fixed phrase the core writes (the notice under the title, labels of the signature
block, annex and article labels, quotes, yes/no, the reasons in the outline…) comes from the
catalogue of the document language. A language without a catalogue is refused with
`UnsupportedLanguage`; nothing falls back to Czech silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from .errors import UserInputError
from .yamlio import load_yaml_file_cached

T = TypeVar("T")
LANG_DIR = Path(__file__).resolve().parent / "lang"


class UnsupportedLanguage(UserInputError):
    """A language with no phrase catalogue (the message names the known ones)."""


def languages() -> tuple[str, ...]:
    """Return the language codes that have a catalogue."""
    return tuple(sorted(p.stem for p in LANG_DIR.glob("*.yaml")))


def _refuse(lang: object) -> UnsupportedLanguage:
    return UnsupportedLanguage(
        f"unsupported language {lang!r}; use one of {', '.join(languages())} "
        f"(add src/pppdraft/lang/{lang}.yaml to support it)"
    )


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """Return the phrase catalogue of a language; UnsupportedLanguage when there is none."""
    if not isinstance(lang, str) or lang not in languages():
        raise _refuse(lang)
    data = load_yaml_file_cached(LANG_DIR / f"{lang}.yaml", UserInputError)
    return {str(k): str(v) for k, v in data.items()}


def phrase(key: str, lang: str, **params: Any) -> str:
    """Return phrase `key` in `lang`, with `{params}` filled in."""
    text = catalogue(lang)[key]
    return text.format(**params) if params else text


def pick(texts: Mapping[str, T], lang: str) -> T:
    """Return the entry of `lang` from a {lang: …} mapping; UnsupportedLanguage if absent."""
    if lang not in texts:
        raise _refuse(lang)
    return texts[lang]
