"""While the person signs in, the browser loads the front-end modules the portfolio draws with
(ui.preload.PRELOADED_MODULES), so that the page after sign-in only draws (issue 18: sign-in to portfolio)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request

from tests.e2e.conftest import LOGIN, PASSWORD, shown, sign_in
from ui import preload

pytestmark = pytest.mark.e2e


def _file(request: Request) -> str:
    return request.url.split("?", 1)[0].rsplit("/", 1)[-1]


def test_the_portfolio_modules_are_loaded_during_sign_in_not_after(page: Page, app_url: str) -> None:
    modules = list(preload.preloaded_chunks())
    assert [name.split(".", 1)[0] for name in modules] == list(preload.PRELOADED_MODULES)  # this Streamlit's
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(_file(request)))
    page.goto(f"{app_url}/")
    # each module is fetched once the sign-in page is idle (a retrying wait on the browser's own record)
    page.wait_for_function("names => names.every(name => performance.getEntriesByType('resource')"
                           ".some(entry => entry.name.split('?')[0].endsWith('/static/js/' + name)))", arg=modules)
    before_sign_in = len(fetched)
    sign_in(page, LOGIN, PASSWORD)
    shown(page.locator(".st-key-pf_table [data-testid='stDataFrameResizable']"))
    after = fetched[before_sign_in:]
    assert not set(after) & set(modules), f"fetched again after sign-in: {sorted(set(after) & set(modules))}"
