"""Writing Excel workbooks people fill in or read: styled headers, drop-downs, stable bytes."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from docgen.office.plain_xlsx import text_lines

BOLD = Font(bold=True)
NOTE = Font(italic=True, color="808080")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


def header(
    sheet: Any, names: Sequence[str], widths: Sequence[int], notes: Sequence[str | None] = ()
) -> None:
    """The header row: bold on a light fill, frozen, with a note on the columns that need one."""
    sheet.append(list(names))
    for index, cell in enumerate(sheet[1]):
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
        if index < len(notes) and notes[index]:
            cell.comment = Comment(str(notes[index]), "docgen", width=320, height=120)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def choices(
    sheet: Any, cells: str, values: Sequence[str], prompt: str = "", *, strict: bool = True
) -> None:
    """A drop-down list on ``cells`` (e.g. "E2:E500"); Excel refuses other values if strict."""
    formula = '"' + ",".join(values) + '"'
    rule = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=strict,
        errorTitle="Недопустимое значение",
        error="Выберите значение из списка",
        promptTitle="Выбор",
        prompt=prompt or None,
        showInputMessage=bool(prompt),
    )
    sheet.add_data_validation(rule)
    rule.add(cells)


def printable(sheet: Any, header_row: int) -> None:
    """A list people print: landscape, as wide as the page, the header row on every page and
    tall enough for its wrapped headings."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.row_dimensions[header_row].height = 30


def fit_heights(sheet: Any, first: int, line: float = 15.0) -> None:
    """Row heights for wrapped text, estimated from the column widths: LibreOffice does not
    grow the rows of a workbook it opens, so long texts would overlap the rows below."""
    widths = {
        key: dimension.width
        for key, dimension in sheet.column_dimensions.items()
        if dimension.width
    }
    for row in sheet.iter_rows(min_row=first):
        lines = 1
        for cell in row:
            if cell.value is not None:
                lines = max(lines, text_lines(cell.value, widths.get(cell.column_letter, 10)))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = round(line * lines, 1)


def wrap_rows(sheet: Any, first: int = 2) -> None:
    """Wrapped, top-aligned text in every cell from row ``first`` on.

    Setting ``cell.alignment`` makes openpyxl look the style up in the workbook's lists each
    time (most of the time of a summary of thousands of rows); cells that had the same style
    get the same new one, so it is looked up once per style and copied (``_style``, openpyxl's
    array of style ids: the same ids, so the same bytes).
    """
    wrapped: dict[tuple[int, ...], Any] = {}
    for row in sheet.iter_rows(min_row=first):
        for cell in row:
            key = tuple(cell._style) if cell._style is not None else ()  # None: no style yet
            done = wrapped.get(key)
            if done is None:
                cell.alignment = WRAP
                wrapped[key] = copy.copy(cell._style)
            else:
                cell._style = copy.copy(done)


def stable_bytes(workbook: Any, when: datetime) -> bytes:
    """The workbook's bytes, the same on every run: ``when`` (the data's date, never "now") as
    its created and modified time and as the time of every zip entry."""
    workbook.properties.creator = workbook.properties.creator or "docgen"
    workbook.properties.created = when
    workbook.properties.modified = when
    buffer = io.BytesIO()
    workbook.save(buffer)
    return stable(buffer.getvalue(), when)


def stable(data: bytes, when: datetime) -> bytes:
    """Rewrite a saved workbook with fixed property times, entry times and attributes."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, content
                )
            entry = zipfile.ZipInfo(
                info.filename, date_time=(max(when.year, 1980), *when.timetuple()[1:6])
            )
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()
