"""Errors carry their place; the message names it the way a user reads it."""

from __future__ import annotations

import pytest

from docgen.errors import DataError, DocgenError, GrammarError, Location, TemplateError


@pytest.mark.parametrize(
    ("location", "text"),
    [
        (
            Location(file="order.yaml", key_path="people.ushakova.gender"),
            "order.yaml: people.ushakova.gender: нет поля",
        ),
        (
            Location(file="district.xlsx", sheet="Школы", cell="C7"),
            "district.xlsx: лист «Школы», ячейка C7: нет поля",
        ),
        (
            Location(file="prikaz.docx", template="prikaz.docx", line=12),
            "prikaz.docx: строка шаблона 12: нет поля",
        ),
        (Location(), "нет поля"),
    ],
)
def test_message_names_the_place(location: Location, text: str) -> None:
    assert str(DataError("нет поля", location)) == text


def test_at_fills_only_what_is_unknown() -> None:
    error = GrammarError("плохо", Location(key_path="a.b")).at(file="x.yaml", key_path="c")
    assert error.location == Location(file="x.yaml", key_path="a.b")


def test_one_hierarchy() -> None:
    for cls in (DataError, GrammarError, TemplateError):
        assert issubclass(cls, DocgenError)
