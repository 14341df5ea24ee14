"""The verb of change agrees with its subject; the amount is written as the report writes it."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from jinja2.sandbox import SandboxedEnvironment

from docgen.errors import GrammarError
from docgen.grammar import trends
from docgen.grammar.trends import amount, change_verb, direction_of, trend

# (subject as reports write it, up, down, same)
PHRASES = [
    ("значение", "выросло", "снизилось", "не изменилось"),
    (
        "среднее значение по общеобразовательным организациям",
        "выросло",
        "снизилось",
        "не изменилось",
    ),
    (
        "доля обучающихся 6–11 классов, охваченных профориентационными мероприятиями",
        "выросла",
        "снизилась",
        "не изменилась",
    ),
    (
        "Доля выпускников 9 классов, не определившихся с выбором дальнейшего обучения",
        "выросла",
        "снизилась",
        "не изменилась",
    ),
    ("показатели", "выросли", "снизились", "не изменились"),
    ("результаты ОГЭ по математике", "выросли", "снизились", "не изменились"),
    ("охват детей дополнительным образованием", "вырос", "снизился", "не изменился"),
    ("средний балл ЕГЭ", "вырос", "снизился", "не изменился"),
    ("удельный вес выпускников, поступивших в вузы", "вырос", "снизился", "не изменился"),
    ("количество профориентационных мероприятий", "выросло", "снизилось", "не изменилось"),
    ("число победителей олимпиад", "выросло", "снизилось", "не изменилось"),
    ("численность педагогов-навигаторов", "выросла", "снизилась", "не изменилась"),
    (
        "Количество профориентационных мероприятий, проведенных в организации за год",
        "выросло",
        "снизилось",
        "не изменилось",
    ),
]


@pytest.mark.parametrize(("subject", "up", "down", "same"), PHRASES)
def test_the_verb_agrees_with_the_head_of_the_subject(
    subject: str, up: str, down: str, same: str
) -> None:
    assert [change_verb(subject, d) for d in ("up", "down", "same")] == [up, down, same]


@pytest.mark.parametrize(
    ("delta", "subject", "unit", "expected"),
    [
        (7, "значение", "%", "значение выросло на 7 п.п."),
        (Decimal("-2.5"), "доля обучающихся", "%", "доля обучающихся снизилась на 2,5 п.п."),
        (Fraction(-5, 2), "доля", "п.п.", "доля снизилась на 2,5 п.п."),
        (0, "значение", "%", "значение не изменилось"),
        (0.04, "показатели", "%", "показатели не изменились"),  # rounds to 0 at one place
        (-0.04, "значение", "%", "значение не изменилось"),
        (0.05, "значение", "%", "значение выросло на 0,1 п.п."),  # half up, once
        (3, "количество участников", "чел.", "количество участников выросло на 3 чел."),
        (Fraction(13, 3), "охват", "ед.", "охват вырос на 4,3 ед."),
        (5, "количество", "мероприятие", "количество выросло на 5 мероприятий"),
        (1, "количество", "мероприятие", "количество выросло на 1 мероприятие"),
        (12.25, "средний балл", "", "средний балл вырос на 12,3"),
    ],
)
def test_trend_sentences(delta: object, subject: str, unit: str, expected: str) -> None:
    assert plain(trend(delta, subject, unit)) == expected  # type: ignore[arg-type]


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_percent_changes_are_percentage_points_joined_by_a_no_break_space() -> None:
    assert amount(7, "%") == "7\u00a0п.п."
    assert amount(-7, "п.п.") == "7\u00a0п.п."
    assert direction_of(Fraction(-1, 20)) == "down"  # −0,05 → −0,1
    assert direction_of(Fraction(-1, 21)) == "same"


def test_gender_may_be_given_and_a_subject_without_a_head_asks_for_it() -> None:
    assert change_verb("ОГЭ", "up", gender="plur") == "выросли"
    assert plain(trend(2, "ВПР", "%", gender="f")) == "ВПР выросла на 2 п.п."
    with pytest.raises(GrammarError, match="укажите gender"):
        change_verb("ОГЭ", "up")
    with pytest.raises(GrammarError, match="направление"):
        change_verb("значение", "sideways")
    with pytest.raises(GrammarError, match="род"):
        change_verb("значение", "up", gender="x")


def test_filters_in_a_sandbox() -> None:
    env = SandboxedEnvironment()
    trends.install(env)
    template = env.from_string(
        "{{ delta | trend('значение', '%') }}; {{ 'доля' | change_verb(delta) }}; "
        "{{ -1 | динамика('показатели', 'ед.') }}; {{ 'доля' | глагол_изменения('same') }}"
    )
    assert plain(template.render(delta=Decimal("7.2"))) == (
        "значение выросло на 7,2 п.п.; выросла; показатели снизились на 1 ед.; не изменилась"
    )
