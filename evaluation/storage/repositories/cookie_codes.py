"""Cookie codes: a cookie waiting for its browser, handed over once (ui/cookie_routes.py). A code is taken
by deleting its row, so that two servers answering the same code at once give the cookie once; expired
codes are dropped on the way. No audit event: a code is no decision, only a delivery of what the sign-in
(audited) decided."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, insert, select

from evaluation.storage import tables as t
from evaluation.storage.repositories.base import Store

_KEPT_AFTER_EXPIRY = dt.timedelta(days=1)


class CookieCodeRepository(Store):
    """Codes keyed by their SHA-256 (hex), each holding one cookie's name and sealed value."""

    def add_cookie_code(self, digest: str, *, name: str, sealed: str, cookie_expires_at: dt.datetime,
                        expires_at: dt.datetime, at: dt.datetime) -> None:
        """Keep a new code until `expires_at`. Codes expired a day before `at` are dropped in the same
        transaction (an expired code stays a while, so that its session can tell it was never taken)."""
        C = t.CookieCodeRow
        with self._write() as connection:
            connection.execute(delete(C).where(C.expires_at <= at - _KEPT_AFTER_EXPIRY))
            connection.execute(insert(C).values(digest=digest, name=name, sealed=sealed,
                                                cookie_expires_at=cookie_expires_at, expires_at=expires_at))

    def take_cookie_code(self, digest: str, *, at: dt.datetime) -> tuple[str, str, dt.datetime] | None:
        """(name, sealed value, the cookie's end) of a code still valid at `at`, which is used up; None when the
        code is unknown, already taken or expired."""
        C = t.CookieCodeRow
        with self._write() as connection:
            row = connection.execute(delete(C).where(C.digest == digest).returning(
                C.name, C.sealed, C.cookie_expires_at, C.expires_at)).one_or_none()
        if row is None or row.expires_at <= at:
            return None
        return str(row.name), str(row.sealed), row.cookie_expires_at

    def cookie_code_waits(self, digest: str) -> bool:
        """Whether the code is still there (not taken yet, whether or not expired)."""
        C = t.CookieCodeRow
        with self._read() as connection:
            return connection.execute(select(C.digest).where(C.digest == digest)).first() is not None
