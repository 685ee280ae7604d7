"""The Suivi tab in a real browser: its chart and table draw, and a usage file uploaded through the import
form gives its row-by-row report (a refused file: every error, nothing saved). Screenshots in test-output/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from evaluation.domain.actuals import ServiceStatus
from evaluation.exchange.settings_file import load_settings
from evaluation.services.actuals import Tracking
from evaluation.storage import open_repository
from tests.e2e.conftest import _create_account, open_app, running_dashboard, screenshot
from tests.support.actuals import API_OPTION, approve, openai_proposal
from tests.support.workflow import DSI

pytestmark = pytest.mark.e2e

FILES = Path(__file__).parents[1] / "fixtures" / "actuals"
PROPOSAL = "courriers-openai"
TIMEOUT_MS = 60_000  # a loaded 2-core machine: expect() retries this long


@pytest.fixture(scope="module")
def followed_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The dashboard on a database whose API option is approved, in service and has imported usage."""
    directory = tmp_path_factory.mktemp("e2e-suivi")
    database = f"sqlite:///{directory / 'jauge.sqlite3'}"
    repo = open_repository(database)
    approve(repo, openai_proposal(PROPOSAL), API_OPTION, load_settings())
    tracking = Tracking(repo)
    tracking.change_service_status(PROPOSAL, API_OPTION, user=DSI, status=ServiceStatus.EN_SERVICE,
                                   on=dt.date(2026, 1, 5))
    tracking.import_file(PROPOSAL, API_OPTION, user=DSI, name="usage.json",
                         content=(FILES / "openai_usage_pages.json").read_bytes())
    _create_account(repo)
    repo.close()
    with running_dashboard(directory, database) as url:
        yield url, database


def _suivi(page: Any, url: str) -> Any:
    open_app(page, url, f"/fiche?proposal={PROPOSAL}")
    page.get_by_role("tab", name="Suivi").click()
    panel = page.get_by_role("tabpanel", name="Suivi")
    expect(panel.get_by_text("en service couverts par des données importées", exact=False)).to_be_visible(timeout=TIMEOUT_MS)
    return panel


def test_browser_suivi_draws_the_comparison_and_imports_a_file(page: Any, followed_app_url: tuple[str, str],
                                                                tmp_path: Path) -> None:
    url, database = followed_app_url
    panel = _suivi(page, url)
    expect(panel.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=TIMEOUT_MS)
    expect(panel.get_by_text("Émissions par mois : estimé et réel")).to_be_visible(timeout=TIMEOUT_MS)
    screenshot(page, "suivi.png")

    usage = tmp_path / "fevrier.csv"
    usage.write_text("period_start,period_end,model,requests,input_tokens,output_tokens,energy_kwh,cost_eur\n"
                     "2026-02-01,2026-02-28,gpt-4o-mini-2024-07-18,5200,7800000,2000000,,41.60\n")
    panel.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(usage))
    expect(panel.get_by_text("fevrier.csv")).to_be_visible(timeout=TIMEOUT_MS)  # uploaded before the submit
    panel.get_by_role("button", name="Importer", exact=True).click()
    expect(page.get_by_text("fevrier.csv importé : 1 période(s) ajoutée(s)", exact=False)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Rapport d'import : fevrier.csv")).to_be_visible(timeout=TIMEOUT_MS)
    screenshot(page, "suivi-import.png")
    repo = open_repository(database)
    try:
        assert [i.file_name for i in repo.actual_imports(PROPOSAL)] == ["usage.json", "fevrier.csv"]
    finally:
        repo.close()


def test_browser_suivi_refuses_a_bad_file_with_every_error(page: Any, followed_app_url: tuple[str, str],
                                                           tmp_path: Path) -> None:
    url, database = followed_app_url
    repo = open_repository(database)
    before = len(repo.actual_periods(PROPOSAL))
    repo.close()
    panel = _suivi(page, url)
    bad = tmp_path / "faux.csv"
    bad.write_text("period_start,period_end,model,requests,input_tokens,output_tokens,energy_kwh,cost_eur\n"
                   "2026-03-31,2026-03-01,gpt-4o-mini,-4,,beaucoup,,\n")
    panel.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(bad))
    expect(panel.get_by_text("faux.csv")).to_be_visible(timeout=TIMEOUT_MS)  # uploaded before the submit
    panel.get_by_role("button", name="Importer", exact=True).click()
    expect(page.get_by_text("Fichier refusé, rien n'a été enregistré : 3 erreur(s).")).to_be_visible(timeout=TIMEOUT_MS)
    screenshot(page, "suivi-refused.png")
    repo = open_repository(database)
    try:
        assert len(repo.actual_periods(PROPOSAL)) == before
    finally:
        repo.close()
