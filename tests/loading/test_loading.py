"""Loading orders: every problem at once, each with its line, key path or sheet and cell."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from docgen.errors import DataError, InvalidDataError
from docgen.loading import Locator, format_path, load_order, load_raw, validate_order
from docgen.model import OrderData
from tests.conftest import run_tool, write_workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "examples" / "order_template.xlsx"

GENDER_START = "не указан пол: по имени «Ким Саша» его не определить"
GENDER_END = "; укажите gender: м или ж"

# ------------------------------------------------------------------------------ helpers


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Any]:
    with pytest.raises(InvalidDataError) as info:
        load_order(path)
    assert info.value.location.file == str(path)
    return info.value.problems


def xlsx(tmp_path: Path, sheets: dict[str, list[list[Any]]], name: str = "order.xlsx") -> Path:
    return write_workbook(tmp_path / name, sheets)


# -------------------------------------------------------- the same mistakes in every format

YAML_BAD = """\
organization:
  name: МБОУ «СОШ № 5»
people:
  ivanova:
    surname: Иванова
    name: Анна
    patronymic: Петровна
    position: директор
  kim:
    surname: Ким
    name: Саша
document:
  kind: приказ
  number: 408/1-ср
  date: 2022-02-31
  titel: О проведении олимпиады
  points:
    - text: Провести олимпиаду.
    - text: Назначить ответственным {{ people.nobody | вн }}.
      points: 5
  signer: ivanova
