"""A rerun costs what changed (issue 17): the district workbook read lean still sees a changed
cell on any sheet, and Сводка.xlsx is written again only when what it shows changed — never
kept when its file or its record is not what was written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docgen.district import bulk
from docgen.district import workbook as district_workbook
from docgen.district.manifest import NAME
from docgen.loading._order_xlsx import open_workbook
from docgen.options import BulkOptions
from tests.conftest import edit_cell, summaries_made

ALL = ["sosh1", "licey2", "lazar"]

#: (sheet, cell, new value, the schools whose documents it concerns)
EDITS: list[tuple[str, str, str, list[str]]] = [
    ("Район", "B2", "Отдел образования администрации Тамбовского округа", ALL),
    ("Школы", "F2", "8 (41638) 2-99-99", ["sosh1"]),
    ("Люди", "H2", "8 (41638) 2-99-98", ["sosh1"]),
    ("Изменения", "C2", "3.2", ["lazar"]),
    ("Мероприятия", "C2", "Выявление интересов обучающихся", ALL),
]


def _inputs(path: Path) -> dict[str, tuple[tuple[str, str], ...]]:
    found = district_workbook.read(path)
    options = BulkOptions(output_dir=path.parent / "out")
    return {unit.key: unit.outputs for unit in district_workbook.planned(found, options, ALL)}


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "concerned"), EDITS, ids=[f"{e[0]} {e[1]}" for e in EDITS]
)
def test_a_changed_cell_on_any_sheet_is_seen(
    district: Path,
    monkeypatch: pytest.MonkeyPatch,
    sheet: str,
    cell: str,
    value: str,
    concerned: list[str],
) -> None:
    before = _inputs(district)
    edit_cell(district, sheet, cell, value)
    after = _inputs(district)
    assert [key for key in ALL if after[key] != before[key]] == concerned

    # and what was read is what openpyxl reads of the edited workbook
    lean = district_workbook.read(district)
    monkeypatch.setattr(
        district_workbook,
        "open_workbook",
        lambda data, file, lean=False, cache=None: open_workbook(data, file),
    )
    full = district_workbook.read(district)
    assert [(s.key, s.row.values, [r.values for r, _ in s.people]) for s in lean.schools] == [
        (s.key, s.row.values, [r.values for r, _ in s.people]) for s in full.schools
    ]
    assert lean.settings == full.settings
    assert lean.plan is not None and full.plan is not None
    assert lean.plan[0] == full.plan[0]


def test_a_change_the_summary_does_not_show_writes_no_summary(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    options = BulkOptions(output_dir=out)
    made = summaries_made(monkeypatch)
    bulk.run_district(district, options, only=ALL)
    summary = out / "Сводка.xlsx"
    first, written = summary.read_bytes(), summary.stat().st_mtime_ns
    record = json.loads((out / NAME).read_text("utf-8"))["summary"]

    edit_cell(district, "Люди", "H2", "8 (41638) 2-99-98")  # a phone: not in the summary
    bulk.run_district(district, options, only=ALL)
    assert len(made) == 1
    assert summary.read_bytes() == first and summary.stat().st_mtime_ns == written
    now = json.loads((out / NAME).read_text("utf-8"))["summary"]
    assert now["key"] != record["key"]  # what it is made from changed, what it shows did not
    assert (now["content"], now["output"]) == (record["content"], record["output"])

    # the same content recorded, but the file is not the one written: made again
    summary.write_bytes(first[:-7])
    edit_cell(district, "Люди", "H2", "8 (41638) 2-99-97")
    bulk.run_district(district, options, only=ALL)
    assert len(made) == 2
    assert summary.read_bytes() == first

    # what it shows changed (a school's short name): made again, with the new name
    edit_cell(district, "Школы", "C3", "МАОУ «Лицей № 2 им. Пушкина»")
    bulk.run_district(district, options, only=ALL)
    assert len(made) == 3
    assert summary.read_bytes() != first


@pytest.mark.parametrize(
    "record",
    [
        "not a record",
        {"key": 5, "content": ["no"], "output": None},
        {"content": "0" * 64},
    ],
    ids=["not a mapping", "wrong types", "a content key alone"],
)
def test_a_damaged_summary_record_makes_it_again(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, record: object
) -> None:
    out = tmp_path / "out"
    options = BulkOptions(output_dir=out)
    made = summaries_made(monkeypatch)
    bulk.run_district(district, options, only=["sosh1"])
    first = (out / "Сводка.xlsx").read_bytes()
    manifest = json.loads((out / NAME).read_text("utf-8"))
    manifest["summary"] = record
    manifest["run"] = {}
    (out / NAME).write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    (out / "Сводка.xlsx").write_bytes(b"PK not the summary")

    bulk.run_district(district, options, only=["sosh1"])
    assert len(made) == 2
    assert (out / "Сводка.xlsx").read_bytes() == first
