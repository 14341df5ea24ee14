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
from docgen.loading import Locator, load, validate
from docgen.loading._plan_xlsx import Tree, count_items, number_parts, settle_numbers
from docgen.loading._read import read_bytes
from docgen.model import PlanData, all_indicators

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


def read_plan(path: Path) -> PlanData:
    """The plan of any file docgen takes: a DOCX imported, a data file (YAML, JSON, a plan
    workbook) loaded, an order's appendix that holds a plan (the first such) taken out of it."""
    if path.suffix.lower() in (".docx", ".doc"):
        return import_docx(path)
    data = load(path)
    if isinstance(data, PlanData):
        return data
    for appendix in data.document.appendices:
        if appendix.plan is not None:
            return PlanData(
                organization=data.organization,
                people=data.people,
                plan=appendix.plan,
                school=appendix.school,
                typography=data.typography,
            )
    raise DataError(
        "в приказе нет плана: план — приложение с ключом plan (или файл плана)",
        Location(file=str(path), key_path="document.appendices"),
    )


def summary(data: PlanData) -> str:
    """ "разделов: 10, мероприятий: 22, строк показателей: 26" — what the import found."""
    sections, directions, activities, rows = count_items(data.plan.body)
    parts = [f"разделов: {sections}"]
    if directions:
        parts.append(f"направлений: {directions}")
    parts += [f"мероприятий: {activities}", f"строк показателей: {rows}"]
    indicators = list(all_indicators(data.plan.indicators))
    if indicators:
        parts.append(f"показателей в таблице показателей: {len(indicators)}")
    if data.approval is not None:
        parts.append("гриф утверждения")
        if data.approval.agreed:
            parts.append(f"грифов согласования: {len(data.approval.agreed)}")
    if data.plan.footnotes:
        parts.append(f"сносок: {len(data.plan.footnotes)}")
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
    element: Any = field(default=None, compare=False, repr=False)


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
    """Texts, bold and centering of paragraphs and cells, as a reader of the document sees them.

    A footnote mark becomes ``[^n]`` (n: the footnote's place in the document, 1, 2, …) and its
    text one of ``footnotes``: the plan renders it as a footnote again.
    """

    def __init__(self, styles: _Styles, notes: dict[str, str] | None = None) -> None:
        self.styles = styles
        self.notes = notes or {}
        self.footnotes: dict[str, str] = {}
        self._keys: dict[str, str] = {}

    def footnote(self, ident: str | None) -> str:
        """``[^n]`` for the footnote ``ident`` of footnotes.xml, numbered by first use."""
        if ident is None or ident not in self.notes:
            return ""
        if ident not in self._keys:
            key = str(len(self._keys) + 1)
            self._keys[ident] = key
            self.footnotes[key] = self.notes[ident]
        return f"[^{self._keys[ident]}]"

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
                elif node.tag == f"{W}footnoteReference":
                    text += self.footnote(node.get(f"{W}id"))
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


