"""Dates, months, academic years and periods of years as official texts write them.

Conventions (fixed here so that every document looks the same):

* A non-breaking space (U+00A0) stands before "г." so that a year never ends one line and
  "г." starts the next; all other spaces in dates are ordinary ones.
* "long" dates write the day without a leading zero (7 мая 2018 г., as in ГОСТ Р 7.0.97-2016);
  "quoted" dates keep two digits inside the guillemets («07» мая 2018 г.), the way dates are
  filled in on order and contract blanks («__» ______ 20__ г.).
* Ranges of years are joined by a hyphen without spaces (2022-2023 годы, 2023-2024 учебный
  год), as in the documents docgen reproduces.
* ``ё`` is not written by default (январем), as everywhere in docgen; ``yo=True`` writes it.
* Decimal numbers and percentages live in :mod:`docgen.grammar.numerals`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Final

from docgen.errors import GrammarError
from docgen.grammar.cases import Case, parse_case

NBSP: Final = "\u00a0"
YEAR_MARK: Final = NBSP + "г."

STYLES: Final = ("numeric", "quoted", "long", "iso")

_CASE_INDEX: Final[dict[Case, int]] = {
    "nomn": 0,
    "gent": 1,
    "datv": 2,
    "accs": 3,
    "ablt": 4,
    "loct": 5,
}

# Forms in the order nomn, gent, datv, accs, ablt, loct.
_MONTHS: Final[tuple[tuple[str, ...], ...]] = (
    ("январь", "января", "январю", "январь", "январём", "январе"),
    ("февраль", "февраля", "февралю", "февраль", "февралём", "феврале"),
    ("март", "марта", "марту", "март", "мартом", "марте"),
    ("апрель", "апреля", "апрелю", "апрель", "апрелем", "апреле"),
    ("май", "мая", "маю", "май", "маем", "мае"),
    ("июнь", "июня", "июню", "июнь", "июнем", "июне"),
    ("июль", "июля", "июлю", "июль", "июлем", "июле"),
    ("август", "августа", "августу", "август", "августом", "августе"),
    ("сентябрь", "сентября", "сентябрю", "сентябрь", "сентябрём", "сентябре"),
    ("октябрь", "октября", "октябрю", "октябрь", "октябрём", "октябре"),
    ("ноябрь", "ноября", "ноябрю", "ноябрь", "ноябрём", "ноябре"),
    ("декабрь", "декабря", "декабрю", "декабрь", "декабрём", "декабре"),
)

_ACADEMIC_YEAR: Final = (
    "учебный год",
    "учебного года",
    "учебному году",
    "учебный год",
    "учебным годом",
    "учебном году",
)
_YEARS: Final = ("годы", "годов", "годам", "годы", "годами", "годах")

_ISO_DATE: Final = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_RU_DATE: Final = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_MONTH: Final = re.compile(r"(\d{4})-(\d{1,2})")
_RU_MONTH: Final = re.compile(r"(\d{1,2})\.(\d{4})")
_ACADEMIC: Final = re.compile(r"(\d{4})(?:\s*[-–—/]\s*(\d{4}|\d{2}))?")


def _yo(text: str, yo: bool) -> str:
    return text if yo else text.replace("ё", "е")


def _make_date(year: int, month: int, day: int, value: object) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise GrammarError(f"несуществующая дата «{value}»") from None


def parse_date(value: date | datetime | str) -> date:
    """Accept a date, a datetime or a string "2022-07-18" / "18.07.2022" (time is dropped).

    Excel and YAML give dates in both spellings; anything else is a data error, named.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise GrammarError(f"«{value}» не является датой")
    text = value.strip()
    if m := _ISO_DATE.fullmatch(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), value)
    if m := _RU_DATE.fullmatch(text):
        return _make_date(int(m[3]), int(m[2]), int(m[1]), value)
    raise GrammarError(f"нераспознанная дата «{value}»: ожидается ГГГГ-ММ-ДД или ДД.ММ.ГГГГ")


