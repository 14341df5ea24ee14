"""What a district's run keeps between documents: a plan's rows made once for every school, a
school's roadmap view reused by the appendix of its order, the people's views. A document
built with these kept gives what a fresh build gives, with the same warnings at the same
places; anything the kept result depends on, changed, is a miss."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from docgen.errors import DocgenError, InvalidDataError
from docgen.grammar import default_inflector
from docgen.grammar._morph import inflect, parse
from docgen.model import OrderData, Organization, Plan, PlanData
from docgen.orders.context import build_context
from docgen.plans import table
from docgen.plans.context import Extras, build_plan_context
from docgen.views import _ORGS, _PEOPLE, org_view, person_view

PLAN: dict[str, Any] = {
    "title": "План мероприятий\n{{ org.name | рд }}\nна {{ plan.period }}",
    "period": "2024-2025 учебный год",
    "columns": [
        {"number": "№"},
        {"title": "Мероприятие"},
        {"indicators": "Показатели"},
        {"deadline": "Сроки"},
        {"responsible": "Ответственные"},
    ],
    "body": [
        {
            "section": "Профориентация",
            "items": [
                {
                    "title": "Классные часы о профессиях",
                    "indicators": ["Доля охваченных", "Число часов"],
                    "deadline": "до 01.06.2025",
                    "responsible": "Руководители ОО, кл. руководители",
                },
                {
                    "title": "Экскурсии на предприятия",
                    "deadline": "Октябрь 2024 г.",
                    "responsible": "Руководители ОО",
                },
                {
                    "title": "Встреча с родителями",
                    "deadline": {"month": "2025-03"},
                    "responsible": ["zam", "педагоги-психологи"],
                },
            ],
        },
        {
            "section": "Мониторинг",
            "items": [
                {"title": "Отчёт о профориентации", "deadline": "Ежегодно до 25 мая"},
            ],
        },
    ],
    "default_responsible": "Руководители ОО",
}

PEOPLE = {
    "director": {"surname": "Иванов", "name": "Андрей", "patronymic": "Николаевич"},
    "zam": {
        "surname": "Шевчук",
        "name": "Ольга",
        "patronymic": "Николаевна",
        "position": "заместитель директора по воспитательной работе",
    },
    "psy": {"surname": "Мельник", "name": "Анна", "patronymic": "Викторовна"},
}

ROLES = {"Руководители ОО": "director", "педагоги-психологи": "psy", "Завуч": "zam"}
NBSP = "\u00a0"
SCHOOL = "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 3»"


def forget() -> None:
    """Nothing kept: what the next build gives is a fresh one."""
    for kept in (table._ROWS, table._MADE_ROWS, table._VIEWS, table._NAMES, _PEOPLE, _ORGS):
        kept.clear()


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    forget()
    yield
    forget()


def roadmap(plan: Plan, **changes: Any) -> PlanData:
    """A school's roadmap of ``plan`` (the same object: a district's schools share it)."""
    data = PlanData.model_validate(
        {
            "organization": {"name": changes.pop("org", SCHOOL)},
            "people": changes.pop("people", PEOPLE),
            "plan": plan,
            "school": {"roles": changes.pop("roles", ROLES), **changes},
        }
    )
    assert data.plan is plan
    return data


def roadmap_of(data: PlanData) -> PlanData:
    return data


def order(data: PlanData) -> OrderData:
    """The order approving the school's roadmap: its plan and changes as the appendix."""
    return OrderData.model_validate(
        {
            "organization": data.organization,
            "people": data.people,
            "document": {
                "kind": "приказ",
                "number": "12",
                "date": "2024-09-02",
                "title": "Об утверждении плана",
                "points": ["Утвердить план (приложение)."],
                "signer": "director",
                "appendices": [{"plan": data.plan, "school": data.school, "style": "approved"}],
            },
        }
    )


_MARKER = re.compile(r"⟦docgen:table:(\d+)⟧")


