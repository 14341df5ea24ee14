"""The caches and shortcuts of the text path's finishing and zipping give what a fresh build gives.

A district renders the same rows, cells, template parts and zip members school after school, and
docgen keeps them (bounded) instead of making them again: each cache is checked here to give on
a hit the bytes a fresh build gives, and to miss when anything its result depends on changes.
The shortcuts (the zip put together from each member's records, docxtpl's listing and table
fixing done only where they change something, a section's box found among the body's section
ends, typography over the tree in one walk) are compared with the plain way on tables of cases.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime

import pytest
from docxtpl import DocxTemplate
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from docgen.errors import TemplateError
from docgen.office import word
from docgen.office.layout import Align, Cell, Row, Table

W = word._W
NS = f'xmlns:w="{W[1:-1]}"'


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    """Every test starts and ends with the caches empty: none sees another's entries."""
    _clear()
    yield
    _clear()


def _clear() -> None:
    word._SEEN.clear()
    word._CELLS.clear()
    word._RECORDS.clear()
    for cached in (word._table_head, word._row_head, word._paragraph_xml, word._frame):
        cached.cache_clear()


def _table(responsible: str = "Петров Н.С.", *, title: str = "Мероприятие 1") -> Table:
    header = Row(
        (Cell("№", bold=True, align=Align.CENTER), Cell("Мероприятие", bold=True)),
        header=True,
    )
    section = Row((Cell("1. Направление работы", span=2, bold=True),), keep_with_next=True)
    activity = Row((Cell("1.1."), Cell(f"{title} по плану - в срок; {responsible}")))
    return Table(widths=(1.0, 4.0), rows=(header, section, activity))


def _fresh_bytes(table: Table, width: int = 9000, height: int = 14000, typography: bool = True):
    _clear()
    return word._late_table(table, width, height, typography)


# ------------------------------------------------------------------ tables, rows and cells


def test_a_table_seen_again_gives_the_bytes_of_a_fresh_build() -> None:
    table = _table()
    fresh = _fresh_bytes(table)
    assert fresh is not None and b"<w:tbl>" in fresh
    again = word._late_table(table, 9000, 14000, True)  # every row found by identity
    equal = word._late_table(_table(), 9000, 14000, True)  # new objects of the same content
    assert again == fresh
    assert equal == fresh
    assert word._SEEN and word._CELLS  # the hits came from the caches


@pytest.mark.parametrize(
    ("change", "made"),
    [
        ("text", lambda: (_table("Мельник Л.В."), 9000, 14000, True)),
        ("title", lambda: (_table(title="Мероприятие 2"), 9000, 14000, True)),
        ("width", lambda: (_table(), 12000, 14000, True)),
        ("height", lambda: (_table(), 9000, 100, True)),  # rows may split: no cantSplit
        ("typography", lambda: (_table(), 9000, 14000, False)),
        ("font", lambda: (_font(_table(), 10.0), 9000, 14000, True)),
        ("bold", lambda: (_bold_activity(_table()), 9000, 14000, True)),
    ],
)
def test_a_change_of_what_a_table_depends_on_is_a_miss(change: str, made) -> None:
    word._late_table(_table(), 9000, 14000, True)  # the caches hold the first table
    table, width, height, typography = made()
    cached = word._late_table(table, width, height, typography)
    assert cached == _fresh_bytes(table, width, height, typography)
    assert cached != _fresh_bytes(_table())


def _font(table: Table, size: float) -> Table:
    return Table(widths=table.widths, rows=table.rows, font_size=size)


def _bold_activity(table: Table) -> Table:
    *rows, last = table.rows
    cells = tuple(Cell(cell.text, bold=True) for cell in last.cells)
    return Table(widths=table.widths, rows=(*rows, Row(cells)))


def test_a_row_of_the_same_objects_in_another_shape_is_made_for_that_shape() -> None:
    table = _table()
    narrow = word._late_table(table, 6000, 14000, True)
    wide = word._late_table(table, 12000, 14000, True)
    assert narrow != wide
    assert b'<w:gridCol w:w="1200"/>' in narrow and b'<w:gridCol w:w="2400"/>' in wide


