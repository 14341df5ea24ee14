"""A region's reports share the district's work (issue 17): what is computed once per workbook
read must give every school's report exactly what computing it for that school alone gives."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from docgen.office import charts as office_charts
from docgen.office.charts import chart_workbook, chart_xml
from docgen.reports import charts, figures, report
from docgen.reports.charts import indicator_chart
from docgen.reports.figures import Mark, all_figures
from docgen.reports.monitoring import load_monitoring
from docgen.reports.report import build_report
from tests.conftest import edit_cell, write_workbook
from tests.docx_text import tables
from tests.reports.test_monitoring import BASE

SCHOOLS = 30


def _region(tmp_path: Path) -> Path:
    """A district of 30 schools: values spread around the targets, some cells empty."""
    sheets: dict[str, list[list[Any]]] = copy.deepcopy(BASE)
    sheets["Школы"] = [["ключ", "полное название", "краткое название", "тип"]]
    sheets["Значения"] = [["школа", "период", "share", "drop", "events"]]
    for n in range(1, SCHOOLS + 1):
        kind = "ООШ" if n % 7 == 0 else "СОШ"
        sheets["Школы"].append(
            [
                f"s{n}",
                f"Муниципальное бюджетное общеобразовательное учреждение № {n}",
                f"ОО № {n}",
                kind,
            ]
        )
        for period, shift in (("2022-2023", -3), ("2023-2024", 0)):
            share = None if n % 11 == 0 else 70 + (n * 37) % 25 + shift
            sheets["Значения"].append([f"s{n}", period, share, 3 + (n * 13) % 7, 8 + n % 9])
    return write_workbook(tmp_path / "monitoring.xlsx", sheets)


def _forget() -> None:
    """Every cache a district run fills, emptied: the next chart is made from nothing."""
    figures._FIGURES.clear()
    report._REPORTED.clear()
    charts._SHARED.clear()
    for cached in (
        office_charts._row,
        office_charts._points,
        office_charts._categories,
        office_charts._num,
    ):
        cached.cache_clear()


def _charts(data: Any, key: str) -> list[tuple[bytes, bytes]]:
    """The school's bar charts as its report writes them: the XML and the embedded workbook."""
    school = data.school(key)
    assert school is not None
    made = []
    for fig in all_figures(data):
        applies = [s for s, f in fig.schools if f.mark is not Mark.NOT_APPLICABLE]
        chart = indicator_chart(fig, school, applies)
        made.append((chart_xml(chart), chart_workbook(chart)))
    return made


@pytest.mark.parametrize(("before", "school"), [("s1", "s2"), ("s2", "s1"), ("s11", "s7")])
def test_a_schools_chart_is_the_same_after_another_schools_as_alone(
    tmp_path: Path, before: str, school: str
) -> None:
    data = load_monitoring(_region(tmp_path))
    _forget()
    alone = _charts(data, school)
    _forget()
    other = _charts(data, before)
    after = _charts(data, school)
    assert after == alone
    assert other != alone  # another school's own bar: another chart


@pytest.mark.parametrize("school", ["s3", "s14", "s30"])
def test_the_own_bar_is_the_schools_value_and_no_other_series_draws_it(
    school: str, tmp_path: Path
) -> None:
    data = load_monitoring(_region(tmp_path))
    own = data.school(school)
    assert own is not None
    fig = all_figures(data)[0]
    chart = indicator_chart(fig, own)
    at = chart.categories.index(own.short)
    drawn = {s.name: s.values for s in chart.series}
    assert [i for i, v in enumerate(drawn[own.short]) if v is not None] == [at]
    value = fig.of(own).value
    assert value is not None and drawn[own.short][at] == pytest.approx(float(value), abs=0.05)
    for name, values in drawn.items():
        if name != own.short:
            assert values[at] is None, name
    bars = sum(v is not None for values in drawn.values() for v in values)
    blank = sum(c.endswith("(нет данных)") for c in chart.categories)
    assert blank == 2 and bars == len(chart.categories) - blank  # every bar drawn once


def test_figures_by_school_and_by_status_are_those_of_the_list(tmp_path: Path) -> None:
    data = load_monitoring(_region(tmp_path))
    for fig in all_figures(data):
        for school, figure in fig.schools:
            assert fig.of(school) is figure
        for mark in Mark:
            assert fig.with_mark(mark) == [(s, f) for s, f in fig.schools if f.mark is mark]
        assert fig.with_data == sum(f.mark in (Mark.ACHIEVED, Mark.MISSED) for _, f in fig.schools)


@pytest.mark.parametrize(
    ("name", "key"), [("s5", "s5"), ("S5", "s5"), ("оо № 5", "s5"), ("ОО  №  12", "s12")]
)
def test_a_school_is_found_by_its_key_or_short_name(tmp_path: Path, name: str, key: str) -> None:
    found = load_monitoring(_region(tmp_path)).school(name)
    assert found is not None and found.key == key


def test_an_edited_workbook_gives_reports_of_its_new_figures(tmp_path: Path) -> None:
    path = _region(tmp_path)
    data = load_monitoring(path)
    assert data.value("s1", data.header.period, "share") == 82
    out = tmp_path / "report.docx"
    out.write_bytes(build_report(path, school="s1", summary=False).docx)
    summary = tables(out)[0]  # «Достижение целевых показателей в ОО № 1»: the value column
    assert summary[1][3] == "82,0\u00a0%"
    edit_cell(path, "Значения", "C3", 91.5)  # s1's 2023-2024 (row 2 is its 2022-2023)
    built = build_report(path, school="s1", summary=False)
    out.write_bytes(built.docx)
    assert tables(out)[0][1][3] == "91,5\u00a0%"
    assert built.xlsx is None
