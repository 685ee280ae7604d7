"""Nothing typed is lost: a person types in the Dossier form, reloads the page (a new session, signed in
again by its cookie), finds the text with the banner, in the language they chose; then discards it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import navigate, open_app, screenshot, wait_idle

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
TITLE_KEY = ".st-key-pf-new-title"


def _title(page: Any) -> Any:
    return page.locator(f"{TITLE_KEY} input").first


def _language(page: Any, name: str, tab: str) -> None:
    """Switch the language and wait for the form's first tab in it."""
    page.locator("[data-testid='stSidebar'] button", has_text=name).first.click()
    expect(page.get_by_role("tab", name=tab)).to_be_visible(timeout=TIMEOUT_MS)
    wait_idle(page)


def test_text_typed_in_the_form_and_the_language_survive_a_reload(page: Any, app_url: str) -> None:
    open_app(page, app_url)
    navigate(page, "/proposal", shows=_title(page))
    _language(page, "English", "Need")
    field = _title(page)
    expect(field).to_be_visible(timeout=TIMEOUT_MS)
    field.fill("Réponse aux usagers par courriel")
    field.press("Tab")
    expect(page.get_by_text("Unsaved changes").first).to_be_visible(timeout=TIMEOUT_MS)

    page.reload()
    expect(_title(page)).to_have_value("Réponse aux usagers par courriel", timeout=TIMEOUT_MS)
    expect(page.locator("input[type='password']")).to_have_count(0)  # still signed in
    expect(page.get_by_text("Unsaved changes from", exact=False).first).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("tab", name="Need")).to_be_visible()  # still in English
    screenshot(page, "autosave-restored-en.png")

    _language(page, "Français", "Besoin")
    page.reload()
    expect(page.get_by_text("Modifications non enregistrées du", exact=False).first).to_be_visible(
        timeout=TIMEOUT_MS)
    expect(page.get_by_role("tab", name="Besoin")).to_be_visible()
    expect(_title(page)).to_have_value("Réponse aux usagers par courriel", timeout=TIMEOUT_MS)
    screenshot(page, "autosave-restored-fr.png")
    # the selectors followed the change of language: their values are codes, not the other language's labels
    wait_idle(page)
    expect(page.get_by_text("non reconnue", exact=False)).to_have_count(0)

    page.get_by_role("button", name="Abandonner ces modifications").click()
    expect(_title(page)).to_have_value("", timeout=TIMEOUT_MS)
    expect(page.get_by_text("Modifications non enregistrées du", exact=False)).to_have_count(0)
    page.reload()
    expect(page.get_by_role("tab", name="Besoin")).to_be_visible(timeout=TIMEOUT_MS)
    wait_idle(page)
    expect(_title(page)).to_have_value("", timeout=TIMEOUT_MS)
    expect(page.get_by_text("Modifications non enregistrées du", exact=False)).to_have_count(0)
