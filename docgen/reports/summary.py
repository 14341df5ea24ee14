"""The Excel summary of a monitoring report: the report's figures, ready to sort and filter.

Sheets, named in Russian: «Сводка» (one row per indicator), «Показатель 1» … (the indicator's
name above its table: one row per school and the mean), «Мероприятия» (the plan's execution
per responsible), «Просроченные мероприятия» (each overdue activity, when there are any).
An indicator that does not apply to a school is «не применяется», never «нет данных»; the
mean's change is over the schools that reported in both periods, as in the report. Numbers are
stored as numbers, rounded once exactly as the report writes them, with number formats; "нет данных"
is a grey text cell, never a zero. Values that miss their target are highlighted by
conditional formatting, so the highlight follows a value edited by hand. Written by
:mod:`docgen.office.xlsx` (a few milliseconds, where openpyxl took twenty).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from docgen.grammar.dates import format_date
from docgen.grammar.trends import rounded
from docgen.office.xlsx import Book, Format, Highlight, Sheet, column_letter
from docgen.reports.figures import (
    EXECUTION_HEADINGS,
    HUNDRED,
    Execution,
    Figure,
    IndicatorFigures,
    Mark,
    digits_for,
    exact,
)
from docgen.reports.monitoring import Better, Indicator, Monitoring, School

GREY: Final = "808080"
HEAD: Final = Format(
    bold=True, fill="D9D9D9", border=GREY, wrap=True, horizontal="center", vertical="top"
)
CAPTION: Final = Format(bold=True, size=12, wrap=True, vertical="top")
MISSED_FILL: Final = "F4CCCC"
MISSED_COLOUR: Final = "9C0006"
NO_DATA: Final = "нет данных"
NOT_APPLICABLE: Final = "не применяется"
_FORMATS: Final = {0: "0", 1: "0.0", 2: "0.00", 3: "0.000", 4: "0.0000"}


def stored(value: Fraction | None, digits: int) -> tuple[float | str, str]:
    """The cell value (the number as the report writes it) and its number format."""
    if value is None:
        return NO_DATA, "General"
    shown: Decimal = rounded(exact(value), digits)
    text_digits = max(0, -shown.normalize().as_tuple().exponent)  # type: ignore[operator]
    return float(shown), _FORMATS[min(digits, max(text_digits, 1 if digits else 0))]


def _value(value: Fraction | None, indicator: Indicator) -> tuple[float | str, str]:
    digits = digits_for(value, indicator.target) if value is not None else 1
    return stored(value, digits)


def _share(value: Fraction | None) -> tuple[float | str, str]:
    if value is None:
        return "—", "General"
    digits = digits_for(value, HUNDRED) if value < HUNDRED else 1
    return stored(value, digits)


def _written_change(fig: Figure, indicator: Indicator) -> tuple[float | str, str]:
    """A school's change as the report states it: the difference of the two values as
    written (75,2 − 70,3 = 4,9), not the exact change rounded on its own."""
    if fig.value is None or fig.previous is None:
        return "—", "General"
    digits = max(
        digits_for(fig.value, indicator.target), digits_for(fig.previous, indicator.target)
    )
    change = rounded(exact(fig.value), digits) - rounded(exact(fig.previous), digits)
    return float(change), "+0.0;-0.0;0"


def _format(wrap: bool, faint: bool, bold: bool, number_format: str) -> Format:
    """A data cell: thin grey border; text of the first columns wrapped on the left, the rest
    centred; «нет данных» and «не применяется» in grey italics."""
    return Format(
        bold=bold and not faint,
        italic=faint,
        colour=GREY if faint else None,
        border=GREY,
        wrap=True,
        horizontal=None if wrap else "center",
        vertical="top",
        number_format=number_format,
    )


class _Sheet:
    """A sheet with a styled header row (under the caption, if any), frozen under it."""

    def __init__(
        self,
        book: Book,
        title: str,
        headers: Sequence[str],
        widths: Sequence[float],
        caption: str = "",
    ) -> None:
        self.sheet: Sheet = book.sheet(title)
        self.head = 1
        if caption:  # the indicator's name above its table
            self.sheet.set(1, 1, caption, CAPTION)
            self.sheet.merge(f"A1:{column_letter(len(headers))}1")
            self.sheet.heights[1] = 32
            self.head = 2
        for column, name in enumerate(headers, start=1):
            self.sheet.set(self.head, column, name, HEAD)
        for column, width in enumerate(widths, start=1):
            self.sheet.widths[column] = width
        self.sheet.frozen = f"C{self.head + 1}"
        self.rows = self.head

    def row(self, cells: Sequence[Any], *, bold: bool = False) -> int:
        self.rows += 1
        for column, item in enumerate(cells, start=1):
            value, number_format = item if isinstance(item, tuple) else (item, None)
            wrap = isinstance(value, str) and column <= 3
            faint = value in (NO_DATA, NOT_APPLICABLE)
            fmt = _format(wrap, faint, bold, number_format or "General")
            self.sheet.set(self.rows, column, value, fmt)
        return self.rows

    def highlight(self, column: str, target: str, better: Better, last: int) -> None:
        """Cells of ``column`` worse than ``target`` (a cell) in red, when they are numbers."""
        first = self.head + 1
        if last < first:
            return
        sign = "<" if better is Better.MORE else ">"
        self.sheet.highlights.append(
            Highlight(
                f"{column}{first}:{column}{last}",
                f"AND(ISNUMBER({column}{first}),{column}{first}{sign}{target}{first})",
                MISSED_FILL,
                MISSED_COLOUR,
            )
        )


def _title(index: int) -> str:
    """A sheet's name: «Показатель 1» (the indicator's name is above the table: Excel allows
    31 characters in a sheet name, too few for «Доля обучающихся 6–11 классов, …»)."""
    return f"Показатель {index}"


def _cell(fig: Figure, value: Fraction | None, indicator: Indicator) -> tuple[float | str, str]:
    if fig.mark is Mark.NOT_APPLICABLE:
        return NOT_APPLICABLE, "General"
    return _value(value, indicator)


def _district_change(figures: IndicatorFigures) -> tuple[tuple[float | str, str], Any]:
    """The previous mean and the change over the schools that reported in both periods."""
    found = figures.comparison
    if found is None:
        return ("—", "General"), ("—", "General")
    change = rounded(exact(found.end), 1) - rounded(exact(found.start), 1)
    return _value(found.start, figures.indicator), (float(change), "+0.0;-0.0;0")


def summary_workbook(
    monitoring: Monitoring,
    all_figures: Sequence[IndicatorFigures],
    plan: Execution,
    school: School | None,
    when: datetime,
) -> bytes:
    """The summary's bytes; ``when`` (the report date) is its only time."""
    header = monitoring.header
    previous = header.previous.text() if header.previous else "предыдущий период"
    book = Book(title=f"Сводка мониторинга за {header.period.text('accs')}")
    subject = "Значение" if school else "Среднее значение"
    summary = _Sheet(
        book,
        "Сводка",
        (
            "№",
            "Показатель",
            "Ед. изм.",
            "Лучше",
            "Целевое значение",
            subject,
            "Достижение, %",
            "Статус",
            "Цель достигнута в ОО",
            "ОО с данными",
            "Доля ОО, достигших цели, %",
            f"Значение за {previous}" + ("" if school else " (по тем же ОО)"),
            "Изменение" + ("" if school else " (по ОО с данными за оба периода)"),
        ),
        (5, 60, 9, 9, 11, 12, 12, 14, 12, 11, 13, 16, 16),
    )
    for index, figures in enumerate(all_figures, start=1):
        indicator = figures.indicator
        fig = figures.of(school) if school else figures.district
        if school:
            then, change = _cell(fig, fig.previous, indicator), _written_change(fig, indicator)
        else:
            then, change = _district_change(figures)
        summary.row(
            (
                index,
                indicator.name,
                indicator.unit,
                indicator.better.value,
                _value(indicator.target, indicator),
                _cell(fig, fig.value, indicator),
                _share(fig.achievement),
                fig.mark.value,
                len(figures.achieved),
                figures.with_data,
                _share(figures.share),
                then,
                change,
            )
        )
        summary.sheet.highlights.append(
            Highlight(
                f"F{summary.rows}",
                f"AND(ISNUMBER(F{summary.rows}),F{summary.rows}"
                f"{'<' if indicator.better is Better.MORE else '>'}E{summary.rows})",
                MISSED_FILL,
                MISSED_COLOUR,
            )
        )

    for index, figures in enumerate(all_figures, start=1):
        indicator = figures.indicator
        unit = f", {indicator.unit}" if indicator.unit else ""
        sheet = _Sheet(
            book,
            _title(index),
            (
                "№",
                "Краткое название",
                "Полное название",
                "Тип",
                f"Значение{unit}",
                f"Целевое значение{unit}",
                "Достижение, %",
                "Статус",
                f"Значение за {previous}{unit}",
                "Изменение",
            ),
            (5, 40, 60, 12, 12, 12, 12, 14, 16, 11),
            caption=f"Показатель {index}. {indicator.name}",
        )
        rows = list(figures.schools) if school is None else [(school, figures.of(school))]
        for number, (item, fig) in enumerate(rows, start=1):
            sheet.row(_school_row(number, item.short, item.name, item.kind, fig, indicator))
        then, change = _district_change(figures)
        district = _school_row(None, "Среднее значение", "", "", figures.district, indicator)
        last = sheet.row((*district[:8], then, change), bold=True)
        sheet.highlight("E", "F", indicator.better, last)

    activities = _Sheet(
        book,
        "Мероприятия",
        EXECUTION_HEADINGS,
        (50, 9, 12, 13, 13, 12, 13),
    )
    for tally in (*plan.groups, plan.total):
        activities.row(
            (
                tally.responsible,
                tally.total,
                tally.done,
                tally.in_progress,
                tally.not_done,
                tally.overdue,
                _share(tally.share_done),
            ),
            bold=tally is plan.total,
        )
    activities.sheet.frozen = "B2"
    if plan.overdue:
        overdue = _Sheet(
            book,
            "Просроченные мероприятия",
            ("№", "Мероприятие", "Ответственный", "Срок", "Срок истек", "Статус", "Школа"),
            (6, 60, 40, 22, 12, 14, 30),
        )
        for activity in plan.overdue:
            due = activity.span.due(header.date) if activity.span else None
            owner = monitoring.school(activity.school) if activity.school else None
            overdue.row(
                (
                    activity.number,
                    activity.title,
                    activity.responsible,
                    activity.deadline,
                    format_date(due) if due else "",
                    activity.status.value,
                    owner.short if owner else "",
                )
            )
        overdue.sheet.frozen = "B2"

    return book.to_bytes(when)


def _school_row(
    number: int | None, short: str, name: str, kind: str, fig: Figure, indicator: Indicator
) -> tuple[Any, ...]:
    return (
        number,
        short,
        name,
        kind,
        _cell(fig, fig.value, indicator),
        _value(indicator.target, indicator),
        _share(fig.achievement),
        fig.mark.value,
        _cell(fig, fig.previous, indicator),
        _written_change(fig, indicator),
    )
