"""Reading monitoring workbooks: values exact, no data never zero, every flaw at its cell."""

from __future__ import annotations

import copy
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from docgen.errors import DataError, InvalidDataError
from docgen.reports.monitoring import Better, Period, Status, load_monitoring, parse_period
from docgen.reports.report import make_report
from tests.conftest import write_workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "examples" / "monitoring.xlsx"

BASE: dict[str, list[list[Any]]] = {
    "Отчёт": [
        ["поле", "значение"],
        ["заголовок", "Об итогах мониторинга"],
        ["организация", "Управление образования"],
        ["подчинённость", "администрации Тестового района"],
        ["дата", datetime(2024, 5, 31)],
        ["период", "2023-2024 учебный год"],
        ["предыдущий период", "2022-2023"],
        ["должность подписывающего", "Начальник управления"],
        ["подписывает", "А.Б. Иванова"],
    ],
    "Школы": [
        ["ключ", "полное название", "краткое название", "тип"],
        [
            "s1",
            "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
            "общеобразовательная школа № 1»",
            "МБОУ «СОШ № 1»",
            "СОШ",
        ],
        [
            "s2",
            "Муниципальное автономное общеобразовательное учреждение «Лицей № 2»",
            "МАОУ «Лицей № 2»",
            "лицей",
        ],
        [
            "s3",
            "Муниципальное бюджетное общеобразовательное учреждение «Основная "
            "общеобразовательная школа № 3»",
            "МБОУ «ООШ № 3»",
            "ООШ",
        ],
    ],
    "Показатели": [
        ["ключ", "наименование", "единица", "цель", "лучше"],
        ["share", "Доля обучающихся, охваченных мероприятиями", "%", 80, "больше"],
        ["drop", "Доля выпускников, не определившихся с выбором", "%", 6, "меньше"],
        ["events", "Количество мероприятий", "ед.", 12, None],
    ],
    "Значения": [
        ["школа", "период", "share", "drop", "events"],
        ["s1", "2022-2023 учебный год", 70, 9, 10],
        ["s2", "2022-2023 учебный год", 81.5, 5, 12],
        ["МБОУ «СОШ № 1»", "2023-2024 учебный год", 82.5, "нет данных", 13],
        ["s2", "2023-2024", "79,9", 7.25, 14],
        ["s3", "2023/24", None, 4, 11],
    ],
    "Мероприятия": [
        ["№", "мероприятие", "ответственный", "срок", "статус", "дата выполнения", "школа"],
        [
            1,
            "Совещание",
            "Отдел образования",
            "до 01.10.2023",
            "выполнено",
            datetime(2023, 9, 20),
            None,
        ],
        [
            2,
            "Ярмарка профессий",
            "Отдел образования, Руководители ОО",
            "до 01.03.2024",
            "выполняется",
            None,
            None,
        ],
        [3, "Профпробы", "Руководители ОО", "Март – май 2024 г.", "не выполнено", None, "s2"],
        [4, "Курсы", "ИМЦ", "По отдельному графику", "выполняется", None, None],
    ],
    "Рекомендации": [
        ["показатель", "порог", "текст"],
        ["share", None, "Повысить охват до {{ target | percent }} (сейчас {{ value | percent }})"],
        ["drop", 5, "Консультировать выпускников ({{ school.name | рд }})"],
    ],
}


def workbook(
    tmp_path: Path, sheets: dict[str, list[list[Any]]] | None = None, name: str = "monitoring.xlsx"
) -> Path:
    return write_workbook(tmp_path / name, sheets or BASE)


def changed(**edits: Any) -> dict[str, list[list[Any]]]:
    """A copy of BASE with cells replaced: edits like Значения=[(row, column, value), …]."""
    sheets = copy.deepcopy(BASE)
    for title, cells in edits.items():
        for row, column, value in cells:
            sheets[title][row][column] = value
    return sheets


def problems(path: Path) -> list[str]:
    with pytest.raises(InvalidDataError) as info:
        load_monitoring(path)
    return [str(p) for p in info.value.problems]


