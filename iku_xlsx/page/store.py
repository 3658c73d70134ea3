"""The working folder's database (``iku.sqlite``) and its durable files.

One SQLite database in WAL mode with ``synchronous=FULL``: a transaction committed is on the
disk. Each thread has its own connection; every write is one transaction. Files are written
to a temporary name, flushed to the disk, then given their name (never over an existing
file), and the folder is flushed too, so that a file named in the database exists.

The schema only grows. A table added later is made by :data:`SCHEMA` (``IF NOT EXISTS``); a
column added later to an existing table is in :data:`ADDED_COLUMNS`, added when a database
made before it is opened (its old rows hold NULL there), and ``meta.schema`` says the version.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATABASE = "iku.sqlite"
SCHEMA_VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS receipts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request TEXT NOT NULL,          -- the upload request it came in (one token per request)
    sha256 TEXT NOT NULL,
    stored TEXT,                    -- 'diterima/<sha256>.xlsx'; NULL when not kept (too large)
    name TEXT NOT NULL,             -- the name the sender gave: data, never a path
    size INTEGER NOT NULL,
    received TEXT NOT NULL,         -- ISO 8601 with the offset
    via TEXT NOT NULL,              -- 'planner' or the unit id whose link sent it
    catalog TEXT NOT NULL,          -- fingerprint of the catalog it was checked against
    year INTEGER NOT NULL,          -- the reporting year it was checked against
    units TEXT NOT NULL,            -- JSON list: the units it counts for
    file_units TEXT NOT NULL,       -- JSON list: the units its metadata names
    kecamatan TEXT,                 -- as its metadata says
    file_year INTEGER,              -- as its metadata says
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    problems TEXT NOT NULL,         -- JSON list, as check --json
    feedback TEXT                   -- id of the feedback copy (catatan/<id>/), or NULL
);
CREATE INDEX IF NOT EXISTS receipts_setup ON receipts (catalog, year, id);
CREATE TABLE IF NOT EXISTS consolidations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    made TEXT NOT NULL,
    catalog TEXT NOT NULL,
    year INTEGER NOT NULL,
    workbook TEXT NOT NULL,         -- 'rekap/<name>.xlsx'
    csv TEXT NOT NULL,              -- 'rekap/<name>.csv'
    receipts TEXT NOT NULL,         -- JSON list of the receipt ids consolidated
    problems TEXT NOT NULL,         -- JSON list
    lkjip TEXT,                     -- 'rekap/<name>.docx'; NULL before version 2
    previous TEXT                   -- JSON list of the earlier years' file ids used; NULL: none
);
CREATE TABLE IF NOT EXISTS previous_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request TEXT NOT NULL,          -- the upload request it came in
    sha256 TEXT NOT NULL,
    stored TEXT,                    -- 'sebelumnya/<sha256>.xlsx' or '.csv'; NULL when not kept
    name TEXT NOT NULL,             -- the name the sender gave: data, never a path
    size INTEGER NOT NULL,
    received TEXT NOT NULL,         -- ISO 8601 with the offset
    catalog TEXT NOT NULL,          -- fingerprint of the catalog it was read against
    year INTEGER NOT NULL,          -- the reporting year it was read for
    kecamatan TEXT,                 -- as read, when it can be used
    years TEXT NOT NULL,            -- JSON list: the earlier years it holds, as read
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    problems TEXT NOT NULL          -- JSON list, as check --json
);
CREATE INDEX IF NOT EXISTS previous_setup ON previous_files (catalog, year, id);
"""
# Columns added to a table after version 1: (table, column, declaration), each in SCHEMA too.
ADDED_COLUMNS = (
    ("consolidations", "lkjip", "TEXT"),
    ("consolidations", "previous", "TEXT"),
)


