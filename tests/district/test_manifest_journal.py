"""The manifest's journal: a run appends one line per output instead of rewriting the manifest,
the manifest is written whole at the end, and a killed run's lines are read by the next run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docgen.district.manifest import JOURNAL, NAME, Entry, Manifest
from tests.conftest import run_cli


def _killed_run(folder: Path, outputs: list[tuple[str, str, str, str]]) -> None:
    """A run that recorded ``outputs`` and was killed before writing the manifest whole."""
    manifest = Manifest.load(folder)
    for path, inputs, output, school in outputs:
        manifest.record(path, inputs, output, school)
    assert manifest.journal is not None
    manifest.journal.close()  # what the kernel does for a killed process: the lines stay


@pytest.mark.parametrize(
    ("tail", "kept"),
    [
        ("", ["a/1.docx", "b/2.docx"]),
        ('{"path": "c/3.docx", "inpu', ["a/1.docx", "b/2.docx"]),  # cut short by the kill
        (
            '{"path": "../x.docx", "inputs": "i", "output": "o", "school": "s"}\n',
            ["a/1.docx", "b/2.docx"],
        ),
        (
            '{"path": "c/3.docx", "inputs": "i", "output": "o", "school": "s"}\n',
            ["a/1.docx", "b/2.docx", "c/3.docx"],
        ),
    ],
)
def test_a_killed_runs_journal_is_read_by_the_next_run(
    tmp_path: Path, tail: str, kept: list[str]
) -> None:
    _killed_run(tmp_path, [("a/1.docx", "i1", "o1", "s1"), ("b/2.docx", "i2", "o2", "s2")])
    with (tmp_path / JOURNAL).open("a", encoding="utf-8") as journal:
        journal.write(tail)
    assert not (tmp_path / NAME).exists()
    manifest = Manifest.load(tmp_path)
    assert sorted(manifest.entries) == kept
    assert manifest.entries["b/2.docx"] == Entry("i2", "o2", "s2")
    assert not manifest.docgen_changed()  # the journal says which docgen made them
    manifest.save()
    assert not (tmp_path / JOURNAL).exists()
    written = json.loads((tmp_path / NAME).read_text("utf-8"))["outputs"]
    assert sorted(written) == kept


def test_the_journal_overrides_the_manifest_and_clears_its_complete_run(tmp_path: Path) -> None:
    manifest = Manifest(tmp_path)
    manifest.record("a/1.docx", "i1", "o1", "s1")
    manifest.record_run("key", {})
    manifest.save()
    assert Manifest.load(tmp_path).run["key"] == "key"
    _killed_run(tmp_path, [("a/1.docx", "i1", "changed", "s1")])
    again = Manifest.load(tmp_path)
    assert again.entries["a/1.docx"].output == "changed"
    assert again.run == {}  # something was made after the complete run: look again


def test_recording_what_is_known_writes_nothing(tmp_path: Path) -> None:
    manifest = Manifest(tmp_path)
    manifest.record("a/1.docx", "i1", "o1", "s1")
    manifest.save()
    before = (tmp_path / NAME).stat().st_mtime_ns
    again = Manifest.load(tmp_path)
    again.record("a/1.docx", "i1", "o1", "s1")
    assert again.journal is None and not (tmp_path / JOURNAL).exists()
    again.save()
    assert (tmp_path / NAME).stat().st_mtime_ns == before


def test_a_complete_bulk_run_leaves_the_manifest_and_no_journal(
    district: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("bulk", str(district), "-o", str(out), "--only", "sosh1")
    assert code == 0, stdout + stderr
    assert not (out / JOURNAL).exists()
    outputs = json.loads((out / NAME).read_text("utf-8"))["outputs"]
    assert sorted(outputs) == sorted(str(p.relative_to(out)) for p in out.rglob("*.docx"))


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_manifest_is_json_with_one_output_a_line(tmp_path: Path, count: int) -> None:
    # written by json's C encoder a line at a time: the same data as an indented dump, and
    # a changed output is one changed line of the file
    manifest = Manifest.load(tmp_path)
    for n in range(count):
        manifest.record(f"Школа_{n}/Приказ «{n}».docx", f"i{n}", f"o{n}", f"s{n}")
    manifest.save()
    text = (tmp_path / NAME).read_text("utf-8")
    data = json.loads(text)
    assert text.count("\n") == len(data) + 3 + count  # a line per key, per output, and braces
    assert sorted(data["outputs"]) == sorted(f"Школа_{n}/Приказ «{n}».docx" for n in range(count))
    for n in range(count):
        line = next(x for x in text.splitlines() if f"Школа_{n}/" in x)
        assert json.loads("{" + line.strip().rstrip(",") + "}") == {
            f"Школа_{n}/Приказ «{n}».docx": data["outputs"][f"Школа_{n}/Приказ «{n}».docx"]
        }
    again = Manifest.load(tmp_path)
    assert sorted(again.entries) == sorted(data["outputs"])


@pytest.mark.parametrize(
    "entry",
    [
        Entry("ab12", "cd34", "s001", 1234, 1_700_000_000_000_000_000),
        Entry("ab12", "cd34", "МБОУ «СОШ № 1»", -1, -1),  # an older manifest: no size or time
        Entry('кавычки " и \\ обратная', "\t\n\x01", "школа\u2028", 0, 5),
        Entry("", "", "", 7, -1),
    ],
)
def test_an_output_line_is_what_the_json_encoder_writes(entry: Entry) -> None:
    from docgen.district.manifest import _item, _item_line

    expected = json.dumps(_item(entry), ensure_ascii=False, separators=(", ", ": "))
    assert _item_line(entry) == expected
    assert json.loads(_item_line(entry)) == _item(entry)
