"""A rerun parses only the district's sheets that changed (issue 17): the sheets read are kept in
the output folder as JSON lines under the CRC and size of their parts; a changed sheet is read
again, a damaged cache is read past, and what comes out of the cache is what openpyxl reads.
The reading needs no openpyxl: its rules for dates and number formats are docgen's own copy,
checked here against openpyxl's."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import numbers as openpyxl_numbers
from openpyxl.utils import datetime as openpyxl_dates

from docgen.district import bulk
from docgen.district import workbook as district_workbook
from docgen.loading import _stream
from docgen.loading._stream import SheetCache, open_lean
from docgen.options import BulkOptions
from tests.conftest import edit_cell
from tests.loading.test_stream import BUILDERS, _cells, _saved


def _lines(path: Path) -> list[bytes]:
    return [line for line in path.read_bytes().split(b"\n") if line]


def _read_with(path: Path, cache: Path) -> tuple[Any, SheetCache]:
    sheets = SheetCache(cache)
    book = open_lean(path.read_bytes(), cache=sheets)
    sheets.save()
    return book, sheets


@pytest.mark.parametrize(("what", "build"), BUILDERS, ids=[what for what, _ in BUILDERS])
def test_a_sheet_from_the_cache_is_what_openpyxl_reads(
    tmp_path: Path, what: str, build: Callable[[openpyxl.Workbook], None]
) -> None:
    book = openpyxl.Workbook()
    build(book)
    workbook = tmp_path / "book.xlsx"
    workbook.write_bytes(_saved(book))
    cache = tmp_path / "out" / ".docgen-sheets.jsonl"
    first, parsed = _read_with(workbook, cache)
    again, kept = _read_with(workbook, cache)
    expected = openpyxl.load_workbook(io.BytesIO(workbook.read_bytes()), data_only=True)
    assert parsed.hits == 0 and kept.hits == len(expected.worksheets)
    assert _cells(again) == _cells(first) == _cells(expected)
    assert again.uncalculated == first.uncalculated


def _dump(found: district_workbook.District) -> list[Any]:
    return [
        found.settings,
        [
            (
                s.key,
                s.row.values,
                s.row.cells,
                [(r.values, r.cells, roles) for r, roles in s.people],
            )
            for s in found.schools
        ],
        found.plan[0] if found.plan else None,
    ]


def test_a_rerun_reads_again_only_the_sheet_that_changed(district: Path, tmp_path: Path) -> None:
    cache = tmp_path / "out" / bulk.SHEETS_CACHE
    first = district_workbook.read(district, cache)
    before = _lines(cache)
    assert _dump(first) == _dump(district_workbook.read(district))
    assert len(before) == len(openpyxl.load_workbook(district).worksheets)

    edit_cell(district, "Люди", "H2", "8 (41638) 2-99-98")
    changed = district_workbook.read(district, cache)
    after = _lines(cache)
    assert _dump(changed) == _dump(district_workbook.read(district))  # the edit is seen
    assert changed.schools[0].people[0][0].values["phone"] == "8 (41638) 2-99-98"
    # one sheet parsed again; the others' lines are kept as they were (shared strings are
    # kept as their index: the string the edit added does not make every sheet read again)
    assert len(after) == len(before)
    assert len(set(after) - set(before)) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda lines: b"\x00\xff not json at all",
        lambda lines: b"\n".join(line[: len(line) // 2] for line in lines),
        lambda lines: b"\n".join(line.replace(b'"rows":', b'"rows":"x","_":') for line in lines),
        lambda lines: b"\n".join(line.replace(b'"cells":[', b'"cells":["A1",') for line in lines),
        lambda lines: b"\n".join(line.replace(b'"key":"', b'"key":"0') for line in lines),
    ],
    ids=["garbage", "cut", "wrong type", "cells shifted", "another key"],
)
def test_a_damaged_cache_is_read_past_and_written_again(
    district: Path, tmp_path: Path, damage: Callable[[list[bytes]], bytes]
) -> None:
    cache = tmp_path / "out" / bulk.SHEETS_CACHE
    expected = _dump(district_workbook.read(district, cache))
    good = _lines(cache)
    cache.write_bytes(damage(good))
    assert _dump(district_workbook.read(district, cache)) == expected
    assert sorted(_lines(cache)) == sorted(good)


def test_a_cache_that_cannot_be_written_is_no_error(district: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "out" / bulk.SHEETS_CACHE
    blocked.mkdir(parents=True)  # a folder where the file would go
    assert district_workbook.read(district, blocked).schools


def test_a_run_keeps_the_cache_in_its_output_folder(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    bulk.run_district(district, BulkOptions(output_dir=out), only=["sosh1"])
    assert (out / bulk.SHEETS_CACHE).is_file()
    # not an output: the zip of the folder leaves it out like the manifest
    bundle = bulk.bundle(out, "district")
    import zipfile

    assert bulk.SHEETS_CACHE not in zipfile.ZipFile(bundle).namelist()


# ------------------------------------------------------------ openpyxl's rules, docgen's copy


def test_the_builtin_formats_are_openpyxls() -> None:
    assert openpyxl_numbers.BUILTIN_FORMATS == _stream.BUILTIN_FORMATS


FORMATS = [
    *openpyxl_numbers.BUILTIN_FORMATS.values(),
    "DD.MM.YYYY",
    "dd/mm/yyyy hh:mm",
    '[$-419]D MMMM YYYY "г."',
    '"день "0',
    "[Red]0.00",
    "[h]:mm:ss",
    "[mm]:ss",
    "[ss].00",
    "0.00_);[Red]\\(0.00\\)",
    "#,##0 ₽",
    "0%",
    "@",
    "yyyy;@",
    "\\d0",
    "_h0",
    "General",
]


@pytest.mark.parametrize("code", FORMATS)
def test_which_formats_are_dates_and_durations_as_openpyxl_says(code: str) -> None:
    assert _stream.is_date_format(code) is openpyxl_numbers.is_date_format(code)
    assert _stream.is_timedelta_format(code) is openpyxl_numbers.is_timedelta_format(code)


SERIALS = [0, 0.5, 0.999999, 1, 1.25, 59, 60, 61, 45000, 45536.75, 2958465, -1.5, 1e-9]


@pytest.mark.parametrize("serial", SERIALS)
def test_excel_serial_days_as_openpyxl_turns_them(serial: float) -> None:
    for epoch in (openpyxl_dates.WINDOWS_EPOCH, openpyxl_dates.MAC_EPOCH):
        for duration in (False, True):
            try:
                expected: Any = openpyxl_dates.from_excel(serial, epoch, timedelta=duration)
            except (OverflowError, ValueError) as exc:
                expected = type(exc)
            try:
                found: Any = _stream.from_excel(serial, epoch, timedelta=duration)
            except (OverflowError, ValueError) as exc:
                found = type(exc)
            assert found == expected and type(found) is type(expected)


@pytest.mark.parametrize(
    "text",
    [
        "2024-09-02",
        "2024-09-02T14:30:00",
        "2024-09-02T14:30:00.125Z",
        "14:30",
        "14:30:15.5",
        "PT30H",
        "PT1H2M3.5S",
        "",
        "вчера",
        "2024-13-45",
    ],
)
def test_iso_dates_as_openpyxl_reads_them(text: str) -> None:
    def outcome(read: Callable[[str], Any]) -> Any:
        try:
            return read(text)
        except ValueError:
            return ValueError

    assert outcome(_stream.from_iso8601) == outcome(openpyxl_dates.from_ISO8601)


def test_a_1904_flag_is_read_as_openpyxl_reads_it(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.epoch = openpyxl_dates.CALENDAR_MAC_1904
    book.active["A1"] = 1.5
    book.active["A1"].number_format = "[h]:mm"
    book.active["A2"] = 400
    book.active["A2"].number_format = "DD.MM.YYYY"
    data = _saved(book)
    lean = open_lean(data)
    assert lean is not None
    expected = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    assert _cells(lean) == _cells(expected)
    assert lean.worksheets[0].cells[1][1][0] == timedelta(days=1.5)


def test_reading_a_district_imports_neither_openpyxl_nor_numpy(district: Path) -> None:
    """openpyxl (and numpy, which openpyxl imports when it is installed) cost a bulk run's
    main process a fifth of a second: the district is read, and a rerun planned, without;
    telling the district workbook's kind imports no other kind's reader (the monitoring's)."""
    script = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "import docgen.cli\n"
        "from docgen.district import kinds, workbook\n"
        "from docgen.district.bulk import run\n"
        f"path = Path({str(district)!r})\n"
        "kinds.expect(path, kinds.DISTRICT)\n"
        "found = workbook.read(path)\n"
        "assert found.schools\n"
        "unwanted = ('openpyxl', 'numpy', 'docgen.reports.monitoring')\n"
        "print(json.dumps([m for m in unwanted if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == []
