"""The empty district workbook a district sends to its schools, laid out as docgen reads it.

Headers with notes, drop-down lists for the choices (school type, gender, roles, yes/no,
actions), frozen header rows, the «Район» sheet listing its fields: whoever fills it in meets
the layout of :mod:`docgen.district.workbook` without reading its documentation.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from openpyxl import Workbook

from docgen.district.workbook import ACTIONS, DIRECTOR, EXECUTOR, TYPES
from docgen.office import excel as _xlsx

STAMP = datetime(2024, 9, 1)

DISTRICT_ROWS: tuple[tuple[str, str], ...] = (
    (
        "название органа",
        "орган управления образованием: «Отдел образования администрации … района»",
    ),
    ("период", "на какой период планы: «2024-2025 учебный год»"),
    ("план", "файл муниципального плана рядом с этой книгой: municipal_plan.yaml"),
    ("мониторинг", "можно не заполнять: книга мониторинга для аналитических справок школ"),
    ("дата приказа", "дата приказов школ об утверждении дорожных карт"),
    ("номер приказа", "номер по умолчанию; {n} — порядковый номер школы: «{n}-од»"),
    (
        "заголовок приказа",
        "можно не заполнять: «Об утверждении плана мероприятий (дорожной карты) на …»",
    ),
    ("основание", "можно не заполнять: «В соответствии с …»"),
    ("цель", "можно не заполнять: «в целях …»"),
    (
        "лист ознакомления",
        "можно не заполнять: «да» — после приказа школы лист ознакомления с её людьми",
    ),
    (
        "лист согласования",
        "можно не заполнять: роли через «;» — кто визирует приказ школы: «исполнитель»",
    ),
)
SCHOOLS = (
    "ключ",
    "полное название",
    "краткое название",
    "тип",
    "адрес",
    "телефон",
    "email",
    "номер приказа",
)
SCHOOL_NOTES = (
    "латиница, цифры, «_» или «-»: имя школы на других листах и в docgen bulk --only",
    "как в уставе: «Муниципальное бюджетное общеобразовательное учреждение …»",
    "МБОУ «СОШ № 5»: заголовки и имя папки школы",
    None,
    None,
    None,
    None,
    "можно не заполнять: тогда номер из листа «Район»",
)
PEOPLE = ("школа", "роль", "фамилия", "имя", "отчество", "пол", "должность", "телефон")
PEOPLE_NOTES = (
    "ключ школы с листа «Школы»",
    f"как в столбце «Ответственные» плана, или «{DIRECTOR}» (подписывает приказ), "
    f"«{EXECUTOR}» (ответственный за план); несколько — через «;»",
    "для группы людей («кл. руководители») оставьте пустой и напишите их в «должности»",
    None,
    None,
    "м или ж",
    "как пишется в документах: «заместитель директора по ВР»",
    None,
)
DOCUMENTS = ("школа", "дорожная карта", "приказ", "справка")
CHANGES = ("школа", "действие", "номер", "значение", "сроки", "ответственные", "показатель")
CHANGE_NOTES = (
    "ключ школы",
    "исключить, срок, ответственные, добавить после, добавить в раздел",
    "номер мероприятия или раздела, как в муниципальном плане",
    "новый срок, новые ответственные или название своего мероприятия",
    "для нового мероприятия",
    "для нового мероприятия",
    "для нового мероприятия",
)
POINTS = ("номер", "текст")


def new_district_workbook(roles: Sequence[str] = ()) -> Any:
    """An empty district workbook; ``roles`` are the plan's roles offered in the drop-down."""
    book = Workbook()
    district = book.active
    district.title = "Район"
    _xlsx.header(district, ("поле", "значение", "пояснение (не читается)"), (24, 60, 70))
    for name, note in DISTRICT_ROWS:
        district.append([name, None, note])
    for row in district.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].font = _xlsx.NOTE
    _xlsx.wrap_rows(district)

    schools = book.create_sheet("Школы")
    _xlsx.header(schools, SCHOOLS, (12, 60, 28, 14, 40, 18, 24, 14), SCHOOL_NOTES)
    _xlsx.choices(schools, "D2:D1000", TYPES)
    for column in ("A", "H"):  # keys and numbers stay text: "01", "12-од"
        schools.column_dimensions[column].number_format = "@"

    people = book.create_sheet("Люди")
    _xlsx.header(people, PEOPLE, (12, 30, 16, 14, 18, 6, 40, 18), PEOPLE_NOTES)
    _xlsx.choices(people, "F2:F5000", ("м", "ж"))
    role_list = [DIRECTOR, EXECUTOR, *roles]
    if sum(len(r) + 1 for r in role_list) < 250:  # Excel's limit for a list typed in a rule
        _xlsx.choices(
            people,
            "B2:B5000",
            role_list,
            "роль из плана; несколько ролей впишите через «;»",
            strict=False,
        )

    documents = book.create_sheet("Документы")
    _xlsx.header(
        documents,
        DOCUMENTS,
        (12, 16, 10, 10),
        (
            "ключ школы; без строки — все документы",
            "да или нет",
            "да или нет",
            "да или нет; справка делается, если в «Районе» указан мониторинг",
        ),
    )
    _xlsx.choices(documents, "B2:D1000", ("да", "нет"))

    changes = book.create_sheet("Изменения")
    _xlsx.header(changes, CHANGES, (12, 20, 10, 60, 20, 30, 40), CHANGE_NOTES)
    _xlsx.choices(changes, "B2:B5000", tuple(names[0] for names in ACTIONS.values()))
    changes.column_dimensions["C"].number_format = "@"  # 3.1 stays text, not a number or date

    points = book.create_sheet("Пункты приказа")
    _xlsx.header(
        points,
        POINTS,
        (9, 100),
        (
            None,
            "пункты приказа вместо пунктов по умолчанию; people.director, "
            "people.executor — директор и исполнитель",
        ),
    )
    return book


def new_district_bytes(roles: Sequence[str] = ()) -> bytes:
    """The empty workbook's bytes (the same on every run)."""
    return _xlsx.stable_bytes(new_district_workbook(roles), STAMP)