"""

JSON_BAD = """\
{
  "organization": {"name": "МБОУ «СОШ № 5»"},
  "people": {
    "ivanova": {"surname": "Иванова", "name": "Анна", "patronymic": "Петровна",
                "position": "директор"},
    "kim": {"surname": "Ким", "name": "Саша"}
  },
  "document": {
    "kind": "приказ",
    "number": "408/1-ср",
    "date": "2022-02-31",
    "titel": "О проведении олимпиады",
    "points": [
      {"text": "Провести олимпиаду."},
      {"text": "Назначить ответственным {{ people.nobody | вн }}.",
       "points": 5}
    ],
    "signer": "ivanova"
  }
}
"""

MISSING = "обязательное поле не заполнено"
BAD_DATE = "несуществующая дата «2022-02-31»"
TYPO = "неизвестное поле «titel» (опечатка? похоже на «title»)"
NOBODY = "нет такого человека «nobody» в people; есть: ivanova, kim"
NOT_A_LIST = "ожидается список, а не 5"


@pytest.mark.parametrize(
    ("name", "text", "rows"),
    [
        ("order.yaml", YAML_BAD, [9, 12, 15, 16, 19, 20]),
        ("order.json", JSON_BAD, [6, 8, 11, 12, 15, 16]),
    ],
)
def test_every_problem_at_once_with_line_and_key_path(
    tmp_path: Path, name: str, text: str, rows: list[int]
) -> None:
    problems = problems_of(write(tmp_path, name, text))
    found = [(p.location.row, p.location.key_path, p.message) for p in problems]
    gender = found[0]
    assert gender[:2] == (rows[0], "people.kim.gender")
    assert gender[2].startswith(GENDER_START) and gender[2].endswith(GENDER_END)
    assert found[1:] == [
        (rows[1], "document.title", MISSING),
        (rows[2], "document.date", BAD_DATE),
        (rows[3], "document.titel", TYPO),
        (rows[4], "document.points[1].text", NOBODY),
        (rows[5], "document.points[1].points", NOT_A_LIST),
    ]
    assert all(isinstance(p, DataError) for p in problems)


def test_the_report_is_one_line_per_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "order.yaml", YAML_BAD)
    with pytest.raises(InvalidDataError) as info:
        load_order(path)
    lines = str(info.value).splitlines()
    assert len(lines) == 6
    assert lines[2] == f"{path}: строка 15: document.date: {BAD_DATE}"
    assert len(info.value.problems) == 6


def bad_workbook(tmp_path: Path) -> Path:
    return xlsx(
        tmp_path,
        {
            "Организация": [["поле", "значение"], ["название", "МБОУ «СОШ № 5»"]],
            "Документ": [
                ["поле", "значение"],
                ["вид", "приказ"],
                ["номер", "408/1-ср"],
                ["дата", "31.02.2022"],
                ["загаловок", "О проведении олимпиады"],
                ["подписывает", "ivanova"],
            ],
            "Люди": [
                ["ключ", "фамилия", "имя", "отчество", "пол", "должность"],
                ["ivanova", "Иванова", "Анна", "Петровна", "ж", "директор"],
                ["kim", "Ким", "Саша"],
            ],
            "Пункты": [
                ["номер", "текст", "примечание"],
                ["1", "Провести олимпиаду."],
                ["2", "Назначить ответственным {{ people.nobody | вн }}."],
                ["5", "Лишний номер."],
            ],
        },
    )


def test_excel_problems_name_sheet_and_cell(tmp_path: Path) -> None:
    problems = problems_of(bad_workbook(tmp_path))
    found = [(p.location.sheet, p.location.cell, p.location.field, p.message) for p in problems]
    assert [f[:3] for f in found] == [
        ("Документ", None, "заголовок"),
        ("Документ", "B4", "дата"),
        ("Документ", "A5", None),
        ("Люди", "E3", "пол"),
        ("Пункты", "C1", None),
        ("Пункты", "B3", "текст"),
        ("Пункты", "A4", None),
    ]
    messages = [f[3] for f in found]
    assert messages[0] == MISSING
    assert messages[1] == "несуществующая дата «31.02.2022»"
    assert messages[2].startswith("неизвестное поле «загаловок» (опечатка? похоже на «заголовок»)")
    assert messages[3].startswith(GENDER_START) and messages[3].endswith(GENDER_END)
    assert messages[4] == (
        "неизвестный столбец «примечание»; столбцы листа: номер, текст, срок, ответственный, "
        "человек, падеж, как"
    )
    assert messages[5] == "нет такого человека «nobody» на листе «Люди»; есть: ivanova, kim"
    assert messages[6] == "неверный номер пункта «5»: после «2» ожидается 2.1 или 3"
    assert all(p.location.key_path is None for p in problems)


def test_excel_message_reads_as_a_place(tmp_path: Path) -> None:
    path = bad_workbook(tmp_path)
    with pytest.raises(InvalidDataError) as info:
        load_order(path)
    assert str(info.value).splitlines()[1] == (
        f"{path}: лист «Документ», ячейка B4: поле дата: несуществующая дата «31.02.2022»"
    )


# ----------------------------------------------------- one valid order in all three formats

YAML_OK = """\
organization:
  name: МБОУ «Средняя общеобразовательная школа № 5»
  place: г. Пенза
people:
  sokolov: {surname: Соколов, name: Андрей, patronymic: Викторович, gender: м,
            position: директор}
  petrova:
    surname: Петрова
    name: Елена
    patronymic: Сергеевна
    position: заместитель директора
    phone: 56-12-35
document:
  kind: приказ
  number: 953
  date: 2023-09-01
  date_style: quoted
  title: О проведении олимпиады
  command: spaced
  points:
    - Провести олимпиаду.
    - text: "{{ people.petrova | дт }}:"
      points:
        - text: "обеспечить участие по предметам:"
          bullets: [математика;, информатика.]
    - Контроль оставляю за собой.
  control: petrova
  signer: {person: sokolov, position: Директор}
  executor: {person: petrova, phone: 56-12-35}
  appendices:
    - title: График олимпиады
      style: approved
      paragraphs: [Математика — 20 сентября., Информатика — 27 сентября.]
  qr: true
