"""The record of a decision under conditions, in a real browser: the élu decides "approuvé sous conditions" on
the Décision page (option, the checklist's points acknowledged, two conditions with owner and due date, a
motivation with markup in it), then opens the fiche, reads the decision in the Synthèse tab (outcome, option
retained, motivation, conditions), reproduces the frozen evaluation (identical figures), downloads the PDF and
finds outcome, option, motivation and conditions in it (pdftotext), and downloads the draft délibération (ODT,
opened with odfpy). Screenshots: test-output/decision-record-*.png.

The fixture's database holds one proposal with the DSI's opinions given (avis rendu) and three named accounts."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from evaluation.storage import open_repository
from tests.e2e.conftest import navigate, running_dashboard, screenshot, shown, sign_in, wait_idle
from tests.support.decided import CONDITIONS, MOTIVATION, PROPOSAL_ID, RETAINED, to_decision

pytestmark = pytest.mark.e2e

PASSWORD = "mot-de-passe-du-registre-e2e"  # noqa: S105 - throwaway accounts of a temporary database
NAMES = {"porteur.a": ("Paul Martin", ("porteur",)), "dsi.martin": ("Inès Roux", ("dsi",)),
         "elu.durand": ("Claire Durand", ("elu",))}


@pytest.fixture(scope="module")
def decided_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from evaluation.services.accounts import Accounts

    directory = tmp_path_factory.mktemp("e2e-decision-record")
    database = f"sqlite:///{directory / 'jauge.sqlite3'}"
    repo = open_repository(database)
    for login, (name, roles) in NAMES.items():
        Accounts(repo).create(login=login, password=PASSWORD, roles=roles, name=name, by="tests-e2e")
    to_decision(repo)
    repo.close()
    with running_dashboard(directory, database) as url:
        yield url


def _key(key: str) -> str:
    return ".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def _flat(text: str) -> str:
    return " ".join(text.split())


def _go(page: Any, path: str) -> None:
    """Another page of the dashboard in the same session (a reload would sign out)."""
    navigate(page, path)


def _decide_under_conditions(page: Any) -> None:
    """The élu's decision on the Décision page, conditions typed field by field."""
    from playwright.sync_api import expect

    _go(page, f"/decision?proposal={PROPOSAL_ID}")
    option = page.locator(_key(f"dc|{PROPOSAL_ID}|option"))
    expect(option).to_be_visible(timeout=60_000)
    option.locator("input").first.click()
    page.get_by_role("option", name=RETAINED, exact=True).click()
    expect(option.locator("input").first).to_have_value(RETAINED)
    boxes = page.get_by_role("checkbox", name="Pris en compte dans la décision")
    shown(boxes)
    for index in range(boxes.count()):
        page.get_by_text("Pris en compte dans la décision", exact=True).nth(index).click()
        wait_idle(page)
        expect(boxes.nth(index)).to_be_checked()
    outcome = page.locator(_key(f"dc|{PROPOSAL_ID}|outcome"))
    outcome.get_by_text("Approuvé sous conditions", exact=True).click()
    expect(outcome.get_by_role("radio", name="Approuvé sous conditions", exact=True)).to_be_checked()
    wait_idle(page)
    for index, condition in enumerate(CONDITIONS):
        if index:
            page.locator(_key(f"dc.cond.add.{PROPOSAL_ID}")).get_by_role("button").click()
        text = page.locator(f"{_key(f'dc|{PROPOSAL_ID}|cond.{index}.text')} textarea")
        shown(text)
        text.fill(condition.text)
        text.press("Tab")
        owner = page.locator(f"{_key(f'dc|{PROPOSAL_ID}|cond.{index}.owner')} input")
        owner.fill(condition.owner)
        owner.press("Tab")
        due = page.locator(f"{_key(f'dc|{PROPOSAL_ID}|cond.{index}.due_date')} input[type='date']")
        due.fill(condition.due_date.isoformat())  # a native date field: its value is ISO, shown dd/mm/yyyy
        due.press("Tab")
        wait_idle(page)
        expect(due).to_have_value(condition.due_date.isoformat())
    motivation = page.locator(f"{_key(f'dc|{PROPOSAL_ID}|motivation')} textarea")
    motivation.fill(MOTIVATION)
    motivation.press("Tab")
    expect(motivation).to_have_value(MOTIVATION)
    wait_idle(page)
    screenshot(page, "decision-record-1-form.png")
    page.locator(_key("dc.submit")).get_by_role("button").click()
    expect(page.get_by_text("Décision enregistrée : Approuvé sous conditions.")).to_be_visible(timeout=60_000)


def test_the_fiche_pdf_and_deliberation_carry_the_decision_under_conditions(
        new_context: Callable[..., Any], decided_app: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    context = new_context(viewport={"width": 1400, "height": 2200})
    page = context.new_page()
    try:
        page.goto(f"{decided_app}/")
        sign_in(page, "elu.durand", PASSWORD)
        _decide_under_conditions(page)
        _go(page, f"/fiche?proposal={PROPOSAL_ID}")
        block = page.locator(_key("fiche_decision"))
        expect(block).to_be_visible(timeout=60_000)
        expect(block).to_contain_text("Approuvé sous conditions le")
        expect(block).to_contain_text("par Claire Durand")
        expect(block).to_contain_text(f"Option retenue : {RETAINED}")
        expect(block).to_contain_text(MOTIVATION)  # typed markup shown literally
        expect(block).to_contain_text("Conditions")
        expect(block.locator("[data-testid='stDataFrame']")).to_have_count(3)  # conditions, opinions, points
        page.get_by_role("button", name="Reproduire l'évaluation").click()
        expect(page.locator(_key("fiche_reproduction"))).to_contain_text("Chiffres identiques", timeout=60_000)
        wait_idle(page)
        screenshot(page, "decision-record-2-synthese.png")

        with page.expect_download(timeout=120_000) as pdf_download:
            page.locator(_key("fiche_pdf")).get_by_role("button").click()
        pdf = tmp_path / "fiche.pdf"
        pdf_download.value.save_as(pdf)
        text = _flat(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                    check=True).stdout)
        assert "Approuvé sous conditions le" in text and "Claire Durand" in text
        assert f"Option retenue : {RETAINED}" in text
        assert _flat(MOTIVATION) in text
        for condition in CONDITIONS:
            assert _flat(condition.text) in text and condition.owner in text
            assert condition.due_date.strftime("%d/%m/%Y") in text
        assert f"Conformité de l'option retenue : {RETAINED}" in text

        with page.expect_download(timeout=120_000) as odt_download:
            page.locator(_key("fiche_deliberation_odt")).get_by_role("button").click()
        odt = tmp_path / "deliberation.odt"
        odt_download.value.save_as(odt)
        from odf import teletype
        from odf import text as odf_text
        from odf.opendocument import load

        paragraphs = [teletype.extractText(p) for p in load(str(odt)).getElementsByType(odf_text.P)]
        article3 = next(p for p in paragraphs if p.startswith("Article 3 :"))
        assert all(c.text in article3 for c in CONDITIONS)
        assert dt.date(2027, 3, 31).strftime("%d/%m/%Y") in article3
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()
