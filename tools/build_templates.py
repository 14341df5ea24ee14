"""Build the DOCX templates of orders (приказ, распоряжение), plans and reports from code.

The templates are docxtpl (Jinja in DOCX) files laid out by ГОСТ Р 7.0.97-2025 the way
education administrations print their orders. Writing them by code keeps every formatting
decision reviewable in one place and the files reproducible: the same script gives the same
bytes, and ``tests/test_templates.py`` checks that the committed files are up to date.

Usage: ``python tools/build_templates.py [--out DIR]`` (default: ``docgen/templates/``).
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENTATION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, Twips
from docx.text.paragraph import Paragraph
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docgen" / "templates"

FONT = "Times New Roman"
SIZE = Pt(14)
LANG = "ru-RU"
INDENT = Cm(1.25)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
LEFT, RIGHT, TOP, BOTTOM = Mm(30), Mm(15), Mm(20), Mm(20)
HEADER_DISTANCE = Mm(10)
TEXT_WIDTH = Twips(round((PAGE_WIDTH - LEFT - RIGHT) / 635))  # whole twips, as Word stores
SIGN_LEFT = Twips(round(TEXT_WIDTH.twips * 0.6))
SIGN_RIGHT = Twips(TEXT_WIDTH.twips - SIGN_LEFT.twips)
STAMP_INDENT = Cm(9)  # the appendix mark block: right part of the page, 7.5 cm wide
FIXED_TIME = datetime(2000, 1, 1, 0, 0, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Schema order of w:pPr and w:rPr children: what may follow the element being inserted.
_PPR_ORDER = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_RPR_ORDER = (
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
_TBLPR_ORDER = (
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
)
_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class Spec:
    """One template: its folder, file, the note in its properties, and what its body holds."""

    folder: str
    filename: str
    comment: str
    body: str = "order"


SPECS = (
    Spec("orders", "prikaz.docx", "Шаблон приказа docgen (ГОСТ Р 7.0.97-2025)"),
    Spec("orders", "rasporyazhenie.docx", "Шаблон распоряжения docgen (ГОСТ Р 7.0.97-2025)"),
    Spec("plans", "plan.docx", "Шаблон плана мероприятий docgen (ГОСТ Р 7.0.97-2025)", "plan"),
    Spec(
        "reports",
        "report.docx",
        "Шаблон аналитической справки docgen (ГОСТ Р 7.0.97-2025)",
        "report",
    ),
)
MARK_STYLE = "docgenMark"  # the appendix mark and approval stamp: top right of the page
MARK_NAME = "Отметка о приложении"


def _el(tag: str, **attrs: str) -> Any:
    """An OOXML element with w: attributes, e.g. ``_el("w:lang", val="ru-RU")``."""
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _after(order: tuple[str, ...], tag: str) -> tuple[str, ...]:
    """The tags that must follow ``tag`` in its parent."""
    return order[order.index(tag) + 1 :]


def _put(parent: Any, child: Any, order: tuple[str, ...]) -> None:
    """Insert ``child`` at its schema place, replacing one of the same kind: Word is strict."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    prefixed = "w:" + etree.QName(child).localname
    parent.insert_element_before(child, *_after(order, prefixed))


