"""What a bulk run is made of and what it reports: schools' documents, outcomes, counts.

Kept light (no data machinery imported) so that the command line can report a rerun with
nothing to do without loading it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.errors import DocgenError, Location

if TYPE_CHECKING:  # the command line checks a rerun before it loads any of the data machinery
    from docgen.loading import Data


@dataclass(frozen=True)
class ReportRequest:
    """A school's analytical report, made from the district's monitoring workbook."""

    workbook: str
    school: str

    def model_dump_json(self) -> str:
        return f'{{"report": "{self.workbook}", "school": "{self.school}"}}'


@dataclass(frozen=True)
class Document:
    """One document of a school: where it goes, the data it is made from, its inputs' digest."""

    path: str
    data: Data | ReportRequest
    inputs: str = ""
    warnings: tuple[DocgenError, ...] = ()  # what the workbook says about it, before rendering
    # where a key path of ``data`` was written (a cell of the workbook or a line of the plan),
    # so that a problem found when rendering is placed there; None: by key path only
    locate: Callable[[tuple[str | int, ...]], Location] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SchoolJob:
    """A school's documents, or the problems that keep them from being made."""

    key: str
    name: str
    documents: tuple[Document, ...] = ()
    problems: tuple[DocgenError, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Planned:
    """A school as the run first sees it: its outputs and the digests of their inputs, known
    before its data is validated, so that an unchanged school costs a hash and nothing more."""

    key: str
    name: str
    outputs: tuple[tuple[str, str], ...]
    build: Callable[[], SchoolJob]
    left_out: tuple[str, ...] = ()  # the plan's activities not for this school (its type)


class Status(StrEnum):
    """What a run did with one output."""

    CREATED = "создан"
    UPDATED = "обновлён"
    UNCHANGED = "без изменений"
    FAILED = "ошибка"


@dataclass(frozen=True)
class Outcome:
    """What happened to one output (or to a whole school, when ``path`` is empty)."""

    school: str
    path: str
    status: Status
    output: str = ""
    problems: tuple[DocgenError, ...] = ()
    pdf: str = ""
    size: int = -1  # the output's size and modification time when its digest was taken
    mtime_ns: int = -1


@dataclass
class BulkResult:
    """The run's outcomes, the outputs that no longer belong to any school, and its time."""

    outcomes: list[Outcome] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    bundle: Path | None = None
    rebuilt_after_update: int = 0  # outputs of an older docgen made again
    warnings: list[DocgenError] = field(default_factory=list)  # the district's own (its plan)
    seconds: float = 0.0
    interrupted: bool = False
    #: the files the run read: the workbook, the plan and the files it extends, the
    #: monitoring, the templates, the exception files (what ``bulk --watch`` watches)
    inputs: tuple[Path, ...] = ()

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status is status and o.path)

    @property
    def failed_schools(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status is Status.FAILED]


def update_note(result: BulkResult) -> str | None:
    """«docgen обновлён: пересобраны 41 документ» when a newer docgen made old outputs again."""
    from docgen.grammar.numerals import plural_word

    count = result.rebuilt_after_update
    if not count:
        return None
    verb = plural_word(count, "пересобран", "пересобраны", "пересобраны")
    noun = plural_word(count, "документ", "документа", "документов")
    return f"docgen обновлён: {verb} {count} {noun}"


def summary_rows(result: BulkResult) -> list[tuple[str, Any]]:
    """The final table: created, updated, unchanged, failed, time."""
    return [
        (Status.CREATED.value, result.count(Status.CREATED)),
        (Status.UPDATED.value, result.count(Status.UPDATED)),
        (Status.UNCHANGED.value, result.count(Status.UNCHANGED)),
        ("с ошибками (школ)", len({o.school for o in result.failed_schools})),
        ("время, с", f"{result.seconds:.1f}".replace(".", ",")),
    ]


def changed_files(result: BulkResult) -> list[tuple[Status, str]]:
    """The files this run wrote, created ones first, each list in path order: what the final
    table names besides the counts (an unchanged file is not listed, a rerun says nothing)."""
    return [
        (status, outcome.path)
        for status in (Status.CREATED, Status.UPDATED)
        for outcome in sorted(result.outcomes, key=lambda o: o.path)
        if outcome.status is status and outcome.path
    ]
