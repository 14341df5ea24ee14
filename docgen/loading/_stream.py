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
run's output folder) under the CRC and size of the parts they were read from, with a checksum
of each of their rows: a rerun after one school's row changed parses only that row of the sheet
that holds it (:func:`_patched`), and ``_sheets`` reads it into the tables kept.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from docgen.errors import DocgenError
from docgen.loading._common import bounds, place
from docgen.office.xlsx import column_letter

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW, _CELL, _VALUE, _INLINE = (f"{{{_MAIN}}}{tag}" for tag in ("row", "c", "v", "is"))
_T, _R = f"{{{_MAIN}}}t", f"{{{_MAIN}}}r"
_MERGE, _LINK = f"{{{_MAIN}}}mergeCell", f"{{{_MAIN}}}hyperlink"
_FORMULA, _DIMENSION = f"{{{_MAIN}}}f", f"{{{_MAIN}}}dimension"
_PART = re.compile(r"xl/worksheets/[^/]+\.xml")


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


class Sheet:
    """A worksheet's cells by row and column, iterated as openpyxl iterates a loaded sheet.

    One kept from an earlier run (``kept``) reads its cells back from the cache only when they
    are asked for: a table whose rows were kept too (``kept_table``) never asks, and a rerun
    does not rebuild the grid of a sheet of ten thousand rows it does not look at.
    """

    def __init__(
        self,
        title: str,
        parent: Book,
        merged_cells: _Merged,
        written: bool = True,  # the XML has cells (not only merged ranges or links)
        kept: _Kept | None = None,
        part: str = "",
    ) -> None:
        self.title, self.parent, self.part = title, parent, part
        self.merged_cells, self.written, self.kept = merged_cells, written, kept
        self.patch: _Patch | None = None  # the rows changed since the kept tables were read
        self._cells: dict[int, dict[int, tuple[Any, str]]] | None = None
        self._extent = (1, 1)

    @property
    def cells(self) -> dict[int, dict[int, tuple[Any, str]]]:
        if self._cells is None:
            self._load()
        assert self._cells is not None
        return self._cells

    @cells.setter
    def cells(self, cells: dict[int, dict[int, tuple[Any, str]]]) -> None:
        self._cells = cells

    @property
    def max_row(self) -> int:
        if self._cells is None:
            self._load()
        return self._extent[0]

    @property
    def max_column(self) -> int:
        if self._cells is None:
            self._load()
        return self._extent[1]

    def lay_out(
        self, cells: dict[int, dict[int, tuple[Any, str]]], extents: list[tuple[int, int]]
    ) -> None:
        """The cells over openpyxl's rectangle, merged cells but the first emptied."""
        for merged_range in self.merged_cells.ranges:
            min_row, min_col, max_row, max_col = bounds(merged_range.coord)
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
        self._cells, self._extent = cells, (max_row, max_column)

    def _load(self) -> None:
        """The kept sheet's cells read back; a line that does not hold them (damaged after its
        head was read) is read past: the part is parsed again and kept anew."""
        kept, book = self.kept, self.parent
        assert kept is not None and book.source is not None
        try:
            cells = kept.grid(book.source.formats, book.strings)
            extents = kept.extents
        except _UNREADABLE:
            parsed = book.source.parse_again(self)
            cells, extents = parsed.cells, parsed.extents
            self.merged_cells = _Merged(parsed.merged)
            self.written = bool(cells)
            book.uncalculated.pop(self.title, None)
            if parsed.uncalculated:
                book.uncalculated[self.title] = parsed.uncalculated
        self.lay_out(cells, extents)

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
        cells = self.cells
        first_col, last_col = min_col or 1, max_col or self.max_column
        empty: dict[int, tuple[Any, str]] = {}
        for number in range(min_row or 1, (max_row or self.max_row) + 1):
            row = cells.get(number, empty)
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
        cells, last = self.cells, self.max_row
        for number in sorted(cells):
            row = cells[number]
            if row and number <= last:
                yield number, row

    def kept_table(self, signature: str) -> Any:
        """What ``_sheets.read_table`` made of this sheet with the table of ``signature`` when
        it was read from the same part (and the same shared strings), as JSON data; None when
        it is not kept or its line does not hold it."""
        if self.kept is None:
            return None
        return self.kept.table(signature, self.parent.strings)

    def patched_table(
        self, signature: str
    ) -> tuple[Any, list[tuple[int, dict[int, tuple[Any, str]]]], set[int], str] | None:
        """For a sheet whose part changed in a few rows (:func:`_patched`): the table of
        ``signature`` as it was read before (JSON data), the changed rows' cells and their
        numbers, for ``_sheets`` to read those rows again, and the digest of that table as it
        was kept (:meth:`table_digest`); None when there is none."""
        patch = self.patch
        data = patch.tables.get(signature) if patch is not None else None
        if patch is None or data is None:
            return None
        try:
            old = json.loads(data, object_hook=_decoded)
        except _UNREADABLE:
            return None
        return old, sorted(patch.cells.items()), patch.rows, _digest(data)

    def table_digest(self, signature: str) -> str | None:
        """The digest of the table of ``signature`` as the cache keeps it now (None: it does
        not): equal digests, equal rows and problems, since a kept table is taken only while
        the shared strings it names are what they were."""
        data = self.kept.tables.get(signature) if self.kept is not None else None
        return None if data is None else _digest(data)

    def keep_table(self, signature: str, data: Any) -> None:
        """Keep what ``_sheets.read_table`` made of this sheet, for the next reading."""
        if self.kept is not None:
            self.kept.keep_table(signature, data, self.parent.strings)


