"""A sheet whose part changed in a few rows is read again in those rows only (issue 17, goal 3).

The cache keeps, with each sheet, the checksum of each row's text; a rerun after one school's
phone changed parses that row alone and puts what the table makes of it in the place of the
old row, with its problems. Whatever the edit, the rows and problems must be those a reading of
the whole sheet gives, in the same order, at the same cells; and an edit the rows' checksums
cannot follow (a row added, the header changed, a merged range over the row, many rows) must be
read whole. Each test compares with a reading without any cache.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.loading import _sheets as xl
from docgen.loading import _stream
from docgen.loading._common import Locator
from docgen.loading._stream import SheetCache, open_lean
from tests.loading.test_table_cache import TABLE, _read, _shared

HEADER = ["ключ", "название", "число", "доля", "открыта"]


def _base(book: openpyxl.Workbook, rows: int = 40) -> None:
    sheet = book.active
    sheet.title = "Школы"
    sheet.append(HEADER)
    for n in range(1, rows + 1):
        sheet.append([f"s{n}", f"Школа № {n}", n * 10, n / 100, "да" if n % 2 else "нет"])
    sheet["D3"].number_format = "0%"
    sheet["C5"] = "=1+1"  # no value saved: a formula Excel never calculated
    sheet["G7"] = "лишнее"  # a value under no header


def _saved(book: openpyxl.Workbook, path: Path, shared: bool) -> Path:
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_shared(buffer.getvalue()) if shared else buffer.getvalue())
    return path


def _workbook(path: Path, edit: Callable[[Any], None] | None = None, shared: bool = False) -> Path:
    book = openpyxl.Workbook()
    _base(book)
    if edit is not None:
        edit(book.active)
    return _saved(book, path, shared)


@pytest.fixture
def patched(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Whether each changed sheet was read in its changed rows only."""
    seen: list[bool] = []
    original = _stream._patched

    def spy(*args: Any) -> Any:
        found = original(*args)
        seen.append(found is not None)
        return found

    monkeypatch.setattr(_stream, "_patched", spy)
    yield seen


def _rerun(tmp_path: Path, edit: Callable[[Any], None], shared: bool = False) -> tuple[Any, Any]:
    """The edited workbook read after the original was (the cache), and read alone."""
    path = tmp_path / "out" / ".docgen-sheets.jsonl"
    _read(_workbook(tmp_path / "book.xlsx", shared=shared), SheetCache(path))
    edited = _workbook(tmp_path / "book.xlsx", edit, shared)
    return _read(edited, SheetCache(path)), _read(edited, None)


def _set(cell: str, value: Any) -> Callable[[Any], None]:
    def edit(sheet: Any) -> None:
        sheet[cell] = value

    return edit


PATCHED: list[tuple[str, Callable[[Any], None]]] = [
    ("a phone changed", _set("B20", "Школа № 20, новое название")),
    ("a number changed", _set("C30", 31.5)),
    (
        "a row emptied",
        lambda sheet: [setattr(sheet.cell(12, c), "value", None) for c in range(1, 6)],
    ),
    ("a value under no header", _set("G25", "ещё лишнее")),
    ("the one there removed", _set("G7", None)),
    ("a formula without a value", _set("C33", "=2+2")),
    ("the formula given a value", _set("C5", 2)),
    ("a wrong yes or no", _set("E9", "может быть")),
    ("the last row", _set("B41", "последняя")),
    ("two rows", lambda sheet: [_set("B3", "x")(sheet), _set("B38", "y")(sheet)]),
]


@pytest.mark.parametrize("shared", [False, True], ids=["texts in cells", "shared strings"])
@pytest.mark.parametrize("edit", [e for _, e in PATCHED], ids=[w for w, _ in PATCHED])
def test_a_few_changed_rows_are_read_alone_and_give_the_sheet_s_rows(
    tmp_path: Path, patched: list[bool], edit: Callable[[Any], None], shared: bool
) -> None:
    again, plain = _rerun(tmp_path, edit, shared)
    assert again[:2] == plain[:2]
    if not shared:  # a new text shifts the shared strings of every row after it
        assert patched[-1] is True
        assert again[2]._cells is None  # no cell of the sheet was built
    assert plain[1]  # the base's problems are there: the comparison is not of empty lists