@dataclass(frozen=True)
class Row:
    """One receipt as the database holds it."""

    id: int
    request: str
    sha256: str
    stored: str | None
    name: str
    size: int
    received: str
    via: str
    catalog: str
    year: int
    units: tuple[str, ...]
    file_units: tuple[str, ...]
    kecamatan: str | None
    file_year: int | None
    errors: int
    warnings: int
    problems: list[dict[str, Any]]
    feedback: str | None

    @property
    def accepted(self) -> bool:
        return self.errors == 0

    @classmethod
    def from_sql(cls, row: sqlite3.Row) -> Row:
        values = dict(row)
        values["units"] = tuple(json.loads(values["units"]))
        values["file_units"] = tuple(json.loads(values["file_units"]))
        values["problems"] = json.loads(values["problems"])
        return cls(**values)


@dataclass(frozen=True)
class ConsolidationRow:
    id: int
    made: str
    catalog: str
    year: int
    workbook: str
    csv: str
    receipts: list[int]
    problems: list[dict[str, Any]]
    lkjip: str | None  # None: made before the page wrote the LKjIP document
    previous: list[int]  # the earlier years' files used

    @classmethod
    def from_sql(cls, row: sqlite3.Row) -> ConsolidationRow:
        values = dict(row)
        values["receipts"] = json.loads(values["receipts"])
        values["problems"] = json.loads(values["problems"])
        values["previous"] = json.loads(values["previous"] or "[]")
        return cls(**values)


@dataclass(frozen=True)
class PreviousRow:
    """One earlier year's file (a consolidated workbook or tidy CSV) as the database holds it."""

    id: int
    request: str
    sha256: str
    stored: str | None
    name: str
    size: int
    received: str
    catalog: str
    year: int
    kecamatan: str | None
    years: tuple[int, ...]
    errors: int
    warnings: int
    problems: list[dict[str, Any]]

    @classmethod
    def from_sql(cls, row: sqlite3.Row) -> PreviousRow:
        values = dict(row)
        values["years"] = tuple(json.loads(values["years"]))
        values["problems"] = json.loads(values["problems"])
        return cls(**values)