@dataclass
class Book:
    """The worksheets of a workbook, in its order, and its uncalculated formulas (see
    ``_sheets.open_book``); the shared strings and what parsing a part again needs (a kept
    sheet whose cells cannot be read back)."""

    worksheets: list[Sheet] = field(default_factory=list)
    uncalculated: dict[str, set[str]] = field(default_factory=dict)
    strings: list[str] = field(default_factory=list)
    source: _Source | None = None

    def close(self) -> None:
        """The cells let go at once: each sheet names its book (a cycle), which only a
        collection would free, and a run freezes the collector before its workers start."""
        for sheet in self.worksheets:
            sheet.cells, sheet.kept, sheet.patch = {}, None, None
        self.worksheets, self.source = [], None


class _TooLong(Exception):
    """A sheet over the row limit: the caller's check says so, with its message."""


def open_lean(
    data: bytes, max_rows: int | None = None, cache: SheetCache | None = None, file: str = ""
) -> Book | None:
    """The workbook's sheets and cells, or None when anything is not as expected (the caller
    then reads it with openpyxl). A sheet with more than ``max_rows`` rows (counted, or as its
    ``dimension`` claims) stops the reading: None, and the caller's check of the row limit
    says what is wrong before openpyxl reads anything. Each sheet's formulas without a saved
    value are found on the way (``Book.uncalculated``). ``cache``: sheets read before, by the
    parts they come from; the sheets read now are kept in it (written by ``cache.save()``,
    which the caller calls once what it read holds). ``file``: the workbook's name, for the
    message of a kept sheet that can be read neither from the cache nor from its part."""
    try:
        return _read(data, max_rows, cache, file)
    except Exception:  # any surprise (_TooLong too): the caller reads it and says what is wrong
        return None


@dataclass
class _Parsed:
    """A sheet's part as parsed: its cells (the value and its number format), merged ranges,
    hyperlink extents, uncalculated formulas, rows (counted or claimed), for the cache its
    cells flat (row, column, value, style; a shared string as ``{"s": index}``), and its rows'
    checksums (:class:`_Chunks`; None when the part is not laid out as they need)."""

    cells: dict[int, dict[int, tuple[Any, str]]]
    merged: list[_Range]
    extents: list[tuple[int, int]]
    uncalculated: set[str]
    rows: int
    flat: list[Any]
    chunks: _Chunks | None = None


@dataclass
class _Source:
    """What parsing a sheet's part needs: the workbook's archive, styles, dates and limits."""

    archive: zipfile.ZipFile
    formats: list[str]
    dates: set[int]
    convert: _Dates
    limit: float
    cache: SheetCache | None
    file: str
    strings: list[str] | None = None
    common: str = ""  # the digest of what every sheet's reading shares (``_common_key``)

    def parse(self, target: str) -> _Parsed:
        strings = self.strings if self.strings is not None else []
        return _parse(
            self.archive, target, strings, self.formats, self.dates, self.convert, self.limit
        )

    def parse_again(self, sheet: Sheet) -> _Parsed:
        """A kept sheet's part parsed after all, and kept anew; it was parsed before under
        the same key, so only a forged line comes here with a part that does not parse."""
        from docgen.errors import DataError, Location

        try:
            parsed = self.parse(sheet.part)
        except Exception:
            raise DataError(
                f"не удалось прочитать лист «{sheet.title}» (файл повреждён или это не .xlsx)",
                Location(file=self.file or None, sheet=sheet.title),
            ) from None
        old = sheet.kept
        sheet.kept = None
        if self.cache is not None and old is not None:
            sheet.kept = self.cache.put(
                old.key, parsed, self.strings or [], sheet.part, self.common
            )
            if sheet.kept is not None and old.fresh(self.strings or []):
                sheet.kept.tables = dict(old.tables)  # read from the same part and strings
        return parsed


