"""The one reader of the workbooks people fill in: sheets and columns described as data.

Every workbook docgen reads (an order, a plan, a district, monitoring) names its sheets,
fields and columns in Russian or English, compares them ignoring case, ё, underscores and a
trailing colon, and answers a misspelt name with the closest one it knows. A reader describes
its book (:class:`Book`: sheets, the required ones), its «поле | значение» sheets (a spec for
:func:`read_fields`) and its tables (:class:`Table`: columns, required ones, cleaning), and this
module reads them: every value keeps its sheet and cell, every problem is collected with its
place, none stops the reading.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from docgen.errors import DataError, DocgenError, Location
from docgen.loading._common import FORMULA, Locator, bounds, place
from docgen.office.xlsx import column_letter

#: Rows a sheet may have: a larger one is refused before it is read (a sheet of a million rows
#: would take minutes and gigabytes).
MAX_ROWS = 20_000
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')
_CELL = re.compile(rb'<c r="([A-Z]+\d+)"([^>/]*)>(.*?)</c>', re.S)
_VALUE = re.compile(rb"<v>[^<]")

Spec = Mapping[str, tuple[str, ...]]
#: Reports a problem of a sheet: message, sheet title, cell (None: the sheet as a whole).
Report = Callable[[str, str, str | None], None]
#: A column's type: the cell's value as data, or a DocgenError saying what is wrong with it.
Convert = Callable[[Any, "Row", str], Any]


def norm(value: Any) -> str:
    """How names are compared: case, ё, underscores, spaces and a trailing colon do not matter."""
    text = str(value).replace("ё", "е").replace("Ё", "Е").replace("_", " ").lower()
    return " ".join(text.split()).rstrip(":*").strip()


def names(text: str) -> dict[str, tuple[str, ...]]:
    """A spec written as ``"key: имя|другое имя; …"``: each key's names, the first one shown
    (the key is a name too)."""
    entries = (entry.partition(":") for entry in text.split(";") if entry.strip())
    return {key.strip(): tuple(n.strip() for n in rest.split("|")) for key, _, rest in entries}


def aliases(spec: Spec) -> dict[str, str]:
    """Every spelling of every name of ``spec`` → its key."""
    return {norm(name): key for key, names in spec.items() for name in (key, *names)}


def cell_value(value: Any) -> Any:
    """A cell as data: blank is None, 953.0 is 953, other numbers keep Excel's 15 digits."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float):
        return int(value) if value.is_integer() else format(value, ".15g")
    return value


def either(options: list[str]) -> str:
    """ "a", "a или b", "a, b или c"."""
    return options[0] if len(options) == 1 else ", ".join(options[:-1]) + " или " + options[-1]


def suggest(name: str, spec: Spec) -> str:
    """ " (опечатка? похоже на «заголовок»)", spelt as the layout spells the name."""
    spellings = {norm(alias): alias for key, names in spec.items() for alias in (*names, key)}
    close = difflib.get_close_matches(norm(name), list(spellings), n=1, cutoff=0.6)
    return f" (опечатка? похоже на «{spellings[close[0]]}»)" if close else ""


def read_fields(
    sheet: Any, spec: Spec, report: Report, clean: Callable[[Any], Any] = cell_value
) -> dict[str, tuple[Any, str]]:
    """A «поле | значение» sheet: each known field's value and the cell it is in.

    Column A names the field, B holds the value, columns further right are notes; a first
    row «поле | значение» is a header. An unknown field (with a hint), a field named twice and
    a value with no name are reported; a field with no value is there as None.
    """
    title, formulas = str(sheet.title), uncalculated(sheet)
    known = aliases(spec)
    found: dict[str, tuple[Any, str]] = {}
    named: dict[str, str] = {}
    first = True
    for row in sheet.iter_rows(max_col=2):
        name_cell = row[0]
        value_cell = row[1] if len(row) > 1 else None
        name = clean(name_cell.value)
        value = clean(value_cell.value) if value_cell is not None else None
        where = value_cell.coordinate if value_cell is not None else name_cell.coordinate
        if name is None:
            if value is not None:
                report("значение без названия поля в столбце A", title, where)
            continue
        if first and norm(name) in ("поле", "field"):
            first = False
            continue
        first = False
        key = known.get(norm(name))
        if key is None:
            shown = ", ".join(names[0] for names in spec.values())
            report(
                f"неизвестное поле «{name}»{suggest(str(name), spec)}; поля листа: {shown}",
                title,
                name_cell.coordinate,
            )
            continue
        if key in named:
            report(f"поле «{name}» уже задано в ячейке {named[key]}", title, name_cell.coordinate)
            continue
        named[key] = name_cell.coordinate
        found[key] = (value, where)
        if value is None and where in formulas:
            report(FORMULA, title, where)
    return found