class Database:
    """``iku.sqlite`` of one working folder: a connection per thread, a transaction per write."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()
        self.connection().executescript(SCHEMA)  # its own transaction; idempotent
        with self.transaction() as connection:
            _add_columns(connection)
            connection.execute(
                "INSERT INTO meta (key, value) VALUES ('schema', ?) ON CONFLICT (key) "
                "DO UPDATE SET value = excluded.value WHERE CAST(value AS INTEGER) < ?",
                (str(SCHEMA_VERSION), SCHEMA_VERSION),
            )

    def connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                self.path, timeout=60, isolation_level=None, check_same_thread=True
            )
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute("PRAGMA foreign_keys=ON")
            self._local.connection = connection
        return connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: writers queue, readers go on)."""
        connection = self.connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    # --- meta ------------------------------------------------------------------------------

    def secret(self) -> str:
        """The planner's key: made once (random), then kept, so bookmarks survive restarts."""
        with self.transaction() as connection:
            connection.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('planner_key', ?)",
                (secrets.token_urlsafe(32),),
            )
            row = connection.execute("SELECT value FROM meta WHERE key = 'planner_key'").fetchone()
        return str(row["value"])

    # --- receipts --------------------------------------------------------------------------

    def add_receipt(self, **values: Any) -> int:
        return self._insert("receipts", values, ("units", "file_units", "problems"))

    def receipts(self, catalog: Sequence[str], year: int) -> list[Row]:
        """Every receipt checked against this catalog (known by any of its fingerprints) and
        year, in the order received."""
        return [Row.from_sql(row) for row in self._of_setup("receipts", catalog, year)]

    def receipt(self, receipt_id: int) -> Row | None:
        row = self._by_id("receipts", receipt_id)
        return None if row is None else Row.from_sql(row)

    def request_receipts(self, request: str) -> list[Row]:
        rows = self.connection().execute(
            "SELECT * FROM receipts WHERE request = ? ORDER BY id", (request,)
        )
        return [Row.from_sql(row) for row in rows]

    # --- consolidations ----------------------------------------------------------------------

    def add_consolidation(self, **values: Any) -> int:
        return self._insert("consolidations", values, ("receipts", "problems", "previous"))

    def _insert(self, table: str, values: dict[str, Any], as_json: tuple[str, ...]) -> int:
        """One row into ``table`` (a name of this module's, never a client's), the
        ``as_json`` columns stored as JSON text; its id."""
        row = {
            key: json.dumps(value, ensure_ascii=False) if key in as_json else value
            for key, value in values.items()
        }
        columns = ", ".join(row)
        marks = ", ".join(f":{key}" for key in row)
        with self.transaction() as connection:
            cursor = connection.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", row)
            return int(cursor.lastrowid or 0)

    def _of_setup(
        self, table: str, catalog: Sequence[str], year: int, order: str = "id"
    ) -> list[sqlite3.Row]:
        """The rows of ``table`` (a name of this module's) recorded against a catalog, known
        by any of its fingerprints, and a year."""
        return (
            self.connection()
            .execute(
                f"SELECT * FROM {table} WHERE catalog IN ({_marks(catalog)}) AND year = ? "
                f"ORDER BY {order}",
                (*catalog, year),
            )
            .fetchall()
        )

    def _by_id(self, table: str, row_id: int) -> sqlite3.Row | None:
        """One row of ``table`` (a name of this module's)."""
        cursor = self.connection().execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        return cursor.fetchone()

    def consolidation(self, consolidation_id: int) -> ConsolidationRow | None:
        row = self._by_id("consolidations", consolidation_id)
        return None if row is None else ConsolidationRow.from_sql(row)

    def consolidations(self, catalog: Sequence[str], year: int) -> list[ConsolidationRow]:
        rows = self._of_setup("consolidations", catalog, year, order="id DESC")
        return [ConsolidationRow.from_sql(row) for row in rows]

    # --- earlier years' files ----------------------------------------------------------------

    def add_previous(self, **values: Any) -> int:
        return self._insert("previous_files", values, ("years", "problems"))

    def previous_files(self, catalog: Sequence[str], year: int) -> list[PreviousRow]:
        """Every earlier year's file read against this catalog and year, in the order received."""
        rows = self._of_setup("previous_files", catalog, year)
        return [PreviousRow.from_sql(row) for row in rows]

    def previous_file(self, previous_id: int) -> PreviousRow | None:
        row = self._by_id("previous_files", previous_id)
        return None if row is None else PreviousRow.from_sql(row)


def _add_columns(connection: sqlite3.Connection) -> None:
    """The columns added since version 1, to a database made before them (in the caller's
    transaction: two processes opening one folder add each once)."""
    for table, column, declaration in ADDED_COLUMNS:
        present = {row["name"] for row in connection.execute(f"PRAGMA table_info({table})")}
        if column not in present:  # the names are this module's, never a client's
            connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")


# --- durable files ------------------------------------------------------------------------


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries to the disk (POSIX; Windows has no such call, NTFS logs it)."""
    if sys.platform == "win32":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def sync_file(path: Path) -> None:
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())


def place_new(data: bytes, target: Path) -> None:
    """Write ``data`` as ``target`` durably, unless ``target`` exists (it is never replaced)."""
    folder = target.parent
    handle, temporary = _temporary(folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        _link_or_rename(Path(temporary), target)
        sync_folder(folder)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _temporary(folder: Path) -> tuple[int, str]:
    name = folder / f".masuk-{secrets.token_hex(8)}.tmp"
    handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    return handle, str(name)


def _link_or_rename(temporary: Path, target: Path) -> None:
    """Give ``temporary`` the name ``target`` without replacing a file of that name."""
    try:
        os.link(temporary, target)  # fails when target exists: nothing is replaced
    except FileExistsError:
        return
    except OSError:  # a file system without hard links (FAT): rename where nothing is
        if target.exists():
            return
        try:
            os.rename(temporary, target)  # Windows: fails when target exists
        except FileExistsError:
            return


def _marks(values: Sequence[object]) -> str:
    """The placeholders of an SQL ``IN (...)`` over ``values``: "?, ?"."""
    return ", ".join("?" * len(values))
