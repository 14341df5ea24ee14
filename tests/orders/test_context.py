"""Building the template context: people in cases, numbering, marks and stamps."""

from __future__ import annotations

from typing import Any

import pytest

from docgen.errors import InvalidDataError
from docgen.grammar import default_inflector
from docgen.grammar.typography import phone_text
from docgen.model import OrderData
from docgen.orders.context import build_context

NBSP = "\u00a0"


def _data(**document: Any) -> OrderData:
    base: dict[str, Any] = {
        "organization": {
            "name": "Управление образования",
            "parent": "администрации Старооскольского городского округа",
        },
        "people": {
            "ushakova": {
                "surname": "Ушакова",
                "name": "Ирина",
                "patronymic": "Геннадьевна",
                "position": "заместитель начальника управления образования",
            },
            "klauzova": {
                "surname": "Клаузова",
                "initials": "Д.Х.",
                "gender": "ж",
                "position": "директор ГБУ ДПО СО «Жигулевский ресурсный центр»",
            },
            "petrov": {
                "surname": "Петров",
                "name": "Олег",
                "patronymic": "Ильич",
                "position": "начальник управления образования",
                "phone": "8 (4725) 22-00-01",
            },
        },
        "document": {
            "kind": "приказ",
            "number": "12",
            "date": "2024-09-02",
            "title": "О назначении",
            "points": ["Текст."],
            "signer": "petrov",
            **document,
        },
    }
    return OrderData.model_validate(base)


def _texts(**document: Any) -> list[str]:
    context = build_context(_data(**document), default_inflector())
    return [p.text.replace(NBSP, " ") for p in context["doc"]["paragraphs"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{ people.ushakova | вн }}", "Ушакову И.Г."),
        ("{{ people.ushakova | дт }}", "Ушаковой И.Г."),
        ("{{ people.ushakova.io | тв }}", "И.Г. Ушаковой"),
        ("{{ people.ushakova.fio | рд }}", "Ушаковой Ирины Геннадьевны"),
        (
            "{{ people.ushakova.with_position | вн }}",
            "Ушакову И.Г., заместителя начальника управления образования",
        ),
        (
            "{{ people.klauzova.position | дт | с_заглавной }} ({{ people.klauzova.io | дт }})",
            "Директору ГБУ ДПО СО «Жигулевский ресурсный центр» (Д.Х. Клаузовой)",
        ),
        (
            "на {{ people.petrov.position | вн }} {{ people.petrov.io | вн }}",
            "на начальника управления образования О.И. Петрова",
        ),
        ("{{ people.petrov.fio | пр }}", "Петрове Олеге Ильиче"),
        ("{{ people.petrov | datv }}", "Петрову О.И."),
        ("возложить на {{ people.ushakova | вн }}.", "возложить на Ушакову И.Г."),
        (
            "{{ 5 | согласовать('общеобразовательная организация', 'рд') }}",
            "5 общеобразовательных организаций",
        ),
        ("{{ org.name | рд }}", "Управления образования"),
        ("№ {{ doc.number }} от {{ doc.date | date }}", "№ 12 от 02.09.2024"),
    ],
)
def test_texts_are_templates_with_grammar(text: str, expected: str) -> None:
    assert _texts(points=[text]) == [f"1. {expected}"]


def test_numbering_of_points_sub_points_and_items() -> None:
    points = [
        "Первый.",
        {"text": "Второй:", "bullets": ["а;", "б."]},
        {"text": "Третий:", "points": ["Под.", {"text": "Ещё:", "points": ["Глубже."]}]},
    ]
    assert _texts(points=points, bullet="–", control={"self": True}) == [
        "1. Первый.",
        "2. Второй:",
        "– а;",
        "– б.",
        "3. Третий:",
        "3.1. Под.",
        "3.2. Ещё:",
        "3.2.1. Глубже.",
        "4. Контроль за исполнением настоящего приказа оставляю за собой.",
    ]


def test_twelve_points_number_on() -> None:
    texts = _texts(points=[f"П{i}." for i in range(12)], control="ushakova")
    assert texts[9] == "10. П9." and texts[11] == "12. П11."
    assert texts[12] == (
        "13. Контроль за исполнением настоящего приказа возложить на "
        "заместителя начальника управления образования И.Г. Ушакову."
    )


def test_requisites_signer_executor_and_command() -> None:
    context = build_context(
        _data(
            executor="petrov",
            command="spaced",
            basis="В соответствии с уставом",
            purpose="в целях порядка",
        ),
        default_inflector(),
    )
    doc = context["doc"]
    assert context["org"].header_lines == (
        "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ",
        "администрации Старооскольского городского округа",
    )
    assert doc["kind_title"] == "ПРИКАЗ"
    assert doc["date_text"] == "02.09.2024"
    assert doc["command"] == "п р и к а з ы в а ю:"
    assert doc["preamble"] == "В соответствии с уставом, в целях порядка"
    assert context["signer"]["name"].replace(NBSP, " ") == "О.И. Петров"
    assert context["signer"]["position"] == "Начальник управления образования"  # line start
    assert context["executor"].replace(NBSP, " ") == "Петров О.И., 8 (4725) 22-00-01"


