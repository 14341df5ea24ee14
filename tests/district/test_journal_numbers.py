"""Bulk numbers each school's order from the registration journal: «авто» in the workbook."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from docgen.journal import Journal
from tests.conftest import run_cli
from tests.docx_text import text


def _auto(workbook: Path, pattern: str | None = "{n}-од") -> None:
    """Every school's order numbered «авто»; the schools' own numbers cleared."""
    book = openpyxl.load_workbook(workbook)
    for row in book["Район"].iter_rows(min_row=2):
        if row[0].value == "номер приказа":
            row[1].value = "авто"
    if pattern is not None:
        book["Район"].append(["шаблон номера приказа", pattern])
    schools = book["Школы"]
    column = [c.value for c in schools[1]].index("номер приказа")
    for row in schools.iter_rows(min_row=2):
        row[column].value = None
    book.save(workbook)


def test_each_school_numbers_from_its_own_sequence(district: Path, tmp_path: Path) -> None:
    _auto(district)
    out = tmp_path / "out"
    args = ("bulk", str(district), "-o", str(out), "--jobs", "1", "--only", "sosh1,gimn")
    code, _, err = run_cli(*args)
    assert code == 0, err
    order = out / "МАОУ_СОШ_1_с_Тамбовка" / "Приказ_1-од_2024-09-02.docx"
    assert order.is_file()
    assert "№ 1-од" in text(order)
    journal = Journal(district.parent / "журнал.sqlite")
    entries = journal.entries()
    assert sorted((e.source, e.number) for e in entries) == [
        ("district.xlsx#gimn", "1-од"),
        ("district.xlsx#sosh1", "1-од"),
    ]
    assert len({e.organization for e in entries}) == 2
    # a rerun with changed data keeps the numbers; a forced one too
    assert run_cli(*args, "--force")[0] == 0
    assert [e.number for e in journal.entries()] == ["1-од", "1-од"]
    assert [e.seq for e in journal.entries()] == [1, 1]


def test_a_voided_number_gives_the_school_a_new_one(district: Path, tmp_path: Path) -> None:
    _auto(district, pattern=None)
    out = tmp_path / "out"
    args = ("bulk", str(district), "-o", str(out), "--jobs", "1", "--only", "sosh1")
    assert run_cli(*args)[0] == 0
    journal = str(district.parent / "журнал.sqlite")
    assert run_cli("journal", "void", "1", "--journal", journal)[0] == 0
    code, _, err = run_cli(*args, "--force")
    assert code == 0, err
    assert (out / "МАОУ_СОШ_1_с_Тамбовка" / "Приказ_2_2024-09-02.docx").is_file()
    assert [(e.number, e.voided is not None) for e in Journal(Path(journal)).entries()] == [
        ("1", True),
        ("2", False),
    ]
