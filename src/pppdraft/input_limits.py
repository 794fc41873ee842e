"""Hard limits on answers where they enter (an answers file, an upload, the store), checked
before anything is validated, stored or rendered. Each refusal names the limit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import PppDraftError, excerpt

MAX_ANSWERS = 500  # questions in one answers file (a contract type has a few dozen)
MAX_KEY_CHARS = 100  # a question id or a party field name
MAX_ANSWER_CHARS = 20_000  # one answer's text: several pages
MAX_LIST_ITEMS = 200  # parties, chosen options
MAX_NUMBER_DIGITS = 30  # larger numbers are no contract's figures


def check_answer_limits(data: Any, where: str, error: type[PppDraftError]) -> None:
    """Raise `error` naming `where`, the field and the limit if `data` is over a limit."""
    if isinstance(data, Mapping) and len(data) > MAX_ANSWERS:
        raise error(
            f"{where}: {len(data):,} answers, more than the {MAX_ANSWERS} an answers file may "
            f"hold; is this the right file?"
        )
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        here = path or "(top level)"
        if isinstance(value, Mapping):
            for key, item in value.items():
                if not isinstance(key, str | int) or isinstance(key, bool):
                    raise error(f"{where}: '{here}': the key {excerpt(key)} is not a name")
                name = str(key)
                if len(name) > MAX_KEY_CHARS:
                    raise error(
                        f"{where}: the key {excerpt(name)} is longer than {MAX_KEY_CHARS} "
                        f"characters; no question has such a name"
                    )
                stack.append((f"{path}.{name}" if path else name, item))
        elif isinstance(value, list):
            if len(value) > MAX_LIST_ITEMS:
                raise error(
                    f"{where}: '{here}': {len(value):,} items, more than the {MAX_LIST_ITEMS} "
                    f"an answer may list"
                )
            stack.extend((f"{here}[{i}]", item) for i, item in enumerate(value, start=1))
        elif isinstance(value, str):
            if len(value) > MAX_ANSWER_CHARS:
                raise error(
                    f"{where}: '{here}': the text is {len(value):,} characters long, more than "
                    f"the {MAX_ANSWER_CHARS:,} an answer may have ({excerpt(value)})"
                )
        elif isinstance(value, int) and value.bit_length() > MAX_NUMBER_DIGITS * 3.33:
            raise error(
                f"{where}: '{here}': the number {excerpt(value)} has more than "
                f"{MAX_NUMBER_DIGITS} digits"
            )
