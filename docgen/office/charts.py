"""Native DOCX charts: DrawingML chart parts with their embedded workbook, written as text.

A chart written here is vector, editable in Word and LibreOffice («Изменить данные» opens the
embedded workbook), searchable, and costs well under a millisecond: the XML is built from
strings in the schema's order (Word refuses elements out of order where LibreOffice forgives),
and the workbook is a six-part XLSX with inline strings, zipped with fixed times. The same
:class:`Chart` always gives the same bytes.

Why by hand: python-pptx's chart XML writer (``pptx.chart.xmlwriter``) writes the same
``c:chartSpace`` but for slides, with its own data objects and an XlsxWriter workbook stamped
with the current time; the patterns, per-point labels and axis settings a printed report needs
would have been patched into its output afterwards. The few elements used here follow its
templates and ECMA-376 part 1, §21.2 (element order of ``c:ser``, ``c:dLbls``, ``c:valAx``).

Nothing here means anything by colour alone: a :class:`Style` is a fill (solid, pattern or
none), an outline with its dash, and a marker, so that a chart copied in black and white still
reads.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Final, Literal

from docgen.office.markup import escape, quoteattr

C_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CHART_TYPE: Final = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RT_CHART: Final = R_NS + "/chart"
RT_PACKAGE: Final = R_NS + "/package"
SHEET: Final = "Лист1"
EMU_PER_MM: Final = 36000
_STAMP: Final = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Style:
    """How a series (or one point) is drawn: fill, outline, dash, marker."""

    fill: str | None = None  # RGB hex, None: no fill
    pattern: str | None = None  # a DrawingML preset pattern ("wdUpDiag"), fg black on ``fill``
    line: str | None = "000000"  # outline (bars) or the line itself (lines); None: none
    width: float = 0.75  # pt
    dash: str | None = None  # "dash", "sysDash", …; None: solid
    marker: str | None = None  # "circle", "square", "triangle", "diamond"; None: no marker


@dataclass(frozen=True)
class Series:
    """A named row of values; ``None`` is a blank (nothing drawn, no label)."""

    name: str
    values: tuple[Decimal | None, ...]
    style: Style
    labels: bool = True
    position: str = "outEnd"  # of the data labels: "outEnd", "t", "b", "r", "ctr"
    positions: tuple[str | None, ...] = ()  # per point, overriding ``position``
    bold: bool = False
    number_format: str | None = None  # of its labels, instead of the chart's


@dataclass(frozen=True)
class Chart:
    """A bar chart (horizontal) or a line chart over categories, as a printed report wants it.

    ``number_format`` is the data labels' (one precision per chart); the value axis has its
    own ``axis_format`` and, for counts, an integer ``major_unit``.
    """

    kind: Literal["bar", "line"]
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    number_format: str = "0.0"
    axis_format: str = "0"
    axis_title: str = ""
    title: str = ""
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    major_unit: Decimal | None = None
    width_mm: float = 160
    height_mm: float = 90
    font: str = "Times New Roman"
    size: float = 9.0  # pt, every text of the chart
    legend: bool = True
    gap: int = 40  # between bars, % of a bar's width
    meta: dict[str, str] = field(default_factory=dict, compare=False)


# ------------------------------------------------------------------------------- the XML


@lru_cache(maxsize=1 << 14)  # equal numbers write alike: a region's charts repeat their values
def _num(value: Decimal | float | int) -> str:
    text = format(Decimal(str(value)).normalize(), "f")
    return "0" if text in ("-0", "") else text


def _colour(rgb: str) -> str:
    return f'<a:srgbClr val="{rgb}"/>'


def _fill(style: Style) -> str:
    if style.pattern:
        return (
            f'<a:pattFill prst="{style.pattern}"><a:fgClr>{_colour("000000")}</a:fgClr>'
            f"<a:bgClr>{_colour(style.fill or 'FFFFFF')}</a:bgClr></a:pattFill>"
        )
    if style.fill:
        return f"<a:solidFill>{_colour(style.fill)}</a:solidFill>"
    return "<a:noFill/>"


def _line(style: Style) -> str:
    if style.line is None:
        return "<a:ln><a:noFill/></a:ln>"
    dash = f'<a:prstDash val="{style.dash}"/>' if style.dash else ""
    return (
        f'<a:ln w="{round(style.width * 12700)}" cap="flat">'
        f"<a:solidFill>{_colour(style.line)}</a:solidFill>{dash}</a:ln>"
    )


def _sp_pr(style: Style, *, fill: bool = True) -> str:
    return f"<c:spPr>{_fill(style) if fill else '<a:noFill/>'}{_line(style)}</c:spPr>"


def _tx_pr(chart: Chart, *, bold: bool = False, rotate: bool = False) -> str:
    body = '<a:bodyPr rot="0" vert="horz"/>' if rotate else "<a:bodyPr/>"
    return (
        f"<c:txPr>{body}<a:lstStyle/><a:p><a:pPr>"
        f'<a:defRPr sz="{round(chart.size * 100)}" b="{int(bold)}">'
        f"<a:solidFill>{_colour('000000')}</a:solidFill>"
        f"<a:latin typeface={quoteattr(chart.font)}/><a:cs typeface={quoteattr(chart.font)}/>"
        '</a:defRPr></a:pPr><a:endParaRPr lang="ru-RU"/></a:p></c:txPr>'
    )


def _rich(chart: Chart, text: str, *, bold: bool = False) -> str:
    return (
        "<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>"
        f'<a:defRPr sz="{round(chart.size * 100)}" b="{int(bold)}"/></a:pPr>'
        f'<a:r><a:rPr lang="ru-RU" sz="{round(chart.size * 100)}" b="{int(bold)}">'
        f"<a:latin typeface={quoteattr(chart.font)}/><a:cs typeface={quoteattr(chart.font)}/>"
        f"</a:rPr><a:t>{escape(text)}</a:t></a:r></a:p></c:rich></c:tx>"
    )


@lru_cache(maxsize=256)
def _column(index: int) -> str:
    """1 → "B": the workbook's column of series ``index`` (column A holds the categories)."""
    name, number = "", index
    while True:
        number, rest = divmod(number, 26)
        name = chr(65 + rest) + name
        if number == 0:
            return name
        number -= 1


