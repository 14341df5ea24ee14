"""The lean XLSX writer: what openpyxl (and so Excel's format) reads back, and stable bytes."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

import openpyxl

from docgen.office.xlsx import Book, Format, Highlight, column_letter

WHEN = datetime(2024, 5, 31, 9, 0)


def _book() -> Book:
    book = Book(title="Сводка")
    sheet = book.sheet("Показатель 1: доля / охват")  # characters Excel refuses are replaced
    sheet.set(1, 1, "Показатель 1. Доля «Билет в будущее» & <прочее>", Format(bold=True, size=12))
    sheet.merge("A1:C1")
    sheet.heights[1] = 32
    head = Format(bold=True, fill="D9D9D9", border="808080", wrap=True, horizontal="center")
    for column, name in enumerate(("Школа", "Значение", "Цель"), start=1):
        sheet.set(2, column, name, head)
    sheet.set(3, 1, "МБОУ «СОШ № 1»")
    sheet.set(3, 2, 83.0, Format(number_format="0.0"))
    sheet.set(3, 3, 80)
    sheet.set(4, 1, "МБОУ «ООШ № 4»")
    sheet.set(4, 2, "не применяется", Format(italic=True, colour="808080"))
    sheet.set(4, 3, Decimal("80"))
    sheet.widths[1] = 40
    sheet.frozen = "B3"
    sheet.highlights.append(Highlight("B3:B4", "AND(ISNUMBER(B3),B3<C3)", "F4CCCC", "9C0006"))
    book.sheet("Мероприятия").set(1, 1, "Ответственный")
    return book


def test_what_is_written_reads_back() -> None:
    data = _book().to_bytes(WHEN)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Показатель 1_ доля _ охват", "Мероприятия"]
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "Показатель 1. Доля «Билет в будущее» & <прочее>"
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 12
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:C1"]
    assert sheet.row_dimensions[1].height == 32
    assert sheet["B2"].fill.fgColor.rgb == "FFD9D9D9" and sheet["B2"].border.left.style == "thin"
    assert sheet["B2"].alignment.horizontal == "center" and sheet["B2"].alignment.wrap_text
    assert sheet["B3"].value == 83 and sheet["B3"].number_format == "0.0"
    assert sheet["C4"].value == 80 and isinstance(sheet["C4"].value, int)
    assert sheet["B4"].font.i and sheet["B4"].font.color.rgb == "FF808080"
    assert sheet.column_dimensions["A"].width == 40
    assert sheet.freeze_panes == "B3"
    rules = [rule for cf in sheet.conditional_formatting for rule in cf.rules]
    assert [rule.formula for rule in rules] == [["AND(ISNUMBER(B3),B3<C3)"]]
    assert rules[0].dxf.fill.bgColor.rgb == "FFF4CCCC"
    assert book.properties.title == "Сводка" and book.properties.creator == "docgen"
    assert book.properties.created == WHEN


def test_the_same_book_gives_the_same_bytes() -> None:
    assert _book().to_bytes(WHEN) == _book().to_bytes(WHEN)
    assert _book().to_bytes(WHEN) != _book().to_bytes(datetime(2024, 6, 1))


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
