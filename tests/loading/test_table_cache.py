"""A table read from a sheet kept in the cache gives what reading the sheet gives (issue 17,
goal 3): the rows a table sheet made and the problems it reported are kept with the sheet, and
a rerun that finds the sheet's part unchanged takes them without building its cells again.
Every problem must come back at its cell, in its order, with its message: each test compares
the reading from the cache with a reading without it, on workbooks that have the problems."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from docgen.district import workbook as district_workbook
from docgen.errors import InvalidDataError
from docgen.loading import _sheets as xl
from docgen.loading._common import FORMULA, Locator
from docgen.loading._stream import SheetCache, open_lean
from tests.conftest import edit_cell
from tests.loading.test_stream import _cells

TABLE = xl.Table(
    xl.names("key: ключ; name: название; count: число; share: доля; open: открыта|да/нет"),
    required=("key", "name"),
    types={"open": xl.YES_NO.type()},
)


def _header(sheet: Any) -> None:
    sheet.append(["ключ", "название", "число", "доля", "открыта"])


def _clean(book: openpyxl.Workbook) -> None:
    sheet = book.active
    _header(sheet)
    sheet.append(["s1", "  СОШ № 1  ", 953, 0.25, "да"])
    sheet.append(["s2", "Лицей", 2.5, 1, "нет"])
    sheet.append([None, None, None, None, None])
    sheet.append(["s3", datetime(2024, 9, 2), 1e20, None, True])
    sheet["D2"].number_format = "0%"
    sheet["D3"].number_format = "0.0%"


def _unknown_column(book: openpyxl.Workbook) -> None:
    _clean(book)
    book.active["G1"] = "телефон директора"
    book.active["G2"] = "8 (41638) 2-00-01"


def _value_under_no_header(book: openpyxl.Workbook) -> None:
    _clean(book)
    book.active["H3"] = "лишнее значение"


def _wrong_type(book: openpyxl.Workbook) -> None:
    _clean(book)
    book.active["E2"] = "может быть"
    book.active["E3"] = "наверное"


def _formula_without_value(book: openpyxl.Workbook) -> None:
    _clean(book)
    book.active["C2"] = "=1+1"  # openpyxl saves no value: Excel never calculated it


def _missing_column(book: openpyxl.Workbook) -> None:
    sheet = book.active
    sheet.append(["ключ", "число"])
    sheet.append(["s1", 1])


def _merged(book: openpyxl.Workbook) -> None:
    _clean(book)
    book.active.merge_cells("B2:B3")


def _empty(book: openpyxl.Workbook) -> None:
    book.active["A1"] = None


BAD: list[tuple[str, Callable[[openpyxl.Workbook], None], list[tuple[str, str | None]]]] = [
    ("clean", _clean, []),
    ("unknown column", _unknown_column, [("неизвестный столбец «телефон директора»", "G1")]),
    ("value under no header", _value_under_no_header, [("значение в столбце без", "H3")]),
    (
        "wrong type",
        _wrong_type,
        [("недопустимое значение «может быть»", "E2"), ("недопустимое значение «наверное»", "E3")],
    ),
    ("formula without value", _formula_without_value, [(FORMULA, "C2")]),
    ("missing column", _missing_column, [("нет столбца «название»", None)]),
    ("merged cells", _merged, []),
    ("empty sheet", _empty, []),
]


_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>')


def _shared(data: bytes) -> bytes:
    """The workbook with its texts in a table of shared strings, as Excel writes them (openpyxl
    writes them in the cells)."""
    strings: list[bytes] = []

    def shared(found: re.Match[bytes]) -> bytes:
        if found[3] not in strings:
            strings.append(found[3])
        return b'<c %st="s"%s><v>%d</v></c>' % (found[1], found[2], strings.index(found[3]))

    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                part = _INLINE.sub(shared, part)
            elif info.filename == "[Content_Types].xml":
                part = part.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    b"</Types>",
                )
            target.writestr(info, part)
        items = b"".join(b'<si><t xml:space="preserve">%s</t></si>' % text for text in strings)
        target.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">%s</sst>'
            % items,
        )
    return buffer.getvalue()


def _workbook(path: Path, build: Callable[[openpyxl.Workbook], None], shared: bool = False) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Школы"
    build(book)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_shared(buffer.getvalue()) if shared else buffer.getvalue())
    return path


def _read(path: Path, cache: SheetCache | None) -> tuple[list[Any], list[Any], Any]:
    """What a reader sees of the table: every row as data and as Excel holds it, with its
    cells and marks, each column's typed value, and every problem with its place."""
    book = open_lean(path.read_bytes(), xl.MAX_ROWS, cache, str(path))
    assert book is not None
    sheet = book.worksheets[0]
    locator = Locator(str(path), key_paths=False)
    rows = xl.read_table(sheet, TABLE, locator)
    seen = None
    if rows is not None:
        seen = [
            (
                row.number,
                row.values,
                [(key, value, type(value)) for key, value in row.raw.items()],
                row.cells,
                [row.cell(key) for key in TABLE.columns],
                row.labels,
                sorted(row.numeric),
                sorted(row.percent),
                row.sheet,
                [row.get(key) for key in TABLE.columns],
            )
            for row in rows
        ]
    problems = [(p.message, p.location) for p in locator.problems]
    if cache is not None:
        cache.save()
    return [seen], problems, sheet


