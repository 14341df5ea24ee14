"""A document's record in the manifest is taken from the bytes just written, without reading
the file back: the same digest, size and time as reading it gives."""

from __future__ import annotations

from pathlib import Path

from docgen.district.manifest import file_record, written_record


def test_the_record_of_what_was_written_is_the_files(tmp_path: Path) -> None:
    path = tmp_path / "Приказ.docx"
    content = b"PK\x03\x04 a document" * 100
    path.write_bytes(content)
    assert written_record(path, content) == file_record(path)


def test_a_file_that_is_not_what_was_written_is_not_recorded_as_it(tmp_path: Path) -> None:
    path = tmp_path / "Приказ.docx"
    path.write_bytes(b"changed by someone else meanwhile")
    assert written_record(path, b"what docgen wrote") is None
    assert written_record(tmp_path / "gone.docx", b"what docgen wrote") is None
