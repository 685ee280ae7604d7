"""Database fixtures: every repository test runs on SQLite (a temporary file) and on PostgreSQL.

PostgreSQL: JAUGE_TEST_POSTGRES_URL when set (CI starts a server; its role must be allowed to
create databases); otherwise a throwaway server started once per session with Debian's binaries
(tests/support/postgres_server.py). Each test gets a new, empty database. If no server can be
reached or started, the PostgreSQL tests fail (they are never skipped).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from evaluation.storage import Repository, open_repository
from tests.support.postgres_server import ServerError, start_server, stop_server

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A PostgreSQL URL whose role may create databases."""
    url = os.environ.get("JAUGE_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    try:
        server = start_server()
    except ServerError as exc:
        pytest.fail("PostgreSQL : impossible de démarrer le serveur de test jetable "
                    f"({exc}). Définissez JAUGE_TEST_POSTGRES_URL vers un serveur existant.", pytrace=False)
    try:
        yield server.url
    finally:
        stop_server(server)


def _admin_connection(admin_url: str) -> object:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(admin_url)
    return psycopg.connect(
        host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username, password=url.password,
        dbname=url.database or "postgres", autocommit=True,
    )


@pytest.fixture
def postgres_database_url(postgres_admin_url: str) -> Iterator[str]:
    """A new empty PostgreSQL database, dropped after the test."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"jauge_test_{uuid.uuid4().hex[:16]}"
    try:
        admin = _admin_connection(postgres_admin_url)
    except psycopg.Error as exc:
        pytest.fail(f"PostgreSQL : connexion impossible à {postgres_admin_url} ({exc})", pytrace=False)
    assert isinstance(admin, psycopg.Connection)
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = make_url(postgres_admin_url).set(drivername="postgresql+psycopg", database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        admin = _admin_connection(postgres_admin_url)
        assert isinstance(admin, psycopg.Connection)
        with admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'jauge.sqlite3'}"
    url: str = request.getfixturevalue("postgres_database_url")
    return url


@pytest.fixture
def repository(database_url: str) -> Iterator[Repository]:
    repo = open_repository(database_url)
    try:
        yield repo
    finally:
        repo.close()