def _ref(column: str, first: int, last: int | None = None) -> str:
    end = f":${column}${last}" if last is not None and last != first else ""
    return f"'{SHEET}'!${column}${first}{end}"


def _labels(chart: Chart, series: Series) -> str:
    if not series.labels:
        return '<c:dLbls><c:delete val="1"/></c:dLbls>'
    code = quoteattr(series.number_format or chart.number_format)
    points = ""
    for index, position in enumerate(series.positions):
        if position is None or index >= len(series.values) or series.values[index] is None:
            continue
        points += (
            f'<c:dLbl><c:idx val="{index}"/>'
            f'<c:numFmt formatCode={code} sourceLinked="0"/>'
            f"<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{_tx_pr(chart, bold=series.bold)}"
            f'<c:dLblPos val="{position}"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
            '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
            '<c:showBubbleSize val="0"/></c:dLbl>'
        )
    return (
        f"<c:dLbls>{points}"
        f'<c:numFmt formatCode={code} sourceLinked="0"/>'
        f"<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{_tx_pr(chart, bold=series.bold)}"
        f'<c:dLblPos val="{series.position}"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
        '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
        '<c:showBubbleSize val="0"/></c:dLbls>'
    )


@lru_cache(maxsize=16)
def _categories(categories: tuple[str, ...]) -> str:
    """The categories of a series: the same in every series of a chart, and in every school's
    chart of one indicator (a region's reports list the same 2,000 schools), so written once."""
    cats = "".join(
        f'<c:pt idx="{i}"><c:v>{escape(c)}</c:v></c:pt>' for i, c in enumerate(categories)
    )
    return (
        f"<c:cat><c:strRef><c:f>{escape(_ref('A', 2, len(categories) + 1))}</c:f><c:strCache>"
        f'<c:ptCount val="{len(categories)}"/>{cats}</c:strCache></c:strRef></c:cat>'
    )


@lru_cache(maxsize=64)
def _points(values: tuple[Decimal | None, ...]) -> str:
    """A series' cached values: in a region's reports most series of a chart are the same
    from one school's report to the next (the mean, the target, the bars of one status)."""
    return "".join(
        f'<c:pt idx="{i}"><c:v>{_num(v)}</c:v></c:pt>'
        for i, v in enumerate(values)
        if v is not None
    )


