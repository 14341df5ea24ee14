"""Layers of data: a file over the files it ``extends``, command-line overrides over both.

A district keeps its defaults (the municipal plan, its people) in one file; a school's file
says ``extends: district.yaml`` and writes only what is its own; ``--set key.path=value`` on
the command line wins over both. Mappings merge key by key, anything else (a list, a text) is
replaced whole. Every value keeps the place of the layer it came from, so an error in a value
inherited from the district names the district's file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from docgen.errors import DataError, Location
from docgen.loading._common import KeyPath, Locator, format_path

EXTENDS = "extends"
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

Reader = Callable[[Path], tuple[dict[str, Any], Locator]]


def resolve_extends(
    path: Path, read: Reader, _seen: tuple[Path, ...] = ()
) -> tuple[dict[str, Any], Locator]:
    """The data of ``path`` merged over the chain of files it extends."""
    raw, locator = read(path)
    if EXTENDS not in raw:
        return raw, locator
    base_name = raw.pop(EXTENDS)
    where = locator.locate((EXTENDS,))
    if not isinstance(base_name, str) or not base_name.strip():
        raise DataError("в extends должно быть имя файла, который этот файл дополняет", where)
    base_path = (path.parent / base_name.strip()).resolve()
    chain = (*_seen, path.resolve())
    if base_path in chain:
        raise DataError(f"extends по кругу: {base_name} снова ведёт к этому файлу", where)
    if not base_path.is_file():
        raise DataError(f"файл «{base_name}» из extends не найден (ищу {base_path})", where)
    base, base_locator = resolve_extends(base_path, read, chain)
    return merge(base, base_locator, raw, locator)


def merge(
    base: dict[str, Any], base_locator: Locator, top: dict[str, Any], top_locator: Locator
) -> tuple[dict[str, Any], Locator]:
    """``top`` over ``base``: mappings key by key, other values replaced; places follow."""
    places = {
        path: place
        for path, place in base_locator.places.items()
        if _owner(base, top, path) == "base"
    }
    places.update(top_locator.places)
    locator = replace(
        top_locator,
        key_paths=top_locator.key_paths or base_locator.key_paths,
        places=places,
        problems=[*base_locator.problems, *top_locator.problems],
        suppressed=base_locator.suppressed | top_locator.suppressed,
        merged={**base_locator.merged, **top_locator.merged},
    )
    return _merged(base, top), locator


def _merged(base: Any, top: Any) -> Any:
    if not (isinstance(base, dict) and isinstance(top, dict)):
        return top
    result = dict(base)
    for key, value in top.items():
        result[key] = _merged(base[key], value) if key in base else value
    return result


def _owner(base: Any, top: Any, path: KeyPath) -> str:
    """Which layer the merged value at ``path`` comes from."""
    for part in path:
        if not (isinstance(base, dict) and isinstance(top, dict)):
            return "top"
        if part not in top:
            return "base"
        if part not in base:
            return "top"
        base, top = base[part], top[part]
    return "top"


def apply_overrides(
    raw: dict[str, Any], locator: Locator, overrides: Sequence[str]
) -> tuple[dict[str, Any], Locator]:
    """``key.path=value`` items from the command line, each put over the data."""
    for item in overrides:
        where = Location(file=f"--set {item}")
        name, sep, text = item.partition("=")
        path = _parse_path(name.strip())
        if not sep or path is None:
            raise DataError(
                "ожидается --set ключ.путь=значение, например --set document.number=12", where
            )
        _put(raw, path, _value(text), where)
        locator.places = {p: place for p, place in locator.places.items() if p[: len(path)] != path}
        locator.places[path] = where
    return raw, locator


def _parse_path(name: str) -> KeyPath | None:
    parts: list[str | int] = []
    position = 0
    for match in _PART.finditer(name):
        if match.start() not in (position, position + 1) or not match.group(0):
            return None
        parts.append(int(match.group(2)) if match.group(2) else match.group(1))
        position = match.end()
    return tuple(parts) if parts and position == len(name) else None


def _value(text: str) -> Any:
    """A YAML scalar as typed (12 → 12, да/нет stay words); dates stay text for the schema."""
    try:
        value = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):  # ValueError: a date YAML cannot build (2024-02-30)
        return text
    if isinstance(value, date) or (value is None and text.strip()):
        return text.strip()
    return value


def _put(raw: dict[str, Any], path: KeyPath, value: Any, where: Location) -> None:
    node: Any = raw
    for index, part in enumerate(path):
        last = index == len(path) - 1
        shown = format_path(path[: index + 1])
        if isinstance(part, int):
            if not isinstance(node, list) or not 0 <= part < len(node):
                raise DataError(f"в данных нет элемента {shown}", where)
        elif not isinstance(node, dict):
            raise DataError(f"{format_path(path[:index])} — не набор «ключ: значение»", where)
        if last:
            node[part] = value
        elif isinstance(part, str) and part not in node:
            node[part] = {}
            node = node[part]
        else:
            node = node[part]


PLAN_FILE_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx", ".xlsm")


def resolve_plan_files(
    raw: dict[str, Any], locator: Locator, read: Reader
) -> tuple[dict[str, Any], Locator]:
    """Appendices that name their plan's file (``plan: roadmap.yaml``) get that file's plan.

    ``plan: {extends: roadmap.yaml, …}`` takes the file's plan with the keys given here over
    it. The path is relative to the file that names it. Values from the plan's file keep its
    places, and their key paths say which appendix of which order took them.
    """
    document = raw.get("document")
    appendices = document.get("appendices") if isinstance(document, dict) else None
    if not isinstance(appendices, list):
        return raw, locator
    for index, appendix in enumerate(appendices):
        if not isinstance(appendix, dict):
            continue
        at: KeyPath = ("document", "appendices", index, "plan")
        value = appendix.get("plan")
        if isinstance(value, str):
            name, top = value, None
        elif isinstance(value, dict) and EXTENDS in value:
            name, top = value[EXTENDS], {k: v for k, v in value.items() if k != EXTENDS}
            at_name: KeyPath = (*at, EXTENDS)
        else:
            continue
        where = locator.locate(at if top is None else at_name)
        if not isinstance(name, str) or not name.strip():
            raise DataError("ожидается имя файла плана (YAML, JSON или книга Excel)", where)
        base_path = (Path(where.file or ".").parent / name.strip()).resolve()
        if base_path.suffix.lower() not in PLAN_FILE_SUFFIXES:
            raise DataError(
                f"«{name}»: план приложения — файл .yaml, .yml, .json или .xlsx "
                "(план из DOCX сначала: docgen import)",
                where,
            )
        if not base_path.is_file():
            raise DataError(f"файл плана «{name}» не найден (ищу {base_path})", where)
        plan_raw, plan_locator = read(base_path)
        plan = plan_raw.get("plan")
        if not isinstance(plan, dict):
            raise DataError(f"в файле «{name}» ({base_path}) нет плана: нужен раздел plan", where)
        files = {str(base_path), *(place.file for place in plan_locator.places.values())}
        for path, place in plan_locator.places.items():
            inside = path[1:]
            if path[:1] == ("plan",) and (top is None or _owner(plan, top, inside) == "base"):
                locator.places[(*at, *inside)] = place
        locator.problems.extend(plan_locator.problems)
        locator.suppressed |= {(*at, *p[1:]) for p in plan_locator.suppressed if p[:1] == ("plan",)}
        locator.rerooted[at] = (
            frozenset(f for f in files if f),
            f"план приложения {index + 1} к {locator.file}",
        )
        appendix["plan"] = plan if top is None else _merged(plan, top)
        _take_people(raw, locator, plan_raw, plan_locator, name)
    return raw, locator


def _take_people(
    raw: dict[str, Any],
    locator: Locator,
    plan_raw: dict[str, Any],
    plan_locator: Locator,
    name: str,
) -> None:
    """The people a plan's file names come with its plan, so its responsibles stay people.

    A key the order names too must mean the same person in both files: two different people
    under one key would make one of the files print someone else, so it is refused.
    """
    people = plan_raw.get("people")
    if not isinstance(people, dict) or not people:
        return
    own = raw.get("people")
    if own is None:
        own = raw["people"] = {}
    if not isinstance(own, dict):
        return
    for key, person in people.items():
        if key in own:
            if own[key] != person:
                raise DataError(
                    f"«{key}» в people приказа и в файле плана «{name}» — разные люди: "
                    "оставьте одно описание или дайте им разные ключи",
                    locator.locate(("people", key)),
                )
            continue
        own[key] = person
        for path, place in plan_locator.places.items():
            if path[:2] == ("people", key):
                locator.places[path] = place
