"""The district summary's «Просрочено» sheet: every school's late tasks as of a given day."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl

from tests.conftest import run_cli


def _overdue(folder: Path) -> tuple[tuple[object, ...], list[tuple[object, ...]]]:
    sheet = openpyxl.load_workbook(folder / "Сводка.xlsx")["Просрочено"]
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0], [row for row in rows[1:] if any(row)]


def test_the_summary_lists_late_tasks_by_school(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = run_cli(
        "bulk",
        str(district),
        "-o",
        str(out),
        "--jobs",
        "1",
        "--only",
        "sosh1",
        "--today",
        "01.03.2025",
    )
    assert code == 0, err
    header, rows = _overdue(out)
    assert header[-1] == "дней просрочки на 01.03.2025"
    assert {row[0] for row in rows} == {"sosh1"}
    mine = [(row[2], row[4], row[6], row[7], row[8]) for row in rows if row[2] == "Лысенко О.Н."]
    assert mine == [
        ("Лысенко О.Н.", "4.1", "Ежегодно до 15 сентября", datetime(2024, 9, 15), 167),
        ("Лысенко О.Н.", "9.1", "Ежегодно до 15 сентября", datetime(2024, 9, 15), 167),
        ("Лысенко О.Н.", "1.1", "до 01.10.2024", datetime(2024, 10, 1), 151),
    ]
    # nothing that is not yet due, nothing without a date
    assert all(isinstance(row[8], int) and row[8] > 0 for row in rows)
    assert "5.2" not in {row[4] for row in rows if row[2] == "Лысенко О.Н."}


def test_a_rerun_the_next_day_rewrites_the_sheet(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("bulk", str(district), "-o", str(out), "--jobs", "1", "--only", "sosh1")
    assert run_cli(*args, "--today", "2024-09-20")[0] == 0
    before = (out / "Сводка.xlsx").read_bytes()
    assert run_cli(*args, "--today", "2024-09-20")[0] == 0
    assert (out / "Сводка.xlsx").read_bytes() == before
    _, rows = _overdue(out)
    assert {row[4] for row in rows} == {"4.1", "9.1"}
    assert run_cli(*args, "--today", "2024-10-02")[0] == 0
    header, rows = _overdue(out)
    assert header[-1] == "дней просрочки на 02.10.2024"
    assert "1.1" in {row[4] for row in rows}


def test_late_tasks_are_the_same_from_the_render_and_from_a_fresh_build(
    district: Path, tmp_path: Path
) -> None:
    # a first run takes each school's late tasks from the contexts its documents were made
    # from; a rerun on another day renders nothing and builds the schools again for them
    fresh, again = tmp_path / "fresh", tmp_path / "again"
    args = ("bulk", str(district), "--jobs", "1")
    assert run_cli(*args, "-o", str(fresh), "--today", "2025-03-01")[0] == 0
    assert run_cli(*args, "-o", str(again), "--today", "2024-09-20")[0] == 0
    assert run_cli(*args, "-o", str(again), "--today", "2025-03-01")[0] == 0
    header, rows = _overdue(fresh)
    assert (header, rows) == _overdue(again)
    assert len({row[0] for row in rows}) > 1  # more than one school has late tasks
