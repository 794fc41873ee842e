"""Word output: the docxtpl house-style frame filled with the Draft's styled paragraphs."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docxtpl import DocxTemplate, RichText, RichTextParagraph
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from ..draft import Draft, Paragraph, Run
from ..errors import RenderError
from ..paths import project_root
from .house_style import ARTICLE_LIST, ARTICLE_LVL_TEXT

GENERATOR = "pppdraft"
STYLE_OF: dict[tuple[str, str], str] = {
    ("front", "plain"): "PartyBlock",
    ("front", "recital"): "Recital",
    ("front", "bullet"): "ContractBullet",
    ("article", "numbered"): "Clause",
    ("article", "point"): "ClausePoint",
    ("article", "body"): "ClauseBody",
    ("article", "plain"): "ClauseBody",
    ("article", "bullet"): "ClausePoint",
    ("article", "recital"): "Clause",
}
# docxtpl turns these sequences back into Jinja braces after rendering; splitting them across
# two runs keeps a user's literal "{_{" intact.
_DOCXTPL_ESCAPES = re.compile(r"(?<=[{}%])(?=_[{}%])")

NOTICE = {
    "cs": (
        "Návrh smlouvy sestavený nástrojem pppdraft z knihovny vzorových ustanovení. Nejde o "
        "právní radu: před předložením orgánu obce a před podpisem návrh zkontroluje a upraví "
        "právník. Tuto poznámku před odesláním odstraňte."
    ),
    "en": (
        "Draft contract assembled by pppdraft from a library of model clauses. It is not legal "
        "advice: a lawyer reviews and adapts it before it goes to the municipal body and before "
        "signature. Delete this note before sending the document."
    ),
}
UNAPPROVED = {
    "cs": " Pozor: {n} z {total} ustanovení dosud neprošlo schválením právníkem "
    "knihovny; jejich seznam je v manifestu dokumentu.",
    "en": " Note: {n} of {total} clauses have not yet been approved (vetted) by the library's "
    "lawyer; the manifest of the document lists them.",
}


@dataclass(frozen=True)
class Rendered:
    """A rendered contract: the .docx bytes and its manifest."""

    docx: bytes
    manifest: dict[str, Any]

    def save(self, path: Path | str) -> tuple[Path, Path]:
        """Write the .docx and `<name>.manifest.json` beside it; return both paths."""
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(self.docx)
        manifest = dict(self.manifest)
        manifest["document"] = {
            "file": out.name,
            "sha256": hashlib.sha256(self.docx).hexdigest(),
        }
        side = out.with_name(out.stem + ".manifest.json")
        side.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        return out, side


def default_template() -> Path:
    """Return the house-style frame `templates/contract.docx`."""
    return project_root() / "templates" / "contract.docx"


def _rich(p: Paragraph) -> RichText:
    rt = RichText()
    for run in p.runs:
        _add_text(rt, run.text, bold=run.bold)
    return rt


def _add_text(rt: RichText, text: str, bold: bool = False) -> None:
    for chunk in _DOCXTPL_ESCAPES.split(text):
        if chunk:
            rt.add(chunk, bold=bold)


def literal(text: str, bold: bool = False) -> RichText:
    """Return user text as runs that docxtpl prints exactly as typed."""
    rt = RichText()
    _add_text(rt, text, bold=bold)
    return rt


TEXT_WIDTH_TWIPS = 9070  # A4 less 2.5 cm margins


def _table_xml(rows: list[Paragraph]) -> str:
    """Return a Word table (w:tbl) for consecutive header/row paragraphs."""
    cols = max(len(r.runs) for r in rows)
    width = TEXT_WIDTH_TWIPS // cols
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(cols))
    xml = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
        '<w:tblLayout w:type="autofit"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
    ]
    for row in rows:
        head = row.kind == "header"
        xml.append("<w:tr>" + ("<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" if head else ""))
        cells = list(row.runs) + [Run(text="")] * (cols - len(row.runs))
        for cell in cells:
            rt = RichText()
            _add_text(rt, cell.text, bold=head or cell.bold)
            shade = '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' if head else ""
            xml.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
                f'<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>{rt.xml}</w:p></w:tc>'
            )
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    # A paragraph after a table keeps Word from gluing the next table or heading to it.
    xml.append('<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p>')
    return "".join(xml)


def _add_paragraphs(
    target: RichTextParagraph, paragraphs: list[Paragraph], style_of: Callable[[str], str]
) -> None:
    rows: list[Paragraph] = []
    for p in paragraphs:
        if p.kind in ("header", "row"):
            if p.kind == "header" and rows:
                target.xml += _table_xml(rows)
                rows = []
            rows.append(p)
            continue
        if rows:
            target.xml += _table_xml(rows)
            rows = []
        target.add(_rich(p), parastyle=style_of(p.kind))
    if rows:
        target.xml += _table_xml(rows)


def _article_style(kind: str) -> str:
    return STYLE_OF.get(("article", kind), "ContractBody")


def _front_style(kind: str) -> str:
    return STYLE_OF.get(("front", kind), "ContractBody")


def build_body(draft: Draft) -> tuple[RichTextParagraph, RichTextParagraph]:
    """Return the styled paragraphs (and tables) of the contract body and of the annexes."""
    body = RichTextParagraph()
    annexes = RichTextParagraph()

    def plain(kind: str) -> str:
        return "ContractBullet" if kind == "bullet" else "ContractBody"

    for part in draft.parts:
        if part.kind == "annex":
            annexes.add(RichText(part.title), parastyle="AnnexHeading")
            _add_paragraphs(annexes, part.paragraphs, plain)
            continue
        if part.kind == "article":
            # The list level prints "Článek N"; the title goes on the next line.
            body.add(RichText("\n" + part.title), parastyle="ArticleHeading")
        if part.kind == "closing":
            _add_paragraphs(body, part.paragraphs, plain)
        else:
            _add_paragraphs(
                body, part.paragraphs, _article_style if part.kind == "article" else _front_style
            )
    return body, annexes


def manifest_of(draft: Draft, generated_at: datetime, generator_version: str) -> dict[str, Any]:
    """Return the manifest: answers, clause ids, versions, fingerprints, generator, time."""
    answers_blob = json.dumps(draft.answers, ensure_ascii=False, sort_keys=True)
    return {
        "generator": f"{GENERATOR} {generator_version}",
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "contract_type": draft.contract_type,
        "blueprint_version": draft.blueprint_version,
        "language": draft.lang,
        "answers": draft.answers,
        "answers_sha256": hashlib.sha256(answers_blob.encode("utf-8")).hexdigest(),
        "clauses": [
            {
                "id": c.clause_id,
                "version": c.version,
                "fingerprint": c.fingerprint,
                "status": c.status,
                "approved": c.approved,
                "number": c.number,
                "why": c.why,
            }
            for c in draft.clauses
        ],
        "alternatives_not_chosen": [
            {"id": a.clause_id, "why_not": a.why_not} for a in draft.alternatives
        ],
        "unapproved": draft.unapproved,
        "warnings": draft.warnings,
    }


def _custom_properties(props: dict[str, str]) -> bytes:
    items = []
    for pid, (name, value) in enumerate(props.items(), start=2):
        items.append(
            f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" '
            f'name="{escape(name)}"><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes">' + "".join(items) + "</Properties>"
    ).encode()


def _chunks(items: list[str], limit: int = 250) -> list[str]:
    out: list[str] = []
    current = ""
    for item in items:
        if current and len(current) + 1 + len(item) > limit:
            out.append(current)
            current = item
        else:
            current = f"{current};{item}" if current else item
    if current:
        out.append(current)
    return out


def _set_properties(tpl: DocxTemplate, draft: Draft, manifest: dict[str, Any]) -> None:
    doc = tpl.docx
    core = doc.core_properties
    core.title = draft.title + (f" – {draft.subtitle}" if draft.subtitle else "")
    core.subject = draft.contract_type
    core.author = GENERATOR
    core.keywords = f"pppdraft; {draft.contract_type}; {draft.lang}"
    core.comments = NOTICE["en" if draft.lang == "en" else "cs"]
    created = datetime.fromisoformat(manifest["generated_at"])
    core.created = core.modified = created.replace(tzinfo=None)
    core.language = "cs-CZ" if draft.lang == "cs" else "en-GB"
    core.revision = 1

    props = {
        "pppdraft_generator": manifest["generator"],
        "pppdraft_generated_at": manifest["generated_at"],
        "pppdraft_contract_type": draft.contract_type,
        "pppdraft_blueprint_version": str(draft.blueprint_version),
        "pppdraft_language": draft.lang,
        "pppdraft_answers_sha256": manifest["answers_sha256"],
        "pppdraft_unapproved": ";".join(draft.unapproved) or "-",
    }
    clause_list = [f"{c['id']}@{c['version']}:{c['fingerprint'][:12]}" for c in manifest["clauses"]]
    for i, chunk in enumerate(_chunks(clause_list), start=1):
        props[f"pppdraft_clauses_{i}"] = chunk
    package = doc.part.package
    partname = PackURI("/docProps/custom.xml")
    content_type = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
    existing = [r for r in package.rels.values() if r.reltype == RT.CUSTOM_PROPERTIES]
    if existing:
        existing[0].target_part._blob = _custom_properties(props)
    else:
        part = Part(partname, content_type, _custom_properties(props), package)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)


def _set_article_label(tpl: DocxTemplate, lang: str) -> None:
    numbering = tpl.docx.part.numbering_part.element
    for abstract in numbering.iterfind(qn("w:abstractNum")):
        if abstract.get(qn("w:abstractNumId")) != str(ARTICLE_LIST):
            continue
        for lvl in abstract.iterfind(qn("w:lvl")):
            if lvl.get(qn("w:ilvl")) == "0":
                lvl.find(qn("w:lvlText")).set(qn("w:val"), ARTICLE_LVL_TEXT[lang])


def _set_language(tpl: DocxTemplate, lang: str) -> None:
    styles = tpl.docx.styles.element
    code = "cs-CZ" if lang == "cs" else "en-GB"
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), code)


def _add_notes(tpl: DocxTemplate, draft: Draft) -> None:
    """Attach each clause's drafting note (guidance) as a Word comment on its first paragraph."""
    doc = tpl.docx
    paragraphs = doc.paragraphs
    idx = 0
    author = "pppdraft"
    for clause in draft.clauses:
        if not clause.paragraphs:
            continue
        target = clause.paragraphs[0].text
        while idx < len(paragraphs) and paragraphs[idx].text != target:
            idx += 1
        if idx >= len(paragraphs):
            idx = 0
            continue
        runs = paragraphs[idx].runs
        if runs:
            label = "Poznámka" if draft.lang == "cs" else "Drafting note"
            text = f"{label} – {clause.title} ({clause.clause_id} v{clause.version}): "
            text += clause.guidance + "\n" + clause.why
            doc.add_comment(runs, text=text, author=author, initials="PD")
        idx += 1


