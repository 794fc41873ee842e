"""Word output: the docxtpl house-style frame filled with the Draft's styled paragraphs."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docxtpl import DocxTemplate, RichText
from docxtpl import RichTextParagraph as _DocxtplParagraphs
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from ..atomic import write_files
from ..diskcache import CompiledTemplates
from ..draft import Draft, Paragraph, Run
from ..errors import RenderError
from ..paths import project_root
from ..phrases import phrase
from . import fields
from .fields import escape
from .house_style import ARTICLE_LIST

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


@dataclass(frozen=True)
class Rendered:
    """A rendered contract: the .docx bytes and its manifest."""

    docx: bytes
    manifest: dict[str, Any]

    def save(self, path: Path | str) -> tuple[Path, Path]:
        """Write the .docx and `<name>.manifest.json` beside it; return both paths."""
        out = Path(path)
        manifest = dict(self.manifest)
        manifest["document"] = {
            "file": out.name,
            "sha256": hashlib.sha256(self.docx).hexdigest(),
        }
        side = out.with_name(out.stem + ".manifest.json")
        text = json.dumps(manifest, ensure_ascii=False, indent=2)
        write_files({out: self.docx, side: text.encode("utf-8")})  # both or neither
        return out, side


class RichTextParagraph(_DocxtplParagraphs):  # type: ignore[misc]
    """docxtpl's RichTextParagraph collecting its XML in a list.

    docxtpl appends each paragraph with `self.xml += …`, which copies the whole body every
    time: a list answer of 10,000 lines took seconds, 45,000 lines minutes. Here `add` is
    linear; reading `xml` joins once (assigning it, e.g. `+=` for a table, starts afresh).
    """

    def __init__(self, text: Any = None, **text_prop: Any) -> None:
        self._parts: list[str] = []
        super().__init__(text, **text_prop)

    @property
    def xml(self) -> str:
        if len(self._parts) > 1:
            self._parts[:] = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    @xml.setter
    def xml(self, value: str) -> None:
        self._parts = [value]

    def add(self, text: Any, parastyle: str | None = None) -> None:
        if not isinstance(text, RichText):
            text = RichText(text)
        style = f'<w:pPr><w:pStyle w:val="{parastyle}"/></w:pPr>' if parastyle else ""
        self._parts.append(f"<w:p>{style}{text.xml}</w:p>")

    def __str__(self) -> str:
        return self.xml

    def __html__(self) -> str:
        return self.xml


def default_template() -> Path:
    """Return the house-style frame `templates/contract.docx`."""
    return project_root() / "templates" / "contract.docx"


def _rich(p: Paragraph, ids: fields.BookmarkIds) -> RichText:
    rt = RichText()
    bookmark_id = ids.take() if p.bookmark else None
    if p.bookmark and bookmark_id is not None:
        rt.xml += fields.bookmark_start(bookmark_id, p.bookmark)
    for run in p.runs:
        if run.ref:
            rt.xml += fields.ref_field(run.ref, run.text, bold=run.bold)
        else:
            _add_text(rt, run.text, bold=run.bold)
    if bookmark_id is not None:
        rt.xml += fields.bookmark_end(bookmark_id)
    return rt


def _add_text(rt: RichText, text: str, bold: bool = False) -> None:
    if "_" not in text:  # nothing docxtpl would read as an escaped brace
        if text:
            rt.add(text, bold=bold)
        return
    for chunk in _DOCXTPL_ESCAPES.split(text):
        if chunk:
            rt.add(chunk, bold=bold)


def _heading_after_break(title: str) -> RichText:
    """Return the runs of `RichText("\\n" + title)` as docxtpl's `resolve_listing` leaves them
    (the line break already a `w:br`), so the document needs no listing pass for headings."""
    rt = RichText("\n" + title)
    rt.xml = rt.xml.replace('preserve">\n', 'preserve"></w:t><w:br/><w:t xml:space="preserve">', 1)
    return rt


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
        for index, cell in enumerate(cells):
            rt = RichText()
            if row.cell_runs and index < len(row.cell_runs):
                for run in row.cell_runs[index]:
                    if run.ref:
                        rt.xml += fields.ref_field(run.ref, run.text, bold=head or run.bold)
                    else:
                        _add_text(rt, run.text, bold=head or run.bold)
            else:
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
    target: RichTextParagraph,
    paragraphs: list[Paragraph],
    style_of: Callable[[str], str],
    ids: fields.BookmarkIds,
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
        target.add(_rich(p, ids), parastyle=style_of(p.kind))
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
    ids = fields.BookmarkIds()

    def plain(kind: str) -> str:
        return "ContractBullet" if kind == "bullet" else "ContractBody"

    for part in draft.parts:
        if part.kind == "annex":
            annexes.add(RichText(part.title), parastyle="AnnexHeading")
            _add_paragraphs(annexes, part.paragraphs, plain, ids)
            continue
        if part.kind == "article":
            # The list level prints "Článek N"; the title goes on the next line.
            body.add(_heading_after_break(part.title), parastyle="ArticleHeading")
        if part.kind == "closing":
            _add_paragraphs(body, part.paragraphs, plain, ids)
        else:
            _add_paragraphs(
                body,
                part.paragraphs,
                _article_style if part.kind == "article" else _front_style,
                ids,
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
    core.comments = phrase("notice", draft.lang)
    created = datetime.fromisoformat(manifest["generated_at"])
    core.created = core.modified = created.replace(tzinfo=None)
    core.language = phrase("language_tag", draft.lang)
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
                lvl.find(qn("w:lvlText")).set(qn("w:val"), phrase("article_label", lang))


def _set_language(tpl: DocxTemplate, lang: str) -> None:
    styles = tpl.docx.styles.element
    code = phrase("language_tag", lang)
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
            label = phrase("note_label", draft.lang)
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
        tpl = open_frame(path)
    except Exception as exc:
        raise RenderError(f"Word template {path} cannot be opened ({exc})") from None
    _set_article_label(tpl, draft.lang)
    _set_language(tpl, draft.lang)
    tpl.render(context_of(draft), jinja_env=frame_env(), autoescape=True)
    if notes:
        _add_notes(tpl, draft)
    _set_properties(tpl, draft, manifest)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return Rendered(docx=buffer.getvalue(), manifest=manifest)


def jinja_env() -> SandboxedEnvironment:
    """Return the environment the Word frame renders in: sandboxed, strict, autoescaped."""
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


# --- what does not change between builds, kept once per process ---------------------------


class _FrameEnvironment(CompiledTemplates, SandboxedEnvironment):
    """The frame's environment (as `jinja_env`), compiling each XML part of the frame once.

    docxtpl hands the document and footer XML to `from_string` on every render; they are the
    same text each time, so the compiled template is reused.
    """

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True)
        self._compiled: dict[str, Any] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        found = self._compiled.get(source)
        if found is None:
            if len(self._compiled) >= 64:  # a few templates in practice
                self._compiled.clear()
            found = self._compiled[source] = super().from_string(source)
        return found


_FRAME_ENV: list[_FrameEnvironment] = []


def frame_env() -> SandboxedEnvironment:
    """Return the process's frame environment (compiled frame parts are cached in it)."""
    if not _FRAME_ENV:
        _FRAME_ENV.append(_FrameEnvironment())
    return _FRAME_ENV[0]


