"""An existing plan document (DOCX) as data: its table becomes the plan's body.

Why: a municipality has its roadmap as a Word file, and retyping a hundred rows is where the
mistakes come from. The table is read from the document's XML, not from its text, because
the meaning is in the merges: a row spanning the table is a section, cells merged downwards
are one activity with several indicators or one direction with several activities.

Rules:

* The plan's table is the first one whose header row has «№» and a name column; a table
  continued after it (only empty paragraphs between, as many columns) is the same table, and
  a repeated header row, or a row numbering the columns (1 | 2 | 3 …), is skipped.
* Headings map to columns by their words: № → number; наименование, мероприят, перечень →
  title; направлен → direction when the table also has a title column, else title (seed 002
  calls its activity column «Направления работы»); показател → indicators; срок → deadline;
  ответствен, исполнител → responsible; результат → result; any other → the plan's own
  column (``cells``).
* A row of one cell across the table, or a number and one cell across the rest, or a bold
  name with nothing else, is a section; its number is split off its text ("2. Показатели…").
* A row whose name cell continues the one above (vertically merged) adds an indicator to the
  activity above (or its other cells to the activity's); a row whose direction cell continues
  the one above is another activity of the direction.
* The hierarchy comes from the numbers (2.1 is in section 2.); the numbers are kept as given
  unless they are exactly what auto numbering prints.
* The first bold centered paragraphs before the table (after an appendix mark or an approval
  stamp) are the title, lines joined with a line break; the paragraphs after them are the
  intro. A table of indicators after the plan's (with units and years) becomes the indicators.
* The organization is taken from the header of an order (the lines above «ПРИКАЗ»), else it
  is a placeholder to fill in.

Cell paragraphs are joined with line breaks; words are kept exactly as in the source.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from docgen.errors import DataError, Location
from docgen.loading import Locator, validate
from docgen.loading._plan_xlsx import Tree, count_items, number_parts, settle_numbers
from docgen.loading._read import read_bytes
from docgen.model import PlanData

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ORGANIZATION_PLACEHOLDER = "Организация (укажите название)"  # inflectable: templates decline it
TITLE_PLACEHOLDER = "укажите название плана"
ACTIVITY_PLACEHOLDER = "укажите наименование мероприятия"
_TWIPS_PER_CM = 567
_SECTION_NUMBER = re.compile(r"((?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]+)\.?)\s+(\S.*)", re.DOTALL)
_MARK = re.compile(r"(приложение|утвержден[аоы]?|утверждаю|согласован[аоы]?)\b", re.IGNORECASE)
_ORDER_WORDS = ("ПРИКАЗ", "РАСПОРЯЖЕНИЕ", "ПОСТАНОВЛЕНИЕ")
_YEAR_HEADING = re.compile(r"(19|20|21)\d{2}(\s*(год|г\.?))?", re.IGNORECASE)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def import_docx(path: Path) -> PlanData:
    """The plan in the DOCX at ``path``, checked by the schema like any data file."""
    file = str(path)
    if path.suffix.lower() == ".doc":
        raise DataError(
            "формат .doc (Word 97–2003) не читается: сохраните документ как .docx",
            Location(file=file),
        )
    raw = plan_from_docx(read_bytes(path), file)
    return validate(raw, Locator(file), PlanData)


def summary(data: PlanData) -> str:
    """ "разделов: 10, мероприятий: 22, строк показателей: 26" — what the import found."""
    sections, directions, activities, rows = count_items(data.plan.body)
    parts = [f"разделов: {sections}"]
    if directions:
        parts.append(f"направлений: {directions}")
    parts += [f"мероприятий: {activities}", f"строк показателей: {rows}"]
    return ", ".join(parts)


# ---------------------------------------------------------------------------- the document's XML


@dataclass(frozen=True)
class _Paragraph:
    text: str
    bold: bool
    centered: bool

    @property
    def heading(self) -> bool:
        return bool(self.text) and self.bold and self.centered


@dataclass(frozen=True)
class _Cell:
    """A cell at its place in the grid; ``merged`` continues the cell above (vMerge)."""

    start: int
    span: int
    text: str
    merged: bool
    bold: bool


@dataclass
class _Styles:
    """What paragraph and character styles say about bold and centering, with inheritance."""

    bold: dict[str, bool] = field(default_factory=dict)
    center: dict[str, bool] = field(default_factory=dict)
    based: dict[str, str] = field(default_factory=dict)
    default: str | None = None

    def lookup(self, table: dict[str, bool], style: str | None) -> bool:
        seen: set[str] = set()
        while style is not None and style not in seen:
            if style in table:
                return table[style]
            seen.add(style)
            style = self.based.get(style)
        return False


def _int(element: Any, default: int, attribute: str = "val") -> int:
    """An integer attribute (w:val, w:w) of an element; a missing or damaged one: the default."""
    if element is None:
        return default
    value = element.get(f"{W}{attribute}")
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default


def _on(element: Any) -> bool | None:
    """A toggle property (<w:b/>, <w:b w:val="0"/>): None when absent."""
    if element is None:
        return None
    return element.get(f"{W}val") not in ("0", "false", "off")


def _styles(archive: zipfile.ZipFile) -> _Styles:
    styles = _Styles()
    if "word/styles.xml" not in archive.namelist():
        return styles
    root = etree.fromstring(archive.read("word/styles.xml"), _PARSER)
    for style in root.iter(f"{W}style"):
        ident = style.get(f"{W}styleId")
        if ident is None:
            continue
        is_default = style.get(f"{W}default") in ("1", "true", "on")
        if style.get(f"{W}type") == "paragraph" and is_default:
            styles.default = ident
        based = style.find(f"{W}basedOn")
        if based is not None and based.get(f"{W}val"):
            styles.based[ident] = based.get(f"{W}val")
        bold = _on(style.find(f"{W}rPr/{W}b"))
        if bold is not None:
            styles.bold[ident] = bold
        jc = style.find(f"{W}pPr/{W}jc")
        if jc is not None:
            styles.center[ident] = jc.get(f"{W}val") == "center"
    return styles


class _Reader:
    """Texts, bold and centering of paragraphs and cells, as a reader of the document sees them."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles

    def paragraph(self, p: Any) -> _Paragraph:
        style_element = p.find(f"{W}pPr/{W}pStyle")
        style = style_element.get(f"{W}val") if style_element is not None else self.styles.default
        jc = p.find(f"{W}pPr/{W}jc")
        centered = (
            (jc.get(f"{W}val") == "center")
            if jc is not None
            else self.styles.lookup(self.styles.center, style)
        )
        text, bold = self.runs(p, self.styles.lookup(self.styles.bold, style))
        return _Paragraph(text, bold, centered)

    def runs(self, p: Any, style_bold: bool) -> tuple[str, bool]:
        """The paragraph's text (line breaks as "\\n") and whether all its letters are bold."""
        parts: list[str] = []
        bold = True
        for run in p.iter(f"{W}r"):
            if any(a.tag == f"{W}txbxContent" for a in run.iterancestors()):
                continue
            text = ""
            for node in run:
                if node.tag == f"{W}t":
                    # a no-break space is typography, which docgen sets again when it renders
                    text += (node.text or "").replace("\u00a0", " ")
                elif node.tag in (f"{W}br", f"{W}cr") and node.get(f"{W}type") in (
                    None,
                    "textWrapping",
                ):
                    text += "\n"
                elif node.tag == f"{W}tab":
                    text += " "
                elif node.tag == f"{W}noBreakHyphen":
                    text += "-"
            if text.strip():
                run_bold = _on(run.find(f"{W}rPr/{W}b"))
                if run_bold is None:
                    rstyle = run.find(f"{W}rPr/{W}rStyle")
                    run_bold = style_bold or (
                        rstyle is not None
                        and self.styles.lookup(self.styles.bold, rstyle.get(f"{W}val"))
                    )
                bold = bold and run_bold
            parts.append(text)
        text = "\n".join(line.strip() for line in "".join(parts).split("\n")).strip()
        return text, bold and bool(text)

    def cell(self, tc: Any) -> tuple[str, bool]:
        """The cell's paragraphs (a table inside the cell is not its own text)."""
        lines: list[str] = []
        bold = True
        for p in _blocks(tc):
            if p.tag != f"{W}p":
                continue
            paragraph = self.paragraph(p)
            if paragraph.text:
                lines.append(paragraph.text)
                bold = bold and paragraph.bold
        return "\n".join(lines), bold and bool(lines)