def _notes(archive: zipfile.ZipFile, styles: _Styles) -> dict[str, str]:
    """The texts of the document's footnotes by their ids (separators left out)."""
    if "word/footnotes.xml" not in archive.namelist():
        return {}
    root = etree.fromstring(archive.read("word/footnotes.xml"), _PARSER)
    reader = _Reader(styles)
    notes: dict[str, str] = {}
    for note in root.iter(f"{W}footnote"):
        ident = note.get(f"{W}id")
        if ident is None or note.get(f"{W}type") in ("separator", "continuationSeparator"):
            continue
        lines = [reader.paragraph(p).text for p in note.iter(f"{W}p")]
        text = "\n".join(line for line in lines if line)
        if text:
            notes[ident] = text
    return notes


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
            cells.append(_Cell(start, span, text, merged, bold, tc))
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
    shaped = any(word in lower for word in ("единиц", "ед. изм", "базов", "значени"))
    return "показател" in lower and (shaped or years > 0)


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
    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        return {c.key for c in self.table.columns}

    def put(self, kind: str, item: dict[str, Any], depth: int | None) -> None:
        self.rows.append((kind, item))
        self.tree.add(kind, item, depth)

    def body(self, plan: dict[str, Any]) -> list[dict[str, Any]]:
        """The body with its numbering decided: auto, restarting in every block, or given.

        Numbers like 2.1 nest by their parts. Numbers that repeat (1, 2 in every block) or
        Roman stages say the blocks restart: the rows are put back where the numbers continue
        a block, and when every number is what ``numbering: restart`` prints, that is the plan's
        numbering.
        """
        body = self._numbered(plan)
        styles: dict[int, dict[str, Any]] = {}

        def walk(items: list[dict[str, Any]], depth: int) -> None:
            for item in items:
                if "section" in item:
                    styles.setdefault(depth, item.pop("_style", {}))
                    walk(item.get("items") or [], depth + 1)

        walk(body, 1)
        found = _styles_by_depth(styles)
        if found:
            plan["section_styles"] = found
        return body

    def _numbered(self, plan: dict[str, Any]) -> list[dict[str, Any]]:
        body = self.tree.body
        direction_column = "direction" in self.keys
        settle_numbers(plan, body, direction_column=direction_column)
        if plan.get("numbering") != "given" or any(k == "direction" for k, _ in self.rows):
            return body
        labels = [str(item["number"]) for _, item in self.rows if item.get("number")]
        if len(set(labels)) == len(labels) and not any(_roman_value(x) for x in labels):
            return body
        restarted = _restarted(self.rows) or _restarted(self.rows, strict=False)
        if restarted is None:
            return body
        choice = _restart_choice(restarted)
        if choice is not None:
            plan["numbering"] = "restart"
            roman, section_dot, activity_dot = choice
            if roman:
                plan["section_numerals"] = "roman"
            if (section_dot, activity_dot) != (True, False):
                plan["section_dot"], plan["activity_dot"] = section_dot, activity_dot
            _drop_numbers(restarted)
        return restarted

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
            named = next((c for c in reversed(row) if c.text and not c.merged), row[0])
            item["_style"] = _row_style(named)  # taken off when the nesting is known
            self.put("section", item, _depth(number, section=True))
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
            self.put("direction", item, depth)
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
        self.put("activity", activity, depth)
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
_ROMAN = re.compile(r"(M{0,3})(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})\.?")
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}


def _roman_value(label: str) -> int | None:
    """4 for "IV." or "IV"; None for what is not a Roman number."""
    text = label.strip()
    if not text or _ROMAN.fullmatch(text) is None:
        return None
    letters = text.rstrip(".")
    if not letters:
        return None
    total = 0
    for index, letter in enumerate(letters):
        value = _ROMAN_VALUES[letter]
        following = _ROMAN_VALUES[letters[index + 1]] if index + 1 < len(letters) else 0
        total += -value if value < following else value
    return total


