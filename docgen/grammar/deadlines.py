"""Deadlines ("сроки") of plan activities: written in the official style and understood back.

A deadline cell of a plan (roadmap) is either free text kept as written ("По отдельному
графику", "Март-май 2023 г.") or structured data. :func:`format_deadline` writes structured
deadlines the way plans print them; :func:`span_of` and :func:`parse_deadline` turn both kinds
into a :class:`Span`, which is what sorting activities and "overdue" checks in monitoring
reports need.

Conventions (fixed here so that every plan looks the same):

* Ranges are joined by an en dash with spaces: "Март – май 2023 г.", "01.09.2023 – 31.05.2024".
* A non-breaking space stands before "г." as everywhere in docgen (see ``dates.YEAR_MARK``).
* A deadline made of a preposition and a numeric date stays lowercase even in a table cell:
  "до 01.06.2022", "с 01.09.2023" (this is how the plans print them); every other deadline
  starts with a capital letter unless ``capitalize=False``.
* A deadline "until a day" includes that day: "до 25.05.2024" is met on 25.05.2024.
* A range of months drops its years ("Сентябрь – май") only inside the plan's period and only
  when each month occurs in that period once, so that the text can be read back; an end
  month alone is written "До конца мая 2023 г." (plain "до мая" could mean "before May").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from docgen.errors import GrammarError
from docgen.grammar.cases import CASES
from docgen.grammar.dates import YEAR_MARK, format_date, month_name, parse_date

DASH: Final = "–"  # en dash, spaced, between the ends of a range

# Every case form of every month (with and without ё), for reading months written in words.
_MONTH_FORMS: Final[dict[str, int]] = {
    month_name(number, case, yo=yo): number
    for number in range(1, 13)
    for case in CASES
    for yo in (False, True)
}

_YEAR_WORD: Final = r"(?:\s*(?:г\.?|гг\.?|год|года|году))?"
_ISO_MONTH: Final = re.compile(r"(\d{4})-(\d{1,2})")
_RU_MONTH: Final = re.compile(r"(\d{1,2})\.(\d{4})" + _YEAR_WORD)
_WORD_MONTH: Final = re.compile(r"([а-яё]+)\s*(\d{4})" + _YEAR_WORD)
_DATE_LIKE: Final = re.compile(r"\s*(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4})\b.*")

_DAY_DOT: Final = re.compile(r"(\d{1,2})\.(\d{1,2})")
_DAY_ISO: Final = re.compile(r"(?:--)?(\d{1,2})-(\d{1,2})")
_DAY_WORD: Final = re.compile(r"(\d{1,2})\s+([а-яё]+)")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _two(value: object) -> str:
    """A day or month number as dates write it (05), anything else as it is (for messages)."""
    return f"{value:02d}" if isinstance(value, int) and _is_int(value) else str(value)


@dataclass(frozen=True, order=True)
class YearMonth:
    """A month of a year (Октябрь 2022 г.): deadlines of plans are mostly months, not days."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not (_is_int(self.year) and _is_int(self.month)) or not (
            1 <= self.month <= 12 and 1 <= self.year <= 9999
        ):
            raise GrammarError(f"несуществующий месяц «{_two(self.month)}.{self.year}»")

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        if self.month == 12:
            return date(self.year, 12, 31)
        return date(self.year, self.month + 1, 1) - timedelta(days=1)


@dataclass(frozen=True)
class DayMonth:
    """A day of the year without a year (25 мая): recurring deadlines name these."""

    day: int
    month: int

    def __post_init__(self) -> None:
        try:
            if not (_is_int(self.day) and _is_int(self.month)):
                raise TypeError
            date(2000, self.month, self.day)  # a leap year: 29.02 is a valid recurring day
        except (ValueError, TypeError):
            raise GrammarError(
                f"несуществующая дата «{_two(self.day)}.{_two(self.month)}»"
            ) from None

    def in_year(self, year: int) -> date:
        """The day in a given year; 29 февраля falls on 28 февраля in a common year."""
        if self.month == 2 and self.day == 29:
            try:
                return date(year, 2, 29)
            except ValueError:
                return date(year, 2, 28)
        return date(year, self.month, self.day)

    def __str__(self) -> str:
        return f"{self.day} {month_name(self.month, 'gent')}"


