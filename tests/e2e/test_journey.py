"""A proposal's journey in a real browser: written through the Dossier form, evaluated while typing,
saved, compared, its fiche downloaded as PDF; a refused import shows its row-by-row report.
Screenshots go to test-output/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import LOGIN, PASSWORD, navigate, open_app, screenshot, wait_idle

pytestmark = pytest.mark.e2e

TITLE = "Tri automatique des courriels entrants"
PROPOSAL_ID = "tri-automatique-des-courriels-entrants"


def _no_error(page: Any) -> None:
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.first.inner_text()


def _key(key: str) -> str:
    """The CSS class Streamlit gives an element with a key (other characters become hyphens)."""
    return ".st-key-" + "".join(ch if ch.isalnum() or ch in "_-" else "-" for ch in key)


def _type(page: Any, key: str, text: str) -> None:
    field = page.locator(f"{_key(key)} input, {_key(key)} textarea").first
    field.wait_for(timeout=60_000)
    field.fill(text)
    field.press("Tab")
    wait_idle(page)


def _choose(page: Any, key: str, search: str, option: str) -> None:
    wait_idle(page)
    field = page.locator(f"{_key(key)} input").first
    field.wait_for(timeout=60_000)  # a loaded machine may take a while to redraw the option editor
    field.click()
    page.keyboard.type(search)
    page.get_by_role("option", name=option, exact=True).first.click()
    wait_idle(page)


def test_journey_a_new_proposal_is_written_evaluated_saved_compared_and_printed(page: Any, app_url: str) -> None:
    open_app(page, app_url, "/proposal")
    _no_error(page)
    _type(page, "pf|new|title", TITLE)
    _type(page, "pf|new|direction", "Relation usagers")
    page.get_by_role("tab", name="Options").click()
    _type(page, "pf|new|opt:0:name", "Règles de tri dans la messagerie (sans IA)")
    _type(page, "pf|new|opt:1:name", "Mistral Small par API")
    _choose(page, "pf|new|opt:1:provider", "Mistral", "Mistral AI")
    _choose(page, "pf|new|opt:1:model", "small", "Mistral Small (latest)")
    _choose(page, "pf|new|opt:1:zone", "France", "France (FRA)")
    page.get_by_role("tab", name="Usage et calcul").click()
    _type(page, "pf|new|opt:1:usage.users", "20")
    _type(page, "pf|new|opt:1:usage.requests_per_user_per_day", "30")
    _type(page, "pf|new|opt:1:usage.output_tokens_per_request", "150")
    page.get_by_role("tab", name="Bénéfices").click()
    _type(page, "pf|new|opt:1:benefits.hours_saved_per_user_per_week", "1.5")
    preview = page.locator(_key("pf-preview-1"))
    preview.wait_for(timeout=30_000)
    assert "Émissions par an" in preview.inner_text()
    assert "CO2e" in preview.inner_text()
    _no_error(page)
    screenshot(page, "journey-form.png")

    page.get_by_role("button", name="Enregistrer le brouillon").click()
    wait_idle(page)
    _no_error(page)
    assert page.get_by_text(f"Dossier « {TITLE} » enregistré (version 1).").count() == 1
    assert f"proposal={PROPOSAL_ID}" in page.url
    screenshot(page, "journey-saved.png")

    navigate(page, f"/compare?proposal={PROPOSAL_ID}")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    _no_error(page)
    assert page.get_by_text("Mistral Small par API").count() >= 1
    screenshot(page, "journey-compare.png")

    navigate(page, f"/fiche?proposal={PROPOSAL_ID}")
    _no_error(page)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Télécharger la fiche (PDF)").click()
    path = download.value.path()
    assert path is not None and Path(path).read_bytes()[:5] == b"%PDF-"
    assert page.outside_requests == []


def test_journey_a_refused_file_shows_its_report(page: Any, app_url: str, tmp_path: Any) -> None:
    bad = tmp_path / "dossiers.csv"
    bad.write_bytes(b"id,title,option.name,option.kind\nx,,a,genai_api\nBad Id,T,b,non_ai\n")
    open_app(page, app_url, "/import-export")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(bad))
    wait_idle(page)
    page.get_by_text("Fichier « dossiers.csv » refusé : 3 erreur(s).").wait_for(timeout=30_000)
    _no_error(page)
    screenshot(page, "journey-import-refused.png")


def test_journey_nothing_shows_before_sign_in_and_a_reload_keeps_it(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/decision")
    wait_idle(page)
    assert page.locator("input[type='password']").count() == 1
    assert page.get_by_text("Portefeuille").count() == 0
    screenshot(page, "journey-sign-in.png")
    page.locator("input[autocomplete='username']").fill(LOGIN)
    page.locator("input[type='password']").fill("pas le bon mot de passe")
    page.locator("[data-testid='stFormSubmitButton'] button").click()
    wait_idle(page)
    assert page.get_by_text("Identifiant ou mot de passe incorrect.").count() == 1
    page.locator("input[autocomplete='username']").fill(LOGIN)
    page.locator("input[type='password']").fill(PASSWORD)
    page.locator("[data-testid='stFormSubmitButton'] button").click()
    page.wait_for_selector("input[type='password']", state="detached", timeout=60_000)
    wait_idle(page)
    assert page.url.endswith("/decision")
    page.reload()
    wait_idle(page)
    assert page.locator("input[type='password']").count() == 0
    _no_error(page)
    page.get_by_role("button", name="Se déconnecter").click()
    wait_idle(page)
    page.reload()
    wait_idle(page)
    assert page.locator("input[type='password']").count() == 1
