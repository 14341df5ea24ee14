"""docgen's XML escaping gives the characters xml.sax.saxutils gives (outputs stay the same)."""

from __future__ import annotations

from xml.sax import saxutils

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.office.markup import escape, quoteattr

HARD = [
    "",
    "МБОУ «СОШ № 1» & филиал",
    "<w:t>",
    'формат "0,0"',
    "формат '0,0'",
    "и \"двойные\", и 'одинарные'",
    "строка\nвторая\r\tтабуляция",
    "&amp; уже экранировано",
    "# ##0,00\u00a0₽;[Red]-# ##0,00\u00a0₽",
]


@pytest.mark.parametrize("text", HARD)
def test_the_same_characters_as_saxutils(text: str) -> None:
    assert escape(text) == saxutils.escape(text)
    assert quoteattr(text) == saxutils.quoteattr(text)


@given(st.text(alphabet=st.sampled_from("&<>\"'\n\r\t aЯ№«»;#0")))
def test_the_same_on_any_mix_of_the_characters_that_matter(text: str) -> None:
    assert escape(text) == saxutils.escape(text)
    assert quoteattr(text) == saxutils.quoteattr(text)


def test_a_run_does_not_import_saxutils() -> None:
    """Its import pulls urllib.request, http.client, ssl and email into every run's start."""
    import subprocess
    import sys

    code = (
        "import sys, docgen.cli, docgen.district.bulk, docgen.district.workbook, "
        "docgen.rendering, docgen.office.xlsx, docgen.office.charts; "
        "print('xml.sax.saxutils' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "False"