@dataclass(frozen=True)
class Span:
    """The window a deadline names: the work may start at `start` and is due by `end`.

    ``None`` is an unknown or open bound ("до 25.05.2024" has no start, "с 01.09.2023" no
    end). ``annually`` lists recurring due days ("ежегодно до 20 декабря и 25 мая"); for such
    a span ``start``..``end`` only bound the years in which the days recur.
    """

    start: date | None
    end: date | None
    annually: tuple[DayMonth, ...] = ()

    def __post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.start > self.end:
            raise GrammarError(
                f"срок начинается ({format_date(self.start)}) позже, чем заканчивается "
                f"({format_date(self.end)})"
            )

    def due(self, today: date) -> date | None:
        """The due date that matters on `today`; the activity is overdue if it is before today.

        * A dated span (no ``annually``): ``end`` whatever `today` is, or ``None`` when the
          span has no end ("с 01.09.2023", "в течение года" without a plan period).
        * A recurring span: the latest occurrence of any of the ``annually`` days that is on
          or before `today` and lies within ``start``..``end`` (a missing bound does not
          limit); ``None`` if no occurrence has come yet. After ``end`` it stays the last
          occurrence within the span. An occurrence equal to `today` is returned: it is due
          today, not yet overdue.
        """
        if not self.annually:
            return self.end
        limit = today if self.end is None else min(today, self.end)
        best: date | None = None
        for year in (limit.year - 1, limit.year):
            for day_month in self.annually:
                try:
                    occurrence = day_month.in_year(year)
                except ValueError:  # year 0 or 10000: no such occurrence
                    continue
                if occurrence > limit or (self.start is not None and occurrence < self.start):
                    continue
                if best is None or occurrence > best:
                    best = occurrence
        return best

    def sort_key(self) -> tuple[int, ...]:
        """Order spans by end, then start (an open start first); spans without an end last.

        Recurring spans with the same bounds follow dated ones, ordered by their first due
        day after ``start`` (by calendar day when there is no start).
        """
        key = [
            0 if self.end is not None else 1,
            self.end.toordinal() if self.end is not None else 0,
            0 if self.start is None else 1,
            self.start.toordinal() if self.start is not None else 0,
        ]
        if not self.annually:
            return (*key, 0)
        if self.start is not None:
            start = self.start
            firsts = [
                min(d for d in (dm.in_year(start.year), dm.in_year(start.year + 1)) if d >= start)
                for dm in self.annually
            ]
            return (*key, 1, min(firsts).toordinal() - start.toordinal())
        return (*key, 1, min(dm.month * 32 + dm.day for dm in self.annually))


def parse_year_month(value: str | date | YearMonth) -> YearMonth:
    """Read a month of a year: "2022-10", "10.2022", "октябрь 2022", "Октябрь 2022 г."."""
    if isinstance(value, YearMonth):
        return value
    if isinstance(value, date):
        return YearMonth(value.year, value.month)
    if not isinstance(value, str):
        raise GrammarError(f"«{value}» не является месяцем")
    text = " ".join(value.replace("\u00a0", " ").split()).lower()
    if (m := _ISO_MONTH.fullmatch(text)) or (m := _RU_MONTH.fullmatch(text)):
        year, month = (int(m[1]), int(m[2])) if m.re is _ISO_MONTH else (int(m[2]), int(m[1]))
        if not 1 <= month <= 12:
            raise GrammarError(f"несуществующий месяц «{value}»")
        return YearMonth(year, month)
    if (m := _WORD_MONTH.fullmatch(text)) and m[1] in _MONTH_FORMS:
        return YearMonth(int(m[2]), _MONTH_FORMS[m[1]])
    raise GrammarError(
        f"нераспознанный месяц «{value}»: ожидается ГГГГ-ММ, ММ.ГГГГ или «октябрь 2022»"
    )


def parse_day_month(value: str) -> DayMonth:
    """Read a day of the year without a year: "25.05", "25 мая", "05-25" (ISO order)."""
    if isinstance(value, DayMonth):
        return value
    if not isinstance(value, str):
        raise GrammarError(f"«{value}» не является днем года")
    text = " ".join(value.replace("\u00a0", " ").split()).lower()
    day = month = 0
    if m := _DAY_DOT.fullmatch(text):
        day, month = int(m[1]), int(m[2])
    elif m := _DAY_ISO.fullmatch(text):
        day, month = int(m[2]), int(m[1])
    elif (m := _DAY_WORD.fullmatch(text)) and m[2] in _MONTH_FORMS:
        day, month = int(m[1]), _MONTH_FORMS[m[2]]
    else:
        raise GrammarError(
            f"нераспознанный день года «{value}»: ожидается ДД.ММ, ММ-ДД или «25 мая»"
        )
    try:
        return DayMonth(day, month)
    except GrammarError:
        raise GrammarError(f"несуществующая дата «{value}»") from None


