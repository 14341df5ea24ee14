"""Which of docgen's workbooks a file is, told by its sheets, and which command reads it.

A district workbook given to ``docgen render`` used to answer with a dozen «нет листа …»
errors; now the command says what the file is and the command to use instead. The sheets are
read from the workbook's index (``xl/workbook.xml``) alone, without opening the sheets, so the
check costs milliseconds even for a large workbook; a file it cannot read is left to the
command's own reader, which says why.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.loading import _sheets as xl

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_INDEX_LIMIT = 1 << 20  # xl/workbook.xml lists sheets: a megabyte is far more than any has


@dataclass(frozen=True)
class Kind:
    """A kind of workbook: its name in a message and the command that reads it."""

    key: str
    what: str
    command: str
    check: str = ""  # the command that only checks it, for ``docgen check``


DISTRICT = Kind("district", "книга района", "docgen bulk {path}", "docgen bulk {path} --check")
MONITORING = Kind("monitoring", "книга мониторинга", "docgen report {path}")
ORDER = Kind("order", "книга приказа", "docgen render {path}")
PLAN = Kind("plan", "книга плана", "docgen render {path}")


class WrongWorkbookError(DataError):
    """A workbook of one kind given to the command of another."""


def _district() -> xl.Book:
    from docgen.district.workbook import BOOK

    return BOOK


def _monitoring() -> xl.Book:
    from docgen.reports.monitoring import _BOOK

    return _BOOK


def _order() -> xl.Book:
    from docgen.loading._order_xlsx import ORDER_BOOK

    return ORDER_BOOK


def _plan() -> xl.Book:
    from docgen.loading._plan_xlsx import _PLAN_ONLY, PLAN_SHEETS

    return xl.Book({key: PLAN_SHEETS[key] for key in _PLAN_ONLY}, ())


def _books() -> Iterator[tuple[Kind, xl.Book]]:
    """The kinds in the order they are told apart: a district workbook may hold plan sheets,
    a monitoring workbook has «Школы» like a district, an order workbook «Люди». Each kind's
    reader is imported only when the kinds before it did not match: ``docgen bulk`` given a
    district workbook imports no other reader."""
    for kind, book in ((DISTRICT, _district), (MONITORING, _monitoring), (ORDER, _order)):
        yield kind, book()
    yield PLAN, _plan()


def sheet_titles(path: Path) -> list[str] | None:
    """The titles of the workbook's sheets, or None when it is not a readable .xlsx."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > _INDEX_LIMIT:
                return None
            data = archive.read(info)
        from lxml import etree

        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, SyntaxError):
        return None
    return [str(sheet.get("name", "")) for sheet in root.iter(f"{_MAIN}sheet")]


def workbook_kind(path: Path) -> Kind | None:
    """The kind the workbook's sheets make it, or None when they make it none of them."""
    titles = sheet_titles(path)
    if titles is None:
        return None
    found = {xl.norm(title) for title in titles}
    marked: set[str] = set()  # kinds a sheet only that kind has points to
    for kind, book in _books():
        keys = {key for key, names in book.sheets.items() if found & {xl.norm(n) for n in names}}
        if book.required and set(book.required) <= keys:
            return kind
        if not book.required and keys and not marked:
            return kind
        if keys & _OWN.get(kind.key, set()):
            marked.add(kind.key)
    return None  # a workbook of one kind with a sheet misspelt: its reader says which


# Sheets only one kind has: a workbook with one of them but not all the kind's required
# sheets is that kind misspelt, not another kind.
_OWN: dict[str, set[str]] = {
    "district": {"district", "documents", "changes", "points"},
    "monitoring": {"report", "values", "rules"},
}


def expect(path: Path, *wanted: Kind, checking: bool = False) -> None:
    """Refuse a workbook that is plainly another kind than the command reads, naming the
    command that reads it (``checking``: the one that checks it); anything else goes on to
    the command's own reader."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not path.is_file():
        return
    kind = workbook_kind(path)
    if kind is None or kind in wanted:
        return
    expected = " или ".join(w.what for w in dict.fromkeys(wanted))
    raise WrongWorkbookError(
        f"это {kind.what}, а не {expected}; такую книгу читает команда "
        f"{((checking and kind.check) or kind.command).format(path=_quoted(path))}",
        Location(file=str(path)),
    )


def _quoted(path: Path) -> str:
    text = str(path)
    return f'"{text}"' if any(c.isspace() for c in text) else text