def _blocks(body: Any) -> Iterator[Any]:
    """Paragraphs and tables of the body in order; content controls are looked into."""
    for child in body:
        if child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif child.tag in (f"{W}p", f"{W}tbl"):
            yield child


def _grid(tbl: Any, reader: _Reader) -> tuple[list[list[_Cell]], list[int], list[bool]]:
    """Rows of cells at their grid columns, the grid's widths, and which rows are headers."""
    widths = [_int(col, 0, "w") for col in tbl.findall(f"{W}tblGrid/{W}gridCol")]
    rows: list[list[_Cell]] = []
    headers: list[bool] = []
    for tr in tbl.iterchildren(f"{W}tr"):
        start = _int(tr.find(f"{W}trPr/{W}gridBefore"), 0)
        cells: list[_Cell] = []
        for tc in tr.iterchildren(f"{W}tc"):
            span = max(1, _int(tc.find(f"{W}tcPr/{W}gridSpan"), 1))
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            merged = merge is not None and merge.get(f"{W}val") in (None, "continue")
            text, bold = ("", False) if merged else reader.cell(tc)
            cells.append(_Cell(start, span, text, merged, bold))
            start += span
        rows.append(cells)
        headers.append(tr.find(f"{W}trPr/{W}tblHeader") is not None)
    return rows, widths, headers


