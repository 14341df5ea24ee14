"""A lean XLSX writer for summaries people read and filter: typed cells, a few formats, frozen
headers, merged captions, conditional highlights, fixed times.

openpyxl (which reads every workbook docgen is given) spends ~20 ms saving even a small
workbook: its theme, its style objects hashed one by one, its sheet writer. A report's summary
is a few sheets of a few dozen cells with half a dozen formats, written thousands of times in a
district's run; written here as SpreadsheetML text it costs a couple of milliseconds, and the
same workbook always gives the same bytes (the given time in the properties and in every zip
entry, parts in a fixed order).

Elements are written in the schema's order (ECMA-376 part 1, §18.3.1.99 CT_Worksheet:
sheetPr? dimension? sheetViews cols sheetData … mergeCells … conditionalFormatting …
pageMargins), as Excel refuses a sheet otherwise.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Final

from docgen.office.markup import escape, quoteattr

_MAIN: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD: Final = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_BUILTIN_FORMATS: Final = {"General": 0, "0": 1, "0.00": 2, "@": 49}

Value = str | int | float | Decimal | None


@dataclass(frozen=True)
class Format:
    """How a cell looks: font, fill, border, alignment, number format."""

    bold: bool = False
    italic: bool = False
    size: float = 11
    colour: str | None = None  # RGB of the font
    fill: str | None = None  # RGB of a solid fill
    border: str | None = None  # RGB of a thin border on every side
    wrap: bool = False
    horizontal: str | None = None  # "center", "left", …
    vertical: str | None = None  # "top", …
    number_format: str = "General"


@dataclass(frozen=True)
class Highlight:
    """A conditional format: cells of ``cells`` where ``formula`` holds get ``fill`` and
    ``colour`` (the formula is written for the first cell, Excel shifts it for the others)."""

    cells: str
    formula: str
    fill: str
    colour: str


@dataclass
class Sheet:
    """A worksheet being filled: cells by (row, column), 1-based."""

    name: str
    cells: dict[tuple[int, int], tuple[Value, Format]] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)
    frozen: str | None = None  # the first cell that scrolls: "C3"
    highlights: list[Highlight] = field(default_factory=list)

    def set(self, row: int, column: int, value: Value, fmt: Format = Format()) -> None:
        self.cells[(row, column)] = (value, fmt)

    def merge(self, cells: str) -> None:
        self.merged.append(cells)


def column_letter(index: int) -> str:
    """1 → "A", 27 → "AA"."""
    name = ""
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _split(cell: str) -> tuple[int, int]:
    """ "C3" → (row 3, column 3)."""
    letters = "".join(c for c in cell if c.isalpha())
    column = 0
    for char in letters.upper():
        column = column * 26 + ord(char) - 64
    return int(cell[len(letters) :]), column


def _number(value: int | float | Decimal) -> str:
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    return str(value)


class _Styles:
    """The workbook's formats as styles.xml indexes, in the order they are first used."""

    def __init__(self) -> None:
        self.fonts: list[tuple[bool, bool, float, str | None]] = [(False, False, 11, None)]
        self.fills: list[str | None] = [None, "gray125"]
        self.borders: list[str | None] = [None]
        self.formats: dict[str, int] = {}
        self.xfs: list[tuple[int, int, int, int, Format]] = [(0, 0, 0, 0, Format())]
        self.index: dict[Format, int] = {Format(): 0}
        self.dxfs: list[tuple[str, str]] = []

    def _add(self, items: list[object], item: object) -> int:
        if item not in items:
            items.append(item)
        return items.index(item)

    def xf(self, fmt: Format) -> int:
        found = self.index.get(fmt)
        if found is not None:
            return found
        font = self._add(self.fonts, (fmt.bold, fmt.italic, fmt.size, fmt.colour))  # type: ignore[arg-type]
        fill = self._add(self.fills, fmt.fill) if fmt.fill else 0  # type: ignore[arg-type]
        border = self._add(self.borders, fmt.border) if fmt.border else 0  # type: ignore[arg-type]
        number = _BUILTIN_FORMATS.get(fmt.number_format)
        if number is None:
            number = self.formats.setdefault(fmt.number_format, 164 + len(self.formats))
        self.xfs.append((number, font, fill, border, fmt))
        self.index[fmt] = len(self.xfs) - 1
        return self.index[fmt]

    def dxf(self, fill: str, colour: str) -> int:
        return self._add(self.dxfs, (fill, colour))  # type: ignore[arg-type]

    def xml(self) -> str:
        formats = "".join(
            f'<numFmt numFmtId="{i}" formatCode={quoteattr(code)}/>'
            for code, i in self.formats.items()
        )
        fonts = ""
        for bold, italic, size, colour in self.fonts:
            fonts += (
                "<font>"
                + ("<b/>" if bold else "")
                + ("<i/>" if italic else "")
                + f'<sz val="{_number(size)}"/>'
                + (f'<color rgb="FF{colour}"/>' if colour else "")
                + '<name val="Calibri"/><family val="2"/></font>'
            )
        fills = ""
        for solid in self.fills:
            if solid is None:
                fills += '<fill><patternFill patternType="none"/></fill>'
            elif solid == "gray125":
                fills += '<fill><patternFill patternType="gray125"/></fill>'
            else:
                fills += (
                    f'<fill><patternFill patternType="solid"><fgColor rgb="FF{solid}"/>'
                    '<bgColor indexed="64"/></patternFill></fill>'
                )
        borders = ""
        for colour in self.borders:
            if colour is None:
                borders += "<border><left/><right/><top/><bottom/><diagonal/></border>"
            else:
                side = f'style="thin"><color rgb="FF{colour}"/>'
                borders += (
                    f"<border><left {side}</left><right {side}</right><top {side}</top>"
                    f"<bottom {side}</bottom><diagonal/></border>"
                )
        xfs = ""
        for number, font, fill, border, fmt in self.xfs:
            align = ""
            if fmt.wrap or fmt.horizontal or fmt.vertical:
                align = (
                    "<alignment"
                    + (f' horizontal="{fmt.horizontal}"' if fmt.horizontal else "")
                    + (f' vertical="{fmt.vertical}"' if fmt.vertical else "")
                    + (' wrapText="1"' if fmt.wrap else "")
                    + "/>"
                )
            applied = (
                (' applyNumberFormat="1"' if number else "")
                + (' applyFont="1"' if font else "")
                + (' applyFill="1"' if fill else "")
                + (' applyBorder="1"' if border else "")
                + (' applyAlignment="1"' if align else "")
            )
            xfs += (
                f'<xf numFmtId="{number}" fontId="{font}" fillId="{fill}" borderId="{border}" '
                f'xfId="0"{applied}>{align}</xf>'
                if align
                else f'<xf numFmtId="{number}" fontId="{font}" fillId="{fill}" '
                f'borderId="{border}" xfId="0"{applied}/>'
            )
        dxfs = "".join(
            f'<dxf><font><color rgb="FF{colour}"/></font><fill><patternFill patternType="solid">'
            f'<bgColor rgb="FF{fill}"/></patternFill></fill></dxf>'
            for fill, colour in self.dxfs
        )
        return (
            f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(self.formats)}">{formats}</numFmts>' if formats else "")
            + f'<fonts count="{len(self.fonts)}">{fonts}</fonts>'
            + f'<fills count="{len(self.fills)}">{fills}</fills>'
            + f'<borders count="{len(self.borders)}">{borders}</borders>'
            + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            + f'</cellStyleXfs><cellXfs count="{len(self.xfs)}">{xfs}</cellXfs>'
            + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            + f'</cellStyles><dxfs count="{len(self.dxfs)}">{dxfs}</dxfs></styleSheet>'
        )