def _fonts() -> Any:
    """Explicit fonts for every script, so no theme font (Calibri) leaks into Cyrillic text."""
    return _el("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT)


def _lang() -> Any:
    """Russian for spelling and hyphenation in Word, whatever the user's locale."""
    return _el("w:lang", val=LANG, eastAsia=LANG, bidi="ar-SA")


def _setup_styles(doc: Any) -> None:
    """Document defaults and Normal: TNR 14, single spacing, no gaps, Russian language."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for element in (rpr, ppr):
        for child in list(element):
            element.remove(child)
    rpr.extend([_fonts(), _el("w:sz", val="28"), _el("w:szCs", val="28"), _lang()])
    ppr.append(_el("w:spacing", before="0", after="0", line="240", lineRule="auto"))

    normal = doc.styles["Normal"]
    normal.font.size = SIZE
    style_rpr = normal.element.get_or_add_rPr()
    _put(style_rpr, _fonts(), _RPR_ORDER)
    _put(style_rpr, _el("w:szCs", val="28"), _RPR_ORDER)
    _put(style_rpr, _lang(), _RPR_ORDER)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.widow_control = True


def _setup_mark_style(doc: Any) -> None:
    """The block of the appendix mark and the approval stamp: its left edge at 9 cm.

    docgen moves that edge in landscape sections so that the block stays at the right.
    """
    from docx.enum.style import WD_STYLE_TYPE

    style = doc.styles.add_style(MARK_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.name = MARK_NAME
    style.base_style = doc.styles["Normal"]
    style.element.set(qn("w:styleId"), MARK_STYLE)
    style.paragraph_format.left_indent = STAMP_INDENT
    style.paragraph_format.first_line_indent = Cm(0)
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    style.quick_style = True


def _setup_settings(doc: Any) -> None:
    """Word 2013+ layout mode and Russian theme language instead of the en-US defaults."""
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), LANG)
        lang.attrib.pop(qn("w:eastAsia"), None)
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    tab = settings.find(qn("w:defaultTabStop"))
    if tab is not None:
        tab.set(qn("w:val"), str(INDENT.twips))


def _paragraph(
    container: Any,
    text: str = "",
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT,
    indent: bool = False,
    bold: bool = False,
    size: Length | None = None,
) -> Paragraph:
    """A paragraph with explicit alignment and indent, so Word's defaults never decide."""
    paragraph: Paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = INDENT if indent else Cm(0)
    if text:
        run = paragraph.add_run(text)  # "\t" becomes <w:tab/>
        if bold:
            run.bold = True
        if size is not None:
            run.font.size = size
            _put(run._r.get_or_add_rPr(), _el("w:szCs", val=str(round(size.pt * 2))), _RPR_ORDER)
    if size is not None:
        _mark_size(paragraph, size)
    return paragraph


def _mark_size(paragraph: Paragraph, size: Length) -> None:
    """Size of the paragraph mark too, so an empty or last line keeps the run's height."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = _el("w:rPr")
        _put(ppr, rpr, _PPR_ORDER)
    half_points = str(round(size.pt * 2))
    for tag in ("w:sz", "w:szCs"):
        _put(rpr, _el(tag, val=half_points), _RPR_ORDER)


def _tag(container: Any, tag: str) -> Paragraph:
    """A docxtpl paragraph tag (``{%p … %}``): the whole paragraph becomes the Jinja tag."""
    return _paragraph(container, tag)


def _frame(paragraph: Paragraph, **attrs: str) -> None:
    """Make the paragraph a frame (``w:framePr``): positioned on the page, out of the flow."""
    _put(paragraph._p.get_or_add_pPr(), _el("w:framePr", **attrs), _PPR_ORDER)


def _block(container: Any, head: str, body: str, tail: str, **style: Any) -> Paragraph:
    """A paragraph repeated or shown by Jinja: opening tag, the paragraph, closing tag."""
    _tag(container, head)
    paragraph = _paragraph(container, body, **style)
    _tag(container, tail)
    return paragraph


def _headers(section: Any) -> None:
    """Page number top centre from page 2 (titlePg); the first page has the QR code instead."""
    section.different_first_page_header_footer = True

    number = section.header.paragraphs[0]
    number.style = None  # Normal, not python-docx's "Header" with its US tab stops
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = _el("w:fldSimple", instr=" PAGE ")
    run = _el("w:r")
    run_pr = _el("w:rPr")
    run_pr.extend([_el("w:sz", val="24"), _el("w:szCs", val="24")])
    text = _el("w:t")
    text.text = "2"
    run.extend([run_pr, text])
    field.append(run)
    number._p.append(field)
    _mark_size(number, Pt(12))

    # {{ qr }} is an InlineImage or "". ГОСТ Р 7.0.97-2025 puts the QR code in the lower right
    # corner of the first page: the first page's footer, right-aligned, so that it never
    # covers the text (the footer grows upwards into the bottom margin) and pages 2 and on,
    # with their own footer, have none. The first page's header stays empty (no number).
    section.first_page_header.paragraphs[0].style = None
    first = section.first_page_footer
    qr = first.paragraphs[0]
    qr.style = None
    qr.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    qr.add_run("{{ qr }}")
    _mark_size(qr, Pt(12))


def _setup_section(doc: Any) -> None:
    """A4 portrait, ГОСТ margins (left 30, right 15, top and bottom 20 mm), headers."""
    section = doc.sections[0]
    section.orientation = WD_ORIENTATION.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.header_distance = section.footer_distance = HEADER_DISTANCE
    section.gutter = Mm(0)
    _headers(section)


def _signature(doc: Any) -> None:
    """Borderless 60/40 table: position left, name right at the level of its last line."""
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    _put(tbl_pr, _el("w:tblW", w=str(TEXT_WIDTH.twips), type="dxa"), _TBLPR_ORDER)
    _put(tbl_pr, _el("w:tblInd", w="0", type="dxa"), _TBLPR_ORDER)
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", val="nil"))
    _put(tbl_pr, borders, _TBLPR_ORDER)
    _put(tbl_pr, _el("w:tblLayout", type="fixed"), _TBLPR_ORDER)
    margins = _el("w:tblCellMar")  # no cell padding: text edges on the margins
    for side in ("top", "left", "bottom", "right"):
        margins.append(_el(f"w:{side}", w="0", type="dxa"))
    _put(tbl_pr, margins, _TBLPR_ORDER)
    widths = (SIGN_LEFT, SIGN_RIGHT)
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width.twips))
    row = table.rows[0]
    row._tr.get_or_add_trPr().append(_el("w:cantSplit"))

    left, right = row.cells
    for cell, width in zip((left, right), widths, strict=True):
        cell.width = width
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        cell._tc.remove(cell.paragraphs[0]._p)  # python-docx's empty paragraph
    position = _paragraph(left, "{{ signer.position }}", bold=True)
    name = _paragraph(right, "{{ signer.name }}", align=WD_ALIGN_PARAGRAPH.RIGHT, bold=True)
    for paragraph in (position, name):  # Word: the signature moves to a page with the mark
        paragraph.paragraph_format.keep_with_next = True


def _executor(doc: Any) -> None:
    """Executor mark, 10 pt, in a frame at the bottom left of the page where the text ends."""
    _tag(doc, "{%p if executor %}")
    mark = _paragraph(doc, "{{ executor }}", size=Pt(10))
    _frame(
        mark, wrap="notBeside", vAnchor="margin", hAnchor="margin", xAlign="left", yAlign="bottom"
    )
    # LibreOffice anchors a frame to the paragraph after it: without this 1 pt one the mark
    # would land on the appendix's page.
    _paragraph(doc, size=Pt(1))
    _tag(doc, "{%p endif %}")


def _appendices(doc: Any) -> None:
    """Each appendix from a new page, its mark block in the top right corner.

    The break is ``pageBreakBefore`` of the first heading line, which is written apart
    from the loop over the other lines: one break per appendix, no empty page or line.
    """
    _tag(doc, "{%p for a in appendices %}")
    _block(doc, "{%p if a.section %}", "{{ a.section }}", "{%p endif %}")
    first = _paragraph(doc, "{{ a.heading_lines[0] }}")
    first.paragraph_format.page_break_before = True
    first.style = doc.styles[MARK_NAME]
    rest = _block(doc, "{%p for line in a.heading_lines[1:] %}", "{{ line }}", "{%p endfor %}")
    rest.style = doc.styles[MARK_NAME]
    _paragraph(doc)
    title = _paragraph(doc, "{{ a.title }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    title.paragraph_format.keep_with_next = True
    _paragraph(doc).paragraph_format.keep_with_next = True
    _block(
        doc,
        "{%p for t in a.paragraphs %}",
        "{{ t }}",
        "{%p endfor %}",
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent=True,
    )
    _tag(doc, "{%p if a.plan %}")
    _plan_body(doc, "a.plan")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")


def _sheets(doc: Any) -> None:
    """The листы согласования and ознакомления after the appendices, each from a new page: a
    bold centred heading naming the order, then the table docgen builds from the data."""
    _tag(doc, "{%p for s in sheets %}")
    _block(doc, "{%p if s.section %}", "{{ s.section }}", "{%p endif %}")
    heading = _paragraph(doc, "{{ s.heading }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    heading.paragraph_format.page_break_before = True
    heading.paragraph_format.keep_with_next = True
    _paragraph(doc).paragraph_format.keep_with_next = True
    _paragraph(doc, "{{ s.table }}")
    _tag(doc, "{%p endfor %}")


def _blocks(doc: Any, loop: str) -> None:
    """Text blocks of a plan: centred bold headings, justified paragraphs and list items."""
    _tag(doc, f"{{%p for b in {loop} %}}")
    _tag(doc, "{%p if b.kind == 'heading' %}")
    heading = _paragraph(doc, "{{ b.text }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.space_after = Pt(6)
    _tag(doc, "{%p else %}")
    _paragraph(doc, "{{ b.text }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")


def _plan_body(doc: Any, plan: str) -> None:
    """A plan after its title: text, the table of activities, indicators, closing text.

    The tables are built by docgen from the data (their columns and merges vary); the
    template marks where each goes with a paragraph of its own.
    """
    _blocks(doc, f"{plan}.intro")
    _block(doc, f"{{%p if {plan}.table %}}", f"{{{{ {plan}.table }}}}", "{%p endif %}")
    _tag(doc, f"{{%p if {plan}.indicators_table %}}")
    _paragraph(doc)
    _block(
        doc,
        f"{{%p if {plan}.indicators_title %}}",
        f"{{{{ {plan}.indicators_title }}}}",
        "{%p endif %}",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        bold=True,
    ).paragraph_format.keep_with_next = True
    _paragraph(doc, f"{{{{ {plan}.indicators_table }}}}")
    _tag(doc, "{%p endif %}")
    _blocks(doc, f"{plan}.outro")


def _plan(doc: Any) -> None:
    """A plan on its own: the approval stamp top right, the title, then the plan."""
    _tag(doc, "{%p if approval %}")
    stamp = _block(doc, "{%p for line in approval %}", "{{ line }}", "{%p endfor %}")
    stamp.style = doc.styles[MARK_NAME]
    _paragraph(doc)
    _tag(doc, "{%p endif %}")
    title = _block(
        doc,
        "{%p for line in plan.title_lines %}",
        "{{ line }}",
        "{%p endfor %}",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        bold=True,
    )
    title.paragraph_format.keep_with_next = True
    _paragraph(doc).paragraph_format.keep_with_next = True
    _plan_body(doc, "plan")
    # a signed plan (an explanatory note): the signature, its date and the executor mark
    _tag(doc, "{%p if signer %}")
    for _ in range(2):
        _paragraph(doc).paragraph_format.keep_with_next = True
    _signature(doc)
    _block(doc, "{%p if signed_date %}", "{{ signed_date }}", "{%p endif %}")
    _tag(doc, "{%p endif %}")
    # грифы согласования below the plan (ГОСТ Р 7.0.97-2025: below the signature, and a plan
    # approved by a stamp has none), each kept on one page
    _tag(doc, "{%p for block in agreed %}")
    _paragraph(doc).paragraph_format.keep_with_next = True
    agreement = _block(doc, "{%p for line in block %}", "{{ line }}", "{%p endfor %}")
    agreement.paragraph_format.keep_with_next = True
    _tag(doc, "{%p endfor %}")
    _executor(doc)


def _requisites(doc: Any, number: str) -> None:
    """The author's header, the document's kind (16 pt, spaced), date and number on one line,
    the place of issue: the same at the top of an order and of a report."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    _block(
        doc,
        "{%p for line in org.header_lines %}",
        "{{ line }}",
        "{%p endfor %}",
        align=center,
        bold=True,
    )
    _paragraph(doc)
    kind = _paragraph(doc, "{{ doc.kind_title }}", align=center, bold=True, size=Pt(16))
    _put(kind.runs[0]._r.get_or_add_rPr(), _el("w:spacing", val="40"), _RPR_ORDER)
    _paragraph(doc)
    date = _paragraph(doc, "{{ doc.date_text }}\t" + number)
    date.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    _block(doc, "{%p if doc.place %}", "{{ doc.place }}", "{%p endif %}", align=center)
    _paragraph(doc)


