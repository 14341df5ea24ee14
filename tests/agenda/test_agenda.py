"""``docgen agenda``: every responsible person's Excel list and calendar, parsed back item by
item (the calendar with icalendar, the list with openpyxl)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from icalendar import Calendar

from docgen.grammar.deadlines import parse_deadline
from docgen.grammar.recurrence import recurrences
from tests.conftest import run_cli
from tests.journal.orders import PEOPLE, order, write

PLAN: dict[str, Any] = {
    "organization": {"name": "МОУ СОШ № 7"},
    "people": PEOPLE,
    "plan": {
        "title": "План работы с одарёнными детьми",
        "period": "2024-2025 учебный год",
        "body": [
            {"title": "Школьный этап олимпиады", "deadline": {"until": "2024-10-25"},
             "responsible": "Петров И.С."},
            {"title": "Отчёт о работе", "deadline": "Ежегодно до 25 мая",
             "responsible": "Петров И.С., классные руководители"},
            {"title": "Сведения в управление", "deadline": "Ежемесячно до 5 числа",
             "responsible": "Петров И.С."},
            {"title": "Отчёт за квартал", "deadline": "Ежеквартально",
             "responsible": "Петров И.С."},
            {"title": "Работа кружков", "deadline": "В течение учебного года",
             "responsible": "Петров И.С."},
            {"title": "Участие в проекте", "deadline": "По отдельному графику",
             "responsible": "Петров И.С."},
            {"title": "Итоговый педсовет", "deadline": {"date": "2025-06-20"},
             "responsible": "Петров И.С."},
            {"title": "Ремонт кабинета", "deadline": {"until": "2025-08-01"}},
        ],
    },
}  # fmt: skip


def _rows(path: Path) -> list[tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "Контроль исполнения"
    return [row for row in sheet.iter_rows(min_row=4, values_only=True) if any(row)]


def _events(path: Path) -> list[Any]:
    calendar = Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def made(tmp_path: Path) -> Path:
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump(PLAN, allow_unicode=True), "utf-8")
    points = [
        {"text": "Провести совет.", "deadline": {"until": "2025-03-01"}, "responsible": "petrov"},
        {"text": "Сдать отчёт.", "deadline": {"until": "2025-02-01"}, "responsible": ["petrov"]},
        "Общий пункт без срока.",
    ]
    write(tmp_path / "order.yaml", order("12", points=points, day="2025-01-15"))
    code, _out, err = run_cli(
        "agenda", str(plan), str(tmp_path / "order.yaml"),
        "-o", str(tmp_path / "out"), "--today", "01.03.2025",
    )  # fmt: skip
    assert code == 0, err
    assert "ответственных: 3, задач: 11, просрочено: 2, без даты: 1" in err
    return tmp_path / "out"


def test_one_list_and_one_calendar_per_person(made: Path) -> None:
    assert sorted(p.name for p in made.iterdir()) == [
        "Ответственный_не_указан.ics",
        "Ответственный_не_указан.xlsx",
        "Петров_И.С.ics",
        "Петров_И.С.xlsx",
        "классные_руководители.ics",
        "классные_руководители.xlsx",
    ]


def test_the_list_has_the_late_first_then_today_upcoming_and_undated(made: Path) -> None:
    book = openpyxl.load_workbook(made / "Петров_И.С.xlsx").active
    assert book["A1"].value == "Контроль исполнения: Петров И.С."
    assert book["A2"].value == "Состояние на 01.03.2025"
    rows = [
        (r[1], r[2].date() if r[2] else None, r[3], r[4], r[5], r[8], r[9])
        for r in _rows(made / "Петров_И.С.xlsx")
    ]
    assert rows == [
        ("Просрочено", date(2024, 10, 25), -127, "до 25.10.2024", None, "1", "Школьный этап олимпиады"),
        ("Просрочено", date(2025, 2, 1), -28, "до 01.02.2025", None, "п. 2", "Сдать отчёт."),
        ("Срок сегодня", date(2025, 3, 1), 0, "до 01.03.2025", None, "п. 1", "Провести совет."),
        ("Предстоит", date(2025, 3, 5), 4, "Ежемесячно до 5 числа", "ежемесячно до 5 числа", "3", "Сведения в управление"),
        ("Предстоит", date(2025, 3, 31), 30, "Ежеквартально", "ежеквартально до последнего дня квартала", "4", "Отчёт за квартал"),
        ("Предстоит", date(2025, 5, 25), 85, "Ежегодно до 25 мая", "ежегодно до 25 мая", "2", "Отчёт о работе"),
        ("Предстоит", date(2025, 6, 20), 111, "20.06.2025", None, "7", "Итоговый педсовет"),
        ("Предстоит", date(2025, 8, 31), 183, "В течение учебного года", None, "5", "Работа кружков"),
        ("Без даты", None, None, "По отдельному графику", None, "6", "Участие в проекте"),
    ]  # fmt: skip


def test_the_calendar_has_one_event_per_dated_item(made: Path) -> None:
    events = _events(made / "Петров_И.С.ics")
    found = {
        str(e["SUMMARY"]): (
            e["DTSTART"].dt,
            e["DTEND"].dt,
            e.get("RRULE").to_ical().decode() if e.get("RRULE") else None,
        )
        for e in events
    }
    assert found == {
        "1. Школьный этап олимпиады": (date(2024, 10, 25), date(2024, 10, 26), None),
        "п. 2: Сдать отчёт.": (date(2025, 2, 1), date(2025, 2, 2), None),
        "п. 1: Провести совет.": (date(2025, 3, 1), date(2025, 3, 2), None),
        "3. Сведения в управление": (date(2024, 9, 5), date(2024, 9, 6), "FREQ=MONTHLY;UNTIL=20250831;BYMONTHDAY=5"),
        "4. Отчёт за квартал": (date(2024, 9, 30), date(2024, 10, 1), "FREQ=YEARLY;UNTIL=20250831;BYMONTHDAY=-1;BYMONTH=3,6,9,12"),
        "2. Отчёт о работе": (date(2025, 5, 25), date(2025, 5, 26), "FREQ=YEARLY;UNTIL=20250831;BYMONTHDAY=25;BYMONTH=5"),
        "7. Итоговый педсовет": (date(2025, 6, 20), date(2025, 6, 21), None),
        "5. Работа кружков": (date(2025, 8, 31), date(2025, 9, 1), None),
    }  # fmt: skip
    assert len(events) == len(found)
    assert len({str(e["UID"]) for e in events}) == len(events)
    first = next(e for e in events if str(e["SUMMARY"]).startswith("1."))
    assert "Срок: до 25.10.2024" in str(first["DESCRIPTION"])
    assert "Документ: План работы с одарёнными детьми" in str(first["DESCRIPTION"])
    assert first["DTSTAMP"].dt == datetime(2025, 3, 1, tzinfo=first["DTSTAMP"].dt.tzinfo)


def test_a_group_gets_its_own_list(made: Path) -> None:
    rows = _rows(made / "классные_руководители.xlsx")
    assert [(r[1], r[9]) for r in rows] == [("Предстоит", "Отчёт о работе")]
    (event,) = _events(made / "классные_руководители.ics")
    assert event["RRULE"]["FREQ"] == ["YEARLY"]


def test_a_task_naming_nobody_is_not_lost(made: Path) -> None:
    rows = _rows(made / "Ответственный_не_указан.xlsx")
    assert [(r[1], r[4], r[9]) for r in rows] == [("Предстоит", "до 01.08.2025", "Ремонт кабинета")]


def test_the_api_makes_the_same_files(made: Path, tmp_path: Path) -> None:
    from docgen import AgendaOptions, agenda

    result = agenda(
        [tmp_path / "plan.yaml", tmp_path / "order.yaml"],
        AgendaOptions(output_dir=tmp_path / "api", today=date(2025, 3, 1)),
    )
    assert (result.people, result.items, result.overdue, result.undated) == (3, 11, 2, 1)
    assert sorted(p.name for p in result.paths) == sorted(p.name for p in made.iterdir())


def test_the_same_day_gives_the_same_bytes(made: Path, tmp_path: Path) -> None:
    code, _, err = run_cli(
        "agenda", str(tmp_path / "plan.yaml"), str(tmp_path / "order.yaml"),
        "-o", str(tmp_path / "again"), "--today", "2025-03-01",
    )  # fmt: skip
    assert code == 0, err
    for path in made.iterdir():
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes()


def test_a_district_gives_every_schools_people(district: Path, tmp_path: Path) -> None:
    code, _out, err = run_cli(
        "agenda", str(district), "-o", str(tmp_path / "a"), "--today", "01.03.2025"
    )
    assert code == 0, err
    school = tmp_path / "a" / "МАОУ_СОШ_1_с_Тамбовка"
    names = sorted(p.name for p in school.iterdir())
    assert "Лысенко_О.Н.xlsx" in names and "Лысенко_О.Н.ics" in names
    rows = _rows(school / "Лысенко_О.Н.xlsx")
    assert rows[0][6] == "МАОУ «СОШ № 1 с. Тамбовка»"
    by_number = {r[8]: r for r in rows}
    assert by_number["1.1"][1:5] == ("Просрочено", datetime(2024, 10, 1), -151, "до 01.10.2024")
    assert by_number["5.2"][1] == "Без даты"
    events = _events(school / "Лысенко_О.Н.ics")
    twice = [e for e in events if str(e["SUMMARY"]).startswith("1.4.")]
    # «ежегодно до 15 сентября и 25 мая»: one yearly event per day of the year
    assert sorted((e["DTSTART"].dt, e["RRULE"]["BYMONTH"][0]) for e in twice) == [
        (date(2024, 9, 15), 9),
        (date(2025, 5, 25), 5),
    ]


def test_a_bad_file_is_named(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "bad.yaml", {"organization": {"name": "X"}, "document": {"kind": "приказ"}}
    )
    code, _, err = run_cli("agenda", str(bad), "-o", str(tmp_path / "o"))
    assert code == 1
    assert "bad.yaml" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        ("Ежегодно до 25 мая", [{"FREQ": "YEARLY", "BYMONTH": [5], "BYMONTHDAY": 25}]),
        ("ежемесячно до 5 числа", [{"FREQ": "MONTHLY", "BYMONTHDAY": 5}]),
        ("Ежемесячно, не позднее 10-го числа", [{"FREQ": "MONTHLY", "BYMONTHDAY": 10}]),
        ("ежемесячно", [{"FREQ": "MONTHLY", "BYMONTHDAY": -1}]),
        ("Ежеквартально", [{"FREQ": "YEARLY", "BYMONTH": [3, 6, 9, 12], "BYMONTHDAY": -1}]),
        (
            "ежеквартально до 10 числа месяца, следующего за отчётным",
            [{"FREQ": "YEARLY", "BYMONTH": [1, 4, 7, 10], "BYMONTHDAY": 10}],
        ),
        ("Еженедельно по средам", [{"FREQ": "WEEKLY", "BYDAY": "WE"}]),
        ("еженедельно", [{"FREQ": "WEEKLY", "BYDAY": "FR"}]),
        (
            "Ежегодно до 20 декабря и 25 мая",
            [
                {"FREQ": "YEARLY", "BYMONTH": [12], "BYMONTHDAY": 20},
                {"FREQ": "YEARLY", "BYMONTH": [5], "BYMONTHDAY": 25},
            ],
        ),
        ("до 25.05.2025", []),
        ("В течение года", []),
        ("По отдельному графику", []),
    ],
)
def test_recurring_deadlines_become_rules(text: str, rules: list[dict[str, object]]) -> None:
    assert [r.rule() for r in recurrences(text, parse_deadline(text))] == rules


def test_a_school_with_wrong_data_is_named_with_its_cell(district: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(district)
    people = book["Люди"]
    header = [c.value for c in people[1]]
    for row in people.iter_rows(min_row=2):
        if row[header.index("школа")].value == "sosh1":
            row[header.index("пол")].value = "x"
            break
    book.save(district)
    code, _, err = run_cli(
        "agenda", str(district), "-o", str(tmp_path / "o"), "--today", "01.03.2025"
    )
    assert code == 1
    assert "«Люди», ячейка" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()
