"""A school's lint in a district run reads only the school's part, and finds what a whole lint
would have found there.

``docgen bulk`` lints the municipal plan once and each school with ``wanted`` keeping the
school's own places (its changes, its order's texts), so that the plan's warnings are said
once. The school's part is read without going through the plan's rows again; each case pins
that the warnings it gives are exactly those of the whole lint at the school's places, in the
same order and at the same places.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from docgen.district.workbook import _own
from docgen.errors import DocgenError, Location
from docgen.lint import Dictionary, lint
from docgen.lint.checks import KeyPath
from docgen.lint.spelling import unknown_words
from docgen.loading._common import format_path
from docgen.model import OrderData, PlanData

#: The municipal plan: two sections; «Ежегодно до 25 мая» three times, once for СОО only.
PLAN: dict[str, Any] = {
    "title": "Муниципальный план по профориентации",
    "period": "2024-2025 учебный год",
    "columns": [{"number": "№"}, {"title": "Мероприятие"}, {"deadline": "Сроки"}],
    "body": [
        {
            "section": "Диагностика",
            "items": [
                {"title": "Анкетирование обучающихся", "deadline": "Ежегодно до 25 мая"},
                {"title": "Диагностика склонностей", "deadline": "период учебного года"},
                {"title": "Мониторинг выбора профессий", "deadline": "Ежегодно до 25 мая"},
            ],
        },
        {
            "section": "Сопровождение",
            "items": [
                {"title": "Классные часы", "deadline": "до 01.10.2024"},
                {"title": "Профильные пробы", "deadline": "Ежегодно до 25 мая", "schools": ["СОО"]},
                {"title": "Встречи с родителями"},  # the plan's own fault: no deadline
            ],
        },
    ],
}

#: (id, the school's changes, what its lint says at its places: (key path, message start)).
CASES: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    ("no changes", {"type": "СОШ"}, []),
    (
        "a deadline written otherwise than the plan's same",
        {"type": "СОШ", "deadlines": {"2.1": "ежегодно до 25 мая"}},
        [("school.deadlines.2.1", "срок «ежегодно до 25 мая» написан иначе")],
    ),
    (
        "the same, but the plan's rows so written are not the school's",
        {"type": "ООШ", "drop": ["1.1", "1.3"], "deadlines": {"2.1": "ежегодно до 25 мая"}},
        [],
    ),
    (
        "the usual spelling is the school's",
        {"type": "ООШ", "deadlines": {"1.2": "ежегодно до 25 мая", "2.1": "ежегодно до 25 мая"}},
        [],
    ),
    (
        "a deadline before the plan's period",
        {"deadlines": {"1.2": "до 01.05.2023"}},
        [("school.deadlines.1.2", "мероприятие 1.2 «Диагностика склонностей»: срок")],
    ),
    (
        "a deadline before the order",
        {"deadlines": {"2.1": "до 01.09.2024"}},
        [("school.deadlines.2.1", "мероприятие 2.1 «Классные часы»: срок «до 01.09.2024»")],
    ),
    ("a deadline of a dropped block", {"drop": ["2"], "deadlines": {"2.1": "до 01.05.2023"}}, []),
    (
        "an addition without a deadline, a misspelt one",
        {
            "add": [
                {"after": "1.1", "activity": {"title": "Экскурсия на предприятие"}},
                {"into": "2", "activity": {"title": "Неделя профорентации", "deadline": "май"}},
            ]
        },
        [
            ("school.add[0].activity.deadline", "добавленное мероприятие «Экскурсия"),
            ("school.add[1].activity.title", "«профорентации»: нет в словаре"),
        ],
    ),
    (
        "a wrong school year in a change",
        {"deadlines": {"1.3": "в течение 2023-2024 учебного года"}},
        [("school.deadlines.1.3", "мероприятие 1.3 «Мониторинг выбора профессий»: срок")],
    ),
]


def _places() -> tuple[dict[str, KeyPath], Any]:
    """A ``locate`` that names a key path, and what it named: the warnings' paths."""
    named: dict[str, KeyPath] = {}

    def locate(path: KeyPath) -> Location:
        named[format_path(path)] = path
        return Location(key_path=format_path(path))

    return named, locate


