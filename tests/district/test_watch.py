"""``docgen bulk --watch``: the district made again after each save, in a process that stays."""

from __future__ import annotations

import queue
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docgen.district.jobs import BulkResult, Status
from docgen.district.watch import watch
from docgen.errors import DataError, DocgenError
from docgen.options import BulkOptions
from tests.conftest import edit_cell, run_cli
from tests.district.test_bulk import DOCUMENTS

Seen = tuple[BulkResult | None, DocgenError | None]


class _Watching:
    """A watch in a thread of the test: each run's result comes out of ``runs``."""

    def __init__(self, workbook: Path, out: Path) -> None:
        self.runs: queue.Queue[Seen] = queue.Queue()
        self.stop = threading.Event()
        options = BulkOptions(output_dir=out, jobs=1)
        self.thread = threading.Thread(
            target=watch,
            args=(workbook, options, lambda r, e: self.runs.put((r, e))),
            kwargs={"stop": self.stop, "interval": 0.05, "settle": 0.05},
            daemon=True,
        )
        self.thread.start()

    def next(self) -> Seen:
        return self.runs.get(timeout=120)

    def quiet(self, seconds: float) -> bool:
        """No run within ``seconds``."""
        try:
            self.runs.get(timeout=seconds)
        except queue.Empty:
            return True
        return False


@pytest.fixture
def watching(district: Path, tmp_path: Path) -> Iterator[_Watching]:
    watched = _Watching(district, tmp_path / "out")
    yield watched
    watched.stop.set()
    watched.thread.join(timeout=30)
    assert not watched.thread.is_alive()


def _made(seen: Seen) -> dict[Status, int]:
    result, error = seen
    assert error is None and result is not None, error
    counts: dict[Status, int] = {}
    for outcome in result.outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return counts


def test_a_save_makes_again_what_it_changed_and_nothing_else(
    district: Path, watching: _Watching
) -> None:
    assert _made(watching.next()) == {Status.CREATED: DOCUMENTS}
    assert watching.quiet(0.5)  # nothing saved: no run
    edit_cell(
        district,
        "Школы",
        "B3",
        "Муниципальное автономное общеобразовательное учреждение «Лицей № 2 им. А.С. Пушкина»",
    )
    made = _made(watching.next())
    assert made[Status.UPDATED] == 2 and made[Status.UNCHANGED] == DOCUMENTS - 2


def test_bad_data_saved_is_said_and_the_watch_goes_on(district: Path, watching: _Watching) -> None:
    _made(watching.next())
    good = district.read_bytes()
    edit_cell(district, "Район", "B2", None)  # the organ's name gone: the district is refused
    result, error = watching.next()
    assert result is None and isinstance(error, DocgenError)
    assert district.name in str(error)
    district.write_bytes(good)  # the mistake put right
    assert Status.FAILED not in _made(watching.next())


def test_a_workbook_being_saved_is_waited_for(district: Path, watching: _Watching) -> None:
    """Excel saves by writing a new file and renaming it: while the workbook is not there, or
    changing, nothing is run."""
    _made(watching.next())
    kept = district.with_suffix(".kept")
    shutil.move(district, kept)
    assert watching.quiet(0.6)
    shutil.move(kept, district)
    assert _made(watching.next()) == {Status.UNCHANGED: DOCUMENTS}


def test_the_files_the_run_reads_are_watched_too(with_reports: Path, tmp_path: Path) -> None:
    """The monitoring workbook the district names, and the plan that workbook names."""
    watched = _Watching(with_reports, tmp_path / "out")
    try:
        first, error = watched.next()
        assert error is None and first is not None
        plan = with_reports.parent / "monitoring_plan.yaml"
        assert plan.resolve() in {p.resolve() for p in first.inputs}
        assert watched.quiet(0.5)
        plan.write_text(plan.read_text("utf-8") + "\n# исправлено\n", "utf-8")
        assert Status.FAILED not in _made(watched.next())
    finally:
        watched.stop.set()
        watched.thread.join(timeout=60)


def test_the_command_line_says_each_run_and_stops_on_ctrl_c(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def fake(workbook: Path, options: BulkOptions, on_run: Any, **kwargs: Any) -> None:
        seen.update(workbook=workbook, folder=options.output_dir, only=options.only)
        on_run(None, DataError("лист «Школы»: нет столбца «ключ»"))
        raise KeyboardInterrupt  # Ctrl+C while waiting

    monkeypatch.setattr("docgen.district.watch.watch", fake)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(
        "bulk", str(district), "-o", str(out), "--watch", "--only", "sosh1"
    )
    assert code == 0, stderr
    assert seen == {"workbook": district, "folder": out, "only": ("sosh1",)}
    assert "ошибка: лист «Школы»: нет столбца «ключ»" in stderr
    assert "жду изменений" in stdout and stdout.rstrip().endswith("наблюдение остановлено")


def test_the_command_line_exits_130_when_ctrl_c_cut_a_run(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake(workbook: Path, options: BulkOptions, on_run: Any, **kwargs: Any) -> None:
        on_run(BulkResult(interrupted=True), None)  # the watch ends after such a run

    monkeypatch.setattr("docgen.district.watch.watch", fake)
    code, stdout, stderr = run_cli("bulk", str(district), "-o", str(tmp_path / "o"), "--watch")
    assert code == 130
    assert "прервано: готовые документы сохранены" in stderr and "жду изменений" not in stdout


@pytest.mark.parametrize("other", ["--check", "--open"])
def test_watch_is_refused_with_check_and_open(district: Path, tmp_path: Path, other: str) -> None:
    code, _, stderr = run_cli("bulk", str(district), "-o", str(tmp_path / "o"), "--watch", other)
    assert code == 2 and "--watch не сочетается с --check и --open" in stderr
    assert not (tmp_path / "o").exists()


def test_ctrl_c_during_a_run_ends_the_watch(district: Path, tmp_path: Path) -> None:
    calls: list[Path] = []

    def interrupted(workbook: Path, options: BulkOptions) -> BulkResult:
        calls.append(workbook)
        return BulkResult(interrupted=True)  # what bulk returns after Ctrl+C in its run

    seen: list[Seen] = []
    options = BulkOptions(output_dir=tmp_path / "out", jobs=1)
    watch(district, options, lambda r, e: seen.append((r, e)), run=interrupted, interval=0.01)
    assert calls == [district] and len(seen) == 1  # returned at once, nothing waited for


def test_a_save_during_a_run_is_run_again(district: Path, tmp_path: Path) -> None:
    """The files are looked at as the run is about to read them: a save while it runs is not
    taken for the state it made (the race that would leave the last save undone)."""
    calls: list[int] = []
    stop = threading.Event()

    def saving_meanwhile(workbook: Path, options: BulkOptions) -> BulkResult:
        calls.append(len(calls))
        if len(calls) == 1:
            edit_cell(workbook, "Район", "B3", "2024-2025 учебный год ")  # saved mid-run
        else:
            stop.set()
        return BulkResult(inputs=(workbook,))

    options = BulkOptions(output_dir=tmp_path / "out", jobs=1)
    watcher = threading.Thread(
        target=watch,
        args=(district, options, lambda r, e: None),
        kwargs={"stop": stop, "interval": 0.02, "settle": 0.02, "run": saving_meanwhile},
        daemon=True,
    )
    watcher.start()
    watcher.join(timeout=60)
    assert not watcher.is_alive() and calls == [0, 1]