# ---------------------------------------------------------------------------------------------
# Structured deadlines


def _point(value: str | date | YearMonth, what: str) -> date | YearMonth:
    """A bound of a range: a day ("01.09.2023", a date) or a month ("2023-09", "сентябрь 2023")."""
    if isinstance(value, date | YearMonth):
        return parse_date(value) if isinstance(value, date) else value
    if isinstance(value, str) and _DATE_LIKE.fullmatch(value):
        return parse_date(value)
    try:
        return parse_year_month(value)
    except GrammarError as error:
        raise GrammarError(f"{what}: {error.message}") from None


def _first(point: date | YearMonth) -> date:
    return point.first_day if isinstance(point, YearMonth) else point


def _last(point: date | YearMonth) -> date:
    return point.last_day if isinstance(point, YearMonth) else point


def _check_period(period: tuple[date, date] | None) -> tuple[date, date] | None:
    if period is None:
        return None
    if (
        not isinstance(period, tuple | list)
        or len(period) != 2
        or not all(isinstance(d, date) for d in period)
    ):
        raise GrammarError(f"период плана «{period}» должен быть парой дат (начало, окончание)")
    first, last = parse_date(period[0]), parse_date(period[1])
    if first > last:
        raise GrammarError(
            f"период плана «{format_date(first)} – {format_date(last)}»: начало позже окончания"
        )
    return first, last


def _in_period(month: int, period: tuple[date, date]) -> YearMonth | None:
    """The only occurrence of a month (1–12) within the plan's period, or None if 0 or 2+."""
    found = [
        ym
        for year in range(period[0].year, period[1].year + 1)
        if (ym := YearMonth(year, month)).last_day >= period[0] and ym.first_day <= period[1]
    ]
    return found[0] if len(found) == 1 else None


def _month_text(ym: YearMonth, case: str = "nomn", *, year: bool = True) -> str:
    name = month_name(ym.month, case)
    return f"{name} {ym.year}{YEAR_MARK}" if year else name


def _join_days(days: Sequence[DayMonth]) -> str:
    texts = [str(d) for d in days]
    if len(texts) == 1:
        return texts[0]
    return ", ".join(texts[:-1]) + " и " + texts[-1]


def _days(annually: Sequence[str | DayMonth]) -> tuple[DayMonth, ...]:
    items: Sequence[str | DayMonth] = annually
    if isinstance(annually, str):  # "20 декабря и 25 мая" given as one string
        items = [p for p in re.split(r"\s*,\s*|\s+и\s+", annually.strip()) if p]
    days = tuple(item if isinstance(item, DayMonth) else parse_day_month(item) for item in items)
    seen: set[DayMonth] = set()
    for day in days:
        if day in seen:
            raise GrammarError(f"день «{day}» повторяется в ежегодном сроке")
        seen.add(day)
    return days


def _range(
    start: date | YearMonth | None, end: date | YearMonth | None, period: tuple[date, date] | None
) -> tuple[str, Span, bool]:
    """Text (lowercase), span and whether the text must stay lowercase."""
    if end is None:
        assert start is not None
        if isinstance(start, YearMonth):
            return f"с {_month_text(start, 'gent')}", Span(start.first_day, None), False
        return f"с {format_date(start)}", Span(start, None), True
    if start is None:
        if isinstance(end, YearMonth):
            return f"до конца {_month_text(end, 'gent')}", Span(None, end.last_day), False
        return f"до {format_date(end)}", Span(None, end), True
    if _first(start) > _last(end):
        raise GrammarError(
            f"срок «{format_date(_first(start))} – {format_date(_last(end))}»: "
            "начало позже окончания"
        )
    span = Span(_first(start), _last(end))
    if start == end:
        single = _month_text(start) if isinstance(start, YearMonth) else format_date(start)
        return single, span, False
    if isinstance(start, YearMonth) and isinstance(end, YearMonth):
        if (
            period is not None
            and _in_period(start.month, period) == start
            and _in_period(end.month, period) == end
            and start.first_day >= period[0]
            and end.last_day <= period[1]
        ):
            text = f"{_month_text(start, year=False)} {DASH} {_month_text(end, year=False)}"
            return text, span, False
        if start.year == end.year:
            return f"{_month_text(start, year=False)} {DASH} {_month_text(end)}", span, False
    parts = [_month_text(p) if isinstance(p, YearMonth) else format_date(p) for p in (start, end)]
    return f"{parts[0]} {DASH} {parts[1]}", span, False


