"""Answers: validation of a user's answers against a blueprint, in the user's language."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .blueprint import Blueprint, Question
from .errors import AnswersError, ExpressionError, FieldProblem
from .expressions import evaluate, names_in

# Characters Word cannot hold (XML 1.0) or that docx tools turn into breaks; \t stays a tab.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
PARTY_FIELDS = (
    "name",
    "ico",
    "dic",
    "seat",
    "register_entry",
    "representative",
    "function",
    "data_box",
    "bank_account",
    "email",
    "role",
)
PARTY_REQUIRED = ("name", "ico", "seat", "representative", "function")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DATA_BOX = re.compile(r"^[a-z0-9]{7}$")
BANK_ACCOUNT = re.compile(r"^(?:(\d{1,6})-)?(\d{2,10})/(\d{4})$")

MESSAGES: dict[str, dict[str, str]] = {
    "required": {
        "cs": "toto pole je povinné; vyplňte je",
        "en": "this field is required; fill it in",
    },
    "unknown": {
        "cs": "neznámá otázka {value!r}; odstraňte ji{hint}",
        "en": "unknown question {value!r}; remove it{hint}",
    },
    "text": {"cs": "očekává se text", "en": "expected text"},
    "too_long": {
        "cs": "text je delší než {n} znaků; zkraťte jej",
        "en": "the text is longer than {n} characters; shorten it",
    },
    "pattern": {"cs": "neodpovídá požadovanému tvaru", "en": "does not have the required form"},
    "integer": {
        "cs": "očekává se celé číslo, ne {value!r}",
        "en": "expected a whole number, not {value!r}",
    },
    "number": {"cs": "očekává se číslo, ne {value!r}", "en": "expected a number, not {value!r}"},
    "money": {
        "cs": "očekává se částka v Kč s nejvýše dvěma desetinnými místy, ne {value!r}",
        "en": "expected an amount in CZK with at most two decimals, not {value!r}",
    },
    "min": {"cs": "nejmenší povolená hodnota je {n}", "en": "the smallest allowed value is {n}"},
    "max": {"cs": "největší povolená hodnota je {n}", "en": "the largest allowed value is {n}"},
    "date": {
        "cs": "očekává se datum (RRRR-MM-DD nebo D. M. RRRR), ne {value!r}",
        "en": "expected a date (YYYY-MM-DD), not {value!r}",
    },
    "boolean": {
        "cs": "očekává se ano/ne (true/false), ne {value!r}",
        "en": "expected yes/no (true/false), not {value!r}",
    },
    "choice": {
        "cs": "{value!r} není mezi možnostmi; zvolte jednu z: {options}",
        "en": "{value!r} is not an option; choose one of: {options}",
    },
    "multichoice": {"cs": "očekává se seznam možností", "en": "expected a list of options"},
    "ico": {
        "cs": "IČO má 8 číslic a poslední z nich je kontrolní; opište je přesně z ARES "
        "(včetně nul na začátku)",
        "en": "an IČO has 8 digits, the last one a check digit; copy it exactly from ARES "
        "(with any leading zeros)",
    },
    "dic": {
        "cs": "DIČ má tvar CZ a 8 až 10 číslic, např. CZ27082440",
        "en": "a Czech VAT number is CZ followed by 8 to 10 digits, e.g. CZ27082440",
    },
    "bank_account": {
        "cs": "číslo účtu má tvar [předčíslí-]číslo/kód banky a musí projít kontrolou "
        "modulo 11 ČNB",
        "en": "a Czech bank account is [prefix-]number/bank code and must pass the ČNB "
        "modulo-11 check",
    },
    "email": {"cs": "neplatná e-mailová adresa", "en": "not a valid e-mail address"},
    "data_box": {
        "cs": "ID datové schránky má 7 malých písmen nebo číslic, např. 5xbb2kq",
        "en": "a data box ID has 7 lower-case letters or digits, e.g. 5xbb2kq",
    },
    "party": {
        "cs": "očekává se strana s poli {fields}",
        "en": "expected a party with the fields {fields}",
    },
    "party_unknown": {
        "cs": "neznámé pole {value!r}; povolená pole: {fields}",
        "en": "unknown field {value!r}; allowed fields: {fields}",
    },
    "parties": {"cs": "očekává se seznam stran", "en": "expected a list of parties"},
    "not_mapping": {
        "cs": "odpovědi musí být mapa „otázka: hodnota“",
        "en": "answers must be a mapping 'question: value'",
    },
}

PARTY_LABELS: dict[str, dict[str, str]] = {
    "name": {"cs": "název", "en": "name"},
    "ico": {"cs": "IČO", "en": "IČO"},
    "dic": {"cs": "DIČ", "en": "VAT no."},
    "seat": {"cs": "sídlo", "en": "seat"},
    "register_entry": {"cs": "zápis v rejstříku", "en": "register entry"},
    "representative": {"cs": "zástupce", "en": "representative"},
    "function": {"cs": "funkce zástupce", "en": "representative's function"},
    "data_box": {"cs": "ID datové schránky", "en": "data box ID"},
    "bank_account": {"cs": "bankovní účet", "en": "bank account"},
    "email": {"cs": "e-mail", "en": "e-mail"},
    "role": {"cs": "označení ve smlouvě", "en": "name used in the contract"},
}


class _Invalid(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def message(key: str, lang: str, **params: Any) -> str:
    """Return a validation message in `lang` (Czech or English)."""
    return MESSAGES[key]["en" if lang == "en" else "cs"].format(**params)


def clean_text(value: str) -> str:
    """Return `value` without control characters and with `\\n` line ends only."""
    return CONTROL_CHARS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def ico_is_valid(ico: str) -> bool:
    """Return True for an 8-digit IČO whose last digit is the modulo-11 check digit."""
    if not re.fullmatch(r"\d{8}", ico):
        return False
    s = sum(int(d) * w for d, w in zip(ico[:7], range(8, 1, -1), strict=True)) % 11
    check = 1 if s == 0 else 0 if s == 1 else 11 - s
    return int(ico[7]) == check


def bank_account_is_valid(account: str) -> bool:
    """Return True for `[prefix-]number/bank` passing the ČNB modulo-11 checks."""
    m = BANK_ACCOUNT.match(account)
    if not m:
        return False
    prefix, number, _bank = m.groups()

    def weighted(digits: str, weights: tuple[int, ...]) -> int:
        padded = digits.rjust(len(weights), "0")
        return sum(int(d) * w for d, w in zip(padded, weights, strict=True))

    if prefix and weighted(prefix, (10, 5, 8, 4, 2, 1)) % 11:
        return False
    if int(number) == 0:
        return False
    return weighted(number, (6, 3, 7, 9, 10, 5, 8, 4, 2, 1)) % 11 == 0


def is_blank(value: Any) -> bool:
    """Return True for an unanswered value (None, blank text, empty list)."""
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _text(q: Question | None, value: Any, multiline: bool, max_length: int | None) -> str:
    if not isinstance(value, str):
        raise _Invalid("text")
    text = clean_text(value)
    if not multiline:
        text = " ".join(text.split("\n"))
    if max_length is not None and len(text) > max_length:
        raise _Invalid("too_long", n=max_length)
    if q is not None and q.pattern and not re.fullmatch(q.pattern, text):
        raise _Invalid("pattern")
    return text


def _bounds(q: Question, number: Decimal | int) -> None:
    if q.min is not None and number < Decimal(str(q.min)):
        raise _Invalid("min", n=_plain(q.min))
    if q.max is not None and number > Decimal(str(q.max)):
        raise _Invalid("max", n=_plain(q.max))


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise _Invalid("integer", value=value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    raise _Invalid("integer", value=value)


def _decimal(value: Any, key: str = "number") -> Decimal:
    if isinstance(value, bool):
        raise _Invalid(key, value=value)
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str):
        cleaned = re.sub(r"[\s\u00a0\u202f]", "", value).replace(",", ".")
        cleaned = re.sub(r"(Kč|CZK)$", "", cleaned, flags=re.IGNORECASE)
        try:
            d = Decimal(cleaned)
        except InvalidOperation:
            raise _Invalid(key, value=value) from None
        if d.is_finite():
            return d
    raise _Invalid(key, value=value)


def _money(value: Any) -> Decimal:
    d = _decimal(value, "money")
    exponent = d.as_tuple().exponent
    if not isinstance(exponent, int) or (exponent < -2 and d != d.quantize(Decimal("0.01"))):
        raise _Invalid("money", value=value)
    return d.quantize(Decimal("0.01")) if exponent < 0 else d


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        s = value.strip()
        try:
            return date.fromisoformat(s)
        except ValueError:
            pass
        m = re.fullmatch(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})", s)
        if m:
            try:
                return date(int(m[3]), int(m[2]), int(m[1]))
            except ValueError:
                pass
    raise _Invalid("date", value=value)


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ("true", "yes", "ano", "1"):
            return True
        if low in ("false", "no", "ne", "0"):
            return False
    raise _Invalid("boolean", value=value)


def _ico(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value).zfill(8)
    if not isinstance(value, str):
        raise _Invalid("ico")
    ico = re.sub(r"\s", "", value)
    if not ico_is_valid(ico):
        raise _Invalid("ico")
    return ico


def _dic(value: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid("dic")
    dic = re.sub(r"\s", "", value).upper()
    if not re.fullmatch(r"CZ\d{8,10}", dic):
        raise _Invalid("dic")
    return dic


def _bank_account(value: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid("bank_account")
    acc = re.sub(r"\s", "", value)
    if not bank_account_is_valid(acc):
        raise _Invalid("bank_account")
    return acc


def _email(value: Any) -> str:
    if not isinstance(value, str) or not EMAIL.match(value.strip()):
        raise _Invalid("email")
    return value.strip()


def _data_box(value: Any) -> str:
    if not isinstance(value, str) or not DATA_BOX.match(value.strip().lower()):
        raise _Invalid("data_box")
    return value.strip().lower()


PARTY_CONVERTERS: dict[str, Any] = {
    "ico": _ico,
    "dic": _dic,
    "bank_account": _bank_account,
    "email": _email,
    "data_box": _data_box,
}


def _party(
    value: Any, path: str, label: str, lang: str, problems: list[FieldProblem]
) -> dict[str, Any] | None:
    fields = ", ".join(PARTY_FIELDS)
    if not isinstance(value, Mapping):
        problems.append(FieldProblem(path, label, message("party", lang, fields=fields)))
        return None
    out: dict[str, Any] = dict.fromkeys(PARTY_FIELDS)
    ok = True
    for key in value:
        if key not in PARTY_FIELDS:
            problems.append(
                FieldProblem(
                    f"{path}.{key}", label, message("party_unknown", lang, value=key, fields=fields)
                )
            )
            ok = False
    for key in PARTY_FIELDS:
        raw = value.get(key)
        sub_label = f"{label} – {PARTY_LABELS[key]['en' if lang == 'en' else 'cs']}"
        if is_blank(raw):
            if key in PARTY_REQUIRED:
                problems.append(FieldProblem(f"{path}.{key}", sub_label, message("required", lang)))
                ok = False
            continue
        try:
            conv = PARTY_CONVERTERS.get(key)
            out[key] = conv(raw) if conv else _text(None, raw, multiline=False, max_length=500)
        except _Invalid as exc:
            problems.append(
                FieldProblem(f"{path}.{key}", sub_label, message(exc.key, lang, **exc.params))
            )
            ok = False
    return out if ok else None


def convert_value(q: Question, value: Any) -> Any:
    """Return `value` converted to the question's type; raise _Invalid (internal)."""
    t = q.type
    if t in ("text", "longtext"):
        return _text(q, value, multiline=t == "longtext", max_length=q.max_length)
    if t == "integer":
        n = _integer(value)
        _bounds(q, n)
        return n
    if t in ("decimal", "percent"):
        d = _decimal(value)
        _bounds(q, d)
        if t == "percent" and not Decimal(0) <= d <= Decimal(100):
            raise _Invalid("max" if d > 100 else "min", n=100 if d > 100 else 0)
        return d
    if t == "money":
        m = _money(value)
        if q.min is None and m < 0:
            raise _Invalid("min", n=0)
        _bounds(q, m)
        return m
    if t == "date":
        return _date(value)
    if t == "boolean":
        return _boolean(value)
    if t == "choice":
        if not isinstance(value, str) or value not in q.option_values():
            raise _Invalid("choice", value=value, options=", ".join(q.option_values()))
        return value
    if t == "multichoice":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _Invalid("multichoice")
        for v in value:
            if v not in q.option_values():
                raise _Invalid("choice", value=v, options=", ".join(q.option_values()))
        return list(dict.fromkeys(value))
    if t == "ico":
        return _ico(value)
    if t == "dic":
        return _dic(value)
    if t == "bank_account":
        return _bank_account(value)
    if t == "email":
        return _email(value)
    raise AssertionError(f"unhandled question type {t}")  # party types handled by caller


