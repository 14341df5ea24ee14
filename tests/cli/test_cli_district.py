"""``docgen report``, ``new-workbook`` and ``bulk`` through click's CliRunner, on the examples.

As the README says: exit code 0, the files written (the report and its Excel summary; the empty
district workbook; each school's folder with its documents, ``Сводка.xlsx`` and the manifest);
exit code 1 for bad input, with messages naming the file, the sheet and the cell; a school with
bad data fails alone.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import EXAMPLES, edit_cell, run_cli


def files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def monitoring(tmp_path: Path) -> Path:
    """A copy of the example monitoring workbook beside the plan it names."""
    for name in ("monitoring.xlsx", "monitoring_plan.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path)
    return tmp_path / "monitoring.xlsx"


@pytest.fixture
def district(with_reports: Path) -> Path:
    """The example district with its monitoring: every command's documents, reports too."""
    return with_reports


# ---------------------------------------------------------------------------------- report


def test_report_writes_the_report_and_its_summary(monitoring: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("report", str(monitoring), "-o", str(out))
    assert code == 0, stderr
    assert files(out) == ["Аналитическая_справка_2023-2024.docx", "Сводка_2023-2024.xlsx"]
    assert sorted(Path(line).name for line in stdout.splitlines()) == files(out)
    # the example's warning names its sheet and cell
    assert "лист «Мероприятия», ячейка D14: срок «По отдельному графику»" in stderr
    assert "Сводка" in openpyxl.load_workbook(out / "Сводка_2023-2024.xlsx").sheetnames


def test_report_for_one_school(monitoring: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, stderr = run_cli("report", str(monitoring), "-o", str(out), "--school", "sosh2")
    assert code == 0, stderr
    assert files(out) == [
        "Аналитическая_справка_МБОУ-СОШ-2-им.-И.А.-Петрова_2023-2024.docx",
        "Сводка_МБОУ-СОШ-2-им.-И.А.-Петрова_2023-2024.xlsx",
    ]


def test_report_unknown_school_lists_the_schools_and_writes_nothing(
    monitoring: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("report", str(monitoring), "-o", str(out), "--school", "nope")
    assert code == 1 and stdout == ""
    assert f"ошибка: {monitoring}: лист «Школы»: нет школы «nope»" in stderr
    assert "sosh2 (МБОУ «СОШ № 2 им. И.А. Петрова»)" in stderr
    assert not out.exists()


def test_report_bad_value_names_sheet_and_cell(monitoring: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(monitoring)
    sheet = book["Значения"]
    assert sheet["D1"].value == "bilet"
    sheet["D2"] = "много"
    book.save(monitoring)
    out = tmp_path / "out"
    code, _, stderr = run_cli("report", str(monitoring), "-o", str(out))
    assert code == 1
    errors = [line for line in stderr.splitlines() if line.startswith("ошибка:")]
    assert errors and all("лист «Значения», ячейка D2" in line for line in errors), errors
    assert "«много»" in errors[0]
    assert not out.exists()


def test_report_missing_workbook_and_usage(tmp_path: Path) -> None:
    code, _, stderr = run_cli("report", str(tmp_path / "none.xlsx"))
    assert code == 1 and f"ошибка: {tmp_path / 'none.xlsx'}: файл не найден" in stderr
    code, _, _ = run_cli("report")
    assert code == 2


# ---------------------------------------------------------------------------- new-workbook


def test_new_workbook_writes_the_sheets_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "district.xlsx"
    code, _, stderr = run_cli("new-workbook", str(target))
    assert code == 0, stderr
    sheets = openpyxl.load_workbook(target).sheetnames
    assert {"Район", "Школы", "Люди", "Документы", "Изменения"} <= set(sheets)
    before = target.read_bytes()

    code, _, stderr = run_cli("new-workbook", str(target))
    assert code == 1
    assert f"ошибка: {target}: файл уже есть; чтобы перезаписать, добавьте --force" in stderr
    assert target.read_bytes() == before

    edit_cell(target, "Школы", "A2", "sosh1")
    code, _, _ = run_cli("new-workbook", str(target), "--force")
    assert code == 0
    assert openpyxl.load_workbook(target)["Школы"]["A2"].value is None


def test_new_workbook_with_the_plans_roles(tmp_path: Path) -> None:
    target = tmp_path / "district.xlsx"
    plan = EXAMPLES / "municipal_plan_tambov.yaml"
    code, _, stderr = run_cli("new-workbook", str(target), "--plan", str(plan))
    assert code == 0, stderr
    book = openpyxl.load_workbook(target)
    lists = " ".join(
        str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
    )
    lists += " ".join(
        str(v.formula1) for s in book.worksheets for v in s.data_validations.dataValidation
    )
    assert "Руководители ОО" in lists  # a role of the plan's «responsible» column


def test_new_workbook_missing_plan(tmp_path: Path) -> None:
    target = tmp_path / "district.xlsx"
    code, _, stderr = run_cli("new-workbook", str(target), "--plan", str(tmp_path / "no.yaml"))
    assert code == 1
    assert f"ошибка: {tmp_path / 'no.yaml'}: файл не найден" in stderr
    assert not target.exists()
    code, _, _ = run_cli("new-workbook")
    assert code == 2


# ------------------------------------------------------------------------------------ bulk


def test_bulk_writes_each_schools_folder_the_summary_and_the_manifest(
    district: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(
        "bulk", str(district), "-o", str(out), "--only", "sosh1", "--only", "licey2"
    )
    assert code == 0, stderr
    assert files(out) == [
        ".docgen-lock",  # the folder's lock: two runs never write into one folder at once
        ".docgen-manifest.json",
        ".docgen-overdue.json",  # each school's late tasks: a rerun reads only what changed
        ".docgen-sheets.jsonl",  # the workbook's sheets as read: a rerun parses changed ones
        ".docgen-templates.json",  # the templates as prepared: a rerun opens none of them
        "МАОУ_Лицей_2/Аналитическая_справка.docx",
        "МАОУ_Лицей_2/Дорожная_карта_2024-2025.docx",
        "МАОУ_Лицей_2/Приказ_58-од_2024-09-02.docx",
        "МАОУ_СОШ_1_с_Тамбовка/Аналитическая_справка.docx",
        "МАОУ_СОШ_1_с_Тамбовка/Дорожная_карта_2024-2025.docx",
        "МАОУ_СОШ_1_с_Тамбовка/Приказ_1-од_2024-09-02.docx",
        "Сводка.xlsx",
    ]
    assert "создан: 6" in stdout and "с ошибками (школ): 0" in stdout
    times = {p: p.stat().st_mtime_ns for p in out.rglob("*.docx")}

    code, stdout, _ = run_cli(
        "bulk", str(district), "-o", str(out), "--only", "sosh1", "--only", "licey2"
    )
    assert code == 0
    assert "без изменений: 6" in stdout and "создан: 0" in stdout
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.docx")} == times


def test_bulk_a_schools_bad_cell_fails_that_school_only(district: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(district)
    people = book["Люди"]
    assert people["A2"].value == "sosh1" and people["F1"].value == "пол"
    people["F2"] = "x"
    book.save(district)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(
        "bulk", str(district), "-o", str(out), "--only", "sosh1", "--only", "licey2"
    )
    assert code == 1
    assert f"ошибка: sosh1: {district}: лист «Люди», ячейка F2: " in stderr
    assert "неизвестный род «x»" in stderr
    assert "с ошибками (школ): 1" in stdout
    made = files(out)
    assert "МАОУ_Лицей_2/Приказ_58-од_2024-09-02.docx" in made
    assert not any(name.startswith("МАОУ_СОШ_1") for name in made)


def test_bulk_a_bad_gender_is_reported_at_its_own_cell_only(district: Path, tmp_path: Path) -> None:
    edit_cell(district, "Люди", "F2", "x")
    code, _, stderr = run_cli("bulk", str(district), "-o", str(tmp_path / "out"), "--only", "sosh1")
    assert code == 1
    errors = [line for line in stderr.splitlines() if line.startswith("ошибка:")]
    assert errors and all("ячейка F2" in line for line in errors), errors


def test_bulk_bad_input_and_usage(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, stderr = run_cli("bulk", str(tmp_path / "none.xlsx"), "-o", str(out))
    assert code == 1 and f"ошибка: {tmp_path / 'none.xlsx'}: файл не найден" in stderr
    code, stdout, stderr = run_cli("bulk", str(district), "-o", str(out), "--only", "lycee")
    assert code == 1 and "нет таких школ: lycee" in stdout + stderr
    assert not out.exists() or not list(out.rglob("*.docx"))
    code, _, _ = run_cli("bulk")
    assert code == 2
    code, _, _ = run_cli("bulk", str(district), "--jobs", "many")
    assert code == 2
