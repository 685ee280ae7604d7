"""Accounts: login, name, roles, active flag (passwords and sign-ins: sign_ins.py).

The password hash is written by `create_user` / `SignInRepository.set_password_hash` and read back only
by `SignInRepository.password_hash`, for evaluation.services.accounts; no `StoredUser`, event or
message carries it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from evaluation.domain.workflow import EntityType, Role
from evaluation.storage import tables as t
from evaluation.storage.repositories import audit
from evaluation.storage.repositories.base import Store, VersionMismatch, check_version, now, stored
from evaluation.storage.stored import AlreadyExists, NotFound, StoredUser

_USER_COLUMNS = ("id", "login", "name", "roles", "active", "failed_sign_ins", "locked_until", "last_sign_in_at",
                 "version", "created_at", "created_by", "updated_at", "updated_by")


def role_values(roles: Collection[Role | str]) -> list[str]:
    """Distinct role values in the canonical order (porteur, dsi, elu, admin)."""
    return [role.value for role in Role if role in {Role(value) for value in roles}]


def user_row(connection: Connection, login: str, *, lock: bool = False) -> Row[Any] | None:
    """The account's columns (never the hash), locked until the end of the transaction if `lock`."""
    U = t.UserRow
    statement = select(*(getattr(U, name) for name in _USER_COLUMNS)).where(U.login == login)
    return connection.execute(statement.with_for_update() if lock else statement).one_or_none()


def require_user(connection: Connection, login: str, *, lock: bool = False) -> Row[Any]:
    row = user_row(connection, login, lock=lock)
    if row is None:
        raise NotFound(f"Compte « {login} » introuvable.")
    return row


def stored_user(row: Row[Any]) -> StoredUser:
    return stored(StoredUser, [row])[0]


def _snapshot(user: StoredUser) -> dict[str, Any]:
    """What the audit trail keeps of an account (no hash, no sign-in counters)."""
    return {"login": user.login, "name": user.name, "roles": [str(role) for role in user.roles],
            "active": user.active, "version": user.version}


class UserRepository(Store):
    """Accounts and their roles."""

    def create_user(self, *, login: str, name: str, roles: Collection[Role | str], password_hash: str,
                    actor: str) -> StoredUser:
        """Store a new account; AlreadyExists if the login is taken."""
        at = now()
        try:
            with self._write() as connection:
                if user_row(connection, login) is not None:
                    raise AlreadyExists(f"Un compte « {login} » existe déjà.")
                connection.execute(insert(t.UserRow), {
                    "login": login, "name": name, "roles": role_values(roles), "password_hash": password_hash,
                    "active": True, "failed_sign_ins": 0, "locked_until": None, "last_sign_in_at": None,
                    "version": 1, "created_at": at, "created_by": actor, "updated_at": at, "updated_by": actor,
                })
                user = stored_user(require_user(connection, login))
                audit.append(connection, [audit.event(actor=actor, entity_type=EntityType.USER, entity_id=login,
                                                      action="create", at=at, after=_snapshot(user))])
                return user
        except IntegrityError:
            raise AlreadyExists(f"Un compte « {login} » existe déjà.") from None

    def get_user(self, login: str) -> StoredUser:
        """The account; NotFound if absent."""
        with self._read() as connection:
            return stored_user(require_user(connection, login))

    def find_user(self, login: str) -> StoredUser | None:
        with self._read() as connection:
            row = user_row(connection, login)
        return stored_user(row) if row is not None else None

    def list_users(self) -> list[StoredUser]:
        """Every account, by login."""
        U = t.UserRow
        with self._read() as connection:
            rows = connection.execute(
                select(*(getattr(U, name) for name in _USER_COLUMNS)).order_by(U.login)).all()
        return stored(StoredUser, rows)

    def count_users(self) -> int:
        with self._read() as connection:
            return int(connection.execute(select(func.count()).select_from(t.UserRow)).scalar_one())

    def update_user(self, login: str, *, actor: str, name: str | None = None,
                    roles: Collection[Role | str] | None = None, active: bool | None = None,
                    expected_version: int | None = None) -> StoredUser:
        """Change an account's name, roles or active flag; one audit event."""
        U = t.UserRow
        values: dict[str, Any] = {}
        if name is not None:
            values["name"] = name
        if roles is not None:
            values["roles"] = role_values(roles)
        if active is not None:
            values["active"] = active
        try:
            with self._write() as connection:
                row = require_user(connection, login, lock=True)
                check_version(row, expected_version)
                before = stored_user(row)
                at = now()
                connection.execute(update(U).where(U.login == login).values(
                    **values, version=row.version + 1, updated_at=at, updated_by=actor))
                after = stored_user(require_user(connection, login))
                audit.append(connection, [audit.event(actor=actor, entity_type=EntityType.USER, entity_id=login,
                                                      action="update", at=at, before=_snapshot(before),
                                                      after=_snapshot(after))])
                return after
        except VersionMismatch as mismatch:
            current = mismatch.current
        raise self._store_conflict(entity_type=EntityType.USER, entity_id=login, expected_version=expected_version,
                                   content=dict(values), actor=actor, current=current)
