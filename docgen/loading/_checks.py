"""What the schema cannot see: people named by texts, broken Jinja, genders the grammar needs."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

import jinja2
from jinja2 import meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from docgen.errors import (
    DataError,
    DocgenError,
    GrammarError,
    UnknownGenderError,
)
from docgen.grammar import default_inflector
from docgen.grammar.filters import FILTERS
from docgen.loading._common import KEY, KeyPath, Locator

#: Names a data text may use: what :func:`docgen.orders.context.build_context` gives it.
TEXT_NAMES = ("people", "org", "doc")

_CASES = ("gent", "datv", "accs", "ablt", "loct")
# ---------------------------------------------------------------------------------- cross checks

_TEXT_ENV = SandboxedEnvironment()  # only parses: the filters are there to be known by name
# no constant folding: checking «{{ 'a' * 10**9 }}» must not compute it (the compiler behind
# find_undeclared_variables folds constants unless the sandbox intercepts the operator)
_TEXT_ENV.intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
_TEXT_ENV.intercepted_unops = frozenset({"+", "-"})
_TEXT_ENV.filters.update(FILTERS)


def _not_run(*args: Any, **kwargs: Any) -> Any:
    raise ValueError("only parsed")  # the compiler then leaves the filter to the render


_TEXT_ENV.filters = dict.fromkeys(_TEXT_ENV.filters, _not_run)


def cross_checks(raw: Mapping[str, Any], locator: Locator) -> list[DocgenError]:
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
                # a person the order workbook put in by its «человек» column: said at that cell
                named = (*path, "people", key)
                add(named if named in locator.places else path, unknown_person(key))

    for person_key, person in people.items():
        gender = _gender_problem(person)
        if gender:
            add(("people", str(person_key), "gender"), gender)
    return problems


def _as_key(value: Any) -> str | None:
    """A person's key as the schema will read it, or None when the schema will reject it."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and KEY.fullmatch(value.strip()):
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
    yield from _sheet_references(document)


def _sheet_references(document: Mapping[str, Any]) -> Iterator[tuple[KeyPath, str]]:
    """The people of the листы согласования and ознакомления (issue 19)."""
    visas = document.get("visas")
    for index, visa in enumerate(visas if isinstance(visas, list) else []):
        path: KeyPath = ("document", "visas", index)
        if isinstance(visa, dict):
            visa, path = visa.get("person"), (*path, "person")
        key = _as_key(visa)
        if key is not None:
            yield path, key
    sheet = document.get("acquaintance")
    listed = sheet.get("people") if isinstance(sheet, dict) else sheet
    path = (
        ("document", "acquaintance")
        if isinstance(sheet, list)
        else ("document", "acquaintance", "people")
    )
    for index, value in enumerate(listed if isinstance(listed, list) else []):
        key = _as_key(value)
        if key is not None:
            yield (*path, index), key


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


@lru_cache(maxsize=4096)
def _check_text(text: str) -> tuple[str, ...]:
    """Jinja syntax, unknown filters and unknown names of one data text (a district's schools
    share their texts: each is parsed once)."""
    return tuple(_text_problems(text))


def _text_problems(text: str) -> Iterator[str]:
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


@lru_cache(maxsize=4096)
def _people_in_text(text: str) -> tuple[str, ...]:
    return tuple(_people_named(text))


def _people_named(text: str) -> list[str]:
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