def _body(doc: Any) -> None:
    """The requisites of an order in ГОСТ Р 7.0.97 order."""
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    _requisites(doc, "№ {{ doc.number }}")
    title = _paragraph(doc, "{{ doc.title }}", align=center, bold=True)
    title.paragraph_format.keep_with_next = True
    _paragraph(doc)
    _block(
        doc,
        "{%p if doc.preamble %}",
        "{{ doc.preamble }}",
        "{%p endif %}",
        align=justify,
        indent=True,
    )
    command = _block(doc, "{%p if doc.command %}", "{{ doc.command }}", "{%p endif %}", bold=True)
    command.paragraph_format.space_before = SIZE  # a blank line around it, as printed
    command.paragraph_format.space_after = SIZE
    _block(
        doc,
        "{%p for p in doc.paragraphs %}",
        "{{ p.text }}",
        "{%p endfor %}",
        align=justify,
        indent=True,
    )
    _paragraph(doc)
    _paragraph(doc)
    _signature(doc)
    _executor(doc)
    _appendices(doc)
    _sheets(doc)


def _report_blocks(doc: Any) -> None:
    """The text of a report: one paragraph style per kind of block the report builds.

    Headings of sections and indicators, paragraphs, table titles and table markers, charts
    with their captions, notes in 12 pt, empty lines, and the last paragraph, which is
    kept on the page of the signature.
    """
    center, justify, left = (
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.JUSTIFY,
        WD_ALIGN_PARAGRAPH.LEFT,
    )
    _tag(doc, "{%p for b in blocks %}")
    _tag(doc, "{%p if b.kind == 'heading' %}")
    heading = _paragraph(doc, "{{ b.text }}", align=center, bold=True)
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(6)
    _tag(doc, "{%p elif b.kind == 'subheading' %}")
    sub = _paragraph(doc, "{{ b.text }}", align=left, indent=True, bold=True)
    sub.paragraph_format.keep_with_next = True
    sub.paragraph_format.space_before = Pt(6)
    _tag(doc, "{%p elif b.kind == 'table_title' %}")
    table_title = _paragraph(doc, "{{ b.text }}", align=left)
    table_title.paragraph_format.keep_with_next = True
    table_title.paragraph_format.space_before = Pt(6)
    _tag(doc, "{%p elif b.kind == 'table' %}")
    _paragraph(doc, "{{ b.text }}")
    _tag(doc, "{%p elif b.kind == 'chart' %}")
    chart = _paragraph(doc, "{{ b.text }}", align=center)
    chart.paragraph_format.keep_with_next = True
    chart.paragraph_format.space_before = Pt(6)
    _tag(doc, "{%p elif b.kind == 'caption' %}")
    caption = _paragraph(doc, "{{ b.text }}", align=center, size=Pt(12))
    caption.paragraph_format.space_after = Pt(6)
    _tag(doc, "{%p elif b.kind == 'note' %}")
    _paragraph(doc, "{{ b.text }}", align=justify, indent=True, size=Pt(12))
    _tag(doc, "{%p elif b.kind == 'gap' %}")
    _paragraph(doc)
    _tag(doc, "{%p elif b.kind == 'last' %}")  # the last paragraph goes with the signature
    _paragraph(
        doc, "{{ b.text }}", align=justify, indent=True
    ).paragraph_format.keep_with_next = True
    _tag(doc, "{%p else %}")
    _paragraph(doc, "{{ b.text }}", align=justify, indent=True)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")


