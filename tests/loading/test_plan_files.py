"""An order's appendix that names its plan's file: ``plan: roadmap.yaml``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from docgen.errors import DataError, InvalidDataError
from docgen.loading import load
from docgen.model import OrderData, PlanData
from docgen.options import Options
from docgen.plans.exporting import export_plan
from docgen.rendering import render
from tests.docx_text import tables

ORG = {"name": "Отдел образования администрации Тамбовского района"}
PEOPLE = {
    "ivanov": {"surname": "Иванов", "initials": "И.И.", "gender": "м", "position": "начальник"}
}
PLAN: dict[str, Any] = {
    "title": "План мероприятий",
    "period": "2024-2025 учебный год",
    "body": [
        {
            "section": "Подготовка",
            "items": [{"title": "Совещание", "deadline": "Сентябрь 2024 г.", "responsible": "ОО"}],
        }
    ],
}


def document(plan: Any) -> dict[str, Any]:
    return {
        "organization": ORG,
        "people": PEOPLE,
        "document": {
            "kind": "приказ",
            "number": "12",
            "date": "2024-08-30",
            "title": "Об утверждении плана",
            "points": ["Утвердить план (приложение 1)."],
            "signer": "ivanov",
            "appendices": [{"style": "approved", "plan": plan}],
        },
    }


def dump(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".xlsx"])
def test_an_appendix_takes_the_plan_of_its_file(tmp_path: Path, suffix: str) -> None:
    inline = dump(tmp_path / "inline.yaml", document(PLAN))
    plan_data = {"organization": ORG, "plan": PLAN}
    plan_file = tmp_path / "plans" / f"roadmap{suffix}"
    plan_file.parent.mkdir()
    if suffix == ".yaml":
        dump(plan_file, plan_data)
    elif suffix == ".json":
        import json

        plan_file.write_text(json.dumps(plan_data, ensure_ascii=False), "utf-8")
    else:
        loaded = load(dump(tmp_path / "plan.yaml", plan_data))
        assert isinstance(loaded, PlanData)
        plan_file.write_bytes(export_plan(loaded, ".xlsx"))
    order = dump(tmp_path / "order.yaml", document(f"plans/roadmap{suffix}"))
    assert load(order) == load(inline)
    first = render(order, Options(output_dir=tmp_path / "a")).docx
    second = render(inline, Options(output_dir=tmp_path / "b")).docx
    assert tables(first) == tables(second)


def test_extends_takes_the_plan_and_changes_some_keys(tmp_path: Path) -> None:
    dump(tmp_path / "roadmap.yaml", {"organization": ORG, "plan": PLAN})
    order = dump(
        tmp_path / "order.yaml",
        document({"extends": "roadmap.yaml", "title": "План на 2024-2025 учебный год"}),
    )
    data = load(order)
    assert isinstance(data, OrderData)
    plan = data.document.appendices[0].plan
    assert plan is not None
    assert plan.title == "План на 2024-2025 учебный год"
    assert plan.period == PLAN["period"]
    assert len(plan.body) == 1


def test_the_path_is_relative_to_the_file_that_names_it(tmp_path: Path) -> None:
    dump(tmp_path / "district" / "roadmap.yaml", {"organization": ORG, "plan": PLAN})
    dump(tmp_path / "district" / "order.yaml", document("roadmap.yaml"))
    school = dump(tmp_path / "school" / "order.yaml", {"extends": "../district/order.yaml"})
    data = load(school)
    assert isinstance(data, OrderData)
    plan = data.document.appendices[0].plan
    assert plan is not None and plan.title == PLAN["title"]


def test_a_mistake_in_the_plan_file_names_both_files(tmp_path: Path) -> None:
    bad = {**PLAN, "body": [{"title": "Совещание", "deadline": ["май"]}]}
    roadmap = dump(tmp_path / "roadmap.yaml", {"organization": ORG, "plan": bad})
    order = dump(tmp_path / "order.yaml", document("roadmap.yaml"))
    with pytest.raises(InvalidDataError) as info:
        load(order)
    assert [str(p) for p in info.value.problems] == [
        f"{roadmap}: строка {line_of(roadmap, 'deadline:')}: plan.body[0].deadline (план "
        f"приложения 1 к {order}): ожидается текст, а не список"
    ]


@pytest.mark.parametrize(
    ("plan", "files", "message"),
    [
        ("нет.yaml", {}, "файл плана «нет.yaml» не найден (ищу {root}/нет.yaml)"),
        (
            "roadmap.yaml",
            {"roadmap.yaml": {"organization": ORG}},
            "в файле «roadmap.yaml» ({root}/roadmap.yaml) нет плана: нужен раздел plan",
        ),
        (
            "roadmap.docx",
            {},
            "«roadmap.docx»: план приложения — файл .yaml, .yml, .json или .xlsx "
            "(план из DOCX сначала: docgen import)",
        ),
        ({"extends": ""}, {}, "ожидается имя файла плана (YAML, JSON или книга Excel)"),
    ],
)
def test_a_plan_file_that_cannot_be_taken_is_named_at_the_order(
    tmp_path: Path, plan: Any, files: dict[str, Any], message: str
) -> None:
    for name, data in files.items():
        dump(tmp_path / name, data)
    order = dump(tmp_path / "order.yaml", document(plan))
    with pytest.raises(DataError) as info:
        load(order)
    line = line_of(order, "extends:" if isinstance(plan, dict) else "plan:")
    where = "document.appendices[0].plan" + (".extends" if isinstance(plan, dict) else "")
    expected = message.format(root=tmp_path.resolve())
    assert str(info.value) == f"{order}: строка {line}: {where}: {expected}"


def _plan_with_responsible(key: str) -> dict[str, Any]:
    item = {"title": "Совещание", "deadline": "Сентябрь 2024 г.", "responsible": [key]}
    return {**PLAN, "body": [{"section": "Подготовка", "items": [item]}]}


PETROVA = {"surname": "Петрова", "name": "Анна", "patronymic": "Сергеевна", "position": "методист"}


def test_the_people_of_a_plan_file_come_with_its_plan(tmp_path: Path) -> None:
    plan = _plan_with_responsible("petrova")
    dump(
        tmp_path / "roadmap.yaml",
        {"organization": ORG, "people": {"petrova": PETROVA}, "plan": plan},
    )
    order = dump(tmp_path / "order.yaml", document("roadmap.yaml"))
    inline_data = document(plan)
    inline_data["people"] = {**PEOPLE, "petrova": PETROVA}
    inline = dump(tmp_path / "inline.yaml", inline_data)
    assert load(order) == load(inline)
    text = "\n".join(
        cell
        for table in tables(render(order, Options(output_dir=tmp_path / "o")).docx)
        for row in table
        for cell in row
    )
    assert "Петрова" in text and "petrova" not in text


@pytest.mark.parametrize(
    ("in_order", "refused"),
    [(PETROVA, False), ({**PETROVA, "surname": "Петренко"}, True)],
)
def test_a_key_in_both_files_must_mean_one_person(
    tmp_path: Path, in_order: dict[str, Any], refused: bool
) -> None:
    plan = _plan_with_responsible("petrova")
    plan_file = dump(
        tmp_path / "roadmap.yaml",
        {"organization": ORG, "people": {"petrova": PETROVA}, "plan": plan},
    )
    data = document("roadmap.yaml")
    data["people"] = {**PEOPLE, "petrova": in_order}
    order = dump(tmp_path / "order.yaml", data)
    if not refused:
        assert isinstance(load(order), OrderData)
        return
    with pytest.raises(DataError) as caught:
        load(order)
    assert "разные люди" in str(caught.value) and "roadmap.yaml" in str(caught.value)
    assert str(order.name) in str(caught.value) or str(plan_file.name) in str(caught.value)