# ------------------------------------------------------------------------------ the plan's table

_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("deadline", ("срок",)),
    ("responsible", ("ответствен", "исполнител")),
    ("indicators", ("показател",)),
    ("result", ("результат",)),
    ("title", ("наименован", "мероприят", "перечень", "содержание")),
    ("direction", ("направлен",)),
)


def _is_number_heading(text: str) -> bool:
    plain = text.lower().replace(" ", "")
    return plain.startswith("№") or plain in ("n", "nп/п", "п/п", "номер", "no")


def _heading_key(text: str) -> str | None:
    if _is_number_heading(text):
        return "number"
    lower = text.lower()
    return next((key for key, words in _KEYWORDS if any(w in lower for w in words)), None)


def _is_indicator_header(texts: list[str]) -> bool:
    """The table of indicators: units, a baseline or a column per year."""
    lower = " ".join(texts).lower()
    years = sum(bool(_YEAR_HEADING.fullmatch(t.strip())) for t in texts)
    return "показател" in lower and ("единиц" in lower or "базов" in lower or years > 0)


@dataclass
class _Column:
    key: str
    heading: str
    start: int
    span: int
    width: int


@dataclass
class _Table:
    """A plan's table: its columns and the rows under the header."""

    columns: list[_Column]
    header: list[str]
    rows: list[list[_Cell]]
    grid: int  # columns of the grid: a table continued on the next page has as many

    def column_of(self, cell: _Cell) -> _Column | None:
        return next((c for c in self.columns if c.start <= cell.start < c.start + c.span), None)

    def covered(self, cell: _Cell) -> int:
        """How many of the table's columns a cell spans."""
        return sum(1 for c in self.columns if cell.start <= c.start < cell.start + cell.span)


def _header_index(rows: list[list[_Cell]]) -> int | None:
    for index, row in enumerate(rows[:6]):
        texts = [c.text for c in row if not c.merged]
        if any(_is_number_heading(t) for t in texts) and any(
            _heading_key(t) in ("title", "direction") for t in texts
        ):
            return index
    return None


