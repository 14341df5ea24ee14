"""Reading an order from YAML, JSON or Excel, with every problem listed at once and in its place.

Why: an administrator fixes a data file in one pass only if every mistake is named together
with its place: the line and key path in YAML and JSON, the sheet and cell in Excel. So the
readers record where each value came from, the one pydantic schema (:mod:`docgen.model`)
checks the shape, and its errors, translated to Russian, are mapped back to those places.
What the schema cannot see (people named by the texts, broken Jinja in a text, a gender the
grammar needs) is checked here as well, on the raw data, so it lands in the same list.

YAML and JSON: the schema of :class:`~docgen.model.OrderData` as is. Dates stay text until
the schema reads them (2022-02-31 is then an error with its line, not a crash); numbers that
YAML 1.1 would read oddly (0123, 12:30, 1.50) stay as they are written.

Книга Excel (.xlsx) — листы (названия листов, полей и столбцов — по-русски или по-английски):

* «Организация» (organization) и «Документ» (document): столбец A — поле, B — значение;
  строка заголовков «поле | значение» не обязательна, столбцы правее B — для пояснений.
  Организация: название (name), краткое название (short_name), вышестоящий орган (superior),
  подчинённость (parent), шапка (header; каждая строка ячейки — строка шапки), место (place),
  адрес (address), телефон (phone), email, сайт (site).
  Документ: вид (kind: приказ / распоряжение), номер (number), дата (date: дата Excel или
  ДД.ММ.ГГГГ), формат даты (date_style: цифрами / в кавычках / словами), перед датой
  (date_prefix), место (place), заголовок (title), основание (basis), цель (purpose),
  команда (command: обычная / вразрядку / нет), тире (bullet), контроль (control: ключ
  человека, «за собой» или свой текст), подписывает (signer: ключ человека), должность
  подписывающего (signer_position), исполнитель (executor: ключ), телефон исполнителя
  (executor_phone), qr (да / нет).
* «Люди» (people): таблица; первая непустая строка — заголовки
  ключ | фамилия | имя | отчество | пол | должность | должность кратко | телефон;
  когда полное имя неизвестно — столбец «инициалы» (И.Г.) вместо имени и отчества.
  Ключ (без пробелов) — имя человека в текстах: ``{{ people.petrova | вн }}``.
* «Пункты» (points): таблица номер | текст. Номер 1, 2, 3.1, 3.1.2 задаёт вложенность;
  «–» или «-» — пункт-тире последнего пункта с номером. Номера идут по порядку.
* «Приложения» (appendices, не обязателен): таблица
  номер | заголовок | вид (отметка / утвержден / утверждаю) | утверждает (ключ) | текст;
  строка, где заполнен только «текст», — ещё один абзац приложения выше.

Пустые строки пропускаются; лишние листы, поля и столбцы — ошибки с их ячейкой.

In English: sheets Organization and Document are "field | value" pairs; People, Points and
Appendices are tables with a header row; a point's number (1, 3.1, 3.1.2 or a dash) gives
its place in the hierarchy. Every value remembers its sheet and cell, and errors name them.
"""

from __future__ import annotations

import bisect
import difflib
import io
import json
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

import jinja2
import openpyxl
import yaml
from jinja2 import meta, nodes
from jinja2.sandbox import SandboxedEnvironment
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter
from pydantic import BaseModel, ValidationError
from yaml.constructor import SafeConstructor

from docgen.errors import (
    DataError,
    DocgenError,
    GrammarError,
    InvalidDataError,
    Location,
    UnknownGenderError,
)
from docgen.grammar import default_inflector
from docgen.grammar.filters import FILTERS
from docgen.model import Control, Executor, OrderData, Point, Signer

__all__ = [
    "SUFFIXES",
    "KeyPath",
    "Locator",
    "format_path",
    "load_order",
    "load_raw",
    "validate_order",
]

KeyPath = tuple[str | int, ...]
"""A place in the data: ("document", "points", 1, "text") is ``document.points[1].text``."""

SUFFIXES = (".yaml", ".yml", ".json", ".xlsx", ".xlsm")

#: Names a data text may use: what :func:`docgen.context.build_context` gives it.
TEXT_NAMES = ("people", "org", "doc")

_CASES = ("gent", "datv", "accs", "ablt", "loct")
_MAX_NODES = 200_000  # a few "billion laughs" aliases must not eat the memory


