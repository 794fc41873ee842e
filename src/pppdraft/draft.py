"""The Draft: an assembled contract, ready to render (pure data, no I/O)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ParagraphKind = Literal[
    "numbered",  # a sub-clause of an article: 3.1, 3.2 …
    "point",  # a point of a numbered sub-clause: a), b) …
    "body",  # unnumbered text inside an article
    "plain",  # a paragraph of the front, closing or an annex
    "recital",  # a lettered recital: (A), (B) …
    "bullet",  # a point outside articles
    "header",  # the first row of a table: one run per cell
    "row",  # a further table row: one run per cell
]
PartKind = Literal["front", "article", "closing", "annex"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)


class Run(_Model):
    """A piece of paragraph text with one formatting."""

    text: str
    bold: bool = False
    ref: str | None = None  # the bookmark this run's number refers to (a cross-reference)


class Paragraph(_Model):
    """One paragraph of the contract with its computed number (Word numbers it by style)."""

    kind: ParagraphKind
    runs: list[Run]
    number: str | None = None
    anchor: str | None = None  # the name given by `[#name] ` in the clause markup
    bookmark: str | None = None  # set when a cross-reference in the contract points here
    # a table row whose cells hold cross-references: each cell's runs (runs stay one per cell)
    cell_runs: list[list[Run]] | None = None

    @property
    def text(self) -> str:
        """Return the paragraph's text without formatting or number (cells joined by ` | `)."""
        if self.kind in ("header", "row"):
            return " | ".join(r.text for r in self.runs)
        return "".join(r.text for r in self.runs)


class DraftClause(_Model):
    """A clause as it stands in this contract, with why it is there."""

    clause_id: str
    topic: str
    version: int
    fingerprint: str
    status: str
    approved: bool
    position: str
    title: str
    guidance: str
    sources: list[str]
    number: str | None
    paragraphs: list[Paragraph]
    why: str


class DraftPart(_Model):
    """The front (parties, recitals), an article, the closing or an annex."""

    id: str
    kind: PartKind
    number: int | None
    title: str
    clauses: list[DraftClause]

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Return the paragraphs of every clause of the part, in order."""
        return [p for c in self.clauses for p in c.paragraphs]


class Alternative(_Model):
    """A clause the contract could have used here, and why it did not."""

    clause_id: str
    topic: str
    position: str
    title: str
    guidance: str
    why_not: str


class Signatory(_Model):
    """One party's signature block."""

    party: str
    role: str
    representative: str
    function: str


class Draft(_Model):
    """A whole contract in one language: parts, clauses, provenance and the answers."""

    contract_type: str
    blueprint_version: int
    lang: str
    title: str
    subtitle: str | None
    parts: list[DraftPart]
    alternatives: list[Alternative]
    signatories: list[Signatory]
    signing_place: str | None
    answers: dict[str, Any]
    warnings: list[str] = Field(default_factory=list)

    @property
    def clauses(self) -> list[DraftClause]:
        """Return every included clause in document order."""
        return [c for part in self.parts for c in part.clauses]

    @property
    def articles(self) -> list[DraftPart]:
        """Return the numbered articles."""
        return [p for p in self.parts if p.kind == "article"]

    @property
    def unapproved(self) -> list[str]:
        """Return the ids of included clauses not approved (or changed since approval)."""
        return [c.clause_id for c in self.clauses if not c.approved]

    def clause(self, clause_id: str) -> DraftClause:
        """Return the included clause with this id or topic."""
        for c in self.clauses:
            if clause_id in (c.clause_id, c.topic):
                return c
        raise KeyError(clause_id)

    def plain_text(self) -> str:
        """Return the whole contract as numbered plain text (for checks, diffs and tests)."""
        out = [self.title]
        if self.subtitle:
            out.append(self.subtitle)
        for part in self.parts:
            if part.kind == "article":
                out.append(f"\n{part.number}. {part.title}")
            elif part.kind == "annex":
                out.append(f"\n{part.title}")
            for p in part.paragraphs:
                prefix = f"{p.number} " if p.number else ""
                out.append(prefix + p.text)
        return "\n".join(out)
