"""Orders and plans from YAML, JSON or Excel, every problem listed at once and in its place.

Why: an administrator fixes a data file in one pass only if every mistake is named together
with its place: the line and key path in YAML and JSON, the sheet and cell in Excel. So the
readers record where each value came from, the one pydantic schema (:mod:`docgen.model`)
checks the shape, and its errors, translated to Russian, are mapped back to those places.
What the schema cannot see (people named by the texts, broken Jinja in a text, a gender the
grammar needs) is checked here as well, on the raw data, so it lands in the same list.

YAML and JSON: the schema of :class:`~docgen.model.OrderData` (a file with ``document``) or
:class:`~docgen.model.PlanData` (a file with ``plan``) as is. Dates stay text until
the schema reads them (2022-02-31 is then an error with its line, not a crash); numbers that
YAML 1.1 would read oddly (0123, 12:30, 1.50) stay as they are written.

Data comes in layers (:mod:`docgen.loading._layers`): a file may ``extends:`` another (a
school's file over the district's defaults), and command-line ``--set key.path=value``
overrides win over both. Every value keeps the place of the layer it came from. An order's
appendix may name its plan's file (``plan: roadmap.yaml``, or ``plan: {extends: …}``): the plan
is taken from there, its values keeping their places in that file.

May import: :mod:`docgen.errors`, :mod:`docgen.grammar`, :mod:`docgen.model`,
:mod:`docgen.office.containers` (the checks of a zip's sizes before it is read). Never a family
package (plans, orders, reports, district), rendering or the CLI.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from docgen.errors import DataError, InvalidDataError, Location
from docgen.loading._checks import cross_checks
from docgen.loading._common import SUFFIXES, KeyPath, Locator, format_path
from docgen.loading._layers import apply_overrides, resolve_extends, resolve_plan_files
from docgen.loading._read import read_bytes, read_json, read_yaml
from docgen.loading._schema import schema_problems
from docgen.model import OrderData, PlanData, prepare


def read_workbook(data: bytes, file: str) -> tuple[dict[str, Any], Locator]:
    """An order's or a plan's workbook (:mod:`docgen.loading._plan_xlsx`); openpyxl is imported
    only when a workbook is read, so rendering a YAML order does not load it."""
    from docgen.loading._plan_xlsx import read_workbook as read

    return read(data, file)


__all__ = [
    "SUFFIXES",
    "KeyPath",
    "Locator",
    "format_path",
    "load",
    "load_located",
    "load_order",
    "load_plan",
    "load_raw",
    "validate",
    "validate_order",
]

Data = OrderData | PlanData
M = TypeVar("M", bound=BaseModel)

_READERS: dict[str, Callable[[bytes, str], tuple[dict[str, Any], Locator]]] = {
    ".yaml": read_yaml,
    ".yml": read_yaml,
    ".json": read_json,
    ".xlsx": read_workbook,  # an order, or a plan when it has «Мероприятия» or «План»
    ".xlsm": read_workbook,
}


def load(path: Path, overrides: Sequence[str] = ()) -> Data:
    """The order or the plan in ``path`` (with its ``extends`` layers and the overrides)."""
    return load_located(path, overrides)[0]


def load_located(path: Path, overrides: Sequence[str] = ()) -> tuple[Data, Locator]:
    """The data and where its values came from, so later errors can still name the place."""
    raw, locator = load_layers(path, overrides)
    return validate(raw, locator, model_for(raw, locator)), locator


def load_order(path: Path, overrides: Sequence[str] = ()) -> OrderData:
    """Read, check and return the order in ``path``; :class:`InvalidDataError` lists every flaw."""
    raw, locator = load_layers(path, overrides)
    return validate(raw, locator, OrderData)


def load_plan(path: Path, overrides: Sequence[str] = ()) -> PlanData:
    """Read, check and return the plan in ``path``; :class:`InvalidDataError` lists every flaw."""
    raw, locator = load_layers(path, overrides)
    return validate(raw, locator, PlanData)


def load_layers(path: Path, overrides: Sequence[str] = ()) -> tuple[dict[str, Any], Locator]:
    """The raw data of ``path`` over the files it extends, under the command-line overrides."""
    raw, locator = resolve_extends(path, load_raw)
    raw, locator = resolve_plan_files(raw, locator, lambda plan: resolve_extends(plan, load_raw))
    return apply_overrides(raw, locator, overrides)


def model_for(raw: Mapping[str, Any], locator: Locator) -> type[OrderData] | type[PlanData]:
    """An order has ``document``, a plan ``plan``; a file with neither says what it lacks."""
    if "document" in raw:
        return OrderData
    if "plan" in raw:
        return PlanData
    wanted = "нужен раздел document (приказ, распоряжение) или plan (план, дорожная карта)"
    for key in raw:
        close = difflib.get_close_matches(str(key).strip().lower(), _SECTIONS, n=1, cutoff=0.6)
        if close:  # «documnet:», «Plan:»: the section misspelt, named at its line
            raise DataError(
                f"неизвестный раздел «{key}» (опечатка? похоже на «{close[0]}»): {wanted}",
                locator.locate((key,)),
            )
    raise DataError(f"непонятно, что это за документ: {wanted}", Location(file=locator.file))


_SECTIONS = ["document", "plan"]


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
    data = read_bytes(path)
    try:
        return reader(data, file)
    except RecursionError:
        raise DataError("слишком глубокая вложенность данных", Location(file=file)) from None


def validate(raw: Mapping[str, Any], locator: Locator | None, model: type[M]) -> M:
    """Check raw data against the schema and the cross-references, reporting all at once."""
    locator = locator or Locator()
    problems = list(locator.problems)
    result: M | None = None
    prepare(model)
    try:
        result = model.model_validate(raw)
    except ValidationError as exc:
        problems.extend(schema_problems(exc, locator, model))
    except RecursionError:
        raise DataError(
            "слишком глубокая вложенность данных", Location(file=locator.file)
        ) from None
    problems.extend(cross_checks(raw, locator))
    if result is None and not problems:  # every schema error was one the reader reported
        problems.append(DataError("данные не прошли проверку", Location(file=locator.file)))
    if problems or result is None:
        problems = locator.explained(problems)
        problems.sort(key=locator.sort_key)
        raise InvalidDataError(problems, locator.file)
    return result


def validate_order(raw: Mapping[str, Any], locator: Locator | None = None) -> OrderData:
    """The order in raw data (the schema and cross-references), every problem at once."""
    return validate(raw, locator, OrderData)
