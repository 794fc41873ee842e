"""Party names a contract defines for itself ("CivicStack", „Uživatel“), told apart as the
municipality's or the supplier's, so rules written for "the City"/"Dodavatel" still apply."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from pppdraft.checker.text import DATA_WORD, fold

CITY_WORD = "pppcity"
SUPPLIER_WORD = "pppsupplier"

# The first name of a list counts too: `Ideanest LLC ("Reviewable", "we", "us")`.
_ALIAS_RE = re.compile(
    r"\((?:dále\s+(?:jen|též)\s+|the\s+|hereinafter\s+(?:referred\s+to\s+as\s+)?(?:the\s+)?)?"
    r"[\"„“”']([^\"„“”'()]{2,40})[\"“”']"
    r"(?:\s*(?:,|or|nebo|and|a)\s*[\"„“”'][^\"„“”'()]{1,40}[\"“”']){0,4}\)",
    re.I,
)
_CITY_MARKS = re.compile(
    r"\b(obec|obce|město|města|městys|statutární|kraj|municipality|city|town|borough|county|"
    r"region|public\s+(?:sector|body|authority)|veřejn\w*\s+zadavatel\w*)\b",
    re.I,
)
_COMPANY_MARKS = re.compile(
    r"(s\.\s?r\.\s?o\.|a\.\s?s\.|spol\.|v\.\s?o\.\s?s\.|\b(Ltd|Limited|Inc|LLC|GmbH|AG|B\.V|"
    r"N\.V|Oy|AB|SAS|SA|SE|plc|S\.p\.A)\b|\b(a|the)\s+company\b|\bspolečnost\b)",
)
# A sentence with an obligation in it defines a thing ("… (dále jen „Platforma“)"), not a party.
_OBLIGATION = re.compile(r"\b(zavazuje|zavazují|povinen|povinn\w*|shall|will|must|agrees?)\b", re.I)
_MAX_BLOCKS = 60
# A defined term whose name says it is data: "Customer Data", "Your Content", „Osobní údaje“.
_DATA_NAME = re.compile(
    r"\b(data|dat|daty|datům|content|contents|records|information|materials?|údaje|údajů|"
    r"údaji|záznamy|informace)\b",
    re.I,
)
# `"Customer Data" means …`, `„Daty“ se rozumí …`, `Daty se rozumí …` (a definition list).
_DEFINED_RE = re.compile(
    r"(?:[\"“„]([^\"“”„]{2,40})[\"”“]|^\W*(\w+(?: \w+)?))\s+"
    r"(?:means|shall mean|refers to|se rozumí|is defined as)\b",
    re.I,
)
# Role words a contract uses without defining them, when written as a name ("the State shall").
_IMPLICIT_ROLES: dict[str, tuple[re.Pattern[str], str]] = {
    "state": (re.compile(r"\b[Tt]he State\b"), CITY_WORD),
    "government": (re.compile(r"\b[Tt]he Government\b"), CITY_WORD),
    "controller": (re.compile(r"\b(?:[Tt]he|[Ee]ach) Controller\b"), CITY_WORD),
    "processor": (re.compile(r"\b[Tt]he Processor\b"), SUPPLIER_WORD),
    "správce": (re.compile(r"\bSprávce\b"), CITY_WORD),
    "zpracovatel": (re.compile(r"\bZpracovatel\b"), SUPPLIER_WORD),
}


def _last(pattern: re.Pattern[str], text: str) -> int:
    found = -1
    for m in pattern.finditer(text):
        found = m.start()
    return found


def find_aliases(
    texts: Sequence[str], known_role: Callable[[str], str | None] | None = None
) -> dict[str, str]:
    """Return {folded alias: CITY_WORD or SUPPLIER_WORD} from the party definitions.

    A definition "Name … (dále jen „Alias“)" belongs to the municipality or the supplier by the
    nearest mark before it ("město", "Municipality" / "s.r.o.", "Ltd"). `known_role` tells
    which aliases the rules know already ("Dodavatel"); those are left alone.
    """
    aliases: dict[str, str] = {}
    for text in texts[:_MAX_BLOCKS]:
        for m in _DEFINED_RE.finditer(text):
            name = (m.group(1) or m.group(2) or "").strip()
            if _DATA_NAME.search(name):
                aliases.setdefault(fold(name), DATA_WORD)
        start = 0
        for m in _ALIAS_RE.finditer(text):
            before = text[start : m.start()]
            start = m.end()
            alias = re.sub(r"^(the|this)\s+", "", fold(m.group(1)).strip())
            if not alias or not any(ch.isalpha() for ch in alias):
                continue
            if _DATA_NAME.search(alias):
                aliases.setdefault(alias, DATA_WORD)
                continue
            if _OBLIGATION.search(before):
                continue
            if known_role is not None and known_role(alias) is not None:
                continue
            company = _last(_COMPANY_MARKS, before)
            city = _last(_CITY_MARKS, before)
            if company < 0 and city < 0:
                continue
            aliases.setdefault(alias, CITY_WORD if city > company else SUPPLIER_WORD)
    head = texts[:_MAX_BLOCKS]
    for word, (pattern, role) in _IMPLICIT_ROLES.items():
        if word in aliases or (known_role is not None and known_role(word) is not None):
            continue
        if any(pattern.search(text) for text in head):
            aliases[word] = role
    return aliases