@pytest.mark.parametrize("shared", [False, True], ids=["texts in cells", "shared strings"])
@pytest.mark.parametrize(("what", "build", "expected"), BAD, ids=[what for what, *_ in BAD])
def test_a_kept_table_gives_the_rows_and_problems_of_the_sheet(
    tmp_path: Path,
    what: str,
    build: Callable[[openpyxl.Workbook], None],
    expected: list[tuple[str, str | None]],
    shared: bool,
) -> None:
    workbook = _workbook(tmp_path / "book.xlsx", build, shared)
    assert (b"sharedStrings" in workbook.read_bytes()) is shared
    path = tmp_path / "out" / ".docgen-sheets.jsonl"
    plain = _read(workbook, None)
    parsed = SheetCache(path)
    first = _read(workbook, parsed)
    kept = SheetCache(path)
    again = _read(workbook, kept)
    assert parsed.hits == 0 and kept.hits == 1
    assert again[2]._cells is None  # the table came from the cache: no cell was read back
    assert again[:2] == first[:2] == plain[:2]
    # the problems are there (the comparison above is not of two empty lists), at their cells
    problems = plain[1]
    assert len(problems) == len(expected)
    for (message, where), (start, cell) in zip(problems, expected, strict=True):
        assert message.startswith(start)
        assert (where.file, where.sheet, where.cell) == (str(workbook), "Школы", cell)
    # the cache was not written again: the reading took what it kept
    assert SheetCache(path).get(next(iter(kept.used))) is not None


def _rows(data: list[Any]) -> list[Any]:
    return list(data[2])


DAMAGES: list[tuple[str, Callable[[list[Any]], Any]]] = [
    ("not a list", lambda data: {"rows": data}),
    ("a row's values not a list", lambda data: [*data[:2], [[2, "s1"], *_rows(data)[1:]]]),
    ("a value not a value", lambda data: [*data[:2], [[2, [["s1"], *data[2][0][1][1:]]]]]),
    ("a row without its number", lambda data: [*data[:2], [[None, *data[2][0][1:]]]]),
    ("a value too many", lambda data: [*data[:2], [[2, [*data[2][0][1], "x"]]]]),
    ("a change out of the row", lambda data: [*data[:2], [[2, data[2][0][1], [[9, "x"]]]]]),
    ("a column numbered 0", lambda data: [[[0, "key"], *data[0][1:]], *data[1:]]),
    ("a column unknown", lambda data: [[[1, "kex"], *data[0][1:]], *data[1:]]),
    ("a problem not a text", lambda data: [data[0], [[1, "E2"]], data[2]]),
    ("a problem without a cell", lambda data: [data[0], [["x"]], data[2]]),
    ("not JSON", lambda data: b"[[1,"),
    ("nested too deep for the parser", lambda data: b"[" * 200_000 + b"]" * 200_000),
]


@pytest.mark.parametrize("damage", [d for _, d in DAMAGES], ids=[w for w, _ in DAMAGES])
def test_a_damaged_table_is_read_from_the_sheet(
    tmp_path: Path, damage: Callable[[list[Any]], Any]
) -> None:
    """A line whose table is not of the form kept (its framing intact) gives the rows and
    problems of the sheet, and is written again whole."""
    workbook = _workbook(tmp_path / "book.xlsx", _wrong_type)
    path = tmp_path / "out" / ".docgen-sheets.jsonl"
    plain = _read(workbook, None)
    _read(workbook, SheetCache(path))
    good = path.read_bytes()
    cache = SheetCache(path)
    open_lean(workbook.read_bytes(), xl.MAX_ROWS, cache)
    (kept,) = cache.used.values()
    (signature, table), *_ = kept.tables.items()
    damaged = damage(json.loads(table))
    kept.tables[signature] = (
        damaged if isinstance(damaged, bytes) else json.dumps(damaged, ensure_ascii=False).encode()
    )
    kept.line = None
    path.write_bytes(kept.dumps() + b"\n")
    again = _read(workbook, SheetCache(path))
    assert again[2]._cells is not None  # read from the sheet
    assert again[:2] == plain[:2]
    assert path.read_bytes() == good


