"""The session's account: who acts, and the end of an idle session."""

from __future__ import annotations

from typing import Any

from ui.auth import ANONYMOUS, INACTIVITY_LIMIT_S, SessionUser, actor, current_user, sign_in, sign_out, touch


def test_nobody_signed_in_acts_as_anonymous() -> None:
    assert actor({}) == ANONYMOUS and current_user({}) is None


def test_a_session_idle_longer_than_the_limit_is_signed_out_and_forgets_its_drafts() -> None:
    session: dict[Any, Any] = {"lang": "en", "pf.drafts": {"x": 1}}
    sign_in(SessionUser(login="dsi.martin", name="M. Martin", roles=("reviewer",)), session, now=1000.0)
    assert actor(session) == "dsi.martin"
    assert touch(session, now=1000.0 + INACTIVITY_LIMIT_S - 1)
    assert actor(session) == "dsi.martin"
    assert not touch(session, now=1000.0 + 2 * INACTIVITY_LIMIT_S)
    assert current_user(session) is None
    assert session.get("lang") == "en" and "pf.drafts" not in session


def test_signing_out_keeps_only_the_language_and_the_cookies_to_write() -> None:
    session: dict[Any, Any] = {"lang": "fr", "auth.user": SessionUser("a", "A", ()), "other": 1}
    sign_out(session)
    assert set(session) == {"lang", "cookies.wanted"}
    assert session["cookies.wanted"]["jauge_session"][0] == ""  # the sign-in cookie is deleted, never recalled