def _read(data: bytes, max_rows: int | None, cache: SheetCache | None, file: str) -> Book | None:
    archive = zipfile.ZipFile(io.BytesIO(data))
    package = _package(archive)
    formats, dates, timedeltas = _styles(archive)
    limit = max_rows if max_rows is not None else float("inf")
    source = _Source(archive, formats, dates, _Dates(package.epoch, timedeltas), limit, cache, file)
    book = Book(source=source)
    names = set(archive.namelist())
    parts = {target for _, target, _ in package.sheets}
    if any(_PART.fullmatch(name) and name not in parts for name in names):
        return None  # a sheet part the workbook does not list: the row limit looks at it too
    common = _common_key(archive, package) if cache is not None else ""
    # what every sheet's reading shares (styles, date system, docgen): rows kept from an
    # earlier reading are taken only when it is the same (see _patched)
    source.common = _digest(common.encode("utf-8")) if common else ""
    for title, target, kind in package.sheets:
        if target not in names:
            continue
        if "chartsheet" in kind:
            continue
        key = _sheet_key(archive, target, common) if cache is not None else ""
        kept = cache.get(key) if cache is not None else None
        if kept is not None:
            if kept.rows > limit:
                raise _TooLong
            if source.strings is None and kept.shared:
                source.strings = _strings(archive, package.strings)
            merged = _Merged([_Range(ref) for ref in kept.merged])
            book.worksheets.append(Sheet(title, book, merged, kept.written, kept, target))
            if kept.uncalculated:
                book.uncalculated[title] = set(kept.uncalculated)
            continue
        if source.strings is None:
            source.strings = _strings(archive, package.strings)
        patched = _patched(archive, target, key, cache, source) if cache is not None else None
        if patched is not None:
            kept, patch = patched
            if kept.rows > limit:
                raise _TooLong
            merged = _Merged([_Range(ref) for ref in kept.merged])
            sheet = Sheet(title, book, merged, kept.written, kept, target)
            sheet.patch = patch
            book.worksheets.append(sheet)
            if kept.uncalculated:
                book.uncalculated[title] = set(kept.uncalculated)
            continue
        parsed = source.parse(target)
        sheet = Sheet(title, book, _Merged(parsed.merged), bool(parsed.cells), None, target)
        if cache is not None:
            sheet.kept = cache.put(key, parsed, source.strings, target, source.common)
        sheet.lay_out(parsed.cells, parsed.extents)
        book.worksheets.append(sheet)
        if parsed.uncalculated:
            book.uncalculated[title] = parsed.uncalculated
    book.strings = source.strings or []
    return book


def _parse(
    archive: zipfile.ZipFile,
    target: str,
    strings: list[str],
    formats: list[str],
    dates: set[int],
    convert: _Dates,
    limit: float,
) -> _Parsed:
    """A sheet's part parsed, in one pass of lxml's ``iterparse``; a part of a size the cache
    keeps rows of is read whole first, and its rows' checksums taken (:func:`_chunked`)."""
    data = archive.read(target) if archive.getinfo(target).file_size <= _CHUNKED else None
    with io.BytesIO(data) if data is not None else archive.open(target) as source:
        parsed, rowwise, rows = _parsed(source, strings, formats, dates, convert, limit)
    if data is not None and rowwise:
        found = _chunked(data)
        # each row element one piece: no row is written ``<row …/>``
        parsed.chunks = found[0] if found and len(found[0].pieces) == rows + 1 else None
    return parsed