def _restarted(
    rows: list[tuple[str, dict[str, Any]]], *, strict: bool = True
) -> list[dict[str, Any]] | None:
    """The rows nested by numbers that restart in every block, or None when they do not.

    A row goes into the innermost open block whose next number it is; a Roman number is a
    stage at the top; a section numbered 1 that continues no block opens one inside the block
    above (a track in a stage). A section whose number would continue several blocks joins
    the one whose last row is a section (of its own style, when levels have styles of their
    own); an activity, the innermost. Rows without a number
    follow the row above. Not ``strict`` (numbers as a source gives them, «1а», «2.1»), a row
    whose number continues no block stays in the block of the row above.
    """
    root: list[dict[str, Any]] = []
    stack: list[list[dict[str, Any]]] = [root]
    for kind, original in rows:
        item = {k: v for k, v in original.items() if k != "items"}
        label = str(item.get("number") or "")
        roman = _roman_value(label) if kind == "section" else None
        parts = number_parts(label) if label else None
        if roman is not None:
            del stack[1:]
            level = 0
            if len(root) + 1 != roman and strict:
                return None
        elif parts is not None and len(parts) == 1:
            wanted = parts[0]
            fits = [i for i in range(len(stack) - 1, -1, -1) if len(stack[i]) + 1 == wanted]
            # a section whose number fits several blocks joins the one that ends in a section
            # (levels follow levels); an activity joins the innermost
            beside = [
                i for i in fits if kind == "section" and stack[i] and "section" in stack[i][-1]
            ]
            # and first of all the block whose sections are set as this one (a track beside
            # tracks, not inside a level, when tracks are bold and levels italic)
            alike = [
                i
                for i in beside
                if any(x.get("_style") == item.get("_style") for x in stack[i] if "section" in x)
            ]
            if len({str(x.get("_style")) for _, x in rows if "section" in x}) < 2:
                alike = []  # every block row is set alike: the style tells nothing
            level = (alike or beside or fits or [-1])[0]
            if level < 0 and not (kind == "section" and wanted == 1 and len(stack) > 1):
                if strict:
                    return None
                level = len(stack) - 1
            elif level < 0:
                level = len(stack) - 1  # a block inside the block above
                if stack[level] and "section" in stack[level][-1]:
                    inner: list[dict[str, Any]] = stack[level][-1].setdefault("items", [])
                    stack.append(inner)
                    level += 1
            del stack[level + 1 :]
        elif not label or not strict:
            level = len(stack) - 1
        else:
            return None
        stack[level].append(item)
        if kind == "section":
            item["items"] = []
            stack.append(item["items"])
    return root


def _restart_labels(
    body: list[dict[str, Any]], roman: bool, section_dot: bool, activity_dot: bool
) -> Iterator[tuple[dict[str, Any], str]]:
    """Every item with what ``numbering: restart`` prints for it (see plans.table)."""

    def walk(items: list[dict[str, Any]], top: bool) -> Iterator[tuple[dict[str, Any], str]]:
        for index, item in enumerate(items, start=1):
            section = "section" in item
            dot = section_dot if section else activity_dot
            own = _to_roman(index) if roman and top and section else str(index)
            yield item, own + ("." if dot else "")
            if section:
                yield from walk(item.get("items") or [], False)

    return walk(body, True)


def _to_roman(number: int) -> str:
    text = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, number = divmod(number, value)
        text += letters * count
    return text


def _restart_choice(body: list[dict[str, Any]]) -> tuple[bool, bool, bool] | None:
    """(Roman stages, dot after a section's number, after an activity's) that print every
    number of the body as it is, or None."""
    for roman in (False, True):
        for section_dot in (True, False):
            for activity_dot in (False, True):
                labels = _restart_labels(body, roman, section_dot, activity_dot)
                if all(str(item.get("number") or "") == text for item, text in labels):
                    return roman, section_dot, activity_dot
    return None


def _drop_numbers(items: list[dict[str, Any]]) -> None:
    for item in items:
        item.pop("number", None)
        _drop_numbers(item.get("items") or [])


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


@dataclass
class _Front:
    """What stands before the plan's table: the approval stamp, the title, the intro."""

    title: str
    intro: list[Any]
    stamp: list[str] = field(default_factory=list)
    agreed: list[list[str]] = field(default_factory=list)


def _lines_of(paragraphs: list[_Paragraph]) -> list[str]:
    return [line for p in paragraphs for line in p.text.split("\n") if line]


def _stamps_table(tbl: Any, reader: _Reader, front: _Front) -> None:
    """Stamps side by side in a table above the title (СОГЛАСОВАНО on the left, УТВЕРЖДАЮ on
    the right), as schools often set them: each cell that begins with one is that stamp."""
    rows, _, _ = _grid(tbl, reader)
    if len(rows) > 3:
        return
    agreed: list[list[str]] = []
    for row in rows:
        for cell in row:
            lines = [line for line in cell.text.split("\n") if line.strip()]
            if not lines:
                continue
            word = lines[0].lower()
            if word.startswith("утвержд") and not front.stamp:
                front.stamp = lines
            elif word.startswith("согласован"):
                agreed.append(_agreement(lines))
    front.agreed[:0] = agreed