WHOLE: list[tuple[str, Callable[[Any], None]]] = [
    ("a row added", lambda sheet: sheet.append(["s99", "Новая школа", 1, 0.5, "да"])),
    ("a date: its style added to the styles", _set("B14", datetime(2024, 9, 2))),
    ("a new column", _set("H25", "ещё лишнее")),
    ("a row inserted", lambda sheet: sheet.insert_rows(10)),
    ("a row deleted", lambda sheet: sheet.delete_rows(15)),
    ("the header changed", _set("C1", "количество")),
    (
        "a merged range over the row",
        lambda sheet: [_set("B20", "x")(sheet), sheet.merge_cells("B20:B21")],
    ),
    ("many rows", lambda sheet: [_set(f"B{r}", f"x{r}")(sheet) for r in range(2, 30)]),
    ("a column widened", lambda sheet: setattr(sheet.column_dimensions["B"], "width", 80)),
]


@pytest.mark.parametrize("edit", [e for _, e in WHOLE], ids=[w for w, _ in WHOLE])
def test_an_edit_the_rows_cannot_follow_is_read_whole(
    tmp_path: Path, patched: list[bool], edit: Callable[[Any], None]
) -> None:
    again, plain = _rerun(tmp_path, edit)
    assert again[:2] == plain[:2]
    assert again[2]._cells is not None  # the sheet's cells were read: the part parsed whole


@pytest.mark.parametrize("edit", [e for _, e in PATCHED], ids=[w for w, _ in PATCHED])
def test_a_patched_sheet_is_kept_as_a_whole_reading_keeps_it(
    tmp_path: Path, patched: list[bool], edit: Callable[[Any], None]
) -> None:
    """The line written after reading the changed rows alone is the line a reading of the
    whole part writes (its formulas without a value, its cells, its rows' checksums, its
    tables): the next rerun finds what it would have found."""
    ours = tmp_path / "ours" / ".docgen-sheets.jsonl"
    theirs = tmp_path / "theirs" / ".docgen-sheets.jsonl"
    _read(_workbook(tmp_path / "book.xlsx"), SheetCache(ours))
    edited = _workbook(tmp_path / "book.xlsx", edit)
    _read(edited, SheetCache(ours))
    assert patched[-1] is True
    _read(edited, SheetCache(theirs))
    assert ours.read_bytes() == theirs.read_bytes()


def test_a_changed_shared_string_of_an_unchanged_row_reads_the_sheet_whole(
    tmp_path: Path, patched: list[bool]
) -> None:
    """Excel may save its table of texts in another order: a row whose text is the same
    then names another text. The rows kept are taken only while the texts they name are."""
    path = tmp_path / "out" / ".docgen-sheets.jsonl"
    original = _workbook(tmp_path / "book.xlsx", shared=True)
    _read(original, SheetCache(path))
    data = original.read_bytes()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "xl/sharedStrings.xml":
                name = "Школа № 7".encode("ascii", "xmlcharrefreplace")  # as openpyxl writes
                assert name + b"<" in part
                part = part.replace(name + b"<", name + b", other<")
            elif info.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b"<v>20</v>", b"<v>21</v>", 1)  # a number in a row
            target.writestr(info, part)
    original.write_bytes(buffer.getvalue())
    again, plain = _read(original, SheetCache(path)), _read(original, None)
    assert again[:2] == plain[:2]
    assert patched[-1] is False
    assert any(row[1]["name"] == "Школа № 7, other" for row in plain[0][0])


def test_a_forged_line_is_read_past(tmp_path: Path, patched: list[bool]) -> None:
    path = tmp_path / "out" / ".docgen-sheets.jsonl"
    _read(_workbook(tmp_path / "book.xlsx"), SheetCache(path))
    path.write_bytes(path.read_bytes().replace(b'"pieces":[', b'"pieces":[-1,', 1))
    edited = _workbook(tmp_path / "book.xlsx", _set("B20", "x"))
    again, plain = _read(edited, SheetCache(path)), _read(edited, None)
    assert again[:2] == plain[:2]
    assert patched[-1] is False  # no line to patch from: the forged one was not taken


