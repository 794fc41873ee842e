"""Question types: one registry entry per type (copier-style lookup table, no if-chains).

An entry holds everything the core needs to know about a type: how a raw answer becomes a
typed value (and the error messages when it cannot, in Czech and English), whether it takes
options or bounds, its empty value, its skeleton line and a documented example. The app's
part of a type (widget, review rendering, raw form) lives in `pppdraft.ui.qtypes`, keyed by
the same names; this module does not import Streamlit.

To add a type: write its converter, add one `TypeSpec` to `TYPES`, add its UI entry, its
translations and tests. Nothing else dispatches on type names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from .errors import Bounded
from .phrases import phrase, pick

if TYPE_CHECKING:
    from .blueprint import Question

# Characters Word cannot hold (XML 1.0) or that docx tools turn into breaks; \t stays a tab.
# Bidirectional controls (U+202A–U+202E, U+2066–U+2069) go too: a right-to-left override
# makes Word show text other than what is stored ("Trojan Source").
CONTROL_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
MAX_DIGITS = 30  # no contract figure has more; int() of 4,301 digits is an error in Python
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DATA_BOX = re.compile(r"^[a-z0-9]{7}$")
BANK_ACCOUNT = re.compile(r"^(?:(\d{1,6})-)?(\d{2,10})/(\d{4})$")

Messages = Mapping[str, Mapping[str, str]]


class Invalid(Exception):
    """A raw answer that does not fit its type: a message key and its parameters."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


# --- converters -------------------------------------------------------------------------------


def clean_text(value: str) -> str:
    """Return `value` without control characters and with `\\n` line ends only."""
    return CONTROL_CHARS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def to_text(
    value: Any,
    *,
    multiline: bool = False,
    max_length: int | None = None,
    pattern: str | None = None,
) -> str:
    """Return a one-line (or multi-line) text answer; Invalid when it is not text."""
    if not isinstance(value, str):
        raise Invalid("text")
    text = clean_text(value)
    if not multiline:
        text = " ".join(text.split("\n"))
    if max_length is not None and len(text) > max_length:
        raise Invalid("too_long", n=max_length)
    if pattern and not re.fullmatch(pattern, text):
        raise Invalid("pattern")
    return text


def plain_number(x: float) -> str:
    """Return a bound as people write it (`5`, not `5.0`)."""
    return str(int(x)) if float(x).is_integer() else str(x)


def check_bounds(q: Question, number: Decimal | int) -> None:
    """Raise Invalid when a number is outside the question's min/max."""
    if q.min is not None and number < Decimal(str(q.min)):
        raise Invalid("min", n=plain_number(q.min))
    if q.max is not None and number > Decimal(str(q.max)):
        raise Invalid("max", n=plain_number(q.max))


def to_integer(value: Any) -> int:
    """Return a whole number from an int, an integral float or digits."""
    if isinstance(value, bool):
        raise Invalid("integer", value=value)
    if isinstance(value, int) and value.bit_length() < 100:
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e30:
        return int(value)
    if isinstance(value, str) and re.fullmatch(rf"\s*-?\d{{1,{MAX_DIGITS}}}\s*", value):
        return int(value)
    raise Invalid("integer", value=value)


def to_decimal(value: Any, key: str = "number") -> Decimal:
    """Return a Decimal from a number or text (`12,5`, `1 250 000 Kč`)."""
    if isinstance(value, bool):
        raise Invalid(key, value=value)
    if isinstance(value, int | Decimal):
        d = Decimal(value) if not isinstance(value, int) or value.bit_length() < 128 else None
        if d is None or not d.is_finite() or d.adjusted() >= MAX_DIGITS:
            raise Invalid(key, value=value)
        return d
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str):
        cleaned = re.sub(r"[\s\u00a0\u202f]", "", value).replace(",", ".")
        cleaned = re.sub(r"(Kč|CZK)$", "", cleaned, flags=re.IGNORECASE)
        try:
            d = Decimal(cleaned)
        except InvalidOperation:
            raise Invalid(key, value=value) from None
        if d.is_finite() and -MAX_DIGITS < d.adjusted() < MAX_DIGITS:
            return d
    raise Invalid(key, value=value)


