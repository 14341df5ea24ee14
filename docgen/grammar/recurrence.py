"""Recurring deadlines: «ежегодно до 25 мая», «ежемесячно до 5 числа», «ежеквартально».

Plans and orders write a repeating duty as words; a calendar needs a rule. :func:`recurrences`
reads the rule out of a deadline's text (and out of a :class:`~docgen.grammar.deadlines.Span`
with ``annually`` days, which :mod:`docgen.grammar.deadlines` already understands) and gives
one :class:`Recurrence` per due day of the year. Conventions, fixed here:

* «ежемесячно» without a day is due on the last day of every month; «ежемесячно до 5 числа»
  (or «не позднее 5-го числа») on the 5th.
* «ежеквартально» without a day is due on the last day of the quarter (31 марта, 30 июня,
  30 сентября, 31 декабря); «ежеквартально до 10 числа» (the usual «… месяца, следующего за
  отчётным кварталом») on the 10th of January, April, July and October.
* «еженедельно» is due on a weekday when the text names one («по пятницам»), else on Friday,
  the end of the working week.
* «ежегодно до 20 декабря и 25 мая» is two yearly rules, one per day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from docgen.grammar.dates import month_name
from docgen.grammar.deadlines import Span

YEARLY: Final = "YEARLY"
MONTHLY: Final = "MONTHLY"
WEEKLY: Final = "WEEKLY"

_WEEKDAYS: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAY_STEMS: Final = ("понедельн", "вторн", "сред", "четверг", "пятниц", "суббот", "воскресен")
_DAY: Final = r"(?:,?\s*(?:до|не позднее|к|по)\s+(\d{1,2})(?:-?го)?(?:\s+числа)?)?"
_MONTHLY: Final = re.compile(r"ежемесячно" + _DAY)
_QUARTERLY: Final = re.compile(r"ежеквартально" + _DAY)
_WEEKLY: Final = re.compile(r"еженедельно(?:,?\s*(?:по|в|во)\s+([а-я]+))?")


@dataclass(frozen=True)
class Recurrence:
    """A repeating due day: every year on a day of a month, every month on a day (-1: the
    last), or every week on a weekday (0 Monday … 6 Sunday)."""

    freq: str
    months: tuple[int, ...] = ()
    day: int | None = None
    weekday: int | None = None

    def rule(self) -> dict[str, object]:
        """The RRULE of an iCalendar event (RFC 5545), as the ``icalendar`` library takes it."""
        if self.freq == WEEKLY:
            return {"FREQ": WEEKLY, "BYDAY": _WEEKDAYS[self.weekday or 0]}
        rule: dict[str, object] = {"FREQ": self.freq}
        if self.months:
            rule["BYMONTH"] = list(self.months)
        if self.day is not None:
            rule["BYMONTHDAY"] = self.day
        return rule

    def occurs(self, day: date) -> bool:
        """Whether ``day`` is a due day; a month without the day (31 in April) has none, as
        in RFC 5545."""
        if self.freq == WEEKLY:
            return day.weekday() == self.weekday
        if self.months and day.month not in self.months:
            return False
        if self.day is None or self.day == -1:
            return (day + timedelta(days=1)).day == 1
        return day.day == self.day

    def next_on_or_after(self, day: date, limit: date | None = None) -> date | None:
        """The first due day on or after ``day`` (None after ``limit``)."""
        current = day
        end = limit or day + timedelta(days=800)
        while current <= end:
            if self.occurs(current):
                return current
            current += timedelta(days=1)
        return None

    def last_before(self, day: date, start: date | None = None) -> date | None:
        """The latest due day before ``day`` (None before ``start``)."""
        current = day - timedelta(days=1)
        begin = start or day - timedelta(days=800)
        while current >= begin:
            if self.occurs(current):
                return current
            current -= timedelta(days=1)
        return None

    def __str__(self) -> str:
        if self.freq == WEEKLY:
            return f"еженедельно по {_WEEKDAY_PLURAL[self.weekday or 0]}"
        if self.freq == YEARLY and len(self.months) == 1:
            return f"ежегодно до {self.day} {month_name(self.months[0], 'gent')}"
        if self.months:
            return "ежеквартально до " + (
                "последнего дня квартала" if self.day == -1 else f"{self.day} числа"
            )
        return "ежемесячно до " + (
            "последнего дня месяца" if self.day == -1 else f"{self.day} числа"
        )


_WEEKDAY_PLURAL: Final = (
    "понедельникам", "вторникам", "средам", "четвергам", "пятницам", "субботам", "воскресеньям",
)  # fmt: skip


def recurrences(text: str, span: Span | None = None) -> tuple[Recurrence, ...]:
    """The rules of a recurring deadline; empty when the deadline does not repeat."""
    if span is not None and span.annually:
        return tuple(Recurrence(YEARLY, (d.month,), d.day) for d in span.annually)
    normalized = " ".join(text.replace("\u00a0", " ").lower().replace("ё", "е").split())
    if m := _MONTHLY.search(normalized):
        day = int(m[1]) if m[1] else -1
        return (Recurrence(MONTHLY, (), day),) if day == -1 or 1 <= day <= 31 else ()
    if m := _QUARTERLY.search(normalized):
        if m[1]:
            day = int(m[1])
            return (Recurrence(YEARLY, (1, 4, 7, 10), day),) if 1 <= day <= 31 else ()
        return (Recurrence(YEARLY, (3, 6, 9, 12), -1),)
    if m := _WEEKLY.search(normalized):
        weekday = 4
        if m[1]:
            for index, stem in enumerate(_WEEKDAY_STEMS):
                if m[1].startswith(stem):
                    weekday = index
        return (Recurrence(WEEKLY, weekday=weekday),)
    return ()