def _build(
    *,
    day: date | None,
    until: date | None,
    month: str | YearMonth | None,
    start: str | date | YearMonth | None,
    end: str | date | YearMonth | None,
    annually: Sequence[str | DayMonth],
    during: str | None,
    period: tuple[date, date] | None,
) -> tuple[str, Span, bool]:
    """The lowercase text, the span and whether the text must stay lowercase."""
    given = {
        "date": day is not None,
        "until": until is not None,
        "month": month is not None,
        "start/end": start is not None or end is not None,
        "annually": bool(annually),
        "during": during is not None,
    }
    chosen = [name for name, present in given.items() if present]
    if len(chosen) != 1:
        raise GrammarError(
            "срок должен быть задан ровно одним способом (date, until, month, start/end, "
            f"annually или during), задано: {', '.join(chosen) or 'ничего'}"
        )
    period = _check_period(period)
    if day is not None:
        exact = parse_date(day)
        return format_date(exact), Span(None, exact), False
    if until is not None:
        return _range(None, parse_date(until), period)
    if month is not None:
        ym = parse_year_month(month)
        return _month_text(ym), Span(ym.first_day, ym.last_day), False
    if during is not None:
        if not isinstance(during, str) or not during.strip():
            raise GrammarError(f"срок «в течение …»: не указано, в течение чего («{during}»)")
        text = " ".join(during.split())
        text = re.sub(r"^в\s+течени[ея]\s+", "", text, flags=re.IGNORECASE)
        bounds = period if period is not None else (None, None)
        return f"в течение {text}", Span(bounds[0], bounds[1]), False
    if annually:
        days = _days(annually)
        bounds = period if period is not None else (None, None)
        return f"ежегодно до {_join_days(days)}", Span(bounds[0], bounds[1], days), False
    first = None if start is None else _point(start, "начало срока")
    last = None if end is None else _point(end, "окончание срока")
    return _range(first, last, period)


def format_deadline(
    *,
    date: date | None = None,
    until: date | None = None,
    month: str | YearMonth | None = None,
    start: str | date | YearMonth | None = None,
    end: str | date | YearMonth | None = None,
    annually: Sequence[str | DayMonth] = (),
    during: str | None = None,
    capitalize: bool = True,
    period: tuple[date, date] | None = None,
) -> str:
    """Write a structured deadline as plans print it: "Март – май 2023 г.", "до 25.05.2024".

    Exactly one of date / until / month / start-end / annually / during. ``period`` is the
    plan's period (an academic year): month ranges inside it are written without years
    ("Сентябрь – май") when the months cannot be mistaken, and "в течение …" spans it.
    """
    text, _, keep_lower = _build(
        day=date,
        until=until,
        month=month,
        start=start,
        end=end,
        annually=annually,
        during=during,
        period=period,
    )
    if capitalize and not keep_lower:
        return text[:1].upper() + text[1:]
    return text


def span_of(
    *,
    date: date | None = None,
    until: date | None = None,
    month: str | YearMonth | None = None,
    start: str | date | YearMonth | None = None,
    end: str | date | YearMonth | None = None,
    annually: Sequence[str | DayMonth] = (),
    during: str | None = None,
    period: tuple[date, date] | None = None,
) -> Span:
    """The span of a structured deadline, the same one ``parse_deadline`` finds in its text."""
    return _build(
        day=date,
        until=until,
        month=month,
        start=start,
        end=end,
        annually=annually,
        during=during,
        period=period,
    )[1]


# ---------------------------------------------------------------------------------------------
# Free-text deadlines