def format_path(path: KeyPath) -> str:
    """``document.points[1].text`` for ("document", "points", 1, "text")."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass
class Locator:
    """Where every value of the raw data came from; errors are placed with it.

    ``places`` maps key paths to locations; a path that was not recorded (a missing field)
    takes the place of its nearest recorded parent. ``problems`` are what the reader itself
    found (duplicate keys, unknown sheets); ``suppressed`` paths were already reported by the
    reader, so the schema's complaints about them would only repeat it.
    """

    file: str | None = None
    key_paths: bool = True
    places: dict[KeyPath, Location] = field(default_factory=dict)
    problems: list[DocgenError] = field(default_factory=list)
    suppressed: set[KeyPath] = field(default_factory=set)
    sheet_order: dict[str, int] = field(default_factory=dict)
    people_label: str = "в people"

    def record(
        self,
        path: KeyPath,
        *,
        row: int | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        label: str | None = None,
    ) -> None:
        self.places[path] = Location(file=self.file, sheet=sheet, cell=cell, row=row, field=label)

    def locate(self, path: KeyPath) -> Location:
        """The place of ``path``, or of its nearest recorded parent; with the key path."""
        found = Location(file=self.file)
        for end in range(len(path), -1, -1):
            place = self.places.get(path[:end])
            if place is not None:
                found = place
                break
        if self.key_paths and path:
            found = replace(found, key_path=format_path(path))
        return found

    def problem(self, path: KeyPath, message: str) -> None:
        self.problems.append(DataError(message, self.locate(path)))

    def problem_at(self, message: str, **where: Any) -> None:
        self.problems.append(DataError(message, Location(file=self.file, **where)))

    def is_suppressed(self, path: KeyPath) -> bool:
        return any(path[: len(done)] == done for done in self.suppressed)

    def sort_key(self, error: DocgenError) -> tuple[int, int, int]:
        """File order: sheet, then row, then column (YAML and JSON have only rows)."""
        where = error.location
        sheet = self.sheet_order.get(where.sheet, len(self.sheet_order)) if where.sheet else -1
        row, column = where.row or 0, 0
        if where.cell:
            letters, row = coordinate_from_string(where.cell)
            column = column_index_from_string(letters)
        return sheet, row, column


# --------------------------------------------------------------------------- public entry points


def load_order(path: Path) -> OrderData:
    """Read, check and return the order in ``path``; :class:`InvalidDataError` lists every flaw."""
    raw, locator = load_raw(path)
    return validate_order(raw, locator)


def load_raw(path: Path) -> tuple[dict[str, Any], Locator]:
    """The data of ``path`` as plain dicts and lists, and where each value came from.

    Raises :class:`DataError` when the file cannot be read at all (missing, not UTF-8, a syntax
    error, not a mapping); problems that still leave data to check are in ``locator.problems``.
    """
    file = str(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise DataError(
            "формат .xls (Excel 97–2003) не читается: сохраните книгу как .xlsx",
            Location(file=file),
        )
    reader = _READERS.get(suffix)
    if reader is None:
        shown = f"«{path.suffix}»" if path.suffix else "без расширения"
        raise DataError(
            f"неизвестный формат файла {shown}: ожидается .yaml, .yml, .json или .xlsx",
            Location(file=file),
        )
    data = _read_bytes(path)
    try:
        return reader(data, file)
    except RecursionError:
        raise DataError("слишком глубокая вложенность данных", Location(file=file)) from None


def validate_order(raw: Mapping[str, Any], locator: Locator | None = None) -> OrderData:
    """Check raw data against the schema and the cross-references, reporting all at once."""
    locator = locator or Locator()
    problems = list(locator.problems)
    order: OrderData | None = None
    try:
        order = OrderData.model_validate(raw)
    except ValidationError as exc:
        problems.extend(_schema_problems(exc, locator))
    except RecursionError:
        raise DataError(
            "слишком глубокая вложенность данных", Location(file=locator.file)
        ) from None
    problems.extend(_cross_checks(raw, locator))
    if order is None and not problems:  # every schema error was one the reader reported
        problems.append(DataError("данные не прошли проверку", Location(file=locator.file)))
    if problems or order is None:
        problems.sort(key=locator.sort_key)
        raise InvalidDataError(problems, locator.file)
    return order


# --------------------------------------------------------------------------------- reading bytes


def _read_bytes(path: Path) -> bytes:
    file = str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError("файл не найден", Location(file=file)) from None
    except IsADirectoryError:
        raise DataError("это папка, а не файл", Location(file=file)) from None
    except OSError as exc:
        raise DataError(
            f"не удалось прочитать файл: {exc.strerror or exc}", Location(file=file)
        ) from None


def _decode(data: bytes, file: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            "файл не в кодировке UTF-8: сохраните его в UTF-8", Location(file=file, row=line)
        ) from None
    if not text.strip():
        raise DataError("файл пуст", Location(file=file))
    return text


def _top_mapping(raw: Any, file: str) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    what = "список" if isinstance(raw, list) else f"значение {_show(raw)}"
    raise DataError(
        f"в файле должны быть разделы organization, people и document, а здесь {what}",
        Location(file=file),
    )


# ------------------------------------------------------------------------------------------ YAML

_TAG = "tag:yaml.org,2002:"
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})")
_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "двоеточие с пробелом в значении: возьмите его в кавычки"),
    ("found character '\\t'", "табуляция: отступы делаются только пробелами"),
    ("found character", "значение не может начинаться с этого символа: возьмите его в кавычки"),
    ("could not find expected ':'", "после ключа нет двоеточия «:»"),
    ("found unexpected end of stream", "файл оборвался: не закрыта кавычка или скобка"),
    ("expected the node content", "файл оборвался: не закрыта скобка"),
    ("but found another document", "в файле больше одного документа (лишняя строка «---»?)"),
    ("found undefined alias", "ссылка «*» на неопределённый якорь «&»"),
    ("found unknown escape character", "неизвестная последовательность «\\» в кавычках"),
    ("expected <block end>", "неверный отступ: строка не выровнена с соседними ключами"),
    ("did not find expected key", "неверный отступ: строка не выровнена с соседними ключами"),
    ("did not find expected '-'", "неверный отступ в списке"),
    ("found duplicate anchor", "якорь «&» с этим именем уже есть"),
)


def _read_yaml(data: bytes, file: str) -> tuple[dict[str, Any], Locator]:
    text = _decode(data, file)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_syntax_error(exc, file) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise DataError(
            f"недопустимый символ {exc.character!r} в файле", Location(file=file, row=line)
        ) from None
    except yaml.YAMLError as exc:
        raise DataError(f"ошибка синтаксиса YAML: {exc}", Location(file=file)) from None
    if root is None:
        raise DataError("файл пуст: в нём нет данных", Location(file=file))
    locator = Locator(file)
    raw = _YamlBuilder(locator).build(root, ())
    return _top_mapping(raw, file), locator


def _yaml_syntax_error(exc: yaml.MarkedYAMLError, file: str) -> DataError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or str(exc)
    text = next((ru for en, ru in _YAML_PROBLEMS if problem.startswith(en)), problem)
    column = f" (столбец {mark.column + 1})" if mark is not None else ""
    row = mark.line + 1 if mark is not None else None
    return DataError(f"ошибка синтаксиса YAML{column}: {text}", Location(file=file, row=row))


class _YamlBuilder:
    """Python data from composed YAML nodes, recording the line of every key and item.

    Built by hand rather than by a loader so that lines are known, duplicate keys are errors,
    and timestamps stay text for the schema to read.
    """

    def __init__(self, locator: Locator) -> None:
        self.locator = locator
        self.active: set[int] = set()
        self.count = 0

    def fail(self, node: yaml.Node, message: str) -> DataError:
        return DataError(message, Location(file=self.locator.file, row=_line(node)))

    def build(self, node: yaml.Node, path: KeyPath, record: bool = True) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            raise self.fail(node, "слишком много данных: ссылки «*» размножили их")
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if id(node) in self.active:
            raise self.fail(node, "ссылка «*» на якорь внутри него самого")
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return self.sequence(node, path, record)
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path, record)
            raise self.fail(node, "непонятный элемент YAML")
        finally:
            self.active.discard(id(node))

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, str(node.value)
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            flag = SafeConstructor.bool_values.get(value.lower())
            if flag is None:
                raise self.fail(node, f"«{value}» — не да/нет")
            return flag
        if tag == _TAG + "int":
            return int(value) if _DECIMAL.fullmatch(value) else value
        if tag in (_TAG + "str", _TAG + "float", _TAG + "timestamp"):
            return value
        raise self.fail(node, f"тег YAML «{tag}» не поддерживается")

    def sequence(self, node: yaml.SequenceNode, path: KeyPath, record: bool) -> list[Any]:
        if node.tag != _TAG + "seq":
            raise self.fail(node, f"тег YAML «{node.tag}» не поддерживается")
        items: list[Any] = []
        for index, item in enumerate(node.value):
            if record:
                self.locator.record((*path, index), row=_line(item))
            items.append(self.build(item, (*path, index), record))
        return items

    def mapping(self, node: yaml.MappingNode, path: KeyPath, record: bool) -> dict[str, Any]:
        if node.tag != _TAG + "map":
            raise self.fail(node, f"тег YAML «{node.tag}» не поддерживается")
        result: dict[str, Any] = {}
        lines: dict[str, int] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self.merge(value_node, path, merged)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "ключ должен быть словом, а не списком или набором")
            key, line = str(key_node.value), _line(key_node)
            if key in lines:
                self.locator.problem_at(
                    f"ключ «{key}» повторяется (первый раз — в строке {lines[key]})",
                    row=line,
                    key_path=format_path((*path, key)),
                )
                continue
            lines[key] = line
            if record:
                self.locator.record((*path, key), row=line)
            result[key] = self.build(value_node, (*path, key), record)
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def merge(self, node: yaml.Node, path: KeyPath, merged: dict[str, Any]) -> None:
        """``<<: *defaults``: keys of the anchored mappings that the mapping does not set."""
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise self.fail(source, "после «<<:» должен быть набор «ключ: значение»")
            for key, value in self.build(source, path, record=False).items():
                merged.setdefault(key, value)


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


# ------------------------------------------------------------------------------------------ JSON

_JSON_WS = re.compile(r"[ \t\n\r]*")
_JSON_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("Expecting value", "ожидается значение (нет ли лишней запятой?)"),
    ("Expecting ',' delimiter", "ожидается запятая"),
    ("Expecting ':' delimiter", "ожидается двоеточие"),
    ("Expecting property name", "ожидается имя поля в двойных кавычках (нет ли лишней запятой?)"),
    ("Unterminated string", "не закрыта кавычка"),
    ("Invalid control character", "перевод строки или табуляция внутри строки: пишите \\n"),
    ("Invalid \\escape", "неизвестная последовательность «\\» в строке"),
    ("Extra data", "лишние данные после конца JSON"),
)


def _read_json(data: bytes, file: str) -> tuple[dict[str, Any], Locator]:
    text = _decode(data, file)
    try:  # the standard parser is the judge of syntax; the builder below only adds places
        json.loads(text, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as exc:
        message = next((ru for en, ru in _JSON_PROBLEMS if exc.msg.startswith(en)), exc.msg)
        raise DataError(
            f"ошибка синтаксиса JSON (столбец {exc.colno}): {message}",
            Location(file=file, row=exc.lineno),
        ) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise DataError(f"ошибка в JSON: {exc}", Location(file=file)) from None
    locator = Locator(file)
    raw, _ = _JsonBuilder(text, locator).value(0, (), record=True)
    return _top_mapping(raw, file), locator


class _JsonBuilder:
    """Walks JSON that is known to be valid, recording the line of every key and item."""

    def __init__(self, text: str, locator: Locator) -> None:
        self.text = text
        self.locator = locator
        self.newlines = [i for i, char in enumerate(text) if char == "\n"]
        self.decoder = json.JSONDecoder(parse_float=str, parse_constant=str)

    def line(self, index: int) -> int:
        return bisect.bisect_left(self.newlines, index) + 1

    def skip(self, index: int) -> int:
        match = _JSON_WS.match(self.text, index)
        return match.end() if match else index

    def value(self, index: int, path: KeyPath, record: bool) -> tuple[Any, int]:
        index = self.skip(index)
        char = self.text[index]
        if char == "{":
            return self.object(index + 1, path, record)
        if char == "[":
            return self.array(index + 1, path, record)
        scalar, end = self.decoder.raw_decode(self.text, index)
        return scalar, end

    def object(self, index: int, path: KeyPath, record: bool) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        lines: dict[str, int] = {}
        index = self.skip(index)
        if self.text[index] == "}":
            return result, index + 1
        while True:
            index = self.skip(index)
            line = self.line(index)
            key, index = self.decoder.raw_decode(self.text, index)
            index = self.skip(index) + 1  # the colon
            first = key not in lines
            if first:
                lines[key] = line
                if record:
                    self.locator.record((*path, key), row=line)
            else:
                self.locator.problem_at(
                    f"ключ «{key}» повторяется (первый раз — в строке {lines[key]})",
                    row=line,
                    key_path=format_path((*path, key)),
                )
            value, index = self.value(index, (*path, key), record and first)
            if first:
                result[key] = value
            index = self.skip(index)
            if self.text[index] == ",":
                index += 1
                continue
            return result, index + 1

    def array(self, index: int, path: KeyPath, record: bool) -> tuple[list[Any], int]:
        items: list[Any] = []
        index = self.skip(index)
        if self.text[index] == "]":
            return items, index + 1
        while True:
            index = self.skip(index)
            if record:
                self.locator.record((*path, len(items)), row=self.line(index))
            value, index = self.value(index, (*path, len(items)), record)
            items.append(value)
            index = self.skip(index)
            if self.text[index] == ",":
                index += 1
                continue
            return items, index + 1


# ----------------------------------------------------------------------------------------- Excel

_SHEETS: dict[str, tuple[str, ...]] = {
    "organization": ("Организация", "organization", "организация"),
    "document": ("Документ", "document"),
    "people": ("Люди", "people"),
    "points": ("Пункты", "points"),
    "appendices": ("Приложения", "appendices"),
}
_ORG_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("название", "наименование", "name"),
    "short_name": ("краткое название", "сокращённое название", "short_name"),
    "superior": ("вышестоящий орган", "superior"),
    "parent": ("подчинённость", "parent"),
    "header": ("шапка", "header"),
    "place": ("место", "place"),
    "address": ("адрес", "address"),
    "phone": ("телефон", "phone"),
    "email": ("email", "e-mail", "эл. почта", "электронная почта"),
    "site": ("сайт", "site"),
}
_DOC_FIELDS: dict[str, tuple[str, ...]] = {
    "kind": ("вид", "kind"),
    "number": ("номер", "number"),
    "date": ("дата", "date"),
    "date_style": ("формат даты", "date_style"),
    "date_prefix": ("перед датой", "date_prefix"),
    "place": ("место", "place"),
    "title": ("заголовок", "title"),
    "basis": ("основание", "basis"),
    "purpose": ("цель", "purpose"),
    "command": ("команда", "command"),
    "bullet": ("тире", "маркер", "bullet"),
    "control": ("контроль", "control"),
    "signer": ("подписывает", "signer"),
    "signer_position": ("должность подписывающего", "signer_position"),
    "executor": ("исполнитель", "executor"),
    "executor_phone": ("телефон исполнителя", "executor_phone"),
    "qr": ("qr", "qr-код"),
}
#: Document fields that the sheet keeps flat but the schema nests.
_DOC_PATHS: dict[str, KeyPath] = {
    "signer": ("signer", "person"),
    "signer_position": ("signer", "position"),
    "executor": ("executor", "person"),
    "executor_phone": ("executor", "phone"),
}
_PEOPLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "key": ("ключ", "key"),
    "surname": ("фамилия", "surname"),
    "name": ("имя", "name"),
    "patronymic": ("отчество", "patronymic"),
    "initials": ("инициалы", "initials"),
    "gender": ("пол", "gender"),
    "position": ("должность", "position"),
    "position_short": ("должность кратко", "краткая должность", "position_short"),
    "phone": ("телефон", "phone"),
}
_POINT_COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("номер", "№", "number"),
    "text": ("текст", "text"),
}
_APPENDIX_COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("номер", "№", "number"),
    "title": ("заголовок", "title"),
    "style": ("вид", "style"),
    "approver": ("утверждает", "approver"),
    "text": ("текст", "text", "paragraphs"),
}
#: Words the sheet accepts for a choice, each with the value of the schema (first is shown).
_CHOICES: dict[str, tuple[tuple[Any, tuple[str, ...]], ...]] = {
    "kind": (("приказ", ("приказ",)), ("распоряжение", ("распоряжение",))),
    "date_style": (
        ("numeric", ("цифрами", "numeric")),
        ("quoted", ("в кавычках", "quoted")),
        ("long", ("словами", "long")),
    ),
    "command": (
        ("plain", ("обычная", "обычно", "plain")),
        ("spaced", ("вразрядку", "в разрядку", "spaced")),
        ("none", ("нет", "без команды", "none")),
    ),
    "qr": ((True, ("да", "yes", "true")), (False, ("нет", "no", "false"))),
    "style": (
        ("mark", ("отметка", "mark")),
        ("approved", ("утвержден", "утверждена", "утверждено", "утверждены", "approved")),
        ("approve", ("утверждаю", "approve")),
    ),
}
_SELF_CONTROL = ("за собой", "оставляю за собой", "self")
_DASHES = {"-", "–", "—", "•"}
_POINT_NUMBER = re.compile(r"\d+(?:\.\d+)*")
_KEY = re.compile(r"[\w-]+")


def _norm(value: Any) -> str:
    """How names are compared: case, ё, underscores, spaces and a trailing colon do not matter."""
    text = str(value).replace("ё", "е").replace("Ё", "Е").replace("_", " ").lower()
    return " ".join(text.split()).rstrip(":*").strip()


def _aliases(spec: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {_norm(name): key for key, names in spec.items() for name in (key, *names)}


def _cell_value(value: Any) -> Any:
    """A cell as data: blank is None, 953.0 is 953, other numbers keep Excel's 15 digits."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float):
        return int(value) if value.is_integer() else format(value, ".15g")
    return value


