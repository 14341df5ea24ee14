"""A person's short forms take the gender the full name settles."""

from __future__ import annotations

import pytest

from docgen.grammar import inflector_for
from docgen.model import Person
from docgen.views import PersonView


@pytest.mark.parametrize(
    ("surname", "name", "patronymic", "case", "short"),
    [
        ("Ким", "Алла", "Игоревна", "datv", "Ким А.И."),
        ("Ким", "Андрей", "Игоревич", "datv", "Киму А.И."),
        ("Шевченко", "Ольга", "Ивановна", "gent", "Шевченко О.И."),
        ("Мазур", "Вера", "Васильевна", "ablt", "Мазур В.В."),
        ("Мазур", "Виктор", "Васильевич", "ablt", "Мазуром В.В."),
        ("Новак", "Анна", "", "accs", "Новак А."),
        ("Новак", "Антон", "", "accs", "Новака А."),
    ],
)
def test_short_forms_take_the_gender_of_the_full_name(
    surname: str, name: str, patronymic: str, case: str, short: str
) -> None:
    person = Person(surname=surname, name=name, patronymic=patronymic or None, position="учитель")
    view = PersonView("key", person, inflector_for())
    assert view.inflect_to(case).replace("\u00a0", " ") == short
    assert view.gender == ("f" if name in {"Алла", "Ольга", "Вера", "Анна"} else "m")