def _sheet_xml(sheet: Sheet, styles: _Styles, first: bool) -> str:
    rows: dict[int, list[tuple[int, Value, Format]]] = {}
    for (row, column), (value, fmt) in sorted(sheet.cells.items()):
        rows.setdefault(row, []).append((column, value, fmt))
    last_row = max(rows, default=1)
    last_column = max((c for c, *_ in (x for r in rows.values() for x in r)), default=1)
    view = '<sheetView workbookViewId="0"' + (' tabSelected="1"' if first else "") + ">"
    if sheet.frozen:
        row, column = _split(sheet.frozen)
        x, y = column - 1, row - 1
        pane = "bottomRight" if x and y else ("bottomLeft" if y else "topRight")
        view += (
            "<pane"
            + (f' xSplit="{x}"' if x else "")
            + (f' ySplit="{y}"' if y else "")
            + f' topLeftCell="{sheet.frozen}" activePane="{pane}" state="frozen"/>'
            + f'<selection pane="{pane}" activeCell="{sheet.frozen}" sqref="{sheet.frozen}"/>'
        )
    view += "</sheetView>"
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{_number(w)}" customWidth="1"/>'
        for i, w in sorted(sheet.widths.items())
    )
    data = ""
    for row, cells in sorted(rows.items()):
        height = sheet.heights.get(row)
        data += f'<row r="{row}"' + (
            f' ht="{_number(height)}" customHeight="1">' if height else ">"
        )
        for column, value, fmt in cells:
            ref = f"{column_letter(column)}{row}"
            style = styles.xf(fmt)
            s = f' s="{style}"' if style else ""
            if value is None or value == "":
                data += f'<c r="{ref}"{s}/>'
            elif isinstance(value, str):
                data += f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">'
                data += f"{escape(value)}</t></is></c>"
            else:
                data += f'<c r="{ref}"{s}><v>{_number(value)}</v></c>'
        data += "</row>"
    merged = ""
    if sheet.merged:
        merged = f'<mergeCells count="{len(sheet.merged)}">' + "".join(
            f'<mergeCell ref="{cells}"/>' for cells in sheet.merged
        )
        merged += "</mergeCells>"
    highlights = ""
    for priority, item in enumerate(sheet.highlights, start=1):
        highlights += (
            f'<conditionalFormatting sqref="{item.cells}"><cfRule type="expression" '
            f'dxfId="{styles.dxf(item.fill, item.colour)}" priority="{priority}">'
            f"<formula>{escape(item.formula)}</formula></cfRule></conditionalFormatting>"
        )
    return (
        f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        f'<dimension ref="A1:{column_letter(last_column)}{last_row}"/>'
        f"<sheetViews>{view}</sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + f"<sheetData>{data}</sheetData>{merged}{highlights}"
        + '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        + "</worksheet>"
    )