def to_money(value: Any) -> Decimal:
    """Return an amount with at most two decimals."""
    d = to_decimal(value, "money")
    exponent = d.as_tuple().exponent
    if not isinstance(exponent, int) or (exponent < -2 and d != d.quantize(Decimal("0.01"))):
        raise Invalid("money", value=value)
    return d.quantize(Decimal("0.01")) if exponent < 0 else d


def to_date(value: Any) -> date:
    """Return a date from a date, ISO text or `D. M. YYYY`."""
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
    raise Invalid("date", value=value)


def to_boolean(value: Any) -> bool:
    """Return True/False from a boolean or yes/no text (Czech or English)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ("true", "yes", "ano", "1"):
            return True
        if low in ("false", "no", "ne", "0"):
            return False
    raise Invalid("boolean", value=value)


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


def to_ico(value: Any) -> str:
    """Return an IČO (an int loses its leading zeros in YAML: they are put back)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value).zfill(8)
    if not isinstance(value, str):
        raise Invalid("ico")
    ico = re.sub(r"\s", "", value)
    if not ico_is_valid(ico):
        raise Invalid("ico")
    return ico


def to_dic(value: Any) -> str:
    """Return a Czech VAT number, upper case, without spaces."""
    if not isinstance(value, str):
        raise Invalid("dic")
    dic = re.sub(r"\s", "", value).upper()
    if not re.fullmatch(r"CZ\d{8,10}", dic):
        raise Invalid("dic")
    return dic


def to_bank_account(value: Any) -> str:
    """Return a Czech bank account that passes the ČNB check."""
    if not isinstance(value, str):
        raise Invalid("bank_account")
    acc = re.sub(r"\s", "", value)
    if not bank_account_is_valid(acc):
        raise Invalid("bank_account")
    return acc


def to_email(value: Any) -> str:
    """Return an e-mail address."""
    if not isinstance(value, str) or not EMAIL.match(value.strip()):
        raise Invalid("email")
    return value.strip()


def to_data_box(value: Any) -> str:
    """Return a data box ID in lower case."""
    if not isinstance(value, str) or not DATA_BOX.match(value.strip().lower()):
        raise Invalid("data_box")
    return value.strip().lower()


# IBAN lengths of the SEPA countries (ISO 13616 registry): a foreign partner's account.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28,
    "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31,
    "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "VA": 22,
}  # fmt: skip


def to_iban(value: Any) -> str:
    """Return an IBAN in its electronic form (no spaces, upper case) after the mod-97 check."""
    if not isinstance(value, str):
        raise Invalid("iban")
    iban = re.sub(r"[\s\u00a0-]", "", value).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", iban):
        raise Invalid("iban")
    if IBAN_LENGTHS.get(iban[:2]) != len(iban):
        raise Invalid("iban_country", country=iban[:2])
    digits = "".join(str(int(ch, 36)) for ch in iban[4:] + iban[:4])
    if int(digits) % 97 != 1:
        raise Invalid("iban")
    return iban


# --- the registry -----------------------------------------------------------------------------


def _i18n() -> Any:
    from . import i18n  # Babel: loaded only when an answer is read back in words

    return i18n


@dataclass(frozen=True)
class TypeSpec:
    """Everything the core knows about one question type."""

    name: str
    convert: Callable[[Question, Any], Any]
    form: Mapping[str, str]  # the YAML form of an answer, {cs, en}
    example: Any  # a valid answer, for `pppdraft types` and the docs
    messages: Messages = field(default_factory=dict)
    options: bool = False  # takes `options` (choice, multichoice)
    bounds: bool = False  # takes `min`/`max`
    text: bool = False  # takes `max_length`/`pattern`
    multiline: bool = False  # keeps line breaks (and surrounding blanks) as typed
    composite: str | None = None  # "party" or "parties": validated field by field
    list_valued: bool = False  # unanswered is [] rather than None
    # how an answer reads back in a sentence ("ano", an option's label, "1 250 000,00 Kč");
    # None: numbers, dates and texts read as the generic formatting in `answer_in_words`
    words: Callable[[Question, Any, str], str] | None = None

    def empty(self) -> Any:
        """Return the value of an unanswered question of this type."""
        return [] if self.list_valued else None

    def skeleton(self, default: Any) -> Any:
        """Return what an answers skeleton shows to fill in: the default, else a blank form."""
        if default is not None:
            return default
        if self.composite == "party":
            return {k: ("" if k in PARTY_REQUIRED else None) for k in PARTY_FIELDS}
        return self.empty()