def _plan_table(tbl: Any, reader: _Reader) -> _Table | None:
    rows, widths, headers = _grid(tbl, reader)
    index = _header_index(rows)
    if index is None:
        return None
    header = rows[index]
    texts = [c.text for c in header]
    if _is_indicator_header(texts):
        return None
    columns: list[_Column] = []
    for cell in header:
        width = sum(widths[cell.start : cell.start + cell.span])
        columns.append(
            _Column(_heading_key(cell.text) or "", cell.text, cell.start, cell.span, width)
        )
    _resolve_keys(columns)
    body = [
        row
        for row, is_header in zip(rows[index + 1 :], headers[index + 1 :], strict=True)
        if not is_header
    ]
    return _Table(columns, texts, body, len(widths))


def _resolve_keys(columns: list[_Column]) -> None:
    """Direction only beside a title column; repeated or unknown headings are own columns."""
    keys = [c.key for c in columns]
    if "direction" in keys and "title" not in keys:
        columns[keys.index("direction")].key = "title"
    taken: set[str] = set()
    for column in columns:
        if not column.key or column.key in taken:
            column.key = _slug(column.heading, taken)
        taken.add(column.key)


def _slug(heading: str, taken: set[str]) -> str:
    """A key for the plan's own column from its heading: «Форма отчёта» → форма_отчёта."""
    base = "_".join(re.findall(r"\w+", heading.lower()))[:40].strip("_") or "column"
    key, number = base, 2
    while key in taken or key in {
        "number",
        "title",
        "direction",
        "indicators",
        "deadline",
        "responsible",
        "result",
    }:
        key, number = f"{base}_{number}", number + 1
    return key


def _skippable(row: list[_Cell], table: _Table) -> bool:
    """A repeated header, a row that numbers the columns (1 | 2 | 3 …), or an empty row."""
    texts = [c.text for c in row]
    if not any(texts):
        return True
    if texts == table.header:
        return True
    return all(t == str(n) for n, t in enumerate(texts, start=1)) and len(texts) > 2