def test_the_cached_table_is_typeset_and_its_footnote_marker_keeps_it_on_the_tree() -> None:
    cached = word._late_table(_table(), 9000, 14000, True)
    assert "по\u00a0плану\u00a0– в\u00a0срок; Петров\u00a0Н.С.".encode() in cached
    marked = Table(widths=(1.0,), rows=(Row((Cell("сноска⟦docgen:footnote:1⟧"),)),))
    assert word._late_table(marked, 9000, 14000, True) is None
    assert word._late_table(marked, 9000, 14000, True) is None  # the cached verdict too
    merged = Table(widths=(1.0,), rows=(Row((Cell("⟦docgen:footnote:1⟧", merged=True),)),))
    assert word._late_table(merged, 9000, 14000, True) is not None  # a merged text is unwritten


def test_one_cell_object_in_two_columns_is_as_wide_as_each() -> None:
    shared = Cell("Петров Н.С.")
    table = Table(widths=(1.0, 3.0), rows=(Row((shared, shared)),))
    made = word._late_table(table, 8000, 14000, True)
    assert re.findall(rb'<w:tcW w:w="(\d+)"', made) == [b"2000", b"6000"]


def test_a_cell_beyond_the_grid_is_no_wide() -> None:
    table = Table(widths=(1.0,), rows=(Row((Cell("а"), Cell("б"))),))
    assert b'<w:tcW w:w="0" w:type="dxa"/>' in word._late_table(table, 9000, 14000, True)


def test_the_caches_stay_bounded_however_many_schools() -> None:
    for school in range(3000):
        word._late_table(_table(f"Петров {school}"), 9000, 14000, True)
    rows_seen, cells_seen = next(iter(word._SEEN.values()))
    assert len(rows_seen) <= 512 and len(cells_seen) <= 4096
    assert len(word._CELLS) <= 4096 and len(word._SEEN) <= 8


# ------------------------------------------------------------------ the zip


def _zipfile_bytes(members: list[tuple[str, bytes]], when: datetime) -> bytes:
    """What zipfile itself writes for these members, as docgen always wrote them."""
    stream = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in members:
            word._writestr(archive, name, stamp, blob)
    return stream.getvalue()


def _stable_bytes(members: list[tuple[str, bytes]], when: datetime) -> bytes:
    stream = io.BytesIO()
    writer = word._StableZip(stream, when)
    for name, blob in members:
        writer.put(name, blob)
    writer.close()
    return stream.getvalue()


STYLES = ("word/styles.xml", b"<w:styles/>" * 50)
DOCUMENT = ("word/document.xml", "<w:document>Приказ № 1</w:document>".encode() * 300)
MEMBER_SETS = {
    "a document": [("[Content_Types].xml", b"<Types/>"), DOCUMENT, STYLES],
    "another body": [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"x"), STYLES],
    "empty member": [("docProps/core.xml", b""), STYLES],
    "incompressible": [("word/media/image1.png", bytes(range(256)) * 300)],
    "one member": [STYLES],
}


@pytest.mark.parametrize("name", sorted(MEMBER_SETS))
@pytest.mark.parametrize("when", [datetime(2024, 9, 2, 9), datetime(1975, 1, 1)])
def test_the_zip_is_the_bytes_zipfile_writes(name: str, when: datetime) -> None:
    members = MEMBER_SETS[name]
    expected = _zipfile_bytes(members, when)
    assert _stable_bytes(members, when) == expected  # fresh records
    assert _stable_bytes(members, when) == expected  # kept records
    with zipfile.ZipFile(io.BytesIO(expected)) as archive:
        assert archive.testzip() is None
        assert [(info.filename, archive.read(info)) for info in archive.infolist()] == members


@pytest.mark.parametrize("cuts", [(), (1,), (5, 6, 7), (100, 2000, 9000)])
def test_a_document_in_pieces_is_zipped_as_its_whole_text(cuts: tuple[int, ...]) -> None:
    when = datetime(2024, 9, 2)
    whole = DOCUMENT[1]
    bounds = [0, *cuts, len(whole)]
    pieces = tuple(whole[start:end] for start, end in itertools.pairwise(bounds))
    expected = _zipfile_bytes([DOCUMENT, STYLES], when)
    assert _stable_bytes([("word/document.xml", pieces), STYLES], when) == expected