def render_docx(
    draft: Draft,
    *,
    notes: bool = False,
    now: datetime | None = None,
    template: Path | None = None,
    generator_version: str | None = None,
) -> Rendered:
    """Return the contract as .docx bytes with its manifest (also in custom properties)."""
    from .. import __version__

    generated_at = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    manifest = manifest_of(draft, generated_at, generator_version or __version__)
    path = template or default_template()
    if not path.is_file():
        raise RenderError(f"Word template {path} is missing; run `make template` to rebuild it")
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except Exception as exc:
        raise RenderError(f"Word template {path} cannot be opened ({exc})") from None
    _set_article_label(tpl, draft.lang)
    _set_language(tpl, draft.lang)
    tpl.render(context_of(draft), jinja_env=jinja_env(), autoescape=True)
    if notes:
        _add_notes(tpl, draft)
    _set_properties(tpl, draft, manifest)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return Rendered(docx=buffer.getvalue(), manifest=manifest)


def jinja_env() -> SandboxedEnvironment:
    """Return the environment the Word frame renders in: sandboxed, strict, autoescaped."""
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def context_of(draft: Draft) -> dict[str, Any]:
    """Return the docxtpl context for a Draft (also used by the bare-render benchmark)."""
    lang = draft.lang
    body, annexes = build_body(draft)
    notice = NOTICE[lang]
    total = len(draft.clauses)
    if draft.unapproved:
        notice += UNAPPROVED[lang].format(n=len(draft.unapproved), total=total)
    place = draft.signing_place or ""
    place_label = f"Místo: {place}" if lang == "cs" else f"Place: {place}"
    date_label = "Datum: ………………………" if lang == "cs" else "Date: ………………………"
    return {
        "title": draft.title,
        "subtitle": literal(draft.subtitle or ""),
        "notice": notice,
        "body": body,
        "annexes": annexes,
        "signatories": [
            {
                "role": literal(s.role, bold=True),
                "party": literal(s.party),
                "representative": literal(s.representative),
                "function": literal(s.function),
                "place_label": literal(place_label),
                "date_label": date_label,
            }
            for s in draft.signatories
        ],
        "footer": draft.title,
    }
