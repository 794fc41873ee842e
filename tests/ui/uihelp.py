"""Helpers for the app's tests: start the app in AppTest, fill a party, read a built .docx."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
SCREENSHOTS = ROOT / "test-output" / "screenshots"

MUNICIPALITY = {
    "name": "Město Horní Brod",
    "ico": "00265411",
    "seat": "Masarykovo náměstí 1, 463 42 Horní Brod",
    "representative": "Ing. Petra Malá",
    "function": "starostka",
    "data_box": "b7kh2xn",
}
PARTNER = {
    "name": "ParkSense CZ s.r.o.",
    "ico": "24718564",
    "dic": "CZ24718564",
    "seat": "Klíšská 1432/18, 400 01 Ústí nad Labem",
    "representative": "Mgr. Tomáš Vrba",
    "function": "jednatel",
}
NEIGHBOUR = {
    "name": "Obec Dolní Lhota u Brodu",
    "ico": "00265420",
    "seat": "Dolní Lhota 12, 463 43 Dolní Lhota",
    "representative": "Jan Novák",
    "function": "starosta",
}


def new_app(lang: str = "cs", query: dict[str, str] | None = None) -> AppTest:
    """Return the app after its first run (in `lang`), optionally opened with query params."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    if lang != "cs":
        at.sidebar.radio(key="ui-lang-switch").set_value(lang).run()
    return at


def fill(at: AppTest, prefix: str, values: dict[str, str]) -> None:
    """Type `values` into the text fields `q.<prefix>.<name>` (run the app afterwards)."""
    for name, value in values.items():
        at.text_input(key=f"q.{prefix}.{name}").set_value(value)


def choice(at: AppTest, topic: str) -> Any:
    """Return the outline's radio choosing the variant of `topic`."""
    found = [r for r in at.radio if str(r.key).startswith(f"choice-{topic}@")]
    assert len(found) == 1, [r.key for r in at.radio]
    return found[0]


def texts(at: AppTest, kind: str) -> list[str]:
    """Return the text of every element of a kind (error, warning, markdown, caption …)."""
    return [str(e.value) for e in getattr(at, kind)]


def page_text(at: AppTest) -> str:
    """Return all visible text of the page (markdown, captions, text, messages, labels)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "code"):
        parts += texts(at, kind)
    for kind in ("error", "warning", "info", "success"):
        parts += texts(at, kind)
    for kind in ("text_input", "text_area", "button", "radio", "toggle", "selectbox"):
        parts += [str(w.label) for w in getattr(at, kind)]
    return "\n".join(parts)


def docx_text(data: bytes) -> str:
    """Return the text of a .docx: body paragraphs and table cells, in order."""
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def last_build(at: AppTest) -> dict[str, Any]:
    """Return the documents of the last build in the session (bytes, manifest, text)."""
    build = at.session_state["journey"]["last_build"]
    assert build, "nothing was built"
    return dict(build)
