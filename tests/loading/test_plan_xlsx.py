"""Plans in Excel: the layout read with every value's sheet and cell, and plans written back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from docgen.cli import main
from docgen.errors import DataError, InvalidDataError
from docgen.loading import load, load_order
from docgen.loading._plan_xlsx import is_plan_workbook
from docgen.model import Deadline, Direction, OrderData, PlanData, Section
from docgen.options import Options
from docgen.plans.exporting import export_plan
from docgen.rendering import render
from tests.conftest import run_tool, write_workbook
from tests.docx_text import tables, typeset_all

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
TEMPLATE = EXAMPLES / "plan_template.xlsx"


def book(tmp_path: Path, sheets: dict[str, list[list[Any]]], name: str = "plan.xlsx") -> Path:
    return write_workbook(tmp_path / name, sheets)


ORG = [["название", "МБОУ «СОШ № 5»"]]
PLAN = [["название", "План работы"]]
ACTIVITIES = [
    ["номер", "наименование", "показатель", "сроки", "ответственные"],
    ["1", "Организация работы"],
    ["1.1", "Совещание", "Количество совещаний", "Сентябрь", "Директор"],
    [None, None, "Доля участников"],
    ["1.2", "Отчёт", None, "Май", "Заместитель директора"],
    ["2", "Работа с родителями"],
    ["2.1", "Собрание", None, "Декабрь", "Классные руководители"],
]


def plan_book(tmp_path: Path, **sheets: list[list[Any]]) -> Path:
    """The base plan with some sheets replaced (``[]`` drops a sheet), names with "_" for " "."""
    base: dict[str, list[list[Any]]] = {
        "Организация": ORG,
        "План": PLAN,
        "Мероприятия": ACTIVITIES,
    }
    for name, rows in sheets.items():
        title = name.replace("_", " ")
        if rows:
            base[title] = rows
        else:
            base.pop(title, None)
    return book(tmp_path, base)


def read(tmp_path: Path, **sheets: list[list[Any]]) -> PlanData:
    data = load(plan_book(tmp_path, **sheets))
    assert isinstance(data, PlanData)
    return data


def problems(tmp_path: Path, **sheets: list[list[Any]]) -> list[tuple[Any, ...]]:
    with pytest.raises(InvalidDataError) as info:
        load(plan_book(tmp_path, **sheets))
    return [(p.location.sheet, p.location.cell, p.message) for p in info.value.problems]


def shape(items: list[Any]) -> list[Any]:
    """The hierarchy as nested lists: ("S", number, name, [...]), ("A", number, title, inds)."""
    result: list[Any] = []
    for item in items:
        if isinstance(item, Section):
            result.append(("S", item.number, item.section, shape(item.items)))
        elif isinstance(item, Direction):
            result.append(("D", item.number, item.direction, shape(item.activities)))
        else:
            result.append(("A", item.number, item.title, item.indicators))
    return result


# ----------------------------------------------------------------------------- the example book


def test_the_example_workbook_is_a_plan_that_renders(tmp_path: Path) -> None:
    data = load(TEMPLATE)
    assert isinstance(data, PlanData)
    plan = data.plan
    assert [s.section for s in plan.body if isinstance(s, Section)] == [
        "Организационно-управленческое обеспечение",
        "Работа с обучающимися",
        "Работа с родителями и социальными партнёрами",
    ]
    activities = [a for s in plan.body if isinstance(s, Section) for a in s.items]
    assert len(activities) == 10
    assert [len(a.indicators) for a in activities].count(2) == 1
    assert {year for i in plan.indicators for year in i.targets} == {2024, 2025, 2026}
    assert plan.indicators[0].parts[0].targets[2026] == 50
    assert plan.indicators[2].targets[2024] == "не менее 45"
    result = render(TEMPLATE, Options(output_dir=tmp_path))
    table = tables(result.docx)[0]
    assert table[0] == typeset_all(
        [
            "№ п/п",
            "Наименование мероприятия",
            "Показатели",
            "Сроки",
            "Ответственные",
            "Ожидаемый результат",
        ]
    )
    row = next(i for i, r in enumerate(table) if r[0] == "2.1")
    assert table[row][2] == typeset_all(
        "Доля обучающихся 6–11 классов, зарегистрированных в проекте"
    )
    assert table[row + 1] == typeset_all(
        [
            "",
            "",
            "Доля обучающихся, прошедших профессиональные пробы",
            "",
            "",
            "",
        ]
    )
    assert (
        typeset_all(
            [
                "3.2",
                "Заключение договоров о сотрудничестве с колледжами и предприятиями",
                "",
                "01.10.2024",
                "Соколов\u00a0А.В.",
                "Договоры о сотрудничестве",
            ]
        )
        in table
    )


def test_the_example_workbook_is_what_the_tool_makes(tmp_path: Path) -> None:
    made = tmp_path / "made.xlsx"
    assert run_tool("make_plan_xlsx", str(made)) == 0
    assert made.read_bytes() == TEMPLATE.read_bytes()


def test_check_and_render_commands_take_the_workbook(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(TEMPLATE)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{TEMPLATE}: ошибок нет\n"
    result = CliRunner().invoke(main, ["render", str(TEMPLATE), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert Path(result.stdout.strip()).name == "План_МБОУ-СОШ-5_2024-2026.docx"


@pytest.mark.parametrize(
    ("titles", "plan"),
    [
        (["Организация", "План", "Мероприятия"], True),
        (["Организация", "Мероприятия"], True),
        (["organization", "activities"], True),
        (["Организация", "Документ", "Люди", "Пункты"], False),
        (["Организация", "Документ", "Мероприятия"], False),
        (["Организация"], False),
    ],
)
def test_which_workbooks_are_plans(titles: list[str], plan: bool) -> None:
    assert is_plan_workbook(titles) is plan


def test_an_order_workbook_is_still_an_order() -> None:
    assert isinstance(load(EXAMPLES / "order_template.xlsx"), OrderData)
    assert isinstance(load_order(EXAMPLES / "order_template.xlsx"), OrderData)


# --------------------------------------------------------------------------- what rows become


def test_numbers_give_the_hierarchy_and_auto_numbering_drops_them(tmp_path: Path) -> None:
    plan = read(tmp_path).plan
    assert shape(plan.body) == [
        (
            "S",
            None,
            "Организация работы",
            [
                ("A", None, "Совещание", ["Количество совещаний", "Доля участников"]),
                ("A", None, "Отчёт", []),
            ],
        ),
        ("S", None, "Работа с родителями", [("A", None, "Собрание", [])]),
    ]
    assert (plan.numbering, plan.section_dot, plan.activity_dot) == ("auto", False, False)
    assert [c.key for c in plan.columns] == [
        "number",
        "title",
        "indicators",
        "deadline",
        "responsible",
        "result",
    ]


def test_numbers_with_dots_set_the_dots(tmp_path: Path) -> None:
    rows = [
        ["номер", "наименование", "сроки"],
        ["1.", "Раздел"],
        ["1.1.", "Дело", "май"],
        ["1.2.", "Ещё", "июнь"],
    ]
    plan = read(tmp_path, Мероприятия=rows).plan
    assert (plan.numbering, plan.section_dot, plan.activity_dot) == ("auto", True, True)
    assert shape(plan.body)[0][1] is None


def test_numbers_unlike_auto_numbering_are_given(tmp_path: Path) -> None:
    rows = [
        ["номер", "наименование", "сроки"],
        ["1.", "Раздел"],
        ["1.1", "Дело", "май"],
        ["1.2.", "Ещё", "июнь"],
    ]
    plan = read(tmp_path, Мероприятия=rows).plan
    assert plan.numbering == "given"
    assert shape(plan.body) == [
        ("S", "1.", "Раздел", [("A", "1.1", "Дело", []), ("A", "1.2.", "Ещё", [])])
    ]


def test_numbering_as_in_the_source_allows_gaps_repeats_and_any_text(tmp_path: Path) -> None:
    rows = [
        ["номер", "наименование", "сроки"],
        ["5.", "Раздел"],
        ["4.1.", "Подраздел"],
        ["4.1.1", "Дело", "май"],
        ["4.1.1", "Повтор", "май"],
        ["I.", "Римский"],
        ["а)", "Дело б/н", "июнь"],
    ]
    plan = read(tmp_path, План=[*PLAN, ["нумерация", "как в источнике"]], Мероприятия=rows).plan
    assert plan.numbering == "given"
    assert shape(plan.body) == [
        (
            "S",
            "5.",
            "Раздел",
            [
                (
                    "S",
                    "4.1.",
                    "Подраздел",
                    [("A", "4.1.1", "Дело", []), ("A", "4.1.1", "Повтор", [])],
                )
            ],
        ),
        ("S", "I.", "Римский", [("A", "а)", "Дело б/н", [])]),
    ]


@pytest.mark.parametrize(
    ("settings", "labels"),
    [
        ([], ["1. Этап I", "1", "2", "2. Этап II", "1. Трек", "1"]),
        ([["номера разделов", "римские"]], ["I. Этап I", "1", "2", "II. Этап II", "1. Трек", "1"]),
    ],
)
def test_restart_numbering_in_a_workbook(
    tmp_path: Path, settings: list[list[Any]], labels: list[str]
) -> None:
    rows = [
        ["уровень", "вид", "наименование", "сроки"],
        [1, "раздел", "Этап I"],
        [2, None, "Дело", "май"],
        [2, None, "Ещё дело", "июнь"],
        [1, "раздел", "Этап II"],
        [2, "раздел", "Трек"],
        [3, None, "Дело трека", 2026],
    ]
    plan_sheet = [*PLAN, ["нумерация", "заново в каждом разделе"], *settings]
    path = plan_book(tmp_path, План=plan_sheet, Мероприятия=rows)
    result = render(path, Options(output_dir=tmp_path / "out"))
    assert [row[0] for row in tables(result.docx)[0][1:]] == typeset_all(labels)
    assert not [w for w in result.warnings if "номер" in str(w)]


@pytest.mark.parametrize(
    "numbers", [["I", "1", "2", "II", "1", "1"], ["1", "1", "2", "2", "1", "1"]]
)
def test_restart_numbers_in_a_workbook_are_kept_and_nest_by_level(
    tmp_path: Path, numbers: list[str]
) -> None:
    rows = [
        ["номер", "уровень", "вид", "наименование", "сроки"],
        [numbers[0], 1, "раздел", "Этап I"],
        [numbers[1], 2, None, "Дело", "май"],
        [numbers[2], 2, None, "Ещё дело", "июнь"],
        [numbers[3], 1, "раздел", "Этап II"],
        [numbers[4], 2, "раздел", "Трек"],
        [numbers[5], 3, None, "Дело трека", "2026"],
    ]
    plan = read(tmp_path, План=[*PLAN, ["нумерация", "заново"]], Мероприятия=rows).plan
    assert shape(plan.body) == [
        (
            "S",
            numbers[0],
            "Этап I",
            [("A", numbers[1], "Дело", []), ("A", numbers[2], "Ещё дело", [])],
        ),
        (
            "S",
            numbers[3],
            "Этап II",
            [("S", numbers[4], "Трек", [("A", numbers[5], "Дело трека", [])])],
        ),
    ]


def test_a_level_column_gives_the_hierarchy_without_numbers(tmp_path: Path) -> None:
    rows = [
        ["уровень", "вид", "наименование", "сроки"],
        [1, "раздел", "Первый"],
        [2, "раздел", "Вложенный"],
        [3, None, "Дело", "май"],
        [2, None, "Дело уровня 2", "май"],
        [1, "раздел", "Второй"],
        [None, None, "Дело без уровня", "июнь"],
    ]
    plan = read(tmp_path, Мероприятия=rows).plan
    assert shape(plan.body) == [
        (
            "S",
            None,
            "Первый",
            [
                ("S", None, "Вложенный", [("A", None, "Дело", [])]),
                ("A", None, "Дело уровня 2", []),
            ],
        ),
        ("S", None, "Второй", [("A", None, "Дело без уровня", [])]),
    ]


def test_a_row_with_only_number_and_name_is_a_section_only_above_deeper_rows(
    tmp_path: Path,
) -> None:
    rows = [
        ["номер", "наименование"],
        ["1", "Раздел"],
        ["1.1", "Только название"],
        ["1.2", "И это"],
        ["2", "Дело верхнего уровня"],
    ]
    plan = read(tmp_path, Мероприятия=rows).plan
    assert shape(plan.body) == [
        ("S", None, "Раздел", [("A", None, "Только название", []), ("A", None, "И это", [])]),
        ("A", None, "Дело верхнего уровня", []),
    ]


def test_directions_as_rows_of_their_own_and_as_a_column(tmp_path: Path) -> None:
    rows = [
        ["номер", "вид", "наименование", "направление", "сроки"],
        ["1.", "раздел", "Раздел"],
        ["1.1.", "направление", "Первое направление"],
        [None, "мероприятие", "Дело 1", None, "май"],
        [None, None, "Дело 2", None, "июнь"],
        ["1.2.", None, "Дело 3", "Второе направление", "июль"],
        [None, None, "Дело 4", None, "август"],
        [None, None, "Дело 5", "Второе направление", "сентябрь"],
        ["2.", "раздел", "Другой раздел"],
    ]
    plan = read(tmp_path, Мероприятия=rows, План=[*PLAN, ["нумерация", "как в источнике"]]).plan
    assert shape(plan.body) == [
        (
            "S",
            "1.",
            "Раздел",
            [
                (
                    "D",
                    "1.1.",
                    "Первое направление",
                    [("A", None, "Дело 1", []), ("A", None, "Дело 2", [])],
                ),
                (
                    "D",
                    "1.2.",
                    "Второе направление",
                    [
                        ("A", None, "Дело 3", []),
                        ("A", None, "Дело 4", []),
                        ("A", None, "Дело 5", []),
                    ],
                ),
            ],
        ),
        ("S", "2.", "Другой раздел", []),
    ]
    assert [c.key for c in plan.columns][:2] == ["number", "direction"]


def test_deadlines_own_columns_and_texts(tmp_path: Path) -> None:
    plan = read(
        tmp_path,
        Столбцы=[
            ["ключ", "заголовок", "ширина"],
            ["номер", "№", 0.7],
            ["мероприятие", "Дело", "4,5"],
            ["сроки", "Срок"],
            ["форма", "Форма отчёта", 2],
        ],
        Мероприятия=[
            ["номер", "наименование", "сроки", "Форма отчёта"],
            ["1", "Отчёт", datetime(2024, 5, 25), "справка"],
            ["2", "Собрание", "до 01.06.2024"],
        ],
        Текст=[
            ["где", "вид", "текст", "оформление"],
            [None, "заголовок", "Пояснительная записка"],
            [None, None, "Первый абзац."],
            [None, "список", "один\nдва", "номера"],
            ["после таблицы", "абзац", "Конец."],
        ],
    ).plan
    assert [(c.key, c.heading, c.width) for c in plan.columns] == [
        ("number", "№", 0.7),
        ("title", "Дело", 4.5),
        ("deadline", "Срок", 0),
        ("форма", "Форма отчёта", 2.0),
    ]
    first, second = plan.body
    assert first.deadline == Deadline(date=date(2024, 5, 25))  # type: ignore[union-attr]
    assert first.cells == {"форма": "справка"}  # type: ignore[union-attr]
    assert second.deadline == "до 01.06.2024"  # type: ignore[union-attr]
    assert [b.model_dump(exclude_defaults=True) for b in plan.intro] == [
        {"heading": "Пояснительная записка"},
        {"paragraph": "Первый абзац."},
        {"items": ["один", "два"], "style": "number"},
    ]
    assert [b.paragraph for b in plan.outro] == ["Конец."]


def test_plan_sheet_fields_and_the_approval(tmp_path: Path) -> None:
    data = read(
        tmp_path,
        План=[
            ["поле", "значение"],
            ["название", "План\nработы"],
            ["период", "2024 год"],
            ["задачи", "первая;\nвторая."],
            ["строка раздела", "номер отдельно"],
            ["альбомная", "нет"],
            ["гриф", "утвержден"],
            ["дата утверждения", "01.09.2024"],
            ["номер документа", "12-од"],
        ],
        Люди=[["ключ", "фамилия", "имя", "пол"], ["sokolov", "Соколов", "Андрей", "м"]],
    )
    plan = data.plan
    assert (plan.title, plan.period, plan.tasks) == (
        "План\nработы",
        "2024 год",
        ["первая;", "вторая."],
    )
    assert (plan.section_row, plan.landscape) == ("number_apart", False)
    assert data.approval is not None
    assert (data.approval.style, data.approval.date, data.approval.number) == (
        "approved",
        date(2024, 9, 1),
        "12-од",
    )
    assert data.people["sokolov"].surname == "Соколов"


# --------------------------------------------------------------------------------- bad input

TAIL = "; если так в источнике, укажите на листе «План» нумерацию «как в источнике»"


@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        (  # a numbering gap
            {
                "Мероприятия": [
                    ["номер", "наименование", "сроки"],
                    ["1", "Раздел"],
                    ["1.1", "Дело", "май"],
                    ["4", "Раздел"],
                    ["4.1", "Дело", "июнь"],
                ]
            },
            [
                (
                    "Мероприятия",
                    "A4",
                    "пропуск в нумерации: номер «4», а после «1.1» ожидается 1.1.1, 1.2 или 2"
                    + TAIL,
                )
            ],
        ),
        (  # a repeated number
            {
                "Мероприятия": [
                    ["номер", "наименование", "сроки"],
                    ["1", "Раздел"],
                    ["1.1", "Дело", "май"],
                    ["1.1", "Ещё дело", "июнь"],
                ]
            },
            [("Мероприятия", "A4", "номер «1.1» повторяется (первый раз — в ячейке A3)" + TAIL)],
        ),
        (  # an activity without a name
            {
                "Мероприятия": [
                    ["номер", "наименование", "сроки"],
                    ["1", "Раздел"],
                    ["1.1", "Дело", "май"],
                    ["1.2", None, "июнь"],
                ]
            },
            [("Мероприятия", "B4", "не указано наименование мероприятия")],
        ),
        (  # a year header that is not a year
            {"Показатели": [["№", "наименование", "2024 г.", 2025], ["1", "Доля", 10, 20]]},
            [("Показатели", "C1", "заголовок столбца «2024 г.» не читается: ожидается год (2024)")],
        ),
        (  # an unknown column, with a typo hint
            {"Мероприятия": [["номер", "наименование", "ответственый"], ["1", "Дело", "Директор"]]},
            [
                (
                    "Мероприятия",
                    "C1",
                    "неизвестный столбец «ответственый» (опечатка? похоже на «ответственный»); "
                    "столбцы листа: номер, уровень, вид, наименование, направление, показатель, "
                    "сроки, ответственные, результат, ключ, для школ",
                )
            ],
        ),
        (  # an unknown sheet, with a typo hint
            {"Мероприятя": [["номер", "наименование"]]},
            [
                (
                    "Мероприятя",
                    None,
                    "неизвестный лист «Мероприятя» (опечатка? похоже на «Мероприятия»); в книге плана "
                    "docgen читает листы: «Организация», «Люди», «План», «Столбцы», «Мероприятия», «Показатели», "
                    "«Текст», «Источники», «Сноски», «Согласовано», «Школа», «Столбцы показателей»",
                )
            ],
        ),
        (
            {"План": [*PLAN, ["нумерация", "ручная"]]},
            [
                (
                    "План",
                    "B2",
                    "недопустимое значение «ручная»; допустимые значения: авто, как в источнике, "
                    "заново в каждом разделе",
                )
            ],
        ),
        (
            {"Мероприятия": [["номер", "вид", "наименование"], ["1", "подраздел", "Дело"]]},
            [
                (
                    "Мероприятия",
                    "B2",
                    "недопустимое значение «подраздел»; допустимые значения: "
                    "раздел, направление, мероприятие",
                )
            ],
        ),
        (
            {
                "Мероприятия": [
                    ["номер", "наименование", "показатель"],
                    [None, None, "Доля"],
                    ["1", "Дело", "Число"],
                ]
            },
            [
                (
                    "Мероприятия",
                    "C2",
                    "показатель без мероприятия: строка, где заполнен только "
                    "«показатель», добавляет показатель мероприятию выше",
                )
            ],
        ),
        (
            {
                "Мероприятия": [
                    ["номер", "вид", "наименование", "сроки"],
                    ["1", "раздел", "Раздел", "май"],
                    ["1.1", None, "Дело", "май"],
                ]
            },
            [
                (
                    "Мероприятия",
                    "D2",
                    "у раздела заполнен столбец «сроки»: в строке раздела — "
                    "только номер и наименование",
                )
            ],
        ),
        (
            {
                "Мероприятия": [
                    ["номер", "наименование", "сроки"],
                    ["1", "Раздел"],
                    [datetime(2024, 1, 1), "Дело", "май"],
                ]
            },
            [
                (
                    "Мероприятия",
                    "A3",
                    "Excel принял номер за дату (01.01): задайте столбцу «номер» "
                    "текстовый формат и введите номер заново",
                )
            ],
        ),
        (
            {
                "Мероприятия": [
                    ["номер", "наименование", "сроки"],
                    ["1", "Раздел"],
                    [1.1, "Дело", "май"],
                    [1.10, "Дело", "июнь"],
                ]
            },
            [
                (
                    "Мероприятия",
                    "A4",
                    "номер «1.1» повторяется (первый раз — в ячейке A3) (Excel "
                    "хранит номер как число: задайте ячейке текстовый формат)" + TAIL,
                )
            ],
        ),
        (  # a schema error, placed at its cell
            {
                "Столбцы": [
                    ["ключ", "заголовок", "ширина"],
                    ["номер", "№", "широкая"],
                    ["мероприятие", "Дело"],
                ]
            },
            [("Столбцы", "C2", "ожидается число, а не «широкая»")],
        ),
        (
            {"Столбцы": [["ключ", "заголовок"], ["срокии", "Сроки"], ["мероприятие", "Дело"]]},
            [
                (
                    "Столбцы",
                    "A2",
                    "неизвестный ключ столбца «срокии» (опечатка? похоже на «сроки»); "
                    "ключи: номер, направление, мероприятие, показатели, сроки, ответственные, "
                    "результат или своё слово без пробелов для своего столбца",
                )
            ],
        ),
        (
            {"План": []},
            [
                (
                    None,
                    None,
                    "нет листа «План»; в книге плана docgen читает листы: «Организация», «Люди», «План», "
                    "«Столбцы», «Мероприятия», «Показатели», «Текст», «Источники», «Сноски», «Согласовано», «Школа», «Столбцы показателей»",
                )
            ],
        ),
        (
            {"Организация": [["название", None]]},
            [("Организация", "B1", "обязательное поле не заполнено")],
        ),
        (
            {
                "Показатели": [
                    ["№", "наименование", 2024],
                    ["1", "Доля", 10],
                    ["3", "Число", 5],
                    ["3.1", None, 2],
                ]
            },
            [
                (
                    "Показатели",
                    "A3",
                    "неверный номер показателя «3»: после «1» ожидается 1.1 или 2",
                ),
                ("Показатели", "B4", "обязательное поле не заполнено"),
            ],
        ),
    ],
)
def test_bad_input_is_named_by_sheet_and_cell(
    tmp_path: Path, sheets: dict[str, list[list[Any]]], expected: list[tuple[Any, ...]]
) -> None:
    assert problems(tmp_path, **sheets) == expected


def test_every_problem_is_reported_at_once_in_sheet_order(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        План=[*PLAN, ["точка после номера раздела", "может быть"]],
        Мероприятия=[
            ["номер", "наименование", "сроки"],
            ["1", "Раздел"],
            ["1.1", None, "май"],
            ["3", "Раздел"],
        ],
        Показатели=[["№", "наименование", "2025 год"]],
        Заметки=[["что-то"]],
    )
    assert [(sheet, cell) for sheet, cell, _ in found] == [
        ("План", "B2"),
        ("Мероприятия", "B3"),
        ("Мероприятия", "A4"),
        ("Показатели", "C1"),
        ("Заметки", None),
    ]


# ------------------------------------------------------------------------------------- export

PLAN_FILES = [
    "municipal_plan_tambov.yaml",
    "rasporyazhenie_408.yaml",
    "order_953.yaml",
    "plan_tutaev.yaml",
]


def plan_data(name: str) -> PlanData:
    """The example's plan as a plan file: an order's plan with the order's author and people."""
    data = load(EXAMPLES / name)
    if isinstance(data, PlanData):
        return data
    plan = data.document.appendices[0].plan
    assert plan is not None
    return PlanData(organization=data.organization, people=data.people, plan=plan)


