"""Numbers and amounts in words for contracts ("slovy: …"), in Czech and English.

Czech follows the Internetová jazyková příručka of the Ústav pro jazyk český AV ČR
(prirucka.ujc.cas.cz):

* every word is written separately ("dvě stě", "pět set", "sto dvacet"), never joined
  ("dvěstě", "pětset");
* hundreds are "sto", "dvě stě", "tři sta", "čtyři sta", "pět set" … "devět set";
  1100 is "jeden tisíc sto", never "jedenáct set";
* a plain number is in the masculine base form ("jeden", "dva", "dvacet jeden");
* every power of a thousand carries its multiplier, one included, and agrees with it:
  "jeden tisíc", "dva tisíce", "pět tisíc"; "jeden milion", "dva miliony", "pět milionů";
  "jedna miliarda", "dvě miliardy", "pět miliard" (miliarda is feminine); "jeden bilion".

Agreement rule for compound numbers. After a compound numeral ending in one to four the
IJP ("Počítaný předmět po číslovkách", prirucka.ujc.cas.cz/?id=792) admits two forms:
agreement with the last word ("dvacet jeden žák", "dvacet dva žáci") or the genitive plural
("dvacet jedna žáků", "dvacet dva žáků"). This module always uses the first one, for the
powers of a thousand and for currencies alike, so the noun follows the last word of the
numeral: "jeden/jedna/jedno" gives the nominative singular, "dva/dvě", "tři", "čtyři" the
nominative plural, anything else (zero, "pět" to "devatenáct", the tens, "sto", "set",
"tisíc", "milionů" …) the genitive plural. The numeral's last word takes the gender of the
noun it counts. Hence "dvacet jeden tisíc", "dvacet dva tisíce", "dvacet jedna miliarda",
"dvacet jedna koruna česká", "dvacet dvě koruny české", "dvě stě dvě koruny české",
"dvacet pět korun českých", "jeden tisíc korun českých", "dvacet jeden haléř",
"dvacet jedno euro", "dva miliony dvě koruny české", and "sto dvacet tři tisíce", not the
genitive variant "sto dvacet tři tisíc".

English is British contract style on the short scale (billion = 10**9): "and" after
"hundred" when tens or units follow, and before a last group under one hundred that follows
a higher power ("one thousand and one"); tens and units hyphenated ("twenty-three"); no
commas. Currencies: CZK "Czech crown(s)" and "heller(s)"; EUR "euro(s)" and "cent(s)" (the
English name of the subunit in Council Regulation (EC) No 974/98).

Amounts: whole units always appear (also "nula korun českých a padesát haléřů"); the
subunit part is added only when it is not zero. An amount is never rounded: more than two
decimal places (not counting trailing zeros), a negative or non-finite amount raises
ValueError; a float or bool raises TypeError.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Final, Literal

__all__ = ["LANGUAGES", "MAX_NUMBER", "amount_in_words", "number_in_words"]

LANGUAGES: Final = ("cs", "en")
MAX_NUMBER: Final = 10**15 - 1

Gender = Literal["m", "f", "n"]

# ---------------------------------------------------------------- Czech

_CS_ONE: Final[dict[Gender, str]] = {"m": "jeden", "f": "jedna", "n": "jedno"}
_CS_TWO: Final[dict[Gender, str]] = {"m": "dva", "f": "dvě", "n": "dvě"}
_CS_UNITS: Final = ("", "", "", "tři", "čtyři", "pět", "šest", "sedm", "osm", "devět")
_CS_TEENS: Final = (
    "deset",
    "jedenáct",
    "dvanáct",
    "třináct",
    "čtrnáct",
    "patnáct",
    "šestnáct",
    "sedmnáct",
    "osmnáct",
    "devatenáct",
)
_CS_TENS: Final = (
    "",
    "",
    "dvacet",
    "třicet",
    "čtyřicet",
    "padesát",
    "šedesát",
    "sedmdesát",
    "osmdesát",
    "devadesát",
)
_CS_HUNDREDS: Final = (
    "",
    "sto",
    "dvě stě",
    "tři sta",
    "čtyři sta",
    "pět set",
    "šest set",
    "sedm set",
    "osm set",
    "devět set",
)
# (value, (singular, plural 2-4, genitive plural), gender), highest first
_CS_SCALES: Final[tuple[tuple[int, tuple[str, str, str], Gender], ...]] = (
    (10**12, ("bilion", "biliony", "bilionů"), "m"),
    (10**9, ("miliarda", "miliardy", "miliard"), "f"),
    (10**6, ("milion", "miliony", "milionů"), "m"),
    (10**3, ("tisíc", "tisíce", "tisíc"), "m"),
)

# ---------------------------------------------------------------- English

_EN_ONES: Final = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_EN_TENS: Final = (
    "",
    "",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
)
_EN_SCALES: Final = (
    (10**12, "trillion"),
    (10**9, "billion"),
    (10**6, "million"),
    (10**3, "thousand"),
)

# ---------------------------------------------------------------- currencies


class _Unit:
    """One currency unit: its Czech forms and gender and its English forms."""

    __slots__ = ("cs_forms", "cs_gender", "en_plural", "en_singular")

    def __init__(
        self, cs_forms: tuple[str, str, str], cs_gender: Gender, en_singular: str, en_plural: str
    ) -> None:
        self.cs_forms = cs_forms
        self.cs_gender: Gender = cs_gender
        self.en_singular = en_singular
        self.en_plural = en_plural


_CURRENCIES: Final[dict[str, tuple[_Unit, _Unit]]] = {
    "CZK": (
        _Unit(
            ("koruna česká", "koruny české", "korun českých"), "f", "Czech crown", "Czech crowns"
        ),
        _Unit(("haléř", "haléře", "haléřů"), "m", "heller", "hellers"),
    ),
    "EUR": (
        _Unit(("euro", "eura", "eur"), "n", "euro", "euros"),
        _Unit(("eurocent", "eurocenty", "eurocentů"), "m", "cent", "cents"),
    ),
}


def _check_lang(lang: str) -> None:
    """Raise ValueError unless `lang` is a supported language code."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGUAGES)}")


