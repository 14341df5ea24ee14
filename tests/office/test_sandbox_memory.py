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
    assert sandbox._rss() is not None  # the descriptor is opened in this process
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: takes 96 MB the parent does not have, and says what it saw
        try:
            before = sandbox._rss() or 0
            taken = bytearray(96 * MB)
            taken[::4096] = b"\1" * len(taken[::4096])
            os.write(write, str((sandbox._rss() or 0) - before).encode())
        finally:
            os._exit(0)
    os.close(write)
    grown = int(os.read(read, 64) or b"0")
    os.close(read)
    os.waitpid(pid, 0)
    # the parent's reading, through the descriptor the worker inherits, would not grow
    assert grown >= 90 * MB
