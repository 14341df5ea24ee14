"""What a document holds beyond running text: tables, footnotes, section breaks.

Templates place text; these things are built by code (their shape comes from the data: the
columns of a plan, the merged cells of its directions). The context puts a marker in the
text where each one goes (``{{ plan.table }}`` renders "⟦docgen:table:1⟧"), and the renderer
replaces the markers with the real thing after Jinja has run (:mod:`docgen.office.word`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

MARKER = re.compile(r"⟦docgen:(table|footnote|section):(\d+)⟧")


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Cell:
    """One cell; ``rows`` > 1 starts a vertical merge, ``merged`` continues the one above."""

    text: str = ""
    span: int = 1
    rows: int = 1
    merged: bool = False
    bold: bool = False
    align: Align = Align.LEFT
    italic: bool = False
    #: Shown in capitals (Word's «Все прописные»): the text itself keeps its letters.
    caps: bool = False

    def __hash__(self) -> int:
        # worked out once: the renderer's caches look a cell up at every row of every school
        found: int | None = self.__dict__.get("_hash")
        if found is None:
            found = hash(
                (
                    self.text,
                    self.span,
                    self.rows,
                    self.merged,
                    self.bold,
                    self.align,
                    self.italic,
                    self.caps,
                )
            )
            object.__setattr__(self, "_hash", found)
        return found


@dataclass(frozen=True)
class Row:
    """A row of cells; header rows repeat on every page, rows are not split across pages.

    ``keep_with_next`` keeps a section row on the page of its first activity, and the rows
    of one activity's indicators together.
    """

    cells: tuple[Cell, ...]
    header: bool = False
    keep_with_next: bool = False
    #: At least this high (twips), its cells centred vertically: room for a handwritten
    #: signature and date (листы ознакомления и согласования); 0: as high as the text.
    min_height: int = 0

    def __hash__(self) -> int:
        # worked out once, as a cell's (its cells' hashes are kept too)
        found: int | None = self.__dict__.get("_hash")
        if found is None:
            found = hash((self.cells, self.header, self.keep_with_next, self.min_height))
            object.__setattr__(self, "_hash", found)
        return found


@dataclass(frozen=True)
class Table:
    """A table whose column widths are relative: the renderer fits them to the text width."""

    widths: tuple[float, ...]
    rows: tuple[Row, ...]
    font_size: float = 12.0
    #: A row taller than this share of the page's height may split across pages.
    split_rows_over: float = 0.5

    def text_rows(self) -> list[list[str]]:
        """The text of every row, merged continuations as "", for checks and tests."""
        return [[cell.text for cell in row.cells] for row in self.rows]


class Orientation(StrEnum):
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"


@dataclass
class Inserts:
    """The tables, footnotes and section breaks of one document, by marker number."""

    tables: dict[int, Table] = field(default_factory=dict)
    footnotes: dict[int, str] = field(default_factory=dict)
    sections: dict[int, Orientation] = field(default_factory=dict)
    _count: int = 0

    def _next(self) -> int:
        self._count += 1
        return self._count

    def table(self, table: Table) -> str:
        number = self._next()
        self.tables[number] = table
        return f"⟦docgen:table:{number}⟧"

    def footnote(self, text: str) -> str:
        number = self._next()
        self.footnotes[number] = text
        return f"⟦docgen:footnote:{number}⟧"

    def section(self, orientation: Orientation) -> str:
        """A new section from here on: the appendix of a portrait order in landscape."""
        number = self._next()
        self.sections[number] = orientation
        return f"⟦docgen:section:{number}⟧"
