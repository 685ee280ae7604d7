"""Streamlit's fixed English in a browser, replaced by our words (ui/streamlit_markup.py): the file uploader's
« Upload » button and « 128MB per file • … » line, and a selectbox's « Add: … » entry for a new option, in
French and in English. The test fails when Streamlit's markup changes under the replacement: the data-testid
it relies on disappears, or the English text shows again."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import navigate, no_error, open_app, screenshot, shown

pytestmark = pytest.mark.e2e

DROPZONE = "[data-testid='stFileUploaderDropzone']"
INSTRUCTIONS = "[data-testid='stFileUploaderDropzoneInstructions']"
BUTTON_TEXT = f"{DROPZONE} button [data-testid='stMarkdownContainer']"


def _after(page: Any, selector: str) -> str:
    """The text CSS generates after the element (its ::after content)."""
    return str(page.locator(selector).first.evaluate("element => getComputedStyle(element, '::after').content"))


def _uploader_speaks(page: Any, button: str, drop: str, types: str) -> None:
    uploader = page.locator(DROPZONE)
    shown(uploader)
    # Streamlit's markup the replacement relies on is still there...
    expect(page.locator(INSTRUCTIONS)).to_have_count(1)
    expect(page.locator(f"{INSTRUCTIONS} span")).to_have_count(1)
    expect(page.locator(f"{BUTTON_TEXT} p")).to_have_count(1)
    # ...its English is hidden, ours is shown and names the button
    expect(page.locator(f"{INSTRUCTIONS} span")).to_be_hidden()
    expect(page.locator(f"{BUTTON_TEXT} p")).to_be_hidden()
    expect(page.get_by_text("per file")).to_have_count(1)  # in the DOM, hidden
    expect(page.get_by_text("per file")).to_be_hidden()
    expect(uploader.get_by_role("button", name=button, exact=True)).to_be_visible()
    assert drop in _after(page, f"{INSTRUCTIONS} > div")
    assert _after(page, BUTTON_TEXT) == f'"{button}"'
    expect(page.get_by_text(types)).to_be_visible()


def test_the_file_uploader_speaks_the_page_language(page: Any, app_url: str) -> None:
    open_app(page, app_url, "/import-export", shows=page.locator(DROPZONE))
    no_error(page)
    _uploader_speaks(page, "Parcourir", "Glissez-déposez un fichier ici · 128 Mo au plus",
                     "Formats acceptés : YAML, YML, JSON, CSV ou XLSX.")
    screenshot(page, "streamlit-french-uploader.png")
    skip = page.locator("[data-testid='stSkipToContent']")
    expect(skip).to_have_count(1)
    expect(page.get_by_role("link", name="Aller au contenu principal", exact=True)).to_have_count(1)
    assert _after(page, "[data-testid='stSkipToContent']") == '"Aller au contenu principal"'
    assert skip.evaluate("element => getComputedStyle(element).fontSize") == "0px"  # « Skip to main content »

    page.locator(".st-key-lang").get_by_role("radio", name="English").click()
    shown(page.get_by_text("Accepted formats: YAML, YML, JSON, CSV or XLSX."))
    _uploader_speaks(page, "Browse files", "Drag and drop a file here · 128 MB at most",
                     "Accepted formats: YAML, YML, JSON, CSV or XLSX.")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshot(page, "streamlit-english-uploader.png")
    page.locator(".st-key-lang").get_by_role("radio", name="Français").click()
    shown(page.get_by_text("Formats acceptés : YAML, YML, JSON, CSV ou XLSX."))
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_a_new_option_typed_in_a_selectbox_is_offered_in_french(page: Any, app_url: str) -> None:
    open_app(page, app_url, "/proposal")
    navigate(page, "/proposal", shows=page.get_by_role("tab", name="Gouvernance"))
    page.get_by_role("tab", name="Gouvernance").click()
    field = page.get_by_role("combobox", name="Objectif de la SNR servi")
    shown(field)
    field.click()
    field.press_sequentially("Objectif inédit")
    option = page.locator("[role='option'][data-key='__creatable__']")  # Streamlit's « Add: … » entry
    expect(option).to_have_count(1)
    expect(option).to_contain_text("Add: Objectif inédit")  # Streamlit's own text, hidden...
    expect(page.get_by_role("option", name="Ajouter : Objectif inédit", exact=True)).to_be_visible()  # ...ours shown
    assert option.locator("[data-item-hl]").evaluate("element => getComputedStyle(element).fontSize") == "0px"
    assert _after(page, "[role='option'][data-key='__creatable__'] > [data-item-hl]") == '"Ajouter : Objectif inédit"'
    screenshot(page, "streamlit-french-new-option.png")
    field.press("Escape")
    help_icon = page.get_by_role("button", name="Aide : Objectif de la SNR servi")
    expect(help_icon).to_have_count(1)
    expect(page.locator("button[aria-label^='Help for ']")).to_have_count(0)


def test_the_hint_under_a_field_being_typed_in_is_french(page: Any, app_url: str) -> None:
    open_app(page, app_url, "/proposal")
    field = page.locator(".st-key-pf-new-title input")  # the title of a new proposal (ui.widgets key pf|new|title)
    navigate(page, "/proposal", shows=field)
    field.click()
    field.press_sequentially("Un titre en cours")
    hint = page.locator("[data-testid='InputInstructions'] > span").first  # Streamlit's « Press Enter to apply »
    expect(hint).to_have_text("Press Enter to apply")  # its own text, still in the DOM...
    expect(hint).to_have_attribute("data-jauge-text", "Appuyez sur Entrée pour valider")  # ...ours shown
    assert hint.evaluate("element => getComputedStyle(element).fontSize") == "0px"
    assert _after(page, "[data-testid='InputInstructions'] > span") == '"Appuyez sur Entrée pour valider"'
    screenshot(page, "streamlit-french-input-hint.png")


_NAMES_JS = """() => [...document.querySelectorAll('[aria-label], [data-title], [placeholder]')].flatMap(element =>
    ['aria-label', 'data-title', 'placeholder'].map(name => element.getAttribute(name)).filter(value => value))"""


def test_the_names_of_streamlits_and_plotlys_controls_are_french(page: Any, app_url: str) -> None:
    from ui.streamlit_markup import NAMES

    english = set(NAMES.values())
    open_app(page, app_url, "/", shows=page.locator(".js-plotly-plot .modebar-btn"))
    no_error(page)
    # Streamlit's and Plotly's controls are there (the replacement has something to replace)...
    expect(page.locator(".js-plotly-plot .modebar-btn[data-title]").first).to_be_attached()
    expect(page.get_by_role("button", name="Plein écran").first).to_be_attached()
    expect(page.locator(".js-plotly-plot [data-title='Réinitialiser les axes']").first).to_be_attached()
    # ...and none of their English names is left, nor a decorative icon named « … icon » beside its text
    expect(page.locator("[data-testid='stIconMaterial'][aria-hidden='true']").first).to_be_attached()
    assert sorted(set(page.evaluate(_NAMES_JS)) & english) == []
    assert page.locator("[data-testid='stIconMaterial'][aria-label$=' icon']").evaluate_all(
        "icons => icons.filter(icon => icon.parentElement.innerText.trim() !== icon.innerText.trim()).length") == 0

    page.locator(".st-key-lang").get_by_role("radio", name="English").click()
    shown(page.get_by_role("button", name="Fullscreen").first)
    expect(page.locator(".js-plotly-plot [data-title='Reset axes']").first).to_be_attached()
    page.locator(".st-key-lang").get_by_role("radio", name="Français").click()
    shown(page.get_by_role("button", name="Plein écran").first)


def test_each_navigation_section_is_a_list_named_by_its_header_alone(page: Any, app_url: str) -> None:
    """RGAA 9.3: Streamlit's sections made lists, each named by its header's visible text (not by the text of the
    icon that folds it, which a name computed from all the header's text would end with)."""
    open_app(page, app_url, shows=page.locator("[data-testid='stSidebarNav']"))
    for name in ("Consulter", "Instruire", "Administrer"):  # the tests' account has every role
        expect(page.get_by_role("list", name=name, exact=True)).to_have_count(1)
    sections = page.locator("[data-testid='stSidebarNavItems'] > [role='list']")
    expect(sections).to_have_count(3)
    page.locator(".st-key-lang").get_by_role("radio", name="English").click()
    for name in ("Consult", "Process", "Administer"):
        expect(page.get_by_role("list", name=name, exact=True)).to_have_count(1)
