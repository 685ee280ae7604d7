"""Database fixtures: every repository test runs on SQLite (a temporary file) and on PostgreSQL.

PostgreSQL: JAUGE_TEST_POSTGRES_URL when set (CI starts a server; its role must be allowed to
create databases); otherwise a throwaway server started once per session with Debian's binaries
(tests/support/postgres_server.py). Each test gets a new database: a copy of one migrated once per
session (`database_url`), or a database with no table at all (`empty_database_url`, for the
migration tests). If no server can be reached or started, the PostgreSQL tests fail (they are
never skipped).
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

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


def _admin_connection(admin_url: str) -> psycopg.Connection[tuple[object, ...]]:
    url = make_url(admin_url)
    try:
        return psycopg.connect(
            host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username, password=url.password,
            dbname=url.database or "postgres", autocommit=True,
        )
    except psycopg.Error as exc:
        pytest.fail(f"PostgreSQL : connexion impossible à {admin_url} ({exc})", pytrace=False)


def _database_url(admin_url: str, name: str) -> str:
    url = make_url(admin_url).set(drivername="postgresql+psycopg", database=name)
    return url.render_as_string(hide_password=False)


def _create_database(admin_url: str, *, template: str | None = None) -> str:
    name = f"jauge_test_{uuid.uuid4().hex[:16]}"
    statement = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
    with _admin_connection(admin_url) as admin:
        for attempt in range(50):  # the template may still show the backend of a connection just closed
            try:
                admin.execute(statement)
                break
            except psycopg.errors.ObjectInUse:
                if attempt == 49:
                    raise
                time.sleep(0.1)
    return name


def _drop_database(admin_url: str, name: str) -> None:
    with _admin_connection(admin_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_template(postgres_admin_url: str) -> Iterator[str]:
    """A database migrated once per session; each test's database is a copy of it (much faster)."""
    name = _create_database(postgres_admin_url)
    open_repository(_database_url(postgres_admin_url, name)).close()
    try:
        yield name
    finally:
        _drop_database(postgres_admin_url, name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("modele") / "jauge.sqlite3"
    open_repository(f"sqlite:///{path}").close()
    return path


@pytest.fixture
def postgres_database_url(postgres_admin_url: str) -> Iterator[str]:
    """A new empty PostgreSQL database, dropped after the test."""
    name = _create_database(postgres_admin_url)
    try:
        yield _database_url(postgres_admin_url, name)
    finally:
        _drop_database(postgres_admin_url, name)


@pytest.fixture
def postgres_migrated_url(postgres_admin_url: str, postgres_template: str) -> Iterator[str]:
    """A new PostgreSQL database already at the newest schema, dropped after the test."""
    name = _create_database(postgres_admin_url, template=postgres_template)
    try:
        yield _database_url(postgres_admin_url, name)
    finally:
        _drop_database(postgres_admin_url, name)


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no table at all, on each backend in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'vide.sqlite3'}"
    url: str = request.getfixturevalue("postgres_database_url")
    return url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new database at the newest schema and without data, on each backend in turn."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "jauge.sqlite3"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_migrated_url")
    return url


@pytest.fixture
def repository(database_url: str) -> Iterator[Repository]:
    repo = open_repository(database_url)
    try:
        yield repo
    finally:
        repo.close()
