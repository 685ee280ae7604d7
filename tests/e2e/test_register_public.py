"""The public register in a browser, signed out: the published entry with its figures, nothing unpublished,
typed markup shown as text, nothing fetched from another host, the management page behind sign-in; and the
RGAA checks axe-core makes (WCAG 2.1 A and AA rules, which RGAA 4 follows) on the page and on the static
site."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, expect

from evaluation.services.register import Register
from evaluation.services.workflow import Workflow
from evaluation.storage import open_repository
from tests.e2e.axe import violations
from tests.e2e.conftest import running_dashboard, screenshot
from tests.support.register import MARKUP, approve, published
from tests.support.workflow import DSI


def _violations(page: Any) -> list[str]:
    """axe-core's violations of the WCAG 2.1 A and AA rules on the page (every impact): rule, impact, where."""
    return [str(violation) for violation in violations(page)]


@pytest.fixture(scope="module")
def register_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A published entry with markup in its title, and a draft that must never show."""
    database = f"sqlite:///{tmp_path_factory.mktemp('register-e2e') / 'jauge.sqlite3'}"
    repo = open_repository(database)
    register = Register(repo)
    published(register, "courriers", title=f"Assistant courriers {MARKUP}")
    approve(Workflow(repo), "brouillon", title="SECRET-BROUILLON")
    register.create_from_decision("brouillon", user=DSI)
    repo.close()
    return database


@pytest.fixture(scope="module")
def register_url(register_database: str) -> Iterator[str]:
    directory = Path(register_database.removeprefix("sqlite:///")).parent
    with running_dashboard(directory, register_database) as url:
        yield url


@pytest.fixture(scope="module")
def site_directory(tmp_path_factory: pytest.TempPathFactory, register_database: str) -> Path:
    from evaluation.cli import main

    directory = tmp_path_factory.mktemp("register-site") / "site"
    assert main(["register", "--format", "html", "--output", str(directory), "--base", register_database]) == 0
    return directory


def test_the_public_register_signed_out(new_context: Callable[..., BrowserContext], register_url: str) -> None:
    context = new_context(viewport={"width": 1400, "height": 1400})
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((register_url, "data:", "blob:", "about:")) else None)
    try:
        page.goto(f"{register_url}/register")
        expect(page.get_by_role("heading", name="Registre des algorithmes et de l'IA")).to_be_visible()
        expect(page.get_by_role("heading", name=f"Assistant courriers {MARKUP}")).to_be_visible()
        expect(page.get_by_text("Empreinte carbone annuelle").first).to_be_visible()
        expect(page.get_by_text("mistralai/mistral-small-latest").first).to_be_visible()
        assert page.locator("input[type='password']").count() == 0
        content = page.content()
        assert "SECRET" not in content and "<script>alert" not in content
        assert page.locator("img[src='x']").count() == 0
        assert screenshot(page, "register-public.png").is_file()
        assert _violations(page) == []
        page.get_by_text("Ce que fait cet algorithme").click()
        expect(page.get_by_text("Comment contester").first).to_be_visible()
        assert _violations(page) == []
        page.get_by_role("textbox", name="Rechercher dans le registre").fill("introuvable")
        page.get_by_role("textbox", name="Rechercher dans le registre").press("Enter")
        expect(page.get_by_text("Aucun algorithme publié ne correspond à cette recherche.")).to_be_visible()

        page.goto(f"{register_url}/register-entries")
        expect(page.locator("input[type='password']")).to_have_count(1)
        assert "SECRET" not in page.content()
        assert outside == []
    finally:
        context.close()


def test_the_static_site_passes_the_accessibility_checks(new_context: Callable[..., BrowserContext],
                                                         site_directory: Path) -> None:
    context = new_context(viewport={"width": 1400, "height": 1200})
    page = context.new_page()
    try:
        pages = sorted(site_directory.glob("*.html"))
        assert len(pages) == 2
        for path in pages:
            page.goto(path.as_uri())
            expect(page.locator("main h1")).to_have_count(1)
            assert _violations(page) == [], path.name
        screenshot(page, "register-site-index.png")
    finally:
        context.close()
