"""How much of a document the checker is willing to read, so hostile files stay bounded."""

from __future__ import annotations

import os
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """Caps on file size, unpacked size, pages and text; defaults suit real contracts."""

    max_file_bytes: int = 20 * MB
    max_unzipped_bytes: int = 200 * MB
    max_part_bytes: int = 50 * MB
    max_ratio: int = 200
    max_zip_entries: int = 5_000
    max_pdf_pages: int = 2_000
    # A 1,000-page contract is about 3 million characters; a paragraph of a real contract a
    # few thousand. Both are checked before any text processing.
    max_chars: int = 3_000_000
    max_block_chars: int = 100_000
    # Word nests a table in a table in a content control … a few dozen elements deep.
    max_xml_depth: int = 256

    @classmethod
    def from_env(cls) -> ReadLimits:
        """Return the defaults, with the file size cap from PPPDRAFT_MAX_DOCUMENT_MB if set."""
        raw = os.environ.get("PPPDRAFT_MAX_DOCUMENT_MB", "").strip()
        if not raw:
            return cls()
        try:
            mb = float(raw)
        except ValueError:
            return cls()
        if mb <= 0:
            return cls()
        return cls(max_file_bytes=int(mb * MB))


def megabytes(n: int) -> str:
    """Return `n` bytes as a short human size ("20 MB")."""
    value = n / MB
    return f"{value:.0f} MB" if value >= 10 else f"{value:.1f} MB"