def _report(doc: Any) -> None:
    """An analytical report: the author's header, АНАЛИТИЧЕСКАЯ СПРАВКА, date, title, text."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    _requisites(doc, "{{ doc.number_text }}")
    title = _block(
        doc,
        "{%p for line in doc.title_lines %}",
        "{{ line }}",
        "{%p endfor %}",
        align=center,
        bold=True,
    )
    title.paragraph_format.keep_with_next = True
    _report_blocks(doc)
    for _ in range(2):
        _paragraph(doc).paragraph_format.keep_with_next = True
    _signature(doc)
    _executor(doc)


def _properties(doc: Any, spec: Spec) -> None:
    """Fixed properties: the renderer overwrites them; fixed values keep the bytes stable."""
    props = doc.core_properties
    props.title = ""
    props.subject = ""
    props.author = "docgen"
    props.last_modified_by = "docgen"
    props.comments = spec.comment
    props.keywords = ""
    props.category = ""
    props.language = LANG
    props.revision = 1
    props.created = FIXED_TIME
    props.modified = FIXED_TIME


def build(spec: Spec) -> bytes:
    """The template's bytes; the same code always gives the same bytes."""
    doc = Document()
    body = doc.element.body
    for paragraph in body.findall(qn("w:p")):
        body.remove(paragraph)
    _setup_styles(doc)
    _setup_mark_style(doc)
    _setup_settings(doc)
    _setup_section(doc)
    if spec.body == "plan":
        _plan(doc)
    elif spec.body == "report":
        _report(doc)
    else:
        _body(doc)
    _properties(doc, spec)
    _slim(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return stable_zip(buffer.getvalue())


_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _slim(doc: Any) -> None:
    """Only the styles the template uses (and what they are based on), no latent styles, no
    Word 2010 stylesWithEffects copy: python-docx's blank document carries 800 KB of them,
    which every render would parse, write and compress again."""
    part = doc.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            part.drop_rel(rel_id)
    styles = doc.styles.element
    xml = [etree.tostring(p.element) for p in _story_parts(doc)]
    used: set[str] = set()
    for blob in xml:
        root = etree.fromstring(blob)
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyleLink", "w:styleLink"):
            used.update(e.get(qn("w:val")) for e in root.iter(qn(tag)))
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    keep = {sid for sid, s in by_id.items() if s.get(qn("w:default")) == "1"} | used
    todo = list(keep)
    while todo:
        style = by_id.get(todo.pop())
        if style is None:
            continue
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = style.find(qn(tag))
            if ref is not None and ref.get(qn("w:val")) not in keep:
                keep.add(ref.get(qn("w:val")))
                todo.append(ref.get(qn("w:val")))
    for sid, style in by_id.items():
        if sid not in keep:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)


def _story_parts(doc: Any) -> list[Any]:
    """The document part and its headers and footers: where styles are used."""
    parts = [doc.part]
    for rel in doc.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")):
            parts.append(rel.target_part)
    return parts


def _without_thumbnail(rels: bytes) -> bytes:
    """Package rels minus python-docx's preview picture (an empty US Letter page)."""
    root = etree.fromstring(rels)
    for rel in root.findall(f"{{{_REL_NS}}}Relationship"):
        if rel.get("Type") == _THUMBNAIL:
            root.remove(rel)
    xml: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return xml


def stable_zip(data: bytes) -> bytes:
    """Rewrite the zip in python-docx's member order with one fixed timestamp."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            if info.filename == "docProps/thumbnail.jpeg":
                continue
            content = src.read(info.filename)
            if info.filename == "_rels/.rels":
                content = _without_thumbnail(content)
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, content)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write every template into --out/orders, plans and reports (default docgen/templates/)."""
    parser = argparse.ArgumentParser(description="Build the DOCX templates of docgen.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the templates folder")
    args = parser.parse_args(argv)
    for spec in SPECS:
        folder = args.out / spec.folder
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / spec.filename
        target.write_bytes(build(spec))
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
