"""Write data/examples/monitoring.xlsx: the monitoring of a district plan, ready for a report.

Why a script: the workbook is a binary file; the script is what reviewers read, and it makes
the same bytes on every run (values from a seeded generator, fixed dates in the properties
and the zip entries). The layout is the one :mod:`docgen.reports.monitoring` reads (see its
docstring); the indicators and targets come from ``monitoring_plan.yaml`` beside it.

    python tools/make_monitoring_xlsx.py [output.xlsx]
"""

from __future__ import annotations

import random
import sys
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.office.excel import stable_bytes  # noqa: E402
from docgen.office.files import atomic_write_bytes  # noqa: E402

OUTPUT = ROOT / "data" / "examples" / "monitoring.xlsx"
STAMP = datetime(2024, 5, 31, 9, 0)
HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
WRAP = Alignment(wrap_text=True, vertical="top")

REPORT: list[tuple[str, object, str]] = [
    (
        "заголовок",
        "Об итогах мониторинга реализации плана мероприятий по профессиональной "
        "ориентации обучающихся общеобразовательных организаций",
        "тема справки",
    ),
    ("организация", "Управление образования", "кто составляет справку"),
    ("подчинённость", "администрации Заречного муниципального округа", ""),
    ("место", "г. Заречный", ""),
    ("дата", datetime(2024, 5, 31), "от нее считаются просроченные мероприятия"),
    ("период", "2023-2024 учебный год", "отчетный период"),
    ("предыдущий период", "2022-2023 учебный год", "с ним сравниваются значения"),
    (
        "периоды",
        "2021-2022 учебный год\n2022-2023 учебный год\n2023-2024 учебный год",
        "для графика динамики",
    ),
    ("план", "monitoring_plan.yaml", "показатели и цели (путь от папки книги)"),
    (
        "должность подписывающего",
        "Начальник управления образования\nадминистрации Заречного\nмуниципального округа",
        "",
    ),
    ("подписывает", "Е.В. Соколова", "И.О. Фамилия"),
    ("исполнитель", "Лебедева М.А.", ""),
    ("телефон исполнителя", "8 (48533) 2-15-40", ""),
]

SCHOOLS: list[tuple[str, str, str, str]] = [
    (
        "sosh1",
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 1»",
        "МБОУ «СОШ № 1»",
        "СОШ",
    ),
    (
        "sosh2",
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 2 имени Героя Советского Союза И.А. Петрова»",
        "МБОУ «СОШ № 2 им. И.А. Петрова»",
        "СОШ",
    ),
    (
        "sosh3",
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 3 с углубленным изучением отдельных предметов»",
        "МБОУ «СОШ № 3 с УИОП»",
        "СОШ",
    ),
    (
        "sosh5",
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 5»",
        "МБОУ «СОШ № 5»",
        "СОШ",
    ),
    (
        "sosh7",
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 7»",
        "МБОУ «СОШ № 7»",
        "СОШ",
    ),
    (
        "sosh9",
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 9»",
        "МБОУ «СОШ № 9»",
        "СОШ",
    ),
    (
        "licey1",
        "Муниципальное автономное общеобразовательное учреждение «Лицей № 1»",
        "МАОУ «Лицей № 1»",
        "лицей",
    ),
    (
        "licey3",
        "Муниципальное автономное общеобразовательное учреждение «Технический лицей № 3»",
        "МАОУ «Технический лицей № 3»",
        "лицей",
    ),
    (
        "gimn2",
        "Муниципальное автономное общеобразовательное учреждение «Гимназия № 2 имени А.С. Пушкина»",
        "МАОУ «Гимназия № 2 им. А.С. Пушкина»",
        "гимназия",
    ),
    (
        "erudit",
        "Муниципальное бюджетное общеобразовательное учреждение «Гимназия «Эрудит»»",
        "МБОУ «Гимназия «Эрудит»»",
        "гимназия",
    ),
    (
        "kadet",
        "Муниципальное бюджетное общеобразовательное учреждение «Кадетская школа имени "
        "генерала А.П. Ермолова»",
        "МБОУ «Кадетская школа им. А.П. Ермолова»",
        "кадетская школа",
    ),
    (
        "nikol",
        "Муниципальное общеобразовательное учреждение «Никольская средняя школа»",
        "МОУ «Никольская СШ»",
        "СОШ",
    ),
    (
        "oosh4",
        "Муниципальное бюджетное общеобразовательное учреждение «Основная "
        "общеобразовательная школа № 4»",
        "МБОУ «ООШ № 4»",
        "ООШ",
    ),
    (
        "berez",
        "Муниципальное бюджетное общеобразовательное учреждение «Березовская основная "
        "общеобразовательная школа»",
        "МБОУ «Березовская ООШ»",
        "ООШ",
    ),
    (
        "malin",
        "Муниципальное казенное общеобразовательное учреждение «Малиновская основная "
        "общеобразовательная школа»",
        "МКОУ «Малиновская ООШ»",
        "ООШ",
    ),
]

