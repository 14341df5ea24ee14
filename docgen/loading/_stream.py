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

openpyxl itself is not imported here: importing it costs a bulk run's main process about a
fifth of a second (with numpy, which openpyxl imports when it is installed), and a rerun that
reads the district does not need it. The package's index ([Content_Types].xml, the workbook's
sheets and relationships) and the few rules of openpyxl's that decide a value (which number
formats are dates and durations, Excel's serial days, ISO 8601 texts) are here, as openpyxl
3.1 has them; ``tests/loading/test_stream.py`` compares them with openpyxl's own.

A district's sheets are also kept, read, in a cache (:class:`SheetCache`, JSON files in the
run's output folder) under the CRC and size of the parts they were read from: a rerun after one
school's row changed parses only the sheet that holds it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import posixpath
import re
import zipfile
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from docgen.errors import DocgenError
from docgen.office.xlsx import column_letter

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
            letters = _LETTERS[self.column] = column_letter(self.column)
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

    def row_maps(self) -> Iterator[tuple[int, dict[int, tuple[Any, str]]]]:
        """The rows ``iter_rows()`` would give with a value or a format, each as its cells by
        column (the sheet's own dictionaries: not to be changed), for ``_sheets.read_table``:
        no cell object, nor tuple, for each of a sheet's cells."""
        if not self.written:
            return
        for number in sorted(self.cells):
            row = self.cells[number]
            if row and number <= self.max_row:
                yield number, row


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


def open_lean(
    data: bytes, max_rows: int | None = None, cache: SheetCache | None = None
) -> Book | None:
    """The workbook's sheets and cells, or None when anything is not as expected (the caller
    then reads it with openpyxl). A sheet with more than ``max_rows`` rows (counted, or as its
    ``dimension`` claims) stops the reading: None, and the caller's check of the row limit
    says what is wrong before openpyxl reads anything. Each sheet's formulas without a saved
    value are found on the way (``Book.uncalculated``). ``cache``: sheets read before, by the
    parts they come from; the sheets read now are kept in it (written by ``cache.save()``,
    which the caller calls once what it read holds)."""
    try:
        return _read(data, max_rows, cache)
    except Exception:  # any surprise (_TooLong too): the caller reads it and says what is wrong
        return None


def _read(data: bytes, max_rows: int | None, cache: SheetCache | None) -> Book | None:
    archive = zipfile.ZipFile(io.BytesIO(data))
    package = _package(archive)
    styles = _styles(archive)
    formats, dates, timedeltas = styles
    strings: list[str] | None = None  # parsed when a sheet not in the cache needs them
    convert = _Dates(package.epoch, timedeltas)
    book = Book()
    names = set(archive.namelist())
    parts = {target for _, target, _ in package.sheets}
    if any(_PART.fullmatch(name) and name not in parts for name in names):
        return None  # a sheet part the workbook does not list: the row limit looks at it too
    limit = max_rows if max_rows is not None else float("inf")
    common = _common_key(archive, package) if cache is not None else ""
    for title, target, kind in package.sheets:
        if target not in names:
            continue
        if "chartsheet" in kind:
            continue
        key = _sheet_key(archive, target, common) if cache is not None else ""
        kept = cache.get(key, formats) if cache is not None else None
        if kept is not None:
            if kept.rows > limit:
                raise _TooLong
            if strings is None and kept.shared:
                strings = _strings(archive, package.strings)
            sheet = kept.sheet(title, book, strings or [])
            book.worksheets.append(sheet)
            if kept.uncalculated:
                book.uncalculated[title] = set(kept.uncalculated)
            continue
        if strings is None:
            strings = _strings(archive, package.strings)
        cells: dict[int, dict[int, tuple[Any, str]]] = {}
        merged: list[_Range] = []
        extents: list[tuple[int, int]] = []
        uncalculated: set[str] = set()
        row_number = rows_seen = claimed = 0
        styled: list[Any] = []  # for the cache: each row's cells as (column, value, style)
        with archive.open(target) as source:
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
                        if cache is not None:
                            stored = {"s": int(text)} if kind == "s" and text else value
                            styled.append((row_here, column, stored, style))
                        if formula and where and not text and kind != "str":
                            uncalculated.add(where)
                elif element.tag == _DIMENSION:
                    claimed = _bounds(str(element.get("ref")))[2]
                    if claimed > limit:
                        raise _TooLong
                elif element.tag == _MERGE:
                    merged.append(_Range(str(element.get("ref"))))
                else:
                    extents.append(_bounds(str(element.get("ref")))[2:])
                element.clear()
        written = bool(cells)
        if cache is not None:
            cache.put(
                key,
                _Kept(
                    max(rows_seen, claimed),
                    styled,
                    [r.coord for r in merged],
                    extents,
                    sorted(uncalculated),
                ),
            )
        book.worksheets.append(_laid_out(title, book, cells, merged, extents, written))
        if uncalculated:
            book.uncalculated[title] = uncalculated
    return book


