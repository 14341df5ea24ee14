"""Helpers that several test files share: workbooks from rows, the CLI, the example tools.

They are plain functions (import them: ``from tests.conftest import write_workbook``), so a
test reads as what it does; pytest also loads this file first, as every conftest.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "data" / "examples"


def write_workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook with the given sheets, rows written from A1 down."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def edit_cell(workbook: Path, sheet: str, cell: str, value: Any) -> None:
    """Change one cell of a saved workbook, as a user would in Excel."""
    book = openpyxl.load_workbook(workbook)
    book[sheet][cell] = value
    book.save(workbook)


def run_cli(*args: str, input: str | None = None) -> tuple[int, str, str]:
    """``docgen ARGS`` through click's CliRunner: exit code, standard output, standard error."""
    from docgen.cli import main

    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def run_tool(name: str, *args: str) -> int:
    """Run ``tools/NAME.py`` as its command line would (``main(argv)``), in this process."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    code: int = module.main([f"{name}.py", *args])
    return code


@pytest.fixture
def with_reports(tmp_path: Path) -> Path:
    """A copy of the example district workbook beside its plan and its monitoring."""
    folder = tmp_path / "district"
    folder.mkdir()
    for name in (
        "district.xlsx",
        "municipal_plan_tambov.yaml",
        "district_monitoring.xlsx",
        "monitoring_plan.yaml",
    ):
        shutil.copy(EXAMPLES / name, folder)
    return folder / "district.xlsx"


@pytest.fixture
def district(with_reports: Path) -> Path:
    """The same without the monitoring: roadmaps and orders only (reports take seconds)."""
    book = openpyxl.load_workbook(with_reports)
    for row in book["Район"].iter_rows(min_row=2):
        if row[0].value == "мониторинг":
            row[1].value = None
    book.save(with_reports)
    return with_reports


def summaries_made(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The district summaries a bulk run writes from now on, in order (each its target)."""
    from docgen.district import bulk

    made: list[Path] = []
    make = bulk._make_summary

    def counted(target: Path, *args: object) -> None:
        made.append(target)
        make(target, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(bulk, "_make_summary", counted)
    return made
