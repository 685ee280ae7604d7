"""The sign-in cookie is HttpOnly, set by a response of the server (its cookie route), not by a script: no
script of the page can read it (`document.cookie` lacks it) while the browser keeps it and sends it, so that a
reload stays signed in; signing out deletes it, and a reload then shows the sign-in form.

This also fails if `streamlit run dashboard.py` stops serving the cookie routes (st.App no longer found in
dashboard.py): the cookie would then never be set."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import LOGIN_FIELD, SIGNED_IN, WAIT_MS, shown, sign_in_if_asked
from ui.auth_tokens import COOKIE, DEVICE_COOKIE
from ui.cookies import FORGET_ROUTE, SET_ROUTE


def _cookies(context: Any) -> dict[str, dict[str, Any]]:
    return {cookie["name"]: cookie for cookie in context.cookies()}


def test_the_sign_in_cookie_is_http_only_survives_a_reload_and_goes_at_sign_out(page: Any, app_url: str) -> None:
    context = page.context
    context.clear_cookies()
    answers: list[Any] = []

    def two_cookies_set(response: Any) -> bool:
        """The route's answers that set a cookie: the sign-in token's and the device proof's."""
        if response.url == f"{app_url}{SET_ROUTE}" and response.status == 204:
            answers.append(response)
        return len(answers) >= 2

    with page.expect_response(two_cookies_set, timeout=WAIT_MS):
        page.goto(f"{app_url}/")
        sign_in_if_asked(page)
    jar = _cookies(context)
    assert {COOKIE, DEVICE_COOKIE} <= set(jar), sorted(jar)
    for name in (COOKIE, DEVICE_COOKIE):
        assert jar[name]["httpOnly"] is True, jar[name]
        assert jar[name]["sameSite"] == "Strict", jar[name]
        assert jar[name]["path"] == "/", jar[name]
        assert jar[name]["expires"] > 0, jar[name]  # a lasting cookie (Max-Age, Expires), not a session one
    readable = str(page.evaluate("() => document.cookie"))
    assert COOKIE not in readable and jar[COOKIE]["value"] not in readable
    assert DEVICE_COOKIE not in readable and jar[DEVICE_COOKIE]["value"] not in readable

    page.reload()
    shown(page.locator(SIGNED_IN))  # a new session, signed in by the HttpOnly cookie
    expect(page.locator(LOGIN_FIELD)).to_have_count(0)

    with page.expect_response(lambda response: response.url == f"{app_url}{FORGET_ROUTE}"
                              and response.status == 204, timeout=WAIT_MS):
        page.locator(SIGNED_IN).get_by_role("button").click()
        shown(page.locator(LOGIN_FIELD))
    assert COOKIE not in _cookies(context)
    assert DEVICE_COOKIE in _cookies(context)  # the device proof stays (the lock-out spares this browser)
    page.reload()
    shown(page.locator(LOGIN_FIELD))  # signed out for good: the reload asks for the password again
    expect(page.locator(SIGNED_IN)).to_have_count(0)
