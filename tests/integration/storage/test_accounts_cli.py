"""`python -m evaluation users ...` and `demo` against a real database."""

from __future__ import annotations

import io
import re

import pytest

from evaluation.cli import main
from evaluation.domain.workflow import Role, Status
from evaluation.services.accounts import Accounts
from evaluation.storage import open_repository
from tests.support.workflow import cheap_hasher

PASSWORD = "mot-de-passe-assez-long"


@pytest.fixture(autouse=True)
def _fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 with tiny costs (the command line uses the library's defaults): the tests stay fast."""
    monkeypatch.setattr("evaluation.services.accounts.default_hasher", cheap_hasher)


def test_users_create_reads_the_password_from_the_environment(database_url: str, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("JAUGE_PASSWORD", PASSWORD)

    status = main(["users", "create", "--login", "claire", "--role", "admin", "--role", "dsi", "--name",
                   "Claire Martin", "--base", database_url])

    assert status == 0
    out = capsys.readouterr().out
    assert "« claire » créé" in out and PASSWORD not in out
    repo = open_repository(database_url)
    try:
        user = Accounts(repo).sign_in("claire", PASSWORD)
        assert (user.name, user.roles) == ("Claire Martin", [Role.DSI, Role.ADMIN])
        assert main(["users", "list", "--base", database_url]) == 0
        assert "claire\tClaire Martin\tdsi, admin\tactif" in capsys.readouterr().out
    finally:
        repo.close()


def test_users_create_refuses_a_short_password_or_an_existing_login(database_url: str,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("JAUGE_PASSWORD", "court")
    assert main(["users", "create", "--login", "paul", "--role", "elu", "--base", database_url]) == 2
    assert "trop court" in capsys.readouterr().err

    monkeypatch.setenv("JAUGE_PASSWORD", PASSWORD)
    assert main(["users", "create", "--login", "paul", "--role", "elu", "--base", database_url]) == 0
    assert main(["users", "create", "--login", "paul", "--role", "dsi", "--base", database_url]) == 1
    assert "existe déjà" in capsys.readouterr().err


def test_users_create_without_a_terminal_or_variable_is_refused(database_url: str, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("JAUGE_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))

    assert main(["users", "create", "--login", "paul", "--role", "elu", "--base", database_url]) == 2
    assert "JAUGE_PASSWORD" in capsys.readouterr().err


def test_demo_creates_one_account_per_role_and_the_sample_portfolio(database_url: str,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--base", database_url]) == 0

    out = capsys.readouterr().out
    credentials = dict(re.findall(r"^  (\w+)\s+(\S+)\s+\(", out, flags=re.MULTILINE))
    assert set(credentials) == {"admin", "porteur", "dsi", "elu"}
    repo = open_repository(database_url)
    try:
        accounts = Accounts(repo)
        for login, password in credentials.items():
            assert accounts.sign_in(login, password).roles == [Role(login)]
        summaries = repo.list_proposals()
        assert len(summaries) == 19 and {s.created_by for s in summaries} == {"porteur"}
        statuses = {s.status for s in summaries}
        assert {Status.BROUILLON, Status.SOUMIS, Status.EN_REVUE, Status.AVIS_RENDU} <= statuses
        # the map of current uses holds one declared use, not evaluated
        assert [use.status.value for use in repo.current_uses()] == ["non_evalue"]
    finally:
        repo.close()

    assert main(["demo", "--base", database_url]) == 1
    assert "n'est pas vide" in capsys.readouterr().err


def test_demo_if_empty_leaves_a_database_with_data_untouched(database_url: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--si-vide", "--base", database_url]) == 0
    first = capsys.readouterr().out
    assert "Comptes de démonstration" in first
    repo = open_repository(database_url)
    try:
        before = [(s.id, s.version) for s in repo.list_proposals()]
    finally:
        repo.close()

    assert main(["demo", "--si-vide", "--base", database_url]) == 0
    assert "n'est pas recréée" in capsys.readouterr().out
    repo = open_repository(database_url)
    try:
        assert [(s.id, s.version) for s in repo.list_proposals()] == before
    finally:
        repo.close()
