"""A rerun checks each output by its size and modification time before reading it, and makes
Сводка.xlsx again only when what it lists has changed (issue 17: a rerun costs what changed).

The trade-off the README states: an edit that keeps an output's size and its modification time
to the nanosecond goes unseen; any other edit is found, by the digest, and the output made again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from docgen.district import bulk
from docgen.district.jobs import SchoolJob
from docgen.district.manifest import NAME
from docgen.options import BulkOptions
from tests.conftest import edit_cell, run_cli, summaries_made

SECOND = 1_000_000_000


def _flip(data: bytes) -> bytes:
    """The same number of bytes, one of them different."""
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


#: (what is done to the roadmap, its new bytes, its new time as seconds after the old one,
#: whether the rerun makes it again)
TAMPERS: list[tuple[str, Callable[[bytes], bytes], int | None, bool]] = [
    ("other bytes, same size, a newer time", _flip, 5, True),
    ("other bytes, same size, an older time", _flip, -5, True),
    ("shorter, the same time", lambda data: data[:-10], 0, True),
    ("the same bytes, touched", lambda data: data, 5, False),
    # the blind spot: the size and the time to the nanosecond as recorded
    ("other bytes, same size, the time set back exactly", _flip, 0, False),
]


def _manifest(out: Path) -> dict[str, dict[str, object]]:
    outputs: dict[str, dict[str, object]] = json.loads((out / NAME).read_text("utf-8"))["outputs"]
    return outputs


@pytest.mark.parametrize(
    ("change", "content", "later", "redone"), TAMPERS, ids=[t[0] for t in TAMPERS]
)
def test_an_edited_output_is_found_unless_its_size_and_time_are_kept(
    district: Path,
    tmp_path: Path,
    change: str,
    content: Callable[[bytes], bytes],
    later: int,
    redone: bool,
) -> None:
    out = tmp_path / "out"
    args = ["bulk", str(district), "-o", str(out), "--only", "sosh1"]
    code, stdout, stderr = run_cli(*args)
    assert code == 0, stderr
    roadmap = next(out.glob("*/Дорожная_карта_*.docx"))
    relative = roadmap.relative_to(out).as_posix()
    recorded = _manifest(out)[relative]
    original, stat = roadmap.read_bytes(), roadmap.stat()
    assert (recorded["size"], recorded["mtime_ns"]) == (stat.st_size, stat.st_mtime_ns)
    # the manifest is written after the outputs: make that certain even on a coarse clock
    manifest_time = stat.st_mtime_ns + 60 * SECOND
    os.utime(out / NAME, ns=(manifest_time, manifest_time))

    roadmap.write_bytes(content(original))
    os.utime(roadmap, ns=(stat.st_atime_ns, stat.st_mtime_ns + later * SECOND))
    code, stdout, stderr = run_cli(*args)
    assert code == 0, stderr
    if redone:
        assert roadmap.read_bytes() == original
        assert "обновлён: 1" in stdout, stdout
    else:
        assert "без изменений: 2" in stdout, stdout
        assert roadmap.read_bytes() == content(original)
    after = roadmap.stat()
    entry = _manifest(out)[relative]
    assert (entry["size"], entry["mtime_ns"]) == (after.st_size, after.st_mtime_ns)


def test_an_output_as_new_as_the_manifest_is_always_hashed(district: Path, tmp_path: Path) -> None:
    """An edit in the same tick of the clock as the manifest could keep the time: hashed."""
    out = tmp_path / "out"
    args = ["bulk", str(district), "-o", str(out), "--only", "sosh1"]
    assert run_cli(*args)[0] == 0
    roadmap = next(out.glob("*/Дорожная_карта_*.docx"))
    original, stat = roadmap.read_bytes(), roadmap.stat()
    roadmap.write_bytes(_flip(original))
    os.utime(roadmap, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.utime(out / NAME, ns=(stat.st_mtime_ns, stat.st_mtime_ns))  # written in the same tick
    code, stdout, stderr = run_cli(*args)
    assert code == 0, stderr
    assert "обновлён: 1" in stdout, stdout
    assert roadmap.read_bytes() == original


def test_a_manifest_without_sizes_and_times_hashes_once_and_learns_them(
    district: Path, tmp_path: Path
) -> None:
    """A manifest of an older docgen: the outputs are hashed, found intact, not made again."""
    out = tmp_path / "out"
    args = ["bulk", str(district), "-o", str(out), "--only", "sosh1"]
    assert run_cli(*args)[0] == 0
    raw = json.loads((out / NAME).read_text("utf-8"))
    for item in raw["outputs"].values():
        del item["size"], item["mtime_ns"]
    (out / NAME).write_text(json.dumps(raw), "utf-8")
    code, stdout, stderr = run_cli(*args)
    assert code == 0, stderr
    assert "без изменений: 2" in stdout, stdout
    for path, item in _manifest(out).items():
        stat = (out / path).stat()
        assert (item["size"], item["mtime_ns"]) == (stat.st_size, stat.st_mtime_ns)


def _summary_rows(out: Path) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(out / "Сводка.xlsx", read_only=True)
    return [tuple(row) for row in book["Сводка"].iter_rows(values_only=True)]


def test_the_summary_is_made_again_only_when_what_it_lists_changed(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    options = BulkOptions(output_dir=out)
    made = summaries_made(monkeypatch)
    bulk.run_district(district, options, only=["sosh1", "licey2"])
    assert len(made) == 1
    first = (out / "Сводка.xlsx").read_bytes()

    bulk.run_district(district, options, only=["sosh1", "licey2"])  # nothing changed
    assert len(made) == 1
    assert (out / "Сводка.xlsx").read_bytes() == first

    (out / "Сводка.xlsx").unlink()  # gone: made again, the same bytes
    bulk.run_district(district, options, only=["sosh1", "licey2"])
    assert len(made) == 2
    assert (out / "Сводка.xlsx").read_bytes() == first

    edit_cell(district, "Школы", "C3", "МАОУ «Лицей № 2 им. Пушкина»")  # licey2's short name
    bulk.run_district(district, options, only=["sosh1", "licey2"])
    assert len(made) == 3
    names = {row[1] for row in _summary_rows(out)[1:]}
    assert "МАОУ «Лицей № 2 им. Пушкина»" in names

    bulk.run_district(district, options, only=["sosh1"])  # another choice of schools
    assert len(made) == 4
    assert {row[0] for row in _summary_rows(out)[1:]} == {"sosh1"}


def _overdue(out: Path) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(out / "Сводка.xlsx", read_only=True)
    return [tuple(row) for row in book["Просрочено"].iter_rows(values_only=True)]


def test_the_overdue_tasks_of_unchanged_schools_are_not_worked_out_again(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    # one worker: this process, where the counting below sees the workers' calls too
    options = BulkOptions(output_dir=out, today=date(2025, 3, 1), jobs=1)
    schools = ["licey2", "sosh1"]
    built: list[str] = []
    rows_of = bulk._overdue_rows

    def counted(job: SchoolJob, *args: object) -> list[tuple[object, ...]]:
        built.append(job.key)
        return rows_of(job, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(bulk, "_overdue_rows", counted)
    bulk.run_district(district, options, only=schools)
    assert sorted(built) == schools
    before = _overdue(out)
    assert len(before) > 1  # tasks late on 01.03.2025

    edit_cell(district, "Школы", "C3", "МАОУ «Лицей № 2 им. Пушкина»")  # licey2's short name
    bulk.run_district(district, options, only=schools)
    assert sorted(built) == ["licey2", "licey2", "sosh1"]
    after = _overdue(out)
    renamed = [row for row in after[1:] if row[0] == "licey2"]
    assert renamed and all(row[1] == "МАОУ «Лицей № 2 им. Пушкина»" for row in renamed)
    assert [row for row in after if row[0] != "licey2"] == [
        row for row in before if row[0] != "licey2"
    ]

    # the same sheet as a run without the cache makes
    fresh = tmp_path / "fresh"
    bulk.run_district(district, replace(options, output_dir=fresh), only=schools)
    assert _overdue(fresh) == after

    (out / bulk.OVERDUE_CACHE).write_text("{not json", "utf-8")  # a broken cache: worked out
    (out / "Сводка.xlsx").unlink()
    bulk.run_district(district, options, only=schools)
    assert _overdue(out) == after


def test_the_cache_of_late_tasks_is_not_written_again_when_they_are_the_same(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    options = BulkOptions(output_dir=out, today=date(2025, 3, 1), jobs=1)
    bulk.run_district(district, options, only=["licey2", "sosh1"])
    cache = out / bulk.OVERDUE_CACHE
    assert '"rows": [["' in cache.read_text("utf-8")  # late tasks kept (not only empty lists)
    writes: list[Path] = []
    write = bulk.atomic_write_bytes

    def counted(path: Path, data: bytes, **kwargs: bool) -> None:
        writes.append(path)
        write(path, data, **kwargs)

    monkeypatch.setattr(bulk, "atomic_write_bytes", counted)
    edit_cell(district, "Школы", "C3", "МАОУ «Лицей № 2 им. Пушкина»")  # licey2 changes
    bulk.run_district(district, options, only=["licey2", "sosh1"])
    assert cache in writes  # licey2's late tasks name the school anew
    writes.clear()
    (out / "Сводка.xlsx").unlink()  # the summary is made again, its late tasks from the cache
    bulk.run_district(district, options, only=["licey2", "sosh1"])
    assert cache not in writes and (out / "Сводка.xlsx").exists()


@pytest.mark.parametrize("today", [date(2025, 3, 1), date(2024, 9, 2)], ids=["late", "none late"])
def test_a_school_is_built_once_per_run_the_summary_takes_its_late_tasks_from_the_worker(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: date
) -> None:
    """The worker that validates a school works out its late tasks too: «Просрочено» does not
    validate every school of the district a second time (issue 17: half of the main process)."""
    from docgen.district import workbook

    built: list[str] = []
    planned_of = workbook.planned

    def counting(*args: object, **kwargs: object) -> list[object]:
        units = planned_of(*args, **kwargs)  # type: ignore[arg-type]

        def build_of(unit: object) -> Callable[[], SchoolJob]:
            def build() -> SchoolJob:
                built.append(unit.key)  # type: ignore[attr-defined]
                return unit.build()  # type: ignore[attr-defined,no-any-return]

            return build

        return [replace(unit, build=build_of(unit)) for unit in units]  # type: ignore[type-var]

    monkeypatch.setattr(workbook, "planned", counting)
    out = tmp_path / "out"
    bulk.run_district(district, BulkOptions(output_dir=out, today=today, jobs=1))
    schools = sorted(set(built))
    assert len(schools) > 1
    assert sorted(built) == schools  # each school once: by its worker, not again by the summary

    # the sheet is the one the summary makes alone (no worker's rows: every school built there)
    alone = tmp_path / "alone"
    keep = bulk._overdue_rows
    monkeypatch.setattr(bulk, "_work_school", _without_late(bulk._work_school))
    bulk.run_district(district, BulkOptions(output_dir=alone, today=today, jobs=1))
    assert bulk._overdue_rows is keep
    assert _overdue(alone) == _overdue(out)
    if today == date(2025, 3, 1):
        assert len(_overdue(out)) > 1  # tasks late on that day


def _without_late(work: Callable[..., object]) -> Callable[..., object]:
    """The worker as it was before: it leaves the late tasks to the summary."""

    def worker(task: object, options: object, late: list[object]) -> object:
        return work(replace(task, late=False), options, late)  # type: ignore[type-var]

    return worker
