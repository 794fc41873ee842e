"""One rendering of clause markup for every page (library, trainer, outline, review).

Clause text uses a small markup (`**bold**`, `- ` points, `> ` asides, `|` table rows) and,
in the library, Jinja placeholders and conditions. Everything here becomes Markdown in which
the clause's own characters show literally (escaped), bold stays bold, and Jinja is said in
words: `{% if personal_data %}` → "[only when “Will personal data be processed?”]".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import streamlit as st
from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from pppdraft import Blueprint, DraftClause, Library, Question, list_blueprints
from pppdraft.assemble import parse_markup
from pppdraft.draft import Paragraph, ParagraphKind, Run

from .common import md
from .i18n import _, current_lang
from .qtypes import PARTY_LABELS

_JINJA = re.compile(r"\{%-?\s*(.*?)\s*-?%\}|\{\{-?\s*(.*?)\s*-?\}\}|\{#.*?#\}", re.DOTALL)
_TOKEN = re.compile("\ue010(\\d+)\ue011")
_PARSER = ImmutableSandboxedEnvironment()


def _bold(text: str) -> str:
    """Return bold Markdown of `text`; spaces stay outside the stars (`** x**` is not bold)."""
    inner = text.strip()
    if not inner:
        return md(text)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{md(lead)}**{md(inner)}**{md(trail)}"


def runs_markdown(runs: Iterable[Run]) -> str:
    """Return a paragraph's runs as Markdown (their text escaped, bold kept)."""
    return "".join(_bold(r.text) if r.bold else md(r.text) for r in runs)


def paragraphs_markdown(paragraphs: Sequence[Paragraph]) -> str:
    """Return paragraphs (numbers, points, asides, tables) as one Markdown text."""
    blocks: list[str] = []
    table: list[str] = []
    for p in paragraphs:
        if p.kind in ("header", "row"):
            cells = [runs_markdown([r]) for r in p.runs]
            if p.kind == "header" or not table:
                if table:
                    blocks.append("\n".join(table))
                table = ["| " + " | ".join(cells) + " |", "|" + "---|" * len(cells)]
            else:
                table.append("| " + " | ".join(cells) + " |")
            continue
        if table:
            blocks.append("\n".join(table))
            table = []
        text = runs_markdown(p.runs)
        if p.kind in ("point", "bullet") and not p.number:
            blocks.append(f"- {text}")
        elif p.number:
            blocks.append(f"{md(p.number)} {text}")
        else:  # an unnumbered paragraph (`> ` in the source) reads as plain text
            blocks.append(text)
    if table:
        blocks.append("\n".join(table))
    return "\n\n".join(blocks)


def clause_markdown(clause: DraftClause) -> str:
    """Return an assembled clause (filled in, numbered) as Markdown."""
    return paragraphs_markdown(clause.paragraphs)


def sources(items: Sequence[str], key: str) -> None:
    """Show the legal sources of a clause, cited in their own language (a `content-` block)."""
    with st.container(key=key):
        st.markdown("\n".join(f"- {md(s)}" for s in items))


def text_markdown(text: str) -> str:
    """Return guidance or other plain content in the clause markup as Markdown."""
    return source_markdown(text, style="plain")


# --- Jinja in words -------------------------------------------------------------------------


@cache
def _questions() -> dict[str, Question]:
    found: dict[str, Question] = {}
    try:
        blueprints: list[Blueprint] = list_blueprints()
    except Exception:  # a broken blueprint is reported by the pages; fall back to names
        return found
    for bp in blueprints:
        for q in bp.questions():
            found.setdefault(q.id, q)
    return found


