"""A district's summary workbook written without openpyxl, in the bytes openpyxl writes for it.

Importing openpyxl takes 0.1–0.2 s of CPU, about a twentieth of a 200-school district run,
and the summary (`Сводка.xlsx`: «Сводка» and «Просрочено») is the only workbook such a run
writes. Its sheets are plain: a bold header on a light fill, frozen; wrapped text; column
widths; texts, whole numbers and dates. This module writes them as openpyxl 3.1 does, part
for part and byte for byte (the tests compare both on many workbooks), so a summary is the
same file whichever way it is made. A value openpyxl would write another way (a text that
reads as a formula, a character Excel refuses, a number that is not whole) is left to
openpyxl: :func:`summary_bytes` then answers None.

The parts that do not depend on the rows (the theme, the two style sheets) are openpyxl's,
kept in ``xlsx_parts/``. :mod:`docgen.office.xlsx`, the lean writer of the reports' summaries,
writes workbooks of its own shape; the district summary keeps openpyxl's, so that it stays
the same file it was (a rerun of an unchanged district writes nothing).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from docgen.office.markup import escape
from docgen.office.xlsx import column_letter

_PARTS = Path(__file__).with_name("xlsx_parts")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_DOC = "application/vnd.openxmlformats-officedocument"

#: What openpyxl refuses in a cell (its ILLEGAL_CHARACTERS_RE): such a workbook is its to refuse.
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_EXCEL_EPOCH = date(1899, 12, 30)

Value = str | int | date | None


@dataclass(frozen=True)
class Sheet:
    """A sheet of the summary: its header, its columns' widths and its rows.

    ``printable``: landscape on A4, as wide as the page, the header (30 pt high) repeated on
    every page, a filter over the columns, and rows as high as their wrapped texts need, as
    :func:`docgen.office.excel.printable` and :func:`~docgen.office.excel.fit_heights` set
    them. ``dates``: the column (from 1) whose dates show as ДД.ММ.ГГГГ."""

    title: str
    header: Sequence[str]
    widths: Sequence[int]
    rows: Sequence[Sequence[Value]]
    printable: bool = False
    dates: int | None = None


def summary_bytes(sheets: Sequence[Sheet], when: datetime) -> bytes | None:
    """The workbook of ``sheets`` (two: the summary's), or None when one of its values is not
    written here as openpyxl writes it."""
    if len(sheets) != 2 or when != datetime(2000, 1, 1) or not all(_plain(s) for s in sheets):
        return None
    if not any(sheet.rows for sheet in sheets):
        return None  # openpyxl's styles then lack the wrapped one: rare, left to it
    dated = any(sheet.dates is not None and sheet.rows for sheet in sheets)
    parts = {
        "docProps/app.xml": _APP,
        "docProps/core.xml": _CORE,
        "xl/theme/theme1.xml": _part("theme1.xml"),
        "xl/worksheets/sheet1.xml": _sheet(sheets[0], dated),
        "xl/worksheets/sheet2.xml": _sheet(sheets[1], dated),
        "xl/styles.xml": _part("styles-dates.xml" if dated else "styles.xml"),
        "_rels/.rels": _RELS,
        "xl/workbook.xml": _workbook(sheets),
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "[Content_Types].xml": _CONTENT_TYPES,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():  # as docgen.office.excel.stable writes them
            entry = zipfile.ZipInfo(name, date_time=(when.year, *when.timetuple()[1:6]))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


@cache
def _part(name: str) -> bytes:
    return (_PARTS / name).read_bytes()


def _plain(sheet: Sheet) -> bool:
    """Whether every value is one written here as openpyxl writes it."""
    if len(sheet.header) != len(sheet.widths) or not 0 < len(sheet.header) <= 26:
        return False
    if sheet.dates is not None and not all(
        len(row) >= sheet.dates
        and isinstance(row[sheet.dates - 1], date)
        and not isinstance(row[sheet.dates - 1], datetime)
        for row in sheet.rows
    ):
        return False  # a date column with something else in it has styles of its own
    for row in (sheet.header, *sheet.rows):
        if len(row) > len(sheet.header):
            return False
        for value in row:
            if isinstance(value, bool | datetime):  # a bool and a time are written otherwise
                return False
            if isinstance(value, str):
                if (value.startswith("=") and len(value) > 1) or _ILLEGAL.search(value):
                    return False
            elif value is not None and not isinstance(value, int | date):
                return False
    return True


def _sheet(sheet: Sheet, dated: bool) -> bytes:
    columns = len(sheet.header)
    last = len(sheet.rows) + 1
    fit = "1" if sheet.printable else None
    out = [
        f'<worksheet xmlns="{_MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/>',
        f'<pageSetUpPr fitToPage="{fit}"/>' if fit else "<pageSetUpPr/>",
        f'</sheetPr><dimension ref="A1:{column_letter(columns)}{last}"/>',
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A1" '
        'sqref="A1"/></sheetView></sheetViews><sheetFormatPr baseColWidth="8" '
        'defaultRowHeight="15"/><cols>',
    ]
    for index, width in enumerate(sheet.widths, start=1):
        out.append(f'<col width="{_number(width)}" customWidth="1" min="{index}" max="{index}"/>')
    out.append("</cols><sheetData>")
    out.append(_row(1, sheet.header, 1, None, 30.0 if sheet.printable else None))
    date_style = 3 if dated else 2
    for number, row in enumerate(sheet.rows, start=2):
        height = _height(row, sheet.widths) if sheet.printable else None
        # a short row is as wide as the sheet: wrapping every row's cells makes the missing ones
        padded = [*row, *[None] * (columns - len(row))]
        out.append(_row(number, padded, 2, (sheet.dates, date_style), height))
    out.append("</sheetData>")
    if sheet.printable:
        out.append(f'<autoFilter ref="A1:{column_letter(columns)}{last}"/>')
    out.append(
        '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
    )
    if sheet.printable:
        out.append(
            '<pageSetup orientation="landscape" paperSize="9" fitToHeight="0" fitToWidth="1"/>'
        )
    out.append("</worksheet>")
    return "".join(out).encode("ascii")


def _row(
    number: int,
    values: Sequence[Value],
    style: int,
    dates: tuple[int | None, int] | None,
    height: float | None,
) -> str:
    high = f' ht="{_number(height)}" customHeight="1"' if height is not None else ""
    cells = [f'<row r="{number}"{high}>']
    for index, value in enumerate(values):
        where = f"{column_letter(index + 1)}{number}"
        own = dates[1] if dates is not None and dates[0] == index + 1 else style
        if value is None or value == "":
            kind = "inlineStr" if value == "" else "n"
            cells.append(f'<c r="{where}" s="{own}" t="{kind}"></c>')
        elif isinstance(value, str):
            space = ' xml:space="preserve"' if value != value.strip() else ""
            cells.append(
                f'<c r="{where}" s="{own}" t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'
            )
        elif isinstance(value, date):
            serial = (value - _EXCEL_EPOCH).days
            cells.append(f'<c r="{where}" s="{own}" t="n"><v>{serial}</v></c>')
        else:
            cells.append(f'<c r="{where}" s="{own}" t="n"><v>{_number(value)}</v></c>')
    cells.append("</row>")
    return "".join(cells)


def _height(values: Sequence[Value], widths: Sequence[int]) -> float | None:
    """:func:`docgen.office.excel.fit_heights` of one row: 15 pt a line of wrapped text."""
    lines = max([1, *(text_lines(v, widths[i]) for i, v in enumerate(values) if v is not None)])
    return round(15.0 * lines, 1) if lines > 1 else None


def text_lines(value: object, width: float) -> int:
    """The lines a value takes wrapped in a column ``width`` characters wide (Excel's unit,
    about 1.15 Cyrillic letters of the default font): each of its own lines at least one."""
    chars = max(1, int(width * 1.15))
    return sum(max(1, -(-len(part) // chars)) for part in str(value).split("\n"))


def _number(value: float) -> str:
    """A number as openpyxl writes it (``"%.16g"``: 30.0 is «30»)."""
    return f"{value:.16g}"


def _text(value: str) -> str:
    """A text as lxml writes it in an ASCII document: markup escaped, the rest as numbered
    character references."""
    escaped = escape(value).replace("\r", "&#13;")
    return escaped.encode("ascii", "xmlcharrefreplace").decode("ascii")


def _workbook(sheets: Sequence[Sheet]) -> bytes:
    names = []
    for index, sheet in enumerate(sheets):
        if sheet.printable:
            quoted = "'" + sheet.title.replace("'", "''") + "'"
            last = len(sheet.rows) + 1
            column = column_letter(len(sheet.header))
            names.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" '
                f'hidden="1">{_escape(quoted)}!$A$1:${column}${last}</definedName>'
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
                f"{_escape(quoted)}!$1:$1</definedName>"
            )
    listed = "".join(
        f'<sheet xmlns:r="{_REL}" name="{_escape(sheet.title)}" sheetId="{index}" '
        f'state="visible" r:id="rId{index}"/>'
        for index, sheet in enumerate(sheets, start=1)
    )
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    return (
        f'<workbook xmlns="{_MAIN}"><workbookPr/><workbookProtection/><bookViews><workbookView '
        'visibility="visible" minimized="0" showHorizontalScroll="1" showVerticalScroll="1" '
        'showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" '
        f'autoFilterDateGrouping="1"/></bookViews><sheets>{listed}</sheets>{defined}'
        '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    ).encode()


def _escape(text: str) -> str:
    """Text for an attribute in double quotes."""
    return escape(text).replace('"', "&quot;")


_APP = (
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-prope'
    b'rties"><Application>Microsoft Excel Compatible / Openpyxl 3.1.5</Application><AppVersi'
    b"on>3.1</AppVersion></Properties>"
)
_CORE = (
    f'<cp:coreProperties xmlns:cp="{_PKG}/metadata/core-properties"><dc:creator xmlns:dc="h'
    'ttp://purl.org/dc/elements/1.1/">openpyxl</dc:creator><dcterms:created xmlns:dcterms="h'
    'ttp://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:typ'
    'e="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created><dcterms:modified xmlns:dcterm'
    's="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi'
    ':type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>'
).encode()
_RELS = (
    f'<Relationships xmlns="{_PKG}/relationships"><Relationship Type="{_REL}/officeDocument'
    '" Target="xl/workbook.xml" Id="rId1"/><Relationship Type="http://schemas.openxmlformats.'
    'org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml" Id="'
    f'rId2"/><Relationship Type="{_REL}/extended-properties" Target="docProps/app.xml" Id="rI'
    'd3"/></Relationships>'
).encode()
_WORKBOOK_RELS = (
    f'<Relationships xmlns="{_PKG}/relationships"><Relationship Type="{_REL}/worksheet" Targ'
    f'et="/xl/worksheets/sheet1.xml" Id="rId1"/><Relationship Type="{_REL}/worksheet" Target='
    f'"/xl/worksheets/sheet2.xml" Id="rId2"/><Relationship Type="{_REL}/styles" Target="style'
    f's.xml" Id="rId3"/><Relationship Type="{_REL}/theme" Target="theme/theme1.xml" Id="rId4"'
    "/></Relationships>"
).encode()
_CONTENT_TYPES = (
    f'<Types xmlns="{_PKG}/content-types"><Default Extension="rels" ContentType="applicatio'
    'n/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
    'application/xml"/><Override PartName="/xl/styles.xml" ContentType="'
    f'{_DOC}.spreadsheetml.styles+xml"/><Override PartName="/xl/theme/theme1.xml" ContentTyp'
    f'e="{_DOC}.theme+xml"/><Override PartName="/docProps/core.xml" ContentType="application/'
    'vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" '
    f'ContentType="{_DOC}.extended-properties+xml"/><Override PartName="/xl/worksheets/sheet1'
    f'.xml" ContentType="{_DOC}.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksh'
    f'eets/sheet2.xml" ContentType="{_DOC}.spreadsheetml.worksheet+xml"/><Override PartName="'
    f'/xl/workbook.xml" ContentType="{_DOC}.spreadsheetml.sheet.main+xml"/></Types>'
).encode()
