"""Native charts of the analytical report, looked at inside: their XML, workbook and DOCX."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import docx
import openpyxl
from lxml import etree

from docgen.office.charts import C_NS, Chart, Series, Style, chart_workbook, chart_xml
from docgen.reports.charts import indicator_chart, trend_chart
from docgen.reports.figures import all_figures, period_targets
from docgen.reports.monitoring import load_monitoring
from docgen.reports.report import build_report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "examples" / "monitoring.xlsx"
NS = {"c": C_NS, "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


def _tree(chart: Chart) -> etree._Element:
    return etree.fromstring(chart_xml(chart))


def _series(tree: etree._Element) -> dict[str, etree._Element]:
    return {s.findtext("c:tx//c:v", namespaces=NS): s for s in tree.iterfind(".//c:ser", NS)}


def _values(series: etree._Element) -> dict[int, str]:
    return {
        int(pt.get("idx")): pt.findtext("c:v", namespaces=NS)
        for pt in series.iterfind("c:val//c:pt", NS)
    }


def _categories(series: etree._Element) -> list[str]:
    return [pt.findtext("c:v", namespaces=NS) for pt in series.iterfind("c:cat//c:pt", NS)]


def test_a_missed_target_is_hatched_a_reached_one_solid_and_the_values_are_the_figures() -> None:
    data = load_monitoring(EXAMPLE)
    figures = all_figures(data)[0]
    tree = _tree(indicator_chart(figures))
    series = _series(tree)
    assert list(series) == [
        "целевое значение",
        "среднее значение",
        "не достигнут",
        "достигнут",
    ]
    missed, reached = series["не достигнут"], series["достигнут"]
    assert missed.find("c:spPr/a:pattFill", NS) is not None
    assert reached.find("c:spPr/a:solidFill", NS) is not None
    assert reached.find("c:spPr/a:pattFill", NS) is None
    target = series["целевое значение"]
    assert target.find("c:spPr/a:noFill", NS) is not None
    assert target.find("c:spPr/a:ln/a:prstDash", NS).get("val") == "dash"
    categories = _categories(reached)
    shown = {categories[i]: v for i, v in _values(reached).items()}
    shown |= {categories[i]: v for i, v in _values(missed).items()}
    for school, fig in figures.schools:
        assert fig.value is not None
        assert Decimal(shown[school.short]) == round(Decimal(float(fig.value)), 1)
        assert (school.short in {categories[i] for i in _values(missed)}) == (
            fig.value < figures.indicator.target
        )
    # the best on top: a bar chart draws its first category at the bottom
    assert categories[0] == "Целевое значение" and categories[1] == "Среднее значение"
    assert categories[-1] == "МОУ «Никольская СШ»"  # 86 %, the highest
    assert _values(target) == {0: "80"}


def test_labels_are_9_pt_with_one_precision_and_a_decimal_comma() -> None:
    figures = all_figures(load_monitoring(EXAMPLE))[0]
    xml = chart_xml(indicator_chart(figures)).decode()
    sizes = {int(s) for s in __import__("re").findall(r'sz="(\d+)"', xml)}
    assert sizes and min(sizes) >= 900
    formats = set(__import__("re").findall(r'<c:dLbls>.*?formatCode="([^"]+)"', xml))
    assert formats == {"[$-419]0.0"}  # 83,0 beside 74,6


def test_counts_have_integer_ticks_and_labels() -> None:
    figures = all_figures(load_monitoring(EXAMPLE))[4]
    assert figures.indicator.unit == "ед."
    tree = _tree(indicator_chart(figures))
    unit = tree.find(".//c:valAx/c:majorUnit", NS).get("val")
    assert Decimal(unit) == Decimal(unit).to_integral_value() and Decimal(unit) >= 1
    data = load_monitoring(EXAMPLE)
    trend = _tree(
        trend_chart(figures, data.header.periods, period_targets(data, figures.indicator))
    )
    step = Decimal(trend.find(".//c:valAx/c:majorUnit", NS).get("val"))
    assert step == step.to_integral_value()  # never 2,5 мероприятия
    formats = {s.get("formatCode") for s in tree.iterfind(".//c:dLbls/c:numFmt", NS)}
    assert formats == {"[$-419]0", "[$-419]0.0"}  # 13 мероприятий; the mean 13,7
    mean = _series(tree)["среднее значение"].find("c:dLbls/c:numFmt", NS)
    assert mean.get("formatCode") == "[$-419]0.0"


def test_the_trend_draws_each_period_against_its_own_target() -> None:
    data = load_monitoring(EXAMPLE)
    figures = all_figures(data)[0]
    targets = period_targets(data, figures.indicator)
    assert targets == [Fraction(70), Fraction(75), Fraction(80)]  # the plan's 2022, 2023, 2024
    school = data.schools[1]
    own = [data.value(school.key, p, figures.indicator.key) for p in data.header.periods]
    tree = _tree(trend_chart(figures, data.header.periods, targets, own, school))
    series = _series(tree)
    assert _values(series["целевое значение"]) == {0: "70", 1: "75", 2: "80"}
    assert _categories(series["целевое значение"]) == ["2021-2022", "2022-2023", "2023-2024"]
    assert series["целевое значение"].find("c:dLbls/c:delete", NS) is not None
    # the two lines' labels are never on the same side of a period
    mean = series["среднее значение"].findall("c:dLbls/c:dLbl", NS)
    mine = series[school.short].findall("c:dLbls/c:dLbl", NS)
    for a, b in zip(mean, mine, strict=True):
        assert a.find("c:dLblPos", NS).get("val") != b.find("c:dLblPos", NS).get("val")
    assert series[school.short].find("c:spPr/a:ln/a:prstDash", NS).get("val") == "sysDash"


def test_the_embedded_workbook_holds_the_charts_data() -> None:
    chart = Chart(
        "bar",
        ("А", "Б"),
        (Series("ряд", (Decimal("1.5"), None), Style(fill="000000")),),
    )
    book = openpyxl.load_workbook(io.BytesIO(chart_workbook(chart)))
    sheet = book.active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        [None, "ряд"],
        ["А", 1.5],
        ["Б", None],
    ]
    assert b"'\xd0\x9b\xd0\xb8\xd1\x81\xd1\x821'!$B$2:$B$3" in chart_xml(chart)
    with zipfile.ZipFile(io.BytesIO(chart_workbook(chart))) as package:
        assert "xl/styles.xml" in package.namelist()  # complete, for Excel's «Изменить данные»


def test_series_elements_are_in_schema_order() -> None:
    """Word refuses a chart whose elements are out of the schema's order."""
    data = load_monitoring(EXAMPLE)
    figures = all_figures(data)[0]
    order = {
        "bar": ["idx", "order", "tx", "spPr", "invertIfNegative", "dLbls", "cat", "val"],
        "line": ["idx", "order", "tx", "spPr", "marker", "dLbls", "cat", "val", "smooth"],
    }
    line = trend_chart(figures, data.header.periods, period_targets(data, figures.indicator))
    for chart in (indicator_chart(figures), line):
        for series in _tree(chart).iterfind(".//c:ser", NS):
            names = [etree.QName(child).localname for child in series]
            assert names == order[chart.kind]


def test_python_docx_opens_the_report_and_finds_its_charts(tmp_path: Path) -> None:
    built = build_report(EXAMPLE, school="sosh2")
    path = tmp_path / built.docx_name
    path.write_bytes(built.docx)
    document = docx.Document(str(path))
    charts = [
        rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/chart")
    ]
    assert len(charts) == 10
    with zipfile.ZipFile(path) as archive:
        types = archive.read("[Content_Types].xml").decode()
    assert "drawingml.chart+xml" in types
    school_chart = etree.fromstring(charts[0].blob)
    own = _series(school_chart)["МБОУ «СОШ № 2 им. И.А. Петрова»"]
    assert own.find("c:spPr/a:solidFill/a:srgbClr", NS).get("val") == "000000"
