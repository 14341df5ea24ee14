"""A school's chart in a large district (issue 17): the first and the last places and the school
among its neighbours, not 2,000 bars 0.1 mm high that hide the school's own."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from docgen.reports.charts import GAP, WHOLE_UP_TO, indicator_chart, shown_places
from docgen.reports.figures import Mark, all_figures
from docgen.reports.monitoring import load_monitoring
from docgen.reports.report import build_report
from tests.conftest import write_workbook
from tests.docx_text import text as docx_text
from tests.reports.test_monitoring import BASE

N = None  # places left out

#: (schools with a value, the school's place from 0, the places shown)
PLACES: list[tuple[int, int, list[int | None]]] = [
    (60, 0, [0, 1, 2, 3, 4, 5, N, 57, 58, 59]),  # the first: its neighbours below it
    (60, 30, [0, 1, 2, N, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, N, 57, 58, 59]),
    (60, 8, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, N, 57, 58, 59]),  # joins the first
    (60, 59, [0, 1, 2, N, 54, 55, 56, 57, 58, 59]),  # the last
    (60, 61, [0, 1, 2, N, 57, 58, 59, N, 61]),  # no value: after the ranked, alone
    (2000, 1000, [0, 1, 2, N, *range(995, 1006), N, 1997, 1998, 1999]),
]


@pytest.mark.parametrize(("ranked", "own", "shown"), PLACES)
def test_the_places_shown(ranked: int, own: int, shown: list[int | None]) -> None:
    assert shown_places(ranked, own) == shown


def _district(tmp_path: Path, schools: int) -> Path:
    """A district of ``schools`` schools with distinct values of «share», one with none."""
    sheets: dict[str, list[list[Any]]] = copy.deepcopy(BASE)
    sheets["Школы"] = [["ключ", "полное название", "краткое название", "тип"]]
    sheets["Значения"] = [["школа", "период", "share", "drop", "events"]]
    for n in range(1, schools + 1):
        sheets["Школы"].append(
            [f"s{n}", f"Муниципальное бюджетное общеобразовательное учреждение № {n}",
             f"ОО № {n}", "СОШ"]
        )  # fmt: skip
        share = None if n == schools else 40 + n * 0.5  # s1 the lowest, the last with none
        for period in ("2022-2023", "2023-2024"):
            sheets["Значения"].append([f"s{n}", period, share, 3 + (n * 13) % 7, 8 + n % 9])
    return write_workbook(tmp_path / "monitoring.xlsx", sheets)


def _share_chart(path: Path, key: str) -> Any:
    data = load_monitoring(path)
    school = data.school(key)
    for fig in all_figures(data):
        if fig.indicator.key == "share":
            applies = [s for s, f in fig.schools if f.mark is not Mark.NOT_APPLICABLE]
            return indicator_chart(fig, school, applies)
    raise AssertionError("no share")


def test_a_school_among_its_neighbours_with_the_first_and_last_places(tmp_path: Path) -> None:
    schools = 60  # 59 with a value: s59 first (69,5), s1 last (40,5)
    chart = _share_chart(_district(tmp_path, schools), "s30")  # 30th from the top
    labels = list(chart.categories[::-1])  # as ranked: the first place on top
    assert labels == [
        "1. ОО № 59", "2. ОО № 58", "3. ОО № 57", GAP,
        *(f"{place}. ОО № {60 - place}" for place in range(25, 36)), GAP,
        "57. ОО № 3", "58. ОО № 2", "59. ОО № 1",
        "Среднее значение", "Целевое значение",
    ]  # fmt: skip
    own = {s.name: list(s.values[::-1]) for s in chart.series}["ОО № 30"]
    assert [p for p in own if p is not None] == [Decimal("55.0")]
    assert own.index(Decimal("55.0")) == labels.index("30. ОО № 30")
    for series in chart.series:  # no bar in a gap, each shown place drawn once
        points = series.values[::-1]
        assert all(points[i] is None for i, label in enumerate(labels) if label == GAP)
    drawn = [sum(s.values[::-1][i] is not None for s in chart.series) for i in range(len(labels))]
    assert drawn == [0 if label == GAP else 1 for label in labels]
    assert chart.meta["ranked"] == "59"


def test_a_school_with_no_value_is_shown_after_the_ranked(tmp_path: Path) -> None:
    chart = _share_chart(_district(tmp_path, 60), "s60")
    labels = list(chart.categories[::-1])
    assert labels[:7] == ["1. ОО № 59", "2. ОО № 58", "3. ОО № 57", GAP, "57. ОО № 3", "58. ОО № 2", "59. ОО № 1"]  # fmt: skip
    assert labels[7:] == ["ОО № 60 (нет данных)", "Среднее значение", "Целевое значение"]


def test_a_district_up_to_the_limit_charts_every_school(tmp_path: Path) -> None:
    chart = _share_chart(_district(tmp_path, WHOLE_UP_TO), "s10")
    assert len(chart.categories) == WHOLE_UP_TO + 2
    assert GAP not in chart.categories and "ranked" not in chart.meta


def test_the_caption_says_which_places_are_shown(tmp_path: Path) -> None:
    path = _district(tmp_path, 60)
    out = tmp_path / "report.docx"
    out.write_bytes(build_report(path, school="s30", summary=False).docx)
    text = docx_text(out)
    assert (
        "значения по общеобразовательным организациям (первые и последние места и ближайшие к "
        "месту организации; всего 59 мест в рейтинге)"
    ) in text.replace("\u00a0", " ")
