"""Migrations, the append-only audit table, configuration and scale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from functools import cache
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from evaluation.config import Config, database_url, get_config
from evaluation.domain.proposal import Proposal
from evaluation.resources import ROOT
from evaluation.storage import Repository, open_repository
from evaluation.storage.database import make_engine
from evaluation.storage.migrate import alembic_config, current_revision, head_revision
from evaluation.storage.repositories import audit
from evaluation.storage.repository import Repository as RepositoryClass
from evaluation.storage.tables import Base
from tests.support.proposals import full_proposal, small_proposal

TABLES = {"proposals", "reviews", "decisions", "decision_conditions", "audit_events", "edit_conflicts",
          "settings_store", "users", "alembic_version", "register_entries", "register_publications", "current_uses",
          "form_autosaves", "user_preferences", "sign_in_throttle", "service_events", "actual_imports", "actual_periods",
          "cookie_codes", "remembered_sign_ins"}


def test_migrations_create_every_table_on_an_empty_database(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    try:
        assert current_revision(engine) is None
        assert inspect(engine).get_table_names() == []
        open_repository(empty_database_url).close()
        assert set(inspect(engine).get_table_names()) == TABLES
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_opening_twice_keeps_the_data(empty_database_url: str) -> None:
    first = open_repository(empty_database_url)
    first.save_proposal(small_proposal("garde"), actor="a", expected_version=None)
    first.close()

    second = open_repository(empty_database_url)
    try:
        assert second.get_proposal("garde").version == 1
    finally:
        second.close()


def test_the_last_migration_goes_down_and_up_again(empty_database_url: str) -> None:
    """0003 dropped the `options` table; going down rebuilds it from the stored documents."""
    repository = open_repository(empty_database_url)
    try:
        repository.save_proposal(full_proposal("aller-retour"), actor="a", expected_version=None)
        with repository.engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0002")
        assert current_revision(repository.engine) == "0002"
        with repository.engine.connect() as connection:
            names = connection.execute(text("SELECT name FROM options ORDER BY position")).scalars().all()
        assert names == [option.name for option in full_proposal("aller-retour").options]
        with repository.engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
        assert set(inspect(repository.engine).get_table_names()) == TABLES
        assert repository.get_proposal("aller-retour").version == 1
    finally:
        repository.close()


def test_the_conditions_migration_goes_down_and_up_keeping_the_audit_trail_append_only(
        empty_database_url: str) -> None:
    """0004 added `decision_conditions` and `audit_events.changes` in place: down and up again, the events
    stay, and the database still refuses to change them."""
    repository = open_repository(empty_database_url)
    try:
        repository.save_proposal(small_proposal("aller-retour"), actor="a", expected_version=None)
        with repository.engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0003")
        inspector = inspect(repository.engine)
        assert "decision_conditions" not in inspector.get_table_names()
        assert "changes" not in {column["name"] for column in inspector.get_columns("audit_events")}
        with repository.engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
        repository.save_proposal(small_proposal("aller-retour", title="Changé"), actor="b", expected_version=1)
        with pytest.raises(DBAPIError, match="append-only"), repository.engine.begin() as connection:
            connection.execute(text("DELETE FROM audit_events"))
        events = repository.audit_events(proposal_id="aller-retour")
        assert [(e.actor, [(c.field, c.before, c.after) for c in e.changes]) for e in events] == [
            ("a", []), ("b", [("title", "Petit dossier", "Changé")])]
    finally:
        repository.close()


def test_migrations_match_the_table_definitions(repository: Repository) -> None:
    with repository.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                       Base.metadata)

    assert differences == []


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"])
def test_the_database_refuses_to_change_or_delete_audit_events(repository: Repository, statement: str) -> None:
    repository.save_proposal(small_proposal("trace"), actor="a", expected_version=None)

    with pytest.raises(DBAPIError, match="append-only"), repository.engine.begin() as connection:
        connection.execute(text(statement))

    assert [e.actor for e in repository.audit_events()] == ["a"]


def test_the_repository_has_no_method_that_changes_audit_events() -> None:
    names = [name for name in dir(RepositoryClass) if not name.startswith("__")]
    audit_names = [name for name in names if "audit" in name or "event" in name]

    assert audit_names == ["audit_events"]
    assert not any(word in name for name in names for word in ("delete", "remove", "purge", "edit_event"))
    writers = Path(audit.__file__).read_text(encoding="utf-8")
    assert "insert_many(connection, t.AuditEventRow" in writers
    assert not any(word in writers for word in ("update(", "delete("))


@cache
def _ten_thousand_proposals() -> list[Proposal]:
    """10,000 two-option proposals under new ids (copies skip validation: fast)."""
    model = small_proposal("modele")
    return [model.model_copy(update={"id": f"dossier-{n:05d}", "title": f"Dossier {n}"}) for n in range(10_000)]


def test_listing_ten_thousand_proposals_is_one_query(repository: Repository) -> None:
    """One SELECT whatever the size (timings belong to `python -m evaluation bench`)."""
    proposals = _ten_thousand_proposals()
    repository.import_proposals(proposals, actor="bench")
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    from sqlalchemy import event

    event.listen(repository.engine, "before_cursor_execute", count)
    try:
        rows = repository.list_proposals()
    finally:
        event.remove(repository.engine, "before_cursor_execute", count)

    assert len(rows) == len(proposals)
    assert {row.id for row in rows} == {p.id for p in proposals}
    assert [s for s in statements if s.lstrip().upper().startswith("SELECT")] == [statements[-1]]


def test_database_url_defaults_to_a_sqlite_file_in_the_data_directory(tmp_path: Path) -> None:
    config = Config(database_url=None, data_dir=tmp_path / "donnees")

    url = database_url(config)

    assert url == f"sqlite:///{tmp_path / 'donnees' / 'jauge.sqlite3'}"
    assert (tmp_path / "donnees").is_dir()


def test_configuration_comes_from_jauge_environment_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path
                                                              ) -> None:
    monkeypatch.setenv("JAUGE_DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("JAUGE_DATA_DIR", str(tmp_path))
    get_config.cache_clear()
    try:
        assert get_config() is get_config()
        assert get_config().data_dir == tmp_path
        assert database_url() == "postgresql+psycopg://u@h/db"
    finally:
        get_config.cache_clear()


@pytest.mark.timeout(900)  # four interpreters importing the engine: slow on a loaded machine
def test_several_processes_starting_at_once_migrate_the_database_once(empty_database_url: str, tmp_path: Path
                                                                      ) -> None:
    """Four interpreters (as four servers) open one empty database at the same moment: it is migrated once."""
    gate = tmp_path / "gate"
    processes = [subprocess.Popen(  # noqa: S603 - this interpreter, a module of the tests
        [sys.executable, "-m", "tests.support.migration_race", empty_database_url, str(index), str(gate)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True) for index in range(4)]
    try:
        deadline = time.monotonic() + 600
        while not all(Path(f"{gate}.ready-{index}").exists() for index in range(4)):
            ended = [process.returncode for process in processes if process.poll() is not None]
            if ended or time.monotonic() > deadline:
                pytest.fail(f"a process did not get ready (exit codes {[p.poll() for p in processes]})")
            time.sleep(0.01)
        gate.touch()  # all four go at once
        answers = [process.communicate(timeout=600) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
    assert [process.returncode for process in processes] == [0] * 4, [err for _, err in answers]
    outcomes = sorted(tuple(json.loads(out)) for out, _ in answers)
    assert [(index, revision) for index, revision, _ in outcomes] == [(i, head_revision()) for i in range(4)]
    assert len({pid for _, _, pid in outcomes} | {os.getpid()}) == 5  # four processes besides this one
    repo = open_repository(empty_database_url)
    try:
        assert repo.count_proposals() == 4
        with repo.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [(head_revision(),)]
    finally:
        repo.close()


def test_two_threads_opening_two_new_databases_at_once_both_migrate(tmp_path: Path) -> None:
    """Alembic's proxies are module-wide: without evaluation.storage.migrate's lock, one thread's migration
    loses its `op` in the middle (AttributeError, KeyError: 'script'), as the dashboard's warm-up and a test's
    fixture did."""
    rounds = 8
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def open_new(index: int, turn: int) -> None:
        try:
            barrier.wait(timeout=60)
            open_repository(f"sqlite:///{tmp_path / f'{turn}-{index}.sqlite3'}").engine.dispose()
        except BaseException as error:  # noqa: BLE001 - the test reports it below
            errors.append(error)

    for turn in range(rounds):
        threads = [threading.Thread(target=open_new, args=(index, turn)) for index in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    assert errors == []
    for turn in range(rounds):
        for index in range(2):
            engine = make_engine(f"sqlite:///{tmp_path / f'{turn}-{index}.sqlite3'}")
            try:
                assert current_revision(engine) == head_revision()
            finally:
                engine.dispose()