_DASHES: Final = re.compile(r"[\u2010-\u2015\u2212-]")
_REMARK: Final = re.compile(r"\([^)]*\)?")  # "(по запросу Минобрнауки СО)", even unclosed
_WHOLE_PERIOD: Final = re.compile(
    r"(?:(?:в течение|в период|период|на протяжении)(?: всего)?(?: (?:учебного|текущего))? года"
    r"|в течение (?:всего )?периода(?: реализации)?(?: плана| программы| проекта)?"
    r"|постоянно|регулярно|систематически)"
)
_CALENDAR_YEAR: Final = re.compile(r"в течение (\d{4}) года")
_ACADEMIC_YEAR: Final = re.compile(r"в течение (\d{4}) ?- ?(\d{4}) учебного года")
_TOKEN: Final = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}"  # ISO date
    r"|\d{1,2}\.\d{1,2}\.\d{4}"  # 01.06.2022
    r"|\d{1,2}\.\d{4}"  # 10.2022, a month
    r"|\d{1,2}\.\d{1,2}(?!\d)"  # 25.05, a day of the year
    r"|\d+|[a-zа-я]+|\S"
)
_SKIP: Final = frozenset({"г", "гг", "год", "года", "году", ".", "включительно"})
_WORDS: Final[dict[str, str]] = {
    "с": "S",
    "со": "S",
    "по": "P",
    "до": "U",
    "конца": "K",
    "ежегодно": "E",
    "и": "&",
    "-": "-",
    ",": ",",
}
_TokenValue = date | DayMonth | int | None


def _tokens(text: str) -> tuple[str, list[_TokenValue]]:
    """Kinds (one letter each) and values of the words of a deadline.

    D date, d day of the year, M month, Y year, N number (a day), S с, P по, U до, K конца,
    E ежегодно, & и, X anything else.
    """
    kinds: list[str] = []
    values: list[_TokenValue] = []
    for token in _TOKEN.findall(text):
        if token in _SKIP:
            continue
        kind: str = "X"
        value: _TokenValue = None
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}", token):
            kind, value = "D", parse_date(token)
        elif m := re.fullmatch(r"(\d{1,2})\.(\d{4})", token):
            ym = YearMonth(int(m[2]), int(m[1]))
            kinds += ["M", "Y"]
            values += [ym.month, ym.year]
            continue
        elif re.fullmatch(r"\d{1,2}\.\d{1,2}", token):
            kind, value = "d", parse_day_month(token)
        elif token.isdigit():
            kind, value = ("Y" if len(token) == 4 else "N"), int(token)
        elif token in _MONTH_FORMS:
            kind, value = "M", _MONTH_FORMS[token]
        elif token in _WORDS:
            kind = _WORDS[token]
        kinds.append(kind)
        values.append(value)
    return "".join(kinds), values


def _int(value: _TokenValue) -> int:
    """A token value known by its kind to be a number (month, year or day)."""
    if not isinstance(value, int):
        raise GrammarError(f"в сроке ожидалось число, а не «{value}»")
    return value


def _month_point(
    month: int, year: int | None, period: tuple[date, date] | None
) -> YearMonth | None:
    if year is not None:
        return YearMonth(year, month)
    return None if period is None else _in_period(month, period)


def _month_range(
    shape: str, values: list[_TokenValue], period: tuple[date, date] | None
) -> Span | None:
    """ "Март-май 2023 г.", "Сентябрь – май", "Июнь-Август 2022 г., 2023 г.", "С сентября 2023"."""
    m = re.fullmatch(r"(S?)(MY?)(?:([-P])(MY?))?((?:,Y)*)", shape)
    if m is None:
        return None
    first_month = _int(values[m.start(2)])
    first_year = _int(values[m.start(2) + 1]) if len(m[2]) == 2 else None
    extra = [_int(v) for v in values[m.start(5) :] if v is not None]
    if m[4] is None:
        if m[3] is not None or (m[1] and extra):
            return None
        first = _month_point(first_month, first_year, period)
        if first is None:
            return None
        if m[1]:
            return Span(first.first_day, None)
        return Span(first.first_day, YearMonth(max([first.year, *extra]), first.month).last_day)
    last_month = _int(values[m.start(4)])
    last_year = _int(values[m.start(4) + 1]) if len(m[4]) == 2 else None
    if last_year is not None and first_year is None:
        # "Март-май 2023 г.": the first month takes the year of the last (or the one before:
        # "ноябрь – февраль 2023 г.").
        first_year = last_year if first_month <= last_month else last_year - 1
    elif first_year is not None and last_year is None:
        last_year = first_year if last_month >= first_month else first_year + 1
    first = _month_point(first_month, first_year, period)
    last = _month_point(last_month, last_year, period)
    if first is None or last is None:
        return None
    if extra:
        # "Июнь-Август 2022 г., 2023 г.": the work repeats in the listed years; the span
        # covers them all, from the first start to the last end.
        last = YearMonth(max([last.year, *extra]), last.month)
    if first > last:
        return None
    return Span(first.first_day, last.last_day)


