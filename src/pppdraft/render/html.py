"""A readable HTML preview of a Draft (before the Word document is built).

Everything from the draft is escaped: what a user typed shows literally, never as markup.
"""

from __future__ import annotations

from html import escape

from ..draft import Draft, Paragraph, Run
from ..phrases import phrase

_STYLE = """
<style>
.pppdraft-preview { font-family: Carlito, Calibri, sans-serif; line-height: 1.45;
  max-width: 46em; color: #1b1b1b; }
.pppdraft-preview h1 { font-size: 1.5em; text-align: center; margin-bottom: 0.2em; }
.pppdraft-preview .subtitle { text-align: center; font-style: italic; margin-top: 0; }
.pppdraft-preview h2 { font-size: 1.15em; text-align: center; margin-top: 1.4em; }
.pppdraft-preview p { margin: 0.35em 0; }
.pppdraft-preview .no { font-weight: bold; margin-right: 0.4em; }
.pppdraft-preview .point { margin-left: 2em; }
.pppdraft-preview .aside { margin-left: 1.2em; }
.pppdraft-preview table { border-collapse: collapse; margin: 0.5em 0; }
.pppdraft-preview td, .pppdraft-preview th { border: 1px solid #999; padding: 0.2em 0.5em;
  vertical-align: top; }
.pppdraft-preview .signatures { display: flex; gap: 3em; margin-top: 2em; }
</style>
"""


def _runs(runs: list[Run]) -> str:
    out = []
    for r in runs:
        text = escape(r.text).replace("\n", "<br>")
        out.append(f"<strong>{text}</strong>" if r.bold else text)
    return "".join(out)


def _paragraphs(paragraphs: list[Paragraph]) -> list[str]:
    html: list[str] = []
    table: list[str] = []
    for p in paragraphs:
        if p.kind in ("header", "row"):
            cell = "th" if p.kind == "header" else "td"
            table.append("<tr>" + "".join(f"<{cell}>{_runs([r])}</{cell}>" for r in p.runs))
            continue
        if table:
            html.append("<table>" + "".join(table) + "</table>")
            table = []
        number = f'<span class="no">{escape(p.number)}</span>' if p.number else ""
        css = {"point": "point", "bullet": "point", "body": "aside"}.get(p.kind, "")
        bullet = "• " if p.kind == "bullet" and not p.number else ""
        attr = f' class="{css}"' if css else ""
        html.append(f"<p{attr}>{number}{bullet}{_runs(p.runs)}</p>")
    if table:
        html.append("<table>" + "".join(table) + "</table>")
    return html


def draft_html(draft: Draft) -> str:
    """Return the contract as an HTML fragment (title, parts, clauses, signatures)."""
    out = [_STYLE, f'<article class="pppdraft-preview" lang="{escape(draft.lang)}">']
    out.append(f"<h1>{escape(draft.title)}</h1>")
    if draft.subtitle:
        out.append(f'<p class="subtitle">{escape(draft.subtitle)}</p>')
    article = phrase("article_label", draft.lang)  # Word's level text: "Článek %1"
    for part in draft.parts:
        if part.kind == "article":
            heading = escape(article.replace("%1", str(part.number)))
            out.append(f"<h2>{heading}<br>{escape(part.title)}</h2>")
        elif part.kind == "annex":
            out.append(f"<h2>{escape(part.title)}</h2>")
        out += _paragraphs(part.paragraphs)
    if draft.signatories:
        out.append('<div class="signatures">')
        for s in draft.signatories:
            lines = [s.role, s.party, s.representative, s.function]
            out.append("<p>" + "<br>".join(escape(x) for x in lines if x) + "</p>")
        out.append("</div>")
    out.append("</article>")
    return "\n".join(out)