def _agreement(lines: list[str]) -> list[str]:
    """The lines of a «СОГЛАСОВАНО» block without the word, which the plan prints itself."""
    first = re.sub(r"^согласован[аоы]?\s*:?\s*", "", lines[0], flags=re.IGNORECASE)
    return [first, *lines[1:]] if first else lines[1:]


def _front(paragraphs: list[_Paragraph]) -> _Front:
    """The stamp (a mark and the lines under it), then the first bold centered lines, the text.

    A stamp beginning «УТВЕРЖДЕН…», «УТВЕРЖДАЮ» is the plan's approval, kept line by line as
    written; a «СОГЛАСОВАНО» block is an agreement; an appendix mark («Приложение …») is the
    order's and is left out.
    """
    start, index = 0, 0
    stamp: list[str] = []
    agreed: list[list[str]] = []
    used: set[int] = set()  # the paragraphs of agreements below the title
    titled = False  # a title since the last mark: an agreement now is below the text
    while index < len(paragraphs):
        if _is_mark(paragraphs[index]):
            first = index
            index += 1
            while (
                index < len(paragraphs)
                and paragraphs[index].text
                and not (paragraphs[index].heading)
                and not _is_mark(paragraphs[index])
            ):
                index += 1
            lines = _lines_of(paragraphs[first:index])
            word = lines[0].lower()
            if word.startswith("согласован"):
                agreed.append(_agreement(lines))
                if titled:
                    used.update(range(first, index))
                    continue
            elif word.startswith("утвержд"):
                stamp = lines
            start, titled = index, False
        else:
            titled = titled or paragraphs[index].heading
            index += 1
    first_heading = next((i for i in range(start, len(paragraphs)) if paragraphs[i].heading), None)
    if first_heading is None:
        intro = [
            _block(p) for i, p in enumerate(paragraphs) if i >= start and i not in used and p.text
        ]
        return _Front(TITLE_PLACEHOLDER, intro, stamp, agreed)
    end = first_heading
    while end < len(paragraphs) and paragraphs[end].heading:  # an empty paragraph ends it
        end += 1
    title = "\n".join(p.text for p in paragraphs[first_heading:end])
    intro = [_block(p) for i, p in enumerate(paragraphs) if i >= end and i not in used and p.text]
    return _Front(title, intro, stamp, agreed)


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


def _indicator_block(tbl: Any, reader: _Reader) -> bool:
    """Whether a table is an indicator table (by its header row)."""
    rows, _, _ = _grid(tbl, reader)
    return bool(rows) and _is_indicator_header([c.text for c in rows[0]])


def _row_style(cell: _Cell) -> dict[str, Any]:
    """How a block row is set (bold, italic, capitals, centred), from its first paragraph."""
    style: dict[str, Any] = {"bold": False, "italic": False, "caps": False, "align": "left"}
    if cell.element is None:
        return style
    paragraph = next(cell.element.iter(f"{W}p"), None)
    if paragraph is None:
        return style
    jc = paragraph.find(f"{W}pPr/{W}jc")
    if jc is not None and jc.get(f"{W}val") == "center":
        style["align"] = "center"
    for run in paragraph.iter(f"{W}r"):
        if not "".join(t.text or "" for t in run.iter(f"{W}t")).strip():
            continue
        for name, tag in (("bold", "b"), ("italic", "i"), ("caps", "caps")):
            style[name] = bool(_on(run.find(f"{W}rPr/{W}{tag}")))
        break
    return style


