"""The figures of a monitoring report, computed exactly: values, achievement, statuses, changes.

Rules (the report's note repeats them for its readers):

* **District value** — the arithmetic mean of the values of the schools that reported the
  indicator for that period (every school weighs the same; schools without data are left
  out, never counted as zero). The previous period's district value is the mean over the
  schools that reported then.
* **Achievement** — value / target × 100 % for "больше" indicators, target / value × 100 %
  for "меньше" ones (fewer dropouts is better); none when the divisor is zero.
* **Status** — "достигнут" when the value is at least the target ("больше") or at most the
  target ("меньше"), compared exactly; "нет данных" without a value.
* **Change** — value minus the previous period's value: percentage points for %
  indicators, units of the indicator otherwise.
* **Counts** — "достигнут в 12 из 15 общеобразовательных организаций (80 %)": out of the
  schools that reported the indicator; those without data are named apart.
* **Rounding** — everything stays an exact fraction until it is written; then it is rounded
  once, half up (as :mod:`docgen.grammar.numerals`), to :data:`DIGITS` places, trailing
  zeros dropped. One exception keeps the text honest: a value that falls short of its
  target but would round to it (79,96 against 80) gets the places needed to show the
  difference (79,96), up to :data:`MAX_DIGITS`; so does an achievement that would round
  to 100 % without being reached.
* **Plan execution** — an activity is overdue when it is not done and its deadline's due
  date (:meth:`~docgen.grammar.deadlines.Span.due` on the report date) is before the
  report date; an activity whose deadline names no date ("по отдельному графику") is never
  overdue. Activities are grouped by each responsible named in their cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import Final

from docgen.errors import DocgenError
from docgen.grammar.trends import rounded
from docgen.loading import load
from docgen.model import PlanData, all_indicators
from docgen.reports.monitoring import (
    Activity,
    Better,
    Indicator,
    Monitoring,
    Period,
    Rule,
    School,
    Status,
)

DIGITS: Final = 1
MAX_DIGITS: Final = 4
HUNDRED: Final = Fraction(100)


class Mark(StrEnum):
    """Whether the target is reached."""

    ACHIEVED = "достигнут"
    MISSED = "не достигнут"
    NO_DATA = "нет данных"
    NOT_APPLICABLE = "не применяется"


# ---------------------------------------------------------------------------- applicability

_GRADES: Final = re.compile(r"(\d{1,2})(?:\s*[–—-]\s*\d{1,2})?(?:-?х)?\s+класс", re.IGNORECASE)
_SENIOR_WORDS: Final = re.compile(r"\bЕГЭ\b|\bсреднего общего образования\b", re.IGNORECASE)
_TOP_GRADES: Final = (("нош", 4), ("начальн", 4), ("оош", 9), ("основн", 9))


def top_grade(school: School) -> int:
    """The last grade a school teaches, by its type: НОШ 4, ООШ 9, any other 11."""
    kind = f"{school.kind} {school.short}".lower()
    return next((grade for word, grade in _TOP_GRADES if word in kind), 11)


def first_grade(indicator: Indicator) -> int:
    """The lowest grade an indicator is about: «выпускников 11 классов», «ЕГЭ» → 11;
    «обучающихся 6–11 классов» → 6; none named → 1."""
    if _SENIOR_WORDS.search(indicator.name):
        return 11
    grades = [int(m[1]) for m in _GRADES.finditer(indicator.name)]
    return min(grades) if grades else 1


def applicable(school: School, indicator: Indicator) -> bool:
    """Whether the indicator concerns the school at all: ЕГЭ in grade 11 does not apply to an
    ООШ, which has no grade 11; its empty cell is «не применяется», not «нет данных»."""
    return top_grade(school) >= first_grade(indicator)


def exact(value: Fraction) -> Decimal:
    """A fraction as a Decimal precise enough for any rounding to a few places."""
    with localcontext() as ctx:
        ctx.prec = 60
        return Decimal(value.numerator) / Decimal(value.denominator)


@lru_cache(maxsize=1 << 16)
def digits_for(value: Fraction, target: Fraction, base: int = DIGITS) -> int:
    """Places to write ``value`` with, so that a value short of ``target`` never reads as it."""
    digits = base
    while (
        digits < MAX_DIGITS
        and value != target
        and rounded(exact(value), digits) == rounded(exact(target), digits)
    ):
        digits += 1
    return digits


def mean(values: Sequence[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def achievement(value: Fraction | None, indicator: Indicator) -> Fraction | None:
    """The share of the target reached, in percent."""
    if value is None:
        return None
    numerator, denominator = (
        (value, indicator.target) if indicator.better is Better.MORE else (indicator.target, value)
    )
    return None if denominator == 0 else numerator / denominator * HUNDRED


def mark(value: Fraction | None, indicator: Indicator, applies: bool = True) -> Mark:
    if not applies:
        return Mark.NOT_APPLICABLE
    if value is None:
        return Mark.NO_DATA
    reached = (
        value >= indicator.target if indicator.better is Better.MORE else value <= indicator.target
    )
    return Mark.ACHIEVED if reached else Mark.MISSED


@dataclass(frozen=True)
class Figure:
    """One school's (or the district's) figures on one indicator."""

    value: Fraction | None
    previous: Fraction | None
    achievement: Fraction | None
    mark: Mark

    @property
    def change(self) -> Fraction | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


def figure(
    value: Fraction | None,
    previous: Fraction | None,
    indicator: Indicator,
    applies: bool = True,
) -> Figure:
    if not applies:
        return Figure(None, None, None, Mark.NOT_APPLICABLE)
    return Figure(value, previous, achievement(value, indicator), mark(value, indicator))


@dataclass(frozen=True)
class Comparison:
    """Two periods' means over the same schools (those that reported in both), so that a
    change never mixes two sets of schools; ``whole`` counts the schools of the later period."""

    first: Period
    last: Period
    start: Fraction
    end: Fraction
    count: int
    whole: int
    before: int
    most: int = 0  # the most schools that reported in any period between (a trend's)

    @property
    def same_set(self) -> bool:
        """Whether the means are over all schools that reported in any of the periods."""
        return self.count == self.whole == self.before and self.most in (0, self.count)


@dataclass(frozen=True)
class IndicatorFigures:
    """Everything the report says about one indicator."""

    indicator: Indicator
    schools: tuple[tuple[School, Figure], ...]
    district: Figure
    trend: tuple[tuple[Period, Fraction | None], ...]  # district value of every period
    reported: tuple[tuple[Period, int], ...]  # how many schools reported in every period
    comparison: Comparison | None = None  # the previous period against the report's
    span: Comparison | None = None  # the first period of the trend against the last
    steady: tuple[tuple[Period, Fraction | None], ...] = ()  # means over the span's schools

    def with_mark(self, wanted: Mark) -> list[tuple[School, Figure]]:
        return list(self._marked.get(wanted, ()))

    @cached_property
    def _marked(self) -> dict[Mark, tuple[tuple[School, Figure], ...]]:
        """The schools by status, in their order: a report asks a dozen times, a region's
        2,000 reports of the same figures more."""
        found: dict[Mark, list[tuple[School, Figure]]] = {}
        for school, fig in self.schools:
            found.setdefault(fig.mark, []).append((school, fig))
        return {mark: tuple(items) for mark, items in found.items()}

    @property
    def achieved(self) -> list[tuple[School, Figure]]:
        return self.with_mark(Mark.ACHIEVED)

    @property
    def missed(self) -> list[tuple[School, Figure]]:
        return self.with_mark(Mark.MISSED)

    @property
    def no_data(self) -> list[School]:
        return [school for school, _ in self.with_mark(Mark.NO_DATA)]

    @property
    def not_applicable(self) -> list[School]:
        return [school for school, _ in self.with_mark(Mark.NOT_APPLICABLE)]

    @property
    def with_data(self) -> int:
        return len(self.achieved) + len(self.missed)

    @property
    def share(self) -> Fraction | None:
        """The share of the reporting schools that reached the target, in percent."""
        return Fraction(len(self.achieved), self.with_data) * HUNDRED if self.with_data else None

    def of(self, school: School) -> Figure:
        """The school's figures: looked up, since a region's report asks once per school."""
        return self._by_school[school]

    @cached_property
    def _by_school(self) -> dict[School, Figure]:
        found: dict[School, Figure] = {}
        for item, fig in self.schools:
            found.setdefault(item, fig)
        return found


def indicator_figures(monitoring: Monitoring, indicator: Indicator) -> IndicatorFigures:
    header = monitoring.header
    previous = header.previous
    concerned = {s for s in monitoring.schools if applicable(s, indicator)}  # a set: 2,000 schools
    schools = tuple(
        (
            school,
            figure(
                monitoring.value(school.key, header.period, indicator.key),
                monitoring.value(school.key, previous, indicator.key) if previous else None,
                indicator,
                school in concerned,
            ),
        )
        for school in monitoring.schools
    )

    def values(period: Period) -> dict[str, Fraction]:
        return {
            school.key: value
            for school in monitoring.schools
            if school in concerned
            if (value := monitoring.value(school.key, period, indicator.key)) is not None
        }

    def reported(period: Period) -> list[Fraction]:
        return list(values(period).values())

    def compare(first: Period, last: Period) -> Comparison | None:
        before, after = values(first), values(last)
        both = [key for key in after if key in before]
        if not both or first == last:
            return None
        return Comparison(
            first,
            last,
            sum((before[k] for k in both), Fraction(0)) / len(both),
            sum((after[k] for k in both), Fraction(0)) / len(both),
            len(both),
            len(after),
            len(before),
        )

    with_values = [p for p in header.periods if values(p)]
    trend = tuple((period, mean(reported(period))) for period in header.periods)
    span, steady = _steady(with_values, values, trend) if len(with_values) > 1 else (None, ())
    district_value = mean(reported(header.period))
    district_previous = mean(reported(previous)) if previous else None
    return IndicatorFigures(
        indicator,
        schools,
        figure(district_value, district_previous, indicator),
        trend,
        tuple((period, len(reported(period))) for period in header.periods),
        compare(previous, header.period) if previous else None,
        span,
        steady,
    )


def _steady(
    periods: Sequence[Period],
    values: Callable[[Period], dict[str, Fraction]],
    trend: tuple[tuple[Period, Fraction | None], ...],
) -> tuple[Comparison | None, tuple[tuple[Period, Fraction | None], ...]]:
    """A trend over the same schools: those that reported in every period with values, so
    that the change from the first to the last is the difference of the means its chart
    shows; without such schools, none."""
    found = {period: values(period) for period in periods}
    keys = set.intersection(*(set(v) for v in found.values()))
    if not keys:
        return None, ()
    ordered = sorted(keys)

    def over(period: Period) -> Fraction | None:
        if period not in found:
            return None
        return sum((found[period][k] for k in ordered), Fraction(0)) / len(ordered)

    first, last = periods[0], periods[-1]
    start, end = over(first), over(last)
    assert start is not None and end is not None
    span = Comparison(
        first,
        last,
        start,
        end,
        len(keys),
        len(found[last]),
        len(found[first]),
        max(len(v) for v in found.values()),
    )
    return span, tuple((period, over(period)) for period, _ in trend)


_TARGETS: dict[tuple[object, ...], dict[str, dict[int, Fraction]]] = {}


def plan_targets(monitoring: Monitoring) -> dict[str, dict[int, Fraction]]:
    """The plan's target of every keyed indicator by year (``targets: {2023: 75, …}``), read
    once per plan file: a trend draws each past period against its own target."""
    path = monitoring.header.plan
    if path is None:
        return {}
    try:
        stat = path.stat()
    except OSError:
        return {}
    stamp = (str(path), stat.st_mtime_ns, stat.st_size)
    if stamp in _TARGETS:
        return _TARGETS[stamp]
    found: dict[str, dict[int, Fraction]] = {}
    try:
        data = load(path)
    except DocgenError:
        data = None
    if isinstance(data, PlanData):
        for item in all_indicators(data.plan.indicators):
            if item.key:
                found[str(item.key)] = {
                    int(year): Fraction(Decimal(repr(value)))
                    for year, value in item.targets.items()
                    if isinstance(value, int | float) and not isinstance(value, bool)
                }
    _TARGETS[stamp] = found
    return found


def period_targets(monitoring: Monitoring, indicator: Indicator) -> list[Fraction | None]:
    """The target of every period of the trend: the report's own for the report period, the
    plan's for the year each earlier period ends in (none when the plan has none)."""
    header = monitoring.header
    by_year = plan_targets(monitoring).get(indicator.key, {})
    return [
        indicator.target if period == header.period else by_year.get(period.end_year)
        for period in header.periods
    ]


