"""Alembic migrations run programmatically, with the scripts inside the package (no alembic.ini)."""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from evaluation.storage.database import WRITE_OPTION

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Arbitrary 64-bit key: one migrating process at a time on a PostgreSQL database.
_ADVISORY_LOCK_KEY = 0x4A41554745  # "JAUGE"
# Alembic's `op` and `context` are module-wide proxies, set for one migration at a time: two threads of one process
# upgrading at once (two databases, or the dashboard's warm-up and a page) would overwrite each other's.
_ONE_THREAD = threading.Lock()


def alembic_config(connection: Connection | None = None, *, url: str | None = None) -> AlembicConfig:
    """An Alembic configuration pointing at the package's migrations."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision of the migration scripts."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Create or upgrade the schema, in one transaction, one process at a time (one thread at a time in each)."""
    with _ONE_THREAD, engine.connect() as connection:
        connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
            command.upgrade(alembic_config(connection), "head")
