"""The SQLAlchemy engine for a database URL (SQLite tuned for concurrent writers, PostgreSQL via psycopg 3),
and the JSON it stores."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

WRITE_OPTION = "jauge_write"
_BUSY_TIMEOUT_S = 30.0  # how long a SQLite connection waits for another's lock


def json_dumps(value: Any) -> str:
    """JSON text for the database (numpy numbers accepted, NaN stored as null)."""
    return orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS).decode()


def plain_json(value: Any) -> Any:
    """The value as the database gives it back (numpy numbers to Python, NaN to null, keys to text)."""
    return orjson.loads(json_dumps(value))


def normalise_url(url: str | URL) -> URL:
    """`postgresql://` and `postgres://` mean psycopg 3 here (psycopg2 is not installed)."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def sqlite_file(url: URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _use_wal(cursor: Any, *, timeout_s: float = _BUSY_TIMEOUT_S) -> None:
    """The WAL journal, kept in the file once set. Switching to it needs the database to itself, and SQLite
    answers "database is locked" at once, without waiting, while another connection (a first start's
    migration) holds it: the switch is retried until the busy timeout."""
    if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _tune_sqlite(engine: Engine) -> None:
    """Foreign keys on, WAL journal, and SQLAlchemy (not pysqlite) in charge of BEGIN.

    Write transactions start with BEGIN IMMEDIATE so that two writers queue on the lock instead of
    failing when a read lock is upgraded (see SQLAlchemy's "Serializable isolation / Savepoints"
    recipe for pysqlite).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _connection_record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(_BUSY_TIMEOUT_S * 1000)}")
        _use_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str | URL) -> Engine:
    """An engine for `url`, creating the SQLite file's directory if needed."""
    parsed = normalise_url(url)
    common: dict[str, Any] = {"json_serializer": json_dumps, "json_deserializer": orjson.loads}
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True, **common)
    path = sqlite_file(parsed)
    if path is None:
        engine = create_engine(parsed, poolclass=StaticPool,
                               connect_args={"check_same_thread": False}, **common)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": _BUSY_TIMEOUT_S, "check_same_thread": False}, **common)
    _tune_sqlite(engine)
    return engine
