"""The web page's data folder: an embedded SQLite database (the only module importing sqlite3) and the files.

DIR/gigen.sqlite3 holds the office's settings, the units, every upload, sessions and failed logins; DIR/files/
holds every file sent or made, under names the store makes (u3f9c….xlsx), never a name a browser sent.
Nothing acknowledged is lost when the server is killed: the database is in WAL mode with synchronous=FULL, and a
file is written whole and fsync'd before the row that names it is committed.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import GigenError
from ..files import reason
from . import folder as disk
from . import security
from .folder import StorageError, unit_name
from .records import Unit, Upload

DATABASE = "gigen.sqlite3"
FILES = "files"
SESSION_SECONDS = 12 * 60 * 60
FAILURES_KEPT = 24 * 60 * 60  # failed logins older than this are forgotten (the window is 15 minutes)
STATES = ("checking", "checked", "failed")
WHATS = ("workbook", "published")

# _SCHEMA[v] brings a database at user_version v to v + 1; a released step is never edited, only followed.
_SCHEMA = (
    """CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
    CREATE TABLE units (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, token TEXT NOT NULL,
        created TEXT NOT NULL);
    CREATE UNIQUE INDEX units_token ON units (token) WHERE token <> '';
    CREATE TABLE uploads (id INTEGER PRIMARY KEY AUTOINCREMENT, unit_id INTEGER NOT NULL REFERENCES units (id),
        year INTEGER NOT NULL, what TEXT NOT NULL, filename TEXT NOT NULL, stored TEXT NOT NULL, size INTEGER NOT NULL,
        at TEXT NOT NULL, state TEXT NOT NULL, errors INTEGER DEFAULT 0, warnings INTEGER DEFAULT 0,
        findings TEXT DEFAULT '[]', org TEXT DEFAULT '', report TEXT DEFAULT '', pdf TEXT DEFAULT '',
        draft INTEGER DEFAULT 0, note TEXT DEFAULT '', result TEXT DEFAULT '', final INTEGER DEFAULT 0);
    CREATE INDEX uploads_unit ON uploads (unit_id, year, id);
    CREATE INDEX uploads_state ON uploads (state);
    CREATE TABLE carried (unit_id INTEGER NOT NULL REFERENCES units (id), year INTEGER NOT NULL,
        stored TEXT NOT NULL, PRIMARY KEY (unit_id, year));
    CREATE TABLE sessions (id TEXT PRIMARY KEY, csrf TEXT NOT NULL, expires REAL NOT NULL);
    CREATE TABLE failures (client TEXT NOT NULL, at REAL NOT NULL);
    CREATE INDEX failures_client ON failures (client, at)""",
)
VERSION = len(_SCHEMA)


def clock() -> float:
    """Seconds since the epoch: session lifetimes and the login window (tests move it forward)."""
    return time.time()


def now() -> str:
    """The local time in ISO form, to the second: when a unit was added or a file sent."""
    return datetime.now().isoformat(timespec="seconds")


class Store:
    """The data folder. One connection, shared by the server's threads under a lock: simple, and fast enough."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.files = folder, folder / FILES
        try:
            self.files.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise GigenError(f"{folder}：无法建立数据文件夹（{reason(e)}）。") from e
        self._lock = threading.Lock()
        database = self.folder / DATABASE
        try:
            self._db = sqlite3.connect(database, timeout=30, isolation_level=None, check_same_thread=False)
            self._open()
        except (sqlite3.OperationalError, StorageError) as e:  # read-only, locked, disk full, unable to open
            raise GigenError(f"{database}：无法打开或写入数据库，请检查数据文件夹的权限和磁盘空间。") from e
        except sqlite3.DatabaseError as e:  # "file is not a database", a damaged page
            raise GigenError(
                f"{database}：不是gigen的数据库或已损坏，请换一个数据文件夹或从备份恢复。"
            ) from e

    def _open(self) -> None:
        """WAL, full sync, foreign keys; the schema made or brought up to date."""
        self._db.row_factory = sqlite3.Row
        if self._db.execute("PRAGMA journal_mode=WAL").fetchone()[0] != "wal":
            raise sqlite3.DatabaseError("WAL mode refused")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        with self._write() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > VERSION:
                raise GigenError(
                    f"{self.folder / DATABASE}：数据库由更新版本的gigen建立（第{version}版），请升级gigen后再启动。"
                )
            for step in range(version, VERSION):
                for statement in _SCHEMA[step].split(";"):
                    if statement.strip():
                        db.execute(statement)
            db.execute(f"PRAGMA user_version={VERSION}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction, taken for writing from its start, committed whole or not at all."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as e:
                if self._db.in_transaction:  # a failed COMMIT (disk full, busy) leaves it open
                    self._db.execute("ROLLBACK")
                if isinstance(e, sqlite3.OperationalError):  # disk full, read-only, locked: not a bug
                    raise disk.refused(self.folder / DATABASE, str(e)) from e
                raise

    def _rows(self, sql: str, *args: object) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _one(self, sql: str, *args: object) -> sqlite3.Row | None:
        rows = self._rows(sql, *args)
        return rows[0] if rows else None

    def _uploads(self, where: str, *args: object) -> list[Upload]:
        return [_upload(row) for row in self._rows(f"SELECT * FROM uploads WHERE {where}", *args)]

    def _run(self, sql: str, *args: object) -> int:
        """One statement committed on its own; the number of rows it changed."""
        with self._write() as db:
            return db.execute(sql, args).rowcount

    def _meta(self, key: str) -> Any:
        row = self._one("SELECT value FROM meta WHERE key = ?", key)
        if row is None:
            raise LookupError(f"the data folder is not initialised (no {key})")
        return row[0]

    def initialised(self) -> bool:
        return bool(self._rows("SELECT 1 FROM meta WHERE key = 'password'"))

    def initialise(self, password_hash: str, year: int) -> None:
        """The office's password and first year, and the secret of every HMAC; refused once done (ValueError)."""
        with self._write() as db:
            if db.execute("SELECT 1 FROM meta WHERE key = 'password'").fetchone():
                raise ValueError("the data folder is already initialised")
            values = {"password": password_hash, "year": year, "secret": secrets.token_bytes(32)}
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())

    def password_hash(self) -> str:
        return str(self._meta("password"))

    def set_password_hash(self, value: str) -> None:
        self._run("INSERT OR REPLACE INTO meta VALUES ('password', ?)", value)

    def secret(self) -> bytes:
        return bytes(self._meta("secret"))

    def year(self) -> int:
        return int(self._meta("year"))

    def set_year(self, year: int) -> None:
        self._run("INSERT OR REPLACE INTO meta VALUES ('year', ?)", year)

    def county(self) -> str:
        """The county's name as the office set it (叶城县), '' until set: it names the county's downloads."""
        row = self._one("SELECT value FROM meta WHERE key = 'county'")
        return str(row[0]) if row else ""

    def set_county(self, name: str) -> None:
        """The county's name, stripped; a blank one unsets it."""
        if name.strip():
            self._run("INSERT OR REPLACE INTO meta VALUES ('county', ?)", name.strip())
        else:
            self._run("DELETE FROM meta WHERE key = 'county'")

    def add_units(self, names: Sequence[str]) -> list[Unit]:
        """The units added, in order: names without their spaces (unit_name), blanks and names already there (or
        repeated) skipped."""
        added = []
        with self._write() as db:
            for name in map(unit_name, names):
                if not name:
                    continue
                cursor = db.execute(
                    "INSERT OR IGNORE INTO units (name, token, created) VALUES (?, ?, ?)",
                    (name, security.new_token(), now()),
                )
                if cursor.rowcount == 1:
                    row = db.execute("SELECT * FROM units WHERE id = ?", (cursor.lastrowid,)).fetchone()
                    added.append(_unit(row))
        return added

    def units(self) -> list[Unit]:
        return [_unit(row) for row in self._rows("SELECT * FROM units ORDER BY id")]

    def unit(self, unit_id: int) -> Unit | None:
        row = self._one("SELECT * FROM units WHERE id = ?", unit_id)
        return _unit(row) if row else None

    def unit_by_token(self, token: str) -> Unit | None:
        """The unit whose link carries this token: every live token compared in constant time, none skipped."""
        if not token:
            return None
        found = None
        for unit in self.units():
            if unit.token and security.same(unit.token, token):
                found = unit
        return found

    def reissue(self, unit_id: int) -> Unit:
        """A new link for the unit; the old one stops working (LookupError for an unknown unit)."""
        self._run("UPDATE units SET token = ? WHERE id = ?", security.new_token(), unit_id)
        unit = self.unit(unit_id)
        if unit is None:
            raise LookupError(f"no unit {unit_id}")
        return unit

    def revoke(self, unit_id: int) -> None:
        """The unit's link stops working until reissued."""
        self._run("UPDATE units SET token = '' WHERE id = ?", unit_id)

    def remove(self, unit_id: int) -> bool:
        """The unit taken off the county's list (a name added by mistake), only while it has sent nothing: what a
        unit sent is never deleted. False when it has uploads."""
        with self._write() as db:
            if db.execute("SELECT 1 FROM uploads WHERE unit_id = ? LIMIT 1", (unit_id,)).fetchone():
                return False
            db.execute("DELETE FROM carried WHERE unit_id = ?", (unit_id,))
            db.execute("DELETE FROM units WHERE id = ?", (unit_id,))
            return True

    def save_file(self, data: bytes, suffix: str, prefix: str = "f") -> str:
        """The data in a new file under a name the store makes (returned): written whole and fsync'd, or not at all."""
        return disk.save(self.files, data, suffix, prefix)

    def path(self, stored: str) -> Path:
        """Where a stored file is: ValueError for any name the store did not make (a path, "..", a sent name)."""
        return disk.path(self.files, stored)

    def add_upload(
        self, unit_id: int, year: int, what: str, filename: str, data: bytes, suffix: str
    ) -> Upload:
        """An upload kept, state "checking": its file is on disk, fsync'd, before its row is committed."""
        if what not in WHATS:
            raise ValueError(f"not an upload's kind: {what!r}")
        stored = self.save_file(data, suffix, "u" if what == "workbook" else "p")
        try:
            with self._write() as db:
                upload_id = db.execute(
                    "INSERT INTO uploads (unit_id, year, what, filename, stored, size, at, state)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, 'checking')",
                    (unit_id, year, what, disk.shown_name(filename), stored, len(data), now()),
                ).lastrowid
        except BaseException:
            with suppress(OSError):  # no row names it: the file would only take space
                self.path(stored).unlink()
            raise
        return self._uploads("id = ?", upload_id)[0]

    def finish_upload(
        self,
        upload_id: int,
        *,
        state: str,
        errors: int = 0,
        warnings: int = 0,
        findings: Sequence[Mapping[str, str]] = (),
        org: str = "",
        report: str = "",
        draft: bool = False,
        note: str = "",
        result: str = "",
    ) -> None:
        """What checking the upload found (the worker's result), written in one step."""
        if state not in STATES:
            raise ValueError(f"not an upload's state: {state!r}")
        for stored in (report, result):
            if stored:
                self.path(stored)  # refuses a name the store did not make
        found = json.dumps([dict(f) for f in findings], ensure_ascii=False)
        self._run(
            "UPDATE uploads SET state = ?, errors = ?, warnings = ?, findings = ?, org = ?, report = ?, draft = ?,"
            " note = ?, result = ? WHERE id = ?",
            *(state, errors, warnings, found, org, report, int(draft), note, result, upload_id),
        )

    def set_pdf(self, upload_id: int, stored: str) -> None:
        self.path(stored)
        self._run("UPDATE uploads SET pdf = ? WHERE id = ?", stored, upload_id)

    def mark_final(self, upload_id: int) -> None:
        """Mark the report 定稿: only a checked workbook with no errors and a report (else ValueError)."""
        changed = self._run(
            "UPDATE uploads SET final = 1 WHERE id = ? AND what = 'workbook' AND state = 'checked'"
            " AND errors = 0 AND report <> ''",
            upload_id,
        )
        if not changed:
            raise ValueError(f"upload {upload_id} is no checked workbook without errors")

    def upload(self, upload_id: int) -> Upload | None:
        found = self._uploads("id = ?", upload_id)
        return found[0] if found else None

    def uploads(self, unit_id: int, year: int | None = None) -> list[Upload]:
        """The unit's uploads, newest first: of one year, or of every year."""
        return self._uploads("unit_id = ? AND (? IS NULL OR year = ?) ORDER BY id DESC", unit_id, year, year)

    def current(self, unit_id: int, year: int) -> Upload | None:
        """The unit's newest workbook of that year: the one its report and state come from."""
        found = self._uploads(
            "unit_id = ? AND year = ? AND what = 'workbook' ORDER BY id DESC LIMIT 1", unit_id, year
        )
        return found[0] if found else None

    def pending(self) -> list[Upload]:
        """Uploads still being checked, oldest first: at start-up, those the last run left unfinished."""
        return self._uploads("state = 'checking' ORDER BY id")

    def set_carried(self, unit_id: int, year: int, stored: str) -> None:
        """The workbook handed out to the unit for that year (carried forward from the year before)."""
        self.path(stored)
        self._run("INSERT OR REPLACE INTO carried VALUES (?, ?, ?)", unit_id, year, stored)

    def carried(self, unit_id: int, year: int) -> str | None:
        row = self._one("SELECT stored FROM carried WHERE unit_id = ? AND year = ?", unit_id, year)
        return str(row[0]) if row else None

    def new_session(self) -> tuple[str, str]:
        """A new session (id, csrf token), valid 12 hours; only a hash of the id is stored."""
        session, csrf = security.new_token(), security.new_token()
        with self._write() as db:
            db.execute("DELETE FROM sessions WHERE expires <= ?", (clock(),))
            db.execute(
                "INSERT INTO sessions VALUES (?, ?, ?)", (_hashed(session), csrf, clock() + SESSION_SECONDS)
            )
        return session, csrf

    def session_csrf(self, session_id: str) -> str | None:
        """The session's csrf token; None when the session is unknown, ended or expired."""
        row = self._one(
            "SELECT csrf FROM sessions WHERE id = ? AND expires > ?", _hashed(session_id), clock()
        )
        return str(row[0]) if row else None

    def end_session(self, session_id: str) -> None:
        self._run("DELETE FROM sessions WHERE id = ?", _hashed(session_id))

    def login_failed(self, client: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM failures WHERE at < ?", (clock() - FAILURES_KEPT,))
            db.execute("INSERT INTO failures VALUES (?, ?)", (client, clock()))

    def failures(self, client: str, within_seconds: int) -> int:
        """The client's failed logins within the last `within_seconds`."""
        row = self._one(
            "SELECT count(*) FROM failures WHERE client = ? AND at > ?", client, clock() - within_seconds
        )
        return int(row[0]) if row else 0

    def clear_failures(self, client: str) -> None:
        self._run("DELETE FROM failures WHERE client = ?", client)


def _hashed(session_id: str) -> str:
    """A session id as stored: its SHA-256, so that neither a copy of the database nor a lookup's timing gives
    away a live id."""
    return hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()


def _unit(row: sqlite3.Row) -> Unit:
    return Unit(id=row["id"], name=row["name"], token=row["token"], created=row["created"])


def _upload(row: sqlite3.Row) -> Upload:
    findings = tuple({str(k): str(v) for k, v in f.items()} for f in json.loads(row["findings"]))
    values = dict(zip(row.keys(), row, strict=True))
    values.update(findings=findings, draft=bool(row["draft"]), final=bool(row["final"]))
    return Upload(**values)