_LISTING = re.compile(r"[\t\a\f\n]")
_BODY_START = re.compile(r"<w:body[ >]")
_BODY_TAG = re.compile(r"<w:body(\s[^>]*)?>")
_ONLY_NAMESPACES = re.compile(r'(?:\s+xmlns(?::[\w.-]+)?="[^"]*")*\s*')


_PATCHED: dict[str, str] = {}


class _Frame(DocxTemplate):  # type: ignore[misc]
    """docxtpl's template, resolving tabs and line breaks only in paragraphs that have them.

    docxtpl rewrites every run of every paragraph with nested regular expressions to turn
    `\\n`, `\\t`… into Word breaks; most paragraphs have none, and the result is the same.
    """

    def resolve_listing(self, xml: str) -> str:
        """Return `xml` with docxtpl's listing pass applied to each paragraph holding a tab,
        line break, `\\a` or `\\f` (a handful among hundreds: found from those characters,
        not by visiting every paragraph). Paragraphs do not nest in what is rendered here."""
        found = _LISTING.search(xml)
        if found is None:
            return xml
        out: list[str] = []
        done = 0
        while found is not None:
            at = found.start()
            start = max(xml.rfind("<w:p>", done, at), xml.rfind("<w:p ", done, at))
            end = xml.find("</w:p>", start) + len("</w:p>") if start >= 0 else -1
            if start < 0 or end <= at:  # between paragraphs (or outside one): left as it is
                found = _LISTING.search(xml, at + 1)
                continue
            out += [xml[done:start], super().resolve_listing(xml[start:end])]
            done = end
            found = _LISTING.search(xml, end)
        out.append(xml[done:])
        return "".join(out)

    def patch_xml(self, src_xml: str) -> str:
        """Return docxtpl's cleaned-up template XML, computed once per frame part: the frame's
        document and footer are the same text at every build (a pure function of it)."""
        found = _PATCHED.get(src_xml)
        if found is None:
            if len(_PATCHED) >= 16:  # a few parts of a few frames in practice
                _PATCHED.clear()
            found = _PATCHED[src_xml] = super().patch_xml(src_xml)
        return found

    def fix_tables(self, xml: str) -> Any:
        """Return the whole document with the rendered body, parsed once.

        docxtpl parses the body apart and moves it into the document, which lxml does in
        time growing with the square of the body (a list answer of 100,000 lines took
        seconds there alone); its table fix serves `{% tc %}` column loops the frame does
        not use. Parsed whole, with python-docx's parser, the body is already in place.
        """
        source = etree.tostring(self.docx.element, encoding="unicode")
        start = _BODY_START.search(source)
        end = source.rfind("</w:body>")
        if start is None or end < 0:
            raise RenderError("the Word template has no document body")
        tag = _BODY_TAG.match(xml)
        if tag and _ONLY_NAMESPACES.fullmatch(tag.group(1) or ""):
            xml = "<w:body>" + xml[tag.end() :]  # the document declares them already
        return parse_xml(source[: start.start()] + xml + source[end + len("</w:body>") :])

    def fix_docpr_ids(self, tree: Any) -> None:
        """Number drawing ids afresh, as docxtpl does (python-docx's xpath knows the
        namespaces already)."""
        for elt in tree.xpath("//wp:docPr"):
            self.docx_ids_index += 1
            elt.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree: Any) -> None:
        """Make the document parsed by `fix_tables` the document of the package."""
        self.docx.part._element = tree
        self.docx._element = tree
        self.docx._Document__body = None

    def save(self, filename: Any, *args: Any, **kwargs: Any) -> None:
        """Save as docxtpl does, the package compressed at zlib level 1 instead of 6.

        Compressing the rendered document at level 6 took about as long as assembling a third
        of it; level 1 is three times faster, the file ~25 % larger (80 KB instead of 64 KB
        for the largest contract), and every part's content is the same.
        """
        if not self.is_rendered:
            super().save(filename, *args, **kwargs)
            return
        self.pre_processing()
        package = self.docx.part.package
        for part in package.parts:
            part.before_marshal()
        writer: Any = _FastZipWriter(filename)  # duck-types python-docx's PhysPkgWriter
        opc: Any = PackageWriter  # python-docx's own steps, untyped there
        opc._write_content_types_stream(writer, package.parts)
        opc._write_pkg_rels(writer, package.rels)
        opc._write_parts(writer, package.parts)
        writer.close()
        self.post_processing(filename)
        self.is_saved = True


