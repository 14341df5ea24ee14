"""A municipal plan's activities may be for some schools only (by type or by level): a school
without grades 10-11 gets no ЕГЭ activities, and its roadmap is numbered afresh."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from docgen.loading import load_plan
from docgen.model import SchoolChanges
from docgen.plans.schools import left_out
from tests.conftest import run_cli
from tests.docx_text import tables

BODY = [
    {
        "section": "Профориентация",
        "items": [
            {"title": "Классные часы о профессиях", "deadline": "Октябрь 2024 г."},
            {"title": "Выбор предметов ЕГЭ", "deadline": "до 01.02.2025", "schools": ["СОО"]},
            {"title": "Предпрофильные курсы", "deadline": "Март 2025 г.", "schools": "ООО"},
        ],
    },
    {
        "section": "Профильное обучение",
        "items": [{"title": "Профильные классы", "deadline": "Сентябрь 2024 г.", "schools": "СОО"}],
    },
    {"section": "Итоги", "items": [{"title": "Отчёт о работе", "deadline": "Май 2025 г."}]},
]


def _roadmap(tmp_path: Path, school: dict[str, Any], body: list[Any] = BODY) -> Path:
    data = {
        "organization": {"name": "МБОУ «Лазаревская ООШ»"},
        "plan": {
            "title": "План профориентации",
            "period": "2024-2025 учебный год",
            "default_responsible": "Директор",
            "body": body,
        },
        "school": school,
    }
    path = tmp_path / "school.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.mark.parametrize(
    ("school", "kept"),
    [
        # the ООШ: no ЕГЭ, no profile classes (the section goes too), numbered afresh
        ({"type": "ООШ"}, ["1.1 Классные часы", "1.2 Предпрофильные курсы", "2.1 Отчёт"]),
        ({"type": "СОШ"}, ["1.1 Классные", "1.2 Выбор предметов ЕГЭ", "1.3 ", "2.1 ", "3.1 "]),
        ({"type": "НОШ"}, ["1.1 Классные часы", "2.1 Отчёт"]),
        # levels the school gives win over its type
        ({"type": "ООШ", "levels": ["ООО", "СОО"]}, ["1.1 ", "1.2 Выбор", "1.3 ", "2.1 ", "3.1 "]),
        ({}, ["1.1 ", "1.2 Выбор", "1.3 ", "2.1 ", "3.1 "]),  # no type: every activity
    ],
)
def test_a_school_gets_the_activities_for_its_type(
    tmp_path: Path, school: dict[str, Any], kept: list[str]
) -> None:
    code, out, err = run_cli("render", str(_roadmap(tmp_path, school)), "-o", str(tmp_path))
    assert code == 0, err
    rows = tables(Path(out.strip()))[0]
    numbered = [
        f"{row[0]} {row[1]}".replace("\xa0", " ") for row in rows if len(row) > 1 and "." in row[0]
    ]
    assert len(numbered) == len(kept), numbered
    for got, want in zip(numbered, kept, strict=True):
        assert got.startswith(want), (got, want)


def test_a_tag_that_is_no_type_or_level_is_an_error(tmp_path: Path) -> None:
    body = [{"title": "Выбор предметов ЕГЭ", "deadline": "до 01.02.2025", "schools": "11 класс"}]
    code, _, err = run_cli("render", str(_roadmap(tmp_path, {"type": "ООШ"}, body)))
    assert code == 1
    assert "ошибка: " in err and "строка " in err and "plan.body[0].schools[0]" in err
    assert "«11 класс» — не тип школы и не уровень образования (есть: НОО, ООО, СОО" in err


def test_what_a_school_leaves_out_is_listed(tmp_path: Path) -> None:
    plan = load_plan(_roadmap(tmp_path, {})).plan
    assert left_out(plan, SchoolChanges(type="ООШ")) == [
        "1.2 Выбор предметов ЕГЭ",
        "2.1 Профильные классы",
    ]
    assert left_out(plan, SchoolChanges(type="гимназия")) == []
