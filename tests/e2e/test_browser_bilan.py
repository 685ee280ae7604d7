"""The Bilan SNR page in a real browser, on a database with a year of projects (two approved options put in
service, one with imported usage): the figures, the charts, the text and a DOCX download that opens and
holds the total. Screenshot in test-output/bilan.png."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from evaluation.bilan.collect import bilan_source
from evaluation.bilan.compute import compute_bilan
from evaluation.bilan.text import fr_span
from evaluation.exchange.settings_file import load_settings
from evaluation.storage import open_repository
from tests.e2e.conftest import _create_account, open_app, running_dashboard, screenshot
from tests.support.bilan import build_year

pytestmark = pytest.mark.e2e
YEAR = dt.date.today().year


@pytest.fixture(scope="module")
def bilan_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    directory: Path = tmp_path_factory.mktemp("e2e-bilan")
    database = f"sqlite:///{directory / 'jauge.sqlite3'}"
    repo = open_repository(database)
    build_year(repo, load_settings(), YEAR)
    _create_account(repo)
    total = fr_span(compute_bilan(bilan_source(repo), YEAR).totals["gwp_kgco2eq"])
    repo.close()
    with running_dashboard(directory, database) as url:
        yield url, total


def test_browser_bilan_page_shows_the_year_and_downloads_an_editable_docx(
        new_context: Callable[..., Any], bilan_app: tuple[str, str]) -> None:
    from playwright.sync_api import expect

    url, total = bilan_app
    context = new_context(viewport={"width": 1400, "height": 4300})
    page = context.new_page()
    try:
        open_app(page, url, "/bilan")
        expect(page.get_by_role("heading", name="Bilan SNR")).to_be_visible()
        expect(page.locator("[data-testid='stException']")).to_have_count(0)
        expect(page.get_by_text("Options en service", exact=True)).to_be_visible()
        expect(page.get_by_role("heading", name="Texte du bilan")).to_be_visible()
        expect(page.locator("[data-testid='stMarkdownContainer']")
               .filter(has_text="Dossier complet : tri et réponse aux courriers").first).to_be_visible()
        expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible()
        expect(page.locator("[data-testid='stImage'] img")).to_have_count(3)
        expect(page.get_by_text("Fiches publiées au registre dans l'année", exact=True)).to_be_visible()
        screenshot(page, "bilan.png")
        with page.expect_download() as download:
            page.get_by_role("button", name="DOCX").click()
        document = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        assert total in cells
    finally:
        context.close()
