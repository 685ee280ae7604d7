"""The proposal form in the browser draws only its open tab (issue 18): a closed tab's fields are not in the
page, what was typed in one comes back when it is opened again, and a problem in a closed tab is named in the
summary with a button that opens its tab, the text still as typed and told under its field."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import no_error, open_app, screenshot, shown, wait_idle

pytestmark = pytest.mark.e2e

TITLE = "Tri des courriels entrants par onglets"
LICENCES = "pf|new|opt:0:costs.annual.licences"


def _key(key: str) -> str:
    return ".st-key-" + "".join(ch if ch.isalnum() or ch in "_-" else "-" for ch in key)


def _open(page: Any, name: str) -> None:
    tab = page.locator(_key("pf-tabs")).get_by_role("tab", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    wait_idle(page)


def test_only_the_open_tab_is_drawn_and_nothing_typed_is_lost(page: Any, app_url: str) -> None:
    title = page.locator(f"{_key('pf|new|title')} input")
    open_app(page, app_url, "/proposal", shows=title)
    no_error(page)
    expect(page.locator(_key("pf-tabs")).get_by_role("tab", name="Besoin")).to_have_attribute("aria-selected", "true")
    expect(page.locator(f"{_key(LICENCES)} input")).to_have_count(0)  # the Coûts tab is not drawn
    title.fill(TITLE)
    title.press("Tab")
    wait_idle(page)

    _open(page, "Coûts")
    licences = shown(page.locator(f"{_key(LICENCES)} input"))
    expect(title).to_have_count(0)  # nor the Besoin tab, now closed
    licences.fill("1 200")
    licences.press("Tab")
    expect(licences).to_have_value("1\u202f200\u00a0€")
    wait_idle(page)

    _open(page, "Besoin")
    expect(title).to_have_value(TITLE)
    expect(licences).to_have_count(0)
    _open(page, "Coûts")
    expect(licences).to_have_value("1\u202f200\u00a0€")

    licences.fill("12,3,4")
    licences.press("Tab")
    wait_idle(page)
    _open(page, "Gouvernance")
    expect(licences).to_have_count(0)
    summary = page.locator(_key("pf-problems"))
    expect(summary).to_contain_text("Coûts ›")  # the problem's tab, named
    expect(summary).to_contain_text("« 12,3,4 » n'est pas un montant")
    go = page.get_by_role("button", name="Ouvrir l'onglet « Coûts » (1)")
    expect(go).to_be_visible()
    no_error(page)
    screenshot(page, "form-tabs-problem-in-closed-tab.png")
    go.click()
    expect(page.locator(_key("pf-tabs")).get_by_role("tab", name="Coûts")).to_have_attribute("aria-selected", "true")
    expect(licences).to_have_value("12,3,4")
    under = page.locator("[data-testid='stCaptionContainer']").filter(has_text="« 12,3,4 » n'est pas un montant")
    expect(under).to_have_count(1)  # told under its field
    no_error(page)