_FIGURES: dict[int, tuple[Monitoring, tuple[IndicatorFigures, ...]]] = {}


def all_figures(monitoring: Monitoring) -> list[IndicatorFigures]:
    """Every indicator's figures. They are the district's, the same in every school's report:
    a district run (one workbook read once per process) computes them once, not per school.
    Kept by the workbook read (the same object), looked up in one step (the web app's threads)."""
    found = _FIGURES.get(id(monitoring))
    if found is not None and found[0] is monitoring:
        return list(found[1])
    made = tuple(indicator_figures(monitoring, indicator) for indicator in monitoring.indicators)
    if len(_FIGURES) >= 4:
        _FIGURES.clear()
    _FIGURES[id(monitoring)] = (monitoring, made)
    return list(made)


# ------------------------------------------------------------------------- plan execution


def responsibles(text: str) -> list[str]:
    """ "МКУ «Центр, …», руководители ОО" by the commas outside quotes; case of the first kept."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += {"«": 1, "»": -1}.get(char, 0)
        if char in ",;" and depth <= 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    found: list[str] = []
    for part in parts:
        if part and part.lower() not in (f.lower() for f in found):
            found.append(part[:1].upper() + part[1:])
    return found or ["Не указан"]


@dataclass(frozen=True)
class Tally:
    """Activities of one responsible (or of all): how many in each state."""

    responsible: str
    total: int
    done: int
    in_progress: int
    not_done: int
    overdue: int

    @property
    def share_done(self) -> Fraction | None:
        return Fraction(self.done, self.total) * HUNDRED if self.total else None


@dataclass(frozen=True)
class Execution:
    """The plan's execution on the report date."""

    activities: tuple[Activity, ...]
    overdue: tuple[Activity, ...]
    groups: tuple[Tally, ...]
    total: Tally