# ------------------------------------------------------------------------- the reading engine


def open_book(data: bytes, file: str, broken: str) -> Any:
    """The workbook in ``data`` with its values; a damaged or foreign file is a DataError.

    A sheet longer than :data:`MAX_ROWS` stops the reading before it starts; the cells whose
    formula Excel never calculated (no saved value) are kept as ``workbook.uncalculated``.
    """
    import openpyxl  # here only: a district read lean does without it (see _stream)

    uncalculated = _scan(data, file)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        detail = str(exc) or type(exc).__name__
        raise DataError(f"{broken}: {detail}", Location(file=file)) from None
    workbook.uncalculated = uncalculated
    return workbook


def open_lean_book(data: bytes, file: str, broken: str, cache: Any = None) -> Any:
    """:func:`open_book` for a reader that wants values and places only: the cells read
    straight from the sheets' XML (``_stream``: a third of openpyxl's time, the
    same values, cells and number formats), with the same row limit and uncalculated formulas;
    a file it does not expect, or a sheet over the limit, is left to :func:`open_book`, with
    its messages. ``cache``: a ``_stream.SheetCache`` of sheets read before."""
    from docgen.loading._stream import open_lean

    workbook = open_lean(data, MAX_ROWS, cache, file)
    return open_book(data, file, broken) if workbook is None else workbook


