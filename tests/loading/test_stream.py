"""The district workbook's lean reading (``docgen/loading/_stream.py``) gives every cell as
openpyxl gives it: value, place and number format, over the same rectangle, merged cells
included; a file it does not expect is left to openpyxl, with openpyxl's message (issue 17)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from docgen.district import workbook as district_workbook
from docgen.errors import DataError
from docgen.loading import _sheets as xl
from docgen.loading._order_xlsx import open_workbook
from docgen.loading._stream import open_lean


def _cells(book: Any) -> list[tuple[str, list[Any], list[str], list[Any]]]:
    """Everything the reading engine can see of a workbook."""
    return [
        (
            str(sheet.title),
            [
                (c.coordinate, c.row, c.column, c.value, type(c.value), c.number_format)
                for row in sheet.iter_rows()
                for c in row
            ],
            sorted(r.coord for r in sheet.merged_cells.ranges),
            [tuple(row) for row in sheet.iter_rows(max_col=2, values_only=True)],
        )
        for sheet in book.worksheets
    ]


def _saved(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _values(book: openpyxl.Workbook) -> None:
    sheet = book.active
    sheet.title = "Школы"
    sheet.append(["ключ", "число", "дробь", "да", "текст с пробелами"])
    sheet.append(["s1", 953, 2.5, True, "  МБОУ «СОШ № 1»  "])
    sheet.append(["s2", 1e20, -0.000125, False, "x005F_y"])
    sheet["G7"] = "далеко справа и ниже"


def _dates_and_percents(book: openpyxl.Workbook) -> None:
    sheet = book.active
    sheet["A1"] = datetime(2024, 9, 2)
    sheet["A2"] = date(2025, 5, 31)
    sheet["A3"] = time(14, 30)
    sheet["A4"] = timedelta(hours=30)
    sheet["B1"] = 0.15
    sheet["B1"].number_format = "0%"
    sheet["B2"] = 42
    sheet["B2"].number_format = "#,##0.00 ₽"
    sheet["B3"] = 45000
    sheet["B3"].number_format = "DD.MM.YYYY"


def _merged_and_empty(book: openpyxl.Workbook) -> None:
    sheet = book.active
    sheet["A1"] = "заголовок"
    sheet["B1"] = "под объединением"  # openpyxl empties it once merged
    sheet.merge_cells("A1:C2")
    sheet.merge_cells("E5:F9")  # nothing written: only the range
    sheet["D12"].number_format = "0.00"  # a styled empty cell still widens the sheet
    book.create_sheet("Пустой")


def _formulas(book: openpyxl.Workbook) -> None:
    sheet = book.active
    sheet["A1"] = 2
    sheet["A2"] = "=A1*2"  # openpyxl saves no value: uncalculated
    sheet["A3"] = '=CONCAT("a","b")'


def _rich_text(book: openpyxl.Workbook) -> None:
    sheet = book.active
    sheet["A1"] = CellRichText("обычный ", TextBlock(InlineFont(b=True), "полужирный"), " конец")
    sheet["A2"] = "Изменения"
    book.create_sheet("Изменения")["C3"] = "ещё"
    sheet.sheet_state = "visible"
    book.create_sheet("Скрытый").sheet_state = "hidden"
    sheet["B1"].hyperlink = "https://example.org"


BUILDERS: list[tuple[str, Callable[[openpyxl.Workbook], None]]] = [
    ("numbers, booleans, texts kept as they are", _values),
    ("dates, times, durations, percents, custom formats", _dates_and_percents),
    ("merged ranges, a styled empty cell, an empty sheet", _merged_and_empty),
    ("formulas with and without a saved value", _formulas),
    ("rich text, hidden sheets, a hyperlink", _rich_text),
]


@pytest.mark.parametrize(("what", "build"), BUILDERS, ids=[what for what, _ in BUILDERS])
def test_every_cell_is_what_openpyxl_reads(what: str, build: Callable[..., None]) -> None:
    book = openpyxl.Workbook()
    build(book)
    data = _saved(book)
    expected = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    lean = open_lean(data)
    assert lean is not None
    assert _cells(lean) == _cells(expected)
    # and the formulas Excel never calculated, as the scan before openpyxl finds them
    full = open_workbook(data, "d.xlsx").uncalculated
    assert open_workbook(data, "d.xlsx", lean=True).uncalculated == full
    assert bool(full) is (build is _formulas)


def _rezip(data: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, change(item.filename, source.read(item)))
    return buffer.getvalue()


SHARED = (
    '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>ключ</t></si>'
    '<si><r><rPr><b/></rPr><t xml:space="preserve">МБОУ </t></r><r><t>«СОШ»</t></r>'
    '<rPh sb="0" eb="1"><t>yomi</t></rPh></si><si><t/></si></sst>'
).encode()
SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org'
    '/spreadsheetml/2006/main"><sheetData><row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v>'
    '</c><c t="s"><v>2</v></c></row><row><c r="B2" t="d"><v>2024-09-02T00:00:00</v></c>'
    '<c t="e"><v>#N/A</v></c><c t="str"><v>текст формулы</v></c><c><v></v></c></row>'
    '<row r="4"><c r="A4" t="inlineStr"><is><t>строка</t></is></c><c r="B4" t="b"><v>1</v>'
    '</c><c r="C4"><v>1.50E+3</v></c></row></sheetData></worksheet>'
).encode()


def _by_hand(name: str, data: bytes) -> bytes:
    """Parts openpyxl itself never writes: shared strings with runs and phonetics, cells
    without a place, ISO dates, errors, a row without a number."""
    if name == "xl/worksheets/sheet1.xml":
        return SHEET
    if name == "[Content_Types].xml":
        return data.replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxml'
            b'formats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
    return data


def test_parts_written_by_other_programs_are_read_as_openpyxl_reads_them() -> None:
    data = _rezip(_saved(openpyxl.Workbook()), _by_hand)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        source = zipfile.ZipFile(io.BytesIO(data))
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/sharedStrings.xml", SHARED)
    data = buffer.getvalue()
    expected = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    lean = open_lean(data)
    assert lean is not None
    assert _cells(lean) == _cells(expected)
    assert lean.worksheets[0].cells[1][2][0] == "МБОУ «СОШ»"


def test_a_1904_workbook_keeps_its_dates() -> None:
    book = openpyxl.Workbook()
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    book.active["A1"] = datetime(2024, 9, 2)
    data = _saved(book)
    lean = open_lean(data)
    assert lean is not None
    assert lean.worksheets[0].cells[1][1][0] == datetime(2024, 9, 2)


BROKEN = "не удалось открыть книгу Excel (файл повреждён или это не .xlsx)"


@pytest.mark.parametrize(
    ("what", "data"),
    [
        ("not a zip", b"PK\x03\x04 not really"),
        ("a text file", "ключ;школа\n".encode()),
    ],
)
def test_a_file_it_does_not_expect_gets_openpyxls_message(what: str, data: bytes) -> None:
    assert open_lean(data) is None
    with pytest.raises(DataError) as lean:
        open_workbook(data, "district.xlsx", lean=True)
    with pytest.raises(DataError) as full:
        open_workbook(data, "district.xlsx")
    assert lean.value.message == full.value.message
    assert lean.value.message.startswith(BROKEN)


def test_a_damaged_sheet_part_is_read_by_openpyxl() -> None:
    """A sheet whose XML does not parse: the lean reader gives up, openpyxl says what it says."""
    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    data = _rezip(
        _saved(book),
        lambda name, part: part[:-20] if name == "xl/worksheets/sheet1.xml" else part,
    )
    assert open_lean(data) is None
    with pytest.raises(DataError) as lean:
        open_workbook(data, "district.xlsx", lean=True)
    assert lean.value.message.startswith(BROKEN)


def test_the_row_limit_and_uncalculated_formulas_hold(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Школы"
    book.active["A1"] = "=1+1"
    lean = open_workbook(_saved(book), "d.xlsx", lean=True)
    assert xl.uncalculated(lean.worksheets[0]) == {"A1"}
    book.active.cell(xl.MAX_ROWS + 5, 1, "слишком далеко")
    with pytest.raises(DataError, match=re.escape(f"на листе {xl.MAX_ROWS + 5} строк")):
        open_workbook(_saved(book), "d.xlsx", lean=True)


def test_a_sheet_claiming_too_many_rows_is_refused_as_before() -> None:
    """Formatted empty rows far below the data: the sheet's «dimension» says so, and the
    message is the one of the check before openpyxl, with the sheet's title."""
    book = openpyxl.Workbook()
    book.active.title = "Люди"
    book.active["A1"] = "школа"
    claim = f'<dimension ref="A1:H{xl.MAX_ROWS * 3}"/>'.encode()
    data = _rezip(
        _saved(book),
        lambda name, part: (
            re.sub(rb"<dimension [^>]*/>", claim, part)
            if name == "xl/worksheets/sheet1.xml"
            else part
        ),
    )
    assert open_lean(data, xl.MAX_ROWS) is None
    with pytest.raises(DataError) as refused:
        open_workbook(data, "d.xlsx", lean=True)
    assert f"на листе {xl.MAX_ROWS * 3} строк" in refused.value.message
    assert refused.value.location.sheet == "Люди"