def format_date(d: date | datetime | str, style: str = "numeric", *, yo: bool = False) -> str:
    """Write a date as official documents do.

    numeric: 18.07.2022; quoted: «18» июля 2022 г.; long: 18 июля 2022 г.; iso: 2022-07-18.
    """
    day = parse_date(d)
    if style == "numeric":
        return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
    if style == "iso":
        return day.isoformat()
    month = month_name(day.month, "gent", yo=yo)
    if style == "quoted":
        return f"«{day.day:02d}» {month} {day.year}{YEAR_MARK}"
    if style == "long":
        return f"{day.day} {month} {day.year}{YEAR_MARK}"
    raise GrammarError(f"неизвестный стиль даты «{style}»: ожидается один из {', '.join(STYLES)}")


def month_name(month: int | date, case: str = "nomn", *, yo: bool = False) -> str:
    """The name of a month (1–12 or taken from a date) in any case: июль, июля, июле."""
    number = month.month if isinstance(month, date) else month
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 12:
        raise GrammarError(f"номер месяца «{month}» должен быть от 1 до 12")
    return _yo(_MONTHS[number - 1][_CASE_INDEX[parse_case(case)]], yo)


def _parse_month(value: date | datetime | str) -> tuple[int, int]:
    """Year and month of a date or of "2022-10" / "10.2022" (a month of a monthly report)."""
    if isinstance(value, str):
        text = value.strip()
        if m := _ISO_MONTH.fullmatch(text):
            year, month = int(m[1]), int(m[2])
        elif m := _RU_MONTH.fullmatch(text):
            year, month = int(m[2]), int(m[1])
        else:
            day = parse_date(value)
            return day.year, day.month
        if not 1 <= month <= 12:
            raise GrammarError(f"несуществующий месяц «{value}»")
        return year, month
    day = parse_date(value)
    return day.year, day.month


def month_year(
    d: date | datetime | str, case: str = "loct", *, capitalize: bool = False, yo: bool = False
) -> str:
    """Month and year: "июле 2022 г." (the caller writes "в"); ``capitalize`` for table cells.

    ``month_year(d, "nomn", capitalize=True)`` gives "Октябрь 2022 г.".
    """
    year, month = _parse_month(d)
    name = month_name(month, case, yo=yo)
    if capitalize:
        name = name[:1].upper() + name[1:]
    return f"{name} {year}{YEAR_MARK}"


def _parse_academic(start: int | str) -> int:
    """The first year of "2023", "2023-2024", "2023/2024", "2023/24"; the end must be start+1."""
    if isinstance(start, bool):
        raise GrammarError(f"учебный год «{start}» должен быть годом или парой лет")
    if isinstance(start, int):
        first = start
    elif isinstance(start, str) and (m := _ACADEMIC.fullmatch(start.strip())):
        first = int(m[1])
        if m[2] is not None:
            end = int(m[2])
            expected = first + 1 if len(m[2]) == 4 else (first + 1) % 100
            if end != expected:
                raise GrammarError(
                    f"учебный год «{start}»: год окончания должен быть на 1 больше года начала"
                )
    else:
        raise GrammarError(
            f"нераспознанный учебный год «{start}»: ожидается 2023, 2023-2024, 2023/2024 "
            "или 2023/24"
        )
    if not 1000 <= first <= 9998:
        raise GrammarError(f"учебный год «{start}»: год должен быть четырехзначным")
    return first


def academic_year(start: int | str, case: str = "nomn", *, with_noun: bool = True) -> str:
    """The academic year in a case: 2023-2024 учебный год, в 2023-2024 учебном году."""
    first = _parse_academic(start)
    span = f"{first}-{first + 1}"
    if not with_noun:
        return span
    return f"{span} {_ACADEMIC_YEAR[_CASE_INDEX[parse_case(case)]]}"


def _year(value: int | str, what: str) -> int:
    if isinstance(value, bool):
        raise GrammarError(f"{what} «{value}» должен быть годом")
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise GrammarError(f"{what} «{value}» должен быть четырехзначным годом")
    return int(text)


def years_range(
    start: int | str, end: int | str, case: str = "nomn", *, with_noun: bool = True
) -> str:
    """A period of years: "2022-2023 годы" (plan "на 2022-2023 годы"), "2022-2023 годах"."""
    first, last = _year(start, "год начала"), _year(end, "год окончания")
    if last <= first:
        raise GrammarError(f"период «{start}-{end}»: год окончания должен быть позже года начала")
    span = f"{first}-{last}"
    if not with_noun:
        return span
    return f"{span} {_YEARS[_CASE_INDEX[parse_case(case)]]}"
