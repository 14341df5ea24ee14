"""The summary written without openpyxl is the file openpyxl writes, byte for byte: on the
summaries of a district (schools, errors, late tasks) and on values chosen to be awkward
(markup, quotes, line breaks, spaces at the ends, letters beyond the basic plane, empty
texts, long texts that make rows high, numbers and dates); a value openpyxl writes another
way is left to it."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.district import bulk
from docgen.office.plain_xlsx import Sheet, summary_bytes

WHEN = datetime(2000, 1, 1)
SUMMARY = ("ключ", "школа", "документ", "файл", "ошибки", "не вошло в план школы")
WIDTHS = (12, 34, 16, 60, 90, 60)
LATE = [name for name, _ in bulk.OVERDUE_COLUMNS]
LATE_WIDTHS = [width for _, width in bulk.OVERDUE_COLUMNS]


def sheets(rows: list[list[Any]], tasks: list[list[Any]]) -> list[Sheet]:
    return [
        Sheet("Сводка", SUMMARY, WIDTHS, rows),
        Sheet("Просрочено", LATE, LATE_WIDTHS, tasks, printable=True, dates=8),
    ]


def parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return {info.filename: book.read(info) for info in book.infolist()}


def same(given_sheets: list[Sheet]) -> None:
    ours = summary_bytes(given_sheets, WHEN)
    assert ours is not None
    theirs = bulk._summary_by_openpyxl(given_sheets)
    if ours != theirs:  # say which part differs, and where
        a, b = parts(ours), parts(theirs)
        assert list(a) == list(b)
        for name in a:
            assert a[name] == b[name], name
    assert ours == theirs


SCHOOL = ["s001", "МБОУ «СОШ № 1»", "дорожная карта", "МБОУ_СОШ_1/План.docx", None, None]
TASK = [
    "s001",
    "МБОУ «СОШ № 1»",
    "Иванов А.Н.",
    "План мероприятий",
    "1.1",
    "Провести совещание",
    "до 25 мая",
    date(2024, 5, 25),
    12,
]


@pytest.mark.parametrize(
    ("rows", "tasks"),
    [
        ([SCHOOL], []),
        ([], [TASK]),
        (
            [SCHOOL, ["s002", "Школа", None, None, "ошибка: лист «Люди», ячейка C3: нет фамилии"]],
            [],
        ),
        ([SCHOOL], [TASK]),
        ([SCHOOL, [*SCHOOL[:5], "4.1 Мероприятие\n4.2 Ещё одно"]], [TASK, TASK]),
        ([["s&<>\"'", " пробел в начале", "конец ", "", "\tтаб", "\r\nстрока"]], []),
        ([["😀 𝔸", "€ — «»", None, None, None, None]], []),
        (
            [SCHOOL],
            [[*TASK[:5], "очень длинный текст " * 40, "срок\nв две строки", date(1999, 12, 31), 0]],
        ),
        ([SCHOOL], [[*TASK[:4], 7, *TASK[5:8], 100000]]),
    ],
)
def test_a_summary_is_the_bytes_openpyxl_writes(
    rows: list[list[Any]], tasks: list[list[Any]]
) -> None:
    same(sheets(rows, tasks))


TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=[chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32))],
    ),
    max_size=300,
).filter(lambda t: not (t.startswith("=") and len(t) > 1))
VALUE = st.one_of(st.none(), TEXT, st.integers(-(10**9), 10**9))


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(VALUE, min_size=1, max_size=6), min_size=1, max_size=6),
    tasks=st.lists(
        st.tuples(*[TEXT] * 7, st.dates(date(1900, 3, 1), date(2100, 1, 1)), st.integers(0, 999)),
        max_size=5,
    ),
)
def test_any_summary_is_the_bytes_openpyxl_writes(
    rows: list[list[Any]], tasks: list[tuple[Any, ...]]
) -> None:
    same(sheets(rows, [list(task) for task in tasks]))


@pytest.mark.parametrize(
    "value",
    ["=СУММ(A1:A2)", "нельзя\x01", 1.5, True, datetime(2024, 5, 25, 10, 0)],
)
def test_a_value_openpyxl_writes_another_way_is_left_to_it(value: Any) -> None:
    assert summary_bytes(sheets([[*SCHOOL[:5], value]], []), WHEN) is None


@pytest.mark.parametrize(
    ("rows", "tasks"),
    [
        ([], []),  # no rows: openpyxl's styles have no wrapped one
        ([SCHOOL], [[*TASK[:7], "не дата", 1]]),  # the date column without a date
    ],
)
def test_a_workbook_styled_otherwise_is_left_to_openpyxl(
    rows: list[list[Any]], tasks: list[list[Any]]
) -> None:
    assert summary_bytes(sheets(rows, tasks), WHEN) is None
    assert bulk._summary_by_openpyxl(sheets(rows, tasks))[:2] == b"PK"


def test_the_district_summary_is_made_without_openpyxl(tmp_path: Any) -> None:
    """A run's summary imports no openpyxl (its import was a twentieth of a 200-school run)."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from docgen.district import bulk\n"
        "from docgen.district.jobs import Planned\n"
        "from docgen.options import BulkOptions\n"
        "unit = Planned('s001', 'МБОУ «СОШ № 1»', (('МБОУ_СОШ_1/План.docx', 'x'),), None)\n"
        f"target = Path({str(tmp_path / 'Сводка.xlsx')!r})\n"
        "bulk._make_summary(target, [unit], {}, {}, BulkOptions())\n"
        "print(target.exists(), 'openpyxl' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.split() == ["True", "False"], done.stderr