def _text_type(q: Question, v: Any) -> str:
    return to_text(v, max_length=q.max_length, pattern=q.pattern)


def _longtext_type(q: Question, v: Any) -> str:
    return to_text(v, multiline=True, max_length=q.max_length, pattern=q.pattern)


def _integer_type(q: Question, v: Any) -> int:
    n = to_integer(v)
    check_bounds(q, n)
    return n


def _decimal_type(q: Question, v: Any) -> Decimal:
    d = to_decimal(v)
    check_bounds(q, d)
    return d


def _percent_type(q: Question, v: Any) -> Decimal:
    d = _decimal_type(q, v)
    if not Decimal(0) <= d <= Decimal(100):
        raise Invalid("max" if d > 100 else "min", n=100 if d > 100 else 0)
    return d


def _money_type(q: Question, v: Any) -> Decimal:
    m = to_money(v)
    if q.min is None and m < 0:
        raise Invalid("min", n=0)
    check_bounds(q, m)
    return m


def _choice_type(q: Question, v: Any) -> str:
    if not isinstance(v, str) or v not in q.option_values():
        raise Invalid("choice", value=v, options=", ".join(q.option_values()))
    return v


def _multichoice_type(q: Question, v: Any) -> list[str]:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise Invalid("multichoice")
    for x in v:
        if x not in q.option_values():
            raise Invalid("choice", value=x, options=", ".join(q.option_values()))
    return list(dict.fromkeys(v))


def _composite(q: Question, v: Any) -> Any:
    raise AssertionError(f"{q.type} answers are checked field by field (answers.check_answers)")


def _simple(fn: Callable[[Any], Any]) -> Callable[[Question, Any], Any]:
    def convert(q: Question, v: Any) -> Any:
        del q
        return fn(v)

    return convert


# Messages every type may raise (bounds and text limits are the question's, not the type's).
COMMON_MESSAGES: dict[str, dict[str, str]] = {
    "text": {"cs": "očekává se text", "en": "expected text"},
    "too_long": {
        "cs": "text je delší než {n} znaků; zkraťte jej",
        "en": "the text is longer than {n} characters; shorten it",
    },
    "pattern": {"cs": "neodpovídá požadovanému tvaru", "en": "does not have the required form"},
    "min": {"cs": "nejmenší povolená hodnota je {n}", "en": "the smallest allowed value is {n}"},
    "max": {"cs": "největší povolená hodnota je {n}", "en": "the largest allowed value is {n}"},
}