class _Words:
    """Say a Jinja expression in words in the UI language (question labels, no syntax)."""

    def __init__(self, lang: str, library: Library | None) -> None:
        self.lang = lang
        self.library = library
        self.questions = _questions()

    def name(self, name: str) -> str:
        q = self.questions.get(name)
        if q is not None:
            return f"“{q.label.get(self.lang)}”"
        return _("a value worked out from the answers")

    def __call__(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Name):
            return self.name(node.name)
        if isinstance(node, nodes.Getattr):
            label = PARTY_LABELS.get(node.attr)
            field = _(label) if label else node.attr.replace("_", " ")
            if isinstance(node.node, nodes.Name) and node.node.name in self.questions:
                return f"{self(node.node)} – {field}"
            return field
        if isinstance(node, nodes.Const):
            return str(node.value)
        if isinstance(node, nodes.Not):
            return _("not {condition}").format(condition=self(node.node))
        if isinstance(node, nodes.And):
            return _("{left} and {right}").format(left=self(node.left), right=self(node.right))
        if isinstance(node, nodes.Or):
            return _("{left} or {right}").format(left=self(node.left), right=self(node.right))
        if isinstance(node, nodes.Filter):
            inner = self(node.node) if node.node is not None else ""
            if node.name == "length":
                return _("the number of {what}").format(what=inner)
            return inner
        if isinstance(node, nodes.Test) and node.name == "none":
            return _("{what} is not answered").format(what=self(node.node))
        if isinstance(node, nodes.Compare) and len(node.ops) == 1:
            return self.compare(node.expr, node.ops[0])
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
            return self.call(node.node.name, node.args)
        if isinstance(node, nodes.List | nodes.Tuple):
            return ", ".join(self(item) for item in node.items)
        return _("a value worked out from the answers")

    def option(self, subject: nodes.Node, value: nodes.Node) -> str:
        if (
            isinstance(subject, nodes.Name)
            and isinstance(value, nodes.Const)
            and subject.name in self.questions
        ):
            return f"“{self.questions[subject.name].option_label(str(value.value), self.lang)}”"
        if isinstance(value, nodes.List | nodes.Tuple):
            return ", ".join(self.option(subject, item) for item in value.items)
        return self(value)

    def compare(self, subject: nodes.Node, op: nodes.Operand) -> str:
        what, value = self(subject), self.option(subject, op.expr)
        if op.op == "eq":
            return _("{what} is {value}").format(what=what, value=value)
        if op.op == "ne":
            return _("{what} is not {value}").format(what=what, value=value)
        if op.op == "in":
            return _("{what} is one of {value}").format(what=what, value=value)
        if op.op == "notin":
            return _("{what} is none of {value}").format(what=what, value=value)
        if op.op in ("gt", "gteq"):
            return _("{what} is more than {value}").format(what=what, value=value)
        if op.op in ("lt", "lteq"):
            return _("{what} is less than {value}").format(what=what, value=value)
        return _("a value worked out from the answers")

    def call(self, name: str, args: list[nodes.Expr]) -> str:
        target = args[0].value if args and isinstance(args[0], nodes.Const) else ""
        if name == "ref":
            title = self.title(str(target))
            return _("the number of the clause “{title}”").format(title=title)
        if name == "annex":
            return _("the number of the annex")
        if name == "term":
            return _("a defined term")
        return _("a value worked out from the answers")

    def title(self, target: str) -> str:
        if self.library is None:
            return target
        found = self.library.resolve(target)
        return found[0].title.get(self.lang) if found else target


def _expression(source: str) -> nodes.Node | None:
    try:
        template = _PARSER.parse("{{ " + source + " }}")
    except TemplateSyntaxError:
        return None
    output = template.body[0]
    return output.nodes[0] if isinstance(output, nodes.Output) else None


def _tag_words(statement: str | None, expression: str | None, words: _Words) -> str:
    """Return a Jinja tag said in words ("" for tags a reader does not need)."""
    if expression is not None:
        node = _expression(expression)
        return words(node) if node is not None else _("an answer")
    head, _sep, rest = (statement or "").partition(" ")
    node = _expression(rest) if rest else None
    said = words(node) if node is not None else ""
    if head == "if":
        return _("only when {condition}").format(condition=said)
    if head == "elif":
        return _("otherwise when {condition}").format(condition=said)
    if head == "else":
        return _("otherwise")
    if head in ("endif", "endfor"):
        return _("end of the condition") if head == "endif" else _("end of the list")
    if head == "for":
        _var, _in, source = rest.partition(" in ")
        node = _expression(source)
        return _("for each line of {what}").format(what=words(node) if node else "")
    return ""  # `set` and the like only prepare values


def jinja_in_words(text: str, library: Library | None = None) -> str:
    """Return plain text with each Jinja tag said in words in brackets (for diffs)."""
    words = _Words(current_lang(), library)

    def say(match: re.Match[str]) -> str:
        if match.group(0).startswith("{#"):
            return ""
        said = _tag_words(match.group(1), match.group(2), words)
        return f"[{said}]" if said else ""

    return _JINJA.sub(say, text)


def source_markdown(source: str, style: str = "numbered", library: Library | None = None) -> str:
    """Return clause source text (markup and Jinja) as Markdown, Jinja said in words."""
    words = _Words(current_lang(), library)
    said: list[str] = []

    def token(match: re.Match[str]) -> str:
        if match.group(0).startswith("{#"):
            return ""
        text = _tag_words(match.group(1), match.group(2), words)
        if not text:
            return ""
        said.append(text)
        return f"\ue010{len(said) - 1}\ue011"

    plain = _JINJA.sub(token, source)
    parsed = parse_markup(plain, style if style in ("numbered", "plain", "recitals") else "plain")
    paragraphs = [Paragraph(kind=_kind(p.kind), runs=p.runs) for p in parsed]
    rendered = paragraphs_markdown(paragraphs)

    def placeholder(match: re.Match[str]) -> str:
        return "*\\[" + md(said[int(match.group(1))]) + "\\]*"

    return _TOKEN.sub(placeholder, rendered)


def _kind(kind: Any) -> ParagraphKind:
    # Unnumbered in the library: a numbered paragraph reads as a plain one.
    result: ParagraphKind = "plain" if kind in ("numbered", "recital") else kind
    return result