def test_a_good_workbook_reads_exactly(tmp_path: Path) -> None:
    data = load_monitoring(workbook(tmp_path))
    header = data.header
    assert header.period == Period(2023, True) and header.previous == Period(2022, True)
    assert header.periods == (Period(2022, True), Period(2023, True))
    assert header.signer == "А.Б.\u00a0Иванова"
    assert [s.key for s in data.schools] == ["s1", "s2", "s3"]
    assert [(i.key, i.unit, i.target, i.better) for i in data.indicators] == [
        ("share", "%", 80, Better.MORE),
        ("drop", "%", 6, Better.LESS),
        ("events", "ед.", 12, Better.MORE),
    ]
    now = header.period
    assert data.value("s2", now, "share") == Fraction(799, 10)  # "79,9" with a comma
    assert data.value("s2", now, "drop") == Fraction(29, 4)  # 7.25 exactly
    assert data.value("s1", now, "drop") is None  # "нет данных" is no value, not zero
    assert data.value("s3", now, "share") is None  # an empty cell too
    assert data.value("s1", now, "share") == Fraction(165, 2)  # the row named by short name
    assert [a.status for a in data.activities] == [
        Status.DONE,
        Status.IN_PROGRESS,
        Status.NOT_DONE,
        Status.IN_PROGRESS,
    ]
    assert data.activities[2].school == "s2" and data.activities[3].span is None
    assert [(r.indicator, r.threshold) for r in data.rules] == [("share", 80), ("drop", 5)]
    assert data.school("мбоу «сош № 1»") == data.schools[0]


def test_the_example_workbook(tmp_path: Path) -> None:
    data = load_monitoring(EXAMPLE)
    assert len(data.schools) == 15
    assert {s.kind for s in data.schools} >= {"СОШ", "лицей", "гимназия", "ООШ"}
    assert [i.key for i in data.indicators] == [
        "proforientation",
        "bilet",
        "profile_ege",
        "undecided",
        "events",
    ]
    assert data.indicators[3].better is Better.LESS  # from the sheet, the rest from the plan
    assert data.indicators[0].target == 80  # the plan's target for 2024
    assert len(data.header.periods) == 3
    # the last row's first value is typed in Excel's percent format (0.842 shown as 84,2 %)
    assert data.value("malin", data.header.period, "proforientation") == Fraction(842, 10)