def test_tables_are_spliced_where_their_stubs_were() -> None:
    stub = b'<w:tbl><w:tblPr><w:tblStyle w:val="docgenTable%d"/></w:tblPr></w:tbl>'
    body = b"<w:body>" + stub % 1 + b"<w:p/>" + stub % 10 + b"</w:body>"
    pending = {stub % 10: b"<w:tbl>10</w:tbl>", stub % 1: b"<w:tbl>1</w:tbl>"}
    pieces = word._spliced(body, pending)
    assert b"".join(pieces) == b"<w:body><w:tbl>1</w:tbl><w:p/><w:tbl>10</w:tbl></w:body>"
    assert word._spliced(body, {}) is body
    with pytest.raises(TemplateError, match="место таблицы потерялось"):
        word._spliced(b"<w:body/>", pending)


@pytest.mark.parametrize(
    "changed",
    [
        [("word/styles.xml", b"<w:styles/>" * 51)],  # its content
        [("word/Styles.xml", STYLES[1])],  # its name
    ],
)
def test_a_kept_member_is_not_taken_for_another(changed: list[tuple[str, bytes]]) -> None:
    when = datetime(2024, 9, 2)
    _stable_bytes([STYLES], when)
    assert _stable_bytes(changed, when) == _zipfile_bytes(changed, when)
    other_day = datetime(2024, 9, 3)
    assert _stable_bytes([STYLES], other_day) == _zipfile_bytes([STYLES], other_day)


# ------------------------------------------------------------------ docxtpl's steps after Jinja

_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)


def _docxtpl_way(text: str) -> str:
    """docxtpl's own steps after Jinja (its render's regular expressions over the whole text)."""
    text = re.sub(r"\n<w:p([ >])", r"<w:p\1", text)
    text = text.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    return _PARAGRAPH.sub(lambda m: DocxTemplate.resolve_listing(None, m.group(0)), text)


RUN = '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
RENDERED = {
    "plain": "<w:body>\n<w:p>" + RUN.format("Приказ") + "</w:p>\n<w:p w:rsid='1'></w:p></w:body>",
    "a break": "<w:body><w:p>" + RUN.format("план\nна 2024-2025") + "</w:p><w:p/></w:body>",
    "a tab, a page": "<w:p>" + RUN.format("а\tб") + "</w:p><w:p>" + RUN.format("в\fг") + "</w:p>",
    "escaped tags": "<w:p>" + RUN.format("{_{ x }_} {_% y %_}") + "</w:p>",
    "text box": "<w:p><w:r><w:txbxContent><w:p>"
    + RUN.format("а\nб")
    + "</w:p></w:txbxContent></w:r>"
    + RUN.format("в\nг")
    + "</w:p>",
    "start over an end": '<w:p a="1</w:p>' + RUN.format("а\nб") + "</w:p>",
    "properties carried": '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r w:rsidR="1">'
    '<w:rPr><w:b/></w:rPr><w:t xml:space="preserve">а\aб\tв\fг\nд</w:t></w:r>'
    "<w:r><w:t>е\tж</w:t><w:t>з\aи</w:t></w:r></w:p>",
    "after the last end": "<w:p></w:p><w:p>" + RUN.format("а\nб"),
}


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_the_text_after_jinja_is_docxtpl_s(name: str) -> None:
    assert word._finished_text(RENDERED[name]) == _docxtpl_way(RENDERED[name])


_PIECES = st.sampled_from(
    [
        "<w:p>",
        '<w:p w:rsidR="1">',
        "</w:p>",
        "<w:pPr><w:jc/></w:pPr>",
        "<w:r>",
        '<w:r w:rsidR="2">',
        "</w:r>",
        "<w:rPr><w:i/></w:rPr>",
        "<w:t>",
        '<w:t xml:space="preserve">',
        "</w:t>",
        "а",
        "\n",
        "\t",
        "\a",
        "\f",
        "<w:tab/>",
    ]
)


