"""What every repository shares: the engine's transactions, bulk inserts, result rows turned into
`Stored*` models, and the edit conflicts (optimistic locking) kept apart.

A unit of work is one `with self._write() as connection:` block. Every aggregate module also offers
functions that take that `Connection` (lock a proposal, change its status, append audit events...),
so that one write can span several aggregates and still be one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import JSON, Connection, Engine, Row, insert, select

from evaluation.domain.workflow import EntityType
from evaluation.storage import tables as t
from evaluation.storage.database import WRITE_OPTION
from evaluation.storage.stored import EditConflict, StoredConflict

_Stored = TypeVar("_Stored", bound=BaseModel)
_COPY_THRESHOLD = 50  # rows from which PostgreSQL inserts use COPY
CHUNK = 900  # ids per IN (...) list, well under SQLite's and PostgreSQL's parameter limits

# Who saved last: (stored version, saved by, saved at), as an EditConflict reports it.
Current = tuple[int, str, dt.datetime]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def stored(model: type[_Stored], rows: Sequence[Any]) -> list[_Stored]:
    """`Stored*` models from result rows (column names read once: `Row._asdict` per row is slow)."""
    if not rows:
        return []
    keys = tuple(rows[0]._fields)
    validate = model.model_validate
    return [validate(dict(zip(keys, row, strict=True))) for row in rows]


def insert_many(connection: Connection, entity: type[t.Base], rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows: COPY on PostgreSQL for large batches (about 3 times faster than executemany)."""
    if not rows:
        return
    if connection.dialect.name == "postgresql" and len(rows) >= _COPY_THRESHOLD:
        _copy_rows(connection, entity, rows)
    else:
        connection.execute(insert(entity), list(rows))


def _copy_rows(connection: Connection, entity: type[t.Base], rows: Sequence[dict[str, Any]]) -> None:
    from psycopg.types.json import Jsonb

    table = entity.__table__
    names = list(rows[0])
    json_columns = {name for name in names if isinstance(table.c[name].type, JSON)}
    column_list = ", ".join(f'"{name}"' for name in names)
    raw = connection.connection.dbapi_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({column_list}) FROM STDIN") as copy:  # type: ignore[attr-defined]
        for row in rows:
            copy.write_row([
                (Jsonb(row[name]) if row[name] is not None else None) if name in json_columns else row[name]
                for name in names
            ])


class VersionMismatch(Exception):
    """Internal: leave the write transaction, then store the conflict in its own."""

    def __init__(self, current: Current) -> None:
        self.current = current


def check_version(row: Row[Any], expected_version: int | None) -> None:
    """VersionMismatch unless `expected_version` is None or the row's `version`."""
    if expected_version is not None and row.version != expected_version:
        raise VersionMismatch((row.version, row.updated_by, row.updated_at))


class Store:
    """The engine and its transactions; every aggregate's repository derives from it."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return self._engine.dialect.name

    def close(self) -> None:
        self._engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE on SQLite): one unit of work."""
        with self._engine.connect() as connection:
            connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                yield connection

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._engine.connect() as connection, connection.begin():
            yield connection

    def _store_conflict(self, *, entity_type: EntityType, entity_id: str, expected_version: int | None,
                        content: Any, actor: str, current: Current) -> EditConflict:
        """Keep refused content in its own transaction and return the error to raise."""
        stored_version, saved_by, saved_at = current
        with self._write() as connection:
            conflict_id = connection.execute(
                insert(t.EditConflictRow).returning(t.EditConflictRow.id),
                {
                    "entity_type": entity_type.value,
                    "entity_id": entity_id,
                    "expected_version": expected_version,
                    "stored_version": stored_version,
                    "content": content,
                    "actor": actor,
                    "created_at": now(),
                },
            ).scalar_one()
        return EditConflict(entity_type=entity_type, entity_id=entity_id, expected_version=expected_version,
                            stored_version=stored_version, saved_by=saved_by, saved_at=saved_at,
                            conflict_id=conflict_id)

    def list_conflicts(self, proposal_id: str, *, entity_type: EntityType = EntityType.PROPOSAL
                       ) -> list[StoredConflict]:
        """Content refused by edit conflicts on a proposal (or `entity_type`), newest first."""
        C = t.EditConflictRow
        with self._read() as connection:
            rows = connection.execute(
                select(C.id, C.entity_type, C.entity_id, C.expected_version, C.stored_version, C.content, C.actor,
                       C.created_at)
                .where(C.entity_type == entity_type.value, C.entity_id == proposal_id)
                .order_by(C.id.desc())
            ).all()
        return stored(StoredConflict, rows)