@dataclass
class _Builder:
    """Rows of the table → the plan's raw body, section rows and merges understood."""

    table: _Table
    tree: Tree = field(default_factory=lambda: Tree(("plan", "body")))
    activity: dict[str, Any] | None = None
    apart: int = 0
    spanning: int = 0

    @property
    def keys(self) -> set[str]:
        return {c.key for c in self.table.columns}

    def add(self, row: list[_Cell]) -> None:
        cells: dict[str, _Cell] = {}
        for cell in row:
            column = self.table.column_of(cell)
            if column is not None and column.key not in cells:
                cells[column.key] = cell
        section = self.section(row, cells)
        if section is not None:
            number, text = section
            item: dict[str, Any] = {"section": text}
            if number:
                item["number"] = number
            self.tree.add("section", item, _depth(number, section=True))
            self.activity = None
            return
        self.content(cells)

    def section(self, row: list[_Cell], cells: dict[str, _Cell]) -> tuple[str | None, str] | None:
        """(number, name) of a section row, or None for a row of an activity."""
        total = len(self.table.columns)
        filled = [c for c in row if c.text]
        if total < 2 or not filled:
            return None
        number_cell = cells.get("number")
        if len(row) == 1 and self.table.covered(row[0]) == total:
            self.spanning += 1
            return _split_number(row[0].text)
        if (
            len(row) == 2
            and number_cell is row[0]
            and self.table.covered(row[0]) == 1
            and self.table.covered(row[1]) == total - 1
            and not row[1].merged
        ):
            if not number_cell.text:
                return _split_number(row[1].text)
            self.apart += 1
            return number_cell.text, row[1].text
        title = cells.get("title")
        others = [c for key, c in cells.items() if key not in ("number", "title")]
        if (
            title is not None
            and title.bold
            and title.text
            and total > 2
            and all(not c.text and not c.merged for c in others)
            and not (number_cell is not None and number_cell.merged)
        ):
            if number_cell is not None and number_cell.text:
                self.apart += 1
                return number_cell.text, title.text
            return _split_number(title.text)
        return None

    def content(self, cells: dict[str, _Cell]) -> None:
        def text(key: str) -> str:
            cell = cells.get(key)
            return cell.text if cell is not None and not cell.merged else ""

        def merged(key: str) -> bool:
            cell = cells.get(key)
            return cell is not None and cell.merged

        number = text("number")
        depth = _depth(number)
        if "direction" in self.keys and text("direction"):
            item: dict[str, Any] = {"direction": text("direction"), "activities": []}
            if number:
                item["number"] = number
            self.tree.add("direction", item, depth)
            number, depth = "", None  # the number was the direction's
            self.activity = None
            if not any(text(key) for key in cells if key not in ("number", "direction")):
                return  # a row of the direction alone: its activities follow
        elif self.tree.open_direction() is not None and (merged("direction") or not number):
            depth = None  # the direction's cell spans this row: one more of its activities
        if self.activity is not None and (merged("title") or (not text("title") and not number)):
            self.more(cells, text)
            return
        activity: dict[str, Any] = {"title": text("title") or ACTIVITY_PLACEHOLDER}
        if number:
            activity["number"] = number
        for key in ("deadline", "responsible", "result"):
            if text(key):
                activity[key] = text(key)
        if text("indicators"):
            activity["indicators"] = [text("indicators")]
        for column in self.table.columns:
            if column.key not in _KNOWN and text(column.key):
                activity.setdefault("cells", {})[column.key] = text(column.key)
        self.tree.add("activity", activity, depth)
        self.activity = activity

    def more(self, cells: dict[str, _Cell], text: Any) -> None:
        """A continuation row: another indicator, or more text of the activity's cells."""
        assert self.activity is not None
        if text("indicators"):
            self.activity.setdefault("indicators", []).append(text("indicators"))
        for key in ("deadline", "responsible", "result"):
            if text(key):
                before = self.activity.get(key)
                self.activity[key] = f"{before}\n{text(key)}" if before else text(key)
        for column in self.table.columns:
            if column.key not in _KNOWN and text(column.key):
                values = self.activity.setdefault("cells", {})
                before = values.get(column.key)
                values[column.key] = (
                    f"{before}\n{text(column.key)}" if before else (text(column.key))
                )


_KNOWN = {"number", "title", "direction", "indicators", "deadline", "responsible", "result"}


def _split_number(text: str) -> tuple[str | None, str]:
    """("2.", "Показатели…") from "2. Показатели…"; (None, text) when it has no number."""
    match = _SECTION_NUMBER.fullmatch(text)
    if match is None:
        return None, text
    return match.group(1), match.group(2).strip()


def _depth(number: str | None, *, section: bool = False) -> int | None:
    if not number:
        return None
    parts = number_parts(number)
    if parts is not None:
        return len(parts)
    return 1 if section else None  # a roman or lettered section is at the top


# ------------------------------------------------------------------------------ around the table


def _is_mark(paragraph: _Paragraph) -> bool:
    return (
        bool(paragraph.text) and _MARK.match(paragraph.text) is not None and (not paragraph.heading)
    )


def _title_and_intro(paragraphs: list[_Paragraph]) -> tuple[str, list[Any]]:
    """The first bold centered lines after the last appendix mark, and the text after them."""
    start, index = 0, 0
    while index < len(paragraphs):
        if _is_mark(paragraphs[index]):
            index += 1
            while (
                index < len(paragraphs)
                and paragraphs[index].text
                and not (paragraphs[index].heading)
            ):
                index += 1
            start = index
        else:
            index += 1
    first = next((i for i in range(start, len(paragraphs)) if paragraphs[i].heading), None)
    if first is None:
        return TITLE_PLACEHOLDER, [_block(p) for p in paragraphs[start:] if p.text]
    end = first
    while end < len(paragraphs) and paragraphs[end].heading:  # an empty paragraph ends it
        end += 1
    title = "\n".join(p.text for p in paragraphs[first:end])
    return title, [_block(p) for p in paragraphs[end:] if p.text]


