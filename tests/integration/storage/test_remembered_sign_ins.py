"""Browsers kept signed in across reloads: tokens in the database by their SHA-256, known to every server on
it, forgotten when idle, too old, signed out or when the account changes (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import select

from evaluation.storage import Repository, open_repository
from evaluation.storage import tables as t
from ui.auth import SessionUser, _remembered_user
from ui.auth_tokens import TokenRegistry

ELU = SessionUser(login="elu", name="Élue", roles=("elu",), version=3)


def _tokens(repository: Repository, *, idle_limit_s: float = 600, lifetime_s: float = float("inf"),
            ) -> TokenRegistry[SessionUser]:
    return TokenRegistry[SessionUser](lambda: repository, encode=asdict, decode=_remembered_user,
                                      login_of=lambda user: user.login, idle_limit_s=idle_limit_s,
                                      lifetime_s=lifetime_s)


def test_a_token_finds_its_account_until_it_is_idle_too_long(repository: Repository) -> None:
    tokens = _tokens(repository)
    token = tokens.remember(ELU, now=0)
    assert len(token) >= 40
    assert tokens.recall(token, now=300) == ELU
    assert tokens.recall(token, now=850) == ELU  # the use at 300 kept it alive
    assert tokens.recall(token, now=1500) is None
    assert repository.count_sign_ins() == 0  # an idle token is dropped


def test_a_token_ends_with_its_lifetime_however_active(repository: Repository) -> None:
    tokens = _tokens(repository, lifetime_s=1000)
    token = tokens.remember(ELU, now=0)
    for now in (300, 600, 900):
        assert tokens.recall(token, now=now) == ELU
    assert tokens.recall(token, now=1001) is None


def test_a_forgotten_or_unknown_token_finds_nobody(repository: Repository) -> None:
    tokens = _tokens(repository)
    token = tokens.remember(ELU, now=0)
    assert tokens.recall("autre", now=1) is None and tokens.recall(None, now=1) is None
    tokens.forget(token)
    assert tokens.recall(token, now=1) is None


def test_every_server_on_the_database_knows_a_token(database_url: str, repository: Repository) -> None:
    other = open_repository(database_url)  # another dashboard server
    try:
        token = _tokens(repository).remember(ELU, now=0)
        assert _tokens(other).recall(token, now=10) == ELU
        assert _tokens(other).forget_login("elu") == 1  # the account changed, seen by the other server
        assert _tokens(repository).recall(token, now=20) is None
    finally:
        other.close()


def test_an_account_change_forgets_its_tokens_only(repository: Repository) -> None:
    tokens = _tokens(repository)
    kept = tokens.remember(SessionUser(login="dsi", name="DSI", roles=("dsi",)), now=0)
    dropped = [tokens.remember(ELU, now=0) for _ in range(2)]
    assert tokens.forget_login("elu") == 2
    assert [tokens.recall(token, now=1) for token in dropped] == [None, None]
    recalled = tokens.recall(kept, now=1)
    assert recalled is not None and recalled.login == "dsi"


def test_the_session_s_own_change_is_kept_with_the_token(repository: Repository) -> None:
    tokens = _tokens(repository)
    token = tokens.remember(ELU, now=0)
    renamed = SessionUser(login="elu", name="Élue (adjointe)", roles=("elu",), version=4, via="oidc")
    tokens.update(token, renamed)
    assert tokens.recall(token, now=1) == renamed


def test_the_database_keeps_hashes_not_tokens(repository: Repository) -> None:
    token = _tokens(repository).remember(ELU, now=0)
    with repository.engine.connect() as connection:
        rows = connection.execute(select(t.RememberedSignInRow.digest, t.RememberedSignInRow.account)).all()
    assert len(rows) == 1 and token not in str(rows) and "elu" in rows[0].account


def test_old_tokens_are_dropped_when_a_new_one_is_kept(repository: Repository) -> None:
    tokens = _tokens(repository, idle_limit_s=600)
    tokens.remember(ELU, now=0)
    tokens.remember(ELU, now=10_000)
    assert repository.count_sign_ins() == 1
