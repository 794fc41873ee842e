"""Numbers and amounts in words: known values, errors and round-trip properties."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pppdraft.words import amount_in_words, number_in_words

PROPERTY = settings(max_examples=400, database=None, deadline=None)

# ------------------------------------------------------------------ known values

NUMBERS: list[tuple[int, str, str]] = [
    (0, "nula", "zero"),
    (1, "jeden", "one"),
    (2, "dva", "two"),
    (5, "pět", "five"),
    (10, "deset", "ten"),
    (11, "jedenáct", "eleven"),
    (12, "dvanáct", "twelve"),
    (13, "třináct", "thirteen"),
    (14, "čtrnáct", "fourteen"),
    (15, "patnáct", "fifteen"),
    (16, "šestnáct", "sixteen"),
    (17, "sedmnáct", "seventeen"),
    (18, "osmnáct", "eighteen"),
    (19, "devatenáct", "nineteen"),
    (20, "dvacet", "twenty"),
    (21, "dvacet jeden", "twenty-one"),
    (22, "dvacet dva", "twenty-two"),
    (99, "devadesát devět", "ninety-nine"),
    (100, "sto", "one hundred"),
    (101, "sto jeden", "one hundred and one"),
    (110, "sto deset", "one hundred and ten"),
    (200, "dvě stě", "two hundred"),
    (300, "tři sta", "three hundred"),
    (400, "čtyři sta", "four hundred"),
    (500, "pět set", "five hundred"),
    (999, "devět set devadesát devět", "nine hundred and ninety-nine"),
    (1000, "jeden tisíc", "one thousand"),
    (1001, "jeden tisíc jeden", "one thousand and one"),
    (1100, "jeden tisíc sto", "one thousand one hundred"),
    (1999, "jeden tisíc devět set devadesát devět", "one thousand nine hundred and ninety-nine"),
    (2000, "dva tisíce", "two thousand"),
    (4000, "čtyři tisíce", "four thousand"),
    (5000, "pět tisíc", "five thousand"),
    (11000, "jedenáct tisíc", "eleven thousand"),
    (21000, "dvacet jeden tisíc", "twenty-one thousand"),
    (22000, "dvacet dva tisíce", "twenty-two thousand"),
    (
        49_999,
        "čtyřicet devět tisíc devět set devadesát devět",
        "forty-nine thousand nine hundred and ninety-nine",
    ),
    (50_000, "padesát tisíc", "fifty thousand"),
    (100_000, "sto tisíc", "one hundred thousand"),
    (101_000, "sto jeden tisíc", "one hundred and one thousand"),
    (
        123_456,
        "sto dvacet tři tisíce čtyři sta padesát šest",
        "one hundred and twenty-three thousand four hundred and fifty-six",
    ),
    (1_000_000, "jeden milion", "one million"),
    (1_000_050, "jeden milion padesát", "one million and fifty"),
    (2_000_000, "dva miliony", "two million"),
    (5_000_000, "pět milionů", "five million"),
    (
        1_250_000,
        "jeden milion dvě stě padesát tisíc",
        "one million two hundred and fifty thousand",
    ),
    (
        1_234_567,
        "jeden milion dvě stě třicet čtyři tisíce pět set šedesát sedm",
        "one million two hundred and thirty-four thousand five hundred and sixty-seven",
    ),
    (1_000_000_000, "jedna miliarda", "one billion"),
    (2_000_000_000, "dvě miliardy", "two billion"),
    (5_000_000_000, "pět miliard", "five billion"),
    (21_000_000_000, "dvacet jedna miliarda", "twenty-one billion"),
    (1_000_000_000_000, "jeden bilion", "one trillion"),
    (2_000_000_000_000, "dva biliony", "two trillion"),
    (5_000_000_000_000, "pět bilionů", "five trillion"),
    (
        10**15 - 1,
        "devět set devadesát devět bilionů devět set devadesát devět miliard "
        "devět set devadesát devět milionů devět set devadesát devět tisíc "
        "devět set devadesát devět",
        "nine hundred and ninety-nine trillion nine hundred and ninety-nine billion "
        "nine hundred and ninety-nine million nine hundred and ninety-nine thousand "
        "nine hundred and ninety-nine",
    ),
]

D = Decimal

AMOUNTS: list[tuple[Decimal | int, str, str, str]] = [
    (0, "CZK", "nula korun českých", "zero Czech crowns"),
    (1, "CZK", "jedna koruna česká", "one Czech crown"),
    (2, "CZK", "dvě koruny české", "two Czech crowns"),
    (4, "CZK", "čtyři koruny české", "four Czech crowns"),
    (5, "CZK", "pět korun českých", "five Czech crowns"),
    (11, "CZK", "jedenáct korun českých", "eleven Czech crowns"),
    (12, "CZK", "dvanáct korun českých", "twelve Czech crowns"),
    (20, "CZK", "dvacet korun českých", "twenty Czech crowns"),
    (21, "CZK", "dvacet jedna koruna česká", "twenty-one Czech crowns"),
    (22, "CZK", "dvacet dvě koruny české", "twenty-two Czech crowns"),
    (25, "CZK", "dvacet pět korun českých", "twenty-five Czech crowns"),
    (100, "CZK", "sto korun českých", "one hundred Czech crowns"),
    (101, "CZK", "sto jedna koruna česká", "one hundred and one Czech crowns"),
    (202, "CZK", "dvě stě dvě koruny české", "two hundred and two Czech crowns"),
    (1000, "CZK", "jeden tisíc korun českých", "one thousand Czech crowns"),
    (1001, "CZK", "jeden tisíc jedna koruna česká", "one thousand and one Czech crowns"),
    (2000, "CZK", "dva tisíce korun českých", "two thousand Czech crowns"),
    (21000, "CZK", "dvacet jeden tisíc korun českých", "twenty-one thousand Czech crowns"),
    (
        49_999,
        "CZK",
        "čtyřicet devět tisíc devět set devadesát devět korun českých",
        "forty-nine thousand nine hundred and ninety-nine Czech crowns",
    ),
    (50_000, "CZK", "padesát tisíc korun českých", "fifty thousand Czech crowns"),
    (
        120_000,
        "CZK",
        "sto dvacet tisíc korun českých",
        "one hundred and twenty thousand Czech crowns",
    ),
    (1_000_000, "CZK", "jeden milion korun českých", "one million Czech crowns"),
    (
        1_200_000,
        "CZK",
        "jeden milion dvě stě tisíc korun českých",
        "one million two hundred thousand Czech crowns",
    ),
    (
        1_250_000,
        "CZK",
        "jeden milion dvě stě padesát tisíc korun českých",
        "one million two hundred and fifty thousand Czech crowns",
    ),
    (
        1_480_000,
        "CZK",
        "jeden milion čtyři sta osmdesát tisíc korun českých",
        "one million four hundred and eighty thousand Czech crowns",
    ),
    (2_000_002, "CZK", "dva miliony dvě koruny české", "two million and two Czech crowns"),
    (5_000_000, "CZK", "pět milionů korun českých", "five million Czech crowns"),
    (1_000_000_000, "CZK", "jedna miliarda korun českých", "one billion Czech crowns"),
    (
        D("100.50"),
        "CZK",
        "sto korun českých a padesát haléřů",
        "one hundred Czech crowns and fifty hellers",
    ),
    (
        D("1234567.5"),
        "CZK",
        "jeden milion dvě stě třicet čtyři tisíce pět set šedesát sedm korun českých "
        "a padesát haléřů",
        "one million two hundred and thirty-four thousand five hundred and sixty-seven "
        "Czech crowns and fifty hellers",
    ),
    (D("0.01"), "CZK", "nula korun českých a jeden haléř", "zero Czech crowns and one heller"),
    (D("3.02"), "CZK", "tři koruny české a dva haléře", "three Czech crowns and two hellers"),
    (
        D("5.21"),
        "CZK",
        "pět korun českých a dvacet jeden haléř",
        "five Czech crowns and twenty-one hellers",
    ),
    (D("10.00"), "CZK", "deset korun českých", "ten Czech crowns"),
    (D("1.500"), "CZK", "jedna koruna česká a padesát haléřů", "one Czech crown and fifty hellers"),
    (D("1E+3"), "CZK", "jeden tisíc korun českých", "one thousand Czech crowns"),
    (D("0E-7"), "CZK", "nula korun českých", "zero Czech crowns"),
    (D("-0"), "CZK", "nula korun českých", "zero Czech crowns"),
    (
        D("7.10000"),
        "CZK",
        "sedm korun českých a deset haléřů",
        "seven Czech crowns and ten hellers",
    ),
    (
        D("999999999999999.99"),
        "CZK",
        "devět set devadesát devět bilionů devět set devadesát devět miliard devět set "
        "devadesát devět milionů devět set devadesát devět tisíc devět set devadesát devět "
        "korun českých a devadesát devět haléřů",
        "nine hundred and ninety-nine trillion nine hundred and ninety-nine billion nine "
        "hundred and ninety-nine million nine hundred and ninety-nine thousand nine hundred "
        "and ninety-nine Czech crowns and ninety-nine hellers",
    ),
    (1, "EUR", "jedno euro", "one euro"),
    (2, "EUR", "dvě eura", "two euros"),
    (5, "EUR", "pět eur", "five euros"),
    (21, "EUR", "dvacet jedno euro", "twenty-one euros"),
    (1000, "EUR", "jeden tisíc eur", "one thousand euros"),
    (D("1.01"), "EUR", "jedno euro a jeden eurocent", "one euro and one cent"),
    (D("2.02"), "EUR", "dvě eura a dva eurocenty", "two euros and two cents"),
    (
        D("25.50"),
        "EUR",
        "dvacet pět eur a padesát eurocentů",
        "twenty-five euros and fifty cents",
    ),
]


@pytest.mark.parametrize(("n", "cs", "en"), NUMBERS, ids=[str(row[0]) for row in NUMBERS])
def test_number_known_values(n: int, cs: str, en: str) -> None:
    assert number_in_words(n, "cs") == cs
    assert number_in_words(n, "en") == en


@pytest.mark.parametrize(
    ("amount", "currency", "cs", "en"),
    AMOUNTS,
    ids=[f"{row[0]}-{row[1]}" for row in AMOUNTS],
)
def test_amount_known_values(amount: Decimal | int, currency: str, cs: str, en: str) -> None:
    assert amount_in_words(amount, "cs", currency) == cs
    assert amount_in_words(amount, "en", currency) == en


def test_amount_default_currency_is_czk() -> None:
    assert amount_in_words(1_200_000, "cs") == "jeden milion dvě stě tisíc korun českých"
    assert amount_in_words(1_200_000, "en") == "one million two hundred thousand Czech crowns"


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize("n", [-1, 10**15, 10**18])
def test_number_out_of_range(n: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        number_in_words(n, "cs")


@pytest.mark.parametrize("lang", ["de", "", "CS", "cz"])
def test_unknown_language(lang: str) -> None:
    with pytest.raises(ValueError, match="language"):
        number_in_words(1, lang)
    with pytest.raises(ValueError, match="language"):
        amount_in_words(1, lang)


@pytest.mark.parametrize("value", [True, 1.0, "1"])
def test_number_rejects_non_int(value: object) -> None:
    with pytest.raises(TypeError):
        number_in_words(value, "cs")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (-1, "negative"),
        (D("-0.01"), "negative"),
        (D("1.005"), "decimal places"),
        (D("0.001"), "decimal places"),
        (D("12.3456"), "decimal places"),
        (D("1.0000000000000000000000000001"), "decimal places"),
        (D("NaN"), "finite"),
        (D("Infinity"), "finite"),
        (D("1E+15"), "outside"),
        (D("1000000000000000.00"), "outside"),
        (D("1E+999999999"), "outside"),
        (D("1E-999999999"), "decimal places"),
        (10**15, "outside"),
    ],
)
def test_amount_rejects(amount: Decimal | int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        amount_in_words(amount, "cs")


@pytest.mark.parametrize("amount", [1.5, True])
def test_amount_rejects_float_and_bool(amount: object) -> None:
    with pytest.raises(TypeError):
        amount_in_words(amount, "cs")  # type: ignore[arg-type]


@pytest.mark.parametrize("currency", ["USD", "czk", "Kč", ""])
def test_amount_unknown_currency(currency: str) -> None:
    with pytest.raises(ValueError, match="currency"):
        amount_in_words(1, "cs", currency)


# ------------------------------------------------------------------ Czech parser
# Written independently of the module: reads the words, checks the grammar (hundred forms,
# gender of the last word, the form of the power word after it) and returns the value.

CS_UNITS: dict[str, tuple[int, str]] = {
    "jeden": (1, "m"),
    "jedna": (1, "f"),
    "jedno": (1, "n"),
    "dva": (2, "m"),
    "dvě": (2, "fn"),
    "tři": (3, "mfn"),
    "čtyři": (4, "mfn"),
    "pět": (5, "mfn"),
    "šest": (6, "mfn"),
    "sedm": (7, "mfn"),
    "osm": (8, "mfn"),
    "devět": (9, "mfn"),
}
CS_TEENS = {
    word: 10 + i
    for i, word in enumerate(
        [
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
        ]
    )
}
CS_TENS = {
    word: 20 + 10 * i
    for i, word in enumerate(
        ["dvacet", "třicet", "čtyřicet", "padesát", "šedesát", "sedmdesát", "osmdesát", "devadesát"]
    )
}
CS_HUNDRED_WORD = {2: "stě", 3: "sta", 4: "sta", 5: "set", 6: "set", 7: "set", 8: "set", 9: "set"}
# power word -> (value, gender, form index: 0 singular, 1 plural 2-4, 2 genitive plural)
CS_POWERS: dict[str, tuple[int, str, tuple[int, ...]]] = {
    "bilion": (10**12, "m", (0,)),
    "biliony": (10**12, "m", (1,)),
    "bilionů": (10**12, "m", (2,)),
    "miliarda": (10**9, "f", (0,)),
    "miliardy": (10**9, "f", (1,)),
    "miliard": (10**9, "f", (2,)),
    "milion": (10**6, "m", (0,)),
    "miliony": (10**6, "m", (1,)),
    "milionů": (10**6, "m", (2,)),
    "tisíc": (10**3, "m", (0, 2)),
    "tisíce": (10**3, "m", (1,)),
}
CS_VOCABULARY = (
    set(CS_UNITS) | set(CS_TEENS) | set(CS_TENS) | set(CS_HUNDRED_WORD.values()) | set(CS_POWERS)
) | {"sto", "nula"}


def cs_form_after(last_word: str) -> int:
    """The noun form the last word of a numeral requires (the module's documented rule)."""
    if last_word in ("jeden", "jedna", "jedno"):
        return 0
    if last_word in ("dva", "dvě", "tři", "čtyři"):
        return 1
    return 2


def cs_parse_group(words: list[str], pos: int) -> tuple[int, str, int]:
    """Parse 1-999 from words[pos:]; return (value, its last word, next position)."""
    value = 0
    last = ""
    word = words[pos] if pos < len(words) else ""
    following = words[pos + 1] if pos + 1 < len(words) else ""
    if word == "sto":
        value, last, pos = 100, word, pos + 1
    elif word in CS_UNITS and following in ("stě", "sta", "set"):
        digit = CS_UNITS[word][0]
        assert digit >= 2, f"{word} {following}"
        assert CS_HUNDRED_WORD[digit] == following, f"{word} {following}"
        assert digit != 2 or word == "dvě", "two hundred is 'dvě stě'"
        value, last, pos = 100 * digit, following, pos + 2
    word = words[pos] if pos < len(words) else ""
    if word in CS_TEENS:
        return value + CS_TEENS[word], word, pos + 1
    if word in CS_TENS:
        value, last, pos = value + CS_TENS[word], word, pos + 1
        word = words[pos] if pos < len(words) else ""
    if word in CS_UNITS and not (pos + 1 < len(words) and words[pos + 1] in ("stě", "sta", "set")):
        value, last, pos = value + CS_UNITS[word][0], word, pos + 1
    assert value > 0, f"no number at {words[pos:]}"
    return value, last, pos


def cs_parse(words: list[str], gender: str = "m") -> int:
    """Czech words -> int; the last number word must agree with `gender`."""
    assert all(word in CS_VOCABULARY for word in words), words
    if words == ["nula"]:
        return 0
    total, pos, previous_power = 0, 0, 10**15
    while pos < len(words):
        value, last, pos = cs_parse_group(words, pos)
        if pos < len(words) and words[pos] in CS_POWERS:
            power, power_gender, forms = CS_POWERS[words[pos]]
            assert power < previous_power, "powers must decrease"
            assert cs_form_after(last) in forms, f"{last} {words[pos]}"
            if last in CS_UNITS:
                assert power_gender in CS_UNITS[last][1], f"{last} {words[pos]}"
            total, pos, previous_power = total + value * power, pos + 1, power
        else:
            assert pos == len(words), f"unexpected {words[pos:]}"
            if last in CS_UNITS:
                assert gender in CS_UNITS[last][1], f"{last} is not {gender}"
            total += value
    return total


# ------------------------------------------------------------------ English parser

EN_ONES = {
    word: i
    for i, word in enumerate(
        [
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
        ]
    )
}
EN_TENS = {
    word: 20 + 10 * i
    for i, word in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
}
EN_POWERS = {"trillion": 10**12, "billion": 10**9, "million": 10**6, "thousand": 10**3}


def en_parse_below_100(word: str) -> int:
    """'seven', 'seventeen', 'seventy', 'seventy-seven' -> int (1-99)."""
    if word in EN_ONES and word != "zero":
        return EN_ONES[word]
    if word in EN_TENS:
        return EN_TENS[word]
    tens, _, unit = word.partition("-")
    assert tens in EN_TENS and unit in EN_ONES and 1 <= EN_ONES[unit] <= 9, word
    return EN_TENS[tens] + EN_ONES[unit]


def en_parse(text: str) -> int:
    """English words (British, with 'and') -> int; checks where 'and' stands."""
    words = text.split(" ")
    if words == ["zero"]:
        return 0
    total, pos, previous_power = 0, 0, 10**15
    while pos < len(words):
        leading_and = words[pos] == "and"
        if leading_and:
            assert total > 0, "'and' cannot start a number"
            pos += 1
        value = 0
        if pos + 1 < len(words) and words[pos + 1] == "hundred":
            digit = EN_ONES[words[pos]]
            assert 1 <= digit <= 9
            assert not leading_and, "no 'and' before hundreds"
            value, pos = 100 * digit, pos + 2
            if pos < len(words) and words[pos] == "and":
                value += en_parse_below_100(words[pos + 1])
                pos += 2
        elif pos < len(words) and words[pos] not in EN_POWERS:
            value = en_parse_below_100(words[pos])
            pos += 1
        assert value > 0, f"no number at {words[pos:]}"
        if pos < len(words) and words[pos] in EN_POWERS:
            assert not leading_and, "no 'and' inside the higher groups"
            power = EN_POWERS[words[pos]]
            assert power < previous_power, "powers must decrease"
            total, pos, previous_power = total + value * power, pos + 1, power
        else:
            assert pos == len(words), f"unexpected {words[pos:]}"
            assert leading_and == (total > 0 and value < 100), f"'and' misplaced in {text!r}"
            total += value
    return total


def test_parsers_on_the_known_values() -> None:
    for n, cs, en in NUMBERS:
        assert cs_parse(cs.split(" ")) == n
        assert en_parse(en) == n


def test_czech_parser_rejects_wrong_grammar() -> None:
    for wrong in (
        "dva tisíc",
        "pět tisíce",
        "jedna tisíc",
        "dva miliardy",
        "jeden miliarda",
        "dvě sta",
        "dva stě",
        "pět sta",
        "jedenáct set",
        "dvěstě",
        "jeden tisíc jeden milion",
    ):
        with pytest.raises(AssertionError):
            cs_parse(wrong.split(" "))


# ------------------------------------------------------------------ properties

BELOW_10_12 = st.integers(min_value=0, max_value=10**12 - 1)


@PROPERTY
@given(BELOW_10_12)
@example(0)
@example(10**12 - 1)
@example(21_021_021_021)
@example(202_202_202_202)
def test_czech_parser_inverts(n: int) -> None:
    assert cs_parse(number_in_words(n, "cs").split(" ")) == n


@PROPERTY
@given(BELOW_10_12)
@example(0)
@example(10**12 - 1)
@example(1_000_001)
@example(100_000_100)
def test_english_parser_inverts(n: int) -> None:
    assert en_parse(number_in_words(n, "en")) == n


CS_JOINED = re.compile(r"(dvě|tři|čtyři|pět|šest|sedm|osm|devět)(stě|sta|set)")
CS_ELEVEN_HUNDRED = re.compile(
    r"\b(jedenáct|dvanáct|třináct|čtrnáct|patnáct|šestnáct|sedmnáct|osmnáct|devatenáct) set\b"
)


@PROPERTY
@given(st.integers(min_value=0, max_value=10**15 - 1), st.sampled_from(["cs", "en"]))
@example(1100, "cs")
@example(1900, "cs")
def test_spacing_and_no_joined_words(n: int, lang: str) -> None:
    text = number_in_words(n, lang)
    assert text == text.strip()
    assert "  " not in text
    assert text
    if lang == "cs":
        assert not CS_JOINED.search(text)
        assert not CS_ELEVEN_HUNDRED.search(text)
        assert "jedenáctset" not in text
        assert all(word in CS_VOCABULARY for word in text.split(" "))


CURRENCY_PHRASES = {
    ("cs", "CZK"): (r"\b(koruna česká|koruny české|korun českých)\b", r"\b(haléř|haléře|haléřů)\b"),
    ("cs", "EUR"): (r"\b(euro|eura|eur)\b", r"\b(eurocent|eurocenty|eurocentů)\b"),
    ("en", "CZK"): (r"\bCzech crowns?\b", r"\bhellers?\b"),
    ("en", "EUR"): (r"\beuros?\b", r"\bcents?\b"),
}
CS_UNIT_GENDER = {"CZK": ("f", "m"), "EUR": ("n", "m")}

AMOUNTS_STRATEGY = st.one_of(
    st.integers(min_value=0, max_value=10**12),
    st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
)


@PROPERTY
@given(AMOUNTS_STRATEGY, st.sampled_from(["cs", "en"]), st.sampled_from(["CZK", "EUR"]))
@example(D("21.21"), "cs", "CZK")
@example(D("0.00"), "en", "EUR")
def test_amount_has_one_currency_phrase(amount: Decimal | int, lang: str, currency: str) -> None:
    text = amount_in_words(amount, lang, currency)
    main_pattern, sub_pattern = CURRENCY_PHRASES[(lang, currency)]
    mains = list(re.finditer(main_pattern, text))
    subs = list(re.finditer(sub_pattern, text))
    cents = int(Decimal(amount) * 100)
    units, hundredths = divmod(cents, 100)
    assert len(mains) == 1, text
    assert len(subs) == (1 if hundredths else 0), text
    assert text == text.strip() and "  " not in text
    joiner = " a " if lang == "cs" else " and "
    number_part = text[: mains[0].start()].strip()
    if lang == "cs":
        main_gender, sub_gender = CS_UNIT_GENDER[currency]
        words = number_part.split(" ")
        assert cs_parse(words, main_gender) == units
        assert cs_form_after(words[-1]) == cs_form_index(mains[0].group(0)), text
        if hundredths:
            sub_words = text[mains[0].end() + len(joiner) : subs[0].start()].strip().split(" ")
            assert cs_parse(sub_words, sub_gender) == hundredths
            assert cs_form_after(sub_words[-1]) == cs_form_index(subs[0].group(0)), text
    else:
        assert en_parse(number_part) == units
        assert mains[0].group(0).endswith("s") == (units != 1), text
        if hundredths:
            sub_text = text[mains[0].end() + len(joiner) : subs[0].start()].strip()
            assert en_parse(sub_text) == hundredths
            assert subs[0].group(0).endswith("s") == (hundredths != 1), text
    if hundredths:
        assert text[mains[0].end() :].startswith(joiner)
        assert text.endswith(subs[0].group(0))
    else:
        assert text.endswith(mains[0].group(0))


CS_FORMS = [
    ("koruna česká", "koruny české", "korun českých"),
    ("haléř", "haléře", "haléřů"),
    ("euro", "eura", "eur"),
    ("eurocent", "eurocenty", "eurocentů"),
]


def cs_form_index(noun: str) -> int:
    """0 singular, 1 plural 2-4, 2 genitive plural for a Czech currency noun."""
    for forms in CS_FORMS:
        if noun in forms:
            return forms.index(noun)
    raise AssertionError(noun)
