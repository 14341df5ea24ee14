"""Reading YAML and JSON with the line of every key and item, and every syntax error in Russian."""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from docgen.errors import (
    DataError,
    Location,
)
from docgen.loading._common import MAX_NODES, KeyPath, Locator, format_path, show
from docgen.office.containers import check_zip

# --------------------------------------------------------------------------------- reading bytes


def read_bytes(path: Path) -> bytes:
    file = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError("файл не найден", Location(file=file)) from None
    except IsADirectoryError:
        raise DataError("это папка, а не файл", Location(file=file)) from None
    except OSError as exc:
        raise DataError(
            f"не удалось прочитать файл: {exc.strerror or exc}", Location(file=file)
        ) from None
    check_zip(data, file, DataError)  # a workbook or a DOCX: no part unpacks beyond bounds
    return data


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


def top_mapping(raw: Any, file: str) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    what = "список" if isinstance(raw, list) else f"значение {show(raw)}"
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


def read_yaml(data: bytes, file: str) -> tuple[dict[str, Any], Locator]:
    text = _decode(data, file)
    try:
        root = compose(text)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_syntax_error(exc, file) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        code = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
        )
        raise DataError(
            f"недопустимый управляющий символ U+{code:04X} в тексте: удалите его (такие символы "
            "попадают в текст при копировании из других программ и не видны на экране)",
            Location(file=file, row=line),
        ) from None
    except yaml.YAMLError as exc:
        raise DataError(f"ошибка синтаксиса YAML: {exc}", Location(file=file)) from None
    if root is None:
        raise DataError("файл пуст: в нём нет данных", Location(file=file))
    locator = Locator(file)
    raw = _YamlBuilder(locator).build(root, ())
    return top_mapping(raw, file), locator


#: libyaml's loader when PyYAML was built with it: the same nodes, tags and line marks as the
#: pure-Python loader, composed about ten times faster (a district's municipal plan is read on
#: every run).
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)
_UNPRINTABLE = yaml.reader.Reader.NON_PRINTABLE


def compose(text: str, fast: bool = True) -> Any:
    """The YAML text's node tree with the line of every node. A text the fast loader refuses
    (or one with characters YAML does not allow) is composed by the pure-Python loader, so a
    syntax error is said in its words, which the Russian messages know, at the same place. A
    text with a tab is left to it too: libyaml takes a tab inside a plain value, the
    pure-Python loader refuses it («табуляция: отступы делаются только пробелами»)."""
    if fast and _FAST_LOADER is not None and "\t" not in text and not _UNPRINTABLE.search(text):
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass  # said below, by the loader the messages were written for
    return yaml.compose(text, Loader=yaml.SafeLoader)


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
        if self.count > MAX_NODES:
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


def read_json(data: bytes, file: str) -> tuple[dict[str, Any], Locator]:
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
    return top_mapping(raw, file), locator


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
