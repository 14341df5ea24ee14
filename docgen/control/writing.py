"""Each responsible person's Excel list and iCalendar file, the same bytes for the same day.

The list («Контроль исполнения») has the late tasks first, then today's, the upcoming ones by
date and those without a date. The calendar has one all-day event per task on its due day; a
repeating duty is one event with a rule (RRULE: yearly, monthly, weekly), one per due day of the
year («ежегодно до 20 декабря и 25 мая» is two); a task without a date has no event. The
stamps of the calendar are the day the lists are made for, never the clock.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from docgen.control.collect import collect
from docgen.district.workbook import folder_name
from docgen.grammar.dates import format_date
from docgen.office.files import atomic_write_bytes, fit_name
from docgen.options import AgendaOptions
from docgen.plans.control import OVERDUE, UNDATED, Item

#: The columns of a person's list: heading and width.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("№ п/п", 6),
    ("Состояние", 14),
    ("Срок", 12),
    ("Дней до срока", 9),
    ("Срок, как написан", 26),
    ("Повторяется", 24),
    ("Школа", 24),
    ("Документ", 40),
    ("Пункт", 9),
    ("Что сделать", 70),
)
_UNSAFE = re.compile(r"[^\w.-]+")
_LATE_FILL = "FCE4D6"
_TODAY_FILL = "FFF2CC"


@dataclass
class AgendaResult:
    """The files written, and how many tasks each state has over all people."""

    paths: list[Path] = field(default_factory=list)
    people: int = 0
    items: int = 0
    overdue: int = 0
    undated: int = 0


def agenda(paths: Sequence[Path], options: AgendaOptions | None = None) -> AgendaResult:
    """Read the files, then write every person's list and calendar into ``options.output_dir``
    (a district's people into their school's folder)."""
    options = options or AgendaOptions()
    today = options.today or date.today()
    items = collect(paths, options)
    groups: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        groups.setdefault((item.school, item.who), []).append(item)
    result = AgendaResult(people=len(groups), items=len(items))
    outputs: dict[Path, bytes] = {}
    used: set[str] = set()
    for (school, who), tasks in sorted(groups.items()):
        folder = options.output_dir / folder_name(school) if school else options.output_dir
        stem = _unique(_safe(who), folder, used)
        tasks = sorted(tasks, key=lambda item: item.sort_key(today))
        outputs[folder / fit_name(f"{stem}.xlsx")] = workbook_bytes(who, school, tasks, today)
        outputs[folder / fit_name(f"{stem}.ics")] = calendar_bytes(who, school, tasks, today)
        result.overdue += sum(1 for t in tasks if t.state(today) == OVERDUE)
        result.undated += sum(1 for t in tasks if t.state(today) == UNDATED)
    for path, content in outputs.items():  # everything made before anything is written
        atomic_write_bytes(path, content)
        result.paths.append(path)
    return result


def _safe(text: str) -> str:
    return _UNSAFE.sub("_", text).strip("_.") or "без_имени"


def _unique(stem: str, folder: Path, used: set[str]) -> str:
    """Two people whose names make the same file name (case, punctuation) get a number."""
    name, index = stem, 2
    while f"{folder}/{name}".lower() in used:
        name = f"{stem}_{index}"
        index += 1
    used.add(f"{folder}/{name}".lower())
    return name


def _rule_text(item: Item) -> str:
    return ", ".join(str(rule) for rule in item.rules)


def workbook_bytes(who: str, school: str, tasks: Sequence[Item], today: date) -> bytes:
    """One person's list «Контроль исполнения»."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    from docgen.office import excel as _xlsx

    book = Workbook()
    sheet = book.active
    sheet.title = "Контроль исполнения"
    sheet.append([f"Контроль исполнения: {who}" + (f" ({school})" if school else "")])
    sheet["A1"].font = _xlsx.BOLD
    sheet.append([f"Состояние на {format_date(today, 'numeric')}"])
    sheet.append([heading for heading, _ in COLUMNS])
    for cell in sheet[3]:
        cell.font = _xlsx.BOLD
        cell.fill = _xlsx.HEADER_FILL
        cell.alignment = _xlsx.WRAP
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(3, index).column_letter].width = width
    sheet.freeze_panes = "A4"
    fills = {
        OVERDUE: PatternFill("solid", fgColor=_LATE_FILL),
        "Срок сегодня": PatternFill("solid", fgColor=_TODAY_FILL),
    }
    for number, item in enumerate(tasks, start=1):
        due = item.due(today)
        state = item.state(today)
        sheet.append(
            [
                number,
                state,
                due,
                (due - today).days if due else None,
                item.deadline or None,
                _rule_text(item) or None,
                item.school or None,
                item.document,
                item.number,
                item.text,
            ]
        )
        row = sheet.max_row
        sheet.cell(row, 3).number_format = "DD.MM.YYYY"
        if state in fills:
            sheet.cell(row, 2).fill = fills[state]
    _xlsx.wrap_rows(sheet, first=4)
    _xlsx.printable(sheet, 3)
    _xlsx.fit_heights(sheet, 4)
    sheet.auto_filter.ref = f"A3:{sheet.cell(3, len(COLUMNS)).column_letter}{max(3, sheet.max_row)}"
    return _xlsx.stable_bytes(book, datetime(today.year, today.month, today.day))


def calendar_bytes(who: str, school: str, tasks: Sequence[Item], today: date) -> bytes:
    """One person's calendar: an all-day event per task with a date, RRULE for repeating."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//docgen//Контроль исполнения//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Контроль исполнения: {who}" + (f" ({school})" if school else ""))
    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    for item in tasks:
        for index, (day, rule) in enumerate(_occasions(item, today)):
            event = Event()
            key = "\n".join(
                (item.school, item.who, item.source, item.document, item.number, item.text)
            )
            uid = hashlib.sha256(f"{key}\n{index}".encode()).hexdigest()[:32]
            event.add("uid", f"{uid}@docgen")
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("summary", _summary(item))
            event.add("description", _description(item))
            event.add("transp", "TRANSPARENT")  # a deadline does not make the person busy
            if rule is not None:
                event.add("rrule", rule)
            calendar.add_component(event)
    return bytes(calendar.to_ical())


def _occasions(item: Item, today: date) -> list[tuple[date, dict[str, object] | None]]:
    """The first due day of each event of the task, with its rule (None: a single day)."""
    if not item.rules:
        due = item.due(today)
        return [] if due is None else [(due, None)]
    end = item.span.end if item.span is not None else None
    start = item.first_day(today)
    found: list[tuple[date, dict[str, object] | None]] = []
    for recurrence in item.rules:
        first = recurrence.next_on_or_after(start, end)
        if first is None:
            continue
        rule = recurrence.rule()
        if end is not None:
            rule["UNTIL"] = end
        found.append((first, rule))
    return found


def _summary(item: Item) -> str:
    text = item.text if len(item.text) <= 120 else item.text[:119].rsplit(" ", 1)[0] + "…"
    return f"{item.number}. {text}" if item.number[:1].isdigit() else f"{item.number}: {text}"


def _description(item: Item) -> str:
    lines = [
        f"Документ: {item.document}" + (f", {item.number}" if item.number else ""),
        f"Что сделать: {item.text}",
        f"Срок: {item.deadline}" if item.deadline else "Срок не указан",
        f"Ответственный: {item.who}",
    ]
    if item.school:
        lines.insert(0, f"Школа: {item.school}")
    if item.source:
        lines.append(f"Файл: {item.source}")
    return "\n".join(lines)