class Answers(BaseModel):
    """Validated answers of one contract: typed values, which questions are shown."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    contract_type: str
    values: dict[str, Any]
    hidden: list[str] = Field(default_factory=list)
    computed: dict[str, Any] = Field(default_factory=dict)

    def context(self) -> dict[str, Any]:
        """Return the names clauses may use: answers (hidden ones as None) and computed values."""
        ctx = {k: (None if k in self.hidden else v) for k, v in self.values.items()}
        ctx.update(self.computed)
        return ctx


METADATA_PREFIX = "_"


def split_metadata(raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (answers, metadata) of an answers mapping.

    Keys starting with `_` (`_title`, `_description`, `_contract_type` …) describe the file,
    they answer no question: every reader of answers leaves them out here, in one place.
    """
    answers: dict[str, Any] = {}
    metadata: dict[str, Any] = {}
    for key, value in raw.items():
        target = metadata if str(key).startswith(METADATA_PREFIX) else answers
        target[key] = value
    return answers, metadata


def _label(q: Question, lang: str) -> str:
    return q.label.get(lang)


def check_answers(
    blueprint: Blueprint, raw: Mapping[str, Any] | Any, lang: str = "cs"
) -> tuple[Answers | None, list[FieldProblem]]:
    """Return (answers, []) when valid, else (None, every problem at once)."""
    problems: list[FieldProblem] = []
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        return None, [FieldProblem("(answers)", "", message("not_mapping", lang))]
    known = {q.id: q for q in blueprint.questions()}
    raw, _metadata = split_metadata(raw)
    for key in raw:
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1)
            hint = (
                (
                    f" (mysleli jste {close[0]!r}?)"
                    if lang == "cs"
                    else f" (did you mean {close[0]!r}?)"
                )
                if close
                else ""
            )
            problems.append(
                FieldProblem(str(key), str(key), message("unknown", lang, value=key, hint=hint))
            )

    values: dict[str, Any] = {}
    failed: set[str] = set()
    for q in blueprint.questions():
        value = raw.get(q.id, q.default)
        label = _label(q, lang)
        if is_blank(value):
            values[q.id] = [] if q.type in ("parties", "multichoice") else None
            continue
        if q.type == "party":
            party = _party(value, q.id, label, lang, problems)
            values[q.id] = party
            if party is None:
                failed.add(q.id)
        elif q.type == "parties":
            if not isinstance(value, list):
                problems.append(FieldProblem(q.id, label, message("parties", lang)))
                values[q.id] = []
                failed.add(q.id)
                continue
            items = []
            for i, item in enumerate(value, start=1):
                p = _party(item, f"{q.id}[{i}]", f"{label} {i}", lang, problems)
                if p is None:
                    failed.add(q.id)
                else:
                    items.append(p)
            values[q.id] = items
        else:
            try:
                values[q.id] = convert_value(q, value)
            except _Invalid as exc:
                problems.append(FieldProblem(q.id, label, message(exc.key, lang, **exc.params)))
                values[q.id] = None
                failed.add(q.id)

    hidden = _hidden_questions(blueprint, values, failed)
    for q in blueprint.questions():
        if q.id in hidden or q.id in failed or not q.required:
            continue
        if is_blank(values.get(q.id)):
            problems.append(FieldProblem(q.id, _label(q, lang), message("required", lang)))
    if problems:
        return None, problems
    ctx = {k: (None if k in hidden else v) for k, v in values.items()}
    computed: dict[str, Any] = {}
    for name, expr in blueprint.computed.items():
        computed[name] = evaluate(expr, {**ctx, **computed}, f"{blueprint.id}: computed '{name}'")
    return (
        Answers(
            contract_type=blueprint.id, values=values, hidden=sorted(hidden), computed=computed
        ),
        [],
    )


