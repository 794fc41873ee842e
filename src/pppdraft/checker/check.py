"""Running a checklist over a document: findings per item, red flag over present over missing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pppdraft.checker.blocks import Block, BlockBuilder, DocumentText, Lang
from pppdraft.checker.checklist import Checklist, CompiledCondition, ItemSpec, load_checklist
from pppdraft.checker.clauses import clause_info
from pppdraft.checker.language import detect_language
from pppdraft.checker.limits import ReadLimits
from pppdraft.checker.parties import find_aliases
from pppdraft.checker.plain_reader import read_markdown, read_plain
from pppdraft.checker.reader import read_bytes, read_document
from pppdraft.checker.reading import Reader, Reading
from pppdraft.checker.report import (
    STATUSES,
    CheckReport,
    Evidence,
    ItemResult,
    Status,
    Summary,
    describe_location,
)
from pppdraft.checker.rules import Finding, Matcher, Term, evaluate
from pppdraft.checker.text import TextIndex, build_index
from pppdraft.errors import DocumentError

MAX_QUOTE = 400
MAX_EVIDENCE = 3

_LEAD: dict[Lang, dict[Status, str]] = {
    "cs": {
        "present": "Smlouva obec v tomto bodě chrání.",
        "missing": "Smlouva o tomto bodu mlčí.",
        "red_flag": "Smlouva v tomto bodě obec ohrožuje.",
        "unclear": (
            "Ověřte: smlouva obec v tomto bodě chrání jen s výhradou, nebo ji kontrola "
            "nedokáže potvrdit."
        ),
    },
    "en": {
        "present": "The contract protects the municipality on this point.",
        "missing": "The contract is silent on this point.",
        "red_flag": "The contract works against the municipality on this point.",
        "unclear": (
            "Check this: the contract protects the municipality here only with a limit, or "
            "the check cannot confirm that it does."
        ),
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

# Why a protective finding was not enough for `present`.
_WHY: dict[Lang, dict[str, str]] = {
    "cs": {
        "qualifier": "Omezující výhrada ve větě: {words}.",
        "undermined": "Výhrada ve větě ochranu obce ruší: {words}.",
        "undo": "Jiné ustanovení slib omezuje nebo bere zpět.",
        "needs": "Smlouva nezajišťuje ani předchozí předání dat ({needs}).",
    },
    "en": {
        "qualifier": "Limiting wording in the sentence: {words}.",
        "undermined": "Wording in the sentence takes the protection back: {words}.",
        "undo": "Another provision limits or takes back the promise.",
        "needs": "The contract does not secure the prior step ({needs}) either.",
    },
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


def _explain(
    item: ItemSpec,
    status: Status,
    lang: Lang,
    findings: Sequence[Finding],
    reasons: Sequence[str] = (),
) -> str:
    parts = [_LEAD[lang][status]]
    parts.extend(reasons)
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


class _Sentences:
    """Readings of the sentences findings were made in (one Reader per language)."""

    def __init__(self, chk: Checklist, matcher: Matcher) -> None:
        self.chk = chk
        self.matcher = matcher
        self._readers: dict[str, Reader] = {}

    def reader(self, lang: str) -> Reader:
        reader = self._readers.get(lang)
        if reader is None:
            reader = Reader(self.matcher, self.chk.lexicons[lang])
            self._readers[lang] = reader
        return reader

    def read(self, finding: Finding) -> Reading:
        return self.reader(finding.rule.lang).read(finding)

    def matches(self, finding: Finding, conditions: Sequence[CompiledCondition]) -> str | None:
        """Return "" or the condition's reason if one of `conditions` holds, else None."""
        if not conditions:
            return None
        reading = self.read(finding)
        seg = finding.segment
        for condition in conditions:
            spec = condition.spec
            subject = reading.subject
            words = condition.words[finding.rule.lang]
            if words:
                # The condition names the verb ("grants", "nabývá"): its subject is the party
                # named just before that verb, not before the sentence's modal.
                at = [lo for t in words for lo, _ in self.matcher.spans(t).get(seg, [])]
                if not at:
                    continue
                subject = self.reader(finding.rule.lang).party_before(seg, min(at))
            if spec.subject is not None and (subject or "none") != spec.subject:
                continue
            if spec.modality is not None and (reading.modality or "none") != spec.modality:
                continue
            if spec.negated is not None and reading.negated_modal != spec.negated:
                continue
            defines = reading.definition or reading.glossary
            if spec.definition is not None and defines != spec.definition:
                continue
            if self.in_paragraph(finding, condition.unless[finding.rule.lang]):
                continue
            return spec.why.get(finding.rule.lang) if spec.why else ""
        return None

    def in_paragraph(self, finding: Finding, terms: Sequence[Term]) -> bool:
        """Return True if the paragraph of `finding` holds any of `terms`."""
        segments = self.matcher.index.segments
        return any(
            segments[seg].block == finding.block for t in terms for seg in self.matcher.spans(t)
        )

    def holds(self, finding: Finding, terms: Sequence[Term]) -> bool:
        """Return True if the sentence of `finding` holds any of `terms`."""
        return any(finding.segment in self.matcher.spans(t) for t in terms)


