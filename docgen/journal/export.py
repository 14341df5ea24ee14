"""The journal as the workbook an office keeps: «Журнал регистрации приказов».

One sheet per organization (a district's journal holds every school's numbers), the columns of
a paper journal, a voided number kept in its row with the mark «аннулирован».
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from docgen.journal.registry import Entry

#: The columns of the journal: heading and width.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("№ п/п", 7),
    ("Номер", 12),
    ("Дата", 12),
    ("Вид документа", 15),
    ("Заголовок", 60),
    ("Кем подписан", 34),
    ("Исполнитель", 30),
    ("Отметка об исполнении", 30),
    ("Примечание", 24),
)
TITLE = "Журнал регистрации приказов"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _title(entries: Sequence[Entry]) -> str:
    kinds = {e.kind for e in entries}
    if kinds == {"распоряжение"}:
        return "Журнал регистрации распоряжений"
    if "распоряжение" in kinds:
        return "Журнал регистрации приказов и распоряжений"
    return TITLE


def _sheet_name(organization: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub(" ", organization).strip()[:28] or "Журнал"
    name, index = base, 2
    while name.lower() in used:
        name = f"{base[:25]} ({index})"
        index += 1
    used.add(name.lower())
    return name


def workbook_bytes(entries: Sequence[Entry]) -> bytes:
    """The XLSX of the journal's rows, the same bytes for the same rows."""
    from openpyxl import Workbook

    from docgen.office import excel as _xlsx

    book = Workbook()
    book.remove(book.active)
    by_org: dict[str, list[Entry]] = {}
    for entry in entries:
        by_org.setdefault(entry.organization, []).append(entry)
    used: set[str] = set()
    for organization, rows in by_org.items() or [("Журнал", [])]:
        sheet = book.create_sheet(_sheet_name(organization, used))
        sheet.append([_title(rows)])
        sheet["A1"].font = _xlsx.BOLD
        sheet.append([organization if rows else ""])
        sheet.append([heading for heading, _ in COLUMNS])
        for cell in sheet[3]:
            cell.font = _xlsx.BOLD
            cell.fill = _xlsx.HEADER_FILL
            cell.alignment = _xlsx.WRAP
        for index, (_, width) in enumerate(COLUMNS, start=1):
            sheet.column_dimensions[sheet.cell(3, index).column_letter].width = width
        sheet.freeze_panes = "A4"
        for index, entry in enumerate(rows, start=1):
            sheet.append(
                [
                    index,
                    entry.number,
                    entry.date,
                    entry.kind,
                    entry.title,
                    entry.signer,
                    entry.executor,
                    entry.execution or None,
                    None
                    if entry.voided is None
                    else "аннулирован" + (f": {entry.voided}" if entry.voided else ""),
                ]
            )
            sheet.cell(sheet.max_row, 3).number_format = "DD.MM.YYYY"
        _xlsx.wrap_rows(sheet, first=4)
        _xlsx.printable(sheet, 3)
        _xlsx.fit_heights(sheet, 4)
    latest = max((e.date for e in entries), default=None)
    when = datetime(latest.year, latest.month, latest.day) if latest else datetime(2000, 1, 1)
    return _xlsx.stable_bytes(book, when)
