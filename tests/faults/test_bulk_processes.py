"""Bulk runs as processes: one run per folder at a time, workers that end with their parent,
and a run killed at random moments that leaves whole files and is finished by the rerun."""

from __future__ import annotations

import fcntl
import json
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from docgen.district.bulk import LOCK
from docgen.district.manifest import NAME
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
DOCUMENTS = 27


def test_a_second_run_on_a_locked_folder_says_who_holds_it(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with open(out / LOCK, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("процесс 4242 на server, начат 01.09.2024 10:00\n")
        held.flush()
        code, stdout, stderr = run_cli("bulk", str(district), "-o", str(out))
    text = stdout + stderr
    assert code == 1, text
    assert "процесс 4242" in text and "другой запуск" in text, text
    assert not list(out.rglob("*.docx")) and not (out / NAME).exists()
    code, stdout, stderr = run_cli("bulk", str(district), "-o", str(out))  # released: it runs
    assert code == 0, stdout + stderr


def start(district: Path, out: Path, jobs: int = 2) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "docgen", "bulk", str(district), "-o", str(out), "-j", str(jobs)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def wait_for(condition: object, limit: float = 60.0) -> bool:
    """Poll until ``condition()`` holds or ``limit`` seconds passed (not a timing assertion)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="Linux /proc")
def test_workers_end_when_the_main_process_is_killed(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = start(district, out, jobs=3)  # the run's process and two forked workers
    try:
        assert wait_for(lambda: process.poll() is not None or len(children(process.pid)) >= 2)
        workers = children(process.pid)
        assert process.poll() is None and workers
        process.kill()
        process.wait()
        assert wait_for(lambda: not any(alive(w) for w in workers)), "workers outlived the run"
    finally:
        if process.poll() is None:
            process.kill()


def whole(out: Path) -> None:
    """Every output is a complete DOCX (a temporary file may be left, never a broken output)."""
    for path in out.rglob("*.docx"):
        assert zipfile.ZipFile(path).testzip() is None, path


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="Linux /proc")
def test_a_run_killed_at_random_moments_is_finished_by_the_rerun(
    district: Path, tmp_path: Path
) -> None:
    """20 trials, SIGKILL and SIGINT, each at a random moment of a run; then a rerun."""
    rng = random.Random(14)
    for trial in range(20):
        out = tmp_path / f"out{trial}"
        if trial % 3 == 2:  # some trials kill a rerun over earlier outputs
            assert run_cli("bulk", str(district), "-o", str(out), "-j", "1")[0] == 0
            edit = district.parent / f"d{trial}.xlsx"
            shutil.copy(district, edit)
            book = openpyxl.load_workbook(edit)
            book["Школы"]["B2"] = f"Школа {trial}"
            book.save(edit)
            source = edit
        else:
            source = district
        process = start(source, out)
        time.sleep(rng.uniform(0.3, 4.0))
        process.send_signal(signal.SIGKILL if trial % 2 else signal.SIGINT)
        process.wait()
        whole(out)
        code, stdout, stderr = run_cli("bulk", str(source), "-o", str(out), "-j", "2")
        assert code == 0, (trial, stdout + stderr)
        whole(out)
        manifest = json.loads((out / NAME).read_text("utf-8"))["outputs"]
        assert len(manifest) == DOCUMENTS and len(list(out.rglob("*.docx"))) == DOCUMENTS
        assert not list(out.rglob("*.tmp"))
        assert run_cli("bulk", str(source), "-o", str(out))[1].startswith("создан: 0")