def _block(paragraph: _Paragraph) -> Any:
    return {"heading": paragraph.text} if paragraph.heading else paragraph.text


def _organization(paragraphs: list[_Paragraph]) -> dict[str, Any]:
    """The author from an order's header (the lines above «ПРИКАЗ»), else a placeholder.

    Lines in capitals are the superior body and the organization (the last of them); lines
    after them starting with a small letter are its subordination («администрации … округа»).
    The header keeps the lines exactly.
    """
    lines: list[str] = []
    for paragraph in paragraphs[:12]:
        if not paragraph.text:
            continue
        if paragraph.text.replace(" ", "").upper() in _ORDER_WORDS:
            break
        lines.extend(paragraph.text.split("\n"))
    else:
        return {"name": ORGANIZATION_PLACEHOLDER}
    if not lines:
        return {"name": ORGANIZATION_PLACEHOLDER}
    tail = len(lines)
    while tail > 1 and lines[tail - 1][:1].islower():
        tail -= 1
    organization: dict[str, Any] = {"name": lines[tail - 1], "header": lines}
    if tail > 1:
        organization["superior"] = " ".join(lines[: tail - 1])
    if tail < len(lines):
        organization["parent"] = " ".join(lines[tail:])
    return organization


def _landscape(blocks: list[Any], index: int, body: Any) -> bool:
    """Whether the page of the table at ``blocks[index]`` is landscape."""
    sect = None
    for block in blocks[index:]:
        if block.tag == f"{W}p":
            sect = block.find(f"{W}pPr/{W}sectPr")
            if sect is not None:
                break
    if sect is None:
        sect = body.find(f"{W}sectPr")
    size = sect.find(f"{W}pgSz") if sect is not None else None
    if size is None:
        return True
    if size.get(f"{W}orient") == "landscape":
        return True
    return _int(size, 0, "w") > _int(size, 0, "h")


def _number_value(text: str) -> Any:
    """12 and 33,5 as numbers (the indicators table prints them so), anything else as text."""
    plain = text.replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"-?\d+(?:[.,]\d+)?", plain):
        number = float(plain.replace(",", "."))
        return int(number) if number.is_integer() else number
    return text


def _indicators(tbl: Any, reader: _Reader) -> list[dict[str, Any]]:
    """№ | Наименование показателя | Единица | Базовое значение | 2024 год … as indicators."""
    rows, _, _ = _grid(tbl, reader)
    if not rows:
        return []
    header = [c.text for c in rows[0]]
    keys: list[str | int | None] = []
    for text in header:
        lower = text.lower()
        year = re.match(r"\d{4}", text.strip())
        if _is_number_heading(text):
            keys.append("number")
        elif "единиц" in lower:
            keys.append("unit")
        elif "базов" in lower:
            keys.append("baseline")
        elif year and _YEAR_HEADING.fullmatch(text.strip()):
            keys.append(int(year.group(0)))
        elif "показател" in lower or "наименован" in lower:
            keys.append("name")
        else:
            keys.append(None)
    top: list[dict[str, Any]] = []
    chain: list[dict[str, Any]] = []
    for row in rows[1:]:
        values = {key: cell.text for key, cell in zip(keys, row, strict=False) if key is not None}
        if not values.get("name"):
            continue
        indicator: dict[str, Any] = {"name": values["name"]}
        if values.get("unit"):
            indicator["unit"] = values["unit"]
        if values.get("baseline"):
            indicator["baseline"] = _number_value(str(values["baseline"]))
        targets = {
            key: _number_value(str(v)) for key, v in values.items() if isinstance(key, int) and v
        }
        if targets:
            indicator["targets"] = targets
        parts = number_parts(str(values.get("number", "")))
        depth = min(len(parts), len(chain) + 1) if parts else 1
        siblings = top if depth == 1 else chain[depth - 2].setdefault("parts", [])
        siblings.append(indicator)
        chain = [*chain[: depth - 1], indicator]
    return top


