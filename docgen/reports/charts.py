"""Charts of a monitoring report as native DOCX charts (:mod:`docgen.office.charts`).

Printed reports are often copied in black and white, so nothing here means something by colour
alone: reached targets are solid dark grey bars, missed ones white with diagonal hatching, the
mean light grey, the school of a school's report black, the target a bar with a dashed outline
and no fill (a row of its own, named in the legend). Every label is at least 9 pt, outside its
bar or on its own side of a line, and written with one precision per chart (83,0 beside 74,6).
The trend of an indicator draws every period against its own target (the plan's target of the
year the period ends in).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final

from docgen.office.charts import Chart, Series, Style
from docgen.reports.figures import IndicatorFigures, Mark, digits_for, exact
from docgen.reports.monitoring import Better, Indicator, Period, School

ACHIEVED: Final = Style(fill="595959")
MISSED: Final = Style(fill="FFFFFF", pattern="wdUpDiag")
DISTRICT: Final = Style(fill="C8C8C8")
OWN: Final = Style(fill="000000")
TARGET: Final = Style(fill=None, line="000000", width=1.25, dash="dash")
DISTRICT_LINE: Final = Style(fill="000000", line="000000", width=1.75, marker="circle")
SCHOOL_LINE: Final = Style(
    fill="FFFFFF", line="595959", width=1.75, dash="sysDash", marker="square"
)
TARGET_LINE: Final = Style(line="000000", width=1.0, dash="dash")
DISTRICT_LABEL: Final = "Среднее значение"
TARGET_LABEL: Final = "Целевое значение"
_COUNT_UNITS: Final = frozenset({"ед.", "чел.", "шт."})


def _decimal(value: Fraction | None, digits: int) -> Decimal | None:
    if value is None:
        return None
    return exact(value).quantize(Decimal(1).scaleb(-digits), rounding="ROUND_HALF_UP")


def _format(digits: int) -> str:
    """A number format in the Russian locale (``[$-419]``): a decimal comma wherever it opens."""
    return "[$-419]0" if digits == 0 else "[$-419]0." + "0" * digits


def _places(values: Sequence[Fraction | None], indicator: Indicator) -> int:
    """One precision for every label of a chart: the most any of its values needs."""
    counts = indicator.unit in _COUNT_UNITS
    found = [
        0 if counts and v.denominator == 1 else digits_for(v, indicator.target)
        for v in values
        if v is not None
    ]
    return max(found, default=1)


def _nice(top: Fraction, integer: bool, percent: bool = False) -> tuple[Decimal, Decimal]:
    """An axis maximum above ``top`` with room for the labels, and a round step (integer for
    counts), about five ticks; a percentage axis stops at 100 when its labels fit."""
    room = float(top) * 1.18 or 1.0
    if percent and float(top) <= 90:
        room = min(room, 100.0)
    for step in (0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if integer and step != int(step):  # counts: 1, 2, 5 …, never 2,5
            continue
        if room / step <= 7:
            break
    count = int(room // step) + (1 if room % step else 0)
    return Decimal(str(step * count)), Decimal(str(step))


@dataclass(frozen=True)
class _Bars:
    """What every school's chart of one indicator shares: the bars in their order, their
    labels and rounded values, the axis. Worked out once per district, not per school (a
    region's 2,000 reports would sort and round the same 2,000 values 2,000 times)."""

    categories: tuple[str, ...]
    points: tuple[Decimal | None, ...]  # every bar's value as labelled, then the mean, the target
    kinds: tuple[str, ...]  # how each bar is drawn when no school is singled out
    drawn: dict[str, tuple[Decimal | None, ...]]  # each kind's points, in the chart's order
    index: dict[School, int]  # a school's bar
    number_format: str
    counts: bool
    maximum: Decimal
    step: Decimal
    height_mm: float
    ranked: int  # bars with a value (the first ones); those with none follow


#: A school's report in a district of more schools than this charts, instead of every school,
#: the first and the last places and the school among its neighbours in the ranking: 2,000 bars
#: on a page are 0.1 mm each, and the school's own bar cannot be seen (nor the chart's 3.5 MB
#: of XML afforded 2,000 times).
WHOLE_UP_TO = 30
_ENDS = 3  # the first and the last places shown
_AROUND = 5  # the neighbours shown on each side of the school
GAP = "…"  # the label of places left out


_SHARED: dict[int, tuple[IndicatorFigures, tuple[str, ...], _Bars]] = {}


def _bars(figures: IndicatorFigures, applies: Sequence[School] | None) -> _Bars:
    """The chart's shared part, kept for the figures last seen (a district run's figures are
    computed once, so every school's report finds them here)."""
    wanted = tuple(s.key for s in applies) if applies is not None else ("*",)
    found = _SHARED.get(id(figures))
    if found is not None and found[0] is figures and found[1] == wanted:
        return found[2]
    indicator = figures.indicator
    drawn = None if applies is None else set(applies)  # a set: a region has 2,000 schools
    shown = [(s, f) for s, f in figures.schools if drawn is None or s in drawn]
    reverse = indicator.better is Better.MORE
    with_data = sorted(
        ((s, f) for s, f in shown if f.value is not None),
        key=lambda item: item[1].value or 0,
        reverse=reverse,
    )
    rows = [*with_data, *((s, f) for s, f in shown if f.value is None)]
    names = [s.short + (" (нет данных)" if f.value is None else "") for s, f in rows]
    values: list[Fraction | None] = [f.value for _, f in rows]
    categories = [*names, DISTRICT_LABEL, TARGET_LABEL]
    digits = _places([*values, figures.district.value, indicator.target], indicator)
    counts = indicator.unit in _COUNT_UNITS and all(
        v.denominator == 1 for v in (*values, indicator.target) if v is not None
    )
    kinds = [
        "achieved" if fig.mark is Mark.ACHIEVED else "missed" if fig.mark is Mark.MISSED else "none"
        for _, fig in rows
    ]
    every = [*values, figures.district.value, indicator.target]
    index: dict[School, int] = {}
    for position, (item, _) in enumerate(rows):
        index.setdefault(item, position)
    top = max(v for v in every if v is not None)
    maximum, step = _nice(top, indicator.unit in _COUNT_UNITS, indicator.percent)
    points = tuple(_decimal(v, digits) for v in every)
    every_kind = (*kinds, "district", "target")
    bars = _Bars(
        tuple(categories[::-1]),
        points,
        every_kind,
        _by_kind(points, every_kind),
        index,
        _format(digits),
        counts,
        maximum,
        step,
        min(32 + 5.2 * len(categories), 200),
        len(with_data),
    )
    if len(_SHARED) > 16:  # a report has a handful of indicators
        _SHARED.clear()
    _SHARED[id(figures)] = (figures, wanted, bars)
    return bars


def _by_kind(
    points: Sequence[Decimal | None], kinds: Sequence[str]
) -> dict[str, tuple[Decimal | None, ...]]:
    """Each kind's series: its own points, blanks elsewhere (a gap is nobody's), in the chart's
    order: a bar chart draws its first category at the bottom, so best on top means reversed."""
    return {
        kind: tuple(p if k == kind else None for p, k in zip(points, kinds, strict=True))[::-1]
        for kind in set(kinds) - {"gap"}
    }


def indicator_chart(
    figures: IndicatorFigures,
    school: School | None = None,
    applies: Sequence[School] | None = None,
) -> Chart:
    """Horizontal bars of every school's value, best on top, the mean and the target below.

    ``applies`` are the schools the indicator applies to (all by default); the others are not
    drawn. In a school's report its own bar is black and named in the legend.
    """
    indicator = figures.indicator
    bars = _bars(figures, applies)
    drawn = dict(bars.drawn)
    own = bars.index.get(school) if school is not None else None
    categories = bars.categories
    height = bars.height_mm
    meta = {"indicator": indicator.key}
    if own is not None and len(bars.points) - 2 > WHOLE_UP_TO:
        categories, drawn = _around(bars, own)
        height = min(32 + 5.2 * len(categories), 200)
        meta["ranked"] = str(bars.ranked)
    elif own is not None:  # its own bar black, taken out of the series it is drawn in otherwise
        at = len(bars.points) - 1 - own  # reversed
        kind = bars.kinds[own]
        taken = list(drawn[kind])
        taken[at] = None
        drawn[kind] = tuple(taken)
        mine: list[Decimal | None] = [None] * len(bars.points)
        mine[at] = bars.points[own]
        drawn["own"] = tuple(mine)
    wanted = [  # a horizontal bar chart lists its legend from the last series: reversed
        ("target", "целевое значение", TARGET),
        ("district", "среднее значение", DISTRICT),
        ("own", school.short if school else "", OWN),
        ("missed", "не достигнут", MISSED),
        ("achieved", "достигнут", ACHIEVED),
    ]
    series = []
    for kind, name, style in wanted:
        points = drawn.get(kind, ())
        if any(p is not None for p in points):
            whole = bars.counts and kind != "district"  # 13 мероприятий, a mean of 13,7
            series.append(
                Series(
                    name,
                    points,
                    style,
                    bold=kind in ("own", "district", "target"),
                    number_format=_format(0) if whole else None,
                )
            )
    unit = f", {indicator.unit}" if indicator.unit else ""
    return Chart(
        "bar",
        categories,
        tuple(series),
        number_format=bars.number_format,
        axis_format="[$-419]0",
        axis_title=f"Значение{unit}",
        minimum=Decimal(0),
        maximum=bars.maximum,
        major_unit=bars.step,
        height_mm=height,
        meta=meta,
    )


def shown_places(ranked: int, own: int) -> list[int | None]:
    """The places a school's chart shows in a large district, best first: the first and the
    last :data:`_ENDS` of the ``ranked`` schools with a value, and ``own`` with its
    :data:`_AROUND` neighbours on each side (a school with no value: itself alone, after the
    ranked ones); None where places are left out."""
    keep = {*range(min(_ENDS, ranked)), *range(max(0, ranked - _ENDS), ranked)}
    if own < ranked:
        keep |= set(range(max(0, own - _AROUND), min(ranked, own + _AROUND + 1)))
    else:
        keep.add(own)
    shown: list[int | None] = []
    for place in sorted(keep):
        if shown and shown[-1] is not None and place != shown[-1] + 1:
            shown.append(None)
        shown.append(place)
    return shown


def _around(bars: _Bars, own: int) -> tuple[tuple[str, ...], dict[str, tuple[Decimal | None, ...]]]:
    """The categories and series of a school's chart in a large district: the places
    :func:`shown_places` picks, each named with its place («118. МБОУ СОШ № 5»), a gap
    labelled «…» where places are left out, then the mean and the target."""
    names = bars.categories[::-1]  # as ranked: best first, then the mean and the target
    count = len(bars.points) - 2
    labels: list[str] = []
    points: list[Decimal | None] = []
    kinds: list[str] = []
    for place in shown_places(bars.ranked, own):
        if place is None:
            labels.append(GAP)
            points.append(None)
            kinds.append("gap")
            continue
        labels.append(f"{place + 1}. {names[place]}" if place < bars.ranked else names[place])
        points.append(bars.points[place])
        kinds.append("own" if place == own else bars.kinds[place])
    labels += names[count:]
    points += bars.points[count:]
    kinds += ["district", "target"]
    return tuple(labels[::-1]), _by_kind(points, kinds)


def trend_chart(
    figures: IndicatorFigures,
    periods: Sequence[Period],
    targets: Sequence[Fraction | None],
    school_values: Sequence[Fraction | None] | None = None,
    school: School | None = None,
) -> Chart:
    """The mean of one indicator period by period against each period's own target; in a
    school's report the school's own line too (dashed, square markers). Labels of the two
    lines go to opposite sides at every period, the higher one above."""
    indicator = figures.indicator
    # the mean over the same schools in every period (as the text compares them), if any
    means = [value for _, value in (figures.steady or figures.trend)]
    digits = _places([*means, *(school_values or ()), *targets], indicator)
    above, below = [], []
    for index, value in enumerate(means):
        own = school_values[index] if school_values is not None else None
        high = own is None or value is None or value >= own
        above.append("t" if high else "b")
        below.append("b" if high else "t")
    series = [
        Series(
            "среднее значение",
            tuple(_decimal(v, digits) for v in means),
            DISTRICT_LINE,
            position="t",
            positions=tuple(above),
            bold=True,
        )
    ]
    if school_values is not None and school is not None:
        whole = indicator.unit in _COUNT_UNITS and all(
            v.denominator == 1 for v in school_values if v is not None
        )  # 8 мероприятий, against a mean of 9,4
        series.append(
            Series(
                school.short,
                tuple(_decimal(v, 0 if whole else digits) for v in school_values),
                SCHOOL_LINE,
                position="b",
                positions=tuple(below),
                number_format=_format(0) if whole else None,
            )
        )
    series.append(
        Series(
            "целевое значение",
            tuple(_decimal(v, digits) for v in targets),
            TARGET_LINE,
            labels=False,
        )
    )
    found = [v for v in (*means, *(school_values or ()), *targets) if v is not None]
    maximum, step = _nice(max(found, default=Fraction(1)), indicator.unit in _COUNT_UNITS)
    return Chart(
        "line",
        tuple(p.key for p in periods),
        tuple(series),
        number_format=_format(digits),
        axis_format="[$-419]0",
        axis_title=indicator.unit or "",
        minimum=Decimal(0),
        maximum=maximum,
        major_unit=step,
        height_mm=62,
        legend=True,
        meta={"indicator": indicator.key},
    )
