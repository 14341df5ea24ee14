"""Order points with a deadline and a responsible as data: the words the point's text gets,
the assignments the control of execution reads, the same from YAML and from the workbook."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from docgen.errors import DataError
from docgen.options import Options
from docgen.rendering import render
from tests.conftest import EXAMPLES
from tests.docx_text import lines
from tests.journal.orders import order, write

DEPUTY = "заместитель директора по учебно-воспитательной работе Петров И.С."


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        (
            {
                "text": "Провести совет.",
                "deadline": {"until": "2024-03-25"},
                "responsible": "petrov",
            },
            f"1. Провести совет. Ответственный: {DEPUTY}; срок: до 25.03.2024.",
        ),
        (
            {"text": "Сдать отчёты;", "deadline": "ежемесячно до 5 числа"},
            "1. Сдать отчёты. Срок: ежемесячно до 5 числа;",
        ),
        (
            {"text": "Утвердить план", "responsible": ["ivanova", "классные руководители"]},
            "1. Утвердить план. Ответственные: директор Иванова М.П., классные руководители.",
        ),
        (
            {"text": "Сдать отчёт.", "deadline": {"annually": ["25 мая", "20 декабря"]}},
            "1. Сдать отчёт. Срок: ежегодно до 25 мая и 20 декабря.",
        ),
        (
            {"text": "Провести.", "deadline": {"month": "2024-04"}, "responsible": "petrov"},
            f"1. Провести. Ответственный: {DEPUTY}; срок: апрель 2024\u00a0г.",
        ),
    ],
)
def test_the_point_says_who_and_by_when(
    tmp_path: Path, point: dict[str, Any], expected: str
) -> None:
    path = write(tmp_path / "o.yaml", order("5", points=[point]))
    docx = render(path, Options(output_dir=tmp_path, lint=False)).docx
    assert expected.replace("\u00a0", " ") in [line.replace("\u00a0", " ") for line in lines(docx)]


def test_points_without_a_task_stay_as_they_were(tmp_path: Path) -> None:
    path = write(tmp_path / "o.yaml", order("5", points=["Провести совет.", {"text": "Второй."}]))
    docx = render(path, Options(output_dir=tmp_path, lint=False)).docx
    assert "1. Провести совет." in lines(docx)
    assert "2. Второй." in lines(docx)


def test_a_bad_deadline_is_named_at_its_key(tmp_path: Path) -> None:
    path = write(
        tmp_path / "o.yaml",
        order("5", points=[{"text": "А.", "deadline": {"until": "31.02.2024"}}]),
    )
    with pytest.raises(DataError) as error:
        render(path, Options(output_dir=tmp_path, lint=False))
    assert "document.points[0].deadline" in str(error.value)


def test_the_workbook_has_deadline_and_responsible_columns(tmp_path: Path) -> None:
    book_path = tmp_path / "order.xlsx"
    shutil.copy(EXAMPLES / "order_template.xlsx", book_path)
    book = openpyxl.load_workbook(book_path)
    points = book["Пункты"]
    deadline, responsible = points.max_column + 1, points.max_column + 2  # after the others
    points.cell(1, deadline, "срок")
    points.cell(1, responsible, "ответственный")
    points.cell(2, deadline, datetime(2023, 10, 25))
    points.cell(2, responsible, "petrova; учителя-предметники")
    points.cell(3, deadline, "ежегодно до 20 сентября")
    document = book["Документ"]
    for row in document.iter_rows(min_row=2):
        if row[0].value == "номер":
            row[1].value = "авто"
    book["Организация"].append(["шаблон номера приказа", "{n}-од"])
    book.save(book_path)
    docx = render(book_path, Options(output_dir=tmp_path / "out", lint=False)).docx
    assert docx.name == "Приказ_1-од_2023-09-01.docx"
    text = [line.replace("\u00a0", " ") for line in lines(docx)]
    first = next(line for line in text if line.startswith("1. "))
    assert first.endswith(
        "Ответственные: заместитель директора по УВР Петрова Е.С., учителя-предметники; "
        "срок: 25.10.2023."
    )
    second = next(line for line in text if line.startswith("2. "))
    assert second.endswith("Срок: ежегодно до 20 сентября.")
    assert (tmp_path / "журнал.sqlite").is_file()


def test_a_deadline_cell_error_names_sheet_and_cell(tmp_path: Path) -> None:
    book_path = tmp_path / "order.xlsx"
    shutil.copy(EXAMPLES / "order_template.xlsx", book_path)
    book = openpyxl.load_workbook(book_path)
    points = book["Пункты"]
    column = points.max_column + 1
    points.cell(1, column, "ответственный")
    cell = points.cell(2, column, "nobody_key{{")
    book.save(book_path)
    with pytest.raises(DataError) as error:
        render(book_path, Options(output_dir=tmp_path / "out", lint=False))
    assert f"«Пункты», ячейка {cell.coordinate}" in str(error.value)


def test_assignments_are_in_the_context(tmp_path: Path) -> None:
    from docgen.grammar import inflector_for
    from docgen.loading import load_located
    from docgen.orders.context import build_context

    path = write(
        tmp_path / "o.yaml",
        order(
            "5",
            points=[
                "Общий пункт.",
                {
                    "text": "Провести совет.",
                    "deadline": {"until": "2024-03-25"},
                    "responsible": "petrov",
                    "points": [{"text": "Подпункт.", "deadline": "в течение года"}],
                },
            ],
        ),
    )
    data, _ = load_located(path)
    context = build_context(data, inflector_for(()))  # type: ignore[arg-type]
    found = [
        (a.number, a.text, a.deadline, tuple(r.replace("\u00a0", " ") for r in a.responsible))
        for a in context["doc"]["assignments"]
    ]
    assert found == [
        ("2.", "Провести совет.", "до 25.03.2024", (DEPUTY,)),
        ("2.1.", "Подпункт.", "в течение года", ()),
    ]
    assert context["doc"]["assignments"][0].span.end == date(2024, 3, 25)