def test_a_percent_cell_of_excel_is_a_percentage(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    from openpyxl import load_workbook

    book = load_workbook(path)
    cell = book["Значения"]["C5"]
    cell.value, cell.number_format = 0.799, "0.0%"
    book.save(path)
    data = load_monitoring(path)
    assert data.value("s2", data.header.period, "share") == Fraction(799, 10)


@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        (
            changed(Значения=[(4, 2, "много")]),
            "лист «Значения», ячейка C5: «много» — не число; если данных нет, оставьте ячейку пустой",
        ),
        (
            changed(Значения=[(4, 2, 120)]),
            "лист «Значения», ячейка C5: share: процент должен быть от 0 до 100, а не 120",
        ),
        (
            changed(Значения=[(4, 3, -5)]),
            "лист «Значения», ячейка D5: drop: процент должен быть от 0 до 100, а не −5",
        ),
        (
            changed(Значения=[(4, 0, "s9")]),
            "лист «Значения», ячейка A5: неизвестная школа «s9»; на листе «Школы»: МБОУ «СОШ № 1», "
            "МАОУ «Лицей № 2», МБОУ «ООШ № 3»",
        ),
        (
            changed(Значения=[(0, 4, "evnts")]),
            "лист «Значения», ячейка E1: неизвестный показатель «evnts» (опечатка? похоже на "
            "«events»)",
        ),
        (
            changed(Значения=[(4, 1, "2021-2022")]),
            "лист «Значения», ячейка B5: неизвестный период «2021-2022»; периоды справки: "
            "2022-2023 учебный год, 2023-2024 учебный год (лист «Отчёт»)",
        ),
        (
            changed(Значения=[(4, 0, "s1")]),
            "лист «Значения», ячейка A5: строка школы «МБОУ «СОШ № 1»» за 2023-2024 учебный год "
            "уже есть (строка 4)",
        ),
        (
            changed(Значения=[(4, 1, "2023-2025")]),
            "лист «Значения», ячейка B5: период «2023-2025»: год окончания должен быть на 1 больше",
        ),
        (
            changed(Мероприятия=[(2, 4, "почти")]),
            "лист «Мероприятия», ячейка E3: недопустимый статус «почти»; допустимые значения: "
            "выполнено, выполняется, не выполнено",
        ),
        (
            changed(Мероприятия=[(1, 5, datetime(2024, 6, 5))]),
            "лист «Мероприятия», ячейка F2: дата выполнения 05.06.2024 позже даты справки 31.05.2024",
        ),
        (
            changed(Рекомендации=[(1, 2, "Повысить {{ value | percent ")]),
            "лист «Рекомендации», ячейка C2: ошибка в шаблоне текста:",
        ),
        (
            changed(Рекомендации=[(2, 0, "dropp")]),
            "лист «Рекомендации», ячейка A3: неизвестный показатель «dropp»",
        ),
        (
            changed(Показатели=[(1, 3, 150)]),
            "лист «Показатели», ячейка D2: цель показателя «share»: процент должен быть от 0 до 100",
        ),
        (
            changed(Показатели=[(2, 4, "хуже")]),
            "лист «Показатели», ячейка E3: недопустимое значение «хуже»; допустимые значения: "
            "больше, меньше",
        ),
        (
            changed(Отчёт=[(5, 1, "прошлый год")]),
            "лист «Отчёт», ячейка B6: нераспознанный период «прошлый год»",
        ),
        (
            changed(Отчёт=[(1, 0, "заголовк")]),
            "лист «Отчёт», ячейка A2: неизвестное поле «заголовк» (опечатка? похоже на «заголовок»)",
        ),
        (
            changed(Школы=[(2, 2, "МБОУ «СОШ № 1»")]),
            "лист «Школы», ячейка C3: «МБОУ «СОШ № 1»» уже названа школа в ячейке C2",
        ),
    ],
)
def test_bad_input_names_the_sheet_and_the_cell(
    tmp_path: Path, sheets: dict[str, Any], expected: str
) -> None:
    path = workbook(tmp_path, sheets)
    found = problems(path)
    assert any(expected in p.replace("\u00a0", " ") for p in found), found
    assert all(p.startswith(str(path)) for p in found)


def test_every_problem_is_reported_at_once_in_sheet_order(tmp_path: Path) -> None:
    sheets = changed(
        Значения=[(4, 2, "много"), (3, 4, -1), (1, 0, "s9")], Мероприятия=[(2, 4, "почти")]
    )
    sheets["Лишний"] = [["x"]]
    found = problems(workbook(tmp_path, sheets))
    where = [p.split(": ")[1] for p in found]
    assert where == [
        "лист «Значения», ячейка A2",
        "лист «Значения», ячейка E4",
        "лист «Значения», ячейка C5",
        "лист «Мероприятия», ячейка E3",
        "лист «Лишний»",
    ]


def test_a_missing_required_field_and_sheet(tmp_path: Path) -> None:
    sheets = copy.deepcopy(BASE)
    sheets["Отчёт"] = [row for row in sheets["Отчёт"] if row[0] != "подписывает"]
    del sheets["Школы"]
    found = problems(workbook(tmp_path, sheets))
    assert any("не заполнено обязательное поле «подписывает»" in p for p in found)
    assert any("нет листа «Школы»" in p for p in found)


def test_a_broken_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(DataError, match="не удалось открыть книгу Excel"):
        load_monitoring(path)
    with pytest.raises(DataError, match="файл не найден"):
        load_monitoring(tmp_path / "absent.xlsx")