def _styles_by_depth(found: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """The row styles of levels 1, 2, … (the last serves deeper ones); [] when every block
    row is bold at the left, as docgen sets them by default."""
    if not found:
        return []
    styles = [found.get(depth, found[max(found)]) for depth in range(1, max(found) + 1)]
    while len(styles) > 1 and styles[-1] == styles[-2]:
        styles.pop()
    default = {"bold": True, "italic": False, "caps": False, "align": "left"}
    return [] if styles == [default] else styles


_INDICATOR_KEYS = {"number", "name", "unit", "baseline"}


def _indicators(tbl: Any, reader: _Reader) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The indicator table: its indicators (in groups) and its shape (``indicator_table``).

    The header is one row (№ | Наименование показателя | Единица | Базовое значение | 2024
    год …) or two, a group header («Плановые значения») over the years. A row of a number and
    one cell across the rest (or one cell across the table) is a group. The numbering is auto
    when every number is the one docgen prints, «sections» when only the groups have numbers,
    else the numbers are kept as given.
    """
    rows, widths, headers = _grid(tbl, reader)
    if not rows:
        return [], {}
    head = rows[0]
    second = rows[1] if len(rows) > 1 and _year_row(rows[1]) else None
    years: dict[int, int] = {}  # grid column → year
    year_texts: list[str] = []
    columns: list[dict[str, Any]] = []
    positions: dict[int, str] = {}  # grid column → key
    for cell in head:
        text = cell.text.strip()
        under = [c for c in (second or []) if cell.start <= c.start < cell.start + cell.span]
        width = sum(widths[cell.start : cell.start + cell.span])
        if under and any(_year_of(c.text) for c in under):
            for c in under:
                if _year_of(c.text):
                    years[c.start] = _year_of(c.text) or 0
                    year_texts.append(c.text.strip())
            each = width / max(1, len(under))
            columns.append({"key": "years", "heading": text or None, "width": each})
            continue
        if _year_of(text):
            years[cell.start] = _year_of(text) or 0
            year_texts.append(text)
            if not any(c["key"] == "years" for c in columns):
                columns.append({"key": "years", "heading": None, "width": width})
            continue
        lower = text.lower()
        if _is_number_heading(text):
            key = "number"
        elif "единиц" in lower or "ед. изм" in lower:
            key = "unit"
        elif "базов" in lower:
            key = "baseline"
        elif "показател" in lower or "наименован" in lower:
            key = "name"
        else:
            continue
        positions[cell.start] = key
        columns.append({"key": key, "heading": text, "width": width})
    start = 2 if second is not None else 1
    items: list[tuple[str, dict[str, Any], str, _Cell | None]] = []  # kind, item, number, cell
    apart = spanning = 0
    for row, is_header in zip(rows[start:], headers[start:], strict=True):
        if is_header or not any(c.text for c in row):
            continue
        filled = [c for c in row if not c.merged]
        last = filled[-1] if filled else None
        reaches_end = last is not None and last.start + last.span >= len(widths)
        if reaches_end and len(filled) <= 2 and last is not None and last.span > 1:
            if len(filled) == 2 and positions.get(filled[0].start) == "number":
                number, name = filled[0].text, last.text
                apart += 1
            else:
                split, name = _split_number(last.text)
                number = split or ""
                spanning += 1
            items.append(("section", {"section": name}, number.strip(), last))
            continue
        values: dict[str, str] = {}
        targets: dict[int, Any] = {}
        for cell in row:
            if cell.merged:
                continue
            if cell.start in years and cell.text:
                targets[years[cell.start]] = _value_text(cell.text)
            elif cell.start in positions:
                values[positions[cell.start]] = cell.text
        if not values.get("name"):
            continue
        indicator: dict[str, Any] = {"name": values["name"]}
        if values.get("unit"):
            indicator["unit"] = values["unit"]
        if values.get("baseline"):
            indicator["baseline"] = _value_text(values["baseline"])
        if targets:
            indicator["targets"] = targets
        items.append(("indicator", indicator, values.get("number", "").strip(), None))
    top = _indicator_tree(items)
    shape: dict[str, Any] = {}
    numbering = _indicator_numbering(top, items)
    if numbering != "auto":
        shape["numbering"] = numbering
    if numbering == "given":
        for _, item, number, _ in items:
            if number:
                item["number"] = number
    groups: dict[int, dict[str, Any]] = {}
    for _, item, _, row_cell in items:
        if row_cell is not None:
            groups.setdefault(item.pop("_depth"), _row_style(row_cell))
        else:
            item.pop("_depth", None)
    group_styles = _styles_by_depth(groups)
    if group_styles:
        shape["section_styles"] = group_styles
    if spanning > apart:
        shape["section_row"] = "span"
    if year_texts:
        pattern = re.sub(r"(19|20|21)\d{2}", "{year}", year_texts[0], count=1)
        if pattern != "{year} год":
            shape["year_heading"] = pattern
    defaults: dict[str, str | None] = {"number": "№ п/п", "name": "Наименование показателя"}
    defaults |= {"unit": "Единица измерения", "baseline": "Базовое значение", "years": None}
    if [c["key"] for c in columns] != list(defaults) or any(
        c["heading"] != defaults[c["key"]] for c in columns
    ):
        shape["columns"] = [
            {**c, "width": round(c["width"] / _TWIPS_PER_CM, 2) if c["width"] else 0.0}
            for c in columns
        ]
    return top, shape


def _year_of(text: str) -> int | None:
    match = _YEAR_HEADING.fullmatch(text.strip())
    return int(text.strip()[:4]) if match else None


def _year_row(row: list[_Cell]) -> bool:
    """A second header row: the years under a group header, the other cells merged from above."""
    texts = [c.text for c in row if not c.merged and c.text]
    return bool(texts) and all(_year_of(t) for t in texts)


def _value_text(text: str) -> Any:
    """12 as a number; 33,5 and 15,0 as written (the data keeps their places); text as text."""
    value = _number_value(text)
    if isinstance(value, int | float) and re.search(r"[.,]", text):
        return text.strip().replace("\u00a0", "").replace(" ", "")
    return value


def _indicator_tree(items: list[tuple[str, dict[str, Any], str, _Cell | None]]) -> list[Any]:
    """Groups and indicators nested by their numbers (1. → 1.1.); an unnumbered indicator
    goes into the last group, an unnumbered group to the top."""
    top: list[Any] = []
    chain: list[dict[str, Any]] = []
    for kind, item, number, _ in items:
        parts = number_parts(number) if number else None
        groups = [i for i, above in enumerate(chain) if "section" in above]
        if parts is not None:
            depth = min(len(parts), len(chain) + 1)
        elif kind == "indicator" and groups:
            depth = groups[-1] + 2
        else:
            depth = 1
        siblings = top
        if depth > 1:
            above = chain[depth - 2]
            siblings = above.setdefault("items" if "section" in above else "parts", [])
        siblings.append(item)
        if kind == "section":
            item.setdefault("items", [])
        item["_depth"] = depth
        chain = [*chain[: depth - 1], item]
    return top


def _printed_numbers(top: list[Any], mode: str) -> dict[int, str]:
    """What the indicator table prints in the № column of each item (by its id) in a mode."""
    expected: dict[int, str] = {}

    def walk(level: list[Any], prefix: str) -> None:
        count = 0
        for item in level:
            section = "section" in item
            if section or mode == "auto":
                count += 1
            number = f"{prefix}{count}."
            expected[id(item)] = number if section or mode == "auto" else ""
            walk(item.get("items" if section else "parts") or [], number)

    walk(top, "")
    return expected


def _indicator_numbering(
    top: list[Any], items: list[tuple[str, dict[str, Any], str, _Cell | None]]
) -> str:
    """auto, sections or given: the mode whose numbers are every number the table prints."""
    printed = {id(item): number for _, item, number, _ in items}
    for mode in ("auto", "sections"):
        expected = _printed_numbers(top, mode)
        if all(printed.get(key, "") == value for key, value in expected.items()):
            return mode
    return "given"


def plan_from_docx(data: bytes, file: str) -> dict[str, Any]:
    """The raw data (``organization``, ``plan``) of the plan in a DOCX file's bytes."""
    where = Location(file=file)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        document = archive.read("word/document.xml")
        styles = _styles(archive)
        notes = _notes(archive, styles)
        root = etree.fromstring(document, _PARSER)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
        raise DataError(
            f"не удалось открыть документ: это не файл Word .docx или он повреждён ({exc})",
            where,
        ) from None
    body = root.find(f"{W}body")
    if body is None:
        raise DataError("в документе нет текста", where)
    reader = _Reader(styles, notes)
    blocks = list(_blocks(body))
    found = _find_table(blocks, reader)
    if found is None:
        return _text_plan(blocks, reader, body, where)
    first, last, table = found
    previous = max((i for i in range(first) if blocks[i].tag == f"{W}tbl"), default=-1)
    early: tuple[list[Any], dict[str, Any], str | None] | None = None
    if previous >= 0 and _indicator_block(blocks[previous], reader):
        # the indicator table before the plan's: its indicators (docgen prints them after the
        # plan's table), its bold heading their title; the title is looked for above it
        indicators, shape = _indicators(blocks[previous], reader)
        heading = blocks[previous - 1] if previous > 0 else None
        named = (
            reader.paragraph(heading) if heading is not None and heading.tag == f"{W}p" else None
        )
        early = (indicators, shape, named.text if named is not None and named.bold else None)
        at = previous - 1 if early[2] else previous
        previous = max((i for i in range(at) if blocks[i].tag == f"{W}tbl"), default=-1)
        skip = {at, previous} if early[2] else set()
        before = [
            reader.paragraph(b)
            for i, b in enumerate(blocks[previous + 1 : first], start=previous + 1)
            if b.tag == f"{W}p" and i not in skip
        ]
    else:
        before = [reader.paragraph(b) for b in blocks[previous + 1 : first] if b.tag == f"{W}p"]
    front = _front(before)
    if previous >= 0 and not front.stamp:
        _stamps_table(blocks[previous], reader, front)
    plan: dict[str, Any] = {"title": front.title}
    if early is not None and early[0]:
        plan["indicators"] = early[0]
        if early[1]:
            plan["indicator_table"] = early[1]
        if early[2]:
            plan["indicators_title"] = early[2]
    if front.intro:
        plan["intro"] = front.intro
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
    last = _more_tables(blocks, last, reader, builder)
    if builder.apart > builder.spanning:
        plan["section_row"] = "number_apart"
    plan["body"] = builder.body(plan)
    if not _landscape(blocks, last, body):
        plan["landscape"] = False
    after, agreed = _after(blocks, last, reader, plan)
    if after:
        plan["outro"] = after
    if reader.footnotes:
        plan["footnotes"] = reader.footnotes
    organization = _organization([reader.paragraph(b) for b in blocks[:first] if b.tag == f"{W}p"])
    raw: dict[str, Any] = {"organization": organization, "plan": plan}
    _approval(raw, front.stamp, [*front.agreed, *agreed])
    return raw


def _approval(raw: dict[str, Any], stamp: list[str], agreed: list[list[str]]) -> None:
    """The stamp and the agreements as written: docgen prints such lines exactly."""
    if not stamp and not agreed:
        return
    approval: dict[str, Any] = {}
    if stamp:
        approval["lines"] = stamp
    if agreed:
        approval["agreed"] = [{"lines": lines} for lines in agreed if lines]
    if not stamp:  # an agreement alone: the stamp is to be filled in
        approval["lines"] = ["УТВЕРЖДАЮ"]
    raw["approval"] = approval


def _text_plan(blocks: list[Any], reader: _Reader, body: Any, where: Location) -> dict[str, Any]:
    """A plan without a table (a plan in words, like a school's plan of work): its stamp,
    title and text; a document without a bold centered title is no plan at all."""
    paragraphs = [reader.paragraph(b) for b in blocks if b.tag == f"{W}p"]
    front = _front(paragraphs)
    if front.title == TITLE_PLACEHOLDER:
        raise DataError(
            "в документе нет таблицы плана: нужна таблица со строкой заголовков, где есть «№» "
            "и столбец мероприятий («Наименование мероприятия», «Мероприятия», «Перечень "
            "мероприятий»), или план текстом под жирным заголовком по центру",
            where,
        )
    plan: dict[str, Any] = {"title": front.title}
    if front.intro:
        plan["intro"] = front.intro
    if _landscape(blocks, 0, body):
        plan["landscape"] = True
    if reader.footnotes:
        plan["footnotes"] = reader.footnotes
    raw: dict[str, Any] = {"organization": _organization(paragraphs), "plan": plan}
    _approval(raw, front.stamp, front.agreed)
    return raw


def _more_tables(blocks: list[Any], last: int, reader: _Reader, builder: _Builder) -> int:
    """Later tables of the same columns (a plan in parts, a heading between them) joined to the
    body; a bold heading between two tables is a section. Where the plan ends."""
    keys = [c.key for c in builder.table.columns]
    index = last + 1
    while index < len(blocks):
        headings: list[_Paragraph] = []
        following = index
        while following < len(blocks) and blocks[following].tag == f"{W}p":
            paragraph = reader.paragraph(blocks[following])
            if paragraph.text:
                if not paragraph.bold or _is_mark(paragraph):
                    return last  # text, not a heading: the plan's table has ended
                headings.append(paragraph)
            following += 1
        if following >= len(blocks) or len(headings) > 2:
            return last
        more = _plan_table(blocks[following], reader)
        if more is None or [c.key for c in more.columns] != keys:
            return last
        first = builder.table
        builder.table = more
        for heading in headings:
            number, text = _split_number(heading.text)
            style = {"bold": True, "italic": False, "caps": False, "align": "left"}
            item: dict[str, Any] = {"section": text, "_style": style}
            if number:
                item["number"] = number
            builder.put("section", item, _depth(number, section=True))
            builder.activity = None
        for row in more.rows:
            if not _skippable(row, more):
                builder.add(row)
        builder.table = first
        last = index = following
        index += 1
    return last


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


def _after(
    blocks: list[Any], last: int, reader: _Reader, plan: dict[str, Any]
) -> tuple[list[Any], list[list[str]]]:
    """The indicators table after the plan's, the text after the tables (the outro) and the
    «СОГЛАСОВАНО» blocks under it."""
    paragraphs: list[_Paragraph] = []
    agreed: list[list[str]] = []
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
                indicators, shape = _indicators(block, reader)
                if indicators:
                    plan["indicators"] = indicators
                    if shape:
                        plan["indicator_table"] = shape
                    texts = [p.text for p in paragraphs if p.text]
                    if texts:
                        plan["indicators_title"] = "\n".join(texts)
                    paragraphs = []
                    index += 1
                    continue
            break
        paragraph = reader.paragraph(block)
        if _is_mark(paragraph):
            if not paragraph.text.lower().startswith("согласован"):
                break
            lines = paragraph.text.split("\n")
            index += 1
            while index < len(blocks) and blocks[index].tag == f"{W}p":
                more = reader.paragraph(blocks[index])
                if not more.text or _is_mark(more):
                    break
                lines.extend(more.text.split("\n"))
                index += 1
            agreed.append(_agreement(lines))
            continue
        if agreed:  # text after the agreements is no longer the plan's
            if paragraph.text:
                break
            index += 1
            continue
        paragraphs.append(paragraph)
        index += 1
    return [_block(p) for p in paragraphs if p.text], agreed
