"""Accounts on SQLite and PostgreSQL: argon2 hashes, throttled sign-in, roles, audit without secrets."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest
from argon2 import PasswordHasher

from evaluation.domain.workflow import EntityType, Role
from evaluation.services.accounts import Accounts, InvalidAccount, SignInPolicy, SignInRefused
from evaluation.services.permissions import PermissionDenied
from evaluation.storage import AlreadyExists, Repository, StoredUser
from tests.support.workflow import ADMIN, DSI, cheap_hasher

PASSWORD = "correct-horse-battery"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(repository: Repository, clock: Clock) -> Accounts:
    return Accounts(repository, hasher=cheap_hasher(), clock=clock,
                    policy=SignInPolicy(free_failures=3, base_lock_seconds=30, max_lock_seconds=120))


def test_an_account_signs_in_with_its_password_only(accounts: Accounts) -> None:
    created = accounts.create(login="marie.dupont", password=PASSWORD, roles=["dsi", "elu"], name="Marie Dupont",
                              by="cli:root")

    user = accounts.sign_in("marie.dupont", PASSWORD)

    assert (user.login, user.name, user.roles, user.active) == ("marie.dupont", "Marie Dupont",
                                                                [Role.DSI, Role.ELU], True)
    assert user.last_sign_in_at == START and created.last_sign_in_at is None
    with pytest.raises(SignInRefused, match="^Identifiant ou mot de passe incorrect.$"):
        accounts.sign_in("marie.dupont", PASSWORD.upper())
    with pytest.raises(SignInRefused, match="^Identifiant ou mot de passe incorrect.$"):
        accounts.sign_in("inconnu", PASSWORD)


def test_the_password_is_stored_as_an_argon2id_hash_and_never_shown(accounts: Accounts,
                                                                      repository: Repository) -> None:
    user = accounts.create(login="secret", password=PASSWORD, roles=["porteur"], by="cli:root")
    accounts.change_password("secret", new_password="un-autre-mot-de-passe", by=ADMIN)
    with pytest.raises(SignInRefused):
        accounts.sign_in("secret", PASSWORD)
    accounts.sign_in("secret", "un-autre-mot-de-passe")

    stored = repository.password_hash("secret")
    assert stored is not None and stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert "password" not in "".join(StoredUser.model_fields) and "argon2" not in repr(user)
    trail = orjson.dumps([event.model_dump(mode="json") for event in repository.audit_events()]).decode()
    assert "argon2" not in trail and PASSWORD not in trail and "un-autre-mot-de-passe" not in trail
    assert [e.action for e in repository.audit_events("secret")] == [
        "create", "password", "sign_in_failed", "sign_in"]


def test_repeated_failures_lock_the_account_for_a_growing_window(accounts: Accounts, clock: Clock,
                                                                 repository: Repository) -> None:
    accounts.create(login="cible", password=PASSWORD, roles=["elu"], by="cli:root")
    for _ in range(2):
        with pytest.raises(SignInRefused) as caught:
            accounts.sign_in("cible", "mauvais-mot-de-passe")
        assert caught.value.retry_after is None

    with pytest.raises(SignInRefused, match="réessayez après") as caught:
        accounts.sign_in("cible", "mauvais-mot-de-passe")  # third failure: locked 30 s
    assert caught.value.retry_after == START + dt.timedelta(seconds=30)
    with pytest.raises(SignInRefused, match="Trop de tentatives"):
        accounts.sign_in("cible", PASSWORD)  # even the right password waits
    assert repository.get_user("cible").failed_sign_ins == 3

    clock.advance(31)
    with pytest.raises(SignInRefused) as caught:
        accounts.sign_in("cible", "encore-faux")  # fourth failure: locked 60 s
    assert caught.value.retry_after == clock.now + dt.timedelta(seconds=60)
    clock.advance(61)
    with pytest.raises(SignInRefused) as caught:
        accounts.sign_in("cible", "encore-faux")  # fifth: 120 s (capped)
    assert caught.value.retry_after == clock.now + dt.timedelta(seconds=120)

    clock.advance(121)
    user = accounts.sign_in("cible", PASSWORD)
    assert (user.failed_sign_ins, user.locked_until) == (0, None)


def test_policy_lock_windows_double_and_are_capped() -> None:
    policy = SignInPolicy(free_failures=5, base_lock_seconds=30, max_lock_seconds=3600)

    assert [policy.lock_for(n) for n in (1, 4)] == [None, None]
    assert [policy.lock_for(n).total_seconds() for n in (5, 6, 7, 12, 20)] == [  # type: ignore[union-attr]
        30, 60, 120, 3600, 3600]


def test_an_inactive_account_cannot_sign_in(accounts: Accounts) -> None:
    accounts.create(login="parti", password=PASSWORD, roles=["dsi"], by="cli:root")
    accounts.set_active("parti", False, by=ADMIN)

    with pytest.raises(SignInRefused, match="^Identifiant ou mot de passe incorrect.$"):
        accounts.sign_in("parti", PASSWORD)


def test_only_an_administrator_manages_accounts(accounts: Accounts, repository: Repository) -> None:
    accounts.create(login="agent", password=PASSWORD, roles=["porteur"], by="cli:root")

    for call in (lambda: accounts.create(login="autre", password=PASSWORD, roles=["admin"], by=DSI),
                 lambda: accounts.set_roles("agent", ["admin"], by=DSI),
                 lambda: accounts.change_password("agent", new_password="pris-par-la-dsi", by=DSI),
                 lambda: accounts.list(by=DSI)):
        with pytest.raises(PermissionDenied, match="gérer les comptes"):
            call()

    updated = accounts.set_roles("agent", ["porteur", "dsi"], by=ADMIN)
    assert updated.roles == [Role.PORTEUR, Role.DSI] and updated.version == 2
    [event] = repository.audit_events("agent", entity_type=EntityType.USER)[1:]
    assert (event.action, event.actor, event.before["roles"], event.after["roles"]) == (
        "update", "admin", ["porteur"], ["porteur", "dsi"])
    assert [u.login for u in accounts.list(by=ADMIN)] == ["agent"]


def test_a_person_changes_its_own_password_with_the_current_one(accounts: Accounts) -> None:
    user = accounts.create(login="moi", password=PASSWORD, roles=["elu"], by="cli:root")

    with pytest.raises(SignInRefused, match="actuel"):
        accounts.change_password("moi", new_password="nouveau-mot-de-passe", by=user, current_password="faux")
    accounts.change_password("moi", new_password="nouveau-mot-de-passe", by=user, current_password=PASSWORD)

    assert accounts.sign_in("moi", "nouveau-mot-de-passe").login == "moi"


def test_invalid_logins_passwords_and_roles_are_refused_in_french(accounts: Accounts,
                                                                   repository: Repository) -> None:
    with pytest.raises(InvalidAccount, match="trop court"):
        accounts.create(login="court", password="court", roles=["elu"], by="cli")
    with pytest.raises(InvalidAccount, match="Identifiant invalide"):
        accounts.create(login="Élodie", password=PASSWORD, roles=["elu"], by="cli")
    with pytest.raises(InvalidAccount, match="Rôle inconnu"):
        accounts.create(login="role", password=PASSWORD, roles=["maire"], by="cli")
    with pytest.raises(InvalidAccount, match="au moins un rôle"):
        accounts.create(login="sansrole", password=PASSWORD, roles=[], by="cli")
    with pytest.raises(InvalidAccount, match="identifiant"):
        accounts.create(login="identique-login", password="identique-login", roles=["elu"], by="cli")
    accounts.create(login="unique", password=PASSWORD, roles=["elu"], by="cli")
    with pytest.raises(AlreadyExists, match="existe déjà"):
        accounts.create(login="unique", password=PASSWORD, roles=["dsi"], by="cli")

    assert [u.login for u in repository.list_users()] == ["unique"]


def test_a_hash_made_with_weaker_parameters_is_upgraded_at_sign_in(repository: Repository, clock: Clock) -> None:
    weak = Accounts(repository, hasher=PasswordHasher(time_cost=1, memory_cost=32, parallelism=1), clock=clock)
    weak.create(login="ancien", password=PASSWORD, roles=["elu"], by="cli")
    stronger = Accounts(repository, hasher=PasswordHasher(time_cost=2, memory_cost=64, parallelism=1), clock=clock)

    stronger.sign_in("ancien", PASSWORD)

    stored = repository.password_hash("ancien")
    assert stored is not None and "m=64,t=2" in stored
    assert stronger.sign_in("ancien", PASSWORD).login == "ancien"
