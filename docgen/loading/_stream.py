"""A workbook's cells read straight from its sheets' XML, for the reading engine of ``_sheets``.

openpyxl builds a styled object for every cell of every sheet (a district of 2,000 schools:
96,000 cells, about 2 s of CPU and 70 MB). The engine needs far less: each cell's value as
openpyxl gives it with ``data_only=True``, its coordinate and its number format (a percent, a
date). This module reads just that, with lxml's ``iterparse``, into plain cells that answer the
same attributes (``value``, ``coordinate``, ``row``, ``column``, ``number_format``) over the
same rectangle openpyxl iterates (every row from 1, every column up to the last cell; merged
cells but the first are empty), so every value and every place the engine reports is what it
was. Anything it does not expect (a strict OOXML file, a damaged part) makes
:func:`open_lean` return None, and the caller opens the workbook with openpyxl as before, with
its messages.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW, _CELL, _VALUE, _INLINE = (f"{{{_MAIN}}}{tag}" for tag in ("row", "c", "v", "is"))
_T, _R = f"{{{_MAIN}}}t", f"{{{_MAIN}}}r"
_MERGE, _LINK = f"{{{_MAIN}}}mergeCell", f"{{{_MAIN}}}hyperlink"
_FORMULA, _DIMENSION = f"{{{_MAIN}}}f", f"{{{_MAIN}}}dimension"
_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_COORD = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


class Cell:
    """One cell as the engine reads it (openpyxl's names, no styles)."""

    __slots__ = ("column", "number_format", "row", "value")

    def __init__(self, row: int, column: int, value: Any, number_format: str) -> None:
        self.row, self.column, self.value, self.number_format = row, column, value, number_format

    @property
    def coordinate(self) -> str:
        letters = _LETTERS.get(self.column)
        if letters is None:
            letters = _LETTERS[self.column] = _letter(self.column)
        return f"{letters}{self.row}"


#: Column numbers already seen, by their letters (the other way round of ``_COLUMNS``).
_LETTERS: dict[int, str] = {}


@dataclass(frozen=True)
class _Range:
    coord: str


@dataclass
class _Merged:
    ranges: list[_Range] = field(default_factory=list)


@dataclass
class Sheet:
    """A worksheet's cells by row and column, iterated as openpyxl iterates a loaded sheet."""

    title: str
    parent: Book
    cells: dict[int, dict[int, tuple[Any, str]]]
    max_row: int
    max_column: int
    merged_cells: _Merged
    written: bool = True  # the XML has cells (not only merged ranges or links)

    def iter_rows(
        self,
        min_row: int | None = None,
        max_row: int | None = None,
        min_col: int | None = None,
        max_col: int | None = None,
        values_only: bool = False,
    ) -> Iterator[tuple[Any, ...]]:
        if not self.written and not (min_row or max_row or min_col or max_col):
            return  # openpyxl: a sheet without a cell of its own yields nothing
        first_col, last_col = min_col or 1, max_col or self.max_column
        empty: dict[int, tuple[Any, str]] = {}
        for number in range(min_row or 1, (max_row or self.max_row) + 1):
            row = self.cells.get(number, empty)
            if values_only:
                yield tuple(row[c][0] if c in row else None for c in range(first_col, last_col + 1))
                continue
            yield tuple(
                Cell(number, c, *row[c]) if c in row else Cell(number, c, None, "General")
                for c in range(first_col, last_col + 1)
            )


@dataclass
class Book:
    """The worksheets of a workbook, in its order, and its uncalculated formulas (see
    ``_sheets.open_book``)."""

    worksheets: list[Sheet] = field(default_factory=list)
    uncalculated: dict[str, set[str]] = field(default_factory=dict)

    def close(self) -> None:
        """The cells let go at once: each sheet names its book (a cycle), which only a
        collection would free, and a run freezes the collector before its workers start."""
        for sheet in self.worksheets:
            sheet.cells = {}
        self.worksheets = []


class _TooLong(Exception):
    """A sheet over the row limit: the caller's check says so, with its message."""


def open_lean(data: bytes, max_rows: int | None = None) -> Book | None:
    """The workbook's sheets and cells, or None when anything is not as expected (the caller
    then reads it with openpyxl). A sheet with more than ``max_rows`` rows (counted, or as its
    ``dimension`` claims) stops the reading: None, and the caller's check of the row limit
    says what is wrong before openpyxl reads anything. Each sheet's formulas without a saved
    value are found on the way (``Book.uncalculated``)."""
    try:
        return _read(data, max_rows)
    except Exception:  # any surprise (_TooLong too): the caller reads it and says what is wrong
        return None


def _read(data: bytes, max_rows: int | None) -> Book | None:
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_workbook()
    archive: zipfile.ZipFile = reader.archive
    strings = _strings(archive, reader)
    formats, dates, timedeltas = _styles(archive)
    convert = _Dates(reader.wb.epoch, timedeltas)
    book = Book()
    names = set(archive.namelist())
    found = list(reader.parser.find_sheets())
    parts = {rel.target for _, rel in found}
    if any(_PART.fullmatch(name) and name not in parts for name in names):
        return None  # a sheet part the workbook does not list: the row limit looks at it too
    limit = max_rows if max_rows is not None else float("inf")
    for sheet, rel in found:
        if rel.target not in names:
            continue
        if "chartsheet" in rel.Type:
            continue
        cells: dict[int, dict[int, tuple[Any, str]]] = {}
        merged: list[_Range] = []
        extents: list[tuple[int, int]] = []
        uncalculated: set[str] = set()
        row_number = rows_seen = 0
        with archive.open(rel.target) as source:
            tags = (_ROW, _MERGE, _LINK, _DIMENSION)
            for _, element in etree.iterparse(source, tag=tags, huge_tree=True):
                if element.tag == _ROW:
                    rows_seen += 1
                    if rows_seen > limit:
                        raise _TooLong
                    number = element.get("r")
                    row_number = int(float(number)) if number else row_number + 1
                    column = 0
                    for cell in element.iterchildren(_CELL):
                        where = cell.get("r")
                        row_here, column = _position(where) if where else (row_number, column + 1)
                        style = int(cell.get("s") or 0)
                        kind = cell.get("t", "n")
                        text, inline, formula = None, None, False
                        for child in cell:  # one pass: its value, inline text, formula
                            tag = child.tag
                            if tag == _VALUE:
                                text = (child.text or "") if text is None else text
                            elif tag == _INLINE:
                                inline = child if inline is None else inline
                            elif tag == _FORMULA:
                                formula = True
                        value = _value(kind, text or None, inline, style, strings, dates, convert)
                        cells.setdefault(row_here, {})[column] = (value, formats[style])
                        if formula and where and not text and kind != "str":
                            uncalculated.add(where)
                elif element.tag == _DIMENSION:
                    if _bounds(str(element.get("ref")))[2] > limit:
                        raise _TooLong
                elif element.tag == _MERGE:
                    merged.append(_Range(str(element.get("ref"))))
                else:
                    extents.append(_bounds(str(element.get("ref")))[2:])
                element.clear()
        written = bool(cells)
        for merged_range in merged:
            min_row, min_col, max_row, max_col = _bounds(merged_range.coord)
            first = cells.get(min_row, {}).get(min_col, (None, "General"))
            for r in range(min_row, max_row + 1):
                line = cells.setdefault(r, {})
                for c in range(min_col, max_col + 1):
                    line[c] = first if (r, c) == (min_row, min_col) else (None, "General")
        rows = [r for r, line in cells.items() if line]
        max_row = max([*rows, *(r for r, _ in extents), 1])
        max_column = max(
            [*(max(line) for line in cells.values() if line), *(c for _, c in extents), 1]
        )
        book.worksheets.append(
            Sheet(str(sheet.name), book, cells, max_row, max_column, _Merged(merged), written)
        )
        if uncalculated:
            book.uncalculated[str(sheet.name)] = uncalculated
    return book


def _value(
    kind: str,
    value: str | None,
    inline: Any,
    style: int,
    strings: list[str],
    dates: set[int],
    convert: _Dates,
) -> Any:
    """The cell's value as openpyxl's ``parse_cell`` gives it with ``data_only=True``: of
    type ``kind`` (attribute ``t``), from the text of its first ``v`` (None: none or empty)
    or its first ``is``."""
    if kind == "inlineStr":
        return None if inline is None else _text(inline)
    if value is None:
        return None
    if kind == "n":
        number: Any = float(value) if "." in value or "E" in value or "e" in value else int(value)
        return convert.excel(number, style) if style in dates else number
    if kind == "s":
        return strings[int(value)]
    if kind == "b":
        return bool(int(value))
    if kind == "d":
        return convert.iso(value)
    return value  # "str", "e"


@dataclass(frozen=True)
class _Dates:
    """Serial numbers and ISO texts as openpyxl turns them into dates, times and durations."""

    epoch: Any
    timedeltas: set[int]

    def excel(self, number: Any, style: int) -> Any:
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(number, self.epoch, timedelta=style in self.timedeltas)
        except (OverflowError, ValueError):
            return "#VALUE!"

    def iso(self, value: str) -> Any:
        from openpyxl.utils.datetime import from_ISO8601

        return from_ISO8601(value)


def _text(element: Any) -> str:
    """A string item (``si`` or ``is``): its plain text and its runs' texts, as openpyxl's
    ``Text.content`` (phonetic runs left out)."""
    if len(element) == 1 and element[0].tag == _T:  # the usual case: one plain text
        return str(element[0].text or "")
    parts = [element.findtext(_T) or ""]
    parts += [run.findtext(_T) or "" for run in element.iterchildren(_R)]
    return "".join(parts)


def _strings(archive: zipfile.ZipFile, reader: Any) -> list[str]:
    from openpyxl.xml.constants import SHARED_STRINGS

    part = reader.package.find(SHARED_STRINGS)
    if part is None:
        return []
    strings = []
    with archive.open(part.PartName[1:]) as source:
        for _, element in etree.iterparse(source, tag=f"{{{_MAIN}}}si", huge_tree=True):
            strings.append(_text(element).replace("x005F_", ""))
            element.clear()
    return strings


def _styles(archive: zipfile.ZipFile) -> tuple[list[str], set[int], set[int]]:
    """Each cell style's number format, and which styles are dates and durations (as
    openpyxl's stylesheet decides)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    try:
        root = etree.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return ["General"], set(), set()
    custom = {
        int(item.get("numFmtId")): str(item.get("formatCode"))
        for item in root.iterfind(f"{{{_MAIN}}}numFmts/{{{_MAIN}}}numFmt")
    }
    formats: list[str] = []
    dates: set[int] = set()
    timedeltas: set[int] = set()
    for index, xf in enumerate(root.iterfind(f"{{{_MAIN}}}cellXfs/{{{_MAIN}}}xf")):
        number = int(xf.get("numFmtId") or 0)
        code = custom[number] if number in custom else BUILTIN_FORMATS.get(number)
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            timedeltas.add(index)
        formats.append(code if code is not None else "General")
    return formats or ["General"], dates, timedeltas


def _letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _number(letters: str) -> int:
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - 64
    return column


#: Column letters already seen, by their number: a sheet has few columns and many cells.
_COLUMNS: dict[str, int] = {}


def _position(coordinate: str) -> tuple[int, int]:
    """Row and column of «B12» (also «$B$12»)."""
    letters = coordinate.rstrip("0123456789")
    column = _COLUMNS.get(letters)
    if column is not None and len(letters) < len(coordinate):
        return int(coordinate[len(letters) :]), column
    found = _COORD.fullmatch(coordinate)
    if found is None:
        raise ValueError(coordinate)
    if found[0] == found[1] + found[2]:  # no «$»: the letters are worth keeping
        _COLUMNS[found[1]] = _number(found[1])
    return int(found[2]), _number(found[1])


def _bounds(ref: str) -> tuple[int, int, int, int]:
    """min_row, min_col, max_row, max_col of «A1:B2» (or «A1»)."""
    first, _, last = ref.partition(":")
    top = _position(first)
    bottom = _position(last) if last else top
    return top[0], top[1], bottom[0], bottom[1]
