"""Places of values in the data (key paths, lines, sheets, cells) and how messages show values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from docgen.errors import (
    DataError,
    DocgenError,
    Location,
)

FORMULA = (
    "в ячейке формула, которую Excel не вычислил (её значение не сохранено в файле): откройте "
    "файл в Excel и сохраните его или впишите значение вместо формулы"
)
KeyPath = tuple[str | int, ...]
"""A place in the data: ("document", "points", 1, "text") is ``document.points[1].text``."""

SUFFIXES = (".yaml", ".yml", ".json", ".xlsx", ".xlsm")
MAX_NODES = 200_000  # a few "billion laughs" aliases must not eat the memory


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
    merged: dict[str, list[Any]] = field(default_factory=dict)  # merged ranges of each sheet
    people_label: str = "в people"
    #: Plans an order's appendix took from their own files: the appendix's key path → the
    #: files the plan came from and how to name the appendix in a key path.
    rerooted: dict[KeyPath, tuple[frozenset[str], str]] = field(default_factory=dict)

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
            shown = format_path(path)
            for prefix, (files, note) in self.rerooted.items():
                if path[: len(prefix)] == prefix and found.file in files:
                    # a value of the plan's own file: its key path there, and whose appendix
                    shown = f"{format_path(('plan', *path[len(prefix) :]))} ({note})"
            found = replace(found, key_path=shown)
        return found

    def problem(self, path: KeyPath, message: str) -> None:
        self.problems.append(DataError(message, self.locate(path)))

    def problem_at(self, message: str, **where: Any) -> None:
        self.problems.append(DataError(message, Location(file=self.file, **where)))

    def is_suppressed(self, path: KeyPath) -> bool:
        return any(path[: len(done)] == done for done in self.suppressed)

    def explained(self, problems: list[DocgenError]) -> list[DocgenError]:
        """Problems of an empty cell that is a formula never calculated or part of merged cells
        say so: the formula's own problem replaces them, a merged cell is named as merged."""
        formulas = {(p.location.sheet, p.location.cell) for p in problems if p.message == FORMULA}
        result = []
        for problem in problems:
            sheet, cell = problem.location.sheet, problem.location.cell
            if problem.message != FORMULA and (sheet, cell) in formulas:
                continue
            span = next((r for r in self.merged.get(sheet or "", ()) if cell and cell in r), None)
            anchor = span.coord.split(":")[0] if span is not None else cell
            if span is not None and cell != anchor:
                problem = replace(
                    problem,
                    message=f"{problem.message} (ячейка {cell} входит в объединённые ячейки "
                    f"{span.coord}, их значение хранится только в {anchor}: разъедините ячейки "
                    "и заполните каждую)",
                )
            result.append(problem)
        return result

    def sort_key(self, error: DocgenError) -> tuple[int, int, int]:
        """File order: sheet, then row, then column (YAML and JSON have only rows)."""
        where = error.location
        sheet = self.sheet_order.get(where.sheet, len(self.sheet_order)) if where.sheet else -1
        row, column = where.row or 0, 0
        if where.cell:
            row, column = place(where.cell)
        return sheet, row, column


_PLACE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def place(coordinate: str) -> tuple[int, int]:
    """Row and column of «B12» (also «$B$12»); a ValueError for anything else."""
    found = _PLACE.fullmatch(coordinate)
    if found is None:
        raise ValueError(coordinate)
    column = 0
    for letter in found[1].upper():
        column = column * 26 + ord(letter) - 64
    return int(found[2]), column


def bounds(ref: str) -> tuple[int, int, int, int]:
    """Top row, left column, bottom row, right column of «A1:B2» (or «A1»)."""
    first, _, last = ref.partition(":")
    top, left = place(first)
    bottom, right = place(last) if last else (top, left)
    return top, left, bottom, right


KEY = re.compile(r"[\w-]+")


def show(value: Any) -> str:
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