def shown(view: dict[str, Any], extras: Extras) -> dict[str, Any]:
    """A plan's view as its document shows it: every cell of its tables (text, spans, merges,
    alignment) instead of the document's own markers."""

    def cells(marker: str) -> Any:
        found = _MARKER.fullmatch(marker)
        if found is None:
            return marker
        tab = extras.inserts.tables[int(found.group(1))]
        return tab.widths, [
            (row.header, row.keep_with_next, [vars(c) | {"_hash": None} for c in row.cells])
            for row in tab.rows
        ]

    return {
        **view,
        "table": cells(view["table"]),
        "indicators_table": cells(view["indicators_table"]),
    }


def said(warnings: list[DocgenError]) -> list[tuple[str, Any]]:
    return [(w.message, w.location) for w in warnings]


def built(data: PlanData | OrderData) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """The plan's view of a roadmap or of an order's appendix, and the warnings."""
    extras = Extras()
    inflector = default_inflector()
    if isinstance(data, PlanData):
        view = build_plan_context(data, inflector, file="school.yaml", extras=extras)["plan"]
    else:
        context = build_context(data, inflector, file="order.yaml", extras=extras)
        view = context["appendices"][0]["plan"]
    return shown(view, extras), said(extras.warnings)


def fresh(data: PlanData | OrderData) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    forget()
    return built(data)


