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


@pytest.mark.parametrize("day", ["2022-09-01", "2023-01-15", "2023-06-01", "2024-12-31"])
def test_late_items_left_out_early_are_those_overdue_leaves_out(day: str) -> None:
    # the summary asks only for the late activities: leaving the others out before their
    # items are made must give what sorting all the items out gives
    from datetime import date
    from pathlib import Path

    from docgen.grammar import default_inflector
    from docgen.loading import load_located
    from docgen.orders.tasks import document_items
    from docgen.plans.control import overdue

    examples = Path(__file__).resolve().parents[2] / "data" / "examples"
    today = date.fromisoformat(day)
    late = 0
    for name in ("plan_tutaev.yaml", "school_roadmap_sosh2.yaml", "order_953.yaml"):
        data, _ = load_located(examples / name)
        everything = document_items(data, default_inflector(), name)  # type: ignore[arg-type]
        early = document_items(data, default_inflector(), name, late_on=today)  # type: ignore[arg-type]
        assert overdue(early, today) == overdue(everything, today)
        late += len(overdue(everything, today))
    assert late > 0  # a comparison of two empty lists would show nothing
