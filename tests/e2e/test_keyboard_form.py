"""The proposal form with the keyboard alone (RGAA 12.13, WCAG 2.1.1): Tab and Shift+Tab to each field, typing,
arrow keys in the tabs (the focus kept on the tab opened) and the lists, Space on a checkbox, Enter on the save
button; no click. Each field shows it has the focus (RGAA 10.7, WCAG 2.4.7): its picture focused differs from its picture before (the text caret
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
    """Reach the form's tabs with the keyboard, then the tab `name` with the right arrow, one tab at a time as
    a person does: each arrow opens the next tab, whose fields are drawn by a new run; the focus stays on that
    tab through the run (ui/streamlit_markup.py puts it back when Streamlit's redraw drops it)."""
    tabs = page.locator(_key("pf-tabs")).get_by_role("tab")
    labels = [label.strip() for label in tabs.all_inner_texts()]
    selected = page.locator(_key("pf-tabs")).locator("[role='tab'][aria-selected='true']")
    _tab_to(page, selected, backwards=True)
    for index in range(labels.index(selected.inner_text().strip()) + 1, labels.index(name) + 1):
        page.keyboard.press("ArrowRight")
        expect(tabs.nth(index)).to_have_attribute("aria-selected", "true")
        shown(page.locator(f"{_key('pf-tabs')} [role='tabpanel']:not([hidden]) [data-testid='stElementContainer']"))
        expect(tabs.nth(index)).to_be_focused()
    expect(page.locator(_key("pf-tabs")).get_by_role("tab", name=name, exact=True)).to_be_focused()


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


def test_the_focus_dropped_by_a_redraw_goes_back_to_the_open_tab(page: Any, app_url: str) -> None:
    """What Streamlit does while a run lasts, done by hand: every tab disabled, the focus on the body; once the
    tabs are enabled again, the open tab has the focus back. After a click elsewhere, the tabs no longer take the focus."""
    open_app(page, app_url)
    navigate(page, "/proposal", shows=page.locator(f"{_key('pf|new|title')} input"))
    tabs = page.locator(_key("pf-tabs")).get_by_role("tab")
    selected = page.locator(_key("pf-tabs")).locator("[role='tab'][aria-selected='true']")
    _tab_to(page, selected, backwards=True)
    disable = "tabs => { for (const tab of tabs) tab.setAttribute('aria-disabled', 'true'); document.activeElement.blur(); }"
    enable = "tabs => { for (const tab of tabs) tab.removeAttribute('aria-disabled'); }"
    tabs.evaluate_all(disable)
    expect(page.locator("body")).to_be_focused()
    tabs.evaluate_all(enable)
    expect(selected).to_be_focused()

    page.get_by_role("heading", level=1).click()  # a click in the page: the focus goes there and stays
    expect(page.locator("[data-testid='stMain']")).to_be_focused()
    tabs.evaluate_all(disable)
    tabs.evaluate_all(enable)
    expect(page.locator("body")).to_be_focused()
    expect(selected).not_to_be_focused()
    no_error(page)
