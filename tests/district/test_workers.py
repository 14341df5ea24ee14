"""Tasks shared between this process and forked workers over pipes (``district.workers``)."""

from __future__ import annotations

import os
import signal
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from docgen.district.workers import forked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers need os.fork")


def _made(task: int) -> tuple[int, int]:
    return task, os.getpid()


def _lost(task: int, why: str) -> tuple[int, str]:
    return task, why


def _children() -> set[int]:
    """This process's children, zombies too (Linux: /proc); other tests may leave their own."""
    found: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        found |= {int(pid) for pid in (task / "children").read_text().split()}
    return found


@pytest.fixture(autouse=True)
def _no_children_left() -> Iterator[None]:
    """Every worker a test started has ended and been waited for when it returns."""
    before = _children() if Path("/proc/self/task").exists() else set()
    yield
    if Path("/proc/self/task").exists():
        assert _children() <= before


@pytest.mark.parametrize(
    ("workers", "count"), [(1, 0), (1, 5), (2, 0), (2, 1), (2, 40), (3, 2), (3, 60)]
)
def test_every_task_is_made_once(workers: int, count: int) -> None:
    results = list(forked(_made, list(range(count)), workers, _lost))
    assert Counter(task for task, _ in results) == Counter(range(count))


def test_the_parent_and_the_workers_share_the_tasks() -> None:
    parent = os.getpid()

    def slow(task: int) -> tuple[int, int]:
        sum(range(20_000))  # long enough that the parent does not take every task itself
        return task, os.getpid()

    results = list(forked(slow, list(range(200)), 3, _lost))
    makers = Counter(pid for _, pid in results)
    assert parent in makers and len(makers) == 3, makers
    assert sorted(task for task, _ in results) == list(range(200))


def test_a_result_longer_than_a_pipe_holds_comes_whole() -> None:
    def big(task: int) -> bytes:
        return bytes([task]) * 300_000

    results = list(forked(big, [1, 2, 3, 4, 5, 6], 2, _lost))
    assert sorted(results) == sorted(bytes([t]) * 300_000 for t in range(1, 7))


@pytest.mark.parametrize(
    ("ending", "said"),
    [
        (lambda: os.kill(os.getpid(), signal.SIGKILL), "сигнал SIGKILL"),
        (lambda: os._exit(3), "код выхода 3"),
    ],
)
def test_a_worker_that_ends_loses_only_the_task_it_was_making(ending: object, said: str) -> None:
    parent = os.getpid()

    def work(task: int) -> tuple[int, int]:
        if task == 1 and os.getpid() != parent:  # the first worker's second task
            ending()  # type: ignore[operator]
        return task, os.getpid()

    results = list(forked(work, list(range(30)), 2, _lost))
    assert (1, said) in results
    made = [task for task, pid in results if isinstance(pid, int)]
    assert Counter(made) == Counter(t for t in range(30) if t != 1)  # the rest once each


def test_when_every_worker_ends_the_parent_makes_the_rest() -> None:
    parent = os.getpid()

    def work(task: int) -> tuple[int, int]:
        if os.getpid() != parent:
            os._exit(1)
        return task, os.getpid()

    results = list(forked(work, list(range(20)), 3, _lost))
    lost = [task for task, pid in results if not isinstance(pid, int)]
    assert len(lost) == 2  # each worker's first task
    assert sorted(task for task, _ in results) == list(range(20))
    assert all(pid == parent for _, pid in results if isinstance(pid, int))


def test_an_error_in_the_parent_stops_and_waits_for_the_workers(tmp_path: Path) -> None:
    parent = os.getpid()

    def work(task: int) -> int:
        if os.getpid() == parent:
            raise RuntimeError("сбой")
        (tmp_path / f"{task}-{os.getpid()}").touch()
        return task

    with pytest.raises(RuntimeError, match="сбой"):
        list(forked(work, list(range(100)), 2, _lost))
    assert len(list(tmp_path.iterdir())) < 100  # the worker stopped, not made everything


def test_a_run_left_early_leaves_no_workers() -> None:
    results = forked(_made, list(range(50)), 3, _lost)
    assert next(results)[0] in range(50)
    results.close()


def test_each_worker_runs_init_first(tmp_path: Path) -> None:
    def init() -> None:
        (tmp_path / str(os.getpid())).touch()

    def work(task: int) -> bool:
        return os.getpid() == parent or (tmp_path / str(os.getpid())).exists()

    parent = os.getpid()
    assert all(forked(work, list(range(30)), 3, _lost, init=init))
    assert len(list(tmp_path.iterdir())) == 2


class _Refuses:
    """Pickles, but cannot be made again from its pickle."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (_refuse, ("нельзя",))


def _refuse(why: str) -> None:
    raise ValueError(why)


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (
            lambda: lambda: None,
            "ответ не записан (AttributeError: Can't pickle",
        ),  # a lambda: not written
        (_Refuses, "ответ не прочитан (ValueError: нельзя)"),  # written, not read back
    ],
)
def test_an_answer_that_cannot_be_passed_loses_that_task_only(answer: object, said: str) -> None:
    parent = os.getpid()

    def work(task: int) -> object:
        if task == 3 and os.getpid() != parent:
            return answer()  # type: ignore[operator]
        return task

    # four ahead: tasks 0-3 go to the worker before the parent makes any
    results = list(forked(work, list(range(40)), 2, _lost, ahead=4))
    lost = [r for r in results if isinstance(r, tuple)]
    made = [r for r in results if not isinstance(r, tuple)]
    assert len(lost) == 1 and lost[0][0] == 3 and lost[0][1].startswith(said), lost
    assert sorted(made) == [t for t in range(40) if t != 3]  # the worker went on


def test_a_task_whose_result_is_none_is_made_not_lost() -> None:
    results = list(forked(lambda task: None, list(range(20)), 3, _lost))
    assert results == [None] * 20
