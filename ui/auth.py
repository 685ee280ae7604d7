"""Who is using the dashboard: the signed-in account kept in the session, its roles, inactivity.

The service layer enforces rights; this module only tells pages who acts (the `actor` written in
the audit trail) and which pages to list. No Streamlit import at import time.
"""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

SESSION_USER = "auth.user"
SESSION_LAST_ACTIVITY = "auth.last_activity"
# A session ends after this many seconds without any interaction.
INACTIVITY_LIMIT_S = 30 * 60
# Who acts when no account is signed in (sign-in disabled, or tests).
ANONYMOUS = "anonyme"


@dataclass(frozen=True)
class SessionUser:
    """The signed-in account, as the session keeps it (no password, no hash)."""

    login: str
    name: str
    roles: tuple[str, ...]

    def has_any(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)


def _session() -> MutableMapping[Any, Any]:
    import streamlit as st

    return st.session_state


def current_user(session: MutableMapping[Any, Any] | None = None) -> SessionUser | None:
    user = (session if session is not None else _session()).get(SESSION_USER)
    return user if isinstance(user, SessionUser) else None


def actor(session: MutableMapping[Any, Any] | None = None) -> str:
    """The login written in the audit trail for what this session does."""
    user = current_user(session)
    return user.login if user is not None else ANONYMOUS


def sign_in(user: SessionUser, session: MutableMapping[Any, Any] | None = None, *, now: float | None = None) -> None:
    session = session if session is not None else _session()
    session[SESSION_USER] = user
    session[SESSION_LAST_ACTIVITY] = time.time() if now is None else now


def sign_out(session: MutableMapping[Any, Any] | None = None) -> None:
    """Forget the account and everything the session kept (drafts stay in the database only)."""
    session = session if session is not None else _session()
    for key in list(session):
        if key != "lang":
            del session[key]


def touch(session: MutableMapping[Any, Any] | None = None, *, now: float | None = None,
          limit_s: float = INACTIVITY_LIMIT_S) -> bool:
    """Record activity; returns False (and signs out) when the session was idle longer than the limit."""
    session = session if session is not None else _session()
    now = time.time() if now is None else now
    last = session.get(SESSION_LAST_ACTIVITY)
    if current_user(session) is not None and isinstance(last, (int, float)) and now - last > limit_s:
        sign_out(session)
        return False
    session[SESSION_LAST_ACTIVITY] = now
    return True