_VALUES = st.one_of(
    st.none(),
    st.text(alphabet="абв xyz№«»-", min_size=1, max_size=8),
    st.integers(-5, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["да", "нет", "может быть", "=1+1", datetime(2025, 1, 31)]),
)
_EDITS = st.lists(st.tuples(st.integers(2, 41), st.integers(1, 8), _VALUES), min_size=1, max_size=5)


@given(edits=_EDITS, shared=st.booleans())
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_few_edits_give_the_rows_and_problems_of_the_whole_sheet(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[int, int, Any]], shared: bool
) -> None:
    tmp_path = tmp_path_factory.mktemp("edits")

    def edit(sheet: Any) -> None:
        for row, column, value in edits:
            sheet.cell(row, column).value = value

    again, plain = _rerun(tmp_path, edit, shared)
    assert again[:2] == plain[:2]


def _rewritten(path: Path, change: Callable[[str, bytes], bytes]) -> None:
    """The workbook with some of its parts changed as ``change`` says (name, bytes)."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info, change(info.filename, source.read(info.filename)))
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize(
    ("part", "old", "new"),
    [
        ("xl/styles.xml", b'numFmtId="9"', b'numFmtId="14"'),  # the percent cell now a date
        ("xl/workbook.xml", b"<workbookPr", b'<workbookPr date1904="1"'),  # dates from 1904
    ],
    ids=["a style's format", "the date system"],
)
def test_a_change_of_styles_or_dates_reads_every_row_again(
    tmp_path: Path, patched: list[bool], part: str, old: bytes, new: bytes
) -> None:
    """What an unchanged row's text means depends on the styles and the workbook's date
    system: when either changed, the rows kept are not taken, however few rows changed."""
    path = tmp_path / "out" / ".docgen-sheets.jsonl"
    _read(_workbook(tmp_path / "book.xlsx", _set("B14", datetime(2024, 9, 2))), SheetCache(path))
    edited = _workbook(
        tmp_path / "book.xlsx",
        lambda sheet: [_set("B14", datetime(2024, 9, 2))(sheet), _set("B20", "другое")(sheet)],
    )

    def change(name: str, data: bytes) -> bytes:
        if name == part:
            assert old in data
            return data.replace(old, new, 1)
        return data

    _rewritten(edited, change)
    again, plain = _read(edited, SheetCache(path)), _read(edited, None)
    assert again[:2] == plain[:2]
    assert patched[-1] is False


def _traced(path: Path, cache: SheetCache | None) -> tuple[list[Any] | None, xl.Origin]:
    book = open_lean(path.read_bytes(), xl.MAX_ROWS, cache, str(path))
    assert book is not None
    rows, origin = xl.traced_table(book.worksheets[0], TABLE, Locator(str(path), key_paths=False))
    if cache is not None:
        cache.save()
    return rows, origin


def test_a_table_says_where_its_rows_came_from(tmp_path: Path) -> None:
    """For a reader that keeps what it made of the rows (the district's planned outputs):
    a table read whole is new; one taken as kept is the kept one; one whose rows changed names
    the table it was made from, the changed rows' numbers and those rows as they were, and is
    kept as a reading of the whole sheet keeps it."""
    path = tmp_path / "out" / ".docgen-sheets.jsonl"
    book = _workbook(tmp_path / "book.xlsx")
    rows, whole = _traced(book, SheetCache(path))
    assert whole.before is None and whole.kept is not None and not whole.changed
    _, kept = _traced(book, SheetCache(path))
    assert kept.before == kept.kept == whole.kept and not kept.changed and not kept.old
    edited = _workbook(tmp_path / "book.xlsx", lambda s: [_set("B20", "x")(s), _set("C30", 7)(s)])
    changed_rows, patched = _traced(edited, SheetCache(path))
    assert patched.before == whole.kept and patched.changed == {20, 30}
    assert patched.kept == _traced(edited, SheetCache(tmp_path / "other.jsonl"))[1].kept
    assert rows is not None and changed_rows is not None
    assert [(r.number, r.values) for r in patched.old] == [
        (r.number, r.values) for r in rows if r.number in (20, 30)
    ]
    assert [r.values["name"] for r in changed_rows if r.number == 20] == ["x"]
    _, again = _traced(edited, SheetCache(path))
    assert again.before == again.kept == patched.kept
    assert _traced(edited, None)[1] == xl.Origin()  # no cache: nothing to say
