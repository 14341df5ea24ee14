"""The листы ознакомления and согласования after an order: who reads it, who puts a visa.

Both are tables on a page of their own (ГОСТ Р 7.0.97-2025 keeps the marks of acquaintance
and the visas apart from the text when there are many). The лист ознакомления lists everyone
the order's points and control clause name, in the order they are named, then the others the
data lists; each row says «С приказом ознакомлен» or «ознакомлена» by the person's gender. A
gender that the name does not settle (Шевченко И.Г.) is asked for, never written
«ознакомлен(а)»: the sheet is signed by a person, not by a form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docgen.errors import DataError, DocgenError
from docgen.grammar.dates import format_date
from docgen.model import Acquaintance, Document, Person, Visa
from docgen.office.layout import Align, Cell, Inserts, Row, Table
from docgen.views import Locate, PersonView, gender_of

#: Room for a handwritten signature and date: rows at least 1 cm high (in twips).
SIGNATURE_ROW = 567

#: The columns of each sheet, described once: heading, width in cm of the 16.5 cm text width
#: (the renderer fits them to the page), alignment of the rows. «Бондаренко И.О.» and the bold
#: «ознакомлении» fit on one line at 12 pt.
Columns = tuple[tuple[str, float, Align], ...]
_L, _C = Align.LEFT, Align.CENTER
ACQUAINTANCE_COLUMNS: Columns = (
    ("№ п/п", 1.4, _C),
    ("Фамилия, инициалы", 3.4, _L),
    ("Должность", 4.0, _L),
    ("Отметка об ознакомлении", 3.7, _L),
    ("Дата", 2.0, _C),
    ("Подпись", 2.0, _L),
)
VISA_COLUMNS: Columns = (
    ("№ п/п", 1.4, _C),
    ("Должность", 4.4, _L),
    ("И.О. Фамилия", 3.2, _L),
    ("Дата", 2.3, _C),
    ("Подпись", 2.0, _L),
    ("Замечания", 3.2, _L),
)
#: «С приказом ознакомлен» by gender; the kind of the document in the instrumental goes first.
_READ = {"m": "ознакомлен", "f": "ознакомлена"}


class NamedPeople(dict[str, PersonView]):
    """The people of the data texts see, noting whom a text names (``people.ivanova``), in the
    order they are first named: the лист ознакомления lists them."""

    def __init__(self, people: dict[str, PersonView]) -> None:
        super().__init__(people)
        self.named: list[str] = []

    def __getitem__(self, key: str) -> PersonView:
        found = super().__getitem__(key)
        if key not in self.named:
            self.named.append(key)
        return found


@dataclass
class SheetBuilder:
    """Builds the sheets of one order, collecting every problem with its place."""

    document: Document
    people: dict[str, PersonView]
    models: dict[str, Person]
    kind_in: Callable[[str], str]
    title: str
    inserts: Inserts
    locate: Locate
    problems: list[DocgenError] = field(default_factory=list)

    def problem(self, message: str, path: tuple[str | int, ...]) -> None:
        self.problems.append(DataError(message, self.locate(path)))

    @property
    def reference(self) -> str:
        """ "от 12.03.2026 № 45-од «О …»": the order as the headings name it."""
        title = " ".join(self.title.split())
        number = self.document.number
        return f"от {format_date(self.document.date, 'numeric')} № {number} «{title}»"

    def position(self, key: str, purpose: str, given: str | None = None) -> str:
        text = given or str(self.people[key].position)
        if not text:
            self.problem(
                f"не указана должность (position): она нужна для {purpose}", ("people", key)
            )
        return text[:1].upper() + text[1:]

    def acquaintance(self, sheet: Acquaintance, named: list[str]) -> dict[str, Any]:
        """The лист ознакомления: the named (without the signer), then the listed."""
        keys = [k for k in named if k != self.document.signer.person] if sheet.named else []
        for index, key in enumerate(sheet.people):
            if key not in self.people:
                known = ", ".join(self.people) or "никого"
                self.problem(
                    f"нет такого человека «{key}» в people; есть: {known}",
                    ("document", "acquaintance", "people", index),
                )
            elif key not in keys:
                keys.append(key)
        if not keys:
            self.problem(
                "в листе ознакомления никого нет: приказ никого не называет; перечислите "
                "в people, кого ознакомить",
                ("document", "acquaintance"),
            )
        kind = self.kind_in("ablt")
        rows = [_header(ACQUAINTANCE_COLUMNS)]
        for number, key in enumerate(keys, 1):
            person, model = self.people[key], self.models[key]
            gender = gender_of(model)
            if gender is None:
                self.problem(
                    f"не указан пол: по имени «{person.short}» его не определить, а от него "
                    f"зависит отметка «С {kind} ознакомлен» или «ознакомлена» в листе "
                    "ознакомления; укажите gender: м или ж",
                    ("people", key, "gender"),
                )
                mark = ""
            else:
                mark = f"С {kind} {_READ[gender]}"
            position = self.position(key, "листа ознакомления")
            texts = (f"{number}.", str(person.short), position, mark, "", "")
            rows.append(_row(ACQUAINTANCE_COLUMNS, texts))
        return {
            "heading": f"Лист ознакомления\nс {kind} {self.reference}",
            "table": self.inserts.table(_table(ACQUAINTANCE_COLUMNS, rows)),
            "people": keys,
        }

    def visas(self, visas: list[Visa]) -> dict[str, Any]:
        """The лист согласования: one row per visa, in the order given."""
        rows = [_header(VISA_COLUMNS)]
        for number, visa in enumerate(visas, 1):
            person = self.people.get(visa.person)
            if person is None:
                known = ", ".join(self.people) or "никого"
                self.problem(
                    f"нет такого человека «{visa.person}» в people; есть: {known}",
                    ("document", "visas", number - 1, "person"),
                )
                continue
            position = self.position(visa.person, "листа согласования", visa.position)
            day = format_date(visa.date, "numeric") if visa.date else ""
            texts = (f"{number}.", position, str(person.io), day, "", visa.remarks or "")
            rows.append(_row(VISA_COLUMNS, texts))
        return {
            "heading": f"Лист согласования\n{self.kind_in('gent')} {self.reference}",
            "table": self.inserts.table(_table(VISA_COLUMNS, rows)),
            "people": [visa.person for visa in visas],
        }


def _header(columns: Columns) -> Row:
    cells = tuple(Cell(heading, bold=True, align=Align.CENTER) for heading, _, _ in columns)
    return Row(cells, header=True)


def _row(columns: Columns, texts: tuple[str, ...]) -> Row:
    cells = tuple(
        Cell(text, align=align) for text, (_, _, align) in zip(texts, columns, strict=True)
    )
    return Row(cells, min_height=SIGNATURE_ROW)


def _table(columns: Columns, rows: list[Row]) -> Table:
    return Table(tuple(width for _, width, _ in columns), tuple(rows))