def test_a_table_of_another_layout_is_not_taken_from_the_cache(tmp_path: Path) -> None:
    workbook = _workbook(tmp_path / "book.xlsx", _clean)
    path = tmp_path / "out" / ".docgen-sheets.jsonl"
    _read(workbook, SheetCache(path))
    other = xl.Table(xl.names("key: ключ; name: название"), required=("key",), strict=True)
    for table in (other, xl.Table(TABLE.columns, required=("key",), strict=False)):
        fresh = Locator(str(workbook), key_paths=False)
        book = open_lean(workbook.read_bytes(), xl.MAX_ROWS, None)
        assert book is not None
        expected = xl.read_table(book.worksheets[0], table, fresh)
        cache = SheetCache(path)
        book = open_lean(workbook.read_bytes(), xl.MAX_ROWS, cache)
        assert book is not None and cache.hits == 1
        locator = Locator(str(workbook), key_paths=False)
        found = xl.read_table(book.worksheets[0], table, locator)
        assert book.worksheets[0]._cells is not None  # read from the sheet, not the cache
        assert [(r.values, r.cells) for r in found or []] == [
            (r.values, r.cells) for r in expected or []
        ]
        assert [(p.message, p.location) for p in locator.problems] == [
            (p.message, p.location) for p in fresh.problems
        ]
        cache.save()


def _with_strings(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with its shared strings changed and every other part as it was."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "xl/sharedStrings.xml":
                part = change(part)
            target.writestr(info, part)
    return buffer.getvalue()


def test_a_kept_table_is_not_taken_when_its_shared_strings_changed(tmp_path: Path) -> None:
    """The cells keep a shared string as its index, looked up in the workbook's table: the
    sheet's part is the same when only the table changed, but its rows are not."""
    workbook = _workbook(tmp_path / "book.xlsx", _clean, shared=True)
    path = tmp_path / "out" / ".docgen-sheets.jsonl"
    first = _read(workbook, SheetCache(path))
    data = workbook.read_bytes()
    workbook.write_bytes(_with_strings(data, lambda xml: xml.replace(b">s2<", b">s7<")))
    cache = SheetCache(path)
    again = _read(workbook, cache)
    assert cache.hits == 1  # the sheet's part is the same: its cells are taken ...
    assert again[2]._cells is not None  # ... but not its table
    assert again[:2] == _read(workbook, None)[:2] != first[:2]
    assert "'s7'" in str(again[0]) and "'s2'" in str(first[0])
    # kept now with the strings as they are: the next reading takes the table
    cache = SheetCache(path)
    assert _read(workbook, cache)[:2] == again[:2]
    assert cache.used and all(k.tables for k in cache.used.values())


def _people_problems(district: Path, cache: Path | None) -> list[Any]:
    with pytest.raises(InvalidDataError) as info:
        district_workbook.read(district, cache)
    return [(p.message, p.location) for p in info.value.problems]


def test_a_district_reads_its_kept_people_as_it_reads_them_anew(
    district: Path, tmp_path: Path
) -> None:
    """A school renamed on «Школы»: its people on «Люди» (kept, with their table) name a
    school that is not there, at their cells, as a reading without the cache says."""
    cache = tmp_path / "out" / ".docgen-sheets.jsonl"
    district_workbook.read(district, cache)
    edit_cell(district, "Школы", "A2", "sosh1x")
    kept = _people_problems(district, cache)
    assert kept == _people_problems(district, None)
    assert any(where.sheet == "Люди" and where.cell for _, where in kept)


@pytest.mark.parametrize("shared", [False, True], ids=["texts in cells", "shared strings"])
def test_a_sheet_kept_with_its_table_gives_its_cells_when_asked(
    tmp_path: Path, shared: bool
) -> None:
    """A sheet whose table is kept is kept without its cells (a rerun takes the table); a
    reader that asks for its cells after all gets them from its part, as a reading without
    the cache does, and the cells are kept again."""

    def build(book: openpyxl.Workbook) -> None:
        _formula_without_value(book)
        book.active.merge_cells("B2:B3")

    workbook = _workbook(tmp_path / "book.xlsx", build, shared)
    path = tmp_path / "out" / ".docgen-sheets.jsonl"
    _read(workbook, SheetCache(path))
    assert b'"cells":null' in path.read_bytes()
    expected = open_lean(workbook.read_bytes(), xl.MAX_ROWS, None)
    cache = SheetCache(path)
    book = open_lean(workbook.read_bytes(), xl.MAX_ROWS, cache)
    assert book is not None and expected is not None and cache.hits == 1
    assert book.worksheets[0]._cells is None
    assert _cells(book) == _cells(expected)
    assert book.uncalculated == expected.uncalculated == {"Школы": {"C2"}}
    cache.save()
    assert b'"cells":null' in path.read_bytes()  # its table is still kept: so are not its cells
    assert _read(workbook, SheetCache(path))[:2] == _read(workbook, None)[:2]