def _laid_out(
    title: str,
    book: Book,
    cells: dict[int, dict[int, tuple[Any, str]]],
    merged: list[_Range],
    extents: list[tuple[int, int]],
    written: bool,
) -> Sheet:
    """The sheet over openpyxl's rectangle, merged cells but the first emptied."""
    for merged_range in merged:
        min_row, min_col, max_row, max_col = _bounds(merged_range.coord)
        first = cells.get(min_row, {}).get(min_col, (None, "General"))
        for r in range(min_row, max_row + 1):
            line = cells.setdefault(r, {})
            for c in range(min_col, max_col + 1):
                line[c] = first if (r, c) == (min_row, min_col) else (None, "General")
    rows = [r for r, line in cells.items() if line]
    max_row = max([*rows, *(r for r, _ in extents), 1])
    max_column = max([*(max(line) for line in cells.values() if line), *(c for _, c in extents), 1])
    return Sheet(title, book, cells, max_row, max_column, _Merged(merged), written)


# ---------------------------------------------------------------------- the cache of sheets

#: What a cached sheet is read from besides its own part: the cache's form and docgen itself.
_CACHE_FORM = "docgen sheets 1"


@dataclass
class _Kept:
    """A sheet as read: its rows (counted or claimed), its cells (row, column, value, style;
    a shared string as its index), merged ranges, hyperlink extents, uncalculated formulas.
    One read back from the cache has its cells as ``grid`` instead (by row and column, the
    value and its number format) and the places of its shared strings' indexes."""

    rows: int
    cells: list[tuple[int, int, Any, int]]
    merged: list[str]
    extents: list[tuple[int, int]]
    uncalculated: list[str]
    grid: dict[int, dict[int, tuple[Any, str]]] = field(default_factory=dict)
    shared: list[tuple[int, int]] = field(default_factory=list)

    def sheet(self, title: str, book: Book, strings: list[str]) -> Sheet:
        """The kept sheet, its shared strings looked up in the workbook's table."""
        cells = self.grid
        for row, column in self.shared:
            value, number_format = cells[row][column]
            cells[row][column] = (strings[value["s"]], number_format)
        merged = [_Range(ref) for ref in self.merged]
        return _laid_out(title, book, cells, merged, list(self.extents), bool(cells))

    def dumps(self, key: str) -> bytes:
        flat: list[Any] = []
        for row, column, value, style in self.cells:
            flat += (row, column, _encoded(value), style)
        data = {
            "key": key,
            "rows": self.rows,
            "cells": flat,
            "merged": self.merged,
            "extents": self.extents,
            "uncalculated": self.uncalculated,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def loads(cls, data: bytes, key: str, formats: list[str]) -> _Kept:
        """A kept sheet from its line, each style's number format from ``formats``; anything
        not of the form written raises (TypeError, ValueError, KeyError, IndexError): the
        cache is in the output folder, and only JSON of its own form is taken from it."""
        raw = json.loads(data)
        if raw["key"] != key:
            raise ValueError(key)
        flat = raw["cells"]
        if len(flat) % 4:
            raise ValueError("cells")
        grid: dict[int, dict[int, tuple[Any, str]]] = {}
        shared: list[tuple[int, int]] = []
        for row, column, value, style in zip(
            flat[0::4], flat[1::4], flat[2::4], flat[3::4], strict=True
        ):
            if not (row.__class__ is column.__class__ is style.__class__ is int) or style < 0:
                raise TypeError("cell")
            if value.__class__ is dict:
                if "s" in value:
                    index = value["s"]
                    if len(value) != 1 or index.__class__ is not int or index < 0:
                        raise TypeError("shared string")
                    shared.append((row, column))
                else:
                    value = _decoded(value)
            elif value.__class__ not in _PLAIN:
                raise TypeError("value")
            line = grid.get(row)
            if line is None:
                line = grid[row] = {}
            line[column] = (value, formats[style])
        merged = [str(ref) for ref in raw["merged"]]
        extents = [(int(r), int(c)) for r, c in raw["extents"]]
        uncalculated = [str(cell) for cell in raw["uncalculated"]]
        return cls(int(raw["rows"]), [], merged, extents, uncalculated, grid, shared)


_PLAIN = (str, int, float, bool, type(None))


def _encoded(value: Any) -> Any:
    """A cell's value as JSON: text, numbers, booleans and None as they are, the rest tagged."""
    if value.__class__ in _PLAIN or value.__class__ is dict:
        return value
    if isinstance(value, _dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, _dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, _dt.time):
        return {"time": value.isoformat()}
    if isinstance(value, _dt.timedelta):
        return {"timedelta": [value.days, value.seconds, value.microseconds]}
    raise TypeError(type(value).__name__)


def _decoded(value: dict[str, Any]) -> Any:
    (kind, text), *rest = value.items()
    if rest:
        raise ValueError("value")
    if kind == "datetime":
        return _dt.datetime.fromisoformat(text)
    if kind == "date":
        return _dt.date.fromisoformat(text)
    if kind == "time":
        return _dt.time.fromisoformat(text)
    if kind == "timedelta":
        days, seconds, microseconds = text
        return _dt.timedelta(days=days, seconds=seconds, microseconds=microseconds)
    raise ValueError(kind)


class SheetCache:
    """Sheets read before, in one file (``path``) of JSON lines, one a sheet, each under the
    digest of what the sheet was read from: its part's CRC and size, the styles' and the
    workbook part's, and docgen's own digest (its reading may change with it). Shared strings
    are kept as their index and looked up in the workbook's current table, so a string added
    elsewhere in the workbook does not make every sheet read again. The lines of sheets
    unchanged are copied as they are when the file is written again, without the sheets that
    this reading did not use.

    Only a cache, in a folder docgen does not own alone: nothing but JSON of the form it writes
    is taken from it (a line that is not is read past), and a failure to write it is ignored.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: dict[str, bytes] | None = None
        self.used: dict[str, bytes] = {}
        self.changed = False
        self.hits = 0  # sheets taken from the cache in this reading (for tests and benchmarks)

    def _lines(self) -> dict[str, bytes]:
        if self.lines is None:
            self.lines = {}
            try:
                data = self.path.read_bytes()
            except OSError:
                data = b""
            for line in data.split(b"\n"):
                key = line[8:40].decode("ascii", "replace")
                if line.startswith(b'{"key":"') and line[40:41] == b'"':
                    self.lines[key] = line
        return self.lines

    def get(self, key: str, formats: list[str]) -> _Kept | None:
        line = self._lines().get(key)
        if line is None:
            return None
        try:
            kept = _Kept.loads(line, key, formats)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None
        self.used[key] = line
        self.hits += 1
        return kept

    def put(self, key: str, kept: _Kept) -> None:
        try:
            self.used[key] = kept.dumps(key)
        except (TypeError, ValueError):
            return  # a value it cannot keep: the sheet is parsed again next time
        self.changed = True

    def save(self) -> None:
        if not self.changed and len(self.used) == len(self._lines()):
            return
        from docgen.office.files import atomic_write_bytes

        with suppress(OSError, DocgenError):  # only a cache: the next reading parses again
            data = b"\n".join(self.used.values()) + b"\n"
            atomic_write_bytes(self.path, data, durable=False)
        self.lines, self.changed = dict(self.used), False


def _member(archive: zipfile.ZipFile, name: str | None) -> str:
    if name is None or name not in archive.NameToInfo:
        return "-"
    info = archive.getinfo(name)
    # the compressed size too: a sheet edited into the same CRC and size is then stranger still
    return f"{name}:{info.CRC:08x}:{info.file_size}:{info.compress_size}"


def _common_key(archive: zipfile.ZipFile, package: _Package) -> str:
    from docgen import fingerprint

    parts = (_CACHE_FORM, fingerprint.build(), _member(archive, "xl/styles.xml"))
    return "\n".join((*parts, _member(archive, package.workbook)))


def _sheet_key(archive: zipfile.ZipFile, part: str, common: str) -> str:
    """32 hexadecimal digits: a line of the cache starts with them (see SheetCache)."""
    text = f"{common}\n{_member(archive, part)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


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

    epoch: _dt.datetime
    timedeltas: set[int]

    def excel(self, number: Any, style: int) -> Any:
        try:
            return from_excel(number, self.epoch, timedelta=style in self.timedeltas)
        except (OverflowError, ValueError):
            return "#VALUE!"

    def iso(self, value: str) -> Any:
        return from_iso8601(value)


# ----------------------------------------------------- openpyxl 3.1's rules, without openpyxl

WINDOWS_EPOCH = _dt.datetime(1899, 12, 30)
MAC_EPOCH = _dt.datetime(1904, 1, 1)
_ISO = re.compile(
    r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
    r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})"
    r"(?P<microsecond>\.\d{1,3})?)?)?Z?"
)
_ISO_DURATION = re.compile(
    r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?"
)


def from_excel(value: Any, epoch: _dt.datetime = WINDOWS_EPOCH, timedelta: bool = False) -> Any:
    """An Excel serial day as openpyxl's ``from_excel``: a datetime, a time (a fraction of one
    day), or a duration; Excel's phantom 29.02.1900 kept."""
    if value is None:
        return None
    if timedelta:
        span = _dt.timedelta(days=value)
        if span.microseconds:  # to the millisecond
            span = _dt.timedelta(
                seconds=span.total_seconds() // 1, microseconds=round(span.microseconds, -3)
            )
        return span
    day, fraction = divmod(value, 1)
    diff = _dt.timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return _dt.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1
    return epoch + _dt.timedelta(days=day) + diff