INDICATORS_HEADER = ("ключ", "наименование", "единица", "цель", "лучше")
#: The plan gives names, units and targets; the sheet says only which way is better.
INDICATORS: list[tuple[object, ...]] = [
    ("proforientation", None, None, None, "больше"),
    ("bilet", None, None, None, "больше"),
    ("profile_ege", None, None, None, "больше"),
    ("undecided", None, None, None, "меньше"),
    ("events", None, None, None, "больше"),
]
KEYS = [row[0] for row in INDICATORS]
PERIODS = ("2021-2022 учебный год", "2022-2023 учебный год", "2023-2024 учебный год")

#: (level in 2021-2022, yearly gain) of each indicator, around which schools spread.
TRENDS: dict[str, tuple[float, float, float, float]] = {
    # start, gain per year, spread, bounds upper
    "proforientation": (66, 7, 9, 100),
    "bilet": (20, 7, 8, 100),
    "profile_ege": (50, 5, 9, 100),
    "undecided": (11, -2, 3, 100),
    "events": (9, 2, 3, 1000),
}

ACTIVITIES_HEADER = (
    "№",
    "мероприятие",
    "ответственный",
    "срок",
    "статус",
    "дата выполнения",
    "школа",
)
ACTIVITIES: list[tuple[object, ...]] = [
    (
        "1",
        "Актуализация состава муниципальной команды по профессиональной ориентации",
        "Отдел общего образования",
        "до 01.10.2023",
        "выполнено",
        datetime(2023, 9, 25),
        None,
    ),
    (
        "2",
        "Совещание руководителей ОО по реализации профориентационного минимума",
        "Отдел общего образования",
        "Сентябрь 2023 г.",
        "выполнено",
        datetime(2023, 9, 14),
        None,
    ),
    (
        "3",
        "Методический семинар для педагогов-навигаторов проекта «Билет в будущее»",
        "МКУ «Информационно-методический центр»",
        "Октябрь – ноябрь 2023 г.",
        "выполнено",
        datetime(2023, 11, 22),
        None,
    ),
    (
        "4",
        "Муниципальный конкурс профориентационных проектов «Моя профессия — мое будущее»",
        "Отдел дополнительного образования и воспитания",
        "Март – апрель 2024 г.",
        "выполнено",
        datetime(2024, 4, 19),
        None,
    ),
    (
        "5",
        "Ярмарка профессий с участием предприятий округа",
        "Отдел дополнительного образования и воспитания",
        "до 01.03.2024",
        "не выполнено",
        None,
        None,
    ),
    (
        "6",
        "Профориентационная диагностика обучающихся 8–9 классов",
        "Руководители ОО",
        "Декабрь 2023 г.",
        "выполнено",
        datetime(2023, 12, 20),
        None,
    ),
    (
        "7",
        "Профессиональные пробы на базе колледжей округа",
        "Руководители ОО",
        "Март – май 2024 г.",
        "выполняется",
        None,
        None,
    ),
    (
        "8",
        "Родительские собрания по выбору профиля обучения и профессии",
        "Руководители ОО",
        "Ежегодно до 25 мая",
        "выполнено",
        datetime(2024, 5, 20),
        None,
    ),
    (
        "9",
        "Экскурсии обучающихся на предприятия агропромышленного комплекса",
        "Руководители ОО",
        "до 30.04.2024",
        "выполняется",
        None,
        "МБОУ «ООШ № 4»",
    ),
    (
        "10",
        "Открытие профильного агротехнологического класса",
        "Руководители ОО",
        "до 01.09.2024",
        "выполняется",
        None,
        "МОУ «Никольская СШ»",
    ),
    (
        "11",
        "Мониторинг охвата обучающихся профориентационными мероприятиями",
        "МКУ «Информационно-методический центр»",
        "Ежегодно до 25 мая",
        "выполнено",
        datetime(2024, 5, 24),
        None,
    ),
    (
        "12",
        "Обновление раздела «Профориентация» на сайтах общеобразовательных организаций",
        "МКУ «Информационно-методический центр», Руководители ОО",
        "до 31.12.2023",
        "не выполнено",
        None,
        None,
    ),
    (
        "13",
        "Курсы повышения квалификации педагогов-навигаторов",
        "МКУ «Информационно-методический центр»",
        "По отдельному графику",
        "выполняется",
        None,
        None,
    ),
    (
        "14",
        "Анализ выбора выпускниками 11 классов предметов для сдачи ЕГЭ",
        "Отдел общего образования",
        "до 15.06.2024",
        "выполняется",
        None,
        None,
    ),
]

