"""Accounts: argon2 password hashes, sign-in with repeated failures slowed down, roles.

Passwords are never stored, logged, shown nor put in an audit event; only their argon2id hash is
stored, and it never leaves this module and the repository. After `free_failures` consecutive failed
sign-ins, an account is locked for a window that doubles with each further failure (capped); the
counter and the window are kept in the database, so they hold across processes, restarts and the servers
sharing one database (as do the counters of unknown logins and of browsers, keyed by a SHA-256). The lock
holds strangers only: a browser that signed in to the account before shows it with a device proof
(OWASP's "device cookie") and is not held by it, so that nobody can lock an owner out by typing wrong
passwords. Unknown logins answer exactly as known ones, lock included.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
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
# Failures of an unknown login or a browser are forgotten after a day without any (and once no lock runs):
# an account's own counter is kept until its next successful sign-in.
FORGET_FAILURES_AFTER = dt.timedelta(days=1)


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

    def device_proof(self, login: str) -> str | None:
        """What a browser that has just signed in keeps (in a cookie) to show it knew the password: an HMAC
        of the login keyed by the account's password hash, which never leaves the server. A password
        reset (or rehash) changes it; None for an account without a password."""
        stored = self.repository.password_hash(login)
        if stored is None:
            return None
        return hmac.new(stored.encode("utf-8"), f"jauge-appareil:{login}".encode(), hashlib.sha256).hexdigest()

    def _known_device(self, login: str, device: str | None) -> bool:
        """Whether `device` is this account's proof, and has not failed too often on this server since."""
        if not device or self.repository.throttle(_key("device", device))[0] >= self.policy.free_failures:
            return False
        expected = self.device_proof(login)
        return expected is not None and hmac.compare_digest(expected, device)

    def _locked(self, until: dt.datetime, *, failed: bool) -> SignInRefused:
        prefix = f"{GENERIC_REFUSAL} " if failed else ""
        return SignInRefused(f"{prefix}Trop de tentatives infructueuses : réessayez après le {paris_time(until)}.",
                             retry_after=until)

    def _refuse_unknown(self, login: str, password: str, now: dt.datetime) -> SignInRefused:
        """An unknown (or deactivated) login answers as a known one would: the same message, after as many
        failures the same lock message, in about the same time."""
        key = _key("login", login)
        locked_until = self.repository.throttle(key)[1]
        if locked_until is not None and now < locked_until:
            return self._locked(locked_until, failed=False)
        self._burn(password)
        _, locked_until = self.repository.count_throttled_failure(key, at=now, lock_for=self.policy.lock_for,
                                                                  forget_after=FORGET_FAILURES_AFTER)
        if locked_until is not None and now < locked_until:
            return self._locked(locked_until, failed=True)
        return SignInRefused(GENERIC_REFUSAL)

    def sign_in(self, login: str, password: str, *, device: str | None = None) -> StoredUser:
        """The account if the password is right; SignInRefused (French) otherwise or while locked.

        After `free_failures` failures an account is locked for strangers, not for its owner: a browser
        holding the account's device proof (`device_proof`, given at its last sign-in) is not held by
        that lock (its own wrong passwords are counted apart, in memory, and after as many it is a
        stranger's again). A known and an unknown login get the same answers."""
        now = self.clock()
        user = self.repository.find_user(login)
        if user is None or not user.active:
            raise self._refuse_unknown(login, password, now)
        trusted = self._known_device(login, device)
        if not trusted and user.locked_until is not None and now < user.locked_until:
            raise self._locked(user.locked_until, failed=False)
        stored = self.repository.password_hash(login)
        try:
            valid = stored is not None and self.hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            valid = False
        if not valid:
            if trusted:
                assert device is not None
                self.repository.count_throttled_failure(_key("device", device), at=now, lock_for=_never,
                                                        forget_after=FORGET_FAILURES_AFTER)
                raise SignInRefused(GENERIC_REFUSAL)
            user = self.repository.record_failed_sign_in(login, at=now, lock_for=self.policy.lock_for)
            if user.locked_until is not None and now < user.locked_until:
                raise self._locked(user.locked_until, failed=True)
            raise SignInRefused(GENERIC_REFUSAL)
        assert stored is not None
        if device:
            self.repository.clear_throttle(_key("device", device))
        rehashed = self.hasher.hash(password) if self.hasher.check_needs_rehash(stored) else None
        return self.repository.record_sign_in(login, at=now, new_password_hash=rehashed)


def _key(kind: str, value: str) -> str:
    """The throttle's key for a typed login or a held device proof: a digest, never the text itself."""
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def _never(failures: int) -> dt.timedelta | None:
    """A browser's own failures never lock anything: past `free_failures` it is a stranger's again."""
    return None
