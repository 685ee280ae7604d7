"""The cookies a session wants are asked for by every run until the browser sent them (ui/cookies.py): the
language cookie by a script writing it, the HttpOnly ones (sign-in token, device proof) by a script posting a
single-use code to the server's cookie route (the route itself: tests/integration/storage/test_cookie_codes.py).

The code store is the database one (ui.cookie_routes.CodeStore) on a temporary SQLite file."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from evaluation.storage import Repository
from ui import cookies
from ui.auth_tokens import COOKIE, DEVICE_COOKIE, new_code, seal, unseal
from ui.cookie_routes import CodeStore

LANG = "jauge_langue"



@pytest.fixture
def codes(repo: Repository) -> CodeStore:
    return CodeStore(lambda: repo)


def _code(script: str) -> str:
    found = re.search(r"body: '([A-Za-z0-9_-]+)'", script)
    assert found is not None, script
    return found.group(1)


def test_the_language_cookie_is_written_by_every_run_until_the_browser_sends_it() -> None:
    session: dict[str, Any] = {}
    cookies.want(session, LANG, "en", lifetime_s=3600, now=1000.0)
    first = cookies.scripts(session, {}, secure=False, now=1000.0)
    again = cookies.scripts(session, {}, secure=False, now=1010.0)
    assert f"{LANG}=en; Path=/; Max-Age=3600;" in first
    # the next run (the first one may have been cut short by st.switch_page) writes it again, expiry unchanged
    assert f"{LANG}=en; Path=/; Max-Age=3590;" in again
    assert cookies.scripts(session, {LANG: "en"}, secure=False, now=1010.0) == ""
    cookies.want(session, LANG, "fr", lifetime_s=10, now=1000.0)
    assert cookies.scripts(session, {}, secure=False, now=2000.0) == ""  # an expired wish goes
    assert cookies.wanted(session, LANG) is None


def test_the_sign_in_cookie_is_posted_as_a_code_never_written_by_the_script(codes: CodeStore) -> None:
    session: dict[str, Any] = {}
    cookies.want(session, COOKIE, "tok-1", lifetime_s=3600, now=1000.0)
    first = cookies.scripts(session, {}, secure=False, now=1000.0, codes=codes)
    assert "tok-1" not in first and "document.cookie" not in first
    code = _code(first)
    assert f"fetch('{cookies.SET_ROUTE}', {{method: 'POST', credentials: 'same-origin', body: '{code}'" in first
    # every run draws the same script (a run cut short loses nothing), with the same code
    assert cookies.scripts(session, {}, secure=False, now=1010.0, codes=codes) == first
    # the browser sent the cookie: nothing more to do
    assert cookies.scripts(session, {COOKIE: "tok-1"}, secure=False, now=1010.0, codes=codes) == ""
    # the code holds the cookie until the code's own end; the cookie's end is absolute (sign-in + lifetime)
    assert codes.take(code, now=1000.0 + cookies.CODE_LIFETIME_S) is None  # expired
    cookies.want(session, COOKIE, "tok-2", lifetime_s=3600, now=1000.0)
    code = _code(cookies.scripts(session, {}, secure=False, now=1000.0, codes=codes))
    assert codes.take(code, now=1001.0) == (COOKIE, "tok-2", 4600.0)
    assert codes.take(code, now=1002.0) is None  # once only


def test_a_code_that_expired_untaken_is_replaced_and_a_taken_one_is_not_drawn_again(codes: CodeStore) -> None:
    session: dict[str, Any] = {}
    cookies.want(session, COOKIE, "tok-1", lifetime_s=3600, now=1000.0)
    first = _code(cookies.scripts(session, {}, secure=False, now=1000.0, codes=codes))
    later = 1000.0 + cookies.CODE_LIFETIME_S + 1
    second = _code(cookies.scripts(session, {}, secure=False, now=later, codes=codes))
    assert second != first and codes.waits(second)
    # the new code holds the same cookie, with the same absolute end: setting it again never extends it
    assert codes.take(second, now=later) == (COOKIE, "tok-1", 4600.0)  # the route answered it
    assert not codes.waits(second)
    assert cookies.scripts(session, {}, secure=False, now=later + cookies.CODE_LIFETIME_S, codes=codes) == ""
    assert cookies.scripts(session, {}, secure=False, now=later + 2 * cookies.CODE_LIFETIME_S, codes=codes) == ""
    # a new sign-in (another token) gets a new code
    cookies.want(session, COOKIE, "tok-2", lifetime_s=3600, now=later)
    third = _code(cookies.scripts(session, {}, secure=False, now=later, codes=codes))
    assert third not in (first, second)
    assert codes.take(third, now=later) == (COOKIE, "tok-2", later + 3600)


def test_an_http_only_cookie_needs_a_code_store() -> None:
    session: dict[str, Any] = {}
    cookies.want(session, DEVICE_COOKIE, "abc-ZWx1", lifetime_s=60, now=1000.0)
    with pytest.raises(ValueError, match="code store"):
        cookies.scripts(session, {}, secure=False, now=1000.0)


def test_deleting_the_sign_in_cookie_posts_to_the_route_only_when_the_browser_has_it() -> None:
    session: dict[str, Any] = {}
    cookies.want(session, COOKIE, "", lifetime_s=0, now=1000.0)
    assert cookies.wanted(session, COOKIE) == ""
    assert cookies.scripts(session, {}, secure=True, now=1000.0) == ""
    script = cookies.scripts(session, {COOKIE: "old"}, secure=True, now=1000.0)
    assert f"fetch('{cookies.FORGET_ROUTE}', {{method: 'POST', credentials: 'same-origin', body: '{COOKIE}'" in script
    assert "document.cookie" not in script


def test_routes_follow_the_base_url_path_and_scripts_refuse_other_text() -> None:
    assert cookies.route_path(cookies.SET_ROUTE, "jauge/") == "/jauge/_jauge/cookie"
    assert cookies.route_path(cookies.SET_ROUTE, "") == "/_jauge/cookie"
    with pytest.raises(ValueError):
        cookies.post_script("/_jauge/cookie", "x'); alert(1); ('")


def test_a_sealed_value_needs_its_code() -> None:
    code = new_code()
    sealed = seal("tok-été", code)
    assert "tok" not in sealed and unseal(sealed, code) == "tok-été"
    assert unseal(sealed, new_code()) != "tok-été"
    assert unseal("not hex", code) is None


def test_the_run_drawing_a_new_code_waits_until_the_route_took_it_once(codes: CodeStore) -> None:
    import threading

    session: dict[str, Any] = {}
    cookies.want(session, COOKIE, "tok-1", lifetime_s=3600)
    code = _code(cookies.scripts(session, {}, secure=False, codes=codes))
    taker = threading.Timer(0.2, lambda: codes.take(code))
    taker.start()
    started = time.monotonic()
    assert cookies.wait_taken(session, codes, timeout_s=30) is True
    assert 0.15 < time.monotonic() - started < 30
    assert cookies.scripts(session, {}, secure=False, codes=codes) == ""  # taken: not drawn again
    # a code nobody posts: one run waits for it, the next ones do not
    cookies.want(session, DEVICE_COOKIE, "abc-ZWx1", lifetime_s=3600)
    assert _code(cookies.scripts(session, {}, secure=False, codes=codes))
    started = time.monotonic()
    assert cookies.wait_taken(session, codes, timeout_s=0.3) is False
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    assert cookies.wait_taken(session, codes, timeout_s=30) is True
    assert time.monotonic() - started < 5
