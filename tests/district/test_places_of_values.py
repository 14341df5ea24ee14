"""A bad value in any column of any sheet of the district workbook is reported at its own cell.

A deadline of an added activity on «Изменения» used to be reported at column D («значение»)
while it is in column E («сроки»), a number the plan lacks at the new deadline's cell instead
of the number's, a missing first name at the surname, a missing school name and the order's
own points at no cell at all, a missing director at the sheet only. Each row of the table
plants one bad value in the example district (school «lazar»: row 7 of «Школы», rows 32-37 of
«Люди», its director in row 32) and runs ``docgen bulk --check``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import run_cli

#: A change of «lazar» appended to «Изменения» lands in row 9.
CHANGE = "Изменения"
ADDED = 9


def change(
    action: str,
    number: Any = "1.2",
    value: Any = None,
    deadline: Any = None,
    responsible: Any = None,
    indicator: Any = None,
    school: Any = "lazar",
) -> tuple[str, dict[str, Any]]:
    """A row of «Изменения»: школа | действие | номер | значение | сроки | ответственные |
    показатель."""
    values = (school, action, number, value, deadline, responsible, indicator)
    return CHANGE, {f"{column}{ADDED}": v for column, v in zip("ABCDEFG", values, strict=True)}


CASES: list[tuple[str, tuple[str, dict[str, Any]], str, str]] = [
    # «Район» (поле | значение)
    ("date", ("Район", {"B6": "вчера"}), "Район», ячейка B6", "нераспознанная дата «вчера»"),
    ("purpose", ("Район", {"B10": "в целях {{ x"}), "Район», ячейка B10", "ошибка в шаблоне"),
    # «Школы»
    ("key", ("Школы", {"A7": "la zar"}), "Школы», ячейка A7", "ключ «la zar»: допустимы"),
    ("school name", ("Школы", {"B7": None}), "Школы», ячейка B7", "обязательное поле"),
    ("school type", ("Школы", {"D7": "колледж"}), "Школы», ячейка D7", "тип школы «колледж»"),
    # «Люди»
    ("people school", ("Люди", {"A32": "nope"}), "Люди», ячейка A32", "нет школы «nope»"),
    ("surname", ("Люди", {"C32": None, "G32": None}), "Люди», ячейка C32", "укажите фамилию"),
    ("no director", ("Люди", {"B32": "Руководители ОО"}), "Люди», ячейка B32", "«директор»"),
    ("no executor", ("Люди", {"B33": None}), "Люди», ячейка B33", "«исполнитель»"),
    ("first name", ("Люди", {"D32": None}), "Люди», ячейка D32", "укажите имя"),
    ("gender", ("Люди", {"F32": "x"}), "Люди», ячейка F32", "неизвестный род «x»"),
    ("executor phone", ("Люди", {"H33": None}), "Люди», ячейка H33", "у исполнителя нет телефона"),
    # «Документы»
    *(
        (
            f"documents {column}",
            ("Документы", {"A2": "lazar", f"{column}2": "может"}),
            f"Документы», ячейка {column}2",
            "«может»: ожидается да или нет",
        )
        for column in "BCD"
    ),
    # «Изменения»: every column
    ("change school", change("срок", value="до 01.05.2025", school="nope"), "A9", "нет школы"),
    ("action", change("переименовать", value="x"), "B9", "неизвестное действие"),
    ("no number", change("исключить", number=None), "C9", "не указан номер"),
    ("drop unknown", change("исключить", number="9.9"), "C9", "нет мероприятия или раздела"),
    ("deadline unknown", change("срок", "9.9", "до 01.05.2025"), "C9", "нет мероприятия"),
    ("responsible unknown", change("ответственные", "9.9", "кто"), "C9", "нет мероприятия"),
    ("after unknown", change("добавить после", "9.9", "Новое", "май 2025"), "C9", "нет меропр"),
    ("into unknown", change("добавить в раздел", "9.9", "Новое", "май 2025"), "C9", "нет меропр"),
    ("no value", change("срок"), "D9", "не заполнено «значение»"),
    ("no title", change("добавить после", deadline="май 2025"), "D9", "не заполнено «значение»"),
    ("new deadline", change("срок", value="до 01.05.2023"), "D9", "кончается раньше"),
    ("added deadline", change("добавить после", "1.2", "Новое", "до 01.05.2023"), "E9", "раньше"),
    ("added no deadline", change("добавить после", "1.2", "Новое"), "E9", "не указан срок"),
    ("deadline in E", change("срок", deadline="до 01.05.2023"), "E9", "кончается раньше"),
    ("stray E", change("исключить", deadline="май 2025"), "E9", "«сроки» не читается"),
    ("stray F", change("срок", value="май 2025", responsible="кто"), "F9", "не читается"),
    ("stray G", change("исключить", indicator="Доля"), "G9", "«показатель» не читается"),
    # «Пункты приказа»
    (
        "point",
        ("Пункты приказа", {"A2": "1", "B2": "Утвердить {{ x"}),
        "Пункты приказа», ячейка B2",
        "в шаблоне",
    ),
]


@pytest.mark.parametrize(
    ("planted", "where", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_bad_value_is_reported_at_its_own_cell(
    district: Path, planted: tuple[str, dict[str, Any]], where: str, message: str
) -> None:
    sheet, cells = planted
    book = openpyxl.load_workbook(district)
    for cell, value in cells.items():
        book[sheet][cell] = value
    book.save(district)
    code, _, err = run_cli("bulk", "--check", str(district), "--only", "lazar")
    said = [line for line in err.splitlines() if message in line]
    assert said, err
    if len(where) <= 3:  # a cell of «Изменения»
        where = f"{CHANGE}», ячейка {where}"
    assert all(f"лист «{where}:" in line for line in said), err
    # a lint's finding is a warning and the check passes; anything else stops the school
    warned = all(line.startswith("предупреждение: ") for line in said)
    assert code == (0 if warned else 1), err


def test_a_school_without_people_is_told_at_its_row_on_schools(district: Path) -> None:
    """No row of the school on «Люди» at all: its key on «Школы» is the place, and the message
    says which row to add."""
    book = openpyxl.load_workbook(district)
    people = book["Люди"]
    for row in people.iter_rows(min_row=2):
        if row[0].value == "lazar":
            row[0].value = "sosh1"
    book.save(district)
    code, _, err = run_cli("bulk", "--check", str(district), "--only", "lazar")
    assert code == 1
    assert (
        "лист «Школы», ячейка A7: у школы lazar нет ни одной строки на листе «Люди», а в "
        "приказе нужен человек с ролью «директор» (подписывает приказ): добавьте строку школы "
        "на лист «Люди» и впишите «директор» в столбец «роль»"
    ) in err, err


@pytest.mark.parametrize(
    ("planted", "where", "message"),
    [
        (
            change("добавить после", "1.2", "Новое", "май 2025", "Руководители ОО", "{{ x"),
            "Изменения», ячейка G9",
            "ошибка в шаблоне текста",
        ),
        (
            change("добавить после", "1.2", "Новое {{ y }}", "май 2025", "Руководители ОО"),
            "Изменения», ячейка D9",
            "«y» не определено",
        ),
        (
            change("добавить после", "1.2", "Новое", "май 2025", "{{ people.zz }}"),
            "Изменения», ячейка F9",
            "нет поля «zz»",
        ),
        (
            change("ответственные", "1.2", "{{ people.zz }}"),
            "Изменения», ячейка D9",
            "нет поля «zz»",
        ),
        # the municipal plan's own text, though the school's roadmap has it at another place
        (("Мероприятия", {"C5": "Мониторинг {{ q }}"}), "Мероприятия», ячейка C5", "«q» не"),
    ],
    ids=["indicator", "title", "responsible", "new responsible", "plan's text"],
)
def test_a_problem_found_when_rendering_is_placed_at_its_cell(
    district: Path, tmp_path: Path, planted: tuple[str, dict[str, Any]], where: str, message: str
) -> None:
    """A text is a small template: its mistakes show when the school's documents are made, in
    the school's plan with its own numbering; the message still names the cell it was typed in,
    in the roadmap and in the order's appendix alike."""
    sheet, cells = planted
    book = openpyxl.load_workbook(district)
    for cell, value in cells.items():
        book[sheet][cell] = value
    book.save(district)
    code, _, err = run_cli("bulk", str(district), "-o", str(tmp_path / "out"), "--only", "lazar")
    assert code == 1
    said = [line for line in err.splitlines() if message in line]
    assert len(said) == 2, err  # the roadmap and the order that has it as appendix
    assert all(f"лист «{where}:" in line for line in said), err