def _hidden_questions(blueprint: Blueprint, values: dict[str, Any], failed: set[str]) -> set[str]:
    hidden: set[str] = set()
    for q in blueprint.questions():
        if not q.show_if:
            continue
        if names_in(q.show_if) & failed:
            hidden.add(q.id)  # cannot decide until the answer it depends on is fixed
            continue
        ctx = {k: (None if k in hidden else v) for k, v in values.items()}
        try:
            shown = evaluate(q.show_if, ctx, f"{blueprint.id}: show_if of '{q.id}'")
        except ExpressionError:
            if any(ctx.get(n) is None for n in names_in(q.show_if)):
                hidden.add(q.id)  # depends on an unanswered question
                continue
            raise
        if not shown:
            hidden.add(q.id)
    return hidden


def visible_questions(blueprint: Blueprint, raw: Mapping[str, Any], lang: str = "cs") -> list[str]:
    """Return the ids of the questions `show_if` shows for these (possibly partial) answers."""
    problems: list[FieldProblem] = []
    values: dict[str, Any] = {}
    failed: set[str] = set()
    for q in blueprint.questions():
        value = raw.get(q.id, q.default)
        if is_blank(value) or q.type in ("party", "parties"):
            values[q.id] = None if q.type != "parties" else (value or [])
            continue
        try:
            values[q.id] = convert_value(q, value)
        except _Invalid:
            values[q.id] = None
            failed.add(q.id)
    del problems
    hidden = _hidden_questions(blueprint, values, failed)
    return [q.id for q in blueprint.questions() if q.id not in hidden]


