"""Numbers in words, numeral–noun agreement and numbers in digits, checked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from docgen.errors import GrammarError
from docgen.grammar._morph import parse
from docgen.grammar.numerals import (
    FRACTION_FORM,
    CountForm,
    count_form,
    decimal,
    group_digits,
    number_words,
    percent,
    percent_of,
    plural_word,
    with_words,
)

NBSP = "\u00a0"
PCT = NBSP + "%"
MINUS = "\u2212"

WORDS: list[tuple[int, str, str, str]] = [
    # nominative
    (0, "nomn", "m", "ноль"),
    (1, "nomn", "m", "один"),
    (1, "nomn", "f", "одна"),
    (1, "nomn", "n", "одно"),
    (2, "nomn", "m", "два"),
    (2, "nomn", "f", "две"),
    (2, "nomn", "n", "два"),
    (3, "nomn", "m", "три"),
    (4, "nomn", "m", "четыре"),
    (5, "nomn", "m", "пять"),
    (10, "nomn", "m", "десять"),
    (11, "nomn", "m", "одиннадцать"),
    (12, "nomn", "f", "двенадцать"),
    (13, "nomn", "m", "тринадцать"),
    (14, "nomn", "m", "четырнадцать"),
    (19, "nomn", "m", "девятнадцать"),
    (20, "nomn", "m", "двадцать"),
    (21, "nomn", "m", "двадцать один"),
    (21, "nomn", "f", "двадцать одна"),
    (22, "nomn", "f", "двадцать две"),
    (40, "nomn", "m", "сорок"),
    (60, "nomn", "m", "шестьдесят"),
    (90, "nomn", "m", "девяносто"),
    (100, "nomn", "m", "сто"),
    (111, "nomn", "m", "сто одиннадцать"),
    (200, "nomn", "m", "двести"),
    (1000, "nomn", "m", "одна тысяча"),
    (1001, "nomn", "m", "одна тысяча один"),
    (2000, "nomn", "m", "две тысячи"),
    (2022, "nomn", "m", "две тысячи двадцать два"),
    (5000, "nomn", "m", "пять тысяч"),
    (11000, "nomn", "m", "одиннадцать тысяч"),
    (21000, "nomn", "m", "двадцать одна тысяча"),
    (100000, "nomn", "m", "сто тысяч"),
    (1_000_000, "nomn", "m", "один миллион"),
    (2_000_000, "nomn", "m", "два миллиона"),
    (5_000_000, "nomn", "m", "пять миллионов"),
    (1_000_000_000, "nomn", "m", "один миллиард"),
    (1_234_567, "nomn", "m", "один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь"),
    (
        999_999_999_999,
        "nomn",
        "m",
        "девятьсот девяносто девять миллиардов девятьсот девяносто девять миллионов "
        "девятьсот девяносто девять тысяч девятьсот девяносто девять",
    ),
    (1_000_000_000_000, "nomn", "m", "один триллион"),
    # genitive
    (0, "gent", "m", "ноля"),
    (1, "gent", "m", "одного"),
    (1, "gent", "f", "одной"),
    (2, "gent", "f", "двух"),
    (11, "gent", "m", "одиннадцати"),
    (14, "gent", "m", "четырнадцати"),
    (40, "gent", "m", "сорока"),
    (60, "gent", "m", "шестидесяти"),
    (80, "gent", "m", "восьмидесяти"),
    (90, "gent", "m", "девяноста"),
    (100, "gent", "m", "ста"),
    (111, "gent", "m", "ста одиннадцати"),
    (200, "gent", "m", "двухсот"),
    (300, "gent", "m", "трехсот"),
    (400, "gent", "m", "четырехсот"),
    (500, "gent", "m", "пятисот"),
    (800, "gent", "m", "восьмисот"),
    (1000, "gent", "m", "одной тысячи"),
    (2000, "gent", "m", "двух тысяч"),
    (5000, "gent", "m", "пяти тысяч"),
    (2500, "gent", "m", "двух тысяч пятисот"),
    (21000, "gent", "m", "двадцати одной тысячи"),
    (1_000_000, "gent", "m", "одного миллиона"),
    (3_000_000, "gent", "m", "трех миллионов"),
    # dative
    (1, "datv", "m", "одному"),
    (1, "datv", "f", "одной"),
    (2, "datv", "m", "двум"),
    (3, "datv", "m", "трем"),
    (4, "datv", "m", "четырем"),
    (12, "datv", "m", "двенадцати"),
    (40, "datv", "m", "сорока"),
    (90, "datv", "m", "девяноста"),
    (100, "datv", "m", "ста"),
    (200, "datv", "m", "двумстам"),
    (300, "datv", "m", "тремстам"),
    (400, "datv", "m", "четыремстам"),
    (500, "datv", "m", "пятистам"),
    (1000, "datv", "m", "одной тысяче"),
    (2000, "datv", "m", "двум тысячам"),
    (5000, "datv", "m", "пяти тысячам"),
    (1_000_000, "datv", "m", "одному миллиону"),
    # accusative (inanimate)
    (1, "accs", "m", "один"),
    (1, "accs", "f", "одну"),
    (1, "accs", "n", "одно"),
    (2, "accs", "f", "две"),
    (40, "accs", "m", "сорок"),
    (90, "accs", "m", "девяносто"),
    (100, "accs", "m", "сто"),
    (200, "accs", "m", "двести"),
    (300, "accs", "m", "триста"),
    (400, "accs", "m", "четыреста"),
    (500, "accs", "m", "пятьсот"),
    (1000, "accs", "m", "одну тысячу"),
    (2000, "accs", "m", "две тысячи"),
    (5000, "accs", "m", "пять тысяч"),
    (21000, "accs", "m", "двадцать одну тысячу"),
    (1_000_000, "accs", "m", "один миллион"),
    # instrumental
    (0, "ablt", "m", "нолем"),
    (1, "ablt", "m", "одним"),
    (1, "ablt", "f", "одной"),
    (2, "ablt", "m", "двумя"),
    (3, "ablt", "m", "тремя"),
    (4, "ablt", "m", "четырьмя"),
    (8, "ablt", "m", "восемью"),
    (11, "ablt", "m", "одиннадцатью"),
    (21, "ablt", "m", "двадцатью одним"),
    (21, "ablt", "f", "двадцатью одной"),
    (40, "ablt", "m", "сорока"),
    (50, "ablt", "m", "пятьюдесятью"),
    (80, "ablt", "m", "восемьюдесятью"),
    (90, "ablt", "m", "девяноста"),
    (100, "ablt", "m", "ста"),
    (200, "ablt", "m", "двумястами"),
    (300, "ablt", "m", "тремястами"),
    (400, "ablt", "m", "четырьмястами"),
    (500, "ablt", "m", "пятьюстами"),
    (800, "ablt", "m", "восемьюстами"),
    (1000, "ablt", "m", "одной тысячей"),
    (2000, "ablt", "m", "двумя тысячами"),
    (5000, "ablt", "m", "пятью тысячами"),
    (2500, "ablt", "m", "двумя тысячами пятьюстами"),
    (1_000_000, "ablt", "m", "одним миллионом"),
    (2_000_000, "ablt", "m", "двумя миллионами"),
    # prepositional
    (0, "loct", "m", "ноле"),
    (1, "loct", "m", "одном"),
    (1, "loct", "f", "одной"),
    (2, "loct", "m", "двух"),
    (16, "loct", "f", "шестнадцати"),
    (40, "loct", "m", "сорока"),
    (90, "loct", "m", "девяноста"),
    (100, "loct", "m", "ста"),
    (111, "loct", "m", "ста одиннадцати"),
    (200, "loct", "m", "двухстах"),
    (300, "loct", "m", "трехстах"),
    (400, "loct", "m", "четырехстах"),
    (500, "loct", "m", "пятистах"),
    (1000, "loct", "m", "одной тысяче"),
    (2000, "loct", "m", "двух тысячах"),
    (5000, "loct", "m", "пяти тысячах"),
    (1_000_000, "loct", "m", "одном миллионе"),
    # case and gender spelled as users write them
    (60, "рд", "m", "шестидесяти"),
    (21, "творительный", "ж", "двадцатью одной"),
    (1, "им", "ср", "одно"),
    (2, "И", "жен", "две"),
]


@pytest.mark.parametrize(("n", "case", "gender", "expected"), WORDS)
def test_number_words(n: int, case: str, gender: str, expected: str) -> None:
    assert number_words(n, case, gender) == expected


ANIMATE: list[tuple[int, str, str]] = [
    (1, "m", "одного"),  # вижу одного ученика
    (1, "f", "одну"),  # вижу одну ученицу
    (1, "n", "одного"),  # одного существа
    (2, "m", "двух"),  # двух учеников
    (2, "f", "двух"),  # двух учениц
    (3, "m", "трех"),
    (4, "f", "четырех"),
    (5, "m", "пять"),  # пять учеников
    (21, "m", "двадцать одного"),  # двадцать одного ученика
    (21, "f", "двадцать одну"),
    (22, "m", "двадцать два"),  # compound: двадцать два ученика
    (23, "f", "двадцать три"),
    (104, "m", "сто четыре"),
]


@pytest.mark.parametrize(("n", "gender", "expected"), ANIMATE)
def test_animate_accusative(n: int, gender: str, expected: str) -> None:
    assert number_words(n, "accs", gender, animate=True) == expected


@pytest.mark.parametrize("case", ["nomn", "gent", "datv", "ablt", "loct"])
def test_animate_changes_only_accusative(case: str) -> None:
    assert number_words(2, case, animate=True) == number_words(2, case)
    assert number_words(21, case, animate=True) == number_words(21, case)


@pytest.mark.parametrize(
    ("n", "case", "expected"),
    [(3, "gent", "трёх"), (300, "datv", "трёмстам"), (4, "loct", "четырёх"), (0, "ablt", "нолём")],
)
def test_yo_on_request(n: int, case: str, expected: str) -> None:
    assert number_words(n, case, yo=True) == expected


@pytest.mark.parametrize(
    ("n", "case", "gender", "expected"),
    [
        (60, "nomn", "m", "60 (шестьдесят)"),
        (60, "gent", "m", "60 (шестидесяти)"),
        (1, "nomn", "f", "1 (одна)"),
        (36, "datv", "f", "36 (тридцати шести)"),
        (1000, "nomn", "m", "1000 (одна тысяча)"),
        (12345, "nomn", "m", f"12{NBSP}345 (двенадцать тысяч триста сорок пять)"),
    ],
)
def test_with_words(n: int, case: str, gender: str, expected: str) -> None:
    assert with_words(n, case, gender) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0"),
        (999, "999"),
        (1234, "1234"),
        (10000, "10\u00a0000"),
        (1234567, "1\u00a0234\u00a0567"),
        (-12345, "12\u00a0345"),
    ],
)
def test_group_digits(n: int, expected: str) -> None:
    assert group_digits(n) == expected


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda: number_words(-1), "-1"),
        (lambda: number_words(10**15), "1000000000000000"),
        (lambda: number_words(1.5), "1.5"),  # type: ignore[arg-type]
        (lambda: number_words(True), "True"),
        (lambda: number_words(5, "звательный"), "звательный"),
        (lambda: number_words(5, "nomn", "x"), "x"),
    ],
)
def test_number_words_rejects(call: object, needle: str) -> None:
    with pytest.raises(GrammarError) as err:
        call()  # type: ignore[operator]
    assert needle in err.value.message


# --- count_form --------------------------------------------------------------------------------


def one(case: str) -> CountForm:
    """Singular in the case of the phrase: 1 час, 21 организации."""
    return CountForm("sing", case, "sing", case, case)  # type: ignore[arg-type]


def many(case: str) -> CountForm:
    """Plural in a case: 5 часов (gent), 16 организациях (loct)."""
    return CountForm("plur", case, "plur", case, case)  # type: ignore[arg-type]


def few() -> CountForm:
    """After 2–4 (nomn or accs): noun gent sing, adjective plural gent (m/n) or nomn (f)."""
    return CountForm("sing", "gent", "plur", "gent", "nomn")


FRACTION = CountForm("sing", "gent", "sing", "gent", "gent")

COUNTS: dict[str, dict[int | float, CountForm]] = {
    "nomn": {
        1: one("nomn"),
        2: few(),
        5: many("gent"),
        11: many("gent"),
        12: many("gent"),
        21: one("nomn"),
        22: few(),
        25: many("gent"),
        111: many("gent"),
        112: many("gent"),
        0: many("gent"),
        2.5: FRACTION,
    },
    "accs": {
        1: one("accs"),
        2: few(),
        5: many("gent"),
        11: many("gent"),
        12: many("gent"),
        21: one("accs"),
        22: few(),
        25: many("gent"),
        111: many("gent"),
        112: many("gent"),
        0: many("gent"),
        2.5: FRACTION,
    },
    "gent": {
        1: one("gent"),
        2: many("gent"),
        5: many("gent"),
        11: many("gent"),
        12: many("gent"),
        21: one("gent"),
        22: many("gent"),
        25: many("gent"),
        111: many("gent"),
        112: many("gent"),
        0: many("gent"),
        2.5: FRACTION,
    },
    "datv": {
        1: one("datv"),
        2: many("datv"),
        5: many("datv"),
        11: many("datv"),
        12: many("datv"),
        21: one("datv"),
        22: many("datv"),
        25: many("datv"),
        111: many("datv"),
        112: many("datv"),
        0: many("datv"),
        2.5: FRACTION,
    },
    "ablt": {
        1: one("ablt"),
        2: many("ablt"),
        5: many("ablt"),
        11: many("ablt"),
        12: many("ablt"),
        21: one("ablt"),
        22: many("ablt"),
        25: many("ablt"),
        111: many("ablt"),
        112: many("ablt"),
        0: many("ablt"),
        2.5: FRACTION,
    },
    "loct": {
        1: one("loct"),
        2: many("loct"),
        5: many("loct"),
        11: many("loct"),
        12: many("loct"),
        21: one("loct"),
        22: many("loct"),
        25: many("loct"),
        111: many("loct"),
        112: many("loct"),
        0: many("loct"),
        2.5: FRACTION,
    },
}


@pytest.mark.parametrize(
    ("n", "case", "expected"),
    [(n, case, form) for case, row in COUNTS.items() for n, form in row.items()],
)
def test_count_form(n: int | float, case: str, expected: CountForm) -> None:
    assert count_form(n, case) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (Decimal("0.5"), FRACTION),
        (0.5, FRACTION),
        (Decimal("2.50"), FRACTION),
        (2.0, few()),
        (Decimal("5"), many("gent")),
        (-1, one("nomn")),
        (101, one("nomn")),
        (1000, many("gent")),
        (1_000_001, one("nomn")),
        (14, many("gent")),
        (34, few()),
    ],
)
def test_count_form_other_numbers(n: int | float | Decimal, expected: CountForm) -> None:
    assert count_form(n, "им") == expected


def test_fraction_form_is_the_same_in_every_case() -> None:
    for case in COUNTS:
        assert count_form(Decimal("0.5"), case) is FRACTION_FORM


def test_count_form_animate_accusative() -> None:
    assert count_form(2, "accs", animate=True) == many("accs")  # вижу двух учеников
    assert count_form(22, "accs", animate=True) == few()  # двадцать два ученика
    assert count_form(21, "accs", animate=True) == one("accs")  # двадцать одного ученика
    assert count_form(2, "nomn", animate=True) == few()


def test_adjective_by_gender() -> None:
    form = count_form(42, "nomn")
    assert form.adjective("f") == ("plur", "nomn")  # 42 общеобразовательные организации
    assert form.adjective("m") == ("plur", "gent")  # 2 новых стола
    assert form.adjective("n") == ("plur", "gent")  # 2 новых окна
    assert count_form(5, "loct").adjective("f") == ("plur", "loct")


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda: count_form(True), "True"),
        (lambda: count_form("5"), "5"),  # type: ignore[arg-type]
        (lambda: count_form(float("nan")), "nan"),
        (lambda: count_form(5, "xx"), "xx"),
    ],
)
def test_count_form_rejects(call: object, needle: str) -> None:
    with pytest.raises(GrammarError) as err:
        call()  # type: ignore[operator]
    assert needle in err.value.message


def _inflect(word: str, number: str, case: str) -> str:
    form = parse(word)[0].inflect({number, case})
    assert form is not None, (word, number, case)
    return str(form.word)


def _phrase(n: int | float, case: str, adjective: str, noun: str, gender: str) -> str:
    """What the phrase engine will do with count_form: agree «N adjective noun»."""
    form = count_form(n, case)
    adj_number, adj_case = form.adjective(gender)
    digits = str(n).replace(".", ",")
    words = [_inflect(adjective, adj_number, adj_case)] if adjective else []
    return " ".join([digits, *words, _inflect(noun, form.number, form.case)])


@pytest.mark.parametrize(
    ("n", "case", "adjective", "noun", "gender", "expected"),
    [
        (
            36,
            "nomn",
            "общеобразовательная",
            "организация",
            "f",
            "36 общеобразовательных организаций",
        ),
        (
            42,
            "nomn",
            "общеобразовательная",
            "организация",
            "f",
            "42 общеобразовательные организации",
        ),
        (
            16,
            "loct",
            "общеобразовательная",
            "организация",
            "f",
            "16 общеобразовательных организациях",
        ),
        (
            21,
            "loct",
            "общеобразовательная",
            "организация",
            "f",
            "21 общеобразовательной организации",
        ),
        (1, "nomn", "", "час", "m", "1 час"),
        (60, "nomn", "", "час", "m", "60 часов"),
        (2.5, "nomn", "", "час", "m", "2,5 часа"),
        (2.5, "ablt", "", "час", "m", "2,5 часа"),
        (0.5, "nomn", "", "ставка", "f", "0,5 ставки"),
        (3, "nomn", "учебный", "час", "m", "3 учебных часа"),
        (23, "accs", "новая", "книга", "f", "23 новые книги"),
        (5, "datv", "педагогический", "работник", "m", "5 педагогическим работникам"),
    ],
)
def test_agreed_phrases(
    n: int | float, case: str, adjective: str, noun: str, gender: str, expected: str
) -> None:
    assert _phrase(n, case, adjective, noun, gender) == expected


@pytest.mark.parametrize(
    ("n", "one_", "few_", "many_", "expected"),
    [
        (1, "час", "часа", "часов", "час"),
        (2, "час", "часа", "часов", "часа"),
        (5, "час", "часа", "часов", "часов"),
        (11, "час", "часа", "часов", "часов"),
        (12, "час", "часа", "часов", "часов"),
        (21, "час", "часа", "часов", "час"),
        (22, "час", "часа", "часов", "часа"),
        (0, "час", "часа", "часов", "часов"),
        (101, "час", "часа", "часов", "час"),
        (111, "час", "часа", "часов", "часов"),
        (2.5, "час", "часа", "часов", "часа"),
        (0.5, "ставка", "ставки", "ставок", "ставки"),
        (Decimal("1.5"), "ставка", "ставки", "ставок", "ставки"),
        (2.0, "год", "года", "лет", "года"),
        (25, "год", "года", "лет", "лет"),
    ],
)
def test_plural_word(
    n: int | float | Decimal, one_: str, few_: str, many_: str, expected: str
) -> None:
    assert plural_word(n, one_, few_, many_) == expected


# --- decimal numbers and percentages -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits", "sign", "expected"),
    [
        (33.333, 1, False, "33,3"),
        (44.0, 1, False, "44"),
        (44, 1, False, "44"),
        (0.25, 1, False, "0,3"),  # half up, not banker's 0,2
        (0.35, 1, False, "0,4"),
        (2.675, 2, False, "2,68"),  # the float 2.675 is below 2.675 in binary
        (Decimal("12.50"), 2, False, "12,5"),
        (100, 1, False, "100"),
        (0, 1, False, "0"),
        (-0.04, 1, False, "0"),  # no "−0"
        (-2.1, 1, False, f"{MINUS}2,1"),
        (7.5, 1, True, "+7,5"),
        (-2.1, 1, True, f"{MINUS}2,1"),
        (0, 1, True, "0"),
        (99.95, 1, False, "100"),
        (12345.6, 1, False, f"12{NBSP}345,6"),
        (33.333, 0, False, "33"),
        (0.5, 0, False, "1"),
        (2.5, 0, False, "3"),  # banker's rounding would give 2
        ("45,5", 1, False, "45,5"),
        ("-3.25", 1, False, f"{MINUS}3,3"),
    ],
)
def test_percent(value: float | Decimal | str, digits: int, sign: bool, expected: str) -> None:
    assert percent(value, digits, sign=sign) == expected + PCT


@pytest.mark.parametrize(
    ("part", "whole", "digits", "sign", "expected"),
    [
        (1, 3, 1, False, "33,3"),
        (2, 3, 1, False, "66,7"),
        (1, 8, 1, False, "12,5"),
        (1, 8, 0, False, "13"),
        (1, 40, 1, False, "2,5"),
        (1, 400, 1, False, "0,3"),  # 0,25 rounded half up
        (42, 42, 1, False, "100"),
        (3, 2, 1, True, "+150"),
        (-1, 4, 1, True, f"{MINUS}25"),
        (Decimal("36"), Decimal("42"), 2, False, "85,71"),
        (0, 42, 1, False, "0"),
    ],
)
def test_percent_of(
    part: int | Decimal, whole: int | Decimal, digits: int, sign: bool, expected: str
) -> None:
    assert percent_of(part, whole, digits, sign=sign) == expected + PCT


def test_percent_of_zero_whole() -> None:
    with pytest.raises(GrammarError) as err:
        percent_of(5, 0)
    assert "«5»" in err.value.message
    assert "«0»" in err.value.message


def test_percent_default_one_digit() -> None:
    assert percent(33.333) == "33,3" + PCT


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (2.5, 2, "2,5"),
        (12345, 2, f"12{NBSP}345"),
        (1234, 2, "1234"),
        (10000, 0, f"10{NBSP}000"),
        (9999.99, 2, "9999,99"),
        (1234567.891, 2, f"1{NBSP}234{NBSP}567,89"),
        (-12345.5, 1, f"{MINUS}12{NBSP}345,5"),
        (Decimal("0.125"), 2, "0,13"),
        (0.125, 2, "0,13"),
        ("2,5", 2, "2,5"),
        (f"12{NBSP}345,5", 1, f"12{NBSP}345,5"),
        (3.0, 2, "3"),
        (Decimal("1E+5"), 0, f"100{NBSP}000"),
    ],
)
def test_decimal(value: float | Decimal | str, digits: int, expected: str) -> None:
    assert decimal(value, digits) == expected


def test_decimal_sign() -> None:
    assert decimal(12, 0, sign=True) == "+12"


@pytest.mark.parametrize("value", ["abc", "", "1,2,3", float("nan"), float("inf"), True, None])
def test_not_a_number(value: object) -> None:
    with pytest.raises(GrammarError) as err:
        decimal(value)  # type: ignore[arg-type]
    assert f"«{value}»" in err.value.message


@pytest.mark.parametrize("digits", [-1, True])
def test_bad_digits(digits: int) -> None:
    with pytest.raises(GrammarError) as err:
        decimal(1.5, digits)
    assert f"«{digits}»" in err.value.message