def _parsed(
    source: Any,
    strings: list[str],
    formats: list[str],
    dates: set[int],
    convert: _Dates,
    limit: float,
) -> tuple[_Parsed, bool, int]:
    """The cells of a sheet's XML, whether it is laid out row by row (each row numbered, each
    cell in its own row: a row's cells then depend on its own text alone, and the rows of a
    changed part may be parsed alone, see :class:`_Chunks`), and its row elements counted."""
    cells: dict[int, dict[int, tuple[Any, str]]] = {}
    merged: list[_Range] = []
    extents: list[tuple[int, int]] = []
    uncalculated: set[str] = set()
    row_number = rows_seen = claimed = 0
    rowwise = True
    flat: list[Any] = []  # for the cache: each cell as row, column, value, style
    tags = (_ROW, _MERGE, _LINK, _DIMENSION)
    for _, element in etree.iterparse(source, tag=tags, huge_tree=True):
        if element.tag == _ROW:
            rows_seen += 1
            if rows_seen > limit:
                raise _TooLong
            number = element.get("r")
            row_number = int(float(number)) if number else row_number + 1
            rowwise = rowwise and bool(number) and str(row_number) == number
            column = 0
            line_number, line = -1, {}  # the cells of the row the last cell was in
            for cell in element.iterchildren(_CELL):
                where = cell.get("r")
                if where:  # «B12»: the letters' number known once (see _position)
                    letters = where.rstrip("0123456789")
                    known = _COLUMNS.get(letters)
                    if known is not None and len(letters) < len(where):
                        row_here, column = int(where[len(letters) :]), known
                    else:
                        row_here, column = _position(where)
                else:
                    row_here, column = row_number, column + 1
                style_text = cell.get("s")
                style = int(style_text) if style_text else 0
                kind = cell.get("t", "n")
                text, inline, formula = None, None, False
                stored: Any
                for child in cell:  # one pass: its value, inline text, formula
                    tag = child.tag
                    if tag == _VALUE:
                        text = (child.text or "") if text is None else text
                    elif tag == _INLINE:
                        inline = child if inline is None else inline
                    elif tag == _FORMULA:
                        formula = True
                # the kinds most cells are of without a call (_value says the same)
                if kind == "s" and text:
                    index = int(text)
                    value, stored = strings[index], {"s": index}
                elif kind == "inlineStr" and inline is not None:
                    if len(inline) == 1 and inline[0].tag == _T:
                        value = stored = str(inline[0].text or "")
                    else:
                        value = stored = _text(inline)
                else:
                    value = _value(kind, text or None, inline, style, strings, dates, convert)
                    stored = value
                if row_here != line_number:
                    line_number, line = row_here, cells.setdefault(row_here, {})
                    rowwise = rowwise and row_here == row_number
                line[column] = (value, formats[style])
                flat += (row_here, column, stored, style)
                if formula and where and not text and kind != "str":
                    uncalculated.add(where)
        elif element.tag == _DIMENSION:
            claimed = bounds(str(element.get("ref")))[2]
            if claimed > limit:
                raise _TooLong
        elif element.tag == _MERGE:
            merged.append(_Range(str(element.get("ref"))))
        else:
            extents.append(bounds(str(element.get("ref")))[2:])
        element.clear()
    parsed = _Parsed(cells, merged, extents, uncalculated, max(rows_seen, claimed), flat)
    return parsed, rowwise, rows_seen


# ------------------------------------------------------------ a changed sheet's changed rows

#: The largest part whose rows' checksums are kept (read whole to take them; a larger one is
#: parsed as a stream, as before, and always whole).
_CHUNKED = 64 << 20
_SHEET_DATA, _SHEET_DATA_END = b"<sheetData>", b"</sheetData>"
_ROW_END = b"</row>"
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*)[^<>]*>")


@dataclass(frozen=True)
class _Chunks:
    """A sheet part cut at its rows' ends: the checksum (CRC-32) and length of what is around
    the rows (everything but the text inside ``<sheetData>``) and of each piece of that text
    up to a ``</row>`` (a row, and the blank before it), and the rows' numbers as runs of
    consecutive numbers ``[first, count]``. Only for a part whose rows are all written whole
    (``<row r="…">…</row>``), each cell in its own row, with no comment, CDATA, processing
    instruction or DOCTYPE: then a row's cells depend on its text, the shared strings and the
    styles alone, and a row whose piece has the same checksum and length is the same row."""

    around: tuple[int, int]
    pieces: tuple[tuple[int, int], ...]
    numbers: tuple[tuple[int, int], ...]

    def dumped(self) -> dict[str, Any]:
        return {
            "around": list(self.around),
            "pieces": [value for piece in self.pieces for value in piece],
            "numbers": [list(run) for run in self.numbers],
        }

    @classmethod
    def loaded(cls, data: Any) -> _Chunks:
        around, flat, numbers = data["around"], data["pieces"], data["numbers"]
        values = [*around, *flat, *(n for run in numbers for n in run)]
        if not set(map(type, values)) <= {int} or min(values, default=0) < 0 or len(flat) % 2:
            raise TypeError("chunks")
        if len(around) != 2 or any(len(run) != 2 for run in numbers):
            raise ValueError("chunks")
        pieces = tuple(zip(flat[0::2], flat[1::2], strict=True))
        return cls((around[0], around[1]), pieces, tuple((a, b) for a, b in numbers))

    def row_numbers(self) -> list[int]:
        return [first + i for first, count in self.numbers for i in range(count)]


