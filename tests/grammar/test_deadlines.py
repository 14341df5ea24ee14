"""Deadlines of plans: the official style, structured values, and the deadlines of real plans."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from docgen.errors import GrammarError
from docgen.grammar.deadlines import (
    DayMonth,
    Span,
    YearMonth,
    format_deadline,
    parse_day_month,
    parse_deadline,
    parse_year_month,
    span_of,
)

NBSP = "\u00a0"
G = NBSP + "г."
D = date

AY_2021 = (D(2021, 9, 1), D(2022, 8, 31))  # 2021-2022 учебный год (Самарская обл., № 408/1-ср)
AY_2023 = (D(2023, 9, 1), D(2024, 8, 31))  # 2023-2024 учебный год
YEARS_2022_2023 = (D(2022, 1, 1), D(2023, 12, 31))  # "на 2022-2023 годы" (Старый Оскол)
TWO_YEARS = (D(2022, 9, 1), D(2024, 8, 31))


def months(first: tuple[int, int], last: tuple[int, int]) -> Span:
    """The span from the first day of one month (year, month) to the last day of another."""
    return Span(YearMonth(*first).first_day, YearMonth(*last).last_day)


def yearly(*days: tuple[int, int], period: tuple[date, date] | None = None) -> Span:
    start, end = period if period is not None else (None, None)
    return Span(start, end, tuple(DayMonth(day, month) for day, month in days))


# ------------------------------------------------------------------------------- formatting

FORMATS: list[tuple[dict[str, Any], str]] = [
    ({"date": D(2024, 5, 25)}, "25.05.2024"),
    ({"date": D(2023, 9, 1)}, "01.09.2023"),
    ({"until": D(2024, 5, 25)}, "до 25.05.2024"),
    ({"until": D(2022, 6, 1)}, "до 01.06.2022"),
    ({"month": "2022-10"}, f"Октябрь 2022{G}"),
    ({"month": "10.2022"}, f"Октябрь 2022{G}"),
    ({"month": YearMonth(2023, 5)}, f"Май 2023{G}"),
    ({"month": "октября 2022 года"}, f"Октябрь 2022{G}"),
    ({"month": "2023-09", "period": AY_2023}, f"Сентябрь 2023{G}"),
    ({"start": "2023-03", "end": "2023-05"}, f"Март – май 2023{G}"),
    ({"start": "март 2023", "end": YearMonth(2023, 5)}, f"Март – май 2023{G}"),
    ({"start": YearMonth(2022, 9), "end": "май 2023"}, f"Сентябрь 2022{G} – май 2023{G}"),
    ({"start": "2023-11", "end": "2024-02"}, f"Ноябрь 2023{G} – февраль 2024{G}"),
    ({"start": "2023-09", "end": "2024-05", "period": AY_2023}, "Сентябрь – май"),
    ({"start": "2024-03", "end": "2024-05", "period": AY_2023}, "Март – май"),
    ({"start": "2023-09", "end": "2024-08", "period": AY_2023}, "Сентябрь – август"),
    # Outside the plan's year, or a period in which "сентябрь" could be two Septembers.
    ({"start": "2022-09", "end": "2023-05", "period": AY_2023}, f"Сентябрь 2022{G} – май 2023{G}"),
    ({"start": "2023-08", "end": "2023-10", "period": AY_2023}, f"Август – октябрь 2023{G}"),
    (
        {"start": "2023-09", "end": "2024-05", "period": TWO_YEARS},
        f"Сентябрь 2023{G} – май 2024{G}",
    ),
    ({"start": "2023-10", "end": "2023-10"}, f"Октябрь 2023{G}"),
    ({"start": D(2023, 9, 1), "end": D(2024, 5, 31)}, "01.09.2023 – 31.05.2024"),
    ({"start": D(2023, 9, 1), "end": D(2024, 5, 31), "period": AY_2023}, "01.09.2023 – 31.05.2024"),
    ({"start": "01.09.2023", "end": "2024-05-31"}, "01.09.2023 – 31.05.2024"),
    ({"start": D(2023, 9, 15), "end": "2024-05"}, f"15.09.2023 – май 2024{G}"),
    ({"start": D(2023, 9, 1), "end": D(2023, 9, 1)}, "01.09.2023"),
    ({"start": D(2023, 9, 1)}, "с 01.09.2023"),
    ({"start": "2023-09"}, f"С сентября 2023{G}"),
    ({"end": D(2024, 5, 31)}, "до 31.05.2024"),
    ({"end": "2023-05"}, f"До конца мая 2023{G}"),
    ({"annually": ["25.05"]}, "Ежегодно до 25 мая"),
    ({"annually": ["1.6"]}, "Ежегодно до 1 июня"),
    ({"annually": ["20 декабря", "25 мая"]}, "Ежегодно до 20 декабря и 25 мая"),
    (
        {"annually": [DayMonth(15, 9), "20.12", "05-25"]},
        "Ежегодно до 15 сентября, 20 декабря и 25 мая",
    ),
    ({"annually": "15 сентября и 25 мая"}, "Ежегодно до 15 сентября и 25 мая"),
    ({"annually": ["25 мая"], "period": AY_2023}, "Ежегодно до 25 мая"),
    ({"during": "учебного года"}, "В течение учебного года"),
    ({"during": "года", "period": AY_2023}, "В течение года"),
    ({"during": "В течение  года"}, "В течение года"),
]


@pytest.mark.parametrize(("kwargs", "expected"), FORMATS)
def test_format_deadline(kwargs: dict[str, Any], expected: str) -> None:
    assert format_deadline(**kwargs) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"month": "2022-10"}, f"октябрь 2022{G}"),
        ({"start": "2023-03", "end": "2023-05"}, f"март – май 2023{G}"),
        ({"start": "2023-09", "end": "2024-05", "period": AY_2023}, "сентябрь – май"),
        ({"start": "2023-09"}, f"с сентября 2023{G}"),
        ({"end": "2023-05"}, f"до конца мая 2023{G}"),
        ({"annually": ["25.05"]}, "ежегодно до 25 мая"),
        ({"during": "года"}, "в течение года"),
        ({"until": D(2024, 5, 25)}, "до 25.05.2024"),
        ({"start": D(2023, 9, 1)}, "с 01.09.2023"),
        ({"date": D(2024, 5, 25)}, "25.05.2024"),
    ],
)
def test_format_deadline_lowercase(kwargs: dict[str, Any], expected: str) -> None:
    assert format_deadline(**kwargs, capitalize=False) == expected


@pytest.mark.parametrize(("kwargs", "expected"), [f for f in FORMATS if "г." in f[1]])
def test_year_mark_is_non_breaking(kwargs: dict[str, Any], expected: str) -> None:
    text = format_deadline(**kwargs)
    assert " г." not in text
    assert text.count(G) == expected.count(G) >= 1


@pytest.mark.parametrize(("kwargs", "expected"), [f for f in FORMATS if "–" in f[1]])
def test_range_dash_is_spaced_en_dash(kwargs: dict[str, Any], expected: str) -> None:
    text = format_deadline(**kwargs)
    assert " – " in text
    assert "-" not in text and "—" not in text and NBSP + "–" not in text


@pytest.mark.parametrize(
    ("kwargs", "in_message"),
    [
        ({}, "ничего"),
        ({"date": D(2024, 5, 25), "month": "2024-05"}, "date, month"),
        ({"until": D(2024, 5, 25), "annually": ["25.05"]}, "until, annually"),
        ({"start": "2023-09", "during": "года"}, "start/end, during"),
        ({"month": "13.2022"}, "«13.2022»"),
        ({"month": "2022-13"}, "«2022-13»"),
        ({"month": "октябырь 2022"}, "«октябырь 2022»"),
        ({"month": "октябрь"}, "«октябрь»"),
        ({"start": "2023-05", "end": "2023-03"}, "начало позже окончания"),
        ({"start": D(2024, 6, 1), "end": D(2024, 5, 31)}, "01.06.2024"),
        ({"start": "31.04.2023", "end": "2023-05"}, "«31.04.2023»"),
        ({"start": "сентябрь", "end": "2023-05"}, "начало срока"),
        ({"end": "май 2023 года и далее"}, "окончание срока"),
        ({"annually": ["31.04"]}, "«31.04»"),
        ({"annually": ["31 апреля"]}, "«31 апреля»"),
        ({"annually": ["25 мая", "25.05"]}, "повторяется"),
        ({"annually": ["весной"]}, "«весной»"),
        ({"during": "  "}, "в течение"),
        ({"date": "завтра"}, "«завтра»"),
        ({"month": "2024-05", "period": (D(2024, 8, 31), D(2023, 9, 1))}, "начало позже"),
    ],
)
def test_bad_structured_deadline(kwargs: dict[str, Any], in_message: str) -> None:
    with pytest.raises(GrammarError) as err:
        format_deadline(**kwargs)
    assert in_message in err.value.message


# ------------------------------------------------------------------------ structured values


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-10", YearMonth(2022, 10)),
        ("10.2022", YearMonth(2022, 10)),
        ("3.2023", YearMonth(2023, 3)),
        ("октябрь 2022", YearMonth(2022, 10)),
        ("Октябрь 2022 г.", YearMonth(2022, 10)),
        (f"Октябрь{NBSP}2022{G}", YearMonth(2022, 10)),
        ("октября 2022 года", YearMonth(2022, 10)),
        ("ОКТЯБРЬ 2022г.", YearMonth(2022, 10)),
        ("  май   2023 ", YearMonth(2023, 5)),
        ("декабрь 2021 г", YearMonth(2021, 12)),
        (D(2022, 10, 15), YearMonth(2022, 10)),
        (YearMonth(2024, 2), YearMonth(2024, 2)),
    ],
)
def test_parse_year_month(value: str | date | YearMonth, expected: YearMonth) -> None:
    assert parse_year_month(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "13.2022",
        "2022-13",
        "00.2022",
        "2022-00",
        "октябырь 2022",
        "октябрь",
        "2022",
        "",
        "10/2022",
        "октябрь 22",
        "2022-10-15",
        "первый квартал 2022",
    ],
)
def test_bad_year_month_names_the_value(value: str) -> None:
    with pytest.raises(GrammarError) as err:
        parse_year_month(value)
    assert f"«{value}»" in err.value.message


def test_year_month_not_a_string() -> None:
    with pytest.raises(GrammarError) as err:
        parse_year_month(202210)  # type: ignore[arg-type]
    assert "202210" in err.value.message


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        (YearMonth(2024, 2), D(2024, 2, 1), D(2024, 2, 29)),
        (YearMonth(2023, 2), D(2023, 2, 1), D(2023, 2, 28)),
        (YearMonth(2022, 4), D(2022, 4, 1), D(2022, 4, 30)),
        (YearMonth(2022, 12), D(2022, 12, 1), D(2022, 12, 31)),
        (YearMonth(2023, 1), D(2023, 1, 1), D(2023, 1, 31)),
    ],
)
def test_year_month_days(value: YearMonth, first: date, last: date) -> None:
    assert (value.first_day, value.last_day) == (first, last)


def test_year_months_sort_by_year_then_month() -> None:
    unordered = [YearMonth(2023, 1), YearMonth(2022, 12), YearMonth(2022, 9), YearMonth(2023, 5)]
    assert sorted(unordered) == [
        YearMonth(2022, 9),
        YearMonth(2022, 12),
        YearMonth(2023, 1),
        YearMonth(2023, 5),
    ]


@pytest.mark.parametrize(
    ("year", "month", "shown"), [(2022, 13, "«13.2022»"), (2022, 0, "«00.2022»")]
)
def test_impossible_year_month(year: int, month: int, shown: str) -> None:
    with pytest.raises(GrammarError) as err:
        YearMonth(year, month)
    assert shown in err.value.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("25.05", DayMonth(25, 5)),
        ("25 мая", DayMonth(25, 5)),
        ("05-25", DayMonth(25, 5)),
        ("--05-25", DayMonth(25, 5)),
        ("1 июня", DayMonth(1, 6)),
        ("1.6", DayMonth(1, 6)),
        ("15 сентября", DayMonth(15, 9)),
        ("20 Декабря", DayMonth(20, 12)),
        (" 25  мая ", DayMonth(25, 5)),
        ("29.02", DayMonth(29, 2)),
        ("29 февраля", DayMonth(29, 2)),
        ("31.12", DayMonth(31, 12)),
    ],
)
def test_parse_day_month(value: str, expected: DayMonth) -> None:
    assert parse_day_month(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "31.04",
        "31 апреля",
        "30.02",
        "32.01",
        "00.05",
        "25.13",
        "04-31",
        "25 майя",
        "мая 25",
        "",
        "25/05",
        "25.05.2024",
        "двадцать пятое мая",
    ],
)
def test_bad_day_month_names_the_value(value: str) -> None:
    with pytest.raises(GrammarError) as err:
        parse_day_month(value)
    assert f"«{value}»" in err.value.message


@pytest.mark.parametrize(
    ("value", "year", "expected"),
    [
        (DayMonth(25, 5), 2023, D(2023, 5, 25)),
        (DayMonth(29, 2), 2024, D(2024, 2, 29)),
        (DayMonth(29, 2), 2023, D(2023, 2, 28)),
    ],
)
def test_day_month_in_year(value: DayMonth, year: int, expected: date) -> None:
    assert value.in_year(year) == expected


def test_day_month_text() -> None:
    assert [str(DayMonth(25, 5)), str(DayMonth(1, 6))] == ["25 мая", "1 июня"]


def test_span_cannot_end_before_it_starts() -> None:
    with pytest.raises(GrammarError) as err:
        Span(D(2023, 5, 1), D(2023, 3, 1))
    assert "01.05.2023" in err.value.message


# ------------------------------------------------------------------------------------ spans


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"date": D(2024, 5, 25)}, Span(None, D(2024, 5, 25))),
        ({"until": D(2024, 5, 25)}, Span(None, D(2024, 5, 25))),
        ({"month": "2022-10"}, months((2022, 10), (2022, 10))),
        ({"month": "февраль 2024"}, Span(D(2024, 2, 1), D(2024, 2, 29))),
        ({"start": "2023-03", "end": "2023-05"}, months((2023, 3), (2023, 5))),
        ({"start": "2023-09", "end": "2024-05", "period": AY_2023}, months((2023, 9), (2024, 5))),
        ({"start": D(2023, 9, 1), "end": D(2024, 5, 31)}, Span(D(2023, 9, 1), D(2024, 5, 31))),
        ({"start": D(2023, 9, 15), "end": "2024-05"}, Span(D(2023, 9, 15), D(2024, 5, 31))),
        ({"start": D(2023, 9, 1)}, Span(D(2023, 9, 1), None)),
        ({"start": "2023-09"}, Span(D(2023, 9, 1), None)),
        ({"end": D(2024, 5, 31)}, Span(None, D(2024, 5, 31))),
        ({"end": "2023-05"}, Span(None, D(2023, 5, 31))),
        ({"annually": ["25.05"]}, yearly((25, 5))),
        (
            {"annually": ["20.12", "25.05"], "period": AY_2023},
            yearly((20, 12), (25, 5), period=AY_2023),
        ),
        ({"during": "учебного года"}, Span(None, None)),
        ({"during": "учебного года", "period": AY_2023}, Span(*AY_2023)),
    ],
)
def test_span_of(kwargs: dict[str, Any], expected: Span) -> None:
    assert span_of(**kwargs) == expected


ROUND_TRIP: list[dict[str, Any]] = [
    {"date": D(2024, 5, 25)},
    {"until": D(2022, 6, 1)},
    {"month": "2022-10"},
    {"start": "2023-03", "end": "2023-05"},
    {"start": "2022-09", "end": "2023-05"},
    {"start": "2023-11", "end": "2024-02"},
    {"start": "2023-09", "end": "2024-05", "period": AY_2023},
    {"start": "2024-01", "end": "2024-08", "period": AY_2023},
    {"start": "2023-09", "end": "2024-05", "period": TWO_YEARS},
    {"start": D(2023, 9, 1), "end": D(2024, 5, 31)},
    {"start": D(2023, 9, 15), "end": "2024-05"},
    {"start": D(2023, 9, 1)},
    {"start": "2023-09"},
    {"end": "2023-05"},
    {"annually": ["15.09", "20.12", "25.05"], "period": AY_2023},
    {"annually": ["1 июня"]},
    {"during": "учебного года", "period": AY_2023},
    {"during": "года", "period": YEARS_2022_2023},
]


@pytest.mark.parametrize("kwargs", ROUND_TRIP)
@pytest.mark.parametrize("capitalize", [True, False])
def test_written_deadline_reads_back(kwargs: dict[str, Any], capitalize: bool) -> None:
    text = format_deadline(**kwargs, capitalize=capitalize)
    assert parse_deadline(text, period=kwargs.get("period")) == span_of(**kwargs)


# ----------------------------------------------------------- the deadlines of the seed plans

# Every distinct deadline in the tables of /work/shared/seeds (001: Старый Оскол, "Сроки
# исполнения"; 002: Тамбовский район, "Сроки"; 004: Самарская обл., "Сроки проведения"; 000
# has no table), as written, with its span when the plan gives no period. "Октябрь – Декабрь
# 2021 г." is one cell split by a page break ("Октябрь –" / "Декабрь 2021 г.").
SEED_DEADLINES: list[tuple[str, Span | None]] = [
    # 002
    ("до 01.06.2022", Span(None, D(2022, 6, 1))),
    ("период учебного года", None),
    ("Ежегодно до 25 мая", yearly((25, 5))),
    ("Ежегодно до 15 сентября и 25 мая", yearly((15, 9), (25, 5))),
    ("Ежегодно до 20 декабря и 25 мая", yearly((20, 12), (25, 5))),
    ("Ежегодно до 1 июня", yearly((1, 6))),
    ("Ежегодно до 15 сентября", yearly((15, 9))),
    ("График АмИРО", None),
    ("По отдельному графику", None),
    ("постоянно", None),
    # 001
    ("Июль - август 2022 г.", months((2022, 7), (2022, 8))),
    ("Ноябрь 2022", months((2022, 11), (2022, 11))),
    ("Октябрь - ноябрь 2022", months((2022, 10), (2022, 11))),
    ("Декабрь 2022", months((2022, 12), (2022, 12))),
    ("в течение учебного года", None),
    ("Октябрь 2023 г.", months((2023, 10), (2023, 10))),
    ("Март-Май 2023 г.", months((2023, 3), (2023, 5))),
    ("в соответствии с планом-графиком мероприятий Проекта", None),
    ("В соответствии со сроками, установленными Министерством просвещения РФ", None),
    ("Май 2023 г.", months((2023, 5), (2023, 5))),
    ("Февраль 2023 г.", Span(D(2023, 2, 1), D(2023, 2, 28))),
    ("Октябрь - ноябрь 2022 г.", months((2022, 10), (2022, 11))),
    ("Февраль-Март 2023 г.", months((2023, 2), (2023, 3))),
    ("В течение учебного года", None),
    ("В соответствии с утвержденным графиком", None),
    # Summers of two years: one span from the first summer's start to the last summer's end.
    ("Июнь-Август 2022 г., 2023 г.", Span(D(2022, 6, 1), D(2023, 8, 31))),
    ("В течение года", None),
    ("В соответствии с планом-графиком", None),
    ("Март-май 2023 г.", months((2023, 3), (2023, 5))),
    # 004
    ("Сентябрь 2021 г.", months((2021, 9), (2021, 9))),
    ("Октябрь 2021 г.", months((2021, 10), (2021, 10))),
    ("Октябрь 2021", months((2021, 10), (2021, 10))),
    ("Август-сентябрь 2021г.", months((2021, 8), (2021, 9))),
    ("Август 2022 г.", months((2022, 8), (2022, 8))),
    ("Сентябрь 2021", months((2021, 9), (2021, 9))),
    ("Декабрь 2021", months((2021, 12), (2021, 12))),
    ("Июнь 2021", months((2021, 6), (2021, 6))),
    ("Июнь-ноябрь 2022", months((2022, 6), (2022, 11))),
    ("В течение года (по запросу Минобрнауки СО)", None),
    ("Январь - Февраль 2022", Span(D(2022, 1, 1), D(2022, 2, 28))),
    ("В течение года (по плану работы ОО)", None),
    ("Апрель 2022 г.", months((2022, 4), (2022, 4))),
    ("Октябрь 2021 Апрель 2022", Span(D(2021, 10, 1), D(2022, 4, 30))),
    ("Декабрь 2021 г.", months((2021, 12), (2021, 12))),
    ("Апрель 2022", months((2022, 4), (2022, 4))),
    ("Май 2022 г.", months((2022, 5), (2022, 5))),
    ("Апрель-май 2022 г.", months((2022, 4), (2022, 5))),
    ("Октябрь – Декабрь 2021 г.", Span(D(2021, 10, 1), D(2021, 12, 31))),
    ("В течение учебного года (по плану ЦПО Самарской области)", None),
    ("В течение учебного года (по планам ОО)", None),
    ("Февраль 2022 г.", months((2022, 2), (2022, 2))),
    ("Февраль-март 2022 г.", months((2022, 2), (2022, 3))),
    ("Март-апрель 2022 г.", months((2022, 3), (2022, 4))),
    ("Март-апрель 2022", months((2022, 3), (2022, 4))),
    ("Январь-март 2022 г.", months((2022, 1), (2022, 3))),
    ("Октябрь 2021г.", months((2021, 10), (2021, 10))),
    ("Октябрь-Ноябрь 2021г.", months((2021, 10), (2021, 11))),
    ("Ноябрь 2021г.", months((2021, 11), (2021, 11))),
    ("Февраль 2022г.", months((2022, 2), (2022, 2))),
    ("Март- апрель 2022г.", months((2022, 3), (2022, 4))),
    ("Июнь 2022г.", months((2022, 6), (2022, 6))),
    ("В течение года (по плану ЦСО Самарской области)", None),
    ("Сентябрь 2021г.", months((2021, 9), (2021, 9))),
    ("Апрель 2022г.", months((2022, 4), (2022, 4))),
    ("Август 2022г.", months((2022, 8), (2022, 8))),
]


def test_seed_table_is_complete_and_distinct() -> None:
    texts = [text for text, _ in SEED_DEADLINES]
    assert len(texts) == len(set(texts)) == 65
    assert sum(span is not None for _, span in SEED_DEADLINES) == 49


@pytest.mark.parametrize(("text", "expected"), SEED_DEADLINES)
def test_parse_seed_deadline(text: str, expected: Span | None) -> None:
    assert parse_deadline(text) == expected


@pytest.mark.parametrize(("text", "expected"), [s for s in SEED_DEADLINES if s[1] is not None])
def test_dated_seed_deadline_ignores_the_period(text: str, expected: Span) -> None:
    if expected.annually:
        expected = Span(AY_2021[0], AY_2021[1], expected.annually)
    assert parse_deadline(text, period=AY_2021) == expected


# Deadlines that mean "the whole plan": the plan's own period.
@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("период учебного года", AY_2021),
        ("постоянно", AY_2021),
        ("в течение учебного года", YEARS_2022_2023),
        ("В течение учебного года", YEARS_2022_2023),
        ("В течение года", YEARS_2022_2023),
        ("В течение года", AY_2021),
        ("В течение года (по запросу Минобрнауки СО)", AY_2021),
        ("В течение года (по плану работы ОО)", AY_2021),
        ("В течение учебного года (по плану ЦПО Самарской области)", AY_2021),
        ("В течение учебного года (по планам ОО)", AY_2021),
        ("В течение года (по плану ЦСО Самарской области)", AY_2021),
    ],
)
def test_seed_deadline_of_the_whole_period(text: str, period: tuple[date, date]) -> None:
    assert parse_deadline(text, period=period) == Span(*period)


@pytest.mark.parametrize(
    "text",
    [
        "График АмИРО",
        "По отдельному графику",
        "В соответствии с утвержденным графиком",
        "В соответствии с утверждённым графиком",
        "В соответствии с планом-графиком",
        "в соответствии с планом-графиком мероприятий Проекта",
        "В соответствии со сроками, установленными Министерством просвещения РФ",
    ],
)
def test_schedule_reference_has_no_span_even_with_a_period(text: str) -> None:
    assert parse_deadline(text, period=AY_2021) is None


@pytest.mark.parametrize(
    ("text", "period", "expected"),
    [
        ("Сентябрь – май", AY_2023, months((2023, 9), (2024, 5))),
        ("сентябрь-май", AY_2023, months((2023, 9), (2024, 5))),
        ("Январь — март", AY_2023, months((2024, 1), (2024, 3))),
        ("Октябрь", AY_2023, months((2023, 10), (2023, 10))),
        ("С сентября", AY_2023, Span(D(2023, 9, 1), None)),
        ("до конца мая", AY_2023, Span(None, D(2024, 5, 31))),
        ("Сентябрь 2022 – май", None, months((2022, 9), (2023, 5))),
        ("Ноябрь – февраль 2024 г.", None, Span(D(2023, 11, 1), D(2024, 2, 29))),
        ("ОКТЯБРЬ—НОЯБРЬ 2022 Г.", None, months((2022, 10), (2022, 11))),
        (f"Март\u2011май 2023{G}", None, months((2023, 3), (2023, 5))),
        (f"Сентябрь 2022{G} – май 2023{G}", None, months((2022, 9), (2023, 5))),
        ("с сентября 2022 г. по май 2023 г.", None, months((2022, 9), (2023, 5))),
        ("Октябрь 2021, апрель 2022", None, Span(D(2021, 10, 1), D(2022, 4, 30))),
        ("10.2022", None, months((2022, 10), (2022, 10))),
        ("25.05.2024", None, Span(None, D(2024, 5, 25))),
        ("25.05.2024 г.", None, Span(None, D(2024, 5, 25))),
        ("2024-05-25", None, Span(None, D(2024, 5, 25))),
        ("не позднее 25.05.2024", None, Span(None, D(2024, 5, 25))),
        ("до 25 мая 2024 г.", None, Span(None, D(2024, 5, 25))),
        ("25 мая 2024 года", None, Span(None, D(2024, 5, 25))),
        ("с 01.09.2023", None, Span(D(2023, 9, 1), None)),
        ("с 01.09.2023 по 31.05.2024", None, Span(D(2023, 9, 1), D(2024, 5, 31))),
        ("01.09.2023 — 31.05.2024", None, Span(D(2023, 9, 1), D(2024, 5, 31))),
        ("с 15.09.2023 по май 2024 г.", None, Span(D(2023, 9, 15), D(2024, 5, 31))),
        ("Сентябрь 2023 г. – 15.05.2024", None, Span(D(2023, 9, 1), D(2024, 5, 15))),
        ("Сентябрь – май 2024 г.", None, months((2023, 9), (2024, 5))),
        ("ежегодно до 25.05", TWO_YEARS, yearly((25, 5), period=TWO_YEARS)),
        ("ЕЖЕГОДНО ДО 15 СЕНТЯБРЯ, 20 ДЕКАБРЯ И 25 МАЯ", None, yearly((15, 9), (20, 12), (25, 5))),
        ("В течение 2023 года", None, Span(D(2023, 1, 1), D(2023, 12, 31))),
        ("в течение 2023-2024 учебного года", None, Span(*AY_2023)),
        ("в течение всего учебного года", AY_2023, Span(*AY_2023)),
        ("2023", None, Span(D(2023, 1, 1), D(2023, 12, 31))),
        ("2026 год", AY_2023, Span(D(2026, 1, 1), D(2026, 12, 31))),
        (
            "ноябрь-декабрь 2022 года-январь-март 2023 года",
            None,
            Span(D(2022, 11, 1), D(2023, 3, 31)),
        ),
    ],
)
def test_parse_other_deadlines(text: str, period: tuple[date, date] | None, expected: Span) -> None:
    assert parse_deadline(text, period=period) == expected


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("", None),
        ("   ", None),
        ("(", None),
        ("г.", None),
        ("---", None),
        ("0000", None),
        ("ноябрь-декабрь 2023 года-январь-март 2022 года", None),
        ("31.04.2023", None),
        ("до 31.02.2022", None),
        ("99.99.9999", None),
        ("Май 2023 – март 2023", None),
        ("01.06.2024 – май 2024", None),
        ("01.09.2023 – 01.09.2022", None),
        ("13.2022", None),
        ("Январь 0000", None),
        ("ежегодно до 31 апреля", None),
        ("ежегодно до 25 мая и 25 мая", None),
        ("Сентябрь – май", None),
        ("Сентябрь", None),
        ("Сентябрь – май", TWO_YEARS),  # two Septembers in the period: which one?
        ("Май – сентябрь", AY_2023),  # May 2024 comes after September 2023
        ("до мая 2023 г.", None),  # before May or through May: plans mean both
        ("в течение 2023-2025 учебного года", None),
        ("по мере необходимости", AY_2023),
        ("ежемесячно", AY_2023),
        ("Сентябрь – май 2025 2026", None),
        ("1 четверть", AY_2023),
    ],
)
def test_unclear_deadline_is_none_not_an_error(text: str, period: tuple[date, date] | None) -> None:
    assert parse_deadline(text, period=period) is None


def test_parse_deadline_checks_the_period() -> None:
    with pytest.raises(GrammarError):
        parse_deadline("В течение года", period=(D(2024, 8, 31), D(2023, 9, 1)))


# ------------------------------------------------------------------------------ due and sort

MAY_25_TWO_YEARS = yearly((25, 5), period=TWO_YEARS)
TWICE_IN_2023 = yearly((20, 12), (25, 5), period=AY_2023)


@pytest.mark.parametrize(
    ("span", "today", "expected"),
    [
        (MAY_25_TWO_YEARS, D(2023, 6, 1), D(2023, 5, 25)),
        (MAY_25_TWO_YEARS, D(2022, 10, 1), None),
        (MAY_25_TWO_YEARS, D(2022, 8, 1), None),  # before the plan
        (MAY_25_TWO_YEARS, D(2023, 5, 24), None),
        (MAY_25_TWO_YEARS, D(2023, 5, 25), D(2023, 5, 25)),  # due today
        (MAY_25_TWO_YEARS, D(2024, 3, 1), D(2023, 5, 25)),
        (MAY_25_TWO_YEARS, D(2024, 6, 1), D(2024, 5, 25)),
        (MAY_25_TWO_YEARS, D(2026, 6, 1), D(2024, 5, 25)),  # after the plan: its last one
        (TWICE_IN_2023, D(2023, 12, 19), None),
        (TWICE_IN_2023, D(2024, 1, 10), D(2023, 12, 20)),
        (TWICE_IN_2023, D(2024, 5, 26), D(2024, 5, 25)),
        (TWICE_IN_2023, D(2024, 12, 31), D(2024, 5, 25)),  # no 20.12.2024: the plan is over
        (yearly((15, 9)), D(2023, 9, 14), D(2022, 9, 15)),
        (yearly((15, 9)), D(2023, 9, 15), D(2023, 9, 15)),
        (yearly((29, 2)), D(2023, 3, 1), D(2023, 2, 28)),
        (yearly((29, 2)), D(2024, 3, 1), D(2024, 2, 29)),
        (yearly((15, 9), (25, 5)), D(2024, 1, 1), D(2023, 9, 15)),
        (Span(None, D(2024, 5, 25)), D(2020, 1, 1), D(2024, 5, 25)),
        (Span(None, D(2024, 5, 25)), D(2030, 1, 1), D(2024, 5, 25)),
        (months((2022, 3), (2022, 4)), D(2022, 3, 15), D(2022, 4, 30)),
        (Span(D(2023, 9, 1), None), D(2024, 1, 1), None),
        (Span(None, None), D(2024, 1, 1), None),
    ],
)
def test_due(span: Span, today: date, expected: date | None) -> None:
    assert span.due(today) == expected


@pytest.mark.parametrize(
    ("text", "today", "overdue"),
    [
        ("до 01.06.2022", D(2022, 6, 1), False),
        ("до 01.06.2022", D(2022, 6, 2), True),
        ("Март-май 2023 г.", D(2023, 5, 31), False),
        ("Март-май 2023 г.", D(2023, 6, 1), True),
        ("Ежегодно до 20 декабря и 25 мая", D(2021, 12, 20), False),
        ("Ежегодно до 20 декабря и 25 мая", D(2021, 12, 21), True),
        ("Ежегодно до 20 декабря и 25 мая", D(2021, 9, 30), False),
    ],
)
def test_overdue_in_a_report(text: str, today: date, overdue: bool) -> None:
    span = parse_deadline(text, period=AY_2021)
    assert span is not None
    due = span.due(today)
    assert (due is not None and due < today) is overdue


SORTED_SPANS = [
    Span(D(2021, 10, 1), D(2022, 4, 30)),
    Span(None, D(2022, 6, 1)),
    Span(D(2022, 5, 1), D(2022, 6, 1)),
    Span(D(2022, 6, 1), D(2022, 6, 1)),
    Span(*AY_2021),
    yearly((15, 9), (25, 5), period=AY_2021),
    yearly((20, 12), period=AY_2021),
    yearly((25, 5), period=AY_2021),
    Span(None, None),
    yearly((25, 5)),  # no bounds: by the day of the calendar year
    yearly((15, 9)),
    Span(D(2021, 9, 1), None),
]


@pytest.mark.parametrize("shift", [0, 3, 7])
def test_sort_order(shift: int) -> None:
    shuffled = list(reversed(SORTED_SPANS))
    shuffled = shuffled[shift:] + shuffled[:shift]
    assert sorted(shuffled, key=Span.sort_key) == SORTED_SPANS


def test_sort_seed_deadlines_of_a_plan() -> None:
    texts = [
        "В течение года",
        "Декабрь 2021",
        "Ежегодно до 25 мая",
        "до 01.06.2022",
        "Октябрь 2021 Апрель 2022",
        "Сентябрь 2021 г.",
        "Октябрь – Декабрь 2021 г.",
        "Август-сентябрь 2021г.",
    ]
    spans = {text: parse_deadline(text, period=AY_2021) for text in texts}
    order = sorted(texts, key=lambda text: spans[text].sort_key())  # type: ignore[union-attr]
    assert order == [
        "Август-сентябрь 2021г.",
        "Сентябрь 2021 г.",
        "Октябрь – Декабрь 2021 г.",
        "Декабрь 2021",
        "Октябрь 2021 Апрель 2022",
        "до 01.06.2022",
        "В течение года",
        "Ежегодно до 25 мая",
    ]
