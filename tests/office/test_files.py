"""Writing a file whole or not at all: the temporary file beside it, its mode and its folder."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from docgen.errors import OutputError
from docgen.office import files


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*.tmp"))


@pytest.mark.parametrize("durable", [True, False])
def test_a_new_file_is_written_whole_with_the_umask_mode(tmp_path: Path, durable: bool) -> None:
    target = tmp_path / "Приказ.docx"
    old = os.umask(0o027)
    try:
        files.atomic_write_bytes(target, b"content", durable=durable)
    finally:
        os.umask(old)
    assert target.read_bytes() == b"content"
    if os.name == "posix":
        assert _mode(target) == 0o640  # 0o666 less the umask, as any program's new file
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "Дорожная_карта.docx"
    target.write_bytes(b"old")
    target.chmod(0o664)  # a shared folder: the group may write
    files.atomic_write_bytes(target, b"new", durable=False)
    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o664


def test_missing_folders_are_made(tmp_path: Path) -> None:
    target = tmp_path / "МБОУ_СОШ_1" / "2024" / "Приказ.docx"
    files.atomic_write_bytes(target, b"x", durable=False)
    assert target.read_bytes() == b"x"
    files.atomic_write_bytes(target.with_name("Второй.docx"), b"y", durable=False)
    assert sorted(p.name for p in target.parent.iterdir()) == ["Второй.docx", "Приказ.docx"]


def test_a_temporary_name_left_by_a_killed_process_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process killed before its rename leaves ``.NAME.PID.N.tmp``; a later process with the
    same number takes the next name instead of failing or writing into that file."""
    target = tmp_path / "a.docx"
    monkeypatch.setattr(files, "_numbers", iter(range(5)))
    stale = tmp_path / f".a.docx.{os.getpid()}.0.tmp"
    stale.write_bytes(b"stale")
    files.atomic_write_bytes(target, b"fresh", durable=False)
    assert target.read_bytes() == b"fresh"
    assert stale.read_bytes() == b"stale"  # not ours: a run's start removes it


def test_the_temporary_name_is_one_a_later_run_removes(tmp_path: Path) -> None:
    fd, temporary = files._temporary(tmp_path / ("Я" * 60 + ".docx"))
    os.close(fd)
    assert temporary.parent == tmp_path
    assert temporary.name.startswith(".") and temporary.name.endswith(".tmp")
    assert temporary.name.startswith("." + "Я" * 40 + ".")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full)
    with pytest.raises(OutputError) as caught:
        files.atomic_write_bytes(target, b"new", durable=False)
    assert "на диске нет места" in caught.value.message
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_a_file_where_the_folder_should_be(tmp_path: Path) -> None:
    (tmp_path / "FILE").write_text("a file")
    with pytest.raises(OutputError) as caught:
        files.atomic_write_bytes(tmp_path / "FILE" / "sub" / "a.docx", b"x")
    assert "на месте папки лежит файл" in caught.value.message
    assert caught.value.location.file == str(tmp_path / "FILE" / "sub" / "a.docx")