def _chunked(data: bytes) -> tuple[_Chunks, list[bytes], int] | None:
    """The part's :class:`_Chunks`, the pieces of its rows' text up to each ``</row>`` (the
    last one, blank, after it) and where that text starts; None when the part is not laid out
    as :class:`_Chunks` needs."""
    start = data.find(_SHEET_DATA)
    end = data.find(_SHEET_DATA_END)
    if start < 0 or end < start or data.find(_SHEET_DATA, start + 1) >= 0:
        return None
    if b"<!" in data[:start] or b"<?" in data[1:start].replace(b"<?xml ", b"", 1):
        return None
    start += len(_SHEET_DATA)
    text = data[start:end]
    if b"<!" in text or b"<?" in text or text.count(b"<row") != text.count(b'<row r="'):
        return None
    pieces = text.split(_ROW_END)
    numbers = _runs(_ROW_NUMBER.findall(data, start, end))
    if pieces[-1].strip() or numbers is None:
        return None
    if sum(count for _, count in numbers) != len(pieces) - 1:
        return None
    crc = zlib.crc32
    around = crc(data[end:], crc(data[:start]))
    chunks = _Chunks(
        (around, len(data) - (end - start)),
        tuple((crc(piece), len(piece)) for piece in pieces),
        tuple(numbers),
    )
    return chunks, pieces, start


_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')


def _runs(found: list[bytes]) -> list[tuple[int, int]] | None:
    """Row numbers as runs of consecutive numbers; None unless they rise."""
    runs: list[list[int]] = []
    last = 0
    for text in found:
        number = int(text)
        if number <= last:
            return None
        if runs and number == last + 1:
            runs[-1][1] += 1
        else:
            runs.append([number, 1])
        last = number
    return [(first, count) for first, count in runs]


@dataclass
class _Patch:
    """A changed sheet's tables as the last reading kept them (JSON by signature), and the
    rows that changed: their numbers and their cells (only those rows were parsed)."""

    tables: dict[str, bytes]
    rows: set[int]
    cells: dict[int, dict[int, tuple[Any, str]]]


