"""Which gender a person's name is declined in: what the data says wins over what is guessed.

The README: «The gender comes from ``gender=``, else from the patronymic (-вич/-вна/-чна,
оглы/кызы), else from the first name, else from a surname ending». These tests pin that order
where a wrong order would show in the document: a Kazakh woman's name the dictionary takes for a
man's, and patronymics in -ич (Ильич, Кузьмич) beside a first name that tells nothing.
"""

from __future__ import annotations

import pytest

from docgen import inflect
from docgen.grammar.inflector import Inflector
from docgen.grammar.names import gender_of_first_name, gender_of_patronymic

NBSP = "\u00a0"


def test_the_dictionary_takes_zhanar_for_a_man() -> None:
    """Why the next test matters: left to the name alone, Жанар is declined as a man."""
    assert gender_of_first_name("Жанар") == "m"
    assert inflect("Ахметова Жанар", "дт", gender="m") == "Ахметове Жанару"


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("рд", "Ахметовой Жанар"),
        ("дт", "Ахметовой Жанар"),
        ("вн", "Ахметову Жанар"),
        ("тв", "Ахметовой Жанар"),
        ("пр", "Ахметовой Жанар"),
    ],
)
def test_an_explicit_gender_wins_over_the_first_names_guess(case: str, expected: str) -> None:
    assert inflect("Ахметова Жанар", case, gender="f") == expected
    assert inflect("Ахметова Жанар", case, gender="ж") == expected


def test_an_explicit_gender_wins_in_the_template_filters_too() -> None:
    from jinja2 import Environment

    from docgen.grammar.filters import install

    env = Environment()
    install(env, Inflector())
    template = env.from_string("{{ name | дт(kind='person', gender='ж') }}")
    assert template.render(name="Ахметова Жанар") == "Ахметовой Жанар"


def test_an_explicit_gender_wins_over_the_surname_ending() -> None:
    # «Ушаков» says a man; the data says a woman (a surname that does not change for her)
    assert inflect("Ушаков Саша", "дт", gender="f") == "Ушаков Саше"
    assert inflect("Ушаков Саша", "дт", gender="m") == "Ушакову Саше"


@pytest.mark.parametrize(
    "patronymic", ["Ильич", "Кузьмич", "Фомич", "Лукич", "Никитич", "Саввич", "Петрович"]
)
def test_patronymics_in_ich_are_a_mans(patronymic: str) -> None:
    assert gender_of_patronymic(patronymic) == "m"


@pytest.mark.parametrize("patronymic", ["Ильинична", "Кузьминична", "Саввична", "Петровна"])
def test_patronymics_in_na_are_a_womans(patronymic: str) -> None:
    assert gender_of_patronymic(patronymic) == "f"


@pytest.mark.parametrize(
    ("person", "case", "expected"),
    [
        # Саша, Женя, Валя tell nothing, Мельник and Шевчук decline for a man only:
        # the patronymic alone decides, and a lost «-ич» would stop with «не указан пол»
        ("Мельник Саша Ильич", "дт", "Мельнику Саше Ильичу"),
        ("Мельник Саша Ильич", "тв", "Мельником Сашей Ильичом"),
        ("Мельник Женя Фомич", "рд", "Мельника Жени Фомича"),
        ("Шевчук Валя Никитич", "тв", "Шевчуком Валей Никитичем"),
        ("Мельник Саша Лукич", "пр", "Мельнике Саше Лукиче"),
        ("Мельник Саша Кузьминична", "дт", "Мельник Саше Кузьминичне"),
        ("Мельник Женя Ильинична", "рд", "Мельник Жени Ильиничны"),
    ],
)
def test_the_patronymic_settles_the_gender_when_the_name_does_not(
    person: str, case: str, expected: str
) -> None:
    assert inflect(person, case) == expected