@dataclass
class _Decision:
    status: Status
    findings: list[Finding]
    reasons: list[str]


def _decide(
    item: ItemSpec,
    by_kind: dict[str, list[Finding]],
    sentences: _Sentences,
    lang: Lang,
) -> _Decision:
    """Return the status of one item: red flag over present over check-this over missing.

    Where protective and undermining wording meet on an item that has red flags (a qualifier
    that makes the protection optional or paid, a `red_if` reading, an `undo` finding), the
    item is a red flag; a qualifier that only limits the protection makes it "check this".
    """
    chk = sentences.chk
    can_flag = item.red_flag is not None
    good: list[Finding] = []
    limited: list[Finding] = []
    undermined: list[Finding] = []
    reasons: list[str] = []
    red_reasons: list[str] = []
    for f in by_kind.get("present", []):
        reading = sentences.read(f)
        if reading.definition:
            continue  # a definition binds no one
        if sentences.matches(f, chk.conditions[(item.id, "drop_present_if")]) is not None:
            continue
        why = sentences.matches(f, chk.conditions[(item.id, "red_if")]) if can_flag else None
        if why is not None:
            undermined.append(f)
            if why and why not in red_reasons:
                red_reasons.append(why)
            continue
        words = ", ".join(f"«{w}»" for w in dict.fromkeys(reading.qualifiers))
        if can_flag and item.qualified and reading.undermining:
            undermined.append(f)
            red_reasons.append(_WHY[lang]["undermined"].format(words=words))
            continue
        why = sentences.matches(f, chk.conditions[(item.id, "unclear_if")])
        if why is not None:
            limited.append(f)
            if why and why not in reasons:
                reasons.append(why)
            continue
        if item.qualified and reading.qualifiers:
            limited.append(f)
            reasons.append(_WHY[lang]["qualifier"].format(words=words))
            continue
        good.append(f)
    red = [
        f
        for f in by_kind.get("red_flag", [])
        if sentences.matches(f, chk.conditions[(item.id, "drop_red_if")]) is None
        and not ((good or limited) and f.rule.weak)
    ]
    if red:
        return _Decision("red_flag", red, [])
    if undermined:
        return _Decision("red_flag", undermined, red_reasons)
    undo = by_kind.get("undo", []) if (good or limited) else []
    if undo and can_flag:
        return _Decision("red_flag", undo + good + limited, [_WHY[lang]["undo"]])
    if good and not undo:
        return _Decision("present", good, [])
    if good or limited:
        if undo:
            reasons.append(_WHY[lang]["undo"])
        return _Decision("unclear", limited + undo + good, reasons)
    return _Decision("missing", [], [])


def check_parsed(
    doc: DocumentText, checklist: ChecklistArg = None, *, lang: Lang | None = None
) -> CheckReport:
    """Return the report for an already read document."""
    chk = _checklist(checklist)
    report_lang: Lang = lang or doc.language
    blocks = doc.blocks
    texts = [b.text for b in blocks]
    index = build_index(
        texts,
        [b.kind == "heading" for b in blocks],
        find_aliases(texts, chk.known_role),
        first_plural_is_supplier=doc.language == "cs",
    )
    matcher = Matcher(index)
    findings = evaluate(chk.rules, matcher, chk.negations)
    by_item: dict[str, dict[str, list[Finding]]] = {}
    for f in findings:
        by_item.setdefault(f.rule.item, {}).setdefault(f.rule.status, []).append(f)
    sentences = _Sentences(chk, matcher)
    decisions = {
        item.id: _decide(item, by_item.get(item.id, {}), sentences, report_lang)
        for item in chk.items
    }
    for item in chk.items:
        decision = decisions[item.id]
        if (
            item.needs
            and decision.status == "present"
            and decisions[item.needs].status != "present"
            and not any(
                sentences.holds(f, chk.needs_met_by[(item.id, f.rule.lang)])
                for f in decision.findings
            )
        ):
            needed = chk.item(item.needs).title.get(report_lang)
            decisions[item.id] = _Decision(
                "unclear",
                decision.findings,
                [_WHY[report_lang]["needs"].format(needs=needed)],
            )
    items: list[ItemResult] = []
    for item in chk.items:
        decision = decisions[item.id]
        evidence, used = _evidence(index, blocks, decision.findings, report_lang)
        info = clause_info(item.suggested_clause)
        items.append(
            ItemResult(
                id=item.id,
                title=item.title.get(report_lang),
                status=decision.status,
                evidence=evidence,
                explanation=_explain(item, decision.status, report_lang, used, decision.reasons),
                suggested_clause=item.suggested_clause,
                suggested_clause_title=info.title_in(report_lang) if info else None,
            )
        )
    summary = Summary(
        **{status: sum(1 for i in items if i.status == status) for status in STATUSES}
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
