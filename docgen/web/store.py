"""The web application's own data: accounts, login failures, bulk runs and their documents, in
one SQLite file in the data folder (no other service to install)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: an old session never finds a new user
    login TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('district', 'school', 'secretary')),
    school TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    login TEXT NOT NULL COLLATE NOCASE,
    address TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS failures_login ON failures (login, at);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started REAL NOT NULL,
    finished REAL,
    state TEXT NOT NULL,
    total INTEGER NOT NULL DEFAULT 0,
    done INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    bundle TEXT NOT NULL DEFAULT '',
    user TEXT NOT NULL DEFAULT '',
    warnings TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    run INTEGER NOT NULL REFERENCES runs (id),
    school TEXT NOT NULL,
    path TEXT NOT NULL,
    status TEXT NOT NULL,
    problems TEXT NOT NULL DEFAULT '',
    pdf TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS documents_run ON documents (run, school);
"""

ROLES = {"district": "район", "school": "школа", "secretary": "секретарь"}


@dataclass(frozen=True)
class User:
    id: int
    login: str
    password: str
    role: str
    school: str
    name: str


@dataclass(frozen=True)
class Run:
    id: int
    started: float
    finished: float | None
    state: str  # «идёт», «готово», «ошибка»
    total: int
    done: int
    message: str
    bundle: str
    user: str
    warnings: str  # JSON: the district's own warnings (its plan), as rows of problems


@dataclass(frozen=True)
class Document:
    id: int
    run: int
    school: str
    path: str
    status: str
    problems: str
    pdf: str


class Store:
    """One SQLite file; a connection per call, so that the server's threads and the bulk run's
    thread never share one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        with self.connect() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30)
        db.row_factory = sqlite3.Row
        try:
            with db:
                yield db
        finally:
            db.close()

    # accounts
    def has_users(self) -> bool:
        with self.connect() as db:
            return db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    def add_user(self, login: str, password_hash: str, role: str, school: str, name: str) -> int:
        with self.connect() as db:
            cursor = db.execute(
                "INSERT INTO users (login, password, role, school, name, created) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (login, password_hash, role, school, name, time.time()),
            )
            return int(cursor.lastrowid or 0)

    def user(self, login: str | None = None, *, id: int | None = None) -> User | None:
        with self.connect() as db:
            if id is not None:
                row = db.execute("SELECT * FROM users WHERE id = ?", (id,)).fetchone()
            else:
                row = db.execute("SELECT * FROM users WHERE login = ?", (login,)).fetchone()
        return _user(row) if row else None

    def users(self) -> list[User]:
        with self.connect() as db:
            rows = db.execute("SELECT * FROM users ORDER BY role, school, login").fetchall()
        return [_user(row) for row in rows]

    def delete_user(self, id: int) -> None:
        with self.connect() as db:
            db.execute("DELETE FROM users WHERE id = ?", (id,))

    def set_password(self, id: int, password_hash: str) -> None:
        with self.connect() as db:
            db.execute("UPDATE users SET password = ? WHERE id = ?", (password_hash, id))

    # login attempts
    def failures(self, login: str, since: float) -> int:
        with self.connect() as db:
            row = db.execute(
                "SELECT COUNT(*) FROM failures WHERE login = ? AND at >= ?", (login, since)
            ).fetchone()
        return int(row[0])

    def address_failures(self, address: str, since: float) -> int:
        with self.connect() as db:
            row = db.execute(
                "SELECT COUNT(*) FROM failures WHERE address = ? AND at >= ?", (address, since)
            ).fetchone()
        return int(row[0])

    def fail(self, login: str, address: str) -> None:
        with self.connect() as db:
            db.execute(
                "INSERT INTO failures (login, address, at) VALUES (?, ?, ?)",
                (login, address, time.time()),
            )

    def forget_failures(self, login: str) -> None:
        with self.connect() as db:
            db.execute("DELETE FROM failures WHERE login = ?", (login,))

    # runs and documents
    def start_run(self, user: str) -> int:
        with self.connect() as db:
            cursor = db.execute(
                "INSERT INTO runs (started, state, user) VALUES (?, 'идёт', ?)",
                (time.time(), user),
            )
            return int(cursor.lastrowid or 0)

    def progress(self, run: int, *, total: int | None = None, done: int | None = None) -> None:
        with self.connect() as db:
            if total is not None:
                db.execute("UPDATE runs SET total = ? WHERE id = ?", (total, run))
            if done is not None:
                db.execute("UPDATE runs SET done = ? WHERE id = ?", (done, run))

    def finish_run(
        self,
        run: int,
        state: str,
        message: str,
        bundle: str,
        documents: list[tuple[str, str, str, str, str]],
        warnings: str = "[]",
    ) -> None:
        with self.connect() as db:
            db.executemany(
                "INSERT INTO documents (run, school, path, status, problems, pdf) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(run, *document) for document in documents],
            )
            db.execute(
                "UPDATE runs SET state = ?, message = ?, bundle = ?, finished = ?, warnings = ? "
                "WHERE id = ?",
                (state, message, bundle, time.time(), warnings, run),
            )

    def run(self, id: int | None = None) -> Run | None:
        """The run ``id``, or the latest one."""
        with self.connect() as db:
            if id is None:
                row = db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
            else:
                row = db.execute("SELECT * FROM runs WHERE id = ?", (id,)).fetchone()
        return Run(**dict(row)) if row else None

    def last_finished(self) -> Run | None:
        with self.connect() as db:
            row = db.execute(
                "SELECT * FROM runs WHERE state != 'идёт' ORDER BY id DESC LIMIT 1"
            ).fetchone()
        return Run(**dict(row)) if row else None

    def documents(self, run: int, school: str | None = None) -> list[Document]:
        with self.connect() as db:
            if school is None:
                rows = db.execute(
                    "SELECT * FROM documents WHERE run = ? ORDER BY school, path", (run,)
                ).fetchall()
            else:
                rows = db.execute(
                    "SELECT * FROM documents WHERE run = ? AND school = ? ORDER BY path",
                    (run, school),
                ).fetchall()
        return [Document(**dict(row)) for row in rows]

    def school_documents(self, school: str) -> list[Document]:
        """The school's documents from the latest run that made any of them."""
        with self.connect() as db:
            row = db.execute(
                "SELECT MAX(run) FROM documents WHERE school = ?", (school,)
            ).fetchone()
        return self.documents(int(row[0]), school) if row and row[0] is not None else []

    def document(self, id: int) -> Document | None:
        with self.connect() as db:
            row = db.execute("SELECT * FROM documents WHERE id = ?", (id,)).fetchone()
        return Document(**dict(row)) if row else None

    def interrupted(self) -> None:
        """A run the server was stopped during is marked so, not left «идёт» for ever."""
        with self.connect() as db:
            db.execute(
                "UPDATE runs SET state = 'ошибка', message = 'прервано: сервер был остановлен', "
                "finished = ? WHERE state = 'идёт'",
                (time.time(),),
            )


def _user(row: sqlite3.Row) -> User:
    return User(row["id"], row["login"], row["password"], row["role"], row["school"], row["name"])