def _check_number(n: int) -> None:
    """Raise TypeError for a non-int (or bool) and ValueError outside 0 … MAX_NUMBER."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected an int, got {type(n).__name__}")
    if not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"number {n} is outside 0 … {MAX_NUMBER}")


def _cs_form(n: int) -> int:
    """Index of the Czech noun form after the numeral `n`: 0 sg., 1 pl. 2-4, 2 gen. pl."""
    if n == 0 or n % 1000 == 0:
        return 2
    rest = n % 100
    if 10 <= rest <= 19:
        return 2
    unit = rest % 10
    if unit == 1:
        return 0
    if 2 <= unit <= 4:
        return 1
    return 2


def _cs_below_1000(n: int, gender: Gender) -> list[str]:
    """Czech words of 1 ≤ n ≤ 999, the last word agreeing with `gender`."""
    words: list[str] = []
    if n >= 100:
        words.extend(_CS_HUNDREDS[n // 100].split())
    rest = n % 100
    if 10 <= rest <= 19:
        words.append(_CS_TEENS[rest - 10])
        return words
    if rest >= 20:
        words.append(_CS_TENS[rest // 10])
    unit = rest % 10
    if unit == 1:
        words.append(_CS_ONE[gender])
    elif unit == 2:
        words.append(_CS_TWO[gender])
    elif unit:
        words.append(_CS_UNITS[unit])
    return words


def _cs_words(n: int, gender: Gender) -> list[str]:
    """Czech words of 0 ≤ n ≤ MAX_NUMBER, the last word agreeing with `gender`."""
    if n == 0:
        return ["nula"]
    words: list[str] = []
    for value, forms, scale_gender in _CS_SCALES:
        count = n // value % 1000
        if count:
            words.extend(_cs_below_1000(count, scale_gender))
            words.append(forms[_cs_form(count)])
    if n % 1000:
        words.extend(_cs_below_1000(n % 1000, gender))
    return words


def _en_below_100(n: int) -> str:
    """English words of 0 ≤ n ≤ 99, tens and units hyphenated."""
    if n < 20:
        return _EN_ONES[n]
    tens, unit = divmod(n, 10)
    return _EN_TENS[tens] + (f"-{_EN_ONES[unit]}" if unit else "")


def _en_below_1000(n: int) -> list[str]:
    """English words of 1 ≤ n ≤ 999 with "and" after "hundred" where needed."""
    hundreds, rest = divmod(n, 100)
    words: list[str] = []
    if hundreds:
        words += [_EN_ONES[hundreds], "hundred"]
        if rest:
            words.append("and")
    if rest:
        words.append(_en_below_100(rest))
    return words


def _en_words(n: int) -> list[str]:
    """English words of 0 ≤ n ≤ MAX_NUMBER (British style)."""
    if n == 0:
        return ["zero"]
    words: list[str] = []
    for value, name in _EN_SCALES:
        count = n // value % 1000
        if count:
            words.extend(_en_below_1000(count))
            words.append(name)
    last = n % 1000
    if last:
        if words and last < 100:
            words.append("and")
        words.extend(_en_below_1000(last))
    return words


def number_in_words(n: int, lang: str) -> str:
    """Write 0 ≤ n < 10**15 in words in Czech ("cs", masculine) or English ("en")."""
    _check_number(n)
    _check_lang(lang)
    return " ".join(_NUMERALS[lang](n))


def _split_amount(amount: Decimal | int) -> tuple[int, int]:
    """Split a non-negative amount with at most 2 decimals into (units, hundredths), exactly."""
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise TypeError(f"expected a Decimal or an int amount, got {type(amount).__name__}")
    if isinstance(amount, Decimal) and not amount.is_finite():
        raise ValueError(f"amount {amount} is not a finite number")
    if amount < 0:
        raise ValueError(f"amount {amount} is negative")
    if amount >= MAX_NUMBER + 1:
        raise ValueError(f"amount {amount} is outside 0 … {MAX_NUMBER}")
    if isinstance(amount, int):
        return amount, 0
    _, digits, exponent = amount.as_tuple()
    assert isinstance(exponent, int)  # finite, checked above
    text = "".join(map(str, digits))
    significant = text.rstrip("0")
    if not significant:
        return 0, 0
    exponent += len(text) - len(significant)
    if exponent < -2:
        raise ValueError(f"amount {amount} has more than 2 decimal places; round it first")
    units, hundredths = divmod(int(significant) * 10 ** (exponent + 2), 100)
    _check_number(units)
    return units, hundredths


def _cs_phrase(n: int, unit: _Unit) -> str:
    """Czech numeral with the currency unit in the agreeing form."""
    return " ".join([*_cs_words(n, unit.cs_gender), unit.cs_forms[_cs_form(n)]])


def _en_phrase(n: int, unit: _Unit) -> str:
    """English numeral with the currency unit in singular or plural."""
    return " ".join([*_en_words(n), unit.en_singular if n == 1 else unit.en_plural])


def amount_in_words(amount: Decimal | int, lang: str, currency: str = "CZK") -> str:
    """Write a money amount (CZK or EUR, at most 2 decimals) in words with its currency."""
    units, hundredths = _split_amount(amount)
    _check_lang(lang)
    if currency not in _CURRENCIES:
        raise ValueError(f"unsupported currency {currency!r}; use one of {', '.join(_CURRENCIES)}")
    main, sub = _CURRENCIES[currency]
    phrase, joiner = _AMOUNTS[lang]
    text = phrase(units, main)
    if hundredths:
        text += joiner + phrase(hundredths, sub)
    return text


# Each language's way of writing numbers and amounts; `_check_lang` refuses any other.
_NUMERALS: dict[str, Callable[[int], list[str]]] = {
    "cs": lambda n: _cs_words(n, "m"),
    "en": lambda n: _en_words(n),
}
_AMOUNTS: dict[str, tuple[Callable[[int, _Unit], str], str]] = {
    "cs": (_cs_phrase, " a "),
    "en": (_en_phrase, " and "),
}
