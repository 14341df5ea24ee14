"""Reruns of ``docgen bulk`` after a change of what the README's «Reruns» table lists: an
exception file, ``--pdf``; and a run interrupted after an edit that the user then undid."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from docgen.district import bulk
from docgen.district.bulk import Status, run_district
from docgen.district.manifest import digest
from docgen.options import BulkOptions, Options
from tests.conftest import run_cli
from tests.docx_text import lines


def test_an_edited_exception_file_redoes_every_document(district: Path, tmp_path: Path) -> None:
    exceptions = tmp_path / "exceptions.yaml"
    exceptions.write_text("Кравец: неизменяемое\n", "utf-8")
    out = tmp_path / "out"
    args = ["bulk", str(district), "-o", str(out), "--only", "sosh1", "--only", "licey2"]
    code, stdout, stderr = run_cli(*args, "-e", str(exceptions))
    assert code == 0, stderr
    assert "создан: 4" in stdout
    code, stdout, _ = run_cli(*args, "-e", str(exceptions))
    assert "без изменений: 4" in stdout

    # the order lays the plan on its executor: «… по воспитательной работе Кузнецову Д.С.»
    order = next(out.glob("МАОУ_СОШ_1*/Приказ_*.docx"))
    assert any("работе Кузнецову\u00a0Д.С." in line for line in lines(order))
    exceptions.write_text("Кравец: неизменяемое\nКузнецова:\n  вн: КУЗНЕЦОВУ\n", "utf-8")
    code, stdout, stderr = run_cli(*args, "-e", str(exceptions))
    assert code == 0, stderr
    # every document was made again (those whose bytes came out the same are unchanged)
    assert "создан: 0" in stdout
    assert "без изменений: 4" not in stdout
    assert any("работе КУЗНЕЦОВУ\u00a0Д.С." in line for line in lines(order))


def test_a_rerun_with_pdf_makes_the_pdfs(district: Path, tmp_path: Path) -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path / "out"
    args = ["bulk", str(district), "-o", str(out), "--only", "pridor"]
    code, _, stderr = run_cli(*args)
    assert code == 0, stderr
    assert not list(out.rglob("*.pdf"))
    code, _, stderr = run_cli(*args, "--pdf")
    assert code == 0, stderr
    docx = sorted(p.stem for p in out.rglob("*.docx"))
    assert docx and sorted(p.stem for p in out.rglob("*.pdf")) == docx


def test_an_interrupted_run_then_an_undone_edit_is_made_again(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run, edit two schools, a rerun stopped after the first one's documents, undo the edit:
    the next run must not answer «nothing changed» from the first run's record, since documents
    of the edit are on the disk."""
    out = tmp_path / "out"
    only = ("sosh1", "licey2")
    options = BulkOptions(output_dir=out, jobs=1, render=Options(output_dir=out), only=only)
    run_district(district, options, only=only)
    made = {p: p.read_bytes() for p in out.rglob("*.docx")}

    original = district.read_bytes()
    book = openpyxl.load_workbook(district)
    for school in only:  # each school's first person (its director) gets another surname
        row = next(r for r in book["Люди"].iter_rows(min_row=2) if r[0].value == school)
        row[2].value = "Правкина"
    book.save(district)

    real = bulk._write
    written: list[str] = []

    def interrupted(target: Path, content: bytes) -> Status:
        if target.suffix == ".docx":
            if written and target.parent != Path(written[0]).parent:
                raise KeyboardInterrupt  # Ctrl+C as the second school begins
            written.append(str(target))
        return real(target, content)

    monkeypatch.setattr(bulk, "_write", interrupted)
    assert run_district(district, options, only=only).interrupted
    monkeypatch.setattr(bulk, "_write", real)
    # the first school's edit reached the disk before the stop, the second's did not
    first_school = Path(written[0]).parent
    changed = {p for p in made if p.read_bytes() != made[p]}
    assert changed and {p.parent for p in changed} == {first_school}

    district.write_bytes(original)  # undone: every file the first run read is as it was
    code, _, stderr = run_cli(
        "bulk", str(district), "-o", str(out), "--only", "sosh1", "--only", "licey2"
    )
    assert code == 0, stderr
    assert {p: p.read_bytes() for p in out.rglob("*.docx")} == made


def test_the_digest_keeps_its_parts_apart() -> None:
    """«ab»+«c» and «a»+«bc» are different inputs: each part is counted with its length."""
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("школа", "") != digest("", "школа")