def _patched(
    archive: zipfile.ZipFile, target: str, key: str, cache: SheetCache, source: _Source
) -> tuple[_Kept, _Patch] | None:
    """A sheet whose part changed in a few rows since the last reading, made from that
    reading's line and the changed rows alone: the part is cut at its rows' ends, each piece's
    checksum compared with the one kept, and only the rows that differ are parsed (in the
    part's root element, with its namespaces). None, and the part is parsed whole, unless the
    last line has its tables and rows' checksums, its shared strings are what they were,
    everything around the rows is the same, the rows are the same in number and numbering,
    no more than an eighth of them changed (at least 16 may), no merged range crosses a
    changed row and the changed rows are laid out as :class:`_Chunks` needs."""
    old = cache.previous(target)
    strings = source.strings or []
    if old is None or old.chunks is None or not source.common or old.common != source.common:
        return None  # another docgen, other styles or another date system: every row anew
    if not old.fresh(strings) or not old.tables:
        return None  # (fresh() drops the tables when a text they name has changed)
    if archive.getinfo(target).file_size > _CHUNKED:
        return None
    data = archive.read(target)
    chunks, cut = old.chunks, _chunked(data)
    if cut is None or (cut[0].around, cut[0].numbers) != (chunks.around, chunks.numbers):
        return None
    new, pieces, start = cut
    data_rows = zip(chunks.pieces[:-1], new.pieces[:-1], strict=True)  # the blank after: not a row
    changed = [i for i, (was, now) in enumerate(data_rows) if was != now]
    if len(changed) > max(16, len(pieces) // 8):
        return None
    numbers = chunks.row_numbers()
    rows = {numbers[i] for i in changed}
    for ref in old.merged:
        low, _, high, _ = bounds(ref)
        if any(low <= row <= high for row in rows):
            return None
    root = _ROOT.search(data, 0, start)
    if root is None or not changed:  # nothing changed that the cache looks at: read whole
        return None
    text = b"".join(
        [
            root.group(0),
            _SHEET_DATA,
            *(pieces[i] + _ROW_END for i in changed),
            _SHEET_DATA_END,
            b"</" + root.group(1) + b">",
        ]
    )
    try:
        parsed, rowwise, count = _parsed(
            io.BytesIO(text), strings, source.formats, source.dates, source.convert, source.limit
        )
        found = [int(n) for n in _ROW_NUMBER.findall(text)]
        flat = parsed.flat
        for value in flat[2::4]:
            if value.__class__ not in _PLAIN and value.__class__ is not dict:
                _encoded(value)  # a value the cache cannot keep raises
    except Exception:  # whatever it is, parsing the part whole meets it and says it
        return None
    if not rowwise or count != len(changed) or found != [numbers[i] for i in changed]:
        return None
    if parsed.merged or parsed.extents or any(r not in rows for r in parsed.cells):
        return None
    shared = sorted({*old.shared, *(v["s"] for v in flat[2::4] if v.__class__ is dict)})
    others = set(range(len(pieces) - 1)).difference(changed)
    written = bool(parsed.cells) or any(b"<c" in pieces[i] for i in others)
    uncalculated = {cell for cell in old.uncalculated if bounds(cell)[0] not in rows}
    kept = _Kept(
        key,
        old.rows,
        written,
        list(old.merged),
        list(old.extents),
        sorted(uncalculated | parsed.uncalculated),
        shared,
        _strings_digest(strings, shared),
        None,
        part=target,
        chunks=new,
        common=source.common,
        _strings=True,
    )
    cache.adopt(kept)
    return kept, _Patch(dict(old.tables), rows, parsed.cells)


# ---------------------------------------------------------------------- the cache of sheets

#: What a cached sheet is read from besides its own part: the cache's form and docgen itself.
_CACHE_FORM = "docgen sheets 3"
_HEX = frozenset(b"0123456789abcdef")


@dataclass
class _Kept:
    """A sheet as read, as the cache keeps it: its head (rows counted or claimed, whether the
    XML has cells, merged ranges, hyperlink extents, uncalculated formulas, the shared
    strings it names and their digest), its cells (JSON, read back only when asked for: row,
    column, value, style; a shared string as its index) and the tables read from it (JSON
    each, by the table's signature).

    A line is ``{"key":…,"sizes":[…],"head":{…},"cells":[…],"tables":{…}}``, ``sizes`` the
    length in bytes of the head, of the cells and of each table: the head is read without
    the rest, the cells and each table only when asked for. The cells are ``null`` when a
    table is kept (a rerun takes the table; a reader that asks for the cells after all has
    the part parsed again). A line not of this form exactly is read past."""

    key: str
    rows: int
    written: bool
    merged: list[str]
    extents: list[tuple[int, int]]
    uncalculated: list[str]
    shared: list[int]
    digest: str  # of the shared strings ``shared`` names, as they were
    cells: bytes | None  # None: not kept (its tables are), or not dumped yet (``flat``)
    tables: dict[str, bytes] = field(default_factory=dict)
    part: str = ""  # the sheet's part: a rerun finds the sheet's last line by it
    common: str = ""  # the digest of what its reading shared with the others (styles, …)
    chunks: _Chunks | None = None  # its rows' checksums, when it has them
    flat: list[Any] | None = None  # the cells of a sheet parsed now, dumped when needed
    line: bytes | None = None  # as read from the cache; None once something is added
    _strings: bool | None = None  # whether the shared strings are still what they were

    @classmethod
    def made(
        cls, key: str, parsed: _Parsed, strings: list[str], part: str = "", common: str = ""
    ) -> _Kept:
        """A sheet parsed now; a value it cannot keep raises TypeError or ValueError."""
        flat = parsed.flat
        shared = sorted({value["s"] for value in flat[2::4] if value.__class__ is dict})
        for value in flat[2::4]:
            if value.__class__ not in _PLAIN and value.__class__ is not dict:
                _encoded(value)  # raises for a value it cannot keep
        return cls(
            key,
            parsed.rows,
            bool(parsed.cells),
            [r.coord for r in parsed.merged],
            list(parsed.extents),
            sorted(parsed.uncalculated),
            shared,
            _strings_digest(strings, shared),
            None,
            part=part,
            chunks=parsed.chunks,
            common=common,
            flat=flat,
            _strings=True,
        )

    def dumps(self) -> bytes:
        """The line. A sheet whose tables are kept is kept without its cells: a rerun takes
        its tables and never asks for them (and if it does, its part is parsed again); the
        cache is half as large to read and to write."""
        if self.line is not None:
            return self.line
        cells = b"null"
        if not self.tables:
            if self.cells is None and self.flat is not None:
                self.cells = _dumps(self.flat)
            cells = self.cells or b"null"
        head = _dumps(
            {
                "rows": self.rows,
                "written": self.written,
                "merged": self.merged,
                "extents": self.extents,
                "uncalculated": self.uncalculated,
                "shared": self.shared,
                "strings": self.digest,
                "part": self.part,
                "common": self.common,
                "chunks": None if self.chunks is None else self.chunks.dumped(),
            }
        )
        tables = sorted(self.tables.items())
        sizes = [len(head), len(cells), *(len(data) for _, data in tables)]
        parts = [
            b'{"key":"',
            self.key.encode("ascii"),
            b'","sizes":',
            _dumps(sizes),
            b',"head":',
            head,
            b',"cells":',
            cells,
            b',"tables":{',
            b",".join(b'"' + name.encode("ascii") + b'":' + data for name, data in tables),
            b"}}",
        ]
        return b"".join(parts)

    @classmethod
    def loads(cls, line: bytes, key: str) -> _Kept:
        """A kept sheet from its line: the head read, the cells and tables cut out as they
        are. Anything not of the form written raises (TypeError, ValueError, KeyError,
        IndexError): the cache is in the output folder, and only JSON of its own form is
        taken from it."""
        start = b'{"key":"' + key.encode("ascii") + b'","sizes":['
        if not line.startswith(start):
            raise ValueError(key)
        end = line.index(b"]", len(start))
        sizes = json.loads(line[len(start) - 1 : end + 1])
        if len(sizes) < 2 or any(s.__class__ is not int or s < 0 for s in sizes):
            raise ValueError("sizes")
        at = end + 1

        def cut(before: bytes, size: int) -> bytes:
            nonlocal at
            if line[at : at + len(before)] != before:
                raise ValueError(before)
            at += len(before) + size
            if at > len(line):
                raise ValueError("size")
            return line[at - size : at]

        head = json.loads(cut(b',"head":', sizes[0]))
        cells = cut(b',"cells":', sizes[1])
        if line[at : at + 11] != b',"tables":{':
            raise ValueError("tables")
        at += 11
        tables: dict[str, bytes] = {}
        for index, size in enumerate(sizes[2:]):
            name = line[at + (1 if index else 0) + 1 : at + (1 if index else 0) + 33]
            if len(name) != 32 or not _HEX.issuperset(name):
                raise ValueError("table")
            tables[name.decode("ascii")] = cut(b"," * bool(index) + b'"' + name + b'":', size)
        if line[at:] != b"}}":
            raise ValueError("end")
        merged = [str(ref) for ref in head["merged"]]
        extents = [(int(r), int(c)) for r, c in head["extents"]]
        uncalculated = [str(cell) for cell in head["uncalculated"]]
        shared = head["shared"]
        if any(i.__class__ is not int or i < 0 for i in shared):
            raise TypeError("shared")
        rows, written, digest = head["rows"], head["written"], head["strings"]
        part, chunks, common = head["part"], head["chunks"], head["common"]
        if (
            rows.__class__ is not int
            or written.__class__ is not bool
            or digest.__class__ is not str
            or part.__class__ is not str
            or common.__class__ is not str
        ):
            raise TypeError("head")
        kept_cells = None if cells == b"null" else cells
        kept = cls(key, rows, written, merged, extents, uncalculated, shared, digest, kept_cells)
        kept.tables, kept.line, kept.part, kept.common = tables, line, part, common
        kept.chunks = None if chunks is None else _Chunks.loaded(chunks)
        return kept

    def grid(self, formats: list[str], strings: list[str]) -> dict[int, dict[int, tuple[Any, str]]]:
        """The kept cells by row and column, each style's number format from ``formats``,
        each shared string looked up in the workbook's table; a ValueError when they are not
        kept (the caller parses the part)."""
        if self.cells is None:
            raise ValueError("cells not kept")
        flat = json.loads(self.cells)
        if flat.__class__ is not list or len(flat) % 4:
            raise ValueError("cells")
        grid: dict[int, dict[int, tuple[Any, str]]] = {}
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
                    value = strings[index]
                else:
                    value = _decoded(value)
            elif value.__class__ not in _PLAIN:
                raise TypeError("value")
            line = grid.get(row)
            if line is None:
                line = grid[row] = {}
            line[column] = (value, formats[style])
        return grid

    def fresh(self, strings: list[str]) -> bool:
        """Whether the tables kept on this line may be taken and kept: the shared strings the
        sheet names are what they were (else its tables go, and the head takes the strings
        as they are now); not when the sheet names a string the table does not have."""
        if self._strings is None:
            try:
                digest = _strings_digest(strings, self.shared)
            except IndexError:
                self._strings = False
            else:
                self._strings = True
                if digest != self.digest:
                    self.digest, self.tables, self.line = digest, {}, None
        return self._strings

    def table(self, signature: str, strings: list[str]) -> Any:
        """A kept table's data (JSON, its dates and times decoded), or None."""
        data = self.tables.get(signature)
        if data is None or not self.fresh(strings) or signature not in self.tables:
            return None
        try:
            return json.loads(data, object_hook=_decoded)
        except _UNREADABLE:
            return None

    def keep_table(self, signature: str, data: Any, strings: list[str]) -> None:
        if not self.fresh(strings):
            return
        try:
            text = _dumps(data)
        except (TypeError, ValueError):
            return  # a value it cannot keep: the table is read again next time
        if self.tables.get(signature) != text:
            self.tables[signature] = text
            self.line = None


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_encoded).encode(
        "utf-8"
    )


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def _strings_digest(strings: list[str], indexes: list[int]) -> str:
    """The digest of the shared strings a sheet names (an index out of the table raises)."""
    if not indexes:
        return ""
    text = json.dumps([strings[i] for i in indexes], ensure_ascii=False)
    return _digest(text.encode("utf-8"))


