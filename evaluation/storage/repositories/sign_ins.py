"""Sign-ins: password hashes and the throttle state (failure counter, lock window), changed atomically
with their audit events. The rules (how long a lock lasts, when to rehash) are
evaluation.services.accounts'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from evaluation.domain.workflow import EntityType
from evaluation.storage import tables as t
from evaluation.storage.repositories import audit
from evaluation.storage.repositories.base import Store, now
from evaluation.storage.repositories.users import require_user, stored_user
from evaluation.storage.stored import StoredUser


def _iso(at: dt.datetime | None) -> str | None:
    return at.isoformat() if at else None


class SignInRepository(Store):
    """Password hashes and sign-in attempts."""

    def set_password_hash(self, login: str, password_hash: str, *, actor: str) -> None:
        """Replace an account's password hash (the event says so, without any hash)."""
        U = t.UserRow
        with self._write() as connection:
            row = require_user(connection, login, lock=True)
            at = now()
            connection.execute(update(U).where(U.login == login).values(
                password_hash=password_hash, failed_sign_ins=0, locked_until=None, version=row.version + 1,
                updated_at=at, updated_by=actor))
            audit.append(connection, [audit.event(actor=actor, entity_type=EntityType.USER, entity_id=login,
                                                  action="password", at=at, before={"version": row.version},
                                                  after={"version": row.version + 1, "password": "modifié"})])

    def password_hash(self, login: str) -> str | None:
        """The stored hash, for evaluation.services.accounts only (None if there is no such account)."""
        U = t.UserRow
        with self._read() as connection:
            value = connection.execute(select(U.password_hash).where(U.login == login)).scalar_one_or_none()
        return value

    def record_failed_sign_in(self, login: str, *, at: dt.datetime,
                              lock_for: Callable[[int], dt.timedelta | None]) -> StoredUser:
        """Count one more failed sign-in, atomically; `lock_for(failures)` gives the lock window, if any."""
        U = t.UserRow
        with self._write() as connection:
            row = require_user(connection, login, lock=True)
            failures = int(row.failed_sign_ins) + 1
            window = lock_for(failures)
            locked_until = at + window if window else row.locked_until
            connection.execute(update(U).where(U.login == login).values(failed_sign_ins=failures,
                                                                        locked_until=locked_until))
            audit.append(connection, [audit.event(
                actor=login, entity_type=EntityType.USER, entity_id=login, action="sign_in_failed", at=at,
                before={"failed_sign_ins": row.failed_sign_ins},
                after={"failed_sign_ins": failures, "locked_until": _iso(locked_until)},
            )])
            return stored_user(require_user(connection, login))

    def record_sign_in(self, login: str, *, at: dt.datetime, new_password_hash: str | None = None,
                       via: str | None = None) -> StoredUser:
        """A successful sign-in: reset the failure counter (and store a rehashed password if given).
        `via` names a sign-in made without the password (e.g. "sso:proconnect"), kept in the audit event."""
        U = t.UserRow
        values: dict[str, Any] = {"failed_sign_ins": 0, "locked_until": None, "last_sign_in_at": at}
        if new_password_hash is not None:
            values["password_hash"] = new_password_hash
        with self._write() as connection:
            row = require_user(connection, login, lock=True)
            connection.execute(update(U).where(U.login == login).values(**values))
            audit.append(connection, [audit.event(
                actor=login, entity_type=EntityType.USER, entity_id=login, action="sign_in", at=at,
                before={"failed_sign_ins": row.failed_sign_ins, "last_sign_in_at": _iso(row.last_sign_in_at)},
                after={"failed_sign_ins": 0, "last_sign_in_at": at.isoformat(),
                       **({"password": "rehaché"} if new_password_hash else {}),
                       **({"via": via} if via else {})},
            )])
            return stored_user(require_user(connection, login))

    def throttle(self, key: str) -> tuple[int, dt.datetime | None]:
        """The failures counted against `key` (a SHA-256 hex digest) and the end of its lock, if any."""
        T = t.SignInThrottleRow
        with self._read() as connection:
            row = connection.execute(select(T.failures, T.locked_until).where(T.key == key)).one_or_none()
        return (0, None) if row is None else (int(row.failures), row.locked_until)

    def count_throttled_failure(self, key: str, *, at: dt.datetime,
                                lock_for: Callable[[int], dt.timedelta | None],
                                forget_after: dt.timedelta) -> tuple[int, dt.datetime | None]:
        """Count one more failure against `key`, atomically (two servers counting at once both count);
        `lock_for(failures)` gives the lock window, if any. Keys without a failure for `forget_after` and
        without a running lock are forgotten on the way, so the table stays small."""
        T = t.SignInThrottleRow
        with self._write() as connection:
            connection.execute(delete(T).where(T.updated_at < at - forget_after,
                                               or_(T.locked_until.is_(None), T.locked_until < at)))
            dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
            statement = dialect.insert(T).values(key=key, failures=1, locked_until=None, updated_at=at)
            failures = int(connection.execute(statement.on_conflict_do_update(
                index_elements=[T.key], set_={"failures": T.failures + 1, "updated_at": at},
            ).returning(T.failures)).scalar_one())
            window = lock_for(failures)
            if window is not None:
                connection.execute(update(T).where(T.key == key).values(locked_until=at + window))
                return failures, at + window
            locked_until = connection.execute(select(T.locked_until).where(T.key == key)).scalar_one()
        return failures, locked_until

    def clear_throttle(self, key: str) -> None:
        """Forget the failures counted against `key` (a successful sign-in)."""
        T = t.SignInThrottleRow
        with self._write() as connection:
            connection.execute(delete(T).where(T.key == key))
