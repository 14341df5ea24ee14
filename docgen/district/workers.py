"""Tasks made by this process and by workers forked from it, over pipes.

Why not ``concurrent.futures``: its pool runs two threads in the parent (one feeds the
workers, one collects their results) that take the interpreter lock from the parent's own
work at every result, and it pickles every task with its arguments. Measured on a district of
200 schools with two processes, the run took 11 % more CPU through the pool than through
pipes. A forked worker already holds the tasks (it is a copy of the parent), so a task is
sent as its number (4 bytes) and a result comes back pickled, its length first.

The parent takes tasks from the back, the workers from the front, each worker a few ahead
of what it has finished, so that no core waits. A worker that ends before it has answered
(killed, out of memory) loses only the task it was making: ``lost`` says so for that task,
and the ones it had not begun go to the others.

Needs ``os.fork`` (Linux, macOS); elsewhere bulk uses a ``concurrent.futures`` pool.
May import: the standard library only.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: A task's number, sent to a worker; a result's length, before its pickle.
_NUMBER = struct.Struct("<I")


#: What :func:`_receive` gives for a worker that ended before it wrote its answer whole.
_ENDED = object()


@dataclass
class _Unreadable:
    """An answer pickle could not write in the worker or load here (an object that cannot be
    made again from its pickle): that task's loss, not the run's."""

    why: str


@dataclass
class _Worker:
    pid: int
    tasks: int  # the write end of the pipe of its tasks' numbers
    results: int  # the read end of the pipe of its results
    given: deque[int] = field(default_factory=deque)  # oldest first: the one it is making
    status: int | None = None  # how it ended, once waited for


def forked(
    work: Callable[[T], R],
    tasks: Sequence[T],
    workers: int,
    lost: Callable[[T, str], R],
    *,
    init: Callable[[], None] | None = None,
    ahead: int = 3,
) -> Iterator[R]:
    """``work`` of every task, in the order they are done, by this process and ``workers - 1``
    forked ones (each runs ``init`` first); ``lost(task, why)`` for a task whose worker ended
    without answering. The workers are gone when this ends, however it ends."""
    started: list[_Worker] = []
    whole = False
    try:
        for _ in range(workers - 1):
            started.append(_start(work, tasks, started, init))
        yield from _shared(work, tasks, started, lost, ahead)
        whole = True
    finally:
        _stop(started, whole)


def _start(
    work: Callable[[T], R],
    tasks: Sequence[T],
    others: list[_Worker],
    init: Callable[[], None] | None,
) -> _Worker:
    task_read, task_write = os.pipe()
    result_read, result_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: it never returns into the parent's code
        status = 1
        try:
            os.close(task_write)
            os.close(result_read)
            for other in others:
                os.close(other.tasks)
                os.close(other.results)
            if init is not None:
                init()
            _serve(work, tasks, task_read, result_write)
            status = 0
        finally:
            os._exit(status)
    os.close(task_read)
    os.close(result_write)
    return _Worker(pid, task_write, result_read)


_stopping = False  # a worker's: asked to stop after the task it is making


def _asked_to_stop(signum: int, frame: Any) -> None:
    global _stopping
    _stopping = True


def _serve(work: Callable[[T], R], tasks: Sequence[T], numbers: int, results: int) -> None:
    """A worker's loop: a number in, the pickled result out, until the pipe closes."""
    signal.signal(signal.SIGTERM, _asked_to_stop)
    while not _stopping:
        got = _read(numbers, _NUMBER.size)
        if got is None:
            return
        result = work(tasks[_NUMBER.unpack(got)[0]])
        try:
            payload = pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an object pickle cannot write: that task's loss only
            unwritten = _Unreadable(f"ответ не записан ({type(exc).__name__}: {exc})")
            payload = pickle.dumps(unwritten, pickle.HIGHEST_PROTOCOL)
        _write(results, _NUMBER.pack(len(payload)) + payload)