def test_the_district_is_the_same_read_either_way(
    district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The conftest's district read lean and read with openpyxl: the same settings, schools,
    rows, cells and warnings."""
    lean = district_workbook.read(district)

    def full(data: bytes, file: str, *, lean: bool = False, cache: Any = None) -> Any:
        return open_workbook(data, file)

    monkeypatch.setattr(district_workbook, "open_workbook", full)
    assert _dump(lean) == _dump(district_workbook.read(district))
    assert lean.schools


def _dump(found: district_workbook.District) -> list[Any]:
    return [
        found.settings,
        [
            (
                s.key,
                s.short_name,
                s.row.values,
                s.row.cells,
                [(row.values, row.cells, roles) for row, roles in s.people],
                [(row.values, row.cells) for row in s.changes],
                s.roadmap,
                s.order,
                s.report,
            )
            for s in found.schools
        ],
        [str(w) for w in found.warnings],
    ]


def test_the_cells_are_let_go_once_the_district_is_read(
    district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a collection (a run freezes the collector before its workers start): nothing
    of the lean workbook outlives the reading (a sheet names its book, a cycle)."""
    import gc
    import weakref

    books: list[weakref.ref[Any]] = []

    def kept(data: bytes, file: str, *, lean: bool = False, cache: Any = None) -> Any:
        book = open_workbook(data, file, lean=lean, cache=cache)
        books.append(weakref.ref(book))
        return book

    monkeypatch.setattr(district_workbook, "open_workbook", kept)
    gc.collect()
    gc.disable()
    try:
        found = district_workbook.read(district)
        assert found.schools and books
        assert books[0]() is None
    finally:
        gc.enable()
