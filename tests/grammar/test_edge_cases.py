"""Cases that the mutation run (``benchmarks/mutations.py``) showed no test looked at.

Each test below fails on one of its mutants: spaced initials, a double surname whose parts
disagree, a Turkic patronymic of two words, a seven-digit phone number, and typography that
keeps a longer replacement in the run where it starts.
"""

from __future__ import annotations

import pytest

from docgen import inflect
from docgen.errors import UnknownGenderError
from docgen.grammar.names import gender_of_surname
from docgen.grammar.typography import phone_text, typeset_pieces

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("Ушакова И. Г.", f"Ушаковой{NBSP}И.{NBSP}Г."),
        ("И. Г. Ушакова", f"И.{NBSP}Г.{NBSP}Ушаковой"),
    ],
)
def test_spaced_initials_are_joined_by_no_break_spaces(person: str, expected: str) -> None:
    assert inflect(person, "дт") == expected


@pytest.mark.parametrize("surname", ["Иванов-Петрова", "Петрова-Иванов"])
def test_parts_of_a_double_surname_that_disagree_settle_nothing(surname: str) -> None:
    assert gender_of_surname(surname) is None
    with pytest.raises(UnknownGenderError):
        inflect(f"{surname} А.Н.", "дт")


@pytest.mark.parametrize(
    ("person", "case", "expected"),
    [
        ("Алиев Эльчин Гасан оглы", "дт", "Алиеву Эльчину Гасан оглы"),
        ("Алиев Эльчин Гасан оглы", "рд", "Алиева Эльчина Гасан оглы"),
        ("Алиева Айгюн Гасан кызы", "дт", "Алиевой Айгюн Гасан кызы"),
    ],
)
def test_a_turkic_patronymic_of_two_words_stays_as_written(
    person: str, case: str, expected: str
) -> None:
    assert inflect(person, case) == expected


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("8 (495) 1234567", f"8{NBSP}(495){NBSP}123-45-67"),
        ("8 (4725) 225548", f"8{NBSP}(4725){NBSP}22-55-48"),
        ("8 (41638) 21000", f"8{NBSP}(41638){NBSP}2-10-00"),
    ],
)
def test_phone_digits_are_grouped_by_their_count(phone: str, expected: str) -> None:
    assert phone_text(phone) == expected


def test_a_longer_replacement_stays_in_the_run_where_it_starts() -> None:
    # «№» and its number in separate runs (a bold «№», say): the added no-break space goes
    # with «№», never to another run of the paragraph
    assert typeset_pieces(["Лицей №", "1", " и школа"]) == [f"Лицей №{NBSP}", "1", f" и{NBSP}школа"]
