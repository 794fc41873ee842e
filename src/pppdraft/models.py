"""Small shared value types: bilingual text and language codes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Lang = Literal["cs", "en"]
LANGS: tuple[Lang, ...] = ("cs", "en")


class Strict(BaseModel):
    """Base for content models: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Text(Strict):
    """A text in both document languages."""

    cs: str
    en: str

    def get(self, lang: str) -> str:
        """Return the text in `lang`; UnsupportedLanguage for a language it does not have."""
        if lang in LANGS:
            return str(getattr(self, lang))
        from .phrases import pick

        return pick({}, lang)  # raises UnsupportedLanguage naming the languages there are
