"""The registration journal: an SQLite file where orders take their numbers in turn.

Why SQLite: one file the user can copy and back up, no service to run, and transactions that
keep two runs at once (two secretaries, a bulk run's workers) from taking the same number.
Every change happens in a ``BEGIN IMMEDIATE`` transaction: the second writer waits for the first
to finish, then sees its number. The journal keeps no clock time: its rows are what the
documents say (date, kind, number, title, signer, executor, the digest of the DOCX).

A document is known by its key: the organization, the kind, the year of its date, and its
source (the data file's path relative to the journal's folder, or a bulk run's «книга#школа»).
Rendering it again finds its row and keeps its number, whatever else of its data changed. A
voided number stays in the journal, marked, and is never given again; the document it belonged
to takes a new number on its next render.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from docgen.errors import DataError, Location, OutputError

#: The journal's file when the user names none: beside the order's data file.
DEFAULT_NAME: Final = "журнал.sqlite"
#: The number is the bare sequence number when the organization sets no pattern.
DEFAULT_PATTERN: Final = "{n}"
#: What the number field says to take the next number from the journal.
AUTO_WORDS: Final = frozenset({"auto", "авто", "автоматически"})
_VERSION: Final = 1
_WAIT_SECONDS: Final = 120.0  # another run renders its document inside its transaction

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    organization TEXT NOT NULL,
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL,
    source TEXT,
    date TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    signer TEXT NOT NULL DEFAULT '',
    executor TEXT NOT NULL DEFAULT '',
    digest TEXT NOT NULL DEFAULT '',
    voided TEXT,
    execution TEXT NOT NULL DEFAULT '',
    UNIQUE (organization, kind, year, seq),
    UNIQUE (organization, kind, year, source)
)
"""


def is_auto(number: str | None) -> bool:
    """«auto» or «авто» in the number field: the journal gives the number."""
    return number is not None and number.strip().lower() in AUTO_WORDS


def format_number(pattern: str, seq: int, year: int) -> str:
    """«{n}-од» with 12 → «12-од»; ``{year}`` is the year of the document's date."""
    return pattern.replace("{n}", str(seq)).replace("{year}", str(year))


def pattern_problem(pattern: str) -> str | None:
    """What is wrong with a number pattern: it names the sequence number once, nothing else
    in braces; None when it is right."""
    rest = pattern.replace("{n}", "").replace("{year}", "")
    if pattern.count("{n}") != 1 or "{" in rest or "}" in rest:
        return (
            f"шаблон номера «{pattern}» должен содержать «{{n}}» (порядковый номер) ровно "
            "один раз, например «{n}-од» или «{n}/1-ср»; можно ещё «{year}» (год)"
        )
    return None


def check_pattern(pattern: str, where: Location) -> str:
    """The pattern, or a DataError at ``where`` saying what is wrong with it."""
    problem = pattern_problem(pattern)
    if problem is not None:
        raise DataError(problem, where)
    return pattern


@dataclass(frozen=True)
class Registration:
    """What a render tells the journal about its document."""

    organization: str
    kind: str
    date: date
    source: str
    pattern: str = DEFAULT_PATTERN
    title: str = ""
    signer: str = ""
    executor: str = ""


@dataclass(frozen=True)
class Entry:
    """One row of the journal, as the office reads it."""

    organization: str
    kind: str
    year: int
    seq: int
    number: str
    date: date
    title: str
    signer: str
    executor: str
    digest: str
    source: str | None
    voided: str | None
    execution: str


