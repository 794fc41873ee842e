"""Word cross-reference fields: bookmarks on referenced paragraphs, REF fields in the text.

The only place that writes this WordprocessingML. A reference is a REF field whose cached
result is the number the engine computed, so every reader (Word, LibreOffice, python-docx,
the checker) sees the number, and updating fields (F9) recomputes it from the paragraph's
list number after a lawyer inserts or deletes paragraphs.
"""

from __future__ import annotations


def escape(text: str) -> str:
    """Return `text` with &, < and > escaped for XML, as `xml.sax.saxutils.escape` does
    (which imports urllib and its network stack, ~8 ms of every CLI call)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# \n: the referenced paragraph's number as its list level prints it ("18.8", "b)") without
#     the numbers of the levels above; the sub-clause level's own text already reads "%1.%2".
# \h: the reference is a hyperlink to the paragraph.
REF_SWITCHES = r"\n \h"


def bookmark_start(bookmark_id: int, name: str) -> str:
    """Return the start of a bookmark (place it before the paragraph's first run)."""
    return f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{escape(name)}"/>'


def bookmark_end(bookmark_id: int) -> str:
    """Return the end of a bookmark (place it after the paragraph's last run)."""
    return f'<w:bookmarkEnd w:id="{bookmark_id}"/>'


def _run(inner: str, bold: bool) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f"<w:r>{props}{inner}</w:r>"


def ref_field(bookmark: str, cached: str, bold: bool = False) -> str:
    """Return a complex REF field to `bookmark` showing `cached` until fields are updated."""
    instruction = f" REF {bookmark} {REF_SWITCHES} "
    return (
        _run('<w:fldChar w:fldCharType="begin"/>', bold)
        + _run(f'<w:instrText xml:space="preserve">{escape(instruction)}</w:instrText>', bold)
        + _run('<w:fldChar w:fldCharType="separate"/>', bold)
        + _run(f'<w:t xml:space="preserve">{escape(cached)}</w:t>', bold)
        + _run('<w:fldChar w:fldCharType="end"/>', bold)
    )


class BookmarkIds:
    """Hands out the numeric ids Word needs on bookmarkStart/bookmarkEnd pairs."""

    def __init__(self, first: int = 1000) -> None:
        self._next = first

    def take(self) -> int:
        """Return a fresh id."""
        value = self._next
        self._next += 1
        return value
