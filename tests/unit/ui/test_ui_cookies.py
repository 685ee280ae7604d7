"""The cookies a session wants are written by every run until the browser sent them (ui/cookies.py)."""

from __future__ import annotations

from typing import Any

from ui import cookies
from ui.auth_tokens import COOKIE


def test_a_wanted_cookie_is_written_on_every_run_until_the_browser_sends_it() -> None:
    session: dict[str, Any] = {}
    cookies.want(session, COOKIE, "tok-1", lifetime_s=3600, now=1000.0)
    first = cookies.scripts(session, {}, secure=False, now=1000.0)
    again = cookies.scripts(session, {}, secure=False, now=1010.0)
    assert f"{COOKIE}=tok-1; Path=/; Max-Age=3600;" in first
    # the next run (the first one may have been cut short by st.switch_page) writes it again, expiry unchanged
    assert f"{COOKIE}=tok-1; Path=/; Max-Age=3590;" in again
    assert cookies.scripts(session, {COOKIE: "tok-1"}, secure=False, now=1010.0) == ""


def test_deleting_writes_only_when_the_browser_has_the_cookie_and_expired_wishes_go() -> None:
    session: dict[str, Any] = {}
    cookies.want(session, COOKIE, "", lifetime_s=0, now=1000.0)
    assert cookies.wanted(session, COOKIE) == ""
    assert cookies.scripts(session, {}, secure=True, now=1000.0) == ""
    assert f"{COOKIE}=; Path=/; Max-Age=0; SameSite=Strict; Secure" in cookies.scripts(
        session, {COOKIE: "old"}, secure=True, now=1000.0)
    cookies.want(session, "jauge_langue", "en", lifetime_s=10, now=1000.0)
    assert cookies.scripts(session, {COOKIE: "old"}, secure=False, now=2000.0).count("jauge_langue") == 0
    assert cookies.wanted(session, "jauge_langue") is None