def is_overdue(activity: Activity, monitoring: Monitoring) -> bool:
    if activity.status is Status.DONE or activity.span is None:
        return False
    due = activity.span.due(monitoring.header.date)
    return due is not None and due < monitoring.header.date


def _tally(name: str, activities: Sequence[Activity], monitoring: Monitoring) -> Tally:
    return Tally(
        name,
        len(activities),
        sum(a.status is Status.DONE for a in activities),
        sum(a.status is Status.IN_PROGRESS for a in activities),
        sum(a.status is Status.NOT_DONE for a in activities),
        sum(is_overdue(a, monitoring) for a in activities),
    )


def execution(monitoring: Monitoring, school: School | None = None) -> Execution:
    """Tallies per responsible; for a school, its own activities only."""
    activities = tuple(a for a in monitoring.activities if school is None or a.school == school.key)
    names: dict[str, list[Activity]] = {}
    for activity in activities:
        for name in responsibles(activity.responsible):
            names.setdefault(name, []).append(activity)
    groups = tuple(_tally(name, items, monitoring) for name, items in names.items())
    return Execution(
        activities,
        tuple(a for a in activities if is_overdue(a, monitoring)),
        groups,
        _tally("Всего", activities, monitoring),
    )


# ----------------------------------------------------------------------- recommendations


@dataclass(frozen=True)
class Recommendation:
    """A rule that applies to a school: its value is past the rule's threshold."""

    school: School
    indicator: Indicator
    rule: Rule
    value: Fraction


def applies(rule: Rule, indicator: Indicator, value: Fraction | None) -> bool:
    if value is None:
        return False
    if indicator.better is Better.MORE:
        return value < rule.threshold
    return value > rule.threshold


def recommendations(
    monitoring: Monitoring, school: School | None = None
) -> Iterator[Recommendation]:
    """School by school in the order of the sheet, each school's rules in their order."""
    indicators = {indicator.key: indicator for indicator in monitoring.indicators}
    for item in monitoring.schools:
        if school is not None and item != school:
            continue
        for rule in monitoring.rules:
            indicator = indicators[rule.indicator]
            value = monitoring.value(item.key, monitoring.header.period, indicator.key)
            if applies(rule, indicator, value):
                assert value is not None
                yield Recommendation(item, indicator, rule, value)


#: The columns of the plan's execution, in the report's table and in the Excel summary alike.
EXECUTION_HEADINGS = (
    "Ответственный",
    "Всего",
    "Выполнено",
    "Выполняется",
    "Не выполнено",
    "Просрочено",
    "Выполнено, %",
)