@dataclass
class Book:
    """A workbook: its sheets in order and its properties."""

    creator: str = "docgen"
    title: str = ""
    sheets: list[Sheet] = field(default_factory=list)

    def sheet(self, name: str) -> Sheet:
        """A new sheet; its name is cut to Excel's 31 characters, without []:*?/\\."""
        for char in "[]:*?/\\":
            name = name.replace(char, "_")
        made = Sheet(name[:31])
        self.sheets.append(made)
        return made

    def to_bytes(self, when: datetime) -> bytes:
        """The workbook's bytes: ``when`` (the data's date, never the clock) is its created and
        modified time and the time of every zip entry."""
        styles = _Styles()
        sheets = [_sheet_xml(s, styles, i == 0) for i, s in enumerate(self.sheets)]
        stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        count = len(self.sheets)
        parts: list[tuple[str, str]] = [
            (
                "[Content_Types].xml",
                f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                'content-types"><Default Extension="rels" ContentType="application/'
                'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                'sheet.main+xml"/>'
                + "".join(
                    f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="'
                    "application/vnd.openxmlformats-officedocument.spreadsheetml."
                    'worksheet+xml"/>'
                    for i in range(1, count + 1)
                )
                + '<Override PartName="/xl/styles.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                '<Override PartName="/docProps/core.xml" ContentType="application/'
                'vnd.openxmlformats-package.core-properties+xml"/>'
                '<Override PartName="/docProps/app.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
            ),
            (
                "_rels/.rels",
                f'{_HEAD}<Relationships xmlns="{_PKG}">'
                f'<Relationship Id="rId1" Type="{_REL}/officeDocument" '
                'Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.'
                'openxmlformats.org/package/2006/relationships/metadata/core-properties" '
                'Target="docProps/core.xml"/><Relationship Id="rId3" '
                f'Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
                "</Relationships>",
            ),
            (
                "docProps/app.xml",
                f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
                '2006/extended-properties"><Application>docgen</Application></Properties>',
            ),
            (
                "docProps/core.xml",
                f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
                'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/'
                'elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                + (f"<dc:title>{escape(self.title)}</dc:title>" if self.title else "")
                + f"<dc:creator>{escape(self.creator)}</dc:creator>"
                f"<cp:lastModifiedBy>{escape(self.creator)}</cp:lastModifiedBy>"
                f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
                f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
                "</cp:coreProperties>",
            ),
            (
                "xl/workbook.xml",
                f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews>'
                '<workbookView activeTab="0"/></bookViews><sheets>'
                + "".join(
                    f'<sheet name={quoteattr(s.name)} sheetId="{i}" r:id="rId{i}"/>'
                    for i, s in enumerate(self.sheets, start=1)
                )
                + "</sheets></workbook>",
            ),
            (
                "xl/_rels/workbook.xml.rels",
                f'{_HEAD}<Relationships xmlns="{_PKG}">'
                + "".join(
                    f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" '
                    f'Target="worksheets/sheet{i}.xml"/>'
                    for i in range(1, count + 1)
                )
                + f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" '
                'Target="styles.xml"/></Relationships>',
            ),
            *((f"xl/worksheets/sheet{i}.xml", xml) for i, xml in enumerate(sheets, start=1)),
            ("xl/styles.xml", styles.xml()),
        ]
        out = io.BytesIO()
        moment = (max(when.year, 1980), *when.timetuple()[1:6])
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for name, text in parts:
                entry = zipfile.ZipInfo(name, date_time=moment)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                package.writestr(entry, text.encode("utf-8"))
        return out.getvalue()


def widths(sheet: Sheet, values: Sequence[float]) -> None:
    """Column widths from the first column on, in Excel's units (characters)."""
    for index, width in enumerate(values, start=1):
        sheet.widths[index] = width