def validate_answers(
    blueprint: Blueprint, raw: Mapping[str, Any] | Any, lang: str = "cs"
) -> Answers:
    """Return validated Answers, or raise AnswersError listing every problem."""
    answers, problems = check_answers(blueprint, raw, lang)
    if answers is None:
        head = (
            f"{len(problems)} chyb(a) v odpovědích pro {blueprint.id}:"
            if lang == "cs"
            else f"{len(problems)} problem(s) in the answers for {blueprint.id}:"
        )
        raise AnswersError(head + "\n" + "\n".join(f"  - {p}" for p in problems), problems)
    return answers


def skeleton(blueprint: Blueprint, lang: str = "cs") -> str:
    """Return an answers YAML to fill in: every question with its default and help as comments."""
    lines = [f"# {blueprint.title.get(lang)} ({blueprint.id})"]
    for section in blueprint.sections:
        lines.append("")
        lines.append(f"# --- {section.title.get(lang)} ---")
        for q in section.questions:
            req = (" [povinné]" if lang == "cs" else " [required]") if q.required else ""
            lines.append(f"# {q.label.get(lang)}{req} ({q.type})")
            if q.show_if:
                lines.append(f"#   show_if: {q.show_if}")
            if q.options:
                lines.append("#   " + " | ".join(q.option_values()))
            lines.append(_skeleton_value(q))
    return "\n".join(lines) + "\n"


def _skeleton_value(q: Question) -> str:
    import yaml

    if q.type == "party":
        body = {k: ("" if k in PARTY_REQUIRED else None) for k in PARTY_FIELDS}
        return yaml.safe_dump({q.id: body}, allow_unicode=True, sort_keys=False).rstrip()
    if q.type in ("parties", "multichoice"):
        return f"{q.id}: []"
    default = q.default
    if default is None:
        return f"{q.id}:"
    return yaml.safe_dump({q.id: default}, allow_unicode=True, sort_keys=False).rstrip()
