"""The control of execution: what each responsible person has to do, by when, and what is late.

An :class:`Item` is one task of one responsible person (or group: «классные руководители»): a
point of an order or an activity of a plan, with its deadline as written, its meaning (a
:class:`~docgen.grammar.deadlines.Span`) and, for a repeating duty, its rules. ``docgen agenda``
writes the items per person; the district summary lists the overdue ones.

How deadlines are read (documented for users in the README):

* a date or the end of a range («до 25.05.2024», «Март – май 2024 г.») is the due day;
* a whole period («в течение учебного года», «период учебного года») is due at its end when the
  plan names its period, else it has no date;
* a repeating duty (:mod:`docgen.grammar.recurrence`) is due on its next day on or after today
  within the plan's period; it is late only when its last day in the period has passed;
* a reference to another schedule («по отдельному графику», «в соответствии со сроками
  Минпросвещения») has no date: listed «Без даты», never late.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from docgen.grammar.deadlines import Span
from docgen.grammar.recurrence import Recurrence, recurrences
from docgen.plans.table import ActivityView

OVERDUE: Final = "Просрочено"
DUE_TODAY: Final = "Срок сегодня"
UPCOMING: Final = "Предстоит"
UNDATED: Final = "Без даты"
#: Whose list gets a task that names nobody: it is not lost, and the gap shows.
NOBODY: Final = "Ответственный не указан"
#: States in the order a list shows them: the late first.
STATES: Final = (OVERDUE, DUE_TODAY, UPCOMING, UNDATED)


@dataclass(frozen=True)
class Item:
    """One task of one responsible person."""

    who: str
    document: str
    source: str
    number: str
    text: str
    deadline: str
    span: Span | None
    rules: tuple[Recurrence, ...] = ()
    school: str = ""
    since: date | None = None  # the document's date: a repeating duty starts there

    def first_day(self, today: date) -> date:
        """Where a repeating duty starts: the plan's period, else the document, else today."""
        if self.span is not None and self.span.start is not None:
            return self.span.start
        return self.since or today

    def due(self, today: date) -> date | None:
        """The due day that matters on ``today``: the next one of a repeating duty (or its
        last, once the period is over); the end of a dated deadline; None without a date."""
        return _due(self.rules, self.span, self.since, today)

    def state(self, today: date) -> str:
        due = self.due(today)
        if due is None:
            return UNDATED
        if due < today:
            return OVERDUE
        return DUE_TODAY if due == today else UPCOMING

    def sort_key(self, today: date) -> tuple[int, int, str, str]:
        due = self.due(today)
        return (
            STATES.index(self.state(today)),
            due.toordinal() if due else 0,
            self.document,
            self.number,
        )


_NESTING = re.compile('[«»()"]')
_SEPARATORS = re.compile("[,;\n]")


def split_people(text: str) -> list[str]:
    """ "Лысенко О.Н., классные руководители 6–11 классов, ГБУ ДПО «Центр, …»" by the commas and
    semicolons outside quotes and brackets, each in one line with plain spaces."""
    if _NESTING.search(text):
        return _split_outside(text)
    # most cells have nothing to keep together: one split does what the loop would
    return [" ".join(part.split()) for part in _SEPARATORS.split(text) if part.strip(" .\n")]


def _split_outside(text: str) -> list[str]:
    """:func:`split_people` character by character, keeping quotes and brackets whole."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += {"«": 1, "»": -1, "(": 1, ")": -1, '"': 0}.get(char, 0)
        if char in ",;\n" and depth <= 0:
            parts.append(current)
            current = ""
            continue
        current += char
    parts.append(current)
    return [" ".join(part.split()) for part in parts if part.strip(" .\n")]


def activity_items(
    activities: Iterable[ActivityView],
    document: str,
    source: str,
    *,
    school: str = "",
    since: date | None = None,
    period: tuple[date, date] | None = None,
    late_on: date | None = None,
) -> list[Item]:
    """One item per responsible of every activity of a plan (none for an activity without);
    a repeating duty the text alone gives («ежемесячно до 5 числа») runs within the plan's
    ``period``. With ``late_on``, only the activities late on that day (what the summary's
    «Просрочено» lists), the others left out before their people are split."""
    items = []
    for activity in activities:
        rules = recurrences(activity.deadline, activity.span)
        span = activity.span
        if rules and span is None and period is not None:
            span = Span(period[0], period[1])
        if late_on is not None:
            due = _due(rules, span, since, late_on)
            if due is None or due >= late_on:
                continue
        number = activity.number.rstrip(".")
        text, deadline = _one_line(activity.title), _one_line(activity.deadline)
        for who in split_people(activity.responsible) or [NOBODY]:
            items.append(
                Item(
                    who=who,
                    document=document,
                    source=source,
                    number=number,
                    text=text,
                    deadline=deadline,
                    span=span,
                    rules=rules,
                    school=school,
                    since=since,
                )
            )
    return items


def overdue(items: Sequence[Item], today: date) -> list[Item]:
    """The late items, the longest late first (as :meth:`Item.sort_key` orders them: every
    one is overdue, so by due day, document and number), each due day worked out once."""
    late = [(due, item) for item in items if (due := item.due(today)) is not None and due < today]
    late.sort(key=lambda pair: (pair[0].toordinal(), pair[1].document, pair[1].number))
    return [item for _, item in late]


@functools.lru_cache(maxsize=4096)
def _due(
    rules: tuple[Recurrence, ...], span: Span | None, since: date | None, today: date
) -> date | None:
    """An item's due day (see :meth:`Item.due`), kept: a district's schools share their plan's
    deadlines, so a summary of thousands of tasks works out each distinct one once."""
    if rules:
        end = span.end if span is not None else None
        first = span.start if span is not None and span.start is not None else since or today
        start = max(today, first)
        upcoming = [d for r in rules if (d := r.next_on_or_after(start, end)) is not None]
        if upcoming:
            return min(upcoming)
        if end is None:
            return None
        past = [
            d for r in rules if (d := r.last_before(end + timedelta(days=1), first)) is not None
        ]
        return max(past) if past else None
    return span.end if span is not None else None


_SPACES = re.compile(r"\s+")


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