def from_iso8601(text: str) -> Any:
    """A cell of type «d» as openpyxl's ``from_ISO8601``: a date, a time, a datetime or a
    duration; anything else is a ValueError."""
    if not text:
        return None
    found = _ISO.match(text)
    if found and any(found.groups()):
        parts: dict[str, Any] = found.groupdict(0)
        for key in ("year", "month", "day", "hour", "minute", "second"):
            if parts[key]:
                parts[key] = int(parts[key])
        if parts["microsecond"]:
            parts["microsecond"] = int(float(parts["microsecond"]) * 1_000_000)
        if not parts["date"]:
            return _dt.time(parts["hour"], parts["minute"], parts["second"], parts["microsecond"])
        if not parts["time"]:
            return _dt.date(parts["year"], parts["month"], parts["day"])
        del parts["time"], parts["date"]
        return _dt.datetime(**parts)
    found = _ISO_DURATION.match(text)
    if found and any(found.groups()):
        spans = {key: float(value) if value else 0 for key, value in found.groupdict(0).items()}
        return _dt.timedelta(**spans)
    raise ValueError(f"Invalid datetime value {text}")


BUILTIN_FORMATS: dict[int, str] = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)',
    8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)",
    38: "#,##0_);[Red](#,##0)",
    39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}
#: Quoted text and bracketed locales or colours (but not [h], [mm], [ss]) say nothing of dates.
_NOT_DATE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def is_date_format(code: str | None) -> bool:
    """A number format that shows a date or a time (only its first section counts)."""
    if code is None:
        return False
    return _DATE_LETTER.search(_NOT_DATE.sub("", code.split(";")[0])) is not None


