"""A value equal to its target reaches it, for «больше — лучше» and «меньше — лучше» alike."""

from __future__ import annotations

from fractions import Fraction

import pytest

from docgen.reports.figures import Mark, mark
from docgen.reports.monitoring import Better, Indicator


@pytest.mark.parametrize(
    ("better", "value", "expected"),
    [
        (Better.MORE, Fraction(80), Mark.ACHIEVED),
        (Better.MORE, Fraction(799, 10), Mark.MISSED),
        (Better.MORE, Fraction(801, 10), Mark.ACHIEVED),
        (Better.LESS, Fraction(80), Mark.ACHIEVED),
        (Better.LESS, Fraction(799, 10), Mark.ACHIEVED),
        (Better.LESS, Fraction(801, 10), Mark.MISSED),
        (Better.MORE, None, Mark.NO_DATA),
    ],
)
def test_the_target_itself_is_reached(
    better: Better, value: Fraction | None, expected: Mark
) -> None:
    indicator = Indicator("share", "доля", "%", Fraction(80), better)
    assert mark(value, indicator) is expected
    assert mark(value, indicator, applies=False) is Mark.NOT_APPLICABLE
