"""Accounts: argon2 password hashes, sign-in with repeated failures slowed down, roles.

Passwords are never stored, logged, shown nor put in an audit event; only their argon2id hash is
stored, and it never leaves this module and the repository. After `free_failures` consecutive failed
sign-ins, an account is locked for a window that doubles with each further failure (capped); the
counter and the window are kept in the database, so they hold across processes and restarts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from contextlib import suppress
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from pydantic import BaseModel, ConfigDict

from evaluation.domain.workflow import Role
from evaluation.services.permissions import Action, Person, WorkflowError, require
from evaluation.storage import Repository, StoredUser
from evaluation.storage.stored import paris_time

LOGIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,99}$")
# An email address is also accepted as a login: it is how a single sign-on identity finds its account
# (evaluation.services.sso).
EMAIL_LOGIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._+-]*@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
MAX_LOGIN_LENGTH = 100
MIN_PASSWORD_LENGTH = 12
GENERIC_REFUSAL = "Identifiant ou mot de passe incorrect."


class SignInRefused(WorkflowError):
    """Sign-in refused; the message never says whether the login exists."""

    def __init__(self, message: str, *, retry_after: dt.datetime | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class InvalidAccount(WorkflowError, ValueError):
    """A login, password or role list that cannot be accepted (French message)."""


class SignInPolicy(BaseModel):
    """How repeated failed sign-ins are slowed down."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    free_failures: int = 5          # consecutive failures allowed before the first lock
    base_lock_seconds: float = 30.0  # lock after the free failures; doubles with each further one
    max_lock_seconds: float = 3600.0

    def lock_for(self, failures: int) -> dt.timedelta | None:
        """The lock window after `failures` consecutive failures (None: no lock)."""
        if failures < self.free_failures:
            return None
        seconds = self.base_lock_seconds * 2 ** (failures - self.free_failures)
        return dt.timedelta(seconds=min(seconds, self.max_lock_seconds))


@cache
def default_hasher() -> PasswordHasher:
    """argon2id with the library's recommended parameters (RFC 9106 low-memory profile)."""
    return PasswordHasher()


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def check_login(login: str) -> str:
    valid = LOGIN_PATTERN.match(login) or (len(login) <= MAX_LOGIN_LENGTH and EMAIL_LOGIN_PATTERN.match(login))
    if not valid:
        raise InvalidAccount("Identifiant invalide : de 2 à 100 caractères parmi les minuscules sans accent, "
                             "les chiffres, le point, le tiret et le tiret bas, en commençant par une lettre "
                             "ou un chiffre ; ou une adresse électronique en minuscules (pour la connexion "
                             "unique).")
    return login


def check_password(password: str, *, login: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidAccount(f"Mot de passe trop court : au moins {MIN_PASSWORD_LENGTH} caractères.")
    if password.strip().lower() == login.lower():
        raise InvalidAccount("Le mot de passe ne doit pas être l'identifiant.")
    return password


def check_roles(roles: Collection[Role | str]) -> list[Role]:
    known = {role.value for role in Role}
    unknown = sorted(str(role) for role in roles if str(role) not in known)
    if unknown:
        raise InvalidAccount(f"Rôle inconnu : {', '.join(unknown)} (rôles possibles : {', '.join(sorted(known))}).")
    if not roles:
        raise InvalidAccount("Un compte doit avoir au moins un rôle.")
    return sorted({Role(role) for role in roles}, key=list(Role).index)


class Accounts:
    """Account management and sign-in, bound to a repository."""

    def __init__(self, repository: Repository, *, hasher: PasswordHasher | None = None,
                 policy: SignInPolicy | None = None, clock: Callable[[], dt.datetime] = _utc_now) -> None:
        self.repository = repository
        self.hasher = hasher or default_hasher()
        self.policy = policy or SignInPolicy()
        self.clock = clock
        self._dummy_hash: str | None = None

    @staticmethod
    def _actor(by: Person | str) -> str:
        """`by` is a signed-in person (who must be an administrator) or a system actor such as `cli:root`."""
        if isinstance(by, str):
            return by
        require(by, Action.MANAGE_ACCOUNTS)
        return by.login

    def create(self, *, login: str, password: str, roles: Collection[Role | str], name: str = "",
               by: Person | str) -> StoredUser:
        """A new account; `by` an administrator, or a system actor (command line)."""
        actor = self._actor(by)
        check_login(login)
        check_password(password, login=login)
        return self.repository.create_user(login=login, name=name.strip(), roles=check_roles(roles),
                                           password_hash=self.hasher.hash(password), actor=actor)

    def list(self, *, by: Person | str) -> list[StoredUser]:
        self._actor(by)
        return self.repository.list_users()

    def set_roles(self, login: str, roles: Collection[Role | str], *, by: Person | str) -> StoredUser:
        return self.repository.update_user(login, roles=check_roles(roles), actor=self._actor(by))

    def set_active(self, login: str, active: bool, *, by: Person | str) -> StoredUser:
        return self.repository.update_user(login, active=active, actor=self._actor(by))

    def rename(self, login: str, name: str, *, by: Person | str) -> StoredUser:
        return self.repository.update_user(login, name=name.strip(), actor=self._actor(by))

    def change_password(self, login: str, *, new_password: str, by: Person | str,
                        current_password: str | None = None) -> None:
        """A person changes its own password (with the current one), or an administrator resets it."""
        own = not isinstance(by, str) and by.login == login
        if own:
            if current_password is None or not self._verify(login, current_password):
                raise SignInRefused("Mot de passe actuel incorrect.")
            actor = login
        else:
            actor = self._actor(by)
        check_password(new_password, login=login)
        self.repository.set_password_hash(login, self.hasher.hash(new_password), actor=actor)

    def _verify(self, login: str, password: str) -> bool:
        stored = self.repository.password_hash(login)
        if stored is None:
            self._burn(password)
            return False
        try:
            return self.hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def _burn(self, password: str) -> None:
        """Spend the time of one verification, so that unknown logins answer as slowly as known ones."""
        if self._dummy_hash is None:
            self._dummy_hash = self.hasher.hash("jauge-compte-inexistant")
        with suppress(VerifyMismatchError, VerificationError, InvalidHashError):
            self.hasher.verify(self._dummy_hash, password)

    def sign_in(self, login: str, password: str) -> StoredUser:
        """The account if the password is right; SignInRefused (French) otherwise or while locked."""
        now = self.clock()
        user = self.repository.find_user(login)
        if user is None or not user.active:
            self._burn(password)
            raise SignInRefused(GENERIC_REFUSAL)
        if user.locked_until is not None and now < user.locked_until:
            raise SignInRefused(f"Trop de tentatives infructueuses : réessayez après le "
                                f"{paris_time(user.locked_until)}.", retry_after=user.locked_until)
        stored = self.repository.password_hash(login)
        try:
            valid = stored is not None and self.hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            valid = False
        if not valid:
            user = self.repository.record_failed_sign_in(login, at=now, lock_for=self.policy.lock_for)
            if user.locked_until is not None and now < user.locked_until:
                raise SignInRefused(f"{GENERIC_REFUSAL} Trop de tentatives infructueuses : réessayez après le "
                                    f"{paris_time(user.locked_until)}.", retry_after=user.locked_until)
            raise SignInRefused(GENERIC_REFUSAL)
        assert stored is not None
        rehashed = self.hasher.hash(password) if self.hasher.check_needs_rehash(stored) else None
        return self.repository.record_sign_in(login, at=now, new_password_hash=rehashed)
