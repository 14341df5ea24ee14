"""Write data/examples/order_template.xlsx: a filled-in order an administrator can copy.

Why a script: the workbook is a binary file; the script is what reviewers read, and it makes
the same bytes on every run (fixed dates in the properties and in the zip entries), so the
example changes in git only when its content does. The layout is the one
:mod:`docgen.loading` reads (see its docstring).

    python tools/make_example_xlsx.py [output.xlsx]
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.loading._order_xlsx import CASES, PERSON_FORMS  # noqa: E402
from docgen.office.excel import stable_bytes  # noqa: E402
from docgen.office.files import atomic_write_bytes  # noqa: E402

OUTPUT = ROOT / "data" / "examples" / "order_template.xlsx"
STAMP = datetime(2023, 9, 1)  # the properties and zip entries carry this, not "now"

ORGANIZATION: list[tuple[str, object, str]] = [
    (
        "название",
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 5»",
        "полное название, как в уставе",
    ),
    ("краткое название", "МБОУ «Средняя общеобразовательная школа № 5»", ""),
    (
        "вышестоящий орган",
        "Управление образования администрации города Пензы",
        "строка над названием в шапке; можно не заполнять",
    ),
    ("подчинённость", "", "например: «администрации … округа»; можно не заполнять"),
    ("место", "г. Пенза", "место издания документа"),
    ("адрес", "440000, г. Пенза, ул. Лермонтова, д. 3", ""),
    ("телефон", "(8412) 56-12-34", ""),
    ("email", "school5@example.ru", ""),
]

DOCUMENT: list[tuple[str, object, str]] = [
    ("вид", "приказ", "приказ или распоряжение"),
    ("номер", "112-од", ""),
    ("дата", datetime(2023, 9, 1), "дата Excel или ДД.ММ.ГГГГ"),
    (
        "формат даты",
        "цифрами",
        "цифрами (01.09.2023), в кавычках («01» сентября 2023 г.) или словами (1 сентября 2023 г.)",
    ),
    (
        "заголовок",
        "О проведении школьного этапа всероссийской олимпиады школьников в 2023/2024 учебном году",
        "без «О» в конце и без точки",
    ),
    (
        "основание",
        "В соответствии с приказом Министерства просвещения Российской Федерации "
        "от 27.11.2020 № 678 «Об утверждении Порядка проведения всероссийской олимпиады "
        "школьников»",
        "можно не заполнять",
    ),
    (
        "цель",
        "в целях выявления и развития у обучающихся творческих способностей "
        "и интереса к научной деятельности",
        "можно не заполнять",
    ),
    ("команда", "обычная", "обычная (ПРИКАЗЫВАЮ:), вразрядку или нет"),
    ("контроль", "petrova", "ключ человека с листа «Люди», «за собой» или свой текст"),
    ("подписывает", "sokolov", "ключ человека с листа «Люди»"),
    ("исполнитель", "kuznetsova", "ключ человека; его телефон — с листа «Люди»"),
]

PEOPLE_HEADER = (
    "ключ",
    "фамилия",
    "имя",
    "отчество",
    "пол",
    "должность",
    "должность кратко",
    "телефон",
)
PEOPLE = [
    ("sokolov", "Соколов", "Андрей", "Викторович", "м", "директор", "", "(8412) 56-12-34"),
    (
        "petrova",
        "Петрова",
        "Елена",
        "Сергеевна",
        "ж",
        "заместитель директора по учебно-воспитательной работе",
        "заместитель директора по УВР",
        "(8412) 56-12-35",
    ),
    (
        "kuznetsova",
        "Кузнецова",
        "Ольга",
        "Ивановна",
        "ж",
        "учитель информатики",
        "",
        "(8412) 56-12-36",
    ),
]

POINTS: list[tuple[str, ...]] = [
    (
        "1",
        "Провести школьный этап всероссийской олимпиады школьников (далее — олимпиада) "
        "с 20 сентября по 25 октября 2023 года по графику согласно приложению.",
    ),
    (
        # no Jinja: the person, the case and the form in their columns; «___» is where
        "2",
        "Назначить ___, ответственной за организацию и проведение олимпиады.",
        "petrova",
        "винительный",
        "ФИО и должность",
    ),
    ("3", ":", "kuznetsova", "дательный", "должность и ФИО"),  # at the start of the point
    ("3.1", "обеспечить проведение олимпиады на платформе «Сириус.Курсы» по предметам:"),
    ("–", "математика;"),
    ("–", "информатика;"),
    ("–", "физика, химия, биология, астрономия;"),
    (
        "3.2",
        "разместить результаты олимпиады на официальном сайте школы в течение трёх "
        "рабочих дней после их получения.",
    ),
    (
        "4",
        "Классным руководителям 4–11 классов довести до обучающихся и их родителей "
        "(законных представителей) сроки проведения олимпиады.",
    ),
]

APPENDICES_HEADER = ("номер", "заголовок", "вид", "утверждает", "текст")
APPENDICES: list[tuple[object, ...]] = [
    (
        1,
        "График проведения школьного этапа всероссийской олимпиады школьников "
        "в 2023/2024 учебном году",
        "утвержден",
        "",
        "Математика — 20 сентября 2023 г.",
    ),
    ("", "", "", "", "Информатика — 27 сентября 2023 г."),
    ("", "", "", "", "Физика, химия, биология, астрономия — 4–25 октября 2023 г."),
]

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


def _header(sheet: Worksheet, names: tuple[str, ...]) -> None:
    sheet.append(list(names))
    for cell in sheet[1]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
    sheet.freeze_panes = "A2"


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP


def _pairs(sheet: Worksheet, rows: list[tuple[str, object, str]]) -> None:
    _header(sheet, ("поле", "значение", "пояснение (не читается)"))
    for name, value, note in rows:
        sheet.append([name, value if value != "" else None, note or None])
    _widths(sheet, [26, 70, 48])
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].font = Font(italic=True, color="808080")


def build() -> Workbook:
    """The example order of a school, sheet by sheet."""
    book = Workbook()
    organization = book.active
    organization.title = "Организация"
    _pairs(organization, ORGANIZATION)

    document = book.create_sheet("Документ")
    _pairs(document, DOCUMENT)
    for row in document.iter_rows(min_row=2, max_col=2):
        if row[0].value == "дата":
            row[1].number_format = "DD.MM.YYYY"
    kinds = DataValidation(type="list", formula1='"приказ,распоряжение"', allow_blank=True)
    document.add_data_validation(kinds)
    kinds.add("B2")

    people = book.create_sheet("Люди")
    _header(people, PEOPLE_HEADER)
    for person in PEOPLE:
        people.append([value or None for value in person])
    _widths(people, [14, 16, 12, 16, 6, 44, 32, 18])
    genders = DataValidation(type="list", formula1='"м,ж"', allow_blank=True)
    people.add_data_validation(genders)
    genders.add("E2:E200")

    points = book.create_sheet("Пункты")
    _header(points, ("номер", "текст", "человек", "падеж", "как"))
    for point in POINTS:
        points.append(list(point))
    for row in points.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "@"  # text: Excel must not turn 3.1 into a number or a date
    _widths(points, [9, 90, 14, 14, 18])
    for cells, formula in (
        ("C2:C500", "'Люди'!$A$2:$A$200"),
        ("D2:D500", '"' + ",".join(CASES.words) + '"'),
        ("E2:E500", '"' + ",".join(PERSON_FORMS.words) + '"'),
    ):
        rule = DataValidation(type="list", formula1=formula, allow_blank=True)
        points.add_data_validation(rule)
        rule.add(cells)

    appendices = book.create_sheet("Приложения")
    _header(appendices, APPENDICES_HEADER)
    for appendix in APPENDICES:
        appendices.append([value if value != "" else None for value in appendix])
    _widths(appendices, [9, 50, 12, 14, 60])

    book.properties.creator = "docgen"
    book.properties.created = STAMP
    return book


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT
    atomic_write_bytes(output, stable_bytes(build(), STAMP))
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