def cells_of(view: dict[str, Any], column: int) -> list[str]:
    """The texts of a column, row by row (section rows, narrower, left out)."""
    rows = view["table"][1][1:]
    return [row[2][column]["text"].replace(NBSP, " ") for row in rows if len(row[2]) > column]


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times a plan's rows and a plan's view were made afresh."""
    counts = {"rows": 0, "views": 0}
    body, build = table._Rows.body, table._build_plan

    def counted_body(self: Any, pieces: Any) -> Any:
        counts["rows"] += 1
        return body(self, pieces)

    def counted_build(*args: Any) -> Any:
        counts["views"] += 1
        return build(*args)

    monkeypatch.setattr(table._Rows, "body", counted_body)
    monkeypatch.setattr(table, "_build_plan", counted_build)
    return counts


def test_the_second_school_gets_the_plan_made_once_with_its_own_people(
    builds: dict[str, int],
) -> None:
    plan = Plan.model_validate(PLAN)
    first = roadmap(plan)
    people = {
        "director": {"surname": "Петрова", "name": "Мария", "patronymic": "Ивановна"},
        "zam": {"surname": "Сидоров", "name": "Олег", "patronymic": "Петрович"},
    }
    second = roadmap(
        plan, org="МБОУ «СОШ № 7»", people=people, roles={"Руководители ОО": "director"}
    )
    built(first)
    view, warnings = built(second)
    assert builds == {"rows": 1, "views": 2}  # the rows made once, each school's view its own
    assert (view, warnings) == fresh(second)
    assert cells_of(view, 4) == [
        "Петрова М.И., кл. руководители",
        "",
        "Петрова М.И.",
        "Сидоров О.П., педагоги-психологи",
        "Петрова М.И.",  # the plan's default role, filled
    ]
    assert "МБОУ «СОШ № 7»" in view["title"]
    assert [a.responsible.replace(NBSP, " ") for a in view["activities"]] == [
        "Петрова М.И., кл. руководители",
        "Петрова М.И.",
        "Сидоров О.П., педагоги-психологи",
        "Петрова М.И.",
    ]
    # the roles nobody fills, once, at the first activity that names them (as made afresh)
    assert [m for m, _ in warnings if "роли без исполнителя" in m] == [
        "роли без исполнителя (остались как есть): «кл. руководители», «педагоги-психологи»; "
        "назовите людей в school.roles или оставьте роли словами: school.keep_unfilled_roles: true"
    ]
    assert next(w for w in warnings if "роли без" in w[0])[1].key_path == (
        "plan.body[0].items[0].responsible"
    )


def _changed_activity(plan: Plan) -> Plan:
    data = plan.model_dump(by_alias=True, exclude_unset=True)
    data["body"][0]["items"][1]["title"] = "Экскурсии в колледжи"
    return Plan.model_validate(data)


@pytest.mark.parametrize(
    ("change", "column", "expected"),
    [
        ("roles", 4, ["Шевчук О.Н., кл. руководители", "", "Шевчук О.Н."]),
        ("people", 4, ["Иванова А.Н., кл. руководители", "", "Иванова А.Н."]),
        ("keep", 4, ["Иванов А.Н., кл. руководители", "", "Иванов А.Н."]),
        ("activity", 1, ["Классные часы о профессиях", "", "Экскурсии в колледжи"]),
        ("org", None, None),
    ],
)
def test_a_change_in_what_the_plan_depends_on_is_a_miss(
    change: str, column: int | None, expected: list[str] | None
) -> None:
    """Another school's roles, another people list, keeping the unfilled roles, a changed
    activity, another organization: each gives what a fresh build gives."""
    plan = Plan.model_validate(PLAN)
    first = roadmap(plan)
    people = {**PEOPLE, "director": {"surname": "Иванова", "name": "Анна", "patronymic": "Н."}}
    second = {
        "roles": lambda: roadmap(plan, roles={**ROLES, "Руководители ОО": "zam"}),
        "people": lambda: roadmap(plan, people=people),
        "keep": lambda: roadmap(plan, keep_unfilled_roles=True),
        "activity": lambda: roadmap(_changed_activity(plan)),
        "org": lambda: roadmap(plan, org="МБОУ «Гимназия № 4»"),
    }[change]()
    for document in (roadmap_of, order):
        before = fresh(document(first))
        built(document(first))  # kept: the next document's people, roles or plan differ
        view, warnings = built(document(second))
        assert (view, warnings) == fresh(document(second))
        assert (view, warnings) != before
        if column is not None:
            assert cells_of(view, column)[:3] == expected
    if change == "keep":
        assert not any("роли без исполнителя" in m for m, _ in warnings)
    if change == "org":
        assert (
            "Муниципального бюджетного общеобразовательного учреждения «Гимназия № 4»"
            not in (view["title"])
        )
        assert "МБОУ «Гимназия № 4»" in view["title"]


FULLER = {
    **PLAN,
    "goal": "Профориентация обучающихся на {{ plan.period }}",
    "tasks": ["Знакомство с профессиями", "Работа с родителями"],
    "intro": [{"heading": "Пояснение"}, {"items": "tasks", "style": "dash"}],
    "indicators": [
        {"name": "Доля охваченных", "unit": "%", "baseline": 40, "targets": {2025: 50, 2026: 60}}
    ],
}


@pytest.mark.parametrize("shape", [PLAN, FULLER], ids=["table", "texts-and-indicators"])
def test_the_orders_appendix_is_the_roadmaps_view(
    builds: dict[str, int], shape: dict[str, Any]
) -> None:
    """The same school's order: its plan's view made once; the role nobody uses (Завуч) and the
    roles nobody fills said once in each document, at that document's own places."""
    plan = Plan.model_validate(shape)
    data = roadmap(plan)
    plan_view, plan_warnings = built(data)
    order_view, order_warnings = built(order(data))
    assert builds == {"rows": 1, "views": 1}
    assert (order_view, order_warnings) == fresh(order(data))
    assert order_view == plan_view
    assert order_view["activities"][1].path == ("body", 0, "items", 1)  # its place in the plan
    if shape is FULLER:
        assert order_view["goal"] == "Профориентация обучающихся на 2024-2025 учебный год"
        assert order_view["indicators_table"][1][1][2][-1]["text"] == "60"  # 2026, its row
    assert order_view["title"] == (
        "План мероприятий\n"
        "Муниципального бюджетного общеобразовательного учреждения «Лицей № 3»\n"
        "на 2024-2025 учебный год"
    )
    unused = "роль «Завуч» не встречается в столбце ответственных плана (опечатка?)"
    assert [w for w in plan_warnings if w[0] == unused] == [
        (unused, plan_warnings[-1][1])
    ] and plan_warnings[-1][1].file == "school.yaml"
    assert [w[1].file for w in order_warnings if w[0] == unused] == ["order.yaml"]
    assert sum("роли без исполнителя" in m for m, _ in plan_warnings) == 1
    assert sum("роли без исполнителя" in m for m, _ in order_warnings) == 1