def plan_from_docx(data: bytes, file: str) -> dict[str, Any]:
    """The raw data (``organization``, ``plan``) of the plan in a DOCX file's bytes."""
    where = Location(file=file)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        document = archive.read("word/document.xml")
        styles = _styles(archive)
        root = etree.fromstring(document, _PARSER)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
        raise DataError(
            f"не удалось открыть документ: это не файл Word .docx или он повреждён ({exc})",
            where,
        ) from None
    body = root.find(f"{W}body")
    if body is None:
        raise DataError("в документе нет текста", where)
    reader = _Reader(styles)
    blocks = list(_blocks(body))
    found = _find_table(blocks, reader)
    if found is None:
        raise DataError(
            "в документе нет таблицы плана: нужна таблица со строкой заголовков, где есть «№» "
            "и столбец мероприятий («Наименование мероприятия», «Мероприятия», «Перечень "
            "мероприятий»)",
            where,
        )
    first, last, table = found
    previous = max((i for i in range(first) if blocks[i].tag == f"{W}tbl"), default=-1)
    before = [reader.paragraph(b) for b in blocks[previous + 1 : first] if b.tag == f"{W}p"]
    title, intro = _title_and_intro(before)
    plan: dict[str, Any] = {"title": title}
    if intro:
        plan["intro"] = intro
    columns = [
        {
            "key": c.key,
            "heading": c.heading or c.key,
            "width": round(c.width / _TWIPS_PER_CM, 2) if c.width else 0.0,
        }
        for c in table.columns
    ]
    plan["columns"] = columns
    builder = _Builder(table)
    for row in table.rows:
        if not _skippable(row, table):
            builder.add(row)
    if builder.apart > builder.spanning:
        plan["section_row"] = "number_apart"
    plan["body"] = builder.tree.body
    settle_numbers(plan, builder.tree.body, direction_column="direction" in builder.keys)
    if not _landscape(blocks, last, body):
        plan["landscape"] = False
    after = _after(blocks, last, reader, plan)
    if after:
        plan["outro"] = after
    organization = _organization([reader.paragraph(b) for b in blocks[:first] if b.tag == f"{W}p"])
    return {"organization": organization, "plan": plan}


def _find_table(blocks: list[Any], reader: _Reader) -> tuple[int, int, _Table] | None:
    """The first plan table and where it ends, its continuations after page breaks joined."""
    for index, block in enumerate(blocks):
        if block.tag != f"{W}tbl":
            continue
        table = _plan_table(block, reader)
        if table is None:
            continue
        last = index
        following = index + 1
        while following < len(blocks):
            block = blocks[following]
            if block.tag == f"{W}p" and not reader.paragraph(block).text:
                following += 1
                continue
            if block.tag != f"{W}tbl":
                break
            rows, widths, _ = _grid(block, reader)
            if not rows or len(widths) != table.grid:
                break
            more = _plan_table(block, reader)  # its header row, if repeated, is dropped
            table.rows.extend(more.rows if more is not None else rows)
            last = following
            following += 1
        return index, last, table
    return None


def _after(blocks: list[Any], last: int, reader: _Reader, plan: dict[str, Any]) -> list[Any]:
    """The indicators table after the plan's, and the text after the tables (the outro)."""
    paragraphs: list[_Paragraph] = []
    index = last + 1
    while index < len(blocks):
        block = blocks[index]
        if block.tag == f"{W}tbl":
            rows, _, _ = _grid(block, reader)
            if (
                "indicators" not in plan
                and rows
                and _is_indicator_header([c.text for c in rows[0]])
            ):
                indicators = _indicators(block, reader)
                if indicators:
                    plan["indicators"] = indicators
                    texts = [p.text for p in paragraphs if p.text]
                    if texts:
                        plan["indicators_title"] = "\n".join(texts)
                    paragraphs = []
                    index += 1
                    continue
            break
        paragraph = reader.paragraph(block)
        if _is_mark(paragraph):
            break
        paragraphs.append(paragraph)
        index += 1
    return [_block(p) for p in paragraphs if p.text]