_PLAIN = (str, int, float, bool, type(None))
#: What a line of the cache that is not of the form written raises when it is read (JSON
#: nested too deep for the parser too): it is read past.
_UNREADABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)


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
    elsewhere in the workbook does not make every sheet read again; the tables read from a
    sheet are kept on its line too, and only while the shared strings it names are what they
    were. The lines of sheets unchanged are copied as they are when the file is written again,
    without the sheets that this reading did not use.

    Only a cache, in a folder docgen does not own alone: nothing but JSON of the form it writes
    is taken from it (a line that is not is read past), and a failure to write it is ignored.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: dict[str, bytes] | None = None
        self.used: dict[str, _Kept] = {}
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

    def get(self, key: str) -> _Kept | None:
        line = self._lines().get(key)
        if line is None:
            return None
        try:
            kept = _Kept.loads(line, key)
        except _UNREADABLE:
            return None
        self.used[key] = kept
        self.hits += 1
        return kept

    def put(
        self, key: str, parsed: _Parsed, strings: list[str], part: str = "", common: str = ""
    ) -> _Kept | None:
        """Keep a sheet parsed now; None when it holds a value the cache cannot keep (it is
        parsed again next time)."""
        try:
            kept = _Kept.made(key, parsed, strings, part, common)
        except (TypeError, ValueError):
            self.used.pop(key, None)
            return None
        self.used[key] = kept
        self.changed = True
        return kept

    def previous(self, part: str) -> _Kept | None:
        """The line of the sheet of ``part`` as the last reading kept it (its part has changed
        since, else its key would have found it), if it has its rows' checksums."""
        for key, line in self._lines().items():
            if key in self.used or b'"chunks":{' not in line:
                continue
            try:
                kept = _Kept.loads(line, key)
            except _UNREADABLE:
                continue
            if kept.part == part and kept.chunks is not None:
                return kept
        return None

    def adopt(self, kept: _Kept) -> None:
        """Keep a sheet made from an earlier line and the rows that changed (see _patched)."""
        self.used[kept.key] = kept
        self.changed = True

    def save(self) -> None:
        lines = {key: kept.dumps() for key, kept in self.used.items()}
        if not self.changed and lines == self._lines():
            return
        from docgen.office.files import atomic_write_bytes

        with suppress(OSError, DocgenError):  # only a cache: the next reading parses again
            data = b"\n".join(lines.values()) + b"\n"
            atomic_write_bytes(self.path, data, durable=False)
        self.lines, self.changed = lines, False


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
    return _digest(text.encode("utf-8"))


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


#: Column letters already seen, by their number: a sheet has few columns and many cells.
_COLUMNS: dict[str, int] = {}


def _position(coordinate: str) -> tuple[int, int]:
    """Row and column of «B12» (also «$B$12»): :func:`place`, the letters of a column looked
    up once for the many cells of a sheet."""
    letters = coordinate.rstrip("0123456789")
    column = _COLUMNS.get(letters)
    if column is not None and len(letters) < len(coordinate):
        return int(coordinate[len(letters) :]), column
    row, column = place(coordinate)
    if "$" not in coordinate:  # plain letters: worth keeping
        _COLUMNS[letters] = column
    return row, column