def _series(chart: Chart, index: int, series: Series) -> str:
    column = _column(index + 1)
    last = len(chart.categories) + 1
    name = (
        f'<c:tx><c:strRef><c:f>{escape(_ref(column, 1))}</c:f><c:strCache><c:ptCount val="1"/>'
        f'<c:pt idx="0"><c:v>{escape(series.name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
    )
    cat = _categories(chart.categories)
    points = _points(series.values)
    val = (
        f"<c:val><c:numRef><c:f>{escape(_ref(column, 2, last))}</c:f><c:numCache>"
        f'<c:formatCode>General</c:formatCode><c:ptCount val="{len(series.values)}"/>{points}'
        "</c:numCache></c:numRef></c:val>"
    )
    head = f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>{name}'
    if chart.kind == "bar":
        return (
            f'{head}{_sp_pr(series.style)}<c:invertIfNegative val="0"/>'
            f"{_labels(chart, series)}{cat}{val}</c:ser>"
        )
    style = series.style
    if style.marker:
        marker_style = Style(fill=style.fill or "FFFFFF", line=style.line or "000000")
        marker = (
            f'<c:marker><c:symbol val="{style.marker}"/><c:size val="6"/>'
            f"{_sp_pr(marker_style)}</c:marker>"
        )
    else:
        marker = '<c:marker><c:symbol val="none"/></c:marker>'
    return (
        f"{head}{_sp_pr(style, fill=False)}{marker}{_labels(chart, series)}{cat}{val}"
        '<c:smooth val="0"/></c:ser>'
    )


def _axes(chart: Chart) -> str:
    grid = (
        '<c:majorGridlines><c:spPr><a:ln w="3175"><a:solidFill>'
        f'{_colour("A6A6A6")}</a:solidFill><a:prstDash val="sysDot"/></a:ln></c:spPr>'
        "</c:majorGridlines>"
    )
    axis_line = f'<c:spPr><a:noFill/><a:ln w="6350"><a:solidFill>{_colour("000000")}</a:solidFill></a:ln></c:spPr>'
    horizontal = chart.kind == "bar"
    scaling = '<c:orientation val="minMax"/>'
    if chart.maximum is not None:
        scaling += f'<c:max val="{_num(chart.maximum)}"/>'
    if chart.minimum is not None:
        scaling += f'<c:min val="{_num(chart.minimum)}"/>'
    title = ""
    if chart.axis_title:
        title = f'<c:title>{_rich(chart, chart.axis_title)}<c:overlay val="0"/></c:title>'
    unit = f'<c:majorUnit val="{_num(chart.major_unit)}"/>' if chart.major_unit else ""
    cat_ax = (
        '<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{"l" if horizontal else "b"}"/>'
        '<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/>'
        f'<c:minorTickMark val="none"/><c:tickLblPos val="low"/>{axis_line}'
        f'{_tx_pr(chart, rotate=not horizontal)}<c:crossAx val="500000002"/>'
        '<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        '<c:lblOffset val="100"/><c:tickLblSkip val="1"/><c:noMultiLvlLbl val="0"/></c:catAx>'
    )
    val_ax = (
        f'<c:valAx><c:axId val="500000002"/><c:scaling>{scaling}</c:scaling><c:delete val="0"/>'
        f'<c:axPos val="{"b" if horizontal else "l"}"/>{grid}{title}'
        f'<c:numFmt formatCode={quoteattr(chart.axis_format)} sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'{axis_line}{_tx_pr(chart)}<c:crossAx val="500000001"/><c:crosses val="autoZero"/>'
        f'<c:crossBetween val="between"/>{unit}</c:valAx>'
    )
    return cat_ax + val_ax


def chart_xml(chart: Chart) -> bytes:
    """The chart part (``word/charts/chartN.xml``) of ``chart``; ``rId1`` is its workbook."""
    series = "".join(_series(chart, i, s) for i, s in enumerate(chart.series))
    if chart.kind == "bar":
        plot = (
            '<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/>'
            f'<c:varyColors val="0"/>{series}<c:gapWidth val="{chart.gap}"/>'
            '<c:overlap val="100"/><c:axId val="500000001"/><c:axId val="500000002"/>'
            "</c:barChart>"
        )
    else:
        plot = (
            '<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
            f'{series}<c:marker val="1"/><c:axId val="500000001"/><c:axId val="500000002"/>'
            "</c:lineChart>"
        )
    title = (
        f'<c:title>{_rich(chart, chart.title, bold=True)}<c:overlay val="0"/></c:title>'
        '<c:autoTitleDeleted val="0"/>'
        if chart.title
        else '<c:autoTitleDeleted val="1"/>'
    )
    legend = (
        f'<c:legend><c:legendPos val="b"/><c:overlay val="0"/>{_tx_pr(chart)}</c:legend>'
        if chart.legend
        else ""
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{R_NS}">'
        '<c:date1904 val="0"/><c:lang val="ru-RU"/><c:roundedCorners val="0"/>'
        f"<c:chart>{title}<c:plotArea><c:layout/>{plot}{_axes(chart)}"
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>"
        f'{legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        '<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln>'
        f"</c:spPr>{_tx_pr(chart)}"
        '<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData>'
        "</c:chartSpace>"
    )
    return xml.encode("utf-8")