def _scan(data: bytes, file: str) -> dict[str, set[str]]:
    """Each sheet's formula cells without a value; a sheet over the row limit is an error.

    The sheets' XML is read as bytes; their titles are looked up only when one has something
    to say.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = [n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)]
    except Exception:  # openpyxl itself says what is wrong when it opens the file
        return {}
    found: dict[str, set[str]] = {}
    for part in parts:
        with archive.open(part) as xml:
            text = xml.read(4096)
            dimension = _DIMENSION.search(text)
            rows = int(dimension[1] or 1) if dimension else 0
            if rows <= MAX_ROWS and archive.getinfo(part).file_size > 20 * MAX_ROWS:
                rows, tail = text.count(b"<row "), text[-5:]
                while rows <= MAX_ROWS and (chunk := xml.read(1 << 20)):
                    rows += (tail + chunk).count(b"<row ")
                    tail = chunk[-5:]
                text = archive.read(part)
            if rows > MAX_ROWS:
                raise DataError(
                    f"на листе {rows} строк, а в книге читается не больше {MAX_ROWS} строк на "
                    "листе: удалите лишние строки (и пустые строки с оформлением ниже данных) "
                    "или разделите данные на несколько книг",
                    Location(file=file, sheet=_titles(data).get(part)),
                )
            text += xml.read()
        if b"<f" in text:
            empty = {
                cell.decode()
                for cell, kind, body in _CELL.findall(text)
                if b"<f" in body and not _VALUE.search(body) and b't="str"' not in kind
            }
            if empty:
                found[part] = empty
    titles = _titles(data) if found else {}
    return {titles[part]: cells for part, cells in found.items() if part in titles}


def _titles(data: bytes) -> dict[str, str]:
    """The title of each sheet by the part of the file that holds it."""
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_workbook()
    return {rel.target: sheet.name for sheet, rel in reader.parser.find_sheets()}


@dataclass(frozen=True)
class Span:
    """A range of merged cells («A1:C2»): whether a cell is in it (as openpyxl's ``CellRange``
    answers ``in``), without keeping the sheet or openpyxl."""

    coord: str

    def __contains__(self, cell: object) -> bool:
        top, left, bottom, right = bounds(self.coord)
        row, column = place(str(cell))
        return top <= row <= bottom and left <= column <= right


def uncalculated(sheet: Any) -> set[str]:
    """The cells of ``sheet`` whose formula has no saved value (see :func:`open_book`)."""
    found: set[str] = getattr(sheet.parent, "uncalculated", {}).get(str(sheet.title), set())
    return found


@dataclass(frozen=True)
class Choice:
    """Words a cell accepts, each with the value of the data (the first word of each is shown)."""

    options: tuple[tuple[Any, tuple[str, ...]], ...]

    @classmethod
    def of(cls, **options: str) -> Choice:
        """``of(plain="обычная|обычно")``: the value, then its words; the value is a word too."""
        return cls(tuple((value, (*words.split("|"), value)) for value, words in options.items()))

    @property
    def words(self) -> list[str]:
        return [names[0] for _, names in self.options]

    def find(self, value: Any) -> tuple[bool, Any]:
        """(True, the data's value) for a word of the choice; (False, None) otherwise."""
        if isinstance(value, bool) and any(result is value for result, _ in self.options):
            return True, value
        wanted = norm(value)
        for result, names in self.options:
            if wanted in (norm(name) for name in names):
                return True, result
        return False, None

    def wrong(self, value: Any) -> str:
        return f"недопустимое значение «{value}»; допустимые значения: {', '.join(self.words)}"

    def type(self, wrong: str | None = None) -> Convert:
        """The choice as a column's type; ``wrong`` (with ``{value}``) is what a wrong word is
        told instead of :meth:`wrong`."""

        def convert(value: Any, row: Row, column: str) -> Any:
            found, result = self.find(value)
            if not found:
                raise DataError(wrong.format(value=value) if wrong else self.wrong(value))
            return result

        return convert


YES_NO = Choice(((True, ("да", "yes", "true")), (False, ("нет", "no", "false"))))
ACT = Choice((("приказ", ("приказ",)), ("распоряжение", ("распоряжение",))))


@dataclass(frozen=True)
class Book:
    """A workbook's sheets: their names, the ones it cannot do without, how the list is shown."""

    sheets: Spec
    required: tuple[str, ...] = ()
    known: str = "docgen читает листы"

    @property
    def shown(self) -> str:
        return f"{self.known}: " + ", ".join(f"«{names[0]}»" for names in self.sheets.values())


def open_sheets(
    workbook: Any, book: Book, locator: Locator, aside: Callable[[str], bool] | None = None
) -> dict[str, Any]:
    """The sheets of ``workbook`` by their keys; unknown, repeated and missing ones reported.

    A sheet ``aside`` accepts is left to another reader (a district's plan sheets).
    """
    names = aliases(book.sheets)
    sheets: dict[str, Any] = {}
    for index, sheet in enumerate(workbook.worksheets):
        title = str(sheet.title)
        locator.sheet_order[title] = index
        if sheet.merged_cells.ranges:
            # plain ranges: openpyxl's merged ones keep their sheet, and so the whole workbook,
            # alive for as long as the locator (a district run's whole length)
            locator.merged[title] = [Span(r.coord) for r in sheet.merged_cells.ranges]
        key = names.get(norm(title))
        if key is None and aside is not None and aside(title):
            continue
        if key is None:
            hint = suggest(title, book.sheets)
            locator.problem_at(f"неизвестный лист «{title}»{hint}; {book.shown}", sheet=title)
        elif key in sheets:
            locator.problem_at(f"лист «{title}» повторяет лист «{sheets[key].title}»", sheet=title)
        else:
            sheets[key] = sheet
    for key in book.required:
        if key not in sheets:
            locator.problem_at(f"нет листа «{book.sheets[key][0]}»; {book.shown}")
    return sheets


#: What a table makes of a header its columns do not know: (column key, label) to read the
#: column, a message to report at the header's cell, or None for "unknown column".
Header = Callable[[Any, str], "tuple[str, str] | str | None"]


@dataclass(frozen=True)
class Table:
    """A table sheet: its columns (a header row names them), the required ones, extras.

    ``strict``: a value under no header is reported and any value makes a row; otherwise only
    the known columns count. ``more`` names the columns beyond ``columns``; ``shown`` is added to
    the list of columns an unknown header is answered with.
    """

    columns: Spec
    required: tuple[str, ...] = ()
    strict: bool = True
    shown: str = ""
    clean: Callable[[Any], Any] = cell_value  # a value as data (a blank cell is never asked)
    types: Mapping[str, Convert] = field(default_factory=dict)


#: Columns of a row marked as numeric or percent (most rows share the one empty frozenset).
Marks = set[str] | frozenset[str]


@dataclass(slots=True)
class Row:
    """One row of a table sheet: each column's value (as data and as Excel holds it), its cell.

    A table's rows are given their columns' letters (``letters``, one dictionary for the
    table) instead of their cells, whose dictionary is made only when it is asked for: a
    district's ten thousand rows of people need theirs only for the schools rendered.
    """

    number: int
    values: dict[str, Any]
    raw: dict[str, Any]
    _cells: dict[str, str] | None = field(compare=False)
    labels: dict[str, str]
    numeric: Marks = frozenset()  # Excel holds a fraction
    percent: Marks = frozenset()  # in Excel's percent format
    types: Mapping[str, Convert] = field(default_factory=dict)
    report: Callable[[str, str | None], None] = lambda message, cell: None
    typed: dict[str, Any] | None = None  # made by the first get()
    sheet: str = ""
    letters: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def cells(self) -> dict[str, str]:
        """Each column's cell («B12»)."""
        if self._cells is None:
            line = str(self.number)
            self._cells = {key: mark + line for key, mark in self.letters.items()}
        return self._cells

    def value(self, column: str) -> Any:
        return self.values.get(column)

    def get(self, column: str) -> Any:
        """The value as the column's type makes it; a wrong one is reported at its cell (once)
        and is None."""
        if self.typed is None:
            self.typed = {}
        if column not in self.typed:
            value, convert = self.values.get(column), self.types.get(column)
            if value is not None and convert is not None:
                try:
                    value = convert(value, self, column)
                except DocgenError as exc:
                    self.report(exc.message, self.cell(column))
                    value = None
            self.typed[column] = value
        return self.typed[column]

    def cell(self, column: str) -> str | None:
        if self._cells is None:
            mark = self.letters.get(column)
            return None if mark is None else f"{mark}{self.number}"
        return self._cells.get(column)

    def filled(self) -> set[str]:
        return {column for column, value in self.values.items() if value is not None}


def read_table(
    sheet: Any, table: Table, locator: Locator, more: Header | None = None
) -> list[Row] | None:
    """Rows under the header row, each known cell with its place; every problem reported.

    None when a required column is missing; an empty sheet is an empty table. A sheet kept
    from an earlier run (``_stream``'s cache) gives the rows and problems it gave then, if it
    kept them for this table: the same rows, the same problems at the same cells, without its
    cells read back.
    """
    return traced_table(sheet, table, locator, more)[0]


class Origin(NamedTuple):
    """Where a table's rows came from, for a reader that keeps what it made of them from one
    run to the next (the district's planned outputs): ``kept``, the digest of the table as
    the cache keeps it after this reading (None: not kept); ``before``, the digest of the kept
    table these rows were made from (None: the sheet was read whole, every row may be new);
    ``changed``, the numbers of the rows read again; ``old``, those rows as they were. The
    rows of the table ``before`` names, less ``old``, plus the changed ones, are the rows."""

    kept: str | None = None
    before: str | None = None
    changed: frozenset[int] = frozenset()
    old: tuple[Row, ...] = ()


def traced_table(
    sheet: Any, table: Table, locator: Locator, more: Header | None = None
) -> tuple[list[Row] | None, Origin]:
    """:func:`read_table`, and where its rows came from (:class:`Origin`)."""
    kept = getattr(sheet, "kept_table", None) if more is None else None
    if kept is None:
        return _read_table(sheet, table, locator, more).rows, Origin()
    signature, title = _signature(table), str(sheet.title)
    replayed, found = _replayed(kept(signature), title, table, locator)
    if replayed:
        now = sheet.table_digest(signature)
        return found, Origin(now, now)
    spliced = _spliced(sheet, signature, table, locator)
    if spliced is not None:
        made, numbers, old, was = spliced
        replayed, found = _replayed(made, title, table, locator)
        if replayed:
            sheet.keep_table(signature, made)
            return found, Origin(sheet.table_digest(signature), was, numbers, old)
    before = len(locator.problems)
    read = _read_table(sheet, table, locator, None)
    data = _recorded(read, locator.problems[before:], locator, title)
    if data is not None:
        sheet.keep_table(signature, data)
    return read.rows, Origin(sheet.table_digest(signature) if data is not None else None)


class _Read(NamedTuple):
    """What :func:`_read_table` found: the rows (None: a required column is missing), the
    columns by number, the header's row and the columns whose header is refused."""

    rows: list[Row] | None
    columns: dict[int, str]
    head: int | None = None
    ignored: frozenset[int] = frozenset()


def _read_table(sheet: Any, table: Table, locator: Locator, more: Header | None) -> _Read:
    """:func:`read_table` from the sheet's cells."""
    title, clean = str(sheet.title), table.clean
    known = aliases(table.columns)
    labels = {key: names[0] for key, names in table.columns.items()}
    shown = ", ".join(labels.values()) + table.shown
    rows = _row_maps(sheet)
    header = next(
        (row for row in rows if any(clean(v) is not None for v, _ in row[1].values())), None
    )
    if header is None:
        return _Read([], {})
    columns: dict[int, str] = {}
    ignored: set[int] = set()
    head = header[0]
    for column, (value, _) in sorted(header[1].items()):
        name = None if value is None else clean(value)
        if name is None:
            continue
        coordinate = f"{letter(column)}{head}"
        key = known.get(norm(name))
        other = more(value, coordinate) if key is None and more is not None else None
        if isinstance(other, tuple):
            key, labels[other[0]] = other[0], other[1]
        message = other if isinstance(other, str) else None
        if key is None and message is None:
            message = f"неизвестный столбец «{name}»{suggest(str(name), table.columns)}; "
            message += f"столбцы листа: {shown}"
        elif key is not None and key in columns.values():
            message = f"столбец «{name}» повторяется"
        if message is not None or key is None:
            locator.problem_at(message or "", sheet=title, cell=coordinate)
            ignored.add(column)
        else:
            columns[column] = key
    missing = [labels[key] for key in table.required if key not in columns.values()]
    if missing:
        locator.problem_at("нет столбца " + ", ".join(f"«{name}»" for name in missing), sheet=title)
        return _Read(None, columns, head, frozenset(ignored))
    found = _table_rows(rows, table, columns, ignored, labels, uncalculated(sheet), locator, title)
    return _Read(found, columns, head, frozenset(ignored))


def _table_rows(
    rows: Iterable[RowMap],
    table: Table,
    columns: dict[int, str],
    ignored: set[int] | frozenset[int],
    labels: dict[str, str],
    formulas: set[str],
    locator: Locator,
    title: str,
) -> list[Row]:
    """The table's rows from the sheet's rows under its header (each row's problems reported
    at its cells): a row's entry depends on the row and the header alone, so a sheet whose
    rows changed is read again in those rows only (:func:`_spliced`)."""
    clean = table.clean

    def report(message: str, cell: str | None) -> None:
        locator.problem_at(message, sheet=title, cell=cell)

    result: list[Row] = []
    letters = {column: letter(column) for column in columns}
    ordered = sorted(columns)
    marks = {columns[column]: letters[column] for column in ordered}  # each key's letters
    blank = (None, "General")
    for number, row in rows:
        # the columns to look at, in their order: the table's, and in a strict table any
        # other column with a cell (a value under no header is a problem); a blank cell stays
        # blank (``clean`` is asked about values only)
        order = ordered
        if table.strict and not row.keys() <= columns.keys():
            order = sorted(row.keys() | columns.keys())
        values: dict[int, Any] = {}
        filled = False
        for column in order:
            value = row.get(column, blank)[0]
            values[column] = cleaned = None if value is None else clean(value)
            filled = filled or cleaned is not None
        if not filled:
            continue
        found = Row(
            number,
            {},
            {},
            None,
            labels,
            types=table.types,
            report=report,
            sheet=title,
            letters=marks,
        )
        for column in order:
            key = columns.get(column)
            if key is None:
                if values[column] is not None and column not in ignored:
                    message = "значение в столбце без заголовка"
                    locator.problem_at(message, sheet=title, cell=f"{letter(column)}{number}")
                continue
            value, number_format = row.get(column, blank)
            found.values[key], found.raw[key] = values[column], value
            if value is None or value.__class__ is str:
                if value is None and formulas and f"{letters[column]}{number}" in formulas:
                    locator.problem_at(FORMULA, sheet=title, cell=f"{letters[column]}{number}")
                continue
            if isinstance(value, float):
                found.numeric = {*found.numeric, key}
            if isinstance(value, int | float) and "%" in (number_format or ""):
                found.percent = {*found.percent, key}
        result.append(found)
    return result


# ------------------------------------------------- a table kept with its sheet (``_stream``)

#: The form of a kept table: [columns, problems, rows, header, refused]; columns [[number,
#: key], …] in their order (None: a required one is missing), problems [[message, cell or
#: None], …] in the order they were reported, rows [[number, [raw value of each column],
#: changes, numeric, percent]] (the trailing three only when not empty: [[column's index,
#: value as data], …] where the value as data is not the raw one, and the indexes of the
#: columns in ``Row.numeric`` and ``Row.percent``), the header's row (None: no header) and
#: the columns whose header was refused (a value under them is not reported).
_TABLE_FORM = "docgen table 2"
_VALUES = frozenset((str, int, float, bool, type(None), datetime, date, time, timedelta))
_NONE: Marks = frozenset()


def _qualified(function: Any) -> str:
    return f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', function)}"


def _signature(table: Table) -> str:
    """What the rows of a table read from a sheet depend on besides the sheet (whose key in
    the cache has docgen's own digest): its columns and their names, the required ones,
    strictness, the list shown, how values are cleaned, the columns' types."""
    import hashlib
    import json

    described = [
        _TABLE_FORM,
        sorted((key, list(names)) for key, names in table.columns.items()),
        list(table.required),
        table.strict,
        table.shown,
        _qualified(table.clean),
        sorted((key, _qualified(convert)) for key, convert in table.types.items()),
    ]
    text = json.dumps(described, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _recorded(
    read: _Read, problems: list[DocgenError], locator: Locator, title: str
) -> list[Any] | None:
    """What :func:`read_table` made of a sheet, as the cache keeps it; None when a problem is
    not one it can give again as it was (not this sheet's, or not at a cell or the sheet)."""
    rows, columns, head, ignored = read
    told: list[Any] = []
    for problem in problems:
        where = problem.location
        if problem.__class__ is not DataError or where != Location(
            file=locator.file, sheet=title, cell=where.cell
        ):
            return None
        told.append([problem.message, where.cell])
    if rows is None:
        return [None, told, [], head, sorted(ignored)]
    keys = [columns[column] for column in sorted(columns)]
    kept: list[Any] = []
    for row in rows:
        raws = [row.raw[key] for key in keys]
        entry: list[Any] = [row.number, raws]
        changes = [
            [index, value]
            for index, (key, raw) in enumerate(zip(keys, raws, strict=True))
            if (value := row.values[key]) is not raw
            and (value.__class__ is not raw.__class__ or value != raw)
        ]
        numeric = [i for i, key in enumerate(keys) if key in row.numeric] if row.numeric else []
        percent = [i for i, key in enumerate(keys) if key in row.percent] if row.percent else []
        tail = [changes, numeric, percent]
        while tail and not tail[-1]:
            tail.pop()
        kept.append(entry + tail)
    header = [[column, columns[column]] for column in sorted(columns)]
    return [header, told, kept, head, sorted(ignored)]


def _replayed(
    data: Any, title: str, table: Table, locator: Locator
) -> tuple[bool, list[Row] | None]:
    """(True, the rows) of a kept table, its problems reported again as they were; (False,
    None) when there is none or it is not of the form kept (then nothing is reported)."""
    if data is None:
        return False, None
    try:
        found = _rows_of(data, title, table, locator)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        return False, None
    for message, cell in data[1]:
        locator.problem_at(message, sheet=title, cell=cell)
    return True, found


def _spliced(
    sheet: Any, signature: str, table: Table, locator: Locator
) -> tuple[list[Any], frozenset[int], tuple[Row, ...], str] | None:
    """A kept table of a sheet whose part changed in a few rows only (``_stream``'s
    ``patched_table``): its rows read again in those rows alone, under the header as it was,
    and put in the place of the old ones, each row's problems with them; with the numbers of
    those rows, the rows that were there (those the table had), and the digest of the table
    kept before. None when the sheet has no such table, or a changed row is not under the
    header (then the sheet is read whole)."""
    patched = getattr(sheet, "patched_table", None)
    found = patched(signature) if patched is not None else None
    if found is None:
        return None
    old, changed, numbers, was = found
    try:
        header, told, entries, head, refused = old
        columns = {int(column): str(key) for column, key in header}
        if head.__class__ is not int or not numbers or min(numbers) <= head:
            return None
        title = str(sheet.title)
        labels = {key: names[0] for key, names in table.columns.items()}
        scratch = Locator(file=locator.file)
        rows = _table_rows(
            changed, table, columns, frozenset(refused), labels, uncalculated(sheet), scratch, title
        )
        read = _Read(rows, columns, head, frozenset(refused))
        new = _recorded(read, scratch.problems, scratch, title)
        if new is None:
            return None
        kept_told = [t for t in told if t[1] is None or bounds(t[1])[0] not in numbers]
        problems = sorted(
            [*kept_told, *new[1]], key=lambda t: 0 if t[1] is None else bounds(t[1])[0]
        )
        kept = [entry for entry in entries if entry[0] not in numbers]
        rows_data = sorted([*kept, *new[2]], key=lambda entry: int(entry[0]))
        gone = [entry for entry in entries if entry[0] in numbers]
        before = _rows_of([header, [], gone, head, refused], title, table, scratch) or []
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    data = [header, problems, rows_data, head, refused]
    return data, frozenset(numbers), tuple(before), was


def _index(index: Any, width: int) -> int:
    if index.__class__ is not int or not 0 <= index < width:
        raise IndexError(index)
    return int(index)


def _rows_of(data: Any, title: str, table: Table, locator: Locator) -> list[Row] | None:
    """The rows of a kept table, every part checked (a wrong one raises)."""
    header, problems, entries, head, refused = data
    if not (head is None or head.__class__ is int) or any(c.__class__ is not int for c in refused):
        raise TypeError("header")
    for message, cell in problems:
        if message.__class__ is not str or not (cell is None or cell.__class__ is str):
            raise TypeError("problem")
    if header is None:
        if entries != []:
            raise ValueError("rows")
        return None
    labels = {key: names[0] for key, names in table.columns.items()}
    marks: dict[str, str] = {}  # each key's letters, in the columns' order
    for column, key in header:
        if column.__class__ is not int or column < 1 or key not in labels or key in marks:
            raise ValueError("column")
        marks[key] = letter(column)
    keys = list(marks)
    width = len(keys)

    def report(message: str, cell: str | None) -> None:
        locator.problem_at(message, sheet=title, cell=cell)

    rows: list[Row] = []
    types = table.types
    for entry in entries:
        number, raws, *tail = entry
        if number.__class__ is not int or number < 1 or raws.__class__ is not list:
            raise TypeError("row")
        if len(raws) != width or len(tail) > 3 or not _VALUES.issuperset(map(type, raws)):
            raise ValueError("row")
        raw = dict(zip(keys, raws, strict=True))
        values = raw.copy()
        numeric = percent = _NONE
        if tail:
            for index, value in tail[0]:
                if value.__class__ not in _VALUES:
                    raise TypeError("value")
                values[keys[_index(index, width)]] = value
            if len(tail) > 1:
                numeric = {keys[_index(index, width)] for index in tail[1]}
            if len(tail) > 2:
                percent = {keys[_index(index, width)] for index in tail[2]}
        rows.append(
            Row(
                number,
                values,
                raw,
                None,
                labels,
                numeric,
                percent,
                types,
                report,
                None,
                title,
                marks,
            )
        )
    return rows


#: A row of a sheet as a table reads it: its number and its cells by column (value, number
#: format); a cell not there is blank.
RowMap = tuple[int, dict[int, tuple[Any, str]]]


def _row_maps(sheet: Any) -> Iterator[RowMap]:
    """The sheet's rows with a cell, in order: a lean sheet (``_stream``) gives its own rows,
    openpyxl's are made from its cells."""
    lean = getattr(sheet, "row_maps", None)
    if lean is not None:
        yield from lean()
        return
    for row in sheet.iter_rows():
        yield int(row[0].row), {c.column: (c.value, c.number_format) for c in row}


#: Column letters by number, as they are asked for (a sheet has few columns and many cells).
_LETTERS: dict[int, str] = {}


def letter(column: int) -> str:
    """«A» for 1, «AA» for 27: the letters of a column."""
    found = _LETTERS.get(column)
    if found is None:
        found = _LETTERS[column] = column_letter(column)
    return found


def field_row(
    sheet: Any, spec: Spec, locator: Locator, types: Mapping[str, Convert], clean: Any = cell_value
) -> Row:
    """A «поле | значение» sheet as one row: each field a column, typed by ``types``."""
    title = str(sheet.title)

    def report(message: str, cell: str | None) -> None:
        locator.problem_at(message, sheet=title, cell=cell)

    fields = read_fields(sheet, spec, lambda m, s, c: report(m, c), clean)
    labels = {key: names[0] for key, names in spec.items()}
    row = Row(0, {}, {}, {}, labels, types=types, report=report, sheet=title)
    for key, (value, cell) in fields.items():
        row.values[key], row.cells[key] = value, cell
    return row


def keyed(
    rows: list[Row] | None,
    locator: Locator,
    sheet: str,
    messages: tuple[str, str],
    check: Callable[[str], str | None] = lambda key: None,
) -> Iterator[tuple[str, Row]]:
    """The rows with a key of their own in column «key»; a missing key (a date is none), one
    ``check`` finds wrong and a repeated one are reported at their cell. ``messages``: what a
    missing key and a repeated one are told (``{key}``, ``{cell}`` of its first row)."""
    seen: dict[str, str | None] = {}
    for row in rows or []:
        value, cell, key = row.value("key"), row.cell("key"), str(row.value("key"))
        dated = value is None or isinstance(value, datetime | date | time | timedelta)
        problem = messages[0] if dated else check(key)
        if problem is None and key in seen:
            problem = messages[1].format(key=key, cell=seen[key])
        if problem is not None:
            locator.problem_at(problem, sheet=sheet, cell=cell, row=None if cell else row.number)
            continue
        seen[key] = cell
        yield key, row
