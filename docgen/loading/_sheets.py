"""The words and cells of workbooks people fill in: loose names, typo hints, field sheets.

Every workbook docgen reads (an order, a plan, a district, monitoring) names its sheets,
fields and columns in Russian or English, compares them ignoring case, ё, underscores and a
trailing colon, and answers a misspelt name with the closest one it knows.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

Spec = Mapping[str, tuple[str, ...]]
#: Reports a problem of a sheet: message, sheet title, cell (None: the sheet as a whole).
Report = Callable[[str, str, str | None], None]


def norm(value: Any) -> str:
    """How names are compared: case, ё, underscores, spaces and a trailing colon do not matter."""
    text = str(value).replace("ё", "е").replace("Ё", "Е").replace("_", " ").lower()
    return " ".join(text.split()).rstrip(":*").strip()


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
    title = str(sheet.title)
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
    return found
