"""Issue 19, item 6: a stranger typing wrong passwords cannot lock the owner out, and a known login answers
exactly as an unknown one (no account enumeration through the lock)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from evaluation.services.accounts import GENERIC_REFUSAL, Accounts, SignInPolicy, SignInRefused
from evaluation.storage import Repository, open_repository
from evaluation.storage import tables as t
from tests.support.workflow import cheap_hasher

PASSWORD = "correct-horse-battery"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def accounts(repository: Repository) -> Accounts:
    return Accounts(repository, hasher=cheap_hasher(), clock=Clock(),
                    policy=SignInPolicy(free_failures=3, base_lock_seconds=600, max_lock_seconds=3600))


def _answers(accounts: Accounts, login: str, attempts: int) -> list[str]:
    said = []
    for _ in range(attempts):
        with pytest.raises(SignInRefused) as refused:
            accounts.sign_in(login, "pas le bon mot de passe")
        said.append(str(refused.value))
    return said


def test_a_known_and_an_unknown_login_get_the_same_answers_lock_included(accounts: Accounts) -> None:
    known = f"connu-{uuid.uuid4().hex[:8]}"
    unknown = f"inconnu-{uuid.uuid4().hex[:8]}"
    accounts.create(login=known, password=PASSWORD, roles=["porteur"], by="test")

    known_answers, unknown_answers = _answers(accounts, known, 5), _answers(accounts, unknown, 5)

    assert known_answers == unknown_answers
    assert known_answers[:2] == [GENERIC_REFUSAL] * 2
    assert all("Trop de tentatives" in answer for answer in known_answers[2:])  # the lock is shown to both


def test_a_stranger_locks_strangers_out_but_not_the_owners_browser(accounts: Accounts) -> None:
    login = f"proprietaire-{uuid.uuid4().hex[:8]}"
    accounts.create(login=login, password=PASSWORD, roles=["dsi"], by="test")
    accounts.sign_in(login, PASSWORD)
    owners_browser = accounts.device_proof(login)  # kept in the owner's browser at that sign-in
    assert owners_browser is not None

    _answers(accounts, login, 4)  # a stranger, without the device proof
    with pytest.raises(SignInRefused, match="Trop de tentatives"):
        accounts.sign_in(login, PASSWORD)  # the right password from another browser: still locked
    with pytest.raises(SignInRefused, match="Trop de tentatives"):
        accounts.sign_in(login, PASSWORD, device="0" * 64)  # a made-up proof is a stranger's

    assert accounts.sign_in(login, PASSWORD, device=owners_browser).login == login


def test_a_device_proof_that_keeps_failing_is_a_strangers_again(accounts: Accounts) -> None:
    login = f"appareil-{uuid.uuid4().hex[:8]}"
    accounts.create(login=login, password=PASSWORD, roles=["elu"], by="test")
    proof = accounts.device_proof(login)
    _answers(accounts, login, 3)  # locked for strangers
    for _ in range(3):  # someone holding the browser guesses
        with pytest.raises(SignInRefused, match=f"^{GENERIC_REFUSAL}$"):
            accounts.sign_in(login, "encore faux", device=proof)
    with pytest.raises(SignInRefused, match="Trop de tentatives"):
        accounts.sign_in(login, PASSWORD, device=proof)


def test_a_password_reset_changes_the_device_proof(accounts: Accounts) -> None:
    login = f"reinit-{uuid.uuid4().hex[:8]}"
    accounts.create(login=login, password=PASSWORD, roles=["elu"], by="test")
    before = accounts.device_proof(login)
    accounts.change_password(login, new_password="un tout autre mot de passe", by="cli:root")
    assert accounts.device_proof(login) not in (None, before)


def test_servers_sharing_a_database_share_the_counters_of_unknown_logins_and_browsers(
        database_url: str, repository: Repository) -> None:
    """Two dashboard servers on one database: a stranger going from one to the other gets no more tries."""
    other_server = open_repository(database_url)
    try:
        policy = SignInPolicy(free_failures=3, base_lock_seconds=600, max_lock_seconds=3600)
        first = Accounts(repository, hasher=cheap_hasher(), clock=Clock(), policy=policy)
        second = Accounts(other_server, hasher=cheap_hasher(), clock=Clock(), policy=policy)
        unknown = f"inconnu-{uuid.uuid4().hex[:8]}"
        answers = _answers(first, unknown, 1) + _answers(second, unknown, 1) + _answers(first, unknown, 1)
        assert answers[:2] == [GENERIC_REFUSAL] * 2 and "Trop de tentatives" in answers[2]
        assert "Trop de tentatives" in _answers(second, unknown, 1)[0]  # the lock holds on the other server

        login = f"partage-{uuid.uuid4().hex[:8]}"
        first.create(login=login, password=PASSWORD, roles=["elu"], by="test")
        proof = first.device_proof(login)
        _answers(first, login, 3)  # locked for strangers
        for accounts in (first, second, first):  # the browser's own guesses, counted on both servers
            with pytest.raises(SignInRefused, match=f"^{GENERIC_REFUSAL}$"):
                accounts.sign_in(login, "encore faux", device=proof)
        with pytest.raises(SignInRefused, match="Trop de tentatives"):
            second.sign_in(login, PASSWORD, device=proof)
    finally:
        other_server.close()


def test_the_throttle_keeps_digests_not_what_was_typed_and_forgets_old_failures(repository: Repository) -> None:
    clock = Clock()
    accounts = Accounts(repository, hasher=cheap_hasher(), clock=clock,
                        policy=SignInPolicy(free_failures=3, base_lock_seconds=600, max_lock_seconds=3600))
    typed = "mon-mot-de-passe-tape-dans-identifiant"
    _answers(accounts, typed, 1)
    with repository._read() as connection:
        keys = connection.execute(select(t.SignInThrottleRow.key)).scalars().all()
    assert len(keys) == 1 and typed not in keys[0] and len(keys[0]) == 64

    clock.now += dt.timedelta(days=2)  # a day without failure and no lock: forgotten at the next count
    _answers(accounts, "quelqu-un-d-autre", 1)
    with repository._read() as connection:
        assert connection.execute(select(t.SignInThrottleRow.failures)).scalars().all() == [1]