def test_preamble_without_command_word_ends_with_colon() -> None:
    data = _data(kind="распоряжение", purpose="В целях порядка")
    doc = build_context(data, default_inflector())["doc"]
    assert doc["command"] == "" and doc["preamble"] == "В целях порядка:"
    assert doc["kind_title"] == "РАСПОРЯЖЕНИЕ"


@pytest.mark.parametrize(
    ("title", "stamp"),
    [
        ("План мероприятий", "УТВЕРЖДЕН"),
        ("Дорожная карта по профориентации", "УТВЕРЖДЕНА"),
        ("Положение о конкурсе", "УТВЕРЖДЕНО"),
        ("Правила приема", "УТВЕРЖДЕНЫ"),
        ("КОМПЛЕКСНЫЙ ПЛАН МЕРОПРИЯТИЙ («ДОРОЖНАЯ КАРТА»)", "УТВЕРЖДЕН"),
    ],
)
def test_approval_stamp_agrees_with_the_title(title: str, stamp: str) -> None:
    data = _data(appendices=[{"title": title, "style": "approved"}])
    lines = build_context(data, default_inflector())["appendices"][0]["heading_lines"]
    assert lines == [
        "Приложение",  # the only appendix has no number
        "",
        stamp,
        "приказом управления образования администрации Старооскольского городского округа",
        "от 02.09.2024 № 12",
    ]


def test_appendix_mark_and_approve_stamp() -> None:
    data = _data(
        kind="распоряжение",
        appendices=[
            {"title": "План"},
            {"title": "Состав", "style": "approve", "approver": "petrov"},
        ],
    )
    first, second = build_context(data, default_inflector())["appendices"]
    assert first["heading_lines"] == [
        "Приложение 1",
        "к распоряжению управления образования администрации Старооскольского городского округа",
        "от 02.09.2024 № 12",
    ]
    assert [line.replace(NBSP, " ") for line in second["heading_lines"]] == [
        "УТВЕРЖДАЮ",
        "Начальник управления образования",
        "________________ О.И. Петров",
        "2 сентября 2024 г.",  # the date in words (ГОСТ); «02» only when the order asks for it
    ]


def test_proper_name_of_organization_keeps_its_capital() -> None:
    data = OrderData.model_validate(
        {
            "organization": {
                "name": "Центральное управление",
                "superior": "Министерство образования и науки Самарской области",
            },
            "people": {"d": {"surname": "Двирник", "initials": "А.Н.", "gender": "м"}},
            "document": {
                "kind": "распоряжение",
                "number": "408/1-ср",
                "date": "31.08.2021",
                "title": "Об утверждении",
                "points": ["Т."],
                "signer": "d",
                "appendices": [{"title": "План"}],
            },
        }
    )
    context = build_context(data, default_inflector())
    assert context["org"].header_lines == (
        "МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ САМАРСКОЙ ОБЛАСТИ",
        "ЦЕНТРАЛЬНОЕ УПРАВЛЕНИЕ",
    )
    assert context["appendices"][0]["heading_lines"][1] == (
        "к распоряжению Центрального управления министерства образования и науки Самарской области"
    )


def test_every_broken_text_is_reported_with_its_key_path() -> None:
    data = _data(
        title="О {{ people.nobody | рд }}",
        points=["{{ people.ushakova | падеж('нет такого') }}", {"text": "{% if %}", "points": []}],
    )
    with pytest.raises(InvalidDataError) as info:
        build_context(data, default_inflector(), file="order.yaml")
    where = [p.location.key_path for p in info.value.problems]
    assert where == ["document.points[0].text", "document.points[1].text", "document.title"]
    assert all(p.location.file == "order.yaml" for p in info.value.problems)
    assert "nobody" in str(info.value)


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("8 (4725)22-55-48", "8⍽(4725)⍽22-55-48"),
        ("8(4725)225548", "8⍽(4725)⍽22-55-48"),
        ("+7 (846) 333-22-11", "+7⍽(846)⍽333-22-11"),
        ("8 (84862) 2-11-33", "8⍽(84862)⍽2-11-33"),
        ("22-55-48", "22-55-48"),  # no code: kept as written
        ("8 800 555 35 35", "8 800 555 35 35"),
    ],
)
def test_the_executors_phone_is_written_as_gost_shows_it(phone: str, expected: str) -> None:
    assert phone_text(phone) == expected.replace("⍽", "\u00a0")