class Journal:
    """A journal file; every method opens it for the time it needs, so runs can share it."""

    def __init__(self, path: Path, *, wait: float = _WAIT_SECONDS) -> None:
        self.path = path
        self.wait = wait

    # ------------------------------------------------------------------------------- opening

    def _where(self) -> Location:
        return Location(file=str(self.path))

    @contextmanager
    def _connection(self, *, create: bool) -> Iterator[sqlite3.Connection]:
        if not create and not self.path.is_file():
            raise DataError("журнал регистрации не найден", self._where())
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=self.wait, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(
                f"не удалось открыть журнал регистрации: {exc}", self._where()
            ) from None
        try:
            yield connection
        finally:
            connection.close()

    @contextmanager
    def _transaction(
        self, *, create: bool = True, write: bool = True
    ) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE: the write lock from the start, so a second run waits its turn; a
        read (the list, the export, a peek) takes no lock ahead and does not wait for a render
        in progress."""
        with self._connection(create=create) as connection:
            try:
                connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                self._prepare(connection)
            except sqlite3.DatabaseError as exc:
                raise self._broken(exc) from None
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            try:
                connection.execute("COMMIT")
            except sqlite3.Error as exc:
                raise OutputError(
                    f"не удалось сохранить журнал регистрации: {exc}", self._where()
                ) from None

    def _broken(self, exc: sqlite3.Error) -> DocgenJournalError:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            return DocgenJournalError(
                "журнал регистрации занят другим запуском дольше "
                f"{int(self.wait)} с; повторите позже",
                self._where(),
            )
        return DocgenJournalError(
            f"файл не является журналом регистрации docgen (SQLite): {exc}", self._where()
        )

    def _prepare(self, connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if version == 0 and not tables:
            connection.execute(_SCHEMA)
            connection.execute(f"PRAGMA user_version = {_VERSION}")
        elif version != _VERSION or "entries" not in tables:
            raise DocgenJournalError(
                "файл — база SQLite, но не журнал регистрации docgen (или журнал более новой "
                "версии docgen)",
                self._where(),
            )

    # ------------------------------------------------------------------------------- numbers

    @contextmanager
    def registering(self, registration: Registration) -> Iterator[Ticket]:
        """Take the document's number (its old one, or the next) and hold the journal until the
        document is written: ``ticket.number`` to render with, then ``ticket.done(digest)``.
        An error inside leaves the journal as it was: a number is taken only by a document
        that was written."""
        check_pattern(registration.pattern, self._where())
        with self._transaction() as connection:
            ticket = Ticket(connection, registration)
            yield ticket
            if not ticket.finished:
                raise RuntimeError("registering() ended without ticket.done()")

    def peek(self, registration: Registration) -> str:
        """The number the document has or would take now, changing nothing (``docgen check``)."""
        check_pattern(registration.pattern, self._where())
        if not self.path.is_file():
            return format_number(registration.pattern, 1, registration.date.year)
        with self._transaction(create=False, write=False) as connection:
            return Ticket(connection, registration).number

    def void(
        self,
        number: str,
        reason: str = "",
        *,
        organization: str | None = None,
        kind: str | None = None,
        year: int | None = None,
    ) -> Entry:
        """Mark a number void: it stays in the journal and is never given again."""
        with self._transaction(create=False) as connection:
            entry = self._one(connection, number, organization, kind, year)
            if entry.voided is not None:
                raise DocgenJournalError(f"номер {number} уже аннулирован", self._where())
            connection.execute(
                "UPDATE entries SET voided = ?, source = NULL "
                "WHERE organization = ? AND kind = ? AND year = ? AND seq = ?",
                (reason, entry.organization, entry.kind, entry.year, entry.seq),
            )
            return self._one(connection, number, organization, kind, year)

    def mark(
        self,
        number: str,
        text: str,
        *,
        organization: str | None = None,
        kind: str | None = None,
        year: int | None = None,
    ) -> Entry:
        """The execution mark («исполнено 20.05.2024») of an order, shown by the export."""
        with self._transaction(create=False) as connection:
            entry = self._one(connection, number, organization, kind, year)
            connection.execute(
                "UPDATE entries SET execution = ? "
                "WHERE organization = ? AND kind = ? AND year = ? AND seq = ?",
                (text, entry.organization, entry.kind, entry.year, entry.seq),
            )
            return self._one(connection, number, organization, kind, year)

    def entries(
        self,
        *,
        organization: str | None = None,
        kind: str | None = None,
        year: int | None = None,
    ) -> list[Entry]:
        """The journal's rows: by organization, kind, year and number."""
        with self._transaction(create=False, write=False) as connection:
            return _select(connection, organization, kind, year)

    def _one(
        self,
        connection: sqlite3.Connection,
        number: str,
        organization: str | None,
        kind: str | None,
        year: int | None,
    ) -> Entry:
        found = [e for e in _select(connection, organization, kind, year) if e.number == number]
        if not found:
            raise DocgenJournalError(f"в журнале нет номера «{number}»", self._where())
        if len(found) > 1:
            which = "; ".join(f"{e.organization}, {e.kind}, {e.year}" for e in found)
            raise DocgenJournalError(
                f"номер «{number}» есть в журнале несколько раз ({which}): уточните "
                "--org, --kind или --year",
                self._where(),
            )
        return found[0]


