"""The responsible of an activity split into people, as the control of execution lists them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.plans.control import _split_outside, split_people


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Лысенко О.Н.", ["Лысенко О.Н."]),
        ("Лысенко О.Н., Кузнецова Д.С.", ["Лысенко О.Н.", "Кузнецова Д.С."]),
        (
            "Лысенко О.Н.;\nклассные руководители 6–11 классов",
            ["Лысенко О.Н.", "классные руководители 6–11 классов"],
        ),
        ("Лысенко  О.Н. ,  ", ["Лысенко О.Н."]),
        ("", []),
        (" . ", []),
        (
            "Лысенко О.Н., ГБУ ДПО «Центр оценки качества, мониторинга и аналитики»",
            ["Лысенко О.Н.", "ГБУ ДПО «Центр оценки качества, мониторинга и аналитики»"],
        ),
        (
            "руководители ШМО (математика, физика), Орлова А.А.",
            ["руководители ШМО (математика, физика)", "Орлова А.А."],
        ),
    ],
)
def test_split_people(text: str, people: list[str]) -> None:
    assert split_people(text) == people


@settings(derandomize=True, database=None, deadline=None, max_examples=300)
@given(st.text(alphabet='аб О.\n,; \t«»()"', max_size=40))
def test_the_quick_split_agrees_with_the_loop(text: str) -> None:
    # texts without quotes or brackets take one split; it must say what the loop says
    assert split_people(text) == _split_outside(text)
