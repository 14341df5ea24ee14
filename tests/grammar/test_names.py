"""Person names: parsing the written forms, gender inference, hard surnames."""

from __future__ import annotations

import pytest

from docgen.errors import GrammarError, UnknownGenderError
from docgen.grammar.names import (
    Person,
    gender_of_first_name,
    gender_of_patronymic,
    gender_of_surname,
    inflect_name_part,
    inflect_person,
    parse_person,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Ушакова И.Г.", Person(surname="Ушакова", initials="И.Г.")),
        ("Ушакова И. Г.", Person(surname="Ушакова", initials="И. Г.")),
        ("Д.Х. Клаузова", Person(surname="Клаузова", initials="Д.Х.", initials_first=True)),
        (f"Д.Х.{NBSP}Клаузова", Person(surname="Клаузова", initials="Д.Х.", initials_first=True)),
        ("Толстой Лев Николаевич", Person(surname="Толстой", name="Лев", patronymic="Николаевич")),
        (
            "Алиев Рашид Гейдар оглы",
            Person(surname="Алиев", name="Рашид", patronymic="Гейдар оглы"),
        ),
        ("Илья Васильевич", Person(name="Илья", patronymic="Васильевич")),
        ("Пушкин Александр", Person(surname="Пушкин", name="Александр")),
        ("Приходько", Person(surname="Приходько")),
    ],
)
def test_parse_person(text: str, person: Person) -> None:
    assert parse_person(text) == person


@pytest.mark.parametrize("text", ["", "И.О. Петров Сидоров", "Иванов Петров И.О.", "а б в г д"])
def test_parse_person_rejects_what_is_not_a_name(text: str) -> None:
    with pytest.raises(GrammarError):
        parse_person(text)


@pytest.mark.parametrize(
    ("patronymic", "gender"),
    [
        ("Ильич", "m"),
        ("Николаевич", "m"),
        ("Кузьминична", "f"),
        ("Ильинична", "f"),
        ("Андреевна", "f"),
        ("Гейдар оглы", "m"),
        ("Ильхам кызы", "f"),
        ("Борух", None),
    ],
)
def test_gender_of_patronymic(patronymic: str, gender: str | None) -> None:
    assert gender_of_patronymic(patronymic) == gender


@pytest.mark.parametrize(
    ("name", "gender"),
    [("Никита", "m"), ("Илья", "m"), ("Любовь", "f"), ("Лев", "m"), ("Ольга", "f"), ("Саша", None)],
)
def test_gender_of_first_name(name: str, gender: str | None) -> None:
    assert gender_of_first_name(name) == gender


@pytest.mark.parametrize(
    ("surname", "gender"),
    [
        ("Ушакова", "f"),
        ("Ушаков", "m"),
        ("Толстая", "f"),
        ("Толстой", "m"),
        ("Слуцкая", "f"),
        ("Римская-Корсакова", "f"),
        ("Двирник", None),
        ("Шевчук", None),
        ("Черных", None),
    ],
)
def test_gender_of_surname(surname: str, gender: str | None) -> None:
    assert gender_of_surname(surname) == gender


@pytest.mark.parametrize(
    ("word", "case", "gender", "part", "form"),
    [
        ("Лев", "gent", "m", "name", "Льва"),
        ("Любовь", "ablt", "f", "name", "Любовью"),
        ("Никита", "datv", "m", "name", "Никите"),
        ("Илья", "ablt", "m", "name", "Ильей"),  # no ё: the input had none
        ("Пётр", "ablt", "m", "name", "Петром"),
        ("Артём", "gent", "m", "name", "Артёма"),  # ё kept: the input had it
        ("Ильич", "gent", "m", "patronymic", "Ильича"),
        ("Кузьминична", "datv", "f", "patronymic", "Кузьминичне"),
        ("Двирник", "gent", "m", "surname", "Двирника"),
        ("Двирник", "gent", "f", "surname", "Двирник"),
        ("Шевчук", "ablt", "m", "surname", "Шевчуком"),
        ("Шевчук", "ablt", "f", "surname", "Шевчук"),
        ("Черных", "datv", "m", "surname", "Черных"),
        ("Петренко", "gent", "m", "surname", "Петренко"),
        ("Толстая", "gent", "f", "surname", "Толстой"),
        ("Белый", "datv", "m", "surname", "Белому"),
        ("Римская-Корсакова", "gent", "f", "surname", "Римской-Корсаковой"),
        ("Салтыков-Щедрин", "datv", "m", "surname", "Салтыкову-Щедрину"),
        ("Бонч-Бруевич", "datv", "m", "surname", "Бонч-Бруевичу"),
        ("Иванова-Шмидт", "gent", "f", "surname", "Ивановой-Шмидт"),
        ("Анна-Мария", "datv", "f", "name", "Анне-Марии"),
        ("Жан-Поль", "gent", "m", "name", "Жан-Поля"),
        ("Сёмин", "ablt", "m", "surname", "Сёминым"),
        # Unknown to the dictionary: the rules decline by the ending.
        ("Клаузова", "datv", "f", "surname", "Клаузовой"),
        ("Дереча", "ablt", "f", "surname", "Деречей"),
        ("Хижа", "gent", "f", "name", "Хижи"),
        # Letter case is kept.
        ("ИВАНОВ", "datv", "m", "surname", "ИВАНОВУ"),
        ("иванов", "datv", "m", "surname", "иванову"),
    ],
)
def test_inflect_name_part(word: str, case: str, gender: str, part: str, form: str) -> None:
    assert inflect_name_part(word, case, gender, part) == form  # type: ignore[arg-type]


def test_person_gender_comes_from_patronymic_then_name_then_surname() -> None:
    assert inflect_person("Двирник Анна Николаевна", "datv") == "Двирник Анне Николаевне"
    assert inflect_person("Двирник Андрей", "datv") == "Двирнику Андрею"
    assert inflect_person("Клаузова Д.Х.", "datv") == f"Клаузовой{NBSP}Д.Х."
    # Gender does not matter for an indeclinable surname: no error.
    assert inflect_person("Приходько А.В.", "datv") == f"Приходько{NBSP}А.В."


def test_explicit_gender_wins_over_the_name() -> None:
    assert inflect_person("Шевчук Саша", "gent", "f") == "Шевчук Саши"
    assert inflect_person("Шевчук Саша", "gent", "m") == "Шевчука Саши"


def test_unknown_gender_names_both_forms() -> None:
    with pytest.raises(UnknownGenderError) as info:
        inflect_person("Двирник А.Н.", "datv")
    assert "Двирнику" in str(info.value) and "gender" in str(info.value)
