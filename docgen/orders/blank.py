"""The empty order workbook (``docgen new-workbook --kind order``), laid out as docgen reads it.

A secretary fills it in Excel and never types Jinja: every choice is a drop-down (kind, date
format, command, QR, gender, the people's keys, the case and the form a point puts a person
in), every column has a note. The sheets and words are those of
:mod:`docgen.loading._order_xlsx`, taken from there, so the form cannot drift from the reader.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from openpyxl import Workbook

from docgen.loading._order_xlsx import CASES, PERSON_FORMS
from docgen.loading._sheets import ACT
from docgen.office import excel as _xlsx

STAMP = datetime(2024, 9, 1)
PEOPLE_KEYS = "'Люди'!$A$2:$A$200"  # the drop-down of a person: the keys on «Люди»

ORGANIZATION_ROWS: tuple[tuple[str, str], ...] = (
    ("название", "полное название, как в уставе"),
    ("краткое название", "МБОУ «СОШ № 5»"),
    ("вышестоящий орган", "строка над названием в шапке; можно не заполнять"),
    ("подчинённость", "например: «администрации … округа»; можно не заполнять"),
    ("место", "место издания документа: г. Пенза"),
    ("адрес", "можно не заполнять"),
    ("телефон", "можно не заполнять"),
    ("email", "можно не заполнять"),
    ("шаблон номера приказа", "для номера «авто»: {n}-од (n — следующий номер в журнале за год)"),
    ("шаблон номера распоряжения", "для номера «авто»: {n}-р"),
)
DOCUMENT_ROWS: tuple[tuple[str, str], ...] = (
    ("вид", "приказ или распоряжение"),
    ("номер", "номер по журналу регистрации: 112-од, или «авто» — следующий номер из журнала"),
    ("дата", "дата Excel или ДД.ММ.ГГГГ"),
    ("формат даты", "цифрами (01.09.2023), в кавычках («01» сентября 2023 г.) или словами"),
    ("заголовок", "«О проведении …», без точки в конце"),
    ("основание", "можно не заполнять: «В соответствии с …»"),
    ("цель", "можно не заполнять: «в целях …»"),
    ("команда", "обычная (ПРИКАЗЫВАЮ:), вразрядку или нет"),
    ("контроль", "ключ человека с листа «Люди», «за собой» или свой текст"),
    ("подписывает", "ключ человека с листа «Люди»"),
    ("исполнитель", "ключ человека; его телефон — с листа «Люди»"),
    ("qr", "да или нет: реквизит с QR-кодом"),
    (
        "лист ознакомления",
        "да (все, кого называет приказ, и лист «Ознакомление»), только по списку или нет",
    ),
)
# Each choice of «Документ»: its row (by field) and the words offered.
DOCUMENT_CHOICES: dict[str, tuple[str, ...]] = {
    "вид": tuple(ACT.words),
    "формат даты": ("цифрами", "в кавычках", "словами"),
    "команда": ("обычная", "вразрядку", "нет"),
    "qr": ("да", "нет"),
    "лист ознакомления": ("да", "только по списку", "нет"),
}
PEOPLE = ("ключ", "фамилия", "имя", "отчество", "пол", "должность", "должность кратко", "телефон")
PEOPLE_NOTES = (
    "латиницей без пробелов: petrova; по нему пункты и поля называют человека",
    None,
    "если полное имя неизвестно — столбец «инициалы» (И.Г.) вместо имени и отчества",
    None,
    "м или ж",
    "как в документах: «заместитель директора по учебно-воспитательной работе»",
    "можно не заполнять: «заместитель директора по УВР»",
    None,
)
POINTS = ("номер", "текст", "человек", "падеж", "как", "срок", "ответственный")
POINT_NOTES = (
    "1, 2, 3.1; «–» — пункт-тире",
    "текст пункта; «___» — место для человека (иначе человек — в начале пункта); "
    "после «ФИО и должность» в середине фразы поставьте запятую: «Назначить ___, ответственной»",
    "ключ человека с листа «Люди»: docgen сам поставит его в нужный падеж",
    "в каком падеже: им (кто?), рд (кого?), дт (кому?), вн (кого?), тв (кем?), пр (о ком?)",
    "ФИО, должность, должность и ФИО или ФИО и должность",
    "можно не заполнять: дата Excel (исполнить до неё) или текст: «ежемесячно до 5 числа»",
    "можно не заполнять: ключ человека с листа «Люди» или текст; несколько — через «;»",
)
VISAS = ("ключ", "должность", "дата", "замечания")
VISA_NOTES = (
    "ключ человека с листа «Люди»: он визирует приказ",
    "можно не заполнять: иначе — должность с листа «Люди»",
    "можно не заполнять: дата визы",
    "можно не заполнять",
)
ACQUAINTANCE = ("ключ",)
ACQUAINTANCE_NOTES = ("кого ознакомить с приказом, кроме названных в пунктах и контроле",)
APPENDICES = ("номер", "заголовок", "вид", "утверждает", "текст")
APPENDIX_NOTES = (
    "1, 2, …",
    None,
    "отметка, утвержден или утверждаю",
    "ключ человека (для «утверждаю»)",
    "строка, где заполнен только текст, — ещё один абзац приложения",
)


def new_order_workbook() -> Any:
    """An empty order workbook with the sheets, notes and drop-downs the reader expects."""
    book = Workbook()
    organization = book.active
    organization.title = "Организация"
    _pairs(organization, ORGANIZATION_ROWS)

    document = book.create_sheet("Документ")
    _pairs(document, DOCUMENT_ROWS)
    rows = {name: index for index, (name, _) in enumerate(DOCUMENT_ROWS, start=2)}
    for name, words in DOCUMENT_CHOICES.items():
        _xlsx.choices(document, f"B{rows[name]}", words)
    document[f"B{rows['номер']}"].number_format = "@"  # 01-од stays text
    for name in ("подписывает", "исполнитель"):
        _people_choice(document, f"B{rows[name]}")
    _people_choice(document, f"B{rows['контроль']}", strict=False)  # or «за собой», or a text

    people = book.create_sheet("Люди")
    _xlsx.header(people, PEOPLE, (14, 18, 14, 18, 6, 50, 30, 18), PEOPLE_NOTES)
    _xlsx.choices(people, "E2:E200", ("м", "ж"))

    points = book.create_sheet("Пункты")
    _xlsx.header(points, POINTS, (9, 90, 14, 14, 18, 22, 22), POINT_NOTES)
    points.column_dimensions["A"].number_format = "@"  # 3.1 stays text, not a date
    _people_choice(points, "C2:C500")
    _xlsx.choices(points, "D2:D500", tuple(CASES.words), "падеж человека в этом пункте")
    _xlsx.choices(points, "E2:E500", tuple(PERSON_FORMS.words))
    _people_choice(points, "G2:G500", strict=False)  # or a text, or several by «;»

    appendices = book.create_sheet("Приложения")
    _xlsx.header(appendices, APPENDICES, (9, 60, 14, 14, 80), APPENDIX_NOTES)
    _xlsx.choices(appendices, "C2:C100", ("отметка", "утвержден", "утверждаю"))
    _people_choice(appendices, "D2:D100")

    visas = book.create_sheet("Согласование")
    _xlsx.header(visas, VISAS, (14, 50, 14, 40), VISA_NOTES)
    _people_choice(visas, "A2:A50")
    acquaintance = book.create_sheet("Ознакомление")
    _xlsx.header(acquaintance, ACQUAINTANCE, (14,), ACQUAINTANCE_NOTES)
    _people_choice(acquaintance, "A2:A200")
    return book


def new_order_bytes() -> bytes:
    """The empty order workbook's bytes (the same on every run)."""
    return _xlsx.stable_bytes(new_order_workbook(), STAMP)


def _pairs(sheet: Any, rows: tuple[tuple[str, str], ...]) -> None:
    """A «поле | значение» sheet: the fields in A, empty values in B, notes in C."""
    _xlsx.header(sheet, ("поле", "значение", "пояснение (не читается)"), (24, 70, 70))
    for name, note in rows:
        sheet.append([name, None, note])
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].font = _xlsx.NOTE
    _xlsx.wrap_rows(sheet)


def _people_choice(sheet: Any, cells: str, *, strict: bool = True) -> None:
    """A drop-down of the keys on «Люди» (a range, so it follows what the user adds there)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    rule = DataValidation(
        type="list",
        formula1=PEOPLE_KEYS,
        allow_blank=True,
        showErrorMessage=strict,
        errorTitle="Нет такого человека",
        error="Выберите ключ человека с листа «Люди»",
    )
    sheet.add_data_validation(rule)
    rule.add(cells)
