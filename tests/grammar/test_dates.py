"""Dates, months, academic years and periods of years as printed in official documents."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from docgen.errors import GrammarError
from docgen.grammar.dates import (
    academic_year,
    format_date,
    month_name,
    month_year,
    parse_date,
    years_range,
)

NBSP = "\u00a0"
G = NBSP + "г."


@pytest.mark.parametrize(
    ("value", "style", "expected"),
    [
        (date(2022, 7, 18), "numeric", "18.07.2022"),
        (date(2022, 7, 18), "quoted", f"«18» июля 2022{G}"),
        (date(2022, 7, 18), "long", f"18 июля 2022{G}"),
        (date(2022, 7, 18), "iso", "2022-07-18"),
        ("2018-05-07", "numeric", "07.05.2018"),
        ("2018-05-07", "quoted", f"«07» мая 2018{G}"),
        ("2018-05-07", "long", f"7 мая 2018{G}"),
        ("18.07.2022", "iso", "2022-07-18"),
        ("18.07.2022", "long", f"18 июля 2022{G}"),
        ("7.5.2018", "numeric", "07.05.2018"),
        (" 2022-07-18 ", "numeric", "18.07.2022"),
        ("2022-07-18T10:30:00", "numeric", "18.07.2022"),
        ("2022-07-18 00:00:00", "long", f"18 июля 2022{G}"),
        (datetime(2022, 1, 1, 10, 30), "long", f"1 января 2022{G}"),
        ("29.02.2024", "long", f"29 февраля 2024{G}"),
        (date(2023, 9, 1), "quoted", f"«01» сентября 2023{G}"),
    ],
)
def test_format_date(value: date | str, style: str, expected: str) -> None:
    assert format_date(value, style) == expected


def test_numeric_is_the_default_style() -> None:
    assert format_date(date(2022, 7, 18)) == "18.07.2022"


LONG_DATES = [
    (1, "31 января"),
    (2, "28 февраля"),
    (3, "8 марта"),
    (4, "12 апреля"),
    (5, "9 мая"),
    (6, "1 июня"),
    (7, "18 июля"),
    (8, "30 августа"),
    (9, "1 сентября"),
    (10, "5 октября"),
    (11, "4 ноября"),
    (12, "31 декабря"),
]


@pytest.mark.parametrize(("month", "expected"), LONG_DATES)
def test_long_date_every_month(month: int, expected: str) -> None:
    day = int(expected.split()[0])
    assert format_date(date(2022, month, day), "long") == f"{expected} 2022{G}"


@pytest.mark.parametrize(
    "value",
    [
        "2022-02-31",
        "31.02.2022",
        "2023-02-29",
        "2022-13-01",
        "00.01.2022",
        "18/07/2022",
        "",
        "завтра",
        "2022-07",
        "18.07.22",
    ],
)
def test_bad_date_names_the_value(value: str) -> None:
    with pytest.raises(GrammarError) as err:
        format_date(value)
    assert f"«{value}»" in err.value.message


@pytest.mark.parametrize("value", [20220718, None, 18.07])
def test_not_a_date(value: object) -> None:
    with pytest.raises(GrammarError) as err:
        parse_date(value)  # type: ignore[arg-type]
    assert str(value) in err.value.message


def test_unknown_style() -> None:
    with pytest.raises(GrammarError) as err:
        format_date("2022-07-18", "short")
    assert "short" in err.value.message


MONTHS: dict[int, tuple[str, str, str, str, str, str]] = {
    1: ("январь", "января", "январю", "январь", "январем", "январе"),
    2: ("февраль", "февраля", "февралю", "февраль", "февралем", "феврале"),
    3: ("март", "марта", "марту", "март", "мартом", "марте"),
    4: ("апрель", "апреля", "апрелю", "апрель", "апрелем", "апреле"),
    5: ("май", "мая", "маю", "май", "маем", "мае"),
    6: ("июнь", "июня", "июню", "июнь", "июнем", "июне"),
    7: ("июль", "июля", "июлю", "июль", "июлем", "июле"),
    8: ("август", "августа", "августу", "август", "августом", "августе"),
    9: ("сентябрь", "сентября", "сентябрю", "сентябрь", "сентябрем", "сентябре"),
    10: ("октябрь", "октября", "октябрю", "октябрь", "октябрем", "октябре"),
    11: ("ноябрь", "ноября", "ноябрю", "ноябрь", "ноябрем", "ноябре"),
    12: ("декабрь", "декабря", "декабрю", "декабрь", "декабрем", "декабре"),
}
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@pytest.mark.parametrize(
    ("month", "case", "expected"),
    [(m, c, forms[i]) for m, forms in MONTHS.items() for i, c in enumerate(CASES)],
)
def test_month_name(month: int, case: str, expected: str) -> None:
    assert month_name(month, case) == expected


@pytest.mark.parametrize(
    ("month", "case", "expected"),
    [
        (date(2022, 7, 18), "пр", "июле"),
        (7, "рд", "июля"),
        (1, "ablt", "январем"),
        (9, "предложный", "сентябре"),
    ],
)
def test_month_name_inputs(month: int | date, case: str, expected: str) -> None:
    assert month_name(month, case) == expected


def test_month_name_yo() -> None:
    assert month_name(1, "ablt", yo=True) == "январём"
    assert month_name(12, "тв", yo=True) == "декабрём"


@pytest.mark.parametrize("month", [0, 13, -1, True])
def test_bad_month(month: int) -> None:
    with pytest.raises(GrammarError) as err:
        month_name(month)
    assert f"«{month}»" in err.value.message


@pytest.mark.parametrize(
    ("value", "case", "capitalize", "expected"),
    [
        (date(2022, 7, 1), "loct", False, f"июле 2022{G}"),
        ("2022-10-15", "nomn", True, f"Октябрь 2022{G}"),
        ("2022-10", "gent", False, f"октября 2022{G}"),
        ("10.2022", "loct", False, f"октябре 2022{G}"),
        ("3.2023", "nomn", True, f"Март 2023{G}"),
        (datetime(2023, 5, 1, 9, 0), "datv", False, f"маю 2023{G}"),
    ],
)
def test_month_year(value: date | str, case: str, capitalize: bool, expected: str) -> None:
    assert month_year(value, case, capitalize=capitalize) == expected


def test_month_year_default_is_prepositional() -> None:
    assert month_year(date(2022, 7, 18)) == f"июле 2022{G}"


@pytest.mark.parametrize("value", ["2022-13", "13.2022", "июль 2022"])
def test_bad_month_year(value: str) -> None:
    with pytest.raises(GrammarError) as err:
        month_year(value)
    assert f"«{value}»" in err.value.message


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("nomn", "2023-2024 учебный год"),
        ("gent", "2023-2024 учебного года"),
        ("datv", "2023-2024 учебному году"),
        ("accs", "2023-2024 учебный год"),
        ("ablt", "2023-2024 учебным годом"),
        ("loct", "2023-2024 учебном году"),
    ],
)
def test_academic_year_cases(case: str, expected: str) -> None:
    assert academic_year(2023, case) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-2024", "2023-2024"),
        ("2023/2024", "2023-2024"),
        ("2023/24", "2023-2024"),
        ("2023 – 2024", "2023-2024"),
        ("2023", "2023-2024"),
        (" 2024-25 ", "2024-2025"),
        ("2099/00", "2099-2100"),
        (2022, "2022-2023"),
    ],
)
def test_academic_year_spellings(value: int | str, expected: str) -> None:
    assert academic_year(value, with_noun=False) == expected


def test_academic_year_with_case_alias() -> None:
    assert academic_year("2022/23", "пр") == "2022-2023 учебном году"


@pytest.mark.parametrize("value", ["2023-2025", "2023/25", "2024-2023", "23/24", "abc", "2023-"])
def test_bad_academic_year(value: str) -> None:
    with pytest.raises(GrammarError) as err:
        academic_year(value)
    assert f"«{value}»" in err.value.message


@pytest.mark.parametrize("value", [True, 23, 2023.0])
def test_academic_year_not_a_year(value: object) -> None:
    with pytest.raises(GrammarError):
        academic_year(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("nomn", "2022-2023 годы"),
        ("accs", "2022-2023 годы"),
        ("gent", "2022-2023 годов"),
        ("datv", "2022-2023 годам"),
        ("ablt", "2022-2023 годами"),
        ("loct", "2022-2023 годах"),
    ],
)
def test_years_range(case: str, expected: str) -> None:
    assert years_range(2022, 2023, case) == expected


def test_years_range_variants() -> None:
    assert years_range("2021", "2025", with_noun=False) == "2021-2025"
    assert years_range(2021, 2025, "вн") == "2021-2025 годы"


@pytest.mark.parametrize(("start", "end"), [(2023, 2022), (2022, 2022), ("20", 2023), (2022, "x")])
def test_bad_years_range(start: int | str, end: int | str) -> None:
    with pytest.raises(GrammarError):
        years_range(start, end)
