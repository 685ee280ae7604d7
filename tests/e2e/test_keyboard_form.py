"""The proposal form with the keyboard alone (RGAA 12.13, WCAG 2.1.1): Tab and Shift+Tab to each field, typing,
arrow keys in the tabs and the lists, Space on a checkbox, Enter on the save button; no click. Each field shows
it has the focus (RGAA 10.7, WCAG 2.4.7): its picture focused differs from its picture before (the text caret
hidden, so that only a focus indicator counts)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import navigate, no_error, open_app, screenshot, shown, wait_idle

pytestmark = pytest.mark.e2e

TITLE = "Accueil téléphonique préparé au clavier"
MAX_TABS = 80  # Tab presses allowed to reach a field
MARGIN = 4  # pixels around a field where its focus outline may be drawn


def _key(key: str) -> str:
    return ".st-key-" + "".join(ch if ch.isalnum() or ch in "_-" else "-" for ch in key)


def _has_focus(locator: Any) -> bool:
    return bool(locator.evaluate("e => e === document.activeElement || e.contains(document.activeElement)"))


def _picture(page: Any, ring: Any) -> bytes:
    """The element and a margin around it, where an outline is drawn."""
    box = ring.bounding_box()
    assert box is not None
    return bytes(page.screenshot(animations="disabled", clip={
        "x": max(0, box["x"] - MARGIN), "y": max(0, box["y"] - MARGIN),
        "width": box["width"] + 2 * MARGIN, "height": box["height"] + 2 * MARGIN}))


def _tab_to(page: Any, target: Any, ring: Any | None = None, *, backwards: bool = False) -> None:
    """Press Tab (Shift+Tab backwards) until `target` has the focus; `ring` (the target by default), pictured
    before and after, must look different once focused."""
    ring = ring or target
    wait_idle(page)
    expect(ring).to_be_visible()
    before = _picture(page, ring)
    for _ in range(MAX_TABS):
        if _has_focus(target):
            break
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    else:
        raise AssertionError(f"{target} not reached with the keyboard in {MAX_TABS} presses")
    wait_idle(page)
    assert _has_focus(target), "the focus left the field while the page redrew"
    assert _picture(page, ring) != before, f"no visible focus on {ring}"


def _type_in(page: Any, key: str, text: str) -> None:
    field = page.locator(f"{_key(key)} input, {_key(key)} textarea").first
    _tab_to(page, field, field.locator("xpath=.."))  # its frame, which shows the focus
    page.keyboard.type(text)
    expect(field).to_have_value(text)


def _choose(page: Any, key: str, search: str, option: str) -> None:
    """A list: reached with Tab, filtered by typing, its first match taken with the down arrow and Enter."""
    field = page.locator(f"{_key(key)} input").first
    _tab_to(page, field, page.locator(f"{_key(key)} [role='group']").first)
    page.keyboard.type(search)
    expect(page.get_by_role("option", name=option, exact=True).first).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(field).to_have_value(option)


def _tab(page: Any, name: str) -> None:
    """Reach the form's tabs with the keyboard, then the tab `name` with the arrow keys."""
    tabs = page.locator(_key("pf-tabs")).get_by_role("tab")
    selected = page.locator(_key("pf-tabs")).locator("[role='tab'][aria-selected='true']")
    _tab_to(page, selected, backwards=True)
    wanted = page.locator(_key("pf-tabs")).get_by_role("tab", name=name, exact=True)
    for _ in range(tabs.count()):
        if _has_focus(wanted):
            break
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(wanted).to_have_attribute("aria-selected", "true")
    wait_idle(page)


def test_the_proposal_form_is_filled_and_saved_with_the_keyboard_alone(page: Any, app_url: str) -> None:
    open_app(page, app_url)
    navigate(page, "/proposal", shows=page.locator(f"{_key('pf|new|title')} input"))
    no_error(page)
    page.add_style_tag(content="* { caret-color: transparent !important; }")  # only a focus indicator counts

    _type_in(page, "pf|new|title", TITLE)
    _type_in(page, "pf|new|direction", "Accueil")
    _choose(page, "pf|new|category", "Relation", "Relation usagers")
    _type_in(page, "pf|new|need", "Préparer les réponses aux appels les plus fréquents.")

    _tab(page, "Options")
    _type_in(page, "pf|new|opt:0:name", "Fiches de réponse partagées (sans IA)")
    _type_in(page, "pf|new|opt:1:name", "Assistant par API")
    _choose(page, "pf|new|opt:1:provider", "Mistral", "Mistral AI")
    _choose(page, "pf|new|opt:1:model", "small (latest", "Mistral Small (latest)")

    _tab(page, "Gouvernance")
    checkbox = page.locator(f"{_key('pf|new|governance.personal_data')} input[type='checkbox']")
    _tab_to(page, checkbox, page.locator(f"{_key('pf|new|governance.personal_data')} label").first)
    page.keyboard.press("Space")
    expect(checkbox).to_be_checked()
    screenshot(page, "keyboard-form-focus.png")

    save = page.get_by_role("button", name="Enregistrer le brouillon")
    _tab_to(page, save, backwards=True)
    page.keyboard.press("Enter")
    shown(page.get_by_text(f"Dossier « {TITLE} » enregistré (version 1)."))
    no_error(page)
    screenshot(page, "keyboard-form-saved.png")