_SPECS: list[TypeSpec] = [
    TypeSpec(
        "text",
        _text_type,
        {"cs": "text na jeden řádek", "en": "one line of text"},
        "Chytré parkování",
        text=True,
    ),
    TypeSpec(
        "longtext",
        _longtext_type,
        {"cs": "text, může mít více řádků", "en": "text, may hold several lines"},
        "obsazenost parkovacích míst (po minutách)\nprůjezdy vozidel (po hodinách)",
        text=True,
        multiline=True,
    ),
    TypeSpec(
        "integer",
        _integer_type,
        {"cs": "celé číslo", "en": "whole number"},
        8,
        messages={
            "integer": {
                "cs": "očekává se celé číslo, ne {value!r}",
                "en": "expected a whole number, not {value!r}",
            }
        },
        bounds=True,
    ),
    TypeSpec(
        "decimal",
        _decimal_type,
        {"cs": "číslo", "en": "number"},
        12.5,
        messages={
            "number": {
                "cs": "očekává se číslo, ne {value!r}",
                "en": "expected a number, not {value!r}",
            }
        },
        bounds=True,
    ),
    TypeSpec(
        "percent",
        _percent_type,
        {"cs": "číslo od 0 do 100", "en": "number from 0 to 100"},
        99.5,
        bounds=True,
        words=lambda _q, v, lang: _i18n().format_percent(Decimal(str(v)), lang),
    ),
    TypeSpec(
        "money",
        _money_type,
        {"cs": "částka v Kč, nejvýše 2 desetinná místa", "en": "amount in CZK, at most 2 decimals"},
        1250000,
        messages={
            "money": {
                "cs": "očekává se částka v Kč s nejvýše dvěma desetinnými místy, ne {value!r}",
                "en": "expected an amount in CZK with at most two decimals, not {value!r}",
            }
        },
        bounds=True,
        words=lambda _q, v, lang: _i18n().format_money(Decimal(str(v)), lang),
    ),
    TypeSpec(
        "date",
        _simple(to_date),
        {"cs": "datum RRRR-MM-DD", "en": "ISO date YYYY-MM-DD"},
        date(2027, 1, 1),
        messages={
            "date": {
                "cs": "očekává se datum (RRRR-MM-DD nebo D. M. RRRR), ne {value!r}",
                "en": "expected a date (YYYY-MM-DD), not {value!r}",
            }
        },
    ),
    TypeSpec(
        "boolean",
        _simple(to_boolean),
        {"cs": "true / false", "en": "true / false"},
        True,
        words=lambda _q, v, lang: phrase("yes" if v else "no", lang),
        messages={
            "boolean": {
                "cs": "očekává se ano/ne (true/false), ne {value!r}",
                "en": "expected yes/no (true/false), not {value!r}",
            }
        },
    ),
    TypeSpec(
        "choice",
        _choice_type,
        {"cs": "jedna z hodnot možností", "en": "one option value"},
        "municipality",
        messages={
            "choice": {
                "cs": "{value!r} není mezi možnostmi; zvolte jednu z: {options}",
                "en": "{value!r} is not an option; choose one of: {options}",
            }
        },
        options=True,
        words=lambda q, v, lang: q.option_label(str(v), lang),
    ),
    TypeSpec(
        "multichoice",
        _multichoice_type,
        {"cs": "seznam hodnot možností", "en": "list of option values"},
        ["energy", "mobility"],
        messages={
            "multichoice": {"cs": "očekává se seznam možností", "en": "expected a list of options"}
        },
        options=True,
        list_valued=True,
        words=lambda q, v, lang: ", ".join(q.option_label(str(x), lang) for x in v),
    ),
    TypeSpec(
        "ico",
        _simple(to_ico),
        {"cs": "8 číslic s platnou kontrolní číslicí", "en": "8 digits with a valid check digit"},
        "00262978",
        messages={
            "ico": {
                "cs": "IČO má 8 číslic a poslední z nich je kontrolní; opište je přesně z ARES "
                "(včetně nul na začátku)",
                "en": "an IČO has 8 digits, the last one a check digit; copy it exactly from ARES "
                "(with any leading zeros)",
            }
        },
    ),
    TypeSpec(
        "dic",
        _simple(to_dic),
        {"cs": "CZ a 8 až 10 číslic", "en": "CZ and 8 to 10 digits"},
        "CZ27082440",
        messages={
            "dic": {
                "cs": "DIČ má tvar CZ a 8 až 10 číslic, např. CZ27082440",
                "en": "a Czech VAT number is CZ followed by 8 to 10 digits, e.g. CZ27082440",
            }
        },
    ),
    TypeSpec(
        "bank_account",
        _simple(to_bank_account),
        {"cs": "[předčíslí-]číslo/kód banky", "en": "[prefix-]number/bank code"},
        "19-2000145399/0800",
        messages={
            "bank_account": {
                "cs": "číslo účtu má tvar [předčíslí-]číslo/kód banky a musí projít kontrolou "
                "modulo 11 ČNB",
                "en": "a Czech bank account is [prefix-]number/bank code and must pass the ČNB "
                "modulo-11 check",
            }
        },
    ),
    TypeSpec(
        "email",
        _simple(to_email),
        {"cs": "e-mailová adresa", "en": "e-mail address"},
        "podatelna@mesto.cz",
        messages={"email": {"cs": "neplatná e-mailová adresa", "en": "not a valid e-mail address"}},
    ),
    TypeSpec(
        "data_box",
        _simple(to_data_box),
        {"cs": "7 malých písmen nebo číslic", "en": "7 lower-case letters or digits"},
        "5xbb2kq",
        messages={
            "data_box": {
                "cs": "ID datové schránky má 7 malých písmen nebo číslic, např. 5xbb2kq",
                "en": "a data box ID has 7 lower-case letters or digits, e.g. 5xbb2kq",
            }
        },
    ),
    TypeSpec(
        "iban",
        _simple(to_iban),
        {"cs": "IBAN (mezinárodní číslo účtu)", "en": "IBAN (international account number)"},
        "CZ65 0800 0000 1920 0014 5399",
        messages={
            "iban": {
                "cs": "IBAN má tvar kód země, 2 kontrolní číslice a číslo účtu, např. "
                "CZ65 0800 0000 1920 0014 5399, a musí projít kontrolou modulo 97; opište jej "
                "z výpisu nebo smlouvy o účtu",
                "en": "an IBAN is a country code, 2 check digits and the account number, e.g. "
                "CZ65 0800 0000 1920 0014 5399, and must pass the modulo-97 check; copy it from "
                "a bank statement",
            },
            "iban_country": {
                "cs": "IBAN země {country} má jinou délku nebo země nepoužívá IBAN v SEPA; "
                "zkontrolujte kód země a počet znaků",
                "en": "an IBAN of {country} has another length, or the country is not in SEPA; "
                "check the country code and the number of characters",
            },
        },
    ),
    TypeSpec(
        "party",
        _composite,
        {"cs": "mapa s poli strany (viz níže)", "en": "mapping of party fields (see below)"},
        {
            "name": "Město Horní Brod",
            "ico": "00262978",
            "seat": "Náměstí 1, 500 03 Horní Brod",
            "representative": "Mgr. Jana Nováková",
            "function": "starostka",
        },
        messages={
            "party": {
                "cs": "očekává se strana s poli {fields}",
                "en": "expected a party with the fields {fields}",
            },
            "party_unknown": {
                "cs": "neznámé pole {value!r}; povolená pole: {fields}",
                "en": "unknown field {value!r}; allowed fields: {fields}",
            },
        },
        composite="party",
    ),
    TypeSpec(
        "parties",
        _composite,
        {"cs": "seznam stran", "en": "list of parties"},
        [],
        messages={"parties": {"cs": "očekává se seznam stran", "en": "expected a list of parties"}},
        composite="parties",
        list_valued=True,
    ),
]