@given(st.lists(_PIECES, max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_text_after_jinja_is_docxtpl_s(pieces: list[str]) -> None:
    """docgen's listing, written without docxtpl, gives docxtpl's text for any mix of
    paragraphs, runs, texts and the four characters it works on, well formed or not."""
    text = "".join(pieces)
    assert word._finished_text(text) == _docxtpl_way(text)


TABLE = f"<w:body {NS}><w:tbl><w:tblGrid>{{grid}}</w:tblGrid>{{rows}}</w:tbl><w:sectPr/></w:body>"
GRID = '<w:gridCol w:w="3000"/>'
CELL = "<w:tc><w:p/></w:tc>"
SPANNED = '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p/></w:tc>'


@pytest.mark.parametrize(
    ("grid", "rows", "fixed"),
    [
        (GRID * 2, f"<w:tr>{CELL * 2}</w:tr>", False),
        (GRID * 2, f"<w:tr>{SPANNED}</w:tr><w:tr>{CELL * 2}</w:tr>", False),
        (GRID * 2, f"<w:tr>{CELL * 3}</w:tr>", True),  # a loop over cells made one more
        (GRID * 3, f"<w:tr>{CELL * 2}</w:tr>", True),  # … or one fewer
        (GRID * 3, f"<w:tr>{SPANNED}{CELL}</w:tr>", False),
    ],
)
def test_a_body_s_tables_are_fixed_as_docxtpl_fixes_them(grid: str, rows: str, fixed: bool) -> None:
    text = TABLE.format(grid=grid, rows=rows)
    ours = word._fixed_tables(text)
    theirs = DocxTemplate.fix_tables(None, text)
    assert etree.tostring(ours) == etree.tostring(theirs)
    assert (etree.tostring(ours) != etree.tostring(etree.fromstring(text))) is fixed


# ------------------------------------------------------------------ sections and typography


def _body(xml: str):
    return etree.fromstring(f"<w:body {NS}>{xml}</w:body>")


def _section(width: int) -> str:
    return (
        f'<w:sectPr><w:pgSz w:w="{width}" w:h="11906"/><w:pgMar w:top="1134" w:right="850" '
        'w:bottom="1134" w:left="1701"/></w:sectPr>'
    )


def _by_xpath(paragraph) -> tuple[int, int]:
    """The section a paragraph is in, found as docgen found it (two XPath calls)."""
    found = paragraph.xpath("self::w:p/w:pPr/w:sectPr", namespaces=word._NSMAP) or paragraph.xpath(
        "following-sibling::w:p[w:pPr/w:sectPr][1]/w:pPr/w:sectPr", namespaces=word._NSMAP
    )
    sect_pr = found[0] if found else paragraph.getparent().find(f"{W}sectPr")
    size, margins = sect_pr.find(f"{W}pgSz"), sect_pr.find(f"{W}pgMar")
    width = int(size.get(f"{W}w")) - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))
    height = int(size.get(f"{W}h")) - int(margins.get(f"{W}top")) - int(margins.get(f"{W}bottom"))
    return width, height


def test_each_paragraph_is_in_the_section_the_xpath_finds() -> None:
    body = _body(
        "<w:p/><w:p><w:pPr>" + _section(11906) + "</w:pPr></w:p><w:p/><w:tbl/>"
        "<w:p><w:pPr>" + _section(16838) + _section(9000) + "</w:pPr></w:p><w:p/>" + _section(12000)
    )
    paragraphs = list(body.iterchildren(f"{W}p"))
    boxes = [word._text_box(paragraph) for paragraph in paragraphs]
    assert boxes == [_by_xpath(paragraph) for paragraph in paragraphs]
    assert [width for width, _ in boxes] == [9355, 9355, 14287, 14287, 9449]


TREES = {
    "paragraphs": '<w:p><w:r><w:t>Приказ "О плане"</w:t></w:r><w:r><w:t xml:space="preserve"> '
    "от 2 сентября</w:t></w:r></w:p>"
    '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>План работы школы на 2024-2025 '
    "учебный год по самоопределению обучающихся</w:t></w:r></w:p>",
    "breaks and tabs": "<w:p><w:pPr><w:tabs><w:tab w:val='left' w:pos='1'/></w:tabs></w:pPr>"
    '<w:r><w:t>обучающихся</w:t><w:br/><w:t>"Школа" - это</w:t><w:tab/><w:t>в срок</w:t>'
    "</w:r></w:p>",
    "in a table": '<w:tbl><w:tr><w:tc><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>'
    "Руководители общеобразовательных организаций района и их заместители по воспитанию"
    "</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    "a text box": "<w:p><w:r><w:t>до 1 мая</w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r>"
    "<w:t>в рамке - с 1 мая</w:t></w:r></w:p></w:txbxContent></w:pict></w:r></w:p>",
}


@pytest.mark.parametrize("name", sorted(TREES))
def test_typography_in_one_walk_is_typography_a_paragraph_at_a_time(name: str) -> None:
    one_walk, each = _body(TREES[name]), _body(TREES[name])
    word._typeset_tree(one_walk)
    word._typeset_paragraphs(each)
    assert etree.tostring(one_walk) == etree.tostring(each)
    assert etree.tostring(one_walk) != etree.tostring(_body(TREES[name]))  # it typeset
