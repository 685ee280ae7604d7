"""How many accounts the database holds, read without migrating it nor loading the repositories and the
models they store (pydantic, the domain): the sign-in page's first draw only needs to know whether any
account exists, and the repository is opened in the background meanwhile (ui.data.warm_up)."""

from __future__ import annotations

from sqlalchemy import func, inspect, select, table

from evaluation.storage.database import make_engine, normalise_url, sqlite_file

USERS_TABLE = "users"  # evaluation.storage.tables.UserRow.__tablename__ (a test keeps them equal)


def count_accounts(url: str) -> int | None:
    """The number of accounts; 0 when the database or its table does not exist yet; None for a SQLite
    database in memory or given as a URI (only its repository's own connection may see it)."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite" and sqlite_file(parsed) is None:
        return None
    engine = make_engine(parsed)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table(USERS_TABLE):
                return 0
            return int(connection.execute(select(func.count()).select_from(table(USERS_TABLE))).scalar_one())
    finally:
        engine.dispose()
