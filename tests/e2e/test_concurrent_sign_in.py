"""A committee signs in together: eight browsers submit the sign-in form at the same moment, and every one
of them is still signed in after a reload (its "stay signed in" cookie was written whatever the load)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from evaluation.services.accounts import Accounts
from evaluation.storage import open_repository
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, IDLE, running_dashboard

PEOPLE = 8
PASSWORD = "mot-de-passe-du-comite-2026"  # noqa: S105 - throwaway accounts of a temporary database
TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def committee_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory: Path = tmp_path_factory.mktemp("committee")
    database = f"sqlite:///{directory / 'jauge.sqlite3'}"
    repo = open_repository(database)
    accounts = Accounts(repo)
    for number in range(PEOPLE):
        accounts.create(login=f"elu.{number}", password=PASSWORD, roles=("elu",), name=f"Élu {number}",
                        by="tests-e2e")
    repo.close()
    with running_dashboard(directory, database) as url:
        yield url


async def _open_sign_in(browser: Any, url: str, login: str) -> Any:
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    await page.goto(f"{url}/")
    await page.wait_for_selector("input[type='password']")
    await page.locator("input[autocomplete='username']").fill(login)
    await page.locator("input[type='password']").fill(PASSWORD)
    return page


async def _signed_in_after_reload(page: Any) -> bool:
    from playwright.async_api import expect

    await expect(page.locator("input[type='password']")).to_have_count(0, timeout=TIMEOUT_MS)
    await expect(page.locator("[data-testid='stSidebarNav']")).to_be_visible(timeout=TIMEOUT_MS)
    await page.reload()
    await page.wait_for_selector(IDLE)
    # Either the portfolio's navigation (signed in) or the sign-in form (the cookie was not written).
    first = page.locator("[data-testid='stSidebarNav'], input[type='password']").first
    await expect(first).to_be_visible(timeout=TIMEOUT_MS)
    return bool(await page.locator("input[type='password']").count() == 0)


async def _committee(url: str) -> list[bool]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            pages = [await _open_sign_in(browser, url, f"elu.{number}") for number in range(PEOPLE)]
            # Everyone submits at once.
            await asyncio.gather(*(page.locator("[data-testid='stFormSubmitButton'] button").click()
                                   for page in pages))
            return list(await asyncio.gather(*(_signed_in_after_reload(page) for page in pages)))
        finally:
            await browser.close()


def test_eight_simultaneous_sign_ins_all_survive_a_reload(committee_url: str) -> None:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is required for the browser tests: {CHROMIUM} is missing")
    # In its own thread: pytest-playwright's sync API, used by the other browser tests of the session, keeps an
    # event loop running in this one, where asyncio.run() is refused.
    with ThreadPoolExecutor(max_workers=1) as pool:
        survived = pool.submit(asyncio.run, _committee(committee_url)).result()
    assert survived == [True] * PEOPLE, f"signed out by a reload: {survived.count(False)} of {PEOPLE}"
