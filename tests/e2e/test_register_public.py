"""The public register in a browser, signed out: the published entry with its figures, nothing unpublished,
typed markup shown as text, nothing fetched from another host, and the management page behind sign-in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from evaluation.services.register import Register
from evaluation.services.workflow import Workflow
from evaluation.storage import open_repository
from tests.e2e.conftest import new_context, running_dashboard, screenshot, wait_idle
from tests.support.register import MARKUP, approve, published
from tests.support.workflow import DSI


@pytest.fixture(scope="module")
def register_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("register-e2e")
    database = f"sqlite:///{directory / 'jauge.sqlite3'}"
    repo = open_repository(database)
    register = Register(repo)
    published(register, "courriers", title=f"Assistant courriers {MARKUP}")
    approve(Workflow(repo), "brouillon", title="SECRET-BROUILLON")
    register.create_from_decision("brouillon", user=DSI)
    repo.close()
    with running_dashboard(directory, database) as url:
        yield url


def test_the_public_register_signed_out(browser: Any, register_url: str) -> None:
    context = new_context(browser, height=1400)
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((register_url, "data:", "blob:", "about:")) else None)
    try:
        page.goto(f"{register_url}/register")
        wait_idle(page)
        expect(page.get_by_role("heading", name="Registre des algorithmes et de l'IA")).to_be_visible()
        expect(page.get_by_role("heading", name=f"Assistant courriers {MARKUP}")).to_be_visible()
        expect(page.get_by_text("Empreinte carbone annuelle").first).to_be_visible()
        expect(page.get_by_text("mistralai/mistral-small-latest").first).to_be_visible()
        assert page.locator("input[type='password']").count() == 0
        content = page.content()
        assert "SECRET" not in content and "<script>alert" not in content
        assert page.locator("img[src='x']").count() == 0
        assert screenshot(page, "register-public.png").is_file()
        page.get_by_role("textbox", name="Rechercher dans le registre").fill("introuvable")
        page.get_by_role("textbox", name="Rechercher dans le registre").press("Enter")
        expect(page.get_by_text("Aucun algorithme publié ne correspond à cette recherche.")).to_be_visible()

        page.goto(f"{register_url}/register-entries")
        wait_idle(page)
        expect(page.locator("input[type='password']")).to_have_count(1)
        assert "SECRET" not in page.content()
        assert outside == []
    finally:
        context.close()