RULES_HEADER = ("показатель", "порог", "текст")
RULES: list[tuple[object, ...]] = [
    (
        "proforientation",
        75,
        "Обеспечить участие всех обучающихся 6–11 классов в профориентационных мероприятиях "
        "профориентационного минимума (целевое значение охвата — {{ target | percent }}).",
    ),
    (
        "bilet",
        None,
        "Увеличить число обучающихся 6–11 классов, зарегистрированных на платформе проекта "
        "«Билет в будущее», до целевого значения {{ target | percent }}.",
    ),
    (
        "undecided",
        None,
        "Организовать индивидуальное консультирование выпускников 9 классов по выбору "
        "образовательной траектории (допустимая доля не определившихся — не более "
        "{{ target | percent }}).",
    ),
    (
        "events",
        10,
        "Включить в план воспитательной работы не менее {{ target | num(0) }} профориентационных "
        "мероприятий в год.",
    ),
]


def _header(sheet: Worksheet, names: tuple[str, ...]) -> None:
    sheet.append(list(names))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = WRAP
    sheet.freeze_panes = "A2"


def _widths(sheet: Worksheet, widths: list[float]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def _values(schools: list[tuple[str, str, str, str]], late: str | None) -> list[list[object]]:
    """Seeded values: each school has its own level; ООШ have no 11th grade (нет данных)."""
    generator = random.Random(20240531)
    rows: list[list[object]] = []
    strength = {key: generator.uniform(-1.0, 1.0) for key, *_ in schools}
    for year, period in enumerate(PERIODS):
        for key, _, short, kind in schools:
            if key == late and year == 0:
                continue  # the school reported from 2022-2023 on
            row: list[object] = [short if year == 2 else key, period]
            for indicator in KEYS:
                start, gain, spread, upper = TRENDS[indicator]
                if indicator == "profile_ege" and kind == "ООШ":
                    row.append("нет данных")
                    continue
                sign = -1 if indicator == "undecided" else 1
                value = (
                    start
                    + gain * year
                    + sign * spread * strength[key]
                    + generator.uniform(-2.5, 2.5)
                )
                value = min(max(value, 0.0), upper)
                row.append(round(value) if indicator == "events" else round(value, 1))
            rows.append(row)
    rows[-4][KEYS.index("undecided") + 2] = None  # a school that did not report it
    return rows


def build(
    report_rows: list[tuple[str, object, str]] | None = None,
    school_rows: list[tuple[str, str, str, str]] | None = None,
    activity_rows: list[tuple[object, ...]] | None = None,
    late: str | None = "malin",
) -> Workbook:
    """The workbook; another district's header, schools and activities may be given."""
    school_rows = school_rows or SCHOOLS
    book = Workbook()
    report = book.active
    report.title = "Отчёт"
    _header(report, ("поле", "значение", "пояснение (не читается)"))
    for name, value, note in report_rows or REPORT:
        report.append([name, value, note or None])
    _widths(report, [28, 70, 44])
    for row in report.iter_rows(min_row=2):
        row[1].alignment = WRAP
        if isinstance(row[1].value, datetime):
            row[1].number_format = "DD.MM.YYYY"

    schools = book.create_sheet("Школы")
    _header(schools, ("ключ", "полное название", "краткое название", "тип"))
    for school in school_rows:
        schools.append(list(school))
    _widths(schools, [10, 80, 40, 16])

    indicators = book.create_sheet("Показатели")
    _header(indicators, INDICATORS_HEADER)
    for indicator in INDICATORS:
        indicators.append(list(indicator))
    _widths(indicators, [18, 40, 10, 8, 10])

    values = book.create_sheet("Значения")
    _header(values, ("школа", "период", *KEYS))
    for row in _values(school_rows, late):
        values.append(row)
    last = values.max_row
    cell = values.cell(row=last, column=3)  # one value typed in Excel's percent format
    if isinstance(cell.value, float):
        cell.value = round(cell.value / 100, 3)
        cell.number_format = "0.0%"
    _widths(values, [36, 24, 16, 10, 12, 12, 10])

    activities = book.create_sheet("Мероприятия")
    _header(activities, ACTIVITIES_HEADER)
    for activity in activity_rows or ACTIVITIES:
        activities.append(list(activity))
    for row in activities.iter_rows(min_row=2):
        row[1].alignment = WRAP
        row[5].number_format = "DD.MM.YYYY"
    _widths(activities, [5, 60, 36, 24, 14, 14, 28])

    rules = book.create_sheet("Рекомендации")
    _header(rules, RULES_HEADER)
    for rule in RULES:
        rules.append(list(rule))
    for row in rules.iter_rows(min_row=2):
        row[2].alignment = WRAP
    _widths(rules, [18, 8, 100])

    book.properties.creator = "docgen"
    return book


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT
    atomic_write_bytes(output, stable_bytes(build(), STAMP))
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
