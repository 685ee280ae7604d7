"""The reading pages in a real browser: they draw, their charts render, a bubble opens its fiche, the
language switches, and nothing is fetched from another host. Screenshots go to test-output/."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import OUTPUT, navigate, open_app, screenshot, sign_in_if_asked, wait_idle

pytestmark = pytest.mark.e2e

PLOT = ".js-plotly-plot .main-svg"


def _no_error(page: Any) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, page.locator(
        "[data-testid='stException']").first.inner_text()


def test_browser_portfolio_draws_figures_matrix_and_table(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/")
    wait_idle(page)
    started = time.monotonic()
    sign_in_if_asked(page)
    page.wait_for_selector(PLOT, timeout=60_000)
    elapsed = time.monotonic() - started
    OUTPUT.mkdir(exist_ok=True)
    with (OUTPUT / "timings.txt").open("a") as timings:
        timings.write(f"portfolio drawn after sign-in: {elapsed:.2f} s\n")
    _no_error(page)
    assert page.locator(".st-key-kpi_proposals [data-testid='stMetricValue']").inner_text().strip() == "19"
    assert "CO2e" in page.locator(".st-key-kpi_gwp [data-testid='stMetricValue']").inner_text()
    assert page.get_by_text("Matrice coût-bénéfice des options").count() >= 1
    assert page.locator(".st-key-pf_table").count() == 1
    page.wait_for_timeout(500)
    screenshot(page, "portfolio.png")
    assert page.outside_requests == []


def test_browser_fiche_tabs_show_footprint_and_finance_and_the_pdf_downloads(page: Any, app_url: str) -> None:
    open_app(page, app_url, "/fiche?proposal=assistant-courriers&option=1")
    _no_error(page)
    assert page.get_by_role("heading", name="Assistant de rédaction des réponses aux courriers des usagers").count() == 1
    page.wait_for_timeout(500)
    screenshot(page, "fiche.png")
    page.get_by_role("tab", name="Empreinte").click()
    page.wait_for_selector(".st-key-fp_card_gwp_kgco2eq [data-testid='stMetricValue']", timeout=30_000)
    assert "CO2e" in page.locator(".st-key-fp_card_gwp_kgco2eq [data-testid='stMetricValue']").inner_text()
    page.wait_for_timeout(800)
    screenshot(page, "fiche-empreinte.png")
    page.get_by_role("tab", name="Coût-bénéfice").click()
    page.wait_for_selector(".st-key-fin_budget_npv [data-testid='stMetricValue']", timeout=30_000)
    assert page.locator(".st-key-fin_budget_npv [data-testid='stMetricValue']").inner_text().strip().endswith("€")
    page.wait_for_timeout(800)
    screenshot(page, "fiche-cout-benefice.png")
    page.get_by_role("tab", name="Conformité").click()
    page.wait_for_timeout(500)
    screenshot(page, "fiche-conformite.png")
    _no_error(page)
    page.get_by_role("tab", name="Synthèse").click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Télécharger la fiche (PDF)").click()
    path = download.value.path()
    assert path is not None
    assert Path(path).read_bytes()[:5] == b"%PDF-"
    assert download.value.suggested_filename == "jauge-fiche-assistant-courriers.pdf"
    assert page.outside_requests == []


def test_browser_the_language_switches_to_english_and_stays_from_page_to_page(page: Any, app_url: str) -> None:
    open_app(page, app_url)
    page.wait_for_selector(PLOT, timeout=60_000)
    page.locator(".st-key-lang").get_by_role("radio", name="English").click()
    page.wait_for_selector("h1:has-text('Portfolio')", timeout=60_000)
    wait_idle(page)
    # a bubble opens the fiche through st.switch_page: it must work in English too
    points = page.locator(".js-plotly-plot .scatterlayer .point")
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=60_000)
    points.first.click(force=True)
    page.wait_for_url("**/fiche?**", timeout=30_000)  # a click on a bubble opens its fiche
    wait_idle(page)
    page.wait_for_selector("[role='tab']", timeout=60_000)
    _no_error(page)
    tabs = [page.get_by_role("tab").nth(i).inner_text() for i in range(page.get_by_role("tab").count())]
    assert "Summary" in tabs, tabs
    navigate(page, "/methodology")
    assert page.locator("h1:has-text('Methodology')").count() == 1
    _no_error(page)


def test_browser_compare_and_methodology_draw(page: Any, app_url: str) -> None:
    open_app(page, app_url, "/compare?proposal=chatbot-rh")
    page.wait_for_selector(PLOT, timeout=60_000)
    _no_error(page)
    page.wait_for_timeout(800)
    screenshot(page, "compare.png")
    navigate(page, "/methodology")
    _no_error(page)
    assert page.get_by_role("tab", name="Empreinte").count() == 1
    screenshot(page, "methodology.png")
    assert page.outside_requests == []
