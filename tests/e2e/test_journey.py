"""A proposal's journey in a real browser: written through the Dossier form, evaluated while typing,
saved, compared, its fiche downloaded as PDF; a refused import shows its row-by-row report.
Screenshots go to test-output/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    LOGIN,
    LOGIN_FIELD,
    PASSWORD,
    PASSWORD_FIELD,
    SIGNED_IN,
    SUBMIT,
    navigate,
    no_error,
    open_app,
    screenshot,
    shown,
    wait_idle,
)

pytestmark = pytest.mark.e2e

TITLE = "Tri automatique des courriels entrants"
PROPOSAL_ID = "tri-automatique-des-courriels-entrants"


def _key(key: str) -> str:
    """The CSS class Streamlit gives an element with a key (other characters become hyphens)."""
    return ".st-key-" + "".join(ch if ch.isalnum() or ch in "_-" else "-" for ch in key)


def _type(page: Any, key: str, text: str) -> None:
    field = page.locator(f"{_key(key)} input, {_key(key)} textarea").first
    field.fill(text)
    field.press("Tab")
    wait_idle(page)


def _choose(page: Any, key: str, search: str, option: str) -> None:
    field = page.locator(f"{_key(key)} input").first
    field.click()  # waits for the field (a loaded machine may take a while to redraw the option editor)
    page.keyboard.type(search)
    page.get_by_role("option", name=option, exact=True).first.click()
    expect(field).to_have_value(option)  # the selectbox shows the option chosen
    wait_idle(page)


def test_journey_a_new_proposal_is_written_evaluated_saved_compared_and_printed(page: Any, app_url: str) -> None:
    open_app(page, app_url, "/proposal")
    no_error(page)
    _type(page, "pf|new|title", TITLE)
    _type(page, "pf|new|direction", "Relation usagers")
    page.get_by_role("tab", name="Options").click()
    _type(page, "pf|new|opt:0:name", "Règles de tri dans la messagerie (sans IA)")
    _type(page, "pf|new|opt:1:name", "Mistral Small par API")
    # Chosen as a person would, though a new draft's second option is already of this kind: on a loaded
    # machine the form was once drawn with both kind selectors on "Sans IA" (reported, under investigation).
    _choose(page, "pf|new|opt:1:kind", "générative par API", "IA générative par API")
    _choose(page, "pf|new|opt:1:provider", "Mistral", "Mistral AI")
    _choose(page, "pf|new|opt:1:model", "small", "Mistral Small (latest)")
    _choose(page, "pf|new|opt:1:zone", "France", "France (FRA)")
    page.get_by_role("tab", name="Usage et calcul").click()
    _type(page, "pf|new|opt:1:usage.users", "20")
    _type(page, "pf|new|opt:1:usage.requests_per_user_per_day", "30")
    _type(page, "pf|new|opt:1:usage.output_tokens_per_request", "150")
    page.get_by_role("tab", name="Bénéfices").click()
    _type(page, "pf|new|opt:1:benefits.hours_saved_per_user_per_week", "1,5")  # the French way (issue 14)
    expect(page.locator(f"{_key('pf|new|opt:1:benefits.hours_saved_per_user_per_week')} input")).to_have_value("1,5")
    preview = page.locator(_key("pf-preview-1"))
    expect(preview).to_contain_text("Émissions par an")
    expect(preview).to_contain_text("CO2e")
    no_error(page)
    screenshot(page, "journey-form.png")

    page.get_by_role("button", name="Enregistrer le brouillon").click()
    shown(page.get_by_text(f"Dossier « {TITLE} » enregistré (version 1)."))
    no_error(page)
    expect(page.get_by_text(f"Dossier « {TITLE} » enregistré (version 1).")).to_have_count(1)
    expect(page).to_have_url(re.compile(f"proposal={PROPOSAL_ID}"))
    screenshot(page, "journey-saved.png")

    navigate(page, f"/compare?proposal={PROPOSAL_ID}", shows=page.locator(".js-plotly-plot .main-svg"))
    no_error(page)
    expect(page.get_by_text("Mistral Small par API").first).to_be_visible()
    screenshot(page, "journey-compare.png")

    navigate(page, f"/fiche?proposal={PROPOSAL_ID}", shows=page.get_by_role("heading", name=TITLE))
    no_error(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger la fiche (PDF)").click()
    path = download.value.path()
    assert path is not None and Path(path).read_bytes()[:5] == b"%PDF-"
    assert page.outside_requests == []


def test_journey_a_refused_file_shows_its_report(page: Any, app_url: str, tmp_path: Any) -> None:
    bad = tmp_path / "dossiers.csv"
    bad.write_bytes(b"id,title,option.name,option.kind\nx,,a,genai_api\nBad Id,T,b,non_ai\n")
    open_app(page, app_url, "/import-export", shows=page.locator("[data-testid='stFileUploaderDropzone']"))
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(bad))
    shown(page.get_by_text("Fichier « dossiers.csv » refusé : 3 erreur(s)."))
    no_error(page)
    screenshot(page, "journey-import-refused.png")


def test_journey_nothing_shows_before_sign_in_and_a_reload_keeps_it(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/decision")
    shown(page.locator(PASSWORD_FIELD))
    expect(page.locator(PASSWORD_FIELD)).to_have_count(1)
    expect(page.get_by_text("Portefeuille")).to_have_count(0)
    expect(page.locator(SIGNED_IN)).to_have_count(0)
    screenshot(page, "journey-sign-in.png")
    page.locator(LOGIN_FIELD).fill(LOGIN)
    page.locator(PASSWORD_FIELD).fill("pas le bon mot de passe")
    page.locator(SUBMIT).click()
    shown(page.get_by_text("Identifiant ou mot de passe incorrect."))
    expect(page.get_by_text("Identifiant ou mot de passe incorrect.")).to_have_count(1)
    expect(page.locator(SIGNED_IN)).to_have_count(0)
    page.locator(LOGIN_FIELD).fill(LOGIN)
    page.locator(PASSWORD_FIELD).fill(PASSWORD)
    page.locator(SUBMIT).click()
    shown(page.locator(SIGNED_IN))
    expect(page.locator(PASSWORD_FIELD)).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/decision$"))
    page.reload()
    shown(page.locator(SIGNED_IN))  # the reload keeps the session (remember-me)
    expect(page.locator(PASSWORD_FIELD)).to_have_count(0)
    no_error(page)
    page.get_by_role("button", name="Se déconnecter").click()
    shown(page.locator(PASSWORD_FIELD))
    page.reload()
    shown(page.locator(PASSWORD_FIELD))  # signed out for good: the reload asks again
    expect(page.locator(PASSWORD_FIELD)).to_have_count(1)
    expect(page.locator(SIGNED_IN)).to_have_count(0)