@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
@pytest.mark.parametrize("name", [*PLAN_FILES, "plan_template.xlsx"])
def test_an_exported_plan_reads_back_equal(tmp_path: Path, name: str, suffix: str) -> None:
    data = plan_data(name)
    content = export_plan(data, suffix)
    assert export_plan(data, suffix) == content  # the same bytes every time
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(content)
    assert load(path) == data


def test_the_workbook_export_has_the_layout_it_reads(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(export_plan(plan_data("rasporyazhenie_408.yaml"), ".xlsx"))
    workbook = load_workbook(path)
    assert workbook.sheetnames == [
        "Организация",
        "Люди",
        "План",
        "Столбцы",
        "Мероприятия",
        "Показатели",
        "Текст",
        "Источники",
        "Сноски",
    ]
    rows = list(workbook["Мероприятия"].iter_rows(values_only=True))
    assert rows[0][:3] == ("номер", "вид", "наименование")
    assert rows[1][:3] == (
        "1.",
        "раздел",
        "Нормативно-правовое, организационно-управленческое обеспечение",
    )
    assert rows[2][:2] == ("1.1.", "направление")
    assert rows[3][:3] == (None, "мероприятие", "Разработка положения о мониторинге системы СПС")
    plan = {row[0]: row[1] for row in workbook["План"].iter_rows(values_only=True)}
    assert (plan["нумерация"], plan["строка раздела"]) == ("как в источнике", "номер отдельно")
    assert workbook.properties.created == datetime(2000, 1, 1)


def test_the_yaml_export_is_written_to_be_read(tmp_path: Path) -> None:
    text = export_plan(plan_data("order_953.yaml"), ".yaml").decode("utf-8")
    assert "  title: |-\n    ПЛАН МЕРОПРИЯТИЙ («ДОРОЖНАЯ КАРТА»)\n" in text
    assert "  columns:\n    - number: № п/п\n    - title: Наименование мероприятия\n" in text
    assert "    - number: '1'\n      title: >-\n        Определение цели работы" in text
    assert "!!" not in text and "numbering: given" in text
    assert max(len(line) for line in text.splitlines()) < 110


def test_what_the_workbook_cannot_hold_is_reported() -> None:
    plan = plan_data("municipal_plan_tambov.yaml")
    body = plan.plan.model_dump(mode="python", by_alias=True)
    body["body"][0]["items"][0]["responsible"] = ["Директор", "Завуч"]
    body["body"][0]["items"][1]["deadline"] = "до: 01.05.2024"  # would read back as fields
    changed = PlanData.model_validate(
        {
            **plan.model_dump(mode="python", by_alias=True),
            "plan": body,
            "school": {
                "drop": ["1.1."],
                "add": [{"after": "1.2", "activity": {"title": "Своё", "number": "1.2а"}}],
            },
        }
    )
    with pytest.raises(InvalidDataError) as info:
        export_plan(changed, ".xlsx")
    found = [(p.location.key_path, p.message) for p in info.value.problems]
    assert [path for path, _ in found] == [
        "school.add[0].activity.number",
        "plan.body[0].items[0].responsible",
        "plan.body[0].items[1].deadline",
    ]
    assert all(
        message.endswith("в книге Excel этого нет: сохраните план в .yaml") for _, message in found
    )
    assert export_plan(changed, ".yaml")  # YAML holds everything


def test_an_unknown_export_format_is_an_error() -> None:
    with pytest.raises(DataError, match=r"неизвестный формат файла «\.docx»"):
        export_plan(plan_data("municipal_plan_tambov.yaml"), ".docx")


@pytest.mark.parametrize(("typed", "share"), [(0.3, 0.3), ("0,3", 0.3), (None, 0.5)])
def test_the_share_of_a_page_over_which_rows_split(
    tmp_path: Path, typed: Any, share: float
) -> None:
    plan = read(tmp_path, План=[*PLAN, ["делить строки выше доли страницы", typed]]).plan
    assert plan.split_rows_over == share


@pytest.mark.parametrize("share", [0.3, 0.5])
def test_the_share_of_a_page_is_written_to_the_workbook_and_read_back(
    tmp_path: Path, share: float
) -> None:
    data = read(tmp_path, План=[*PLAN, ["делить строки выше доли страницы", share]])
    path = tmp_path / "again.xlsx"
    path.write_bytes(export_plan(data, ".xlsx"))
    assert load(path) == data
    names = [row[0] for row in load_workbook(path)["План"].iter_rows(values_only=True)]
    assert ("делить строки выше доли страницы" in names) is (share != 0.5)
