"""The order workbook puts a person into a point by columns («человек», «падеж», «как»), not
by Jinja typed into the text, and the forms are exactly those of ``{{ people.x | вн }}``;
``docgen new-workbook --kind order`` writes the form with a drop-down for every choice."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from docgen.errors import InvalidDataError
from docgen.loading import load_order
from tests.conftest import EXAMPLES, run_cli
from tests.docx_text import lines, normalized

NBSP = "\u00a0"


def _point_book(tmp_path: Path, name: str, rows: list[list[object]]) -> Path:
    """The example order workbook with its «Пункты» replaced by ``rows`` (under a header
    with the person's columns)."""
    book_path = tmp_path / name
    shutil.copy(EXAMPLES / "order_template.xlsx", book_path)
    book = openpyxl.load_workbook(book_path)
    sheet = book["Пункты"]
    sheet.delete_rows(1, sheet.max_row)
    sheet.append(["номер", "текст", "человек", "падеж", "как"])
    for row in rows:
        sheet.append(row)
    book.save(book_path)
    return book_path


def _points(path: Path) -> list[str]:
    """The rendered order's lines (the points among them), as a reader sees them."""
    out = path.parent / f"{path.stem}-out"
    code, stdout, stderr = run_cli("render", str(path), "-o", str(out))
    assert code == 0, stderr
    return lines(Path(stdout.strip()))


# (text, person, case, form) with the columns → the same point written with Jinja
CASES = [
    (
        "Назначить ___ ответственной.",
        "petrova",
        "вн",
        "ФИО",
        "Назначить {{ people.petrova | вн }} ответственной.",
    ),
    (
        "Назначить ___ ответственной.",
        "petrova",
        "винительный",
        "ФИО и должность",
        "Назначить {{ people.petrova.with_position | вн }} ответственной.",
    ),
    (
        "обеспечить проведение олимпиады.",
        "kuznetsova",
        "дт",
        "должность и ФИО",
        "{{ people.kuznetsova.position | дт | с_заглавной }} {{ people.kuznetsova | дт }} обеспечить проведение олимпиады.",
    ),
    (
        ":",
        "kuznetsova",
        "дательный",
        "должность и ФИО",
        "{{ people.kuznetsova.position | дт | с_заглавной }} {{ people.kuznetsova | дт }}:",
    ),
    (
        "Объявить благодарность ___.",
        "sokolov",
        "дт",
        None,
        "Объявить благодарность {{ people.sokolov | дт }}.",
    ),
    (
        "Контроль возложить на ___.",
        "petrova",
        "вн",
        "должность",
        "Контроль возложить на {{ people.petrova.position | вн }}.",
    ),
    (
        "Поручить ___ подготовить отчёт.",
        "petrova",
        "дт",
        "ФИО",
        "Поручить {{ people.petrova | дт }} подготовить отчёт.",
    ),
    (
        "представить отчёт.",
        "sokolov",
        None,
        None,
        "{{ people.sokolov | им | с_заглавной }} представить отчёт.",
    ),
    (
        "Сведения о ___ внести в журнал.",
        "sokolov",
        "пр",
        "ФИО",
        "Сведения {{ people.sokolov | о }} внести в журнал.",
    ),
    (
        "Наградить ___ грамотой.",
        "kuznetsova",
        "тв",
        "ФИО",
        "Наградить {{ people.kuznetsova | тв }} грамотой.",
    ),
]


@pytest.mark.parametrize(("text", "person", "case", "form", "jinja"), CASES)
def test_person_columns_give_the_forms_of_the_jinja_filter(
    tmp_path: Path, text: str, person: str, case: str | None, form: str | None, jinja: str
) -> None:
    columns = _point_book(tmp_path, "columns.xlsx", [["1", text, person, case, form]])
    typed = _point_book(tmp_path, "jinja.xlsx", [["1", jinja]])
    assert _points(columns) == _points(typed)


#: People whose surnames begin with a vowel sound and with «й» (е, ё, ю, я), and consonants.
ABOUT_PEOPLE = [
    ["ivanova", "Иванова", "Елена", "Сергеевна", "ж"],
    ["eidelman", "Эйдельман", "Натан", "Яковлевич", "м"],
    ["ulyanov", "Ульянов", "Илья", "Николаевич", "м"],
    ["orlova", "Орлова", "Анна", "Петровна", "ж"],
    ["egorov", "Егоров", "Павел", "Андреевич", "м"],
    ["yudina", "Юдина", "Мария", "Вениаминовна", "ж"],
    ["yakovlev", "Яковлев", "Олег", "Иванович", "м"],
]


@pytest.mark.parametrize(
    ("text", "person", "case", "form", "expected"),
    [
        ("Сведения о ___ внести в журнал.", "ivanova", "пр", "ФИО", "Сведения об Ивановой Е.С."),
        ("Сведения о ___ внести в журнал.", "eidelman", "пр", None, "Сведения об Эйдельмане Н.Я."),
        ("Сведения о ___ внести в журнал.", "ulyanov", "пр", "ФИО", "Сведения об Ульянове И.Н."),
        ("Сведения о ___ внести в журнал.", "orlova", "пр", "ФИО", "Сведения об Орловой А.П."),
        ("Сведения об ___ внести в журнал.", "egorov", "пр", "ФИО", "Сведения о Егорове П.А."),
        ("Сведения о ___ внести в журнал.", "yudina", "пр", "ФИО", "Сведения о Юдиной М.В."),
        ("Сведения о ___ внести в журнал.", "yakovlev", "пр", "ФИО", "Сведения о Яковлеве О.И."),
        ("Сведения о ___ внести в журнал.", "sokolov", "пр", "ФИО", "Сведения о Соколове А.В."),
        # the first word decides: a position, or the position before the name
        ("Сведения о ___ внести.", "kuznetsova", "пр", "должность", "Сведения об учителе"),
        ("Сведения о ___ внести.", "ivanova", "пр", "должность и ФИО", "Сведения о заместителе"),
        ("Сведения о ___ внести.", "ivanova", "пр", "ФИО и должность", "Сведения об Ивановой"),
        # a capital «О» stays a capital
        ("О ___ сообщить в управление.", "ivanova", "пр", "ФИО", "1. Об Ивановой Е.С. сообщить"),
        # not the preposition, or not the prepositional case: the user's text as written
        ("Поручено ___ подготовить.", "ivanova", "дт", "ФИО", "Поручено Ивановой Е.С."),
        ("Опираться о ___.", "ivanova", "вн", "ФИО", "Опираться о Иванову Е.С."),
    ],
)
def test_the_preposition_o_agrees_with_the_person(
    tmp_path: Path, text: str, person: str, case: str, form: str | None, expected: str
) -> None:
    """«о ___» with a person in the prepositional case: «об Ивановой», «о Егорове»."""
    book_path = _point_book(tmp_path, "about.xlsx", [["1", text, person, case, form]])
    book = openpyxl.load_workbook(book_path)
    people = book["Люди"]
    for key, surname, name, patronymic, gender in ABOUT_PEOPLE:
        position = "заместитель директора" if key == "ivanova" else "учитель"
        people.append([key, surname, name, patronymic, gender, position])
    book.save(book_path)
    text_lines = normalized(" ".join(_points(book_path)))
    assert expected in text_lines, text_lines


def test_the_forms_are_declined(tmp_path: Path) -> None:
    book = _point_book(
        tmp_path,
        "columns.xlsx",
        [
            ["1", "Назначить ___ ответственной.", "petrova", "вн", "ФИО"],
            ["2", ":", "kuznetsova", "дт", "должность и ФИО"],
            ["–", "подготовить задания;", None, None, None],
        ],
    )
    text = normalized(" ".join(_points(book)))
    assert "1. Назначить Петрову Е.С. ответственной." in text, text
    assert "2. Учителю информатики Кузнецовой О.И.:" in text, text


@pytest.mark.parametrize(
    ("row", "cell", "message"),
    [
        (
            ["1", "Назначить ___.", "petrova", "дательно", None],
            "D2",
            "недопустимое значение «дательно»",
        ),
        (["1", "Назначить ___.", "petrova", "вн", "имя"], "E2", "недопустимое значение «имя»"),
        (["1", "Назначить ___.", None, "вн", None], "D2", "указан, а человек нет"),
        (["1", "Назначить ___.", "Петрова Е.С.", "вн", None], "C2", "не ключ человека"),
        (["1", "Назначить ___.", "{{ 7*7 }}", "вн", None], "C2", "не ключ человека"),
    ],
)
def test_a_wrong_person_column_is_named_at_its_cell(
    tmp_path: Path, row: list[object], cell: str, message: str
) -> None:
    book = _point_book(tmp_path, "bad.xlsx", [row])
    with pytest.raises(InvalidDataError) as info:
        load_order(book)
    text = str(info.value)
    assert f"лист «Пункты», ячейка {cell}" in text and message in text, text


@pytest.mark.parametrize(
    ("row", "cell"),
    [
        (["1", "Назначить ___.", "ivanov", "вн", None], "C2"),  # the «человек» column's key
        (["1", "Назначить {{ people.ivanov | вн }}.", None, None, None], "B2"),  # the text's
    ],
)
def test_an_unknown_person_key_is_an_error_at_the_cell_that_names_it(
    tmp_path: Path, row: list[object], cell: str
) -> None:
    book = _point_book(tmp_path, "bad.xlsx", [row])
    code, _, stderr = run_cli("render", str(book), "-o", str(tmp_path / "out"))
    assert code == 1
    assert f"лист «Пункты», ячейка {cell}: " in stderr, stderr
    assert "нет такого человека «ivanov» на листе «Люди»" in stderr, stderr
    assert not (tmp_path / "out").exists()


def test_new_workbook_kind_order_has_a_drop_down_for_every_choice(tmp_path: Path) -> None:
    target = tmp_path / "приказ.xlsx"
    code, out, stderr = run_cli("new-workbook", str(target), "--kind", "order")
    assert code == 0, stderr
    assert out.strip() == str(target)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == [
        "Организация",
        "Документ",
        "Люди",
        "Пункты",
        "Приложения",
        "Согласование",
        "Ознакомление",
    ]
    rules = {
        sheet.title: {
            str(rule.sqref): rule.formula1 for rule in sheet.data_validations.dataValidation
        }
        for sheet in book.worksheets
    }
    document = book["Документ"]
    fields = {document.cell(row, 1).value: f"B{row}" for row in range(2, document.max_row + 1)}
    people = "'Люди'!$A$2:$A$200"
    assert rules["Документ"][fields["вид"]] == '"приказ,распоряжение"'
    assert rules["Документ"][fields["формат даты"]] == '"цифрами,в кавычках,словами"'
    assert rules["Документ"][fields["команда"]] == '"обычная,вразрядку,нет"'
    assert rules["Документ"][fields["qr"]] == '"да,нет"'
    assert rules["Документ"][fields["лист ознакомления"]] == '"да,только по списку,нет"'
    for field in ("подписывает", "исполнитель", "контроль"):
        assert rules["Документ"][fields[field]] == people
    assert rules["Люди"]["E2:E200"] == '"м,ж"'
    assert rules["Пункты"]["C2:C500"] == people
    assert "дательный" in rules["Пункты"]["D2:D500"]
    assert "ФИО и должность" in rules["Пункты"]["E2:E500"]
    assert rules["Приложения"]["C2:C100"] == '"отметка,утвержден,утверждаю"'
    assert rules["Приложения"]["D2:D100"] == people
    assert rules["Пункты"]["G2:G500"] == people  # ответственный: a key, or a text
    assert rules["Согласование"]["A2:A50"] == people
    assert rules["Ознакомление"]["A2:A200"] == people
    assert [c.value for c in book["Пункты"][1]] == [
        "номер",
        "текст",
        "человек",
        "падеж",
        "как",
        "срок",
        "ответственный",
    ]
    # the same bytes every time
    again = tmp_path / "again.xlsx"
    run_cli("new-workbook", str(again), "--kind", "order")
    assert again.read_bytes() == target.read_bytes()


def test_a_filled_order_form_renders(tmp_path: Path) -> None:
    """The blank, filled in as a secretary would (no Jinja anywhere), gives an order."""
    target = tmp_path / "приказ.xlsx"
    assert run_cli("new-workbook", str(target), "--kind", "order")[0] == 0
    book = openpyxl.load_workbook(target)
    values = {
        "Организация": {
            "название": "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 5»",
            "место": "г. Пенза",
        },
        "Документ": {
            "вид": "приказ",
            "номер": "15-од",
            "дата": "02.09.2024",
            "заголовок": "О назначении ответственного за питание",
            "подписывает": "sokolov",
        },
    }
    for title, fields in values.items():
        sheet = book[title]
        for row in range(2, sheet.max_row + 1):
            name = sheet.cell(row, 1).value
            if name in fields:
                sheet.cell(row, 2).value = fields[name]
    book["Люди"].append(["sokolov", "Соколов", "Андрей", "Викторович", "м", "директор"])
    book["Люди"].append(["petrova", "Петрова", "Елена", "Сергеевна", "ж", "заместитель директора"])
    book["Пункты"].append(
        [
            "1",
            "Назначить ___ ответственной за организацию питания.",
            "petrova",
            "винительный",
            "ФИО и должность",
        ]
    )
    book.save(target)
    code, out, stderr = run_cli("render", str(target), "-o", str(tmp_path / "out"))
    assert code == 0, stderr
    from docx import Document

    text = normalized(" ".join(p.text for p in Document(out.strip()).paragraphs))
    assert "Назначить Петрову Е" in text and "заместителя директора" in text, text
    # the blank's empty «Согласование» and «Ознакомление» sheets ask for no sheet
    assert "Лист ознакомления" not in text and "Лист согласования" not in text