def is_timedelta_format(code: str | None) -> bool:
    """A number format that shows a duration ([h]:mm)."""
    if code is None:
        return False
    return _DURATION.search(code.split(";")[0]) is not None


_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}Override"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_SHEET = f"{{{_MAIN}}}sheets/{{{_MAIN}}}sheet"
_WORKBOOKS = tuple(
    kind % part
    for kind, part in (
        ("application/vnd.ms-excel.%s.macroEnabled.main+xml", "template"),
        ("application/vnd.ms-excel.%s.macroEnabled.main+xml", "sheet"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.%s.main+xml", "template"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.%s.main+xml", "sheet"),
    )
)
_SHARED = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


@dataclass(frozen=True)
class _Package:
    """What the workbook's index says: its sheets (title, part, relationship type) in order,
    its shared strings part, and the day its serial numbers count from."""

    workbook: str
    sheets: list[tuple[str, str, str]]
    strings: str | None
    epoch: _dt.datetime


def _xml(archive: zipfile.ZipFile, name: str) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(archive.read(name), parser)


def _package(archive: zipfile.ZipFile) -> _Package:
    """The parts as openpyxl's reader finds them: the workbook part by its content type (the
    kinds in openpyxl's order), its sheets through its relationships (targets made absolute),
    1904 dates when ``workbookPr/@date1904`` says so. A part missing or not as expected raises,
    and the caller reads the file with openpyxl."""
    overrides = [
        (str(item.get("PartName")), item.get("ContentType"))
        for item in _xml(archive, "[Content_Types].xml").iter(_TYPES)
    ]
    workbook = next(name for kind in _WORKBOOKS for name, ct in overrides if ct == kind)[1:]
    strings = next((name[1:] for name, ct in overrides if ct == _SHARED), None)
    root = _xml(archive, workbook)
    properties = root.find(f"{{{_MAIN}}}workbookPr")
    flag = properties.get("date1904") if properties is not None else None
    epoch = MAC_EPOCH if flag not in (None, "", "false", "f", "0") else WINDOWS_EPOCH
    folder, name = posixpath.split(workbook)
    rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
    parent = posixpath.split(posixpath.dirname(rels_path))[0]
    relations: dict[str, tuple[str, str]] = {}
    for rel in _xml(archive, rels_path).iter(_RELATIONSHIP):
        target = str(rel.get("Target"))
        if rel.get("TargetMode") != "External":
            target = (
                target[1:]
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(parent, target))
            )
        relations[str(rel.get("Id"))] = (target, str(rel.get("Type")))
    sheets = []
    for sheet in root.iterfind(_SHEET):
        if not sheet.get(_RID):
            continue  # openpyxl leaves such a sheet out too (with a warning)
        target, kind = relations[str(sheet.get(_RID))]
        sheets.append((str(sheet.get("name")), target, kind))
    return _Package(workbook, sheets, strings, epoch)


def _text(element: Any) -> str:
    """A string item (``si`` or ``is``): its plain text and its runs' texts, as openpyxl's
    ``Text.content`` (phonetic runs left out)."""
    if len(element) == 1 and element[0].tag == _T:  # the usual case: one plain text
        return str(element[0].text or "")
    parts = [element.findtext(_T) or ""]
    parts += [run.findtext(_T) or "" for run in element.iterchildren(_R)]
    return "".join(parts)


def _strings(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    if part is None:
        return []
    strings = []
    with archive.open(part) as source:
        for _, element in etree.iterparse(source, tag=f"{{{_MAIN}}}si", huge_tree=True):
            strings.append(_text(element).replace("x005F_", ""))
            element.clear()
    return strings


def _styles(archive: zipfile.ZipFile) -> tuple[list[str], set[int], set[int]]:
    """Each cell style's number format, and which styles are dates and durations (as
    openpyxl's stylesheet decides)."""
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
