"""A school's own rows of the district workbook («Люди», «Изменения»): read them, and replace
them with what the school typed in the web form or sent as its part of the workbook, leaving
every other school's rows, the other sheets and the columns' order as they are.

The columns are the district workbook's (``docgen.district.workbook.PEOPLE`` and ``CHANGES``),
found by the names in the header row, so a district's own order of columns is kept.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from docgen.district.workbook import CHANGES, PEOPLE, SHEETS
from docgen.errors import DataError, Location
from docgen.loading import _sheets as xl
from docgen.loading._order_xlsx import open_workbook
from docgen.loading._read import read_bytes
from docgen.office.files import atomic_write_bytes

#: The sheets a school may change, with their columns (the «школа» column is the school's key).
EDITABLE: dict[str, xl.Table] = {"people": PEOPLE, "changes": CHANGES}
Rows = list[dict[str, str]]


def _sheet(book: Any, key: str) -> Any | None:
    wanted = {xl.norm(name) for name in (key, *SHEETS[key])}
    for sheet in book.worksheets:
        if xl.norm(sheet.title) in wanted:
            return sheet
    return None


def _header(sheet: Any, table: xl.Table) -> tuple[int, dict[str, int]]:
    """The header row's number and the column of every known field."""
    known = xl.aliases(table.columns)
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 10)):
        columns = {
            known[xl.norm(cell.value)]: cell.column
            for cell in row
            if cell.value is not None and xl.norm(cell.value) in known
        }
        if "school" in columns:
            return row[0].row, columns
    raise DataError(
        f"на листе «{sheet.title}» нет строки заголовков со столбцом «школа»",
        Location(sheet=sheet.title),
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return str(value.strftime("%d.%m.%Y"))
    return str(value).strip()


def school_rows(workbook: Path, school: str) -> dict[str, Rows]:
    """The school's rows of each editable sheet, as texts by column key."""
    book = open_workbook(read_bytes(workbook), str(workbook))
    try:
        return {key: _rows_of(book, key, table, school) for key, table in EDITABLE.items()}
    finally:
        book.close()


def _rows_of(book: Any, key: str, table: xl.Table, school: str | None) -> Rows:
    sheet = _sheet(book, key)
    if sheet is None:
        return []
    top, columns = _header(sheet, table)
    found: Rows = []
    for row in sheet.iter_rows(min_row=top + 1, values_only=True):
        values = {
            field: _text(row[col - 1]) if col <= len(row) else "" for field, col in columns.items()
        }
        if not any(values.values()):
            continue
        if school is None or values.get("school") == school:
            found.append({field: values.get(field, "") for field in table.columns})
    return found


def part_rows(part: bytes, file: str, school: str) -> dict[str, Rows]:
    """A school's part of the workbook (its sheets «Люди» and/or «Изменения»): every row must be
    the school's own (or leave «школа» empty); a row of another school is refused."""
    book = open_workbook(part, file)
    try:
        found = {}
        for key, table in EDITABLE.items():
            if _sheet(book, key) is None:
                continue
            rows = _rows_of(book, key, table, None)
            for number, row in enumerate(rows, start=1):
                if row.get("school") and row["school"] != school:
                    raise DataError(
                        f"строка {number} относится к школе «{row['school']}», "
                        f"а не к «{school}»: школа может менять только свои строки",
                        Location(file=file, sheet=SHEETS[key][0]),
                    )
                row["school"] = school
            found[key] = rows
    finally:
        book.close()
    if not found:
        raise DataError(
            "в книге нет листов «Люди» и «Изменения»: пришлите свою часть книги района",
            Location(file=file),
        )
    return found


def replace_school_rows(
    workbook: Path, school: str, rows: Mapping[str, Sequence[Mapping[str, str]]]
) -> None:
    """Replace the school's rows of the given sheets; the workbook is written whole or not at
    all. A sheet the workbook lacks is added with the district's column names."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(read_bytes(workbook)))
    for key, new_rows in rows.items():
        table = EDITABLE[key]
        sheet = _sheet(book, key)
        if sheet is None:
            sheet = book.create_sheet(SHEETS[key][0])
            sheet.append([names[0] for names in table.columns.values()])
        top, columns = _header(sheet, table)
        for number in range(sheet.max_row, top, -1):
            if _text(sheet.cell(number, columns["school"]).value) == school:
                sheet.delete_rows(number)
        last = top
        for number in range(sheet.max_row, top, -1):
            if any(cell.value is not None for cell in sheet[number]):
                last = number
                break
        for offset, row in enumerate(new_rows, start=1):
            for field, column in columns.items():
                value = school if field == "school" else (row.get(field) or "").strip()
                sheet.cell(last + offset, column, value or None)
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write_bytes(workbook, buffer.getvalue())