def test_a_recommendation_that_fails_names_its_cell_and_nothing_is_written(tmp_path: Path) -> None:
    sheets = changed(Рекомендации=[(1, 2, "Повысить {{ schol.short }}")])
    out = tmp_path / "out"
    with pytest.raises(InvalidDataError) as info:
        make_report(workbook(tmp_path, sheets), output_dir=out)
    (problem,) = info.value.problems  # one broken rule, one message for all its schools
    assert "лист «Рекомендации», ячейка C2" in str(problem) and "schol" in str(problem)
    assert not out.exists()


def test_bad_data_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(InvalidDataError):
        make_report(workbook(tmp_path, changed(Значения=[(4, 2, 120)])), output_dir=out)
    assert not out.exists()


def test_an_unknown_school_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(DataError) as info:
        make_report(workbook(tmp_path), output_dir=tmp_path / "out", school="s7")
    assert "нет школы «s7»" in str(info.value)
    assert "s1 (МБОУ «СОШ № 1»); s2 (МАОУ «Лицей № 2»); s3 (МБОУ «ООШ № 3»)" in str(info.value)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2023-2024 учебный год", Period(2023, True)),
        ("2023/24", Period(2023, True)),
        ("2023 – 2024 уч. год", Period(2023, True)),
        ("2023 год", Period(2023, False)),
        (2023, Period(2023, False)),
    ],
)
def test_periods(text: object, period: Period) -> None:
    assert parse_period(text) == period


def test_period_texts() -> None:
    assert Period(2022, True).text("ablt") == "2022-2023 учебным годом"
    assert Period(2023, False).text("loct") == "2023 году"
    assert Period(2023, True).key == "2023-2024"


PLAN_INDICATORS = (
    "    - {key: share, name: Доля охваченных, unit: '%', targets: {2023: 70, 2024: 75}}\n"
    "    - {key: drop, name: Доля неопределившихся, unit: '%', targets: {2024: 6}}\n"
    "    - {name: Без ключа, targets: {2024: 1}}\n"
)
# the same indicators in groups of the indicator table (section with items)
GROUPED_INDICATORS = (
    "    - section: Охват\n      items:\n"
    "        - {key: share, name: Доля охваченных, unit: '%', targets: {2023: 70, 2024: 75}}\n"
    "    - section: Выбор\n      items:\n"
    "        - {key: drop, name: Доля неопределившихся, unit: '%', targets: {2024: '6,0'}}\n"
    "        - {name: Без ключа, targets: {2024: 1}}\n"
)


@pytest.mark.parametrize("indicators", [PLAN_INDICATORS, GROUPED_INDICATORS])
def test_indicators_from_the_plan_file(tmp_path: Path, indicators: str) -> None:
    (tmp_path / "plan.yaml").write_text(
        "organization: {name: Управление образования}\n"
        "plan:\n  title: План\n  indicators:\n" + indicators,
        encoding="utf-8",
    )
    sheets = copy.deepcopy(BASE)
    sheets["Отчёт"].append(["план", "plan.yaml"])
    sheets["Показатели"] = [["ключ", "лучше"], ["drop", "меньше"]]
    sheets["Значения"] = [row[:4] for row in sheets["Значения"]]
    sheets["Рекомендации"] = sheets["Рекомендации"][:2]
    data = load_monitoring(workbook(tmp_path, sheets))
    assert [(i.key, i.name, i.target, i.better) for i in data.indicators] == [
        ("share", "Доля охваченных", 75, Better.MORE),
        ("drop", "Доля неопределившихся", 6, Better.LESS),
    ]


def test_a_plan_without_the_target_of_the_year_is_named(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(
        "organization: {name: Управление образования}\n"
        "plan:\n  title: План\n  indicators:\n"
        "    - {key: share, name: Доля охваченных, unit: '%', targets: {2023: 70}}\n",
        encoding="utf-8",
    )
    sheets = copy.deepcopy(BASE)
    sheets["Отчёт"].append(["план", "plan.yaml"])
    del sheets["Показатели"]
    sheets["Значения"] = [row[:3] for row in sheets["Значения"]]
    del sheets["Рекомендации"]
    found = problems(workbook(tmp_path, sheets))
    assert any("plan.yaml" in p and "нет целевого значения на 2024 год" in p for p in found)