TYPES: dict[str, TypeSpec] = {spec.name: spec for spec in _SPECS}

# The fields of a party and the type each is checked as (text when not listed).
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
PARTY_FIELD_TYPES: dict[str, str] = {
    "ico": "ico",
    "dic": "dic",
    "bank_account": "bank_account",
    "email": "email",
    "data_box": "data_box",
}
PARTY_TEXT_LIMIT = 500


def spec_of(type_name: str) -> TypeSpec:
    """Return the registry entry of a type; KeyError names the known types."""
    try:
        return TYPES[type_name]
    except KeyError:
        raise KeyError(
            f"unknown question type {type_name!r}; known types: {', '.join(TYPES)}"
        ) from None


def convert_party_field(name: str, value: Any) -> Any:
    """Return one field of a party converted by its type (text when it has none)."""
    type_name = PARTY_FIELD_TYPES.get(name)
    if type_name is None:
        return to_text(value, max_length=PARTY_TEXT_LIMIT)
    return TYPES[type_name].convert(_NO_QUESTION, value)


def type_messages() -> dict[str, Mapping[str, str]]:
    """Return every type's messages and the common ones, by key (keys are unique)."""
    out: dict[str, Mapping[str, str]] = dict(COMMON_MESSAGES)
    for spec in _SPECS:
        for key, texts in spec.messages.items():
            if key in out:
                raise AssertionError(f"message key {key!r} of type {spec.name} is used twice")
            out[key] = texts
    return out


def type_message(key: str, lang: str, **params: Any) -> str:
    """Return a type's message in `lang` (an unknown language raises)."""
    bounded = {k: Bounded(v) if k == "value" else v for k, v in params.items()}
    return pick(type_messages()[key], lang).format(**bounded)


class _Bare:
    """Stand-in question for converters called on party fields: no bounds, no pattern."""

    min = None
    max = None
    max_length = PARTY_TEXT_LIMIT
    pattern = None

    def option_values(self) -> list[str]:
        return []


_NO_QUESTION: Any = _Bare()