def _interpret(
    shape: str, values: list[_TokenValue], period: tuple[date, date] | None
) -> Span | None:
    """The span of a deadline whose words have been reduced to token kinds (see _tokens)."""
    dates = [v for v in values if isinstance(v, date)]
    ints = [v for v in values if isinstance(v, int)]
    if shape in ("D", "UD"):
        return Span(None, dates[0])
    if shape == "SD":
        return Span(dates[0], None)
    if "D" in shape and re.fullmatch(r"S?(?:D|MY)[-P](?:D|MY)", shape):
        # "01.09.2023 – 31.05.2024", "с 01.09.2023 по 31.05.2024", "15.09.2023 – май 2024 г."
        points: list[date | YearMonth] = list(dates)
        if "M" in shape:
            points.insert(
                0 if shape.index("M") < shape.index("D") else 1, YearMonth(ints[1], ints[0])
            )
        opens, closes = _first(points[0]), _last(points[1])
        return Span(opens, closes) if opens <= closes else None
    if m := re.fullmatch(r"([SU]?)NMY", shape):
        exact = date(ints[2], ints[1], ints[0])
        return Span(exact, None) if m[1] == "S" else Span(None, exact)
    if re.fullmatch(r"EU?(?:NM|d)(?:[,&](?:NM|d))*", shape):
        days: list[DayMonth] = []
        for kind, value, following in zip(shape, values, [*values[1:], None], strict=True):
            if kind == "d" and isinstance(value, DayMonth):
                days.append(value)
            elif kind == "N":
                days.append(DayMonth(_int(value), _int(following)))
        if len(set(days)) != len(days):
            return None
        bounds = period if period is not None else (None, None)
        return Span(bounds[0], bounds[1], tuple(days))
    if m := re.fullmatch(r"UKM(Y?)", shape):
        last = _month_point(ints[0], ints[1] if m[1] else None, period)
        return None if last is None else Span(None, last.last_day)
    if shape == "Y":
        # "2026": the work is done within the calendar year.
        return Span(date(ints[0], 1, 1), date(ints[0], 12, 31))
    if shape == "M-MY-M-MY":
        # "Ноябрь-декабрь 2022 года-январь-март 2023 года": a month range across two years.
        months = [YearMonth(ints[i], ints[j]) for i, j in ((2, 0), (2, 1), (5, 3), (5, 4))]
        if months != sorted(months) or months[1] == months[2]:
            return None
        return Span(months[0].first_day, months[3].last_day)
    if re.fullmatch(r"MY(?:[,&]?MY)+", shape):
        # "Октябрь 2021 Апрель 2022": separate months; the span runs from the first to the last.
        months = [YearMonth(ints[i + 1], ints[i]) for i in range(0, len(ints), 2)]
        return Span(min(months).first_day, max(months).last_day)
    return _month_range(shape, values, period)


def parse_deadline(text: str, *, period: tuple[date, date] | None = None) -> Span | None:
    """Understand a deadline written as text, best effort; None when it names no dates.

    ``period`` is the plan's period: "в течение года", "период учебного года", "постоянно"
    mean it (None without it), and months without a year ("Сентябрь – май") are placed in it
    when each occurs in it once. References to other schedules ("По отдельному графику",
    "В соответствии с утвержденным графиком") give None. Never raises on odd text.
    """
    period = _check_period(period)
    if not isinstance(text, str):
        return None
    normalized = text.replace("\u00a0", " ").lower().replace("ё", "е")
    normalized = _DASHES.sub("-", _REMARK.sub(" ", normalized))
    normalized = re.sub(r"\bне позднее\b|\bв срок до\b", "до", normalized)
    normalized = " ".join(normalized.split()).strip(" .;")
    if _WHOLE_PERIOD.fullmatch(normalized):
        return None if period is None else Span(period[0], period[1])
    try:
        if m := _CALENDAR_YEAR.fullmatch(normalized):
            return Span(date(int(m[1]), 1, 1), date(int(m[1]), 12, 31))
        if m := _ACADEMIC_YEAR.fullmatch(normalized):
            first = int(m[1])
            if int(m[2]) != first + 1:
                return None
            return Span(date(first, 9, 1), date(first + 1, 8, 31))
        shape, values = _tokens(normalized)
        if not shape or "X" in shape:
            return None
        return _interpret(shape, values, period)
    except (GrammarError, ValueError, IndexError):
        return None