# --------------------------------------------------------------------- the embedded workbook

_XLSX_PARTS: Final = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'xmlns:r="{R_NS}"><sheets><sheet name="{SHEET}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/></Relationships>'
    ),
    # the smallest complete style sheet: Excel's «Изменить данные» opens the workbook as is
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
        '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/>'
        '<right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf '
        'numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}


def _cell(reference: str, value: str | Decimal | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f'<c r="{reference}"><v>{_num(value)}</v></c>'
    return f'<c r="{reference}" t="inlineStr"><is><t>{_escaped(value)}</t></is></c>'


@lru_cache(maxsize=1 << 14)  # 5 charts of 2,000 schools and more
def _row(number: int, values: tuple[str | Decimal | None, ...]) -> str:
    """A row of the chart's workbook: every school's chart of an indicator has the same rows
    but one (its own bar), so a region's reports write each row once."""
    cells = "".join(
        _cell(f"{_column(c)}{number}", value) for c, value in enumerate(values) if value is not None
    )
    return f'<row r="{number}">{cells}</row>'


@lru_cache(maxsize=1 << 14)
def _escaped(text: str) -> str:
    return escape(text)


def chart_workbook(chart: Chart) -> bytes:
    """The chart's data as an XLSX: categories in column A, a series per column, names in row 1."""
    head: tuple[str | Decimal | None, ...] = (None, *(s.name for s in chart.series))
    rows = zip(chart.categories, *(s.values for s in chart.series), strict=True)
    body = _row(1, head) + "".join(_row(r, row) for r, row in enumerate(rows, start=2))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{body}</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in (*_XLSX_PARTS.items(), ("xl/worksheets/sheet1.xml", sheet)):
            entry = zipfile.ZipInfo(name, date_time=_STAMP)
            # the fixed parts are stored: deflating 2 kB of boilerplate for every chart is half
            # of the chart's cost; the data is deflated
            entry.compress_type = zipfile.ZIP_DEFLATED if name.endswith("sheet1.xml") else 0
            entry.external_attr = 0o644 << 16
            package.writestr(entry, text.encode("utf-8"))
    return out.getvalue()


# ------------------------------------------------------------------------------ in a DOCX


def _inline(chart: Chart, rid: str, shape_id: int, name: str) -> str:
    cx, cy = round(chart.width_mm * EMU_PER_MM), round(chart.height_mm * EMU_PER_MM)
    return (
        '<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f"<wp:docPr id={quoteattr(str(shape_id))} name={quoteattr(name)}/>"
        f'<wp:cNvGraphicFramePr/><a:graphic xmlns:a="{A_NS}">'
        f'<a:graphicData uri="{C_NS}"><c:chart xmlns:c="{C_NS}" xmlns:r="{R_NS}" r:id="{rid}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing>"
    )


def add_chart(run: Any, chart: Chart, number: int) -> None:
    """Put ``chart`` into the python-docx ``run`` as an inline chart: the chart part
    ``/word/charts/chart{number}.xml`` and its workbook, related from the run's story part."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    story = run.part
    package = story.package
    chart_part = Part(
        PackURI(f"/word/charts/chart{number}.xml"), CHART_TYPE, chart_xml(chart), package
    )
    workbook = Part(
        PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{number}.xlsx"),
        XLSX_TYPE,
        chart_workbook(chart),
        package,
    )
    chart_part.relate_to(workbook, RT_PACKAGE)  # the first relationship: rId1
    rid = story.relate_to(chart_part, RT_CHART)
    name = f"Диаграмма {number}"
    run._r.append(parse_xml(_inline(chart, rid, story.next_id, name)))


def charts_in(parts: Sequence[tuple[str, bytes]]) -> list[bytes]:
    """The chart parts of a DOCX's (name, bytes) parts, in their number's order (for tests)."""
    found = [(n, b) for n, b in parts if n.startswith("word/charts/chart") and n.endswith(".xml")]
    return [b for _, b in sorted(found, key=lambda item: int(item[0][17:-4]))]