def _shared(
    work: Callable[[T], R],
    tasks: Sequence[T],
    workers: list[_Worker],
    lost: Callable[[T, str], R],
    ahead: int,
) -> Iterator[R]:
    front, back = 0, len(tasks)
    again: deque[int] = deque()  # given to a worker that ended before it began them
    live = list(workers)
    by_pipe = {worker.results: worker for worker in workers}
    # poll, not select: a process with many files open (a web server) has descriptors beyond
    # select's limit; a pipe whose worker ended is reported whether or not it was asked for
    poller = select.poll()
    for worker in workers:
        poller.register(worker.results, select.POLLIN)

    while True:
        for worker in list(live):
            while len(worker.given) < ahead and (again or front < back):
                if not _send(worker, again[0] if again else front):
                    break  # it has ended: its pipe says so below
                if again:
                    again.popleft()
                else:
                    front += 1
        mine = front < back or (bool(again) and not live)
        if not mine and not any(worker.given for worker in live):
            return
        for pipe, _ in poller.poll(0 if mine else None):
            worker = by_pipe[pipe]
            answer = _receive(pipe)
            if answer is _ENDED:
                # ended without answering: the task it was making is lost, the rest not begun
                live.remove(worker)
                poller.unregister(pipe)
                why = _ending(worker)
                if worker.given:
                    first = worker.given.popleft()
                    again.extend(worker.given)
                    worker.given.clear()
                    yield lost(tasks[first], why)
                continue
            number = worker.given.popleft()
            if isinstance(answer, _Unreadable):
                yield lost(tasks[number], answer.why)
            else:
                yield answer
        if mine:
            if front < back:
                back -= 1
                number = back
            else:
                number = again.popleft()
            yield work(tasks[number])


def _send(worker: _Worker, number: int) -> bool:
    try:
        os.write(worker.tasks, _NUMBER.pack(number))  # 4 bytes: written whole or not at all
    except OSError:  # the worker has ended
        return False
    worker.given.append(number)
    return True


def _receive(pipe: int) -> Any:
    """A worker's next answer, :data:`_ENDED`, or :class:`_Unreadable`."""
    head = _read(pipe, _NUMBER.size)
    payload = None if head is None else _read(pipe, _NUMBER.unpack(head)[0])
    if payload is None:
        return _ENDED
    try:
        return pickle.loads(payload)
    except Exception as exc:  # whatever a pickle's objects raise as they are made again
        return _Unreadable(f"ответ не прочитан ({type(exc).__name__}: {exc})")


def _read(pipe: int, size: int) -> bytes | None:
    """``size`` bytes from ``pipe``, or None when it closes first."""
    chunks, left = [], size
    while left:
        chunk = os.read(pipe, left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _write(pipe: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(pipe, view) :]


def _ending(worker: _Worker) -> str:
    """How a worker ended, in words: a signal's name or its exit status."""
    _wait(worker)
    status = worker.status or 0
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        with suppress(ValueError):
            return f"сигнал {signal.Signals(number).name}"
        return f"сигнал {number}"
    return f"код выхода {os.waitstatus_to_exitcode(status)}"


def _wait(worker: _Worker) -> None:
    if worker.status is None:
        try:
            worker.status = os.waitpid(worker.pid, 0)[1]
        except ChildProcessError:
            worker.status = 0


def _stop(workers: list[_Worker], whole: bool) -> None:
    """Every worker ended and waited for. After a whole run they are idle and end when their
    pipe closes; otherwise (an error, Ctrl+C) each finishes the task it is making and stops,
    and one blocked on writing a result no one will read ends on the closed pipe."""
    for worker in workers:
        if not whole and worker.status is None:
            with suppress(OSError):
                os.kill(worker.pid, signal.SIGTERM)
        for pipe in (worker.tasks, worker.results):
            with suppress(OSError):
                os.close(pipe)
    for worker in workers:
        _wait(worker)
