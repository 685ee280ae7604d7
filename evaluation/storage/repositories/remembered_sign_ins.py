"""Remembered sign-ins: the tokens of browsers kept signed in across reloads (ui/auth_tokens.py), by their
SHA-256, with the account each stands for as its session read it. Shared by every dashboard server on the
database. No audit event: the sign-in was recorded (sign_ins); a token only carries it across reloads."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import delete, func, insert, or_, select, update

from evaluation.storage import tables as t
from evaluation.storage.repositories.base import Store

ACTIVITY_STEP_S = 60.0
"""A token's activity is written again at most once a minute (every script run reads it)."""


class RememberedSignInRepository(Store):
    """Tokens keyed by their SHA-256 (hex); times in epoch seconds."""

    def remember_sign_in(self, digest: str, *, login: str, account: dict[str, Any], at: float,
                         idle_limit_s: float, lifetime_s: float) -> None:
        """Keep a new token; the tokens already idle or too old are dropped in the same transaction."""
        R = t.RememberedSignInRow
        with self._write() as connection:
            connection.execute(delete(R).where(_stale(at, idle_limit_s, lifetime_s)))
            connection.execute(insert(R).values(digest=digest, login=login, account=orjson.dumps(account).decode(),
                                                created=at, last_activity=at))

    def recall_sign_in(self, digest: str, *, at: float, idle_limit_s: float,
                       lifetime_s: float) -> dict[str, Any] | None:
        """The account of a token still in use (its activity kept, at most once a minute); None when the token
        is unknown, idle too long or past its lifetime (then dropped)."""
        R = t.RememberedSignInRow
        with self._read() as connection:
            row = connection.execute(select(R.account, R.created, R.last_activity)
                                     .where(R.digest == digest)).one_or_none()
        if row is None:
            return None
        if at - row.last_activity > idle_limit_s or at - row.created > lifetime_s:
            self.forget_sign_in(digest)
            return None
        if at - row.last_activity >= ACTIVITY_STEP_S:
            with self._write() as connection:
                connection.execute(update(R).where(R.digest == digest, R.last_activity < at)
                                   .values(last_activity=at))
        account: dict[str, Any] = orjson.loads(row.account)
        return account

    def forget_sign_in(self, digest: str) -> None:
        R = t.RememberedSignInRow
        with self._write() as connection:
            connection.execute(delete(R).where(R.digest == digest))

    def forget_sign_ins_of(self, login: str) -> int:
        """Drop every token of an account (deactivated, roles changed, password reset); how many."""
        R = t.RememberedSignInRow
        with self._write() as connection:
            return int(connection.execute(delete(R).where(R.login == login)).rowcount or 0)

    def update_sign_in(self, digest: str, account: dict[str, Any]) -> None:
        """The account a token stands for, after its session changed it itself."""
        R = t.RememberedSignInRow
        with self._write() as connection:
            connection.execute(update(R).where(R.digest == digest).values(account=orjson.dumps(account).decode()))

    def count_sign_ins(self) -> int:
        R = t.RememberedSignInRow
        with self._read() as connection:
            return int(connection.execute(select(func.count()).select_from(R)).scalar_one())


def _stale(at: float, idle_limit_s: float, lifetime_s: float) -> Any:
    R = t.RememberedSignInRow
    return or_(R.last_activity < at - idle_limit_s, R.created < at - lifetime_s)
