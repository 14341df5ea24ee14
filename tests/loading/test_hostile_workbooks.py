"""Workbooks that are large or odd: a sheet past the row limit, formulas Excel never
calculated, merged cells where a value is wanted."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from docgen.errors import DataError, InvalidDataError
from docgen.loading import load_order
from docgen.loading._sheets import MAX_ROWS
from tests.conftest import write_workbook

ORG = [["название", "МБОУ «СОШ № 5»"]]
DOC = [
    ["вид", "приказ"],
    ["номер", "15"],
    ["дата", "01.09.2023"],
    ["заголовок", "О пункте"],
    ["подписывает", "sokolov"],
]
PEOPLE = [["ключ", "фамилия", "имя", "пол"], ["sokolov", "Соколов", "Андрей", "м"]]
POINTS = [["номер", "текст"], ["1", "Сделать."], ["2", "Проверить."]]


def order(tmp_path: Path, **sheets: list[list[Any]]) -> Path:
    base = {"Организация": ORG, "Документ": DOC, "Люди": PEOPLE, "Пункты": POINTS}
    return write_workbook(tmp_path / "order.xlsx", {**base, **sheets})


def problems(path: Path) -> list[tuple[str | None, str | None, str]]:
    with pytest.raises(InvalidDataError) as info:
        load_order(path)
    return [(p.location.sheet, p.location.cell, p.message) for p in info.value.problems]


def test_a_sheet_past_the_row_limit_stops_before_it_is_read(tmp_path: Path) -> None:
    path = order(tmp_path)
    book = openpyxl.load_workbook(path)
    book["Пункты"].cell(row=1_000_000, column=2, value="конец")
    book.save(path)
    start = time.perf_counter()
    with pytest.raises(DataError) as info:
        load_order(path)
    assert time.perf_counter() - start < 5
    where, message = info.value.location, info.value.message
    assert (where.file, where.sheet) == (str(path), "Пункты")
    assert "1000000 строк" in message and f"не больше {MAX_ROWS} строк" in message
    assert "удалите лишние строки" in message


def test_rows_are_counted_when_the_sheet_does_not_say_its_size(tmp_path: Path) -> None:
    rows = [["номер", "текст"], *([str(n), "Текст."] for n in range(1, MAX_ROWS + 2))]
    path = order(tmp_path, Пункты=rows)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    for name, data in parts.items():  # a writer that leaves out <dimension>
        if name.startswith("xl/worksheets/"):
            parts[name] = data.replace(b'<dimension ref="A1:B20002"/>', b"")
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    with pytest.raises(DataError) as info:
        load_order(path)
    assert info.value.location.sheet == "Пункты"
    assert f"не больше {MAX_ROWS} строк" in info.value.message


def test_a_formula_excel_never_calculated_is_named_as_such(tmp_path: Path) -> None:
    doc = [row if row[0] != "номер" else ["номер", '=A1&"-1"'] for row in DOC]
    found = problems(order(tmp_path, Документ=doc))
    formula = [p for p in found if p[:2] == ("Документ", "B2")]
    assert len(formula) == 1
    message = formula[0][2]
    assert "формула" in message and "Excel не вычислил" in message
    assert "откройте файл в Excel и сохраните его" in message
    assert "обязательное поле не заполнено" not in message


def test_a_formula_in_a_table_is_named_at_its_cell(tmp_path: Path) -> None:
    found = problems(order(tmp_path, Пункты=[["номер", "текст"], ["1", "=1+1"]]))
    assert [p[:2] for p in found] == [("Пункты", "B2")]
    assert "Excel не вычислил" in found[0][2]


def test_a_calculated_formula_is_read_as_its_value(tmp_path: Path) -> None:
    path = order(tmp_path)
    text = '<c r="B2" t="str"><f>"15"</f><v>15</v></c>'
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    for name, data in parts.items():
        if b"<v>15</v>" not in data and name.endswith("sheet2.xml"):
            parts[name] = data.replace(
                b'<c r="B2" t="inlineStr"><is><t>15</t></is></c>', text.encode()
            )
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    assert load_order(path).document.number == "15"


def test_a_merged_cell_is_named_as_merged(tmp_path: Path) -> None:
    path = order(tmp_path, Пункты=[["номер", "текст"], ["1", "Сделать."], ["2", None]])
    book = openpyxl.load_workbook(path)
    book["Пункты"].merge_cells("B2:B3")
    book.save(path)
    found = problems(path)
    assert [p[:2] for p in found] == [("Пункты", "B3")]
    assert "объединённые ячейки B2:B3" in found[0][2]
    assert "только в B2" in found[0][2] and "разъедините ячейки" in found[0][2]


@pytest.mark.parametrize(
    ("example", "sheet"), [("monitoring.xlsx", "Значения"), ("district.xlsx", "Люди")]
)
def test_every_workbook_has_the_row_limit(tmp_path: Path, example: str, sheet: str) -> None:
    from docgen.district.workbook import read
    from docgen.reports.monitoring import load_monitoring

    path = tmp_path / example
    book = openpyxl.load_workbook(Path(__file__).parents[2] / "data" / "examples" / example)
    book[sheet].cell(row=MAX_ROWS + 1, column=1, value="конец")
    book.save(path)
    with pytest.raises(DataError) as info:
        (load_monitoring if example == "monitoring.xlsx" else read)(path)
    assert (info.value.location.file, info.value.location.sheet) == (str(path), sheet)
    assert f"{MAX_ROWS + 1} строк" in info.value.message