"""

JSON_OK = """\
{"organization": {"name": "МБОУ «Средняя общеобразовательная школа № 5»", "place": "г. Пенза"},
 "people": {
   "sokolov": {"surname": "Соколов", "name": "Андрей", "patronymic": "Викторович",
               "gender": "м", "position": "директор"},
   "petrova": {"surname": "Петрова", "name": "Елена", "patronymic": "Сергеевна",
               "position": "заместитель директора", "phone": "56-12-35"}},
 "document": {
   "kind": "приказ", "number": "953", "date": "01.09.2023", "date_style": "quoted",
   "title": "О проведении олимпиады", "command": "spaced",
   "points": [
     {"text": "Провести олимпиаду."},
     {"text": "{{ people.petrova | дт }}:",
      "points": [{"text": "обеспечить участие по предметам:",
                  "bullets": ["математика;", "информатика."]}]},
     "Контроль оставляю за собой."],
   "control": {"person": "petrova"},
   "signer": {"person": "sokolov", "position": "Директор"},
   "executor": {"person": "petrova", "phone": "56-12-35"},
   "appendices": [{"title": "График олимпиады", "style": "approved",
                   "paragraphs": ["Математика — 20 сентября.", "Информатика — 27 сентября."]}],
   "qr": true}}
"""


def good_workbook(tmp_path: Path) -> Path:
    return xlsx(
        tmp_path,
        {
            "Организация": [
                ["название", "МБОУ «Средняя общеобразовательная школа № 5»"],
                ["Место:", "г. Пенза"],
            ],
            "Документ": [
                ["поле", "значение", "пояснение"],
                ["вид", "Приказ", "приказ или распоряжение"],
                ["номер", 953],
                ["дата", datetime(2023, 9, 1)],
                ["формат даты", "в кавычках"],
                ["заголовок", "О проведении олимпиады"],
                ["команда", "вразрядку"],
                ["контроль", "petrova"],
                ["подписывает", "sokolov"],
                ["должность подписывающего", "Директор"],
                ["исполнитель", "petrova"],
                ["телефон исполнителя", "56-12-35"],
                ["qr", "да"],
            ],
            "Люди": [
                ["ключ", "фамилия", "имя", "отчество", "пол", "должность", "телефон"],
                ["sokolov", "Соколов", "Андрей", "Викторович", "м", "директор"],
                [],
                [
                    "petrova",
                    "Петрова",
                    "Елена",
                    "Сергеевна",
                    None,
                    "заместитель директора",
                    "56-12-35",
                ],
            ],
            "Пункты": [
                ["Номер", "Текст"],
                [1, "Провести олимпиаду."],
                ["2.", "{{ people.petrova | дт }}:"],
                ["2.1", "обеспечить участие по предметам:"],
                ["–", "математика;"],
                ["-", "информатика."],
                [3, "Контроль оставляю за собой."],
            ],
            "Приложения": [
                ["номер", "заголовок", "вид", "утверждает", "текст"],
                [1, "График олимпиады", "утвержден", None, "Математика — 20 сентября."],
                [None, None, None, None, "Информатика — 27 сентября."],
            ],
        },
    )


def test_the_same_order_in_yaml_json_and_excel_is_equal(tmp_path: Path) -> None:
    from_yaml = load_order(write(tmp_path, "order.yml", YAML_OK))
    from_json = load_order(write(tmp_path, "order.json", JSON_OK))
    from_xlsx = load_order(good_workbook(tmp_path))
    assert from_yaml == from_json == from_xlsx
    document = from_yaml.document
    assert document.number == "953"
    assert document.date == date(2023, 9, 1)
    assert document.points[1].points[0].bullets == ["математика;", "информатика."]
    assert document.appendices[0].paragraphs[1] == "Информатика — 27 сентября."
    assert from_xlsx.people["petrova"].gender is None


def test_the_example_workbook_loads() -> None:
    order = load_order(EXAMPLE)
    assert isinstance(order, OrderData)
    assert order.organization.short_name == "МБОУ «Средняя общеобразовательная школа № 5»"
    assert set(order.people) == {"sokolov", "petrova", "kuznetsova"}
    assert [len(p.points) for p in order.document.points] == [0, 0, 2, 0]
    assert len(order.document.points[2].points[0].bullets) == 3


def test_the_example_workbook_is_what_the_tool_makes(tmp_path: Path) -> None:
    out = tmp_path / "example.xlsx"
    assert run_tool("make_example_xlsx", str(out)) == 0
    assert out.read_bytes() == EXAMPLE.read_bytes()


# ------------------------------------------------------------------------------ YAML details


def test_yaml_keeps_dates_and_odd_numbers_as_written(tmp_path: Path) -> None:
    text = "a: 2022-02-31\nb: 0123\nc: 12:30\nd: 1.50\ne: 953\nf: yes\ng: ~\nh: '7'\n"
    raw, _ = load_raw(write(tmp_path, "x.yaml", text))
    assert raw == {
        "a": "2022-02-31",
        "b": "0123",
        "c": "12:30",
        "d": "1.50",
        "e": 953,
        "f": True,
        "g": None,
        "h": "7",
    }


def test_yaml_records_the_line_of_every_key_and_item(tmp_path: Path) -> None:
    text = "document:\n  points:\n    - first\n    -\n      text: second\n"
    _, locator = load_raw(write(tmp_path, "x.yaml", text))
    assert locator.locate(("document", "points", 1, "text")).row == 5
    assert locator.locate(("document", "points", 0)).row == 3
    assert locator.locate(("document", "points", 0, "bullets")).row == 3  # nearest parent
    assert locator.locate(("document", "nothing")).key_path == "document.nothing"


@pytest.mark.parametrize(
    ("name", "text", "row", "message"),
    [
        (
            "x.yaml",
            "organization:\n  name: a: b\n",
            2,
            "ошибка синтаксиса YAML (столбец 10): двоеточие с пробелом в значении: "
            "возьмите его в кавычки",
        ),
        (
            "x.yaml",
            "organization:\n\tname: a\n",
            2,
            "ошибка синтаксиса YAML (столбец 1): табуляция: отступы делаются только пробелами",
        ),
        (
            "x.yaml",
            "a: 1\n---\nb: 2\n",
            2,
            "ошибка синтаксиса YAML (столбец 1): в файле больше одного документа "
            "(лишняя строка «---»?)",
        ),
        (
            "x.json",
            '{"a": 1,\n "b": 2,\n}\n',
            3,
            "ошибка синтаксиса JSON (столбец 1): ожидается имя поля в двойных кавычках "
            "(нет ли лишней запятой?)",
        ),
        (
            "x.json",
            '{"a": 1\n "b": 2}\n',
            2,
            "ошибка синтаксиса JSON (столбец 2): ожидается запятая",
        ),
        ("x.yaml", "a: &x [*x]\n", 1, "ссылка «*» на якорь внутри него самого"),
        (
            "x.yaml",
            "a: !python/name:os.system x\n",
            1,
            "тег YAML «!python/name:os.system» не поддерживается",
        ),
    ],
)
def test_syntax_errors_name_line_and_column(
    tmp_path: Path, name: str, text: str, row: int, message: str
) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(DataError) as info:
        load_raw(path)
    assert not isinstance(info.value, InvalidDataError)
    assert (info.value.location.file, info.value.location.row) == (str(path), row)
    assert info.value.message == message


@pytest.mark.parametrize(
    ("name", "text", "row"),
    [
        ("x.yaml", "organization:\n  name: a\n  name: b\n", 3),
        ("x.json", '{"organization": {"name": "a",\n  "name": "b"}}', 2),
    ],
)
def test_duplicate_keys_are_errors(tmp_path: Path, name: str, text: str, row: int) -> None:
    raw, locator = load_raw(write(tmp_path, name, text))
    assert raw["organization"] == {"name": "a"}
    [problem] = locator.problems
    assert problem.message == "ключ «name» повторяется (первый раз — в строке " + (
        "2)" if name.endswith("yaml") else "1)"
    )
    assert (problem.location.row, problem.location.key_path) == (row, "organization.name")


def test_yaml_merge_keys_fill_what_is_not_set(tmp_path: Path) -> None:
    text = "base: &b {surname: Ким, name: Саша}\nperson:\n  <<: *b\n  name: Инна\n"
    raw, _ = load_raw(write(tmp_path, "x.yaml", text))
    assert raw["person"] == {"surname": "Ким", "name": "Инна"}


# ------------------------------------------------------------------------- file problems


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.yaml", b"  \n", "файл пуст"),
        ("comments.yaml", b"# nothing\n", "файл пуст: в нём нет данных"),
        (
            "list.yaml",
            b"- a\n- b\n",
            "в файле должны быть разделы organization, people и document, а здесь список",
        ),
        (
            "text.json",
            b'"hello"',
            "в файле должны быть разделы organization, people и document, а здесь значение «hello»",
        ),
        (
            "cp1251.yaml",
            "имя: Ким\n".encode("cp1251"),
            "файл не в кодировке UTF-8: сохраните его в UTF-8",
        ),
        (
            "order.txt",
            b"a: 1",
            "неизвестный формат файла «.txt»: ожидается .yaml, .yml, .json или .xlsx",
        ),
        (
            "order",
            b"a: 1",
            "неизвестный формат файла без расширения: ожидается .yaml, .yml, .json или .xlsx",
        ),
        (
            "old.xls",
            b"\xd0\xcf",
            "формат .xls (Excel 97–2003) не читается: сохраните книгу как .xlsx",
        ),
    ],
)
def test_unreadable_files_are_named(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DataError) as info:
        load_order(path)
    assert (info.value.location.file, info.value.message) == (str(path), message)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="файл не найден"):
        load_order(tmp_path / "nothing.yaml")
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(DataError, match="это папка, а не файл"):
        load_order(tmp_path / "dir.yaml")


def test_a_broken_workbook_is_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataError) as info:
        load_order(path)
    assert info.value.message.startswith("не удалось открыть книгу Excel")


# ------------------------------------------------------------------ schema messages in Russian

BASE: dict[str, Any] = {
    "organization": {"name": "Школа"},
    "people": {"sokolov": {"surname": "Соколов", "name": "Андрей", "gender": "м"}},
    "document": {
        "kind": "приказ",
        "number": "1",
        "date": "2023-09-01",
        "title": "О пункте",
        "points": ["Сделать."],
        "signer": "sokolov",
    },
}


def with_change(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    raw: dict[str, Any] = copy.deepcopy(BASE)
    target = raw
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return raw


def messages_of(raw: dict[str, Any]) -> list[tuple[str | None, str]]:
    with pytest.raises(InvalidDataError) as info:
        validate_order(raw, Locator("x.yaml"))
    return [(p.location.key_path, p.message) for p in info.value.problems]


def test_the_base_order_is_valid() -> None:
    assert validate_order(BASE).document.points[0].text == "Сделать."


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            ("document", "signer"),
            {"persn": "sokolov"},
            [
                ("document.signer.person", "обязательное поле не заполнено"),
                (
                    "document.signer.persn",
                    "неизвестное поле «persn» (опечатка? похоже на «person»)",
                ),
            ],
        ),
        (
            ("document", "kind"),
            "указ",
            (
                "document.kind",
                "недопустимое значение «указ»; допустимые значения: приказ, распоряжение",
            ),
        ),
        (("document", "points"), [], ("document.points", "нужен хотя бы один пункт")),
        (
            ("document", "points"),
            [5],
            ("document.points[0]", "ожидается текст или набор «ключ: значение», а не 5"),
        ),
        (("document", "title"), "  ", ("document.title", "поле не может быть пустым")),
        (("document", "title"), None, ("document.title", "значение не заполнено")),
        (
            ("document", "qr"),
            "maybe",
            ("document.qr", "ожидается да или нет (true / false), а не «maybe»"),
        ),
        (
            ("document", "control"),
            {"self": "maybe"},
            ("document.control.self", "ожидается да или нет (true / false), а не «maybe»"),
        ),
        (
            ("document", "control"),
            {"person": "sokolov", "text": "Сам."},
            ("document.control", "укажите одно из: person, text или self: true"),
        ),
        (
            ("document", "signer"),
            {"position": "Директор"},
            ("document.signer.person", "обязательное поле не заполнено"),
        ),
        (
            ("people", "sokolov", "gender"),
            "x",
            ("people.sokolov.gender", "неизвестный род «x»: ожидается m/f или м/ж"),
        ),
        (
            ("organisation",),
            {"name": "Школа"},
            (
                "organisation",
                "неизвестное поле «organisation» (опечатка? похоже на «organization»)",
            ),
        ),
        (
            ("people",),
            {
                "bad key": {"surname": "Соколов", "name": "Андрей", "gender": "м"},
                "sokolov": BASE["people"]["sokolov"],
            },
            (
                "people.bad key",
                "ключ «bad key»: допустимы только буквы, цифры, «_» и «-», без пробелов",
            ),
        ),
    ],
)
def test_schema_messages_are_russian(
    path: tuple[str, ...], value: Any, expected: tuple[str, str] | list[tuple[str, str]]
) -> None:
    wanted = expected if isinstance(expected, list) else [expected]
    assert messages_of(with_change(path, value)) == wanted


def test_cross_checks_find_people_and_broken_texts() -> None:
    raw = with_change(
        ("document", "points"),
        [
            "Поручить {{ people['ivanov'] | дт }}.",
            {"text": "{{ people.sokolov | вн }", "bullets": ["{{ people.sokolov | рдд }}"]},
            "{{ peple.sokolov }}",
        ],
    )
    raw["document"]["executor"] = "sokolv"
    raw["document"]["appendices"] = [{"title": "План", "style": "approve", "approver": "x"}]
    assert messages_of(raw) == [
        (
            "document.executor",
            "нет такого человека «sokolv» в people (опечатка? похоже на «sokolov»); есть: sokolov",
        ),
        ("document.appendices[0].approver", "нет такого человека «x» в people; есть: sokolov"),
        ("document.points[0]", "нет такого человека «ivanov» в people; есть: sokolov"),
        ("document.points[1].text", "ошибка в шаблоне текста: unexpected '}'"),
        (
            "document.points[1].bullets[0]",
            "неизвестный фильтр «рдд» в тексте (опечатка? похоже на «рд»)",
        ),
        (
            "document.points[2]",
            "неизвестное имя «peple» в тексте (опечатка? похоже на «people»); доступны: people, "
            "org, doc",
        ),
    ]


def test_a_gender_is_asked_only_when_the_name_does_not_tell() -> None:
    raw = with_change(
        ("people",),
        {
            "sokolov": BASE["people"]["sokolov"],
            "petrova": {"surname": "Петрова", "name": "Елена"},
            "kim": {"surname": "Ким", "name": "Саша", "gender": "ж"},
            "lee": {"surname": "Ли", "initials": "С.А."},  # "Ли" is the same for both
            "kim2": {"surname": "Ким", "initials": "С.А."},
        },
    )
    [(key_path, message)] = messages_of(raw)
    assert key_path == "people.kim2.gender"
    assert message.startswith("не указан пол: по имени «Ким С.А.» его не определить")


def test_format_path() -> None:
    assert format_path(("document", "points", 1, "text")) == "document.points[1].text"
    assert format_path(()) == ""


# ------------------------------------------------------------------------------ Excel details

ORG = [["название", "Школа"]]
DOC = [
    ["вид", "приказ"],
    ["номер", "1"],
    ["дата", "01.09.2023"],
    ["заголовок", "О пункте"],
    ["подписывает", "sokolov"],
]
PEOPLE = [["ключ", "фамилия", "имя", "пол"], ["sokolov", "Соколов", "Андрей", "м"]]


def excel_problems(tmp_path: Path, **sheets: list[list[Any]]) -> list[tuple[Any, ...]]:
    base: dict[str, list[list[Any]]] = {
        "Организация": ORG,
        "Документ": DOC,
        "Люди": PEOPLE,
        "Пункты": [["номер", "текст"], ["1", "Сделать."]],
    }
    for name, rows in sheets.items():
        title = name.replace("_", " ")
        if rows:
            base[title] = rows
        else:
            base.pop(title)
    problems = problems_of(xlsx(tmp_path, base))
    return [(p.location.sheet, p.location.cell, p.message) for p in problems]


def test_excel_base_is_valid(tmp_path: Path) -> None:
    order = load_order(
        xlsx(
            tmp_path,
            {
                "Организация": ORG,
                "Документ": DOC,
                "Люди": PEOPLE,
                "Пункты": [["номер", "текст"], ["1", "Сделать."]],
            },
        )
    )
    assert order.document.signer.person == "sokolov"


@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        (
            {"Заметки": [["что-то"]]},
            [
                (
                    "Заметки",
                    None,
                    "неизвестный лист «Заметки»; docgen читает листы: «Организация», "
                    "«Документ», «Люди», «Пункты», «Приложения», «Согласование», «Ознакомление»",
                )
            ],
        ),
        (
            {"Пункты": []},
            [
                (
                    None,
                    None,
                    "нет листа «Пункты»; docgen читает листы: «Организация», «Документ», «Люди», "
                    "«Пункты», «Приложения», «Согласование», «Ознакомление»",
                )
            ],
        ),
        ({"Пункты": [["номер", "текст"]]}, [("Пункты", None, "нужен хотя бы один пункт")]),
        (
            {"Пункты": [["номер", "текст"], ["–", "тире"], ["1", "Сделать."]]},
            [("Пункты", "A2", "пункт-тире должен идти после пункта с номером")],
        ),
        (
            {"Пункты": [["номер", "текст"], ["1", "Сделать."], ["1.2", "Ещё."]]},
            [("Пункты", "A3", "неверный номер пункта «1.2»: после «1» ожидается 1.1 или 2")],
        ),
        (
            {"Пункты": [["номер", "текст"], [1, "Сделать."], [1.2, "Ещё."]]},
            [
                (
                    "Пункты",
                    "A3",
                    "неверный номер пункта «1.2»: после «1» ожидается 1.1 или 2 "
                    "(Excel хранит номер как число: задайте ячейке текстовый формат)",
                )
            ],
        ),
        (
            {"Пункты": [["номер", "текст"], ["1", "Сделать."], ["1.1.1", "Ещё."]]},
            [("Пункты", "A3", "неверный номер пункта «1.1.1»: после «1» ожидается 1.1 или 2")],
        ),
        (
            {"Пункты": [["номер", "текст"], ["1", "Сделать."], ["2"]]},
            [("Пункты", "B3", "обязательное поле не заполнено")],
        ),
        (
            {"Пункты": [["номер", "текст"], ["1", "Сделать."], [None, "Без номера."]]},
            [("Пункты", "A3", "не указан номер пункта: 1, 2, 3.1 или «–» для пункта-тире")],
        ),
        ({"Пункты": [["текст"], ["Сделать."]]}, [("Пункты", None, "нет столбца «номер»")]),
        (
            {"Документ": [*DOC, ["номер", "2"]]},
            [("Документ", "A6", "поле «номер» уже задано в ячейке A2")],
        ),
        (
            {"Документ": [*DOC[:1], ["номер", datetime(2023, 5, 1)], *DOC[2:]]},
            [
                (
                    "Документ",
                    "B2",
                    "Excel принял значение за дату или время (2023-05-01 00:00:00): "
                    "задайте ячейке текстовый формат и введите значение заново",
                )
            ],
        ),
        (
            {"Организация": [*ORG, ["short_nam", "Школа"]]},
            [
                (
                    "Организация",
                    "A2",
                    "неизвестное поле «short_nam» (опечатка? похоже на «short_name»); поля "
                    "листа: название, краткое название, вышестоящий орган, подчинённость, "
                    "шапка, место, адрес, телефон, email, сайт, шаблон номера приказа, "
                    "шаблон номера распоряжения",
                )
            ],
        ),
        (
            {"Люди": []},
            [
                (
                    "Документ",
                    "B5",
                    "нет такого человека «sokolov» на листе «Люди»; на листе «Люди» никого нет",
                )
            ],
        ),
        (
            {
                "Пункты": [
                    ["номер", "текст"],
                    ["1", "Сделать."],
                    [datetime(2023, 1, 1), "Ещё."],
                    ["1.2", "И ещё."],
                ]
            },
            [
                (
                    "Пункты",
                    "A3",
                    "Excel принял номер пункта за дату (01.01): задайте столбцу «номер» "
                    "текстовый формат и введите номер заново",
                )
            ],
        ),
        (
            {"Документ": [*DOC, ["формат даты", "римскими"]]},
            [
                (
                    "Документ",
                    "B6",
                    "недопустимое значение «римскими»; допустимые значения: цифрами, "
                    "в кавычках, словами",
                )
            ],
        ),
        (
            {"Документ": [*DOC, [None, "без поля"]]},
            [("Документ", "B6", "значение без названия поля в столбце A")],
        ),
        (
            {"Документ": [*DOC, ["контроль", "ivanov"]]},
            [("Документ", "B6", "нет такого человека «ivanov» на листе «Люди»; есть: sokolov")],
        ),
        (
            {"Люди": [*PEOPLE, ["sokolov", "Соколова", "Анна", "ж"]]},
            [("Люди", "A3", "ключ «sokolov» уже есть в ячейке A2")],
        ),
        (
            {"Люди": [*PEOPLE, ["petrova", "Петрова"]]},
            [("Люди", "C3", "укажите имя (name) или инициалы (initials)")],
        ),
        (
            {
                "Люди": [
                    ["ключ", "фамилия", "имя", "пол", None],
                    ["sokolov", "Соколов", "Андрей", "м", "лишнее"],
                ]
            },
            [("Люди", "E2", "значение в столбце без заголовка")],
        ),
        (
            {"Приложения": [["номер", "заголовок", "вид"], [2, "План", "гриф"]]},
            [
                ("Приложения", "A2", "неверный номер приложения «2»: ожидается 1"),
                (
                    "Приложения",
                    "C2",
                    "недопустимое значение «гриф»; допустимые значения: отметка, "
                    "утвержден, утверждаю",
                ),
            ],
        ),
    ],
)
def test_excel_layout_problems(
    tmp_path: Path, sheets: dict[str, list[list[Any]]], expected: list[tuple[Any, ...]]
) -> None:
    assert excel_problems(tmp_path, **sheets) == expected


def test_excel_control_words_and_header_lines(tmp_path: Path) -> None:
    cases: list[tuple[str, Callable[[OrderData], object], object]] = [
        ("за собой", lambda o: o.document.control and o.document.control.self_, True),
        (
            "Контроль возложить на завуча.",
            lambda o: o.document.control and o.document.control.text,
            "Контроль возложить на завуча.",
        ),
    ]
    for number, (value, get, expected) in enumerate(cases):
        path = xlsx(
            tmp_path,
            {
                "Организация": [*ORG, ["шапка", "УПРАВЛЕНИЕ\nШКОЛА"]],
                "Документ": [*DOC, ["контроль", value]],
                "Люди": PEOPLE,
                "Пункты": [["номер", "текст"], ["1", "Сделать."]],
            },
            name=f"order{number}.xlsx",
        )
        order = load_order(path)
        assert get(order) == expected
        assert order.organization.header == ["УПРАВЛЕНИЕ", "ШКОЛА"]
