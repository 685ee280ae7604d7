"""Two dashboard servers on one database (a restart, or a failover behind the proxy, is the same): a browser
signed in on one is recognised by its HttpOnly cookie on the other, without its password; signing out on the
second ends it on the first too. Before the tokens were kept in the database, the second server did not know
the token and showed the sign-in form."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, expect

from evaluation.storage import open_repository
from tests.e2e.conftest import (
    LOGIN_FIELD,
    SIGNED_IN,
    WAIT_MS,
    _create_account,
    running_dashboard,
    shown,
    sign_in_if_asked,
    wait_idle,
)
from ui.auth_tokens import COOKIE


def test_a_browser_signed_in_on_one_server_is_signed_in_on_the_other(
        tmp_path: Path, new_context: Callable[..., BrowserContext]) -> None:
    database = f"sqlite:///{tmp_path / 'jauge.sqlite3'}"
    repo = open_repository(database)
    _create_account(repo)
    repo.close()
    context = new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    with running_dashboard(tmp_path, database) as first, running_dashboard(tmp_path, database) as second:
        page.goto(f"{first}/")
        sign_in_if_asked(page)
        shown(page.locator(SIGNED_IN))
        jar = {cookie["name"] for cookie in context.cookies()}
        assert COOKIE in jar, sorted(jar)  # cookies are per host, not per port: the second server gets it

        page.goto(f"{second}/")
        shown(page.locator(SIGNED_IN))  # recognised by the other server
        expect(page.locator(LOGIN_FIELD)).to_have_count(0)

        page.locator(SIGNED_IN).locator("button").click()  # sign out on the second server
        shown(page.locator(LOGIN_FIELD))
        page.goto(f"{first}/")
        expect(page.locator(LOGIN_FIELD)).to_be_visible(timeout=WAIT_MS)  # the token is gone on the first too
        wait_idle(page)
        expect(page.locator(SIGNED_IN)).to_have_count(0)