class DocgenJournalError(DataError):
    """The journal file is not a journal, is busy too long, or lacks what was asked for."""


class Ticket:
    """A document's place in the journal while its transaction is open."""

    def __init__(self, connection: sqlite3.Connection, registration: Registration) -> None:
        self.connection = connection
        self.registration = registration
        self.finished = False
        r = registration
        year = r.date.year
        row = connection.execute(
            "SELECT seq, number FROM entries "
            "WHERE organization = ? AND kind = ? AND year = ? AND source = ?",
            (r.organization, r.kind, year, r.source),
        ).fetchone()
        if row is not None:
            self.seq, self.number, self.new = int(row[0]), str(row[1]), False
        else:
            last = connection.execute(
                "SELECT MAX(seq) FROM entries WHERE organization = ? AND kind = ? AND year = ?",
                (r.organization, r.kind, year),
            ).fetchone()[0]
            self.seq = int(last or 0) + 1
            self.number = format_number(r.pattern, self.seq, year)
            self.new = True

    def done(self, digest: str, *, title: str = "", signer: str = "", executor: str = "") -> None:
        """Record the written document: its data as it is now (title, signer and executor as
        the document prints them) and the digest of its bytes."""
        r = self.registration
        values = (
            r.date.isoformat(),
            title or r.title,
            signer or r.signer,
            executor or r.executor,
            digest,
        )
        if self.new:
            self.connection.execute(
                "INSERT INTO entries (organization, kind, year, seq, number, source, date, "
                "title, signer, executor, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (r.organization, r.kind, r.date.year, self.seq, self.number, r.source, *values),
            )
        else:
            self.connection.execute(
                "UPDATE entries SET date = ?, title = ?, signer = ?, executor = ?, digest = ? "
                "WHERE organization = ? AND kind = ? AND year = ? AND seq = ?",
                (*values, r.organization, r.kind, r.date.year, self.seq),
            )
        self.finished = True


def _select(
    connection: sqlite3.Connection,
    organization: str | None,
    kind: str | None,
    year: int | None,
) -> list[Entry]:
    where, values = [], []
    for column, value in (("organization", organization), ("kind", kind), ("year", year)):
        if value is not None:
            where.append(f"{column} = ?")
            values.append(value)
    query = (
        "SELECT organization, kind, year, seq, number, date, title, signer, executor, digest, "
        "source, voided, execution FROM entries"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY organization, kind, year, seq"
    )
    return [
        Entry(
            organization=row[0],
            kind=row[1],
            year=int(row[2]),
            seq=int(row[3]),
            number=row[4],
            date=date.fromisoformat(row[5]),
            title=row[6],
            signer=row[7],
            executor=row[8],
            digest=row[9],
            source=row[10],
            voided=row[11],
            execution=row[12],
        )
        for row in connection.execute(query, values)
    ]