def _said(warnings: list[DocgenError]) -> list[tuple[str | None, str]]:
    return [(w.location.key_path, w.message) for w in warnings]


def _whole_at_own(data: PlanData | OrderData, dictionary: Dictionary) -> list[DocgenError]:
    """The whole lint (the plan's places too), kept to the school's places afterwards."""
    named, locate = _places()
    found = lint(data, locate=locate, dictionary=dictionary, approved_on=date(2024, 9, 2))
    return [w for w in found if _own(named[w.location.key_path or ""])]


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_schools_lint_says_what_the_whole_lint_says_at_its_places(
    changes: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    data = PlanData.model_validate(
        {"organization": {"name": "МБОУ «СОШ № 1»"}, "plan": PLAN, "school": changes}
    )
    dictionary = Dictionary()
    _, locate = _places()
    own = lint(
        data, locate=locate, dictionary=dictionary, wanted=_own, approved_on=date(2024, 9, 2)
    )
    assert _said(own) == _said(_whole_at_own(data, dictionary))
    assert len(own) == len(expected), _said(own)
    for warning, (path, start) in zip(own, expected, strict=True):
        assert warning.location.key_path == path
        assert warning.message.startswith(start), warning.message


def test_the_plans_own_faults_are_not_the_schools() -> None:
    """The plan's missing deadline and its own spellings are said by the district's lint, once:
    a school's lint, with or without changes, does not repeat them."""
    for changes in ({}, {"deadlines": {"2.1": "ежегодно до 25 мая"}}):
        data = PlanData.model_validate(
            {"organization": {"name": "МБОУ «СОШ № 1»"}, "plan": PLAN, "school": changes}
        )
        _, locate = _places()
        whole = lint(data, locate=locate, dictionary=Dictionary())
        assert "plan.body[1].items[2].deadline" in [w.location.key_path for w in whole]
        own = lint(data, locate=locate, dictionary=Dictionary(), wanted=_own)
        assert all(not w.location.key_path.startswith("plan") for w in own if w.location.key_path)


def test_an_orders_own_texts_are_linted_and_not_its_appendix() -> None:
    """A school's order: its points are its own (a wrong school year, a misspelt word); the
    plan it approves is the district's."""
    order = OrderData.model_validate(
        {
            "organization": {"name": "МБОУ «СОШ № 1»"},
            "people": {"director": {"surname": "Иванов", "name": "Иван", "position": "директор"}},
            "document": {
                "kind": "приказ",
                "number": "1-од",
                "date": "2024-09-02",
                "title": "Об утверждении плана на 2024-2025 учебный год",
                "points": [
                    {"text": "Утвердить план на 2023-2024 учебный год."},
                    {"text": "Назначить ответственых."},
                ],
                "signer": {"person": "director"},
                "appendices": [{"plan": {**PLAN, "period": None}}],
            },
        }
    )
    dictionary = Dictionary()
    _, locate = _places()
    own = lint(order, locate=locate, dictionary=dictionary, wanted=_own)
    assert _said(own) == _said(_whole_at_own(order, dictionary))
    assert [path for path, _ in _said(own)] == [
        "document.points[0].text",
        "document.points[1].text",
    ]
    assert "«на 2023-2024 учебный год»" in own[0].message
    assert own[1].message.startswith("«ответственых»: нет в словаре")


@pytest.mark.parametrize(
    "text",
    ["Назначить ответственых.", "Профилные смены профессионально го колледжа", "Всё верно."],
)
def test_a_dictionary_remembers_a_text_as_it_was_read(text: str) -> None:
    """The same text in every school's order is looked up once; the answer is the lookup's, and
    each dictionary (with its user's words) keeps its own."""
    plain = Dictionary()
    assert plain.unknown(text) == tuple(unknown_words(text, plain))
    assert plain.unknown(text) == plain.unknown(text)
    words = [word for word, _ in plain.unknown(text) if " " not in word]
    with_words = Dictionary(words)
    assert [w for w, _ in with_words.unknown(text) if " " not in w] == []
    assert plain.unknown(text) == tuple(unknown_words(text, plain))
