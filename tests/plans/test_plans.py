"""Plans and roadmaps: numbering, the table's merges and layout, text blocks, school roadmaps."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from docx import Document
from lxml import etree

from docgen.errors import DataError, InvalidDataError
from docgen.grammar.typography import keep_last_words, typeset
from docgen.options import Options
from docgen.rendering import check, render
from tests.conftest import run_cli
from tests.docx_text import W, lines, tables, typeset_all

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"

ORG = {"name": "Отдел образования администрации Тамбовского района"}


def write(tmp_path: Path, plan: dict[str, Any], **top: Any) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "plan.yaml"
    data = {"organization": ORG, **top, "plan": plan}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def rendered(tmp_path: Path, plan: dict[str, Any], **top: Any) -> Path:
    return render(write(tmp_path, plan, **top), Options(output_dir=tmp_path / "out")).docx


def body_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def rows_xml(path: Path, index: int = 0) -> list[etree._Element]:
    table = body_xml(path).find(f"{W}body").findall(f"{W}tbl")[index]
    return table.findall(f"{W}tr")


def cells_of(row: etree._Element) -> list[tuple[str, int, str | None]]:
    """(text, gridSpan, vMerge) of each cell of a row."""
    out = []
    for tc in row.findall(f"{W}tc"):
        span = tc.find(f"{W}tcPr/{W}gridSpan")
        merge = tc.find(f"{W}tcPr/{W}vMerge")
        text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
        out.append(
            (
                text,
                int(span.get(f"{W}val")) if span is not None else 1,
                None if merge is None else (merge.get(f"{W}val") or "continue"),
            )
        )
    return out


PLAN: dict[str, Any] = {
    "title": "План мероприятий\nна 2024-2025 учебный год",
    "period": "2024-2025 учебный год",
    "body": [
        {"title": "Определение цели работы", "deadline": "Июль - август 2024 г."},
        {
            "section": "Показатели",
            "items": [
                {"title": "Разработка показателей", "responsible": "Руководители ОО"},
                {"section": "Мониторинг", "items": [{"title": "Сбор данных"}]},
            ],
        },
    ],
}


def test_auto_numbering_follows_the_hierarchy(tmp_path: Path) -> None:
    rows = tables(rendered(tmp_path, PLAN))[0]
    assert [row[0] for row in rows] == typeset_all(
        [
            "№ п/п",
            "1",
            "2. Показатели",
            "2.1",
            "2.2. Мониторинг",
            "2.2.1",
        ]
    )


def test_number_dots_are_a_choice(tmp_path: Path) -> None:
    plan = {**PLAN, "section_dot": False, "activity_dot": True}
    rows = tables(rendered(tmp_path, plan))[0]
    assert [row[0] for row in rows][1:] == [
        "1.",
        "2 Показатели",
        "2.1.",
        "2.2 Мониторинг",
        "2.2.1.",
    ]


def test_given_numbers_are_printed_as_given_and_their_gaps_are_warned(tmp_path: Path) -> None:
    plan = {
        **PLAN,
        "numbering": "given",
        "body": [
            {"number": "1", "title": "Первое"},
            {
                "number": "3.",
                "section": "Третий раздел",
                "items": [
                    {"number": "4.1", "title": "Опечатка в источнике"},
                    {"number": "4.1", "title": "Повтор"},
                ],
            },
        ],
    }
    path = write(tmp_path, plan)
    result = render(path, Options(output_dir=tmp_path / "out"))
    assert [row[0] for row in tables(result.docx)[0]][1:] == ["1", "3. Третий раздел", "4.1", "4.1"]
    messages = [str(w) for w in result.warnings]
    assert any("после «1» идёт «3.»" in m and "plan.body[1].number" in m for m in messages)
    assert any("номер «4.1» повторяется" in m and "строка" in m for m in messages)


def _stages(*sizes: int) -> list[dict[str, Any]]:
    """Stages of a roadmap, each with its activities: _stages(4, 1) → stage 1: 4, stage 2: 1."""
    return [
        {
            "section": f"Этап {stage}",
            "items": [{"title": f"Мероприятие {stage}-{n}"} for n in range(1, size + 1)],
        }
        for stage, size in enumerate(sizes, 1)
    ]


@pytest.mark.parametrize(
    ("options", "sections", "activities"),
    [
        ({}, ["1.", "2.", "3."], ["1", "2", "3", "4", "1", "1", "2"]),
        (
            {"section_numerals": "roman"},
            ["I.", "II.", "III."],
            ["1", "2", "3", "4", "1", "1", "2"],
        ),
        (
            {"section_numerals": "roman", "section_dot": False, "activity_dot": True},
            ["I", "II", "III"],
            ["1.", "2.", "3.", "4.", "1.", "1.", "2."],
        ),
    ],
)
def test_restart_numbering_starts_each_block_at_one(
    tmp_path: Path, options: dict[str, Any], sections: list[str], activities: list[str]
) -> None:
    plan = {**PLAN, "numbering": "restart", **options, "body": _stages(4, 1, 2)}
    result = render(write(tmp_path, plan), Options(output_dir=tmp_path / "out"))
    rows = tables(result.docx)[0][1:]
    printed_sections = [row[0].split(" ", 1)[0] for row in rows if len(row) == 1]
    printed_activities = [row[0] for row in rows if len(row) > 1]
    assert printed_sections == typeset_all(sections)
    assert printed_activities == typeset_all(activities)
    assert not [w for w in result.warnings if "номер" in str(w)]


def test_restart_numbering_nests_and_keeps_given_numbers(tmp_path: Path) -> None:
    body = [
        {
            "section": "Трек 1",
            "items": [
                {"title": "Первое"},
                {"section": "Подраздел", "items": [{"title": "Вложенное"}, {"title": "Ещё"}]},
                {"title": "Особое", "number": "2а"},
            ],
        },
    ]
    plan = {**PLAN, "numbering": "restart", "body": body}
    numbers = [row[0] for row in tables(rendered(tmp_path, plan))[0][1:]]
    assert numbers == typeset_all(["1. Трек 1", "1", "2. Подраздел", "1", "2", "2а"])


@pytest.mark.parametrize("numbering", ["auto", "given"])
def test_roman_sections_need_restart_numbering(tmp_path: Path, numbering: str) -> None:
    plan = {**PLAN, "numbering": numbering, "section_numerals": "roman"}
    with pytest.raises(InvalidDataError) as info:
        rendered(tmp_path, plan)
    assert [p.message for p in info.value.problems] == [
        "римские номера разделов (section_numerals: roman) — только при нумерации заново в "
        "каждом разделе (numbering: restart)"
    ]


def test_section_rows_span_the_table_in_bold(tmp_path: Path) -> None:
    rows = rows_xml(rendered(tmp_path, PLAN))
    assert cells_of(rows[2]) == [("2. Показатели", 5, None)]
    assert rows[2].find(f".//{W}b") is not None
    assert rows[2].find(f".//{W}keepNext") is not None  # stays with its first activity


def test_section_number_apart(tmp_path: Path) -> None:
    rows = rows_xml(rendered(tmp_path, {**PLAN, "section_row": "number_apart"}))
    assert cells_of(rows[2]) == [("2.", 1, None), ("Показатели", 4, None)]


def test_header_repeats_and_rows_do_not_split(tmp_path: Path) -> None:
    rows = rows_xml(rendered(tmp_path, PLAN))
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(row.find(f"{W}trPr/{W}tblHeader") is None for row in rows[1:])
    assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
    assert [c[0] for c in cells_of(rows[0])] == typeset_all(
        [
            "№ п/п",
            "Наименование мероприятия",
            "Сроки",
            "Ответственные",
            "Ожидаемый результат",
        ]
    )


def test_a_row_taller_than_half_a_page_may_split(tmp_path: Path) -> None:
    long = "очень длинное описание мероприятия " * 150
    rows = rows_xml(rendered(tmp_path, {**PLAN, "body": [{"title": long}, {"title": "кратко"}]}))
    assert rows[1].find(f"{W}trPr/{W}cantSplit") is None
    assert rows[2].find(f"{W}trPr/{W}cantSplit") is not None


def test_columns_come_from_the_data(tmp_path: Path) -> None:
    plan = {
        **PLAN,
        "columns": [
            {"number": "№"},
            {"title": "Направления работы"},
            {"indicators": "Показатели"},
            {"key": "budget", "heading": "Финансирование"},
        ],
        "body": [
            {
                "title": "Мероприятие",
                "indicators": ["Доля"],
                "cells": {"budget": "без финансирования"},
            }
        ],
    }
    assert tables(rendered(tmp_path, plan))[0] == [
        ["№", "Направления работы", "Показатели", "Финансирование"],
        ["1", "Мероприятие", "Доля", "без финансирования"],
    ]


def test_an_activity_with_several_indicators_spans_their_rows(tmp_path: Path) -> None:
    plan = {
        **PLAN,
        "columns": [
            {"number": "№"},
            {"title": "Мероприятие"},
            {"indicators": "Показатели"},
            {"deadline": "Сроки"},
        ],
        "activity_dot": True,
        "body": [
            {
                "title": "Участие в проекте",
                "deadline": "Ежегодно до 25 мая",
                "indicators": ["Доля зарегистрированных", "Доля прошедших пробы"],
            }
        ],
    }
    path = rendered(tmp_path, plan)
    rows = rows_xml(path)
    assert cells_of(rows[1]) == typeset_all(
        [
            ("1.", 1, "restart"),
            ("Участие в проекте", 1, "restart"),
            ("Доля зарегистрированных", 1, None),
            ("Ежегодно до 25 мая", 1, "restart"),
        ]
    )
    assert cells_of(rows[2]) == [
        ("", 1, "continue"),
        ("", 1, "continue"),
        ("Доля прошедших пробы", 1, None),
        ("", 1, "continue"),
    ]
    assert rows[1].find(f".//{W}keepNext") is not None  # the two rows stay on one page


def test_a_direction_spans_the_rows_of_its_activities(tmp_path: Path) -> None:
    plan = {
        **PLAN,
        "numbering": "given",
        "section_row": "number_apart",
        "columns": [
            {"number": "№ п/п"},
            {"direction": "Направление деятельности"},
            {"title": "Перечень мероприятий"},
            {"deadline": "Сроки проведения"},
        ],
        "body": [
            {
                "number": "1.",
                "section": "Нормативное обеспечение",
                "items": [
                    {
                        "number": "1.1.",
                        "direction": "Разработка положений",
                        "activities": [
                            {"title": "Положение о мониторинге", "deadline": "Сентябрь 2021 г."},
                            {
                                "title": "Программа",
                                "deadline": "Октябрь 2021 г.",
                                "indicators": ["a", "b"],
                            },
                        ],
                    }
                ],
            }
        ],
    }
    rows = rows_xml(rendered(tmp_path, plan))
    assert cells_of(rows[1]) == [("1.", 1, None), ("Нормативное обеспечение", 3, None)]
    assert cells_of(rows[2]) == typeset_all(
        [
            ("1.1.", 1, "restart"),
            ("Разработка положений", 1, "restart"),
            ("Положение о мониторинге", 1, None),
            ("Сентябрь 2021 г.", 1, None),
        ]
    )
    assert cells_of(rows[3])[:2] == [("", 1, "continue"), ("", 1, "continue")]
    assert cells_of(rows[3])[2][0] == "Программа"


@pytest.mark.parametrize(
    ("deadline", "text"),
    [
        ({"until": "2024-10-01"}, "до 01.10.2024"),
        ({"date": "2025-05-25"}, "25.05.2025"),
        ({"month": "2024-10"}, "Октябрь 2024\u00a0г."),
        ({"from": "2024-09", "to": "2025-05"}, "Сентябрь – май"),
        ({"from": "2023-09", "to": "2024-05"}, "Сентябрь 2023\u00a0г. – май 2024\u00a0г."),
        ({"annually": ["20.12", "25.05"]}, "Ежегодно до 20 декабря и 25 мая"),
        ({"during": "учебного года"}, "В течение учебного года"),
        ({"month": "2024-10", "text": "в октябре"}, "в октябре"),
        ("до 01.06.2022", "до 01.06.2022"),
    ],
)
def test_deadlines_in_the_official_style(tmp_path: Path, deadline: Any, text: str) -> None:
    plan = {**PLAN, "body": [{"title": "Мероприятие", "deadline": deadline}]}
    assert tables(rendered(tmp_path, plan))[0][1][2] == typeset_all(text)


@pytest.mark.parametrize(
    ("deadline", "text"),
    [
        (2026, "2026"),
        ("2026", "2026"),
        ({"text": "2026"}, "2026"),
        ({"text": 2026}, "2026"),
        (
            "ноябрь-декабрь 2022 года-январь-март 2023 года",
            "ноябрь-декабрь 2022 года-январь-март 2023 года",
        ),
        ("Осень 2024 г.", "Осень 2024 г."),
        ("Ежегодно, май, с 2024 год", "Ежегодно, май, с 2024 год"),
        ({"text": "По отдельному графику"}, "По отдельному графику"),
    ],
)
def test_a_year_a_season_or_any_text_is_a_deadline(
    tmp_path: Path, deadline: Any, text: str
) -> None:
    plan = {**PLAN, "body": [{"title": "Мероприятие", "deadline": deadline}]}
    assert tables(rendered(tmp_path, plan))[0][1][2] == typeset_all(text)


@pytest.mark.parametrize(
    ("deadline", "key", "message"),
    [
        (["2026"], "deadline", "ожидается текст, а не список"),
        (True, "deadline", "ожидается текст, а не да/нет"),
        ({"text": ""}, "deadline", "поле не может быть пустым"),
        (
            {},
            "deadline",
            "укажите одно из: date, until, month, from/to, annually, during "
            "(или только text: срок как он написан)",
        ),
        (
            {"year": 2026},
            "deadline.year",
            "неизвестное поле «year» (опечатка?); поля здесь: date, until, month, from, to, "
            "annually, during, text",
        ),
    ],
)
def test_a_deadline_of_a_wrong_shape_is_named_in_russian(
    tmp_path: Path, deadline: Any, key: str, message: str
) -> None:
    path = write(tmp_path, {**PLAN, "body": [{"title": "Мероприятие", "deadline": deadline}]})
    last = key.split(".")[-1]
    line = next(
        i for i, text in enumerate(path.read_text("utf-8").splitlines(), 1) if f"{last}:" in text
    )
    with pytest.raises(DataError) as info:
        render(path, Options(output_dir=tmp_path / "out"))
    assert str(info.value) == f"{path}: строка {line}: plan.body[0].{key}: {message}"


def test_a_bad_deadline_names_its_place(tmp_path: Path) -> None:
    plan = {**PLAN, "body": [{"title": "Мероприятие", "deadline": {"month": "2024-13"}}]}
    with pytest.raises(DataError) as info:
        rendered(tmp_path, plan)
    message = str(info.value)
    assert "plan.body[0].deadline" in message and "2024-13" in message and "строка" in message


def test_a_deadline_with_two_ways_is_an_error(tmp_path: Path) -> None:
    plan = {
        **PLAN,
        "body": [{"title": "Мероприятие", "deadline": {"month": "2024-10", "until": "2024-10-01"}}],
    }
    with pytest.raises(InvalidDataError) as info:
        rendered(tmp_path, plan)
    assert "plan.body[0].deadline" in str(info.value) and "укажите одно из" in str(info.value)


def test_an_activity_without_a_title_is_an_error_with_its_line(tmp_path: Path) -> None:
    plan = {**PLAN, "body": [{"section": "Раздел", "items": [{"deadline": "в течение года"}]}]}
    with pytest.raises(InvalidDataError) as info:
        rendered(tmp_path, plan)
    message = str(info.value)
    assert "plan.body[0].items[0].title: обязательное поле не заполнено" in message
    assert "строка" in message


def test_a_typo_in_an_activity_is_named_with_a_hint(tmp_path: Path) -> None:
    plan = {**PLAN, "body": [{"title": "Мероприятие", "responsibel": "директор"}]}
    with pytest.raises(InvalidDataError) as info:
        rendered(tmp_path, plan)
    assert "неизвестное поле «responsibel» (опечатка? похоже на «responsible»)" in str(info.value)


def test_text_blocks_lists_and_sources_in_the_genitive(tmp_path: Path) -> None:
    plan = {
        **PLAN,
        "body": [],
        "tasks": ["выявление интересов", "информирование обучающихся"],
        "sources": [
            {
                "name": "Концепция развития системы профориентации Ярославской области",
                "act": "Приказ ДО ЯО",
                "date": "2023-02-22",
                "number": "101/01-03",
                "title": "О внесении изменений",
            },
            {"name": "Примерная рабочая программа воспитания", "note": "одобрена решением ФУМО"},
            "Федерального закона № 273-ФЗ",
        ],
        "intro": [
            {"heading": "Пояснительная записка"},
            "План разработан с учётом:",
            {"items": "sources", "case": "рд", "separator": ";", "end": "."},
            "Задачи:",
            {"items": "tasks", "style": "number", "separator": ";", "end": "."},
            {"items": ["первое", "второе"], "bullet": "-"},
        ],
    }
    text = lines(rendered(tmp_path, plan))
    start = text.index("Пояснительная записка")
    assert text[start : start + 10] == typeset_all(
        [
            "Пояснительная записка",
            "План разработан с учётом:",
            "– Концепции развития системы профориентации Ярославской области (Приказ ДО ЯО от "
            "22.02.2023 № 101/01-03 «О внесении изменений»);",
            "– Примерной рабочей программы воспитания (одобрена решением ФУМО);",
            "– Федерального закона № 273-ФЗ.",
            "Задачи:",
            "1. выявление интересов;",
            "2. информирование обучающихся.",
            "- первое",
            "- второе",
        ]
    )


def test_footnotes_are_real_word_footnotes(tmp_path: Path) -> None:
    plan = {
        **PLAN,
        "footnotes": {"1": "Профминимум — набор практик."},
        "intro": ["Основной уровень профминимума[^1] (далее – профминимум)."],
        "body": [{"title": "Мероприятие[^1]"}],
    }
    path = rendered(tmp_path, plan)
    with zipfile.ZipFile(path) as archive:
        notes = archive.read("word/footnotes.xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
        types = archive.read("[Content_Types].xml").decode()
    assert typeset_all("Профминимум\u00a0– набор практик.") in notes and "footnotes" in rels
    assert "footnotes+xml" in types
    assert len(body_xml(path).findall(f".//{W}footnoteReference")) == 2
    text = lines(path)
    assert typeset_all("Основной уровень профминимума¹ (далее – профминимум).") in text
    assert typeset_all("¹ Профминимум — набор практик.") in text
    assert not any("[^" in line or "⟦" in line for line in text)


def test_an_unknown_footnote_is_an_error(tmp_path: Path) -> None:
    plan = {**PLAN, "intro": ["Текст[^2]"], "footnotes": {"1": "есть только эта"}}
    with pytest.raises(DataError, match=r"сноска \[\^2\] не описана .*plan.footnotes"):
        rendered(tmp_path, plan)


def test_indicator_targets_by_year(tmp_path: Path) -> None:
    plan = {
        **PLAN,
        "indicators_title": "Целевые показатели",
        "indicators": [
            {
                "name": "Доля обучающихся, охваченных диагностикой",
                "unit": "%",
                "baseline": 58,
                "targets": {2024: 65, 2025: 72.5},
            },
            {
                "name": "Доля выпускников, сдающих ЕГЭ по предметам профиля",
                "unit": "%",
                "targets": {2025: "не менее 40"},
                "parts": [
                    {"name": "физика", "unit": "%", "targets": {2024: 12, 2025: 15}},
                    {"name": "информатика", "unit": "%", "targets": {2025: 20}},
                ],
            },
        ],
    }
    path = rendered(tmp_path, plan)
    assert typeset_all("Целевые показатели") in lines(path)
    assert tables(path)[1] == typeset_all(
        [
            [
                "№ п/п",
                "Наименование показателя",
                "Единица измерения",
                "Базовое значение",
                "2024 год",
                "2025 год",
            ],
            ["1.", "Доля обучающихся, охваченных диагностикой", "%", "58", "65", "72,5"],
            [
                "2.",
                "Доля выпускников, сдающих ЕГЭ по предметам профиля",
                "%",
                "",
                "",
                "не менее 40",
            ],
            ["2.1.", "физика", "%", "", "12", "15"],
            ["2.2.", "информатика", "%", "", "", "20"],
        ]
    )


def test_a_year_that_is_not_a_year_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "organization: {name: Отдел образования}\nplan:\n  title: План\n  indicators:\n"
        "    - name: Доля\n      targets:\n        2024 г.: 10\n",
        "utf-8",
    )
    with pytest.raises(InvalidDataError) as info:
        render(path, Options(output_dir=tmp_path / "out"))
    assert "строка 7" in str(info.value) and "plan.indicators[0].targets" in str(info.value)
    assert "2024 г." in str(info.value)


def test_a_plan_with_a_table_is_landscape_and_one_without_portrait(tmp_path: Path) -> None:
    landscape = Document(str(rendered(tmp_path / "a", PLAN))).sections[-1]
    assert landscape.page_width > landscape.page_height
    portrait = Document(str(rendered(tmp_path / "b", {**PLAN, "body": [], "intro": ["Текст"]})))
    assert portrait.sections[-1].page_width < portrait.sections[-1].page_height
    table = tables(rendered(tmp_path / "c", PLAN))
    assert table  # a landscape table is as wide as the landscape text
    width = int(body_xml(rendered(tmp_path / "d", PLAN)).find(f".//{W}tblW").get(f"{W}w"))
    assert width == 16838 - 1701 - 850


def test_an_order_with_its_plan_as_appendix_one(tmp_path: Path) -> None:
    result = render(EXAMPLES / "order_953.yaml", Options(output_dir=tmp_path))
    document = Document(str(result.docx))
    first, appendix = document.sections[0], document.sections[-1]
    assert len(document.sections) == 2
    assert first.page_width < first.page_height and appendix.page_width > appendix.page_height
    assert first.different_first_page_header_footer
    assert not appendix.different_first_page_header_footer  # the appendix pages are numbered
    marks = [p for p in document.paragraphs if p.style.style_id == "docgenMark"]
    assert [p.text for p in marks] == typeset_all(
        [
            "Приложение",  # the only appendix: no number
            "к приказу управления образования администрации Старооскольского городского округа "
            "Белгородской области",
            "от 18.07.2022 № 953",
        ]
    )
    width = 16838 - 1701 - 850
    assert all(p.paragraph_format.left_indent.twips == width - 4252 for p in marks)
    rows = tables(result.docx)[1]
    assert rows[0] == typeset_all(
        [
            "№ п/п",
            "Наименование мероприятия",
            "Сроки исполнения",
            "Ответственные",
            "Ожидаемый результат",
        ]
    )
    assert rows[-1][0] == "4.4.3"


def test_the_municipal_plan_becomes_a_schools_roadmap(tmp_path: Path) -> None:
    result = render(EXAMPLES / "school_roadmap_sosh2.yaml", Options(output_dir=tmp_path))
    assert result.docx.name == "План_МАОУ-СОШ-2_2024-2025.docx"
    assert lines(result.docx)[:4] == [  # the stamp, as its lines are written
        "Утверждено",
        "Приказ №\u00a0112-од от\u00a002.09.2024",
        "МАОУ «СОШ №\u00a02»",
        "О.Н.\u00a0Кравченко",
    ]
    text = lines(result.docx, marks=False)[1:]  # after the empty line below the stamp
    assert text[:3] == typeset_all(
        [  # centred lines long enough to wrap keep their last two words together
            keep_last_words(typeset(line))
            for line in (
                "План мероприятий по самоопределению и профориентации обучающихся",
                "Муниципального автономного общеобразовательного учреждения «Средняя "
                "общеобразовательная школа № 2 с. Тамбовка»",
                "на 2024-2025 учебный год",
            )
        ]
    )
    rows = {row[0]: row for row in tables(result.docx)[0] if row[0]}
    assert rows["1.1."][3:] == typeset_all(["до 01.10.2024", "Кравченко\u00a0О.Н."])
    assert rows["1.2."][4] == (
        typeset_all(
            "Кравченко\u00a0О.Н., классные руководители 6–11 классов, Шевчук\u00a0А.В., Белая\u00a0Д.С."
        )
    )
    assert rows["2.1."][4] == typeset_all("Лысенко\u00a0И.П., Кравченко\u00a0О.Н.")
    assert rows["2.3."][1:4] == typeset_all(
        [
            "Профориентационные экскурсии на предприятия Тамбовского района",
            "Количество экскурсий, количество участников",
            "Октябрь – апрель",
        ]
    )
    titles = [row[1] for row in rows.values() if len(row) > 1]
    assert not any("ВсОШ" in t for t in titles)  # 1.6 dropped; 1.5 is the last of section 1
    assert "1.6." not in rows and "1.5." in rows
    assert result.warnings == ()


def test_a_role_nobody_fills_is_warned_or_kept(tmp_path: Path) -> None:
    base = (EXAMPLES / "municipal_plan_tambov.yaml").resolve()
    school = {
        "extends": str(base),
        "organization": {"name": "МБОУ «ООШ № 5»"},
        "school": {"roles": {"Руководители ОО": "Иванова И.И.", "Завуч": "Петрова"}},
    }
    path = tmp_path / "school.yaml"
    path.write_text(yaml.safe_dump(school, allow_unicode=True), "utf-8")
    result = render(path, Options(output_dir=tmp_path / "a"))
    messages = [str(w) for w in result.warnings]
    assert any(
        "роли без исполнителя" in m and "«кл. руководители»" in m and "«Отдел образования»" in m
        for m in messages
    )
    assert any("роль «Завуч» не встречается" in m for m in messages)
    assert "кл. руководители" in "".join(lines(result.docx))  # kept as the role's name
    school["school"]["keep_unfilled_roles"] = True
    path.write_text(yaml.safe_dump(school, allow_unicode=True), "utf-8")
    quiet = render(path, Options(output_dir=tmp_path / "b"))
    assert not any("роли без исполнителя" in str(w) for w in quiet.warnings)


def test_a_school_change_naming_no_activity_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "school.yaml"
    path.write_text(
        f"extends: {(EXAMPLES / 'municipal_plan_tambov.yaml').resolve()}\n"
        "organization: {name: МБОУ «ООШ № 5»}\n"
        "school:\n  drop: ['1.9']\n  deadlines:\n    '99.1': до 01.06.2025\n",
        "utf-8",
    )
    with pytest.raises(InvalidDataError) as info:
        render(path, Options(output_dir=tmp_path / "out"))
    message = str(info.value)
    assert "school.drop[0]" in message and "«1.9»" in message and "строка 4" in message
    assert "«99.1»" in message
    assert not (tmp_path / "out").exists()


def test_check_reports_plan_warnings(tmp_path: Path) -> None:
    """The numbering's own warning; the lint's are in tests/plans/test_lint.py."""
    warnings = check(EXAMPLES / "rasporyazhenie_408.yaml", Options(lint=False))
    assert [w.message for w in warnings] == ["номер «2.3.» повторяется (впервые — строка 413)"]


def test_an_explanatory_note_writes_its_figures_in_correct_russian(tmp_path: Path) -> None:
    """Counts agree with their nouns in the case the sentence needs; shares and the change
    against the previous year are computed from the figures and rounded once, half up."""
    from decimal import ROUND_HALF_UP, Decimal

    figures = yaml.safe_load((EXAMPLES / "note_tambov.yaml").read_text("utf-8"))["plan"]["figures"]

    def share(part: int, whole: int) -> Decimal:
        return Decimal(part) * 100 / Decimal(whole)

    def shown(value: Decimal) -> str:
        text = str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).replace(".", ",")
        return text.removesuffix(",0")

    plans = shown(share(figures["with_plan"], figures["schools"]))
    covered = shown(share(figures["diagnosed"], figures["students"]))
    previous = figures["previous"]
    delta = shown(
        share(figures["diagnosed"], figures["students"])
        - share(previous["diagnosed"], previous["students"])
    )
    text = " ".join(
        lines(render(EXAMPLES / "note_tambov.yaml", Options(output_dir=tmp_path)).docx)
    ).replace("\u00a0", " ")
    assert (
        "В Тамбовском районе 14 общеобразовательных организаций, из них 3 основные "
        "общеобразовательные школы." in text
    )
    # the district workbook it speaks of lists 14 schools, 3 of them ООШ
    book = openpyxl.load_workbook(EXAMPLES / "district.xlsx", read_only=True)
    kinds = [row[3] for row in book["Школы"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert (len(kinds), kinds.count("ООШ")) == (figures["schools"], figures["oosh"])
    # signed like a document: position and name, the date under them, the executor mark
    assert "Начальник отдела образования администрации Тамбовского района И.В. Гончаренко" in text
    assert "30.08.2024" in text and "Мельник О.С., 8 (41638) 2-10-45" in text
    assert (
        f"утверждены в 11 общеобразовательных организациях, что составляет {plans} % "
        "от общего числа (в 2023-2024 учебном году – в 8 организациях); в 3 организациях" in text
    )
    assert f"охвачены 1820 обучающихся 6–11 классов из 2460 обучающихся ({covered} %)" in text
    assert f"доля охваченных диагностикой выросла на {delta} п.п. В проекте" in text
    assert (
        "– Федерального закона от 29.12.2012 № 273-ФЗ «Об образовании в Российской "
        "Федерации»;" in text
    )
    assert (
        "План разработан в целях создания условий для осознанного профессионального "
        "самоопределения" in text
    )


@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
@pytest.mark.parametrize("numerals", ["arabic", "roman"])
def test_a_restart_numbered_plan_is_exported_and_read_back(
    tmp_path: Path, suffix: str, numerals: str
) -> None:
    from docgen.loading import load
    from docgen.plans.exporting import export_plan

    plan = {**PLAN, "numbering": "restart", "section_numerals": numerals, "body": _stages(4, 1)}
    data = load(write(tmp_path, plan))
    path = tmp_path / f"exported{suffix}"
    path.write_bytes(export_plan(data, suffix))
    again = load(path)
    assert again.plan.numbering == data.plan.numbering
    assert again.plan.section_numerals == data.plan.section_numerals
    first = render(write(tmp_path, plan), Options(output_dir=tmp_path / "a")).docx
    second = render(path, Options(output_dir=tmp_path / "b")).docx
    assert tables(second) == tables(first)


LONG = "очень длинное описание мероприятия "


@pytest.mark.parametrize(
    ("options", "repeats", "splits"),
    [
        ({}, 20, False),  # today: a row splits when taller than half a page
        ({}, 150, True),
        ({"split_rows_over": 0.3}, 10, False),
        ({"split_rows_over": 0.3}, 20, True),
        ({"split_rows_over": "0,3"}, 20, True),
        ({"split_rows_over": 0.1}, 10, True),
        ({"split_rows_over": 1}, 40, False),
        ({"split_rows_over": 1}, 60, True),
    ],
)
def test_rows_taller_than_the_given_share_of_a_page_split(
    tmp_path: Path, options: dict[str, Any], repeats: int, splits: bool
) -> None:
    plan = {**PLAN, **options, "body": [{"title": LONG * repeats}, {"title": "кратко"}]}
    rows = rows_xml(rendered(tmp_path, plan))
    assert (rows[1].find(f"{W}trPr/{W}cantSplit") is None) is splits
    assert rows[2].find(f"{W}trPr/{W}cantSplit") is not None  # a short row is kept whole


@pytest.mark.parametrize(
    ("share", "message"),
    [
        (0, "число 0 не подходит: нужно больше 0"),
        (1.5, "число «1.5» не подходит: нужно не больше 1"),
        ("много", "ожидается число, а не «много»"),
        (True, "ожидается доля страницы, например 0.3, а не да/нет"),
    ],
)
def test_a_bad_share_of_a_page_is_named(tmp_path: Path, share: Any, message: str) -> None:
    path = write(tmp_path, {**PLAN, "split_rows_over": share})
    line = next(
        i
        for i, text in enumerate(path.read_text("utf-8").splitlines(), 1)
        if "split_rows_over" in text
    )
    with pytest.raises(DataError) as info:
        render(path, Options(output_dir=tmp_path / "out"))
    assert str(info.value) == f"{path}: строка {line}: plan.split_rows_over: {message}"


SCHOOL_TEXTS = """\
organization:
  name: МБОУ «СОШ № 1»