@dataclass
class _Row:
    """One row of a table sheet: each known column's value and cell, even when empty."""

    number: int
    cells: dict[str, tuple[Any, str]]
    labels: dict[str, str]
    numeric: set[str] = field(default_factory=set)  # columns where Excel holds a fraction

    def value(self, column: str) -> Any:
        return self.cells[column][0] if column in self.cells else None

    def cell(self, column: str) -> str | None:
        return self.cells[column][1] if column in self.cells else None


class _ExcelReader:
    """Turns the sheets of a workbook into the schema's data, remembering each cell."""

    def __init__(self, locator: Locator) -> None:
        self.locator = locator

    def read(self, workbook: Any) -> dict[str, Any]:
        sheets: dict[str, Any] = {}
        self.locator.people_label = f"на листе «{_SHEETS['people'][0]}»"
        names = _aliases(_SHEETS)
        known = ", ".join(f"«{names[0]}»" for names in _SHEETS.values())
        for index, sheet in enumerate(workbook.worksheets):
            title = str(sheet.title)
            self.locator.sheet_order[title] = index
            logical = names.get(_norm(title))
            if logical is None:
                self.locator.problem_at(
                    f"неизвестный лист «{title}»{_suggest(title, _SHEETS)}; листы книги: {known}",
                    sheet=title,
                )
            elif logical in sheets:
                self.locator.problem_at(
                    f"лист «{title}» повторяет лист «{sheets[logical].title}»", sheet=title
                )
            else:
                sheets[logical] = sheet
        for logical in ("organization", "document", "points"):
            if logical not in sheets:
                self.locator.problem_at(f"нет листа «{_SHEETS[logical][0]}»; листы книги: {known}")
        organization = self.pairs(sheets.get("organization"), "organization", _ORG_FIELDS)
        document = self.pairs(sheets.get("document"), "document", _DOC_FIELDS)
        raw: dict[str, Any] = {"organization": organization, "document": document}
        if "people" in sheets:
            raw["people"] = self.people(sheets["people"])
        points = self.points(sheets.get("points"))
        if points is not None:
            document["points"] = points
        else:
            self.locator.suppressed.add(("document", "points"))
        if "appendices" in sheets:
            appendices = self.appendices(sheets["appendices"])
            if appendices is not None:
                document["appendices"] = appendices
        return raw

    # -- «поле | значение» sheets

    def pairs(self, sheet: Any, root: str, spec: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        title = str(sheet.title) if sheet is not None else _SHEETS[root][0]
        self.locator.record((root,), sheet=title)
        for name, names in spec.items():  # a field with no row is reported on the sheet
            self.locator.record((root, *_DOC_PATHS.get(name, (name,))), sheet=title, label=names[0])
        if root == "document":
            self.locator.record((root, "signer"), sheet=title, label=spec["signer"][0])
            self.locator.record((root, "executor"), sheet=title, label=spec["executor"][0])
        result: dict[str, Any] = {}
        if sheet is None:
            return result
        aliases = _aliases(spec)
        seen: dict[str, str] = {}
        first = True
        for row in sheet.iter_rows(max_col=2):
            name_cell = row[0]
            value_cell = row[1] if len(row) > 1 else None
            name = _cell_value(name_cell.value)
            value = _cell_value(value_cell.value) if value_cell is not None else None
            where = value_cell.coordinate if value_cell is not None else name_cell.coordinate
            if name is None:
                if value is not None:
                    self.locator.problem_at(
                        "значение без названия поля в столбце A", sheet=title, cell=where
                    )
                continue
            if first and _norm(name) in ("поле", "field"):
                first = False
                continue
            first = False
            key = aliases.get(_norm(name))
            if key is None:
                shown = ", ".join(names[0] for names in spec.values())
                self.locator.problem_at(
                    f"неизвестное поле «{name}»{_suggest(str(name), spec)}; поля листа: {shown}",
                    sheet=title,
                    cell=name_cell.coordinate,
                )
                continue
            if key in seen:
                self.locator.problem_at(
                    f"поле «{name}» уже задано в ячейке {seen[key]}",
                    sheet=title,
                    cell=name_cell.coordinate,
                )
                continue
            seen[key] = name_cell.coordinate
            if value is None:
                path = (root, *_DOC_PATHS.get(key, (key,)))
                self.locator.record(path, sheet=title, cell=where, label=spec[key][0])
                continue
            self.put(result, root, key, value, title, where, spec[key][0])
        return result

    def put(
        self,
        result: dict[str, Any],
        root: str,
        key: str,
        value: Any,
        sheet: str,
        cell: str,
        label: str,
    ) -> None:
        """Place one field's value where the schema wants it (signer → signer.person, …)."""

        def record(*path: str | int) -> None:
            self.locator.record((root, *path), sheet=sheet, cell=cell, label=label)

        path: KeyPath = (root, *_DOC_PATHS.get(key, (key,)))
        record(*path[1:])
        if key == "date":
            result[key] = value.date() if isinstance(value, datetime) else value
        elif key in _CHOICES:
            choice = self.choice(key, value, path)
            if choice is not None:
                result[key] = choice
        elif key == "header":
            if not isinstance(value, str):
                value = self.plain(value, path)
            lines = str(value).splitlines() if value is not None else []
            result[key] = [line.strip() for line in lines if line.strip()]
            for index in range(len(result[key])):
                record(key, index)
        elif key == "control":
            record("control")
            if isinstance(value, str) and _norm(value) in _SELF_CONTROL:
                result[key] = {"self": True}
                record("control", "self")
            elif isinstance(value, str) and _KEY.fullmatch(value):
                result[key] = {"person": value}
                record("control", "person")
            else:
                result[key] = {"text": self.plain(value, path)}
                record("control", "text")
        elif key in _DOC_PATHS:
            outer, inner = (str(part) for part in _DOC_PATHS[key])
            record(outer)
            result.setdefault(outer, {})[inner] = self.plain(value, path)
        else:
            result[key] = self.plain(value, path)

    def plain(self, value: Any, path: KeyPath) -> Any:
        """A text value; a date or time here is Excel's guess, reported rather than kept."""
        if isinstance(value, datetime | date | time | timedelta):
            self.locator.problem(
                path,
                f"Excel принял значение за дату или время ({value}): задайте ячейке "
                "текстовый формат и введите значение заново",
            )
            self.locator.suppressed.add(path)
            return None
        return value

    def choice(self, key: str, value: Any, path: KeyPath) -> Any:
        if isinstance(value, bool) and key == "qr":
            return value
        for result, names in _CHOICES[key]:
            if _norm(value) in (_norm(name) for name in names):
                return result
        shown = ", ".join(names[0] for _, names in _CHOICES[key])
        self.locator.problem(path, f"недопустимое значение «{value}»; допустимые значения: {shown}")
        self.locator.suppressed.add(path)
        return None

    # -- table sheets

    def table(
        self, sheet: Any, spec: Mapping[str, tuple[str, ...]], required: tuple[str, ...]
    ) -> list[_Row] | None:
        """Rows under the header row; None when a required column is missing (reported)."""
        title = str(sheet.title)
        aliases = _aliases(spec)
        labels = {key: names[0] for key, names in spec.items()}
        rows = iter(sheet.iter_rows())
        columns: dict[int, str] = {}
        ignored: set[int] = set()
        header = next(
            (row for row in rows if any(_cell_value(cell.value) is not None for cell in row)), None
        )
        if header is None:  # an empty sheet is an empty table
            return []
        for cell in header:
            name = _cell_value(cell.value)
            if name is None:
                continue
            key = aliases.get(_norm(name))
            if key is None or key in columns.values():
                message = (
                    f"неизвестный столбец «{name}»{_suggest(str(name), spec)}; "
                    f"столбцы листа: {', '.join(labels.values())}"
                    if key is None
                    else f"столбец «{name}» повторяется"
                )
                self.locator.problem_at(message, sheet=title, cell=cell.coordinate)
                ignored.add(cell.column)
            else:
                columns[cell.column] = key
        missing = [labels[key] for key in required if key not in columns.values()]
        if missing:
            self.locator.problem_at(
                "нет столбца " + ", ".join(f"«{name}»" for name in missing), sheet=title
            )
            return None
        result: list[_Row] = []
        for row in rows:
            values = {cell.column: _cell_value(cell.value) for cell in row}
            if all(value is None for value in values.values()):
                continue
            number = int(row[0].row)
            for column, value in values.items():
                if value is not None and column not in columns and column not in ignored:
                    self.locator.problem_at(
                        "значение в столбце без заголовка",
                        sheet=title,
                        cell=f"{get_column_letter(column)}{number}",
                    )
            cells = {
                key: (values.get(column), f"{get_column_letter(column)}{number}")
                for column, key in columns.items()
            }
            numeric = {
                columns[cell.column]
                for cell in row
                if cell.column in columns and isinstance(cell.value, float)
            }
            result.append(_Row(number, cells, labels, numeric))
        return result

    def record_cells(
        self, path: KeyPath, row: _Row, sheet: str, columns: Mapping[str, str]
    ) -> None:
        """Record ``path + (field,)`` for each column, even empty, so "missing" finds a cell.

        ``columns`` maps a column of the sheet to the schema's field; a column the sheet lacks
        is placed at its row.
        """
        for column, name in columns.items():
            cell = row.cell(column)
            self.locator.record(
                (*path, name),
                sheet=sheet,
                cell=cell,
                row=None if cell else row.number,
                label=row.labels[column],
            )

    def people(self, sheet: Any) -> dict[str, Any]:
        title = str(sheet.title)
        self.locator.record(("people",), sheet=title)
        self.locator.people_label = f"на листе «{title}»"
        rows = self.table(sheet, _PEOPLE_COLUMNS, ("key",))
        people: dict[str, Any] = {}
        seen: dict[str, str | None] = {}
        for row in rows or []:
            key_value, key_cell = row.value("key"), row.cell("key")
            if key_value is None or isinstance(key_value, datetime | date | time | timedelta):
                self.locator.problem_at(
                    "не указан ключ человека: короткое имя без пробелов, по которому тексты "
                    "называют человека (ivanova)",
                    sheet=title,
                    cell=key_cell,
                )
                continue
            key = str(key_value)
            if key in seen:
                self.locator.problem_at(
                    f"ключ «{key}» уже есть в ячейке {seen[key]}", sheet=title, cell=key_cell
                )
                continue
            seen[key] = key_cell
            path: KeyPath = ("people", key)
            self.locator.record(path, sheet=title, cell=key_cell, label=_PEOPLE_COLUMNS["key"][0])
            fields = {name: name for name in _PEOPLE_COLUMNS if name != "key"}
            self.record_cells(path, row, title, fields)
            person: dict[str, Any] = {}
            for name in fields:
                value = row.value(name)
                if value is not None:
                    person[name] = self.plain(value, (*path, name))
            people[key] = person
        return people

    def points(self, sheet: Any) -> list[Any] | None:
        if sheet is None:
            return None
        title = str(sheet.title)
        root: KeyPath = ("document", "points")
        self.locator.record(root, sheet=title)
        rows = self.table(sheet, _POINT_COLUMNS, ("number", "text"))
        if rows is None:
            return None
        top: list[Any] = []
        chain: list[tuple[dict[str, Any], KeyPath]] = []
        numbers: list[int] = []
        for row in rows:
            raw_number, number_cell = row.value("number"), row.cell("number")
            text, text_cell = row.value("text"), row.cell("text")
            label = str(raw_number).strip().rstrip(".") if raw_number is not None else ""
            if not label:
                self.locator.problem_at(
                    "не указан номер пункта: 1, 2, 3.1 или «–» для пункта-тире",
                    sheet=title,
                    cell=number_cell,
                )
                continue
            if label in _DASHES:
                if not chain:
                    self.locator.problem_at(
                        "пункт-тире должен идти после пункта с номером",
                        sheet=title,
                        cell=number_cell,
                    )
                    continue
                point, path = chain[-1]
                bullets = point.setdefault("bullets", [])
                item: KeyPath = (*path, "bullets", len(bullets))
                self.locator.record(item, sheet=title, cell=text_cell, label="текст")
                bullets.append(self.plain(text, item))
                continue
            hint = (
                " (Excel хранит номер как число: задайте ячейке текстовый формат)"
                if "number" in row.numeric
                else ""
            )
            if isinstance(raw_number, datetime):  # "3.1" typed where Excel reads dates
                self.locator.problem_at(
                    f"Excel принял номер пункта за дату ({raw_number:%d.%m}): задайте столбцу "
                    "«номер» текстовый формат и введите номер заново",
                    sheet=title,
                    cell=number_cell,
                )
                label = f"{raw_number.day}.{raw_number.month}"  # placed by this guess
            elif not _POINT_NUMBER.fullmatch(label):
                self.locator.problem_at(
                    f"неверный номер пункта «{raw_number}»: пишите 1, 2, 3.1 "
                    "или «–» для пункта-тире",
                    sheet=title,
                    cell=number_cell,
                )
                continue
            parts = [int(part) for part in label.split(".")]
            expected = _next_numbers(numbers)
            if parts not in expected and not isinstance(raw_number, datetime):
                options = _either([".".join(map(str, option)) for option in expected])
                after = (
                    f"после «{'.'.join(map(str, numbers))}» ожидается {options}"
                    if numbers
                    else "нумерация начинается с 1"
                )
                self.locator.problem_at(
                    f"неверный номер пункта «{label}»: {after}{hint}",
                    sheet=title,
                    cell=number_cell,
                )
            depth = min(len(parts), len(numbers) + 1)
            if depth == 1:
                siblings, parent = top, root
            else:
                above, above_path = chain[depth - 2]
                siblings, parent = above.setdefault("points", []), (*above_path, "points")
            path = (*parent, len(siblings))
            self.locator.record(path, sheet=title, cell=number_cell, label="номер")
            self.locator.record((*path, "text"), sheet=title, cell=text_cell, label="текст")
            new: dict[str, Any] = {}
            if text is not None:
                new["text"] = self.plain(text, (*path, "text"))
            siblings.append(new)
            chain = [*chain[: depth - 1], (new, path)]
            numbers = [*numbers[: depth - 1], parts[depth - 1]]
        return top

    def appendices(self, sheet: Any) -> list[Any] | None:
        title = str(sheet.title)
        root: KeyPath = ("document", "appendices")
        self.locator.record(root, sheet=title)
        rows = self.table(sheet, _APPENDIX_COLUMNS, ("title",))
        if rows is None:
            self.locator.suppressed.add(root)
            return None
        result: list[dict[str, Any]] = []
        columns = {name: name for name in ("title", "style", "approver")}
        for row in rows:
            text = row.value("text")
            if all(row.value(name) is None for name in ("number", "title", "style", "approver")):
                if not result:
                    self.locator.problem_at(
                        "абзац приложения без строки с его номером и заголовком выше",
                        sheet=title,
                        cell=row.cell("text"),
                    )
                    continue
                index = len(result) - 1
                paragraphs = result[-1].setdefault("paragraphs", [])
                item: KeyPath = (*root, index, "paragraphs", len(paragraphs))
                self.locator.record(item, sheet=title, cell=row.cell("text"), label="текст")
                paragraphs.append(self.plain(text, item))
                continue
            path: KeyPath = (*root, len(result))
            number = row.value("number")
            if number is not None and str(number).strip().rstrip(".") != str(len(result) + 1):
                self.locator.problem_at(
                    f"неверный номер приложения «{number}»: ожидается {len(result) + 1}",
                    sheet=title,
                    cell=row.cell("number"),
                )
            self.locator.record(
                path, sheet=title, cell=row.cell("number") or row.cell("title"), label="номер"
            )
            self.record_cells(path, row, title, columns)
            appendix: dict[str, Any] = {}
            for name in columns:
                value = row.value(name)
                if value is None:
                    continue
                if name == "style":
                    choice = self.choice("style", value, (*path, "style"))
                    if choice is not None:
                        appendix["style"] = choice
                else:
                    appendix[name] = self.plain(value, (*path, name))
            if text is not None:
                item = (*path, "paragraphs", 0)
                self.locator.record(item, sheet=title, cell=row.cell("text"), label="текст")
                appendix["paragraphs"] = [self.plain(text, item)]
            result.append(appendix)
        return result


def _next_numbers(numbers: list[int]) -> list[list[int]]:
    """What may follow point ``numbers``: its first sub-point, or the next one at any level."""
    if not numbers:
        return [[1]]
    following = [[*numbers, 1]]
    for level in range(len(numbers) - 1, -1, -1):
        following.append([*numbers[:level], numbers[level] + 1])
    return following


def _either(options: list[str]) -> str:
    return options[0] if len(options) == 1 else ", ".join(options[:-1]) + " или " + options[-1]


def _suggest(name: str, spec: Mapping[str, tuple[str, ...]]) -> str:
    """ " (опечатка? похоже на «заголовок»)", spelt as the layout spells the name."""
    spellings = {_norm(alias): alias for key, names in spec.items() for alias in (*names, key)}
    close = difflib.get_close_matches(_norm(name), list(spellings), n=1, cutoff=0.6)
    return f" (опечатка? похоже на «{spellings[close[0]]}»)" if close else ""


def _read_xlsx(data: bytes, file: str) -> tuple[dict[str, Any], Locator]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        detail = str(exc) or type(exc).__name__
        raise DataError(
            f"не удалось открыть книгу Excel (файл повреждён или это не .xlsx): {detail}",
            Location(file=file),
        ) from None
    locator = Locator(file, key_paths=False)
    try:
        raw = _ExcelReader(locator).read(workbook)
    finally:
        workbook.close()
    return raw, locator


_READERS: dict[str, Callable[[bytes, str], tuple[dict[str, Any], Locator]]] = {
    ".yaml": _read_yaml,
    ".yml": _read_yaml,
    ".json": _read_json,
    ".xlsx": _read_xlsx,
    ".xlsm": _read_xlsx,
}


# -------------------------------------------------------------------------- schema errors mapped

_EXPECTED = {
    "string_type": "текст",
    "int_type": "целое число",
    "int_parsing": "целое число",
    "float_type": "число",
    "float_parsing": "число",
    "bool_type": "да или нет (true / false)",
    "bool_parsing": "да или нет (true / false)",
    "list_type": "список",
    "dict_type": "набор «ключ: значение»",
    "model_type": "набор «ключ: значение»",
    "model_attributes_type": "набор «ключ: значение»",
    "date_type": "дата",
    "date_parsing": "дата",
    "date_from_datetime_parsing": "дата",
}
#: Models that also accept a bare string (a point's text, a person's key).
_TEXT_OR_MAPPING: tuple[type[BaseModel], ...] = (Point, Control, Signer, Executor)


def _schema_problems(exc: ValidationError, locator: Locator) -> Iterator[DocgenError]:
    for error in exc.errors(include_url=False):
        path: KeyPath = tuple("self" if part == "self_" else part for part in error["loc"])
        is_key = bool(path) and path[-1] == "[key]"
        if is_key:
            path = path[:-1]
        if locator.is_suppressed(path):
            continue
        message = _message(error, path)
        if is_key:
            message = f"ключ «{path[-1]}»: {message}"
        yield DataError(message, locator.locate(path))


def _message(error: Mapping[str, Any], path: KeyPath) -> str:
    """pydantic's message in Russian, for the kinds a person meets."""
    kind = str(error["type"])
    value = error.get("input")
    context: Mapping[str, Any] = error.get("ctx") or {}
    if kind == "missing":
        return "обязательное поле не заполнено"
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else ""
        known = _known_fields(path[:-1])
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        if close:
            return f"неизвестное поле «{name}» (опечатка? похоже на «{close[0]}»)"
        return f"неизвестное поле «{name}» (опечатка?); поля здесь: {', '.join(known)}"
    if kind == "value_error":
        return str(context.get("error") or error.get("msg", ""))
    if kind == "enum":
        annotation = _annotation_at(path)
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            allowed = ", ".join(str(member.value) for member in annotation)
        else:
            allowed = str(context.get("expected", ""))
        return f"недопустимое значение {_show(value)}; допустимые значения: {allowed}"
    if kind in ("too_short", "string_too_short"):
        if isinstance(value, str):
            return "поле не может быть пустым"
        return "нужен хотя бы один пункт" if path[-1:] == ("points",) else "нужен хотя бы один"
    if kind == "string_pattern_mismatch":
        return "допустимы только буквы, цифры, «_» и «-», без пробелов"
    if kind in _EXPECTED:
        if value is None:
            return "значение не заполнено"
        what = _EXPECTED[kind]
        annotation = _annotation_at(path)
        if kind == "model_type" and annotation in _TEXT_OR_MAPPING:
            what = "текст или набор «ключ: значение»"
        return f"ожидается {what}, а не {_show(value)}"
    return str(error.get("msg", kind))


def _show(value: Any) -> str:
    """A value as a message quotes it: short, and saying what it is when it is not text."""
    if value is None:
        return "пустое значение"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "список"
    if isinstance(value, dict):
        return "набор «ключ: значение»"
    text = str(value)
    return f"«{text[:57]}…»" if len(text) > 60 else f"«{text}»"


def _unwrap(annotation: Any) -> Any:
    """``Annotated[X, …]`` and ``X | None`` → X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _annotation_at(path: KeyPath) -> Any:
    """The type the schema expects at ``path`` (None when the path leaves the schema)."""
    annotation: Any = OrderData
    for part in path:
        annotation = _unwrap(annotation)
        origin = typing.get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found = next(
                (
                    info
                    for name, info in annotation.model_fields.items()
                    if part in (name, info.alias)
                ),
                None,
            )
            if found is None:
                return None
            annotation = found.annotation
        elif origin is list and isinstance(part, int):
            annotation = typing.get_args(annotation)[0]
        elif origin is dict:
            annotation = typing.get_args(annotation)[1]
        else:
            return None
    return _unwrap(annotation)


def _known_fields(path: KeyPath) -> list[str]:
    model = _annotation_at(path)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [info.alias or name for name, info in model.model_fields.items()]
    return []


# ---------------------------------------------------------------------------------- cross checks

_TEXT_ENV = SandboxedEnvironment()  # only parses: the filters are there to be known by name
_TEXT_ENV.filters.update(FILTERS)


def _cross_checks(raw: Mapping[str, Any], locator: Locator) -> list[DocgenError]:
    """What the schema cannot see, checked on the raw data so that it is reported together."""
    problems: list[DocgenError] = []

    def add(path: KeyPath, message: str) -> None:
        if not locator.is_suppressed(path):
            problems.append(DataError(message, locator.locate(path)))

    people_raw = raw.get("people")
    people: Mapping[Any, Any] = people_raw if isinstance(people_raw, dict) else {}
    keys = [str(key) for key in people]
    document = raw.get("document")
    document = document if isinstance(document, dict) else {}

    def unknown_person(key: str) -> str:
        known = ", ".join(keys)
        close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
        hint = f" (опечатка? похоже на «{close[0]}»)" if close else ""
        where = locator.people_label
        tail = f"; есть: {known}" if keys else f"; {where} никого нет"
        return f"нет такого человека «{key}» {where}{hint}{tail}"

    if people_raw is None or isinstance(people_raw, dict):
        for path, key in _person_references(document):
            if key not in keys:
                add(path, unknown_person(key))
        check_people = True
    else:
        check_people = False

    for path, text in _texts(document):
        for message in _check_text(text):
            add(path, message)
        for key in _people_in_text(text) if check_people else ():
            if key not in keys:
                add(path, unknown_person(key))

    for person_key, person in people.items():
        gender = _gender_problem(person)
        if gender:
            add(("people", str(person_key), "gender"), gender)
    return problems


def _as_key(value: Any) -> str | None:
    """A person's key as the schema will read it, or None when the schema will reject it."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and _KEY.fullmatch(value.strip()):
        return value.strip()
    return None


def _person_references(document: Mapping[str, Any]) -> Iterator[tuple[KeyPath, str]]:
    for name in ("signer", "executor", "control"):
        value = document.get(name)
        path: KeyPath = ("document", name)
        if isinstance(value, dict):
            value, path = value.get("person"), (*path, "person")
        key = _as_key(value)
        if key is not None:
            yield path, key
    appendices = document.get("appendices")
    for index, appendix in enumerate(appendices if isinstance(appendices, list) else []):
        if isinstance(appendix, dict):
            key = _as_key(appendix.get("approver"))
            if key is not None:
                yield ("document", "appendices", index, "approver"), key


def _texts(document: Mapping[str, Any]) -> Iterator[tuple[KeyPath, str]]:
    """Every text of the document that is rendered as a small Jinja template."""
    for name in ("title", "basis", "purpose"):
        if isinstance(document.get(name), str):
            yield ("document", name), document[name]
    yield from _point_texts(document.get("points"), ("document", "points"))
    control = document.get("control")
    if isinstance(control, dict) and isinstance(control.get("text"), str):
        yield ("document", "control", "text"), control["text"]
    appendices = document.get("appendices")
    for index, appendix in enumerate(appendices if isinstance(appendices, list) else []):
        if not isinstance(appendix, dict):
            continue
        path: KeyPath = ("document", "appendices", index)
        if isinstance(appendix.get("title"), str):
            yield (*path, "title"), appendix["title"]
        yield from _strings(appendix.get("paragraphs"), (*path, "paragraphs"))


def _point_texts(points: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    for index, point in enumerate(points if isinstance(points, list) else []):
        where: KeyPath = (*path, index)
        if isinstance(point, str):
            yield where, point
        elif isinstance(point, dict):
            if isinstance(point.get("text"), str):
                yield (*where, "text"), point["text"]
            yield from _strings(point.get("bullets"), (*where, "bullets"))
            yield from _point_texts(point.get("points"), (*where, "points"))


def _strings(values: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    for index, value in enumerate(values if isinstance(values, list) else []):
        if isinstance(value, str):
            yield (*path, index), value


def _check_text(text: str) -> Iterator[str]:
    """Jinja syntax, unknown filters and unknown names of one data text."""
    if "{" not in text:
        return
    try:
        tree = _TEXT_ENV.parse(text)
    except jinja2.TemplateSyntaxError as exc:
        yield _jinja_message(text, exc)
        return
    unknown = sorted({node.name for node in tree.find_all(nodes.Filter)} - set(_TEXT_ENV.filters))
    for name in unknown:
        close = difflib.get_close_matches(name, sorted(_TEXT_ENV.filters), n=1, cutoff=0.6)
        hint = f" (опечатка? похоже на «{close[0]}»)" if close else ""
        yield f"неизвестный фильтр «{name}» в тексте{hint}"
    if unknown:  # the compiler behind find_undeclared_variables stops at them
        return
    try:
        names = meta.find_undeclared_variables(tree)
    except jinja2.TemplateSyntaxError as exc:  # an unknown test: "x is nonsense"
        yield _jinja_message(text, exc)
        return
    for name in sorted(names - set(TEXT_NAMES)):
        close = difflib.get_close_matches(name, TEXT_NAMES, n=1, cutoff=0.6)
        hint = f" (опечатка? похоже на «{close[0]}»)" if close else ""
        yield f"неизвестное имя «{name}» в тексте{hint}; доступны: {', '.join(TEXT_NAMES)}"


def _jinja_message(text: str, exc: jinja2.TemplateSyntaxError) -> str:
    line = f" (строка {exc.lineno} текста)" if "\n" in text.strip() else ""
    return f"ошибка в шаблоне текста{line}: {exc.message}"


def _people_in_text(text: str) -> list[str]:
    """Keys of ``people.key`` and ``people["key"]`` in a text, in order, once each."""
    if "{" not in text:
        return []
    try:
        tree = _TEXT_ENV.parse(text)
    except jinja2.TemplateSyntaxError:
        return []
    found: list[str] = []
    for node in tree.find_all(nodes.Node):
        key: Any = None
        if isinstance(node, nodes.Getattr) and _is_people(node.node):
            key = node.attr
        elif (
            isinstance(node, nodes.Getitem)
            and _is_people(node.node)
            and isinstance(node.arg, nodes.Const)
        ):
            key = node.arg.value
        if isinstance(key, str) and key not in found:
            found.append(key)
    return found


def _is_people(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Name) and node.name == "people"


def _gender_problem(person: Any) -> str | None:
    """A message when the grammar needs a gender that the person's name does not reveal."""
    if not isinstance(person, dict) or person.get("gender") not in (None, ""):
        return None
    surname, name, patronymic, initials = (
        person.get(part) for part in ("surname", "name", "patronymic", "initials")
    )
    if name is None:  # "Ушакова И.Г." when only the initials are known
        name, patronymic = initials, None
    parts = (surname, name, patronymic)
    if not all(isinstance(part, str) for part in parts[:2]) or not isinstance(
        patronymic, str | None
    ):
        return None
    full = " ".join(part.strip() for part in parts if isinstance(part, str) and part.strip())
    if len(full.split()) < 2:
        return None
    inflector = default_inflector()
    for case in _CASES:
        try:
            inflector.inflect(full, case, kind="person")
        except UnknownGenderError:
            try:
                male = inflector.inflect(full, case, kind="person", gender="m")
                female = inflector.inflect(full, case, kind="person", gender="f")
            except GrammarError:
                forms = ""
            else:
                forms = f" (например, «{male}» — муж., «{female}» — жен.)"
            return (
                f"не указан пол: по имени «{full}» его не определить, а от него зависит "
                f"склонение{forms}; укажите gender: м или ж"
            )
        except GrammarError as exc:
            return f"имя «{full}» не склоняется: {exc.message}"
    return None
