"""Numbers in the Dossier form, in a real browser (issue 14): typed with the keyboard the French way and shown
so (« 15 000,50 € », « 100 % »), a wrong entry told next to its field, what was typed kept over a reload, and
the English way in English. Screenshots of the form in both languages go to test-output/."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import navigate, no_error, open_app, screenshot, wait_idle

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
NNBSP, NBSP = "\u202f", "\u00a0"


def _input(page: Any, path: str) -> Any:
    """The text input of a field of the new proposal's second option (its CSS class comes from its key)."""
    key = "".join(ch if ch.isalnum() or ch in "_-" else "-" for ch in f"pf|new|opt:1:{path}")
    return page.locator(f".st-key-{key} input").first


def _type(page: Any, path: str, text: str) -> None:
    """Type with the keyboard alone: focus, select what is there, type, Tab away."""
    field = _input(page, path)
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Tab")
    wait_idle(page)


def _tab(page: Any, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    wait_idle(page)


def test_numbers_are_typed_the_french_way_told_when_wrong_kept_over_a_reload_and_english_in_english(
        page: Any, app_url: str) -> None:
    open_app(page, app_url)
    navigate(page, "/proposal", shows=page.get_by_role("tab", name="Coûts"))
    _tab(page, "Coûts")
    # 0 is an empty input (nothing to erase before typing), « 0 € » its placeholder
    expect(_input(page, "costs.one_off.development")).to_have_value("", timeout=TIMEOUT_MS)
    expect(_input(page, "costs.one_off.development")).to_have_attribute("placeholder", f"0{NBSP}€")

    _type(page, "costs.one_off.development", "15000,5")
    expect(_input(page, "costs.one_off.development")).to_have_value(f"15{NNBSP}000,50{NBSP}€", timeout=TIMEOUT_MS)
    _type(page, "costs.annual.licences", "12,3,4")
    wrong = page.get_by_text(re.compile(r"Licences \(€/an\)\s: « 12,3,4 » n'est pas un montant ; écrivez par exemple"))
    expect(wrong.first).to_be_visible(timeout=TIMEOUT_MS)
    expect(_input(page, "costs.annual.licences")).to_have_value("12,3,4")
    _tab(page, "Bénéfices")
    expect(_input(page, "benefits.adoption_rate")).to_have_value(f"100{NNBSP}%")
    _type(page, "benefits.adoption_rate", "75,5 %")
    expect(_input(page, "benefits.adoption_rate")).to_have_value(f"75,5{NNBSP}%", timeout=TIMEOUT_MS)
    no_error(page)
    screenshot(page, "numbers-form-benefits-fr.png")

    page.reload()  # a new session, signed in again by its cookie: the autosave brings the text back
    expect(page.get_by_text("Modifications non enregistrées du", exact=False).first).to_be_visible(
        timeout=TIMEOUT_MS)
    _tab(page, "Coûts")
    expect(_input(page, "costs.annual.licences")).to_have_value("12,3,4", timeout=TIMEOUT_MS)
    expect(_input(page, "costs.one_off.development")).to_have_value(f"15{NNBSP}000,50{NBSP}€")
    expect(wrong.first).to_be_visible(timeout=TIMEOUT_MS)
    no_error(page)
    screenshot(page, "numbers-form-costs-fr.png")

    page.locator("[data-testid='stSidebar'] button", has_text="English").first.click()
    expect(page.get_by_role("tab", name="Costs")).to_be_visible(timeout=TIMEOUT_MS)
    wait_idle(page)
    _tab(page, "Costs")
    expect(_input(page, "costs.one_off.development")).to_have_value("€15,000.50", timeout=TIMEOUT_MS)
    expect(_input(page, "costs.annual.licences")).to_have_value("12,3,4")
    expect(page.get_by_text("“12,3,4” is not an amount; write for example €15,000.50").first).to_be_visible()
    _type(page, "costs.annual.licences", "1,200")
    expect(_input(page, "costs.annual.licences")).to_have_value("€1,200", timeout=TIMEOUT_MS)
    expect(page.get_by_text("is not an amount")).to_have_count(0)
    no_error(page)
    screenshot(page, "numbers-form-costs-en.png")
    _tab(page, "Benefits")
    expect(_input(page, "benefits.adoption_rate")).to_have_value("75.5%", timeout=TIMEOUT_MS)
    screenshot(page, "numbers-form-benefits-en.png")
    assert page.outside_requests == []