def test_a_plan_whose_text_names_the_order_is_made_for_each_document(
    builds: dict[str, int],
) -> None:
    """A text of the plan that names the order (``doc``) differs between the roadmap and the
    order: nothing is shared, each document renders it."""
    plan = Plan.model_validate({**PLAN, "goal": "Цель приказа № {{ doc.number }}"})
    data = order(roadmap(plan))
    first, _ = built(data)
    again, _ = built(data)
    assert builds["views"] == 2
    assert first["goal"] == again["goal"] == "Цель приказа № 12"


def test_a_problem_in_the_plan_is_said_for_each_school_at_its_place() -> None:
    """Nothing with a problem is kept: the second school hears it as the first did."""
    plan = Plan.model_validate(
        {**PLAN, "body": [{**PLAN["body"][1], "items": [{"title": "{{ nowhere }}"}]}]}
    )
    for data in (roadmap(plan), roadmap(plan, org="МБОУ «СОШ № 7»")):
        with pytest.raises(InvalidDataError) as info:
            built(data)
        assert [(p.message, p.location.key_path) for p in info.value.problems] == [
            ("неизвестное имя в тексте: «nowhere» не определено", "plan.body[0].items[0].title")
        ]


def test_what_is_kept_stays_small() -> None:
    """A district of many schools and plans: each store keeps a few of the last."""
    plans = [
        Plan.model_validate({**PLAN, "period": f"{2000 + i}-{2001 + i} учебный год"})
        for i in range(12)
    ]
    for index, plan in enumerate(plans * 2):
        people = {
            key: {**person, "phone": f"8 (000) 00-00-{index:02}"} for key, person in PEOPLE.items()
        }
        data = roadmap(plan, people=people)
        built(data)
        built(order(data))
    assert len(table._MADE_ROWS) <= 8 and len(table._VIEWS) <= 8 and len(table._ROWS) <= 9
    assert len(table._NAMES) <= 64 and len(_PEOPLE) <= 64 and len(_ORGS) <= 16


def test_a_person_is_viewed_once_for_the_same_values() -> None:
    inflector = default_inflector()
    data = roadmap(Plan.model_validate(PLAN))
    again = roadmap(Plan.model_validate(PLAN))
    assert data.people["zam"] is not again.people["zam"]
    view = person_view("zam", data.people["zam"], inflector)
    assert person_view("zam", again.people["zam"], inflector) is view
    assert person_view("psy", data.people["zam"], inflector) is not view  # another key
    other = data.people["zam"].model_copy(update={"position": "директор"})
    changed = person_view("zam", other, inflector)
    assert changed is not view and str(changed.position) == "директор"


def test_an_organization_is_viewed_once_for_the_same_values() -> None:
    inflector = default_inflector()
    view = org_view(Organization(name=SCHOOL, phone="8 (41638) 2-00-00"), inflector)
    same = org_view(Organization(name=SCHOOL, phone="8 (41638) 2-00-00"), inflector)
    assert same is view
    assert view.genitive == "Муниципального бюджетного общеобразовательного учреждения «Лицей № 3»"
    other = org_view(Organization(name=SCHOOL, phone="8 (41638) 2-00-01"), inflector)
    assert other is not view and other.phone == "8 (41638) 2-00-01"
    gymnasium = org_view(Organization(name=SCHOOL.replace("Лицей", "Гимназия")), inflector)
    assert gymnasium.genitive.endswith("«Гимназия № 3»") and gymnasium is not view


@pytest.mark.parametrize(
    ("word", "grammemes"),
    [
        ("учреждение", {"gent", "sing"}),
        ("бюджетное", {"gent", "sing", "neut"}),
        ("сад", {"loc2", "sing"}),
        ("Иванов", {"datv", "sing"}),
        ("человек", {"gent", "plur"}),
    ],
)
def test_a_word_inflected_once_is_what_pymorphy3_gives(word: str, grammemes: set[str]) -> None:
    for analysis in parse(word.lower())[:3]:
        expected = analysis.inflect(grammemes)
        assert inflect(analysis, grammemes) == expected
        assert inflect(analysis, tuple(grammemes)) == expected  # kept: the same answer
