"""The memory bound's reading of the process's resident memory: fresh on every reading, and
the process's own after a fork (a bulk worker), never its parent's."""

from __future__ import annotations

import os
import sys

import pytest

from docgen.office import sandbox

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="/proc/self/statm is Linux's"
)

MB = 2**20


def test_a_reading_sees_memory_taken_since_the_last() -> None:
    before = sandbox._rss()
    assert before is not None
    taken = bytearray(64 * MB)  # zeroed pages: resident once written
    taken[::4096] = b"\1" * len(taken[::4096])
    after = sandbox._rss()
    assert after is not None
    assert after - before >= 60 * MB
    del taken


def test_a_forked_worker_reads_its_own_memory_not_its_parents() -> None:
    parent = sandbox._rss()  # the descriptor is opened in this process
    assert parent is not None
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: takes 96 MB the parent does not have
        try:
            taken = bytearray(96 * MB)
            taken[::4096] = b"\1" * len(taken[::4096])
            own = sandbox._rss() or 0
            os.write(write, str(own).encode())
        finally:
            os._exit(0)
    os.close(write)
    child = int(os.read(read, 64) or b"0")
    os.close(read)
    os.waitpid(pid, 0)
    assert child - parent >= 80 * MB  # the parent's reading would not have grown
    assert (sandbox._rss() or 0) - parent < 80 * MB
