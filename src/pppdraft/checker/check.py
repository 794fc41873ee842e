"""Running a checklist over a document: findings per item, red flag over present over missing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pppdraft.checker.blocks import Block, BlockBuilder, DocumentText, Lang
from pppdraft.checker.checklist import Checklist, ItemSpec, load_checklist
from pppdraft.checker.clauses import clause_info
from pppdraft.checker.language import detect_language
from pppdraft.checker.limits import ReadLimits
from pppdraft.checker.parties import find_aliases
from pppdraft.checker.plain_reader import read_markdown, read_plain
from pppdraft.checker.reader import read_bytes, read_document
from pppdraft.checker.report import (
    CheckReport,
    Evidence,
    ItemResult,
    Status,
    Summary,
    describe_location,
)
from pppdraft.checker.rules import Finding, Matcher, evaluate
from pppdraft.checker.text import TextIndex, build_index
from pppdraft.errors import DocumentError

MAX_QUOTE = 400
MAX_EVIDENCE = 3

_LEAD: dict[Lang, dict[Status, str]] = {
    "cs": {
        "present": "Smlouva obec v tomto bodě chrání.",
        "missing": "Smlouva o tomto bodu mlčí.",
        "red_flag": "Smlouva v tomto bodě obec ohrožuje.",
    },
    "en": {
        "present": "The contract protects the municipality on this point.",
        "missing": "The contract is silent on this point.",
        "red_flag": "The contract works against the municipality on this point.",
    },
}
_RULE_NOTE: dict[Lang, str] = {
    "cs": "Zachyceno pravidlem {rule} ({words}).",
    "en": "Found by rule {rule} ({words}).",
}
_ADD_CLAUSE: dict[Lang, str] = {
    "cs": "Doplňte ustanovení {clause}.",
    "en": "Add clause {clause}.",
}

ChecklistArg = Checklist | Path | str | None


def _checklist(checklist: ChecklistArg) -> Checklist:
    return checklist if isinstance(checklist, Checklist) else load_checklist(checklist)


def _quote(index: TextIndex, finding: Finding) -> str:
    text = index.texts[finding.block].strip()
    if len(text) <= MAX_QUOTE:
        return text
    seg = index.segments[finding.segment]
    sentence = index.texts[finding.block][seg.char_lo : seg.char_hi].strip()
    if len(sentence) <= MAX_QUOTE:
        return f"… {sentence} …"
    lo_char = index.tok_char[finding.window[0]][0]
    hi_char = index.tok_char[finding.window[1]][1]
    full = index.texts[finding.block]
    pad = max(0, (MAX_QUOTE - (hi_char - lo_char)) // 2)
    start = max(seg.char_lo, lo_char - pad)
    end = min(seg.char_hi, max(hi_char, start + MAX_QUOTE))
    return f"… {full[start:end].strip()} …"


def _evidence(
    index: TextIndex, blocks: Sequence[Block], findings: Sequence[Finding], lang: Lang
) -> tuple[list[Evidence], list[Finding]]:
    """Return the quotes for an item (one per paragraph, at most MAX_EVIDENCE, in document
    order) and the findings they come from."""
    evidence: list[Evidence] = []
    used: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.block, f.segment)):
        block = blocks[f.block]
        if any(e.paragraph == block.index for e in evidence):
            continue
        evidence.append(
            Evidence(
                paragraph=block.index,
                location=describe_location(block, lang),
                text=_quote(index, f),
                rule=f.rule.id,
            )
        )
        used.append(f)
        if len(evidence) == MAX_EVIDENCE:
            break
    return evidence, used


def _explain(item: ItemSpec, status: Status, lang: Lang, findings: Sequence[Finding]) -> str:
    parts = [_LEAD[lang][status]]
    if status == "red_flag" and item.risk is not None:
        parts.append(item.risk.get(lang))
    else:
        parts.append(item.explanation.get(lang))
    if findings:
        first = findings[0]
        words = ", ".join(f"«{w}»" for w in first.matched)
        parts.append(_RULE_NOTE[lang].format(rule=first.rule.id, words=words))
    if status != "present":
        parts.append(_ADD_CLAUSE[lang].format(clause=item.suggested_clause))
    return " ".join(parts)


def check_parsed(
    doc: DocumentText, checklist: ChecklistArg = None, *, lang: Lang | None = None
) -> CheckReport:
    """Return the report for an already read document."""
    chk = _checklist(checklist)
    report_lang: Lang = lang or doc.language
    blocks = doc.blocks
    texts = [b.text for b in blocks]
    index = build_index(
        texts, [b.kind == "heading" for b in blocks], find_aliases(texts, chk.known_role)
    )
    findings = evaluate(chk.rules, Matcher(index), chk.negations)
    by_item: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        by_item.setdefault((f.rule.item, f.rule.status), []).append(f)
    items: list[ItemResult] = []
    for item in chk.items:
        good = by_item.get((item.id, "present"), [])
        red = [f for f in by_item.get((item.id, "red_flag"), []) if not (good and f.rule.weak)]
        status: Status = "red_flag" if red else "present" if good else "missing"
        evidence, used = _evidence(index, blocks, red or good, report_lang)
        info = clause_info(item.suggested_clause)
        items.append(
            ItemResult(
                id=item.id,
                title=item.title.get(report_lang),
                status=status,
                evidence=evidence,
                explanation=_explain(item, status, report_lang, used),
                suggested_clause=item.suggested_clause,
                suggested_clause_title=info.title_in(report_lang) if info else None,
            )
        )
    summary = Summary(
        present=sum(1 for i in items if i.status == "present"),
        missing=sum(1 for i in items if i.status == "missing"),
        red_flag=sum(1 for i in items if i.status == "red_flag"),
    )
    return CheckReport(
        document=doc.name,
        language=doc.language,
        report_language=report_lang,
        items=items,
        summary=summary,
    )


def check_document(
    path: Path | str,
    checklist: ChecklistArg = None,
    *,
    lang: Lang | None = None,
    limits: ReadLimits | None = None,
) -> CheckReport:
    """Return the data-ownership report for the contract at `path` (.docx, .pdf, .txt, .md).

    `checklist` is a loaded Checklist or a path to one (default: the data-ownership
    checklist); `lang` is the report language (default: the document's).
    """
    chk = _checklist(checklist)
    return check_parsed(read_document(path, limits=limits), chk, lang=lang)


def check_bytes(
    data: bytes,
    name: str,
    checklist: ChecklistArg = None,
    *,
    lang: Lang | None = None,
    limits: ReadLimits | None = None,
) -> CheckReport:
    """Return the report for an uploaded file's bytes; `name` is its file name."""
    chk = _checklist(checklist)
    return check_parsed(read_bytes(data, name, limits=limits), chk, lang=lang)


def check_text(
    text: str,
    name: str = "text",
    checklist: ChecklistArg = None,
    *,
    lang: Lang | None = None,
    markdown: bool = False,
) -> CheckReport:
    """Return the report for contract text given as a string (plain text or Markdown)."""
    builder = BlockBuilder()
    if markdown:
        read_markdown(text, builder)
    else:
        read_plain(text, builder)
    if not builder.blocks:
        raise DocumentError(f"{name}: there is no text to check.")
    doc = DocumentText(
        name=name,
        format="md" if markdown else "txt",
        blocks=tuple(builder.blocks),
        language=detect_language(b.text for b in builder.blocks),
    )
    return check_parsed(doc, checklist, lang=lang)