class _FastZipWriter:
    """python-docx's zip writer (`write`, `close`) at the fastest compression level."""

    def __init__(self, target: Any) -> None:
        self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self._zip.writestr(pack_uri.membername, blob)

    def close(self) -> None:
        self._zip.close()


_TEMPLATE_BYTES: dict[Path, tuple[int, int, bytes]] = {}


def open_frame(path: Path) -> DocxTemplate:
    """Return a fresh docxtpl template of the frame at `path`, its file read once while it
    is unchanged (python-docx then opens it from memory)."""
    stat = path.stat()
    found = _TEMPLATE_BYTES.get(path)
    if found is None or found[:2] != (stat.st_mtime_ns, stat.st_size):
        found = (stat.st_mtime_ns, stat.st_size, path.read_bytes())
        _TEMPLATE_BYTES[path] = found
    tpl = _Frame(io.BytesIO(found[2]))
    tpl.init_docx()
    return tpl


def context_of(draft: Draft) -> dict[str, Any]:
    """Return the docxtpl context for a Draft (also used by the bare-render benchmark)."""
    lang = draft.lang
    body, annexes = build_body(draft)
    notice = phrase("notice", lang)
    total = len(draft.clauses)
    if draft.unapproved:
        notice += phrase("unapproved", lang, n=len(draft.unapproved), total=total)
    place_label = phrase("place_label", lang, place=draft.signing_place or "")
    date_label = phrase("date_label", lang)
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