plan:
  title: План мероприятий по профориентации
  period: 2024-2025 учебный год
  body:
    - section: Организационная работа
      items:
        - title: Анкетирование
          deadline: Октябрь 2024 г.
          responsible: Директор
        - title: Опрос {{ x }}
          deadline: Октябрь 2024 г.
          responsible: Директор
school:
  drop: ["1.1"]
  add:
    - after: "1.2"
      activity:
        title: Своё {{ y }}
        deadline: Май 2025 г.
        responsible: Директор
"""


def test_a_text_of_a_schools_plan_is_placed_where_it_was_written(tmp_path: Path) -> None:
    """The school's plan is numbered afresh (1.1 dropped, its own activity added): a mistake
    in a text is still told at the line it is on, not at the line of the item that had the
    same place in the plan as written (the dropped «Анкетирование» at line 9)."""
    data = tmp_path / "plan.yaml"
    data.write_text(SCHOOL_TEXTS, "utf-8")
    code, _, err = run_cli("render", str(data), "-o", str(tmp_path / "out"))
    assert code == 1
    assert err.splitlines() == [
        f"ошибка: {data}: строка 12: plan.body[0].items[1].title: неизвестное имя в тексте: "
        "«x» не определено",
        f"ошибка: {data}: строка 20: school.add[0].activity.title: неизвестное имя в тексте: "
        "«y» не определено",
    ]
