"""A proposal's whole workflow in a real browser, by three people taking turns at one browser: the porteur
submits its draft, the DSI takes it in review and gives an opinion on every option, the élu decides
"approuvé sous conditions" after acknowledging the checklist's points and entering a condition; the
fiche's Historique shows the decision, the élu marks the condition met on the fiche, and the database holds
the decision with the frozen evaluation and the condition. The élu cannot open the Dossier
page. Screenshots go to test-output/workflow-*.png.

The dashboard runs on its own temporary database (one proposal, three accounts), not on the sample
portfolio of tests/e2e/conftest.py's server."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, expect

from evaluation.domain.workflow import Outcome, Status
from evaluation.exchange.files import load_proposals
from evaluation.resources import ROOT
from evaluation.storage import Repository, open_repository
from tests.e2e.conftest import (
    LOGIN_FIELD,
    PASSWORD_FIELD,
    SIGNED_IN,
    navigate,
    no_error,
    running_dashboard,
    screenshot,
    shown,
    sign_in,
    wait_idle,
)

pytestmark = pytest.mark.e2e

SAMPLE = ROOT / "data" / "samples" / "portfolio.yaml"
PROPOSAL_ID = "optimisation-collecte-dechets"
TITLE = "Optimisation des tournées de collecte des déchets"
BASELINE = "Re-sectorisation des tournées à partir des tonnages (sans IA)"
CHOSEN = "Prévision du remplissage et itinéraires optimisés"  # warns on RG-1.5, AF-1 and AF-2: to acknowledge
ACKNOWLEDGED = ["AF-1", "AF-2", "RG-1.5"]
PASSWORD = "mot-de-passe-du-parcours-e2e"  # noqa: S105 - throwaway accounts of a temporary database
PEOPLE = {  # login -> (name, roles)
    "porteur.e2e": ("Paule Porteur", ("porteur",)),
    "dsi.e2e": ("Marc DSI", ("dsi",)),
    "elu.e2e": ("Élise Élue", ("elu",)),
}
MOTIVATION = "Approuvé à condition de mesurer les kilomètres évités au bout d'un an."
CONDITION = "Mesurer les kilomètres évités au bout d'un an"
CONDITION_OWNER = "Direction de la propreté"
MET_COMMENT = "Bilan présenté en commission le 12 novembre."


@pytest.fixture(scope="module")
def workflow_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(dashboard URL, database URL): `streamlit run dashboard.py` on a database holding the three
    accounts and one proposal, a draft created by the porteur."""
    from evaluation.services.accounts import Accounts

    directory = tmp_path_factory.mktemp("e2e-workflow")
    database = f"sqlite:///{directory / 'jauge.sqlite3'}"
    repo = open_repository(database)
    accounts = Accounts(repo)
    for login, (name, roles) in PEOPLE.items():
        accounts.create(login=login, password=PASSWORD, roles=roles, name=name, by="tests-e2e")
    proposal = next(p for p in load_proposals(SAMPLE) if p.id == PROPOSAL_ID)
    repo.import_proposals([proposal], actor="porteur.e2e")
    assert repo.get_proposal(PROPOSAL_ID).status is Status.BROUILLON
    repo.close()
    with running_dashboard(directory, database) as url:
        yield url, database


@pytest.fixture
def tab(new_context: Callable[..., BrowserContext]) -> Any:
    return new_context(viewport={"width": 1400, "height": 1600}).new_page()


def _key(key: str) -> str:
    """The CSS class Streamlit gives an element with a key (other characters than [A-Za-z0-9_-] become -)."""
    return ".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def _sign_in(page: Any, login: str) -> None:
    sign_in(page, login, PASSWORD)
    expect(page.locator("[data-testid='stSidebar']")).to_contain_text(PEOPLE[login][0])


def _sign_out(page: Any) -> None:
    page.locator(SIGNED_IN).get_by_role("button").click()
    shown(page.locator(LOGIN_FIELD))
    expect(page.locator(PASSWORD_FIELD)).to_have_count(1)


def _sidebar_pages(page: Any) -> list[str]:
    links = page.locator("[data-testid='stSidebarNav'] a")
    return [text.strip().splitlines()[-1].strip() for text in links.all_inner_texts()]  # after the icon's name


def _shot(page: Any, step: int, name: str) -> None:
    screenshot(page, f"workflow-{step}-{name}.png")


def _database(url: str) -> Repository:
    return open_repository(url)


@pytest.mark.timeout(900)  # three people, six steps, one dashboard started for it: long on a loaded machine
def test_journey_porteur_submits_dsi_reviews_elu_decides(tab: Any, workflow_app: tuple[str, str]) -> None:
    app_url, database = workflow_app
    page = tab
    page.goto(f"{app_url}/")
    _porteur_submits(page, database)
    _dsi_gives_opinions(page, database)
    _elu_has_no_dossier_page(page)
    _elu_decides(page)
    _fiche_history_shows_the_decision(page)
    _elu_marks_the_condition_met(page)
    _decision_is_stored_with_its_evaluation(database)


def _porteur_submits(page: Any, database: str) -> None:
    """1. The porteur opens its draft on the Dossier page and submits it."""
    _sign_in(page, "porteur.e2e")
    submit = page.locator(_key("pf.submit")).get_by_role("button")
    navigate(page, f"/proposal?proposal={PROPOSAL_ID}", shows=submit)
    no_error(page)
    expect(submit).to_be_enabled()
    _shot(page, 1, "porteur-draft")
    submit.click()
    shown(page.get_by_text(f"Dossier « {TITLE} » soumis pour revue."))
    no_error(page)
    _shot(page, 2, "porteur-submitted")
    repo = _database(database)
    try:
        assert repo.get_proposal(PROPOSAL_ID).status is Status.SOUMIS
    finally:
        repo.close()
    _sign_out(page)


def _dsi_gives_opinions(page: Any, database: str) -> None:
    """2. The DSI takes it in review and gives an opinion on each option (a reserve needs a comment)."""
    _sign_in(page, "dsi.e2e")
    take = page.locator(_key("rv.take")).get_by_role("button")
    navigate(page, f"/review?proposal={PROPOSAL_ID}", shows=take)
    no_error(page)
    take.click()
    shown(page.get_by_text("Dossier pris en revue."))
    no_error(page)
    for option, opinion in ((0, "Favorable"), (1, "Favorable sous réserve")):
        choice = page.locator(_key(f"rv|{PROPOSAL_ID}|{option}|opinion")).get_by_text(opinion, exact=True)
        choice.click()
        expect(page.locator(_key(f"rv|{PROPOSAL_ID}|{option}|opinion")).get_by_role("radio", name=opinion,
                                                                                exact=True)).to_be_checked()
    comment = page.locator(f"{_key(f'rv|{PROPOSAL_ID}|1|comment')} textarea")
    comment.fill("Vérifier la qualité des données de remplissage avant le déploiement.")
    expect(comment).to_have_value("Vérifier la qualité des données de remplissage avant le déploiement.")
    _shot(page, 3, "dsi-review-form")
    page.locator(_key("rv.submit")).get_by_role("button").click()
    shown(page.get_by_text(f"Avis enregistré ; le dossier « {TITLE} » attend la décision des élus."))
    no_error(page)
    _shot(page, 4, "dsi-opinion-given")
    repo = _database(database)
    try:
        assert repo.get_proposal(PROPOSAL_ID).status is Status.AVIS_RENDU
        assert [(r.option, r.opinion.value, r.author) for r in repo.reviews(PROPOSAL_ID)] == [
            (BASELINE, "favorable", "dsi.e2e"), (CHOSEN, "favorable_sous_reserve", "dsi.e2e")]
    finally:
        repo.close()
    _sign_out(page)


def _elu_has_no_dossier_page(page: Any) -> None:
    """3. The élu cannot open the Dossier page: it is not listed, and its URL does not show the form."""
    _sign_in(page, "elu.e2e")
    listed = _sidebar_pages(page)
    assert "Décision" in listed and "Dossier" not in listed and "Revue" not in listed, listed
    # the default page instead of the form
    navigate(page, f"/proposal?proposal={PROPOSAL_ID}", shows=page.get_by_role("heading", level=1,
                                                                               name="Portefeuille"))
    no_error(page)
    expect(page.locator(_key("pf.submit"))).to_have_count(0)
    expect(page.locator(_key("pf.save"))).to_have_count(0)
    _shot(page, 5, "elu-no-dossier-page")


def _elu_decides(page: Any) -> None:
    """4. The élu decides: the option, the checklist's points acknowledged, a motivation, the outcome."""
    option = page.locator(_key(f"dc|{PROPOSAL_ID}|option"))
    navigate(page, f"/decision?proposal={PROPOSAL_ID}", shows=option)
    no_error(page)
    expect(page.get_by_text(TITLE).first).to_be_visible()
    option.locator("input").first.click()
    page.get_by_role("option", name=CHOSEN, exact=True).click()
    expect(option.locator("input").first).to_have_value(CHOSEN)
    acknowledgements = page.get_by_role("checkbox", name="Pris en compte dans la décision")
    expect(acknowledgements).to_have_count(len(ACKNOWLEDGED))  # the points that warn on the chosen option
    wait_idle(page)
    for index in range(len(ACKNOWLEDGED)):
        page.get_by_text("Pris en compte dans la décision", exact=True).nth(index).click()
        expect(acknowledgements.nth(index)).to_be_checked()
        wait_idle(page)
    outcome = page.locator(_key(f"dc|{PROPOSAL_ID}|outcome"))
    outcome.get_by_text("Approuvé sous conditions", exact=True).click()
    expect(outcome.get_by_role("radio", name="Approuvé sous conditions", exact=True)).to_be_checked()
    wait_idle(page)
    text = page.locator(f"{_key(f'dc|{PROPOSAL_ID}|cond.0.text')} textarea")
    text.fill(CONDITION)
    text.press("Tab")
    wait_idle(page)
    owner = page.locator(f"{_key(f'dc|{PROPOSAL_ID}|cond.0.owner')} input")
    owner.fill(CONDITION_OWNER)
    owner.press("Tab")
    wait_idle(page)
    due = page.locator(_key(f"dc|{PROPOSAL_ID}|cond.0.due_date"))
    due.locator("[data-type='day']").click()  # a date field of day, month and year segments
    page.keyboard.type("01032027")
    page.keyboard.press("Tab")
    wait_idle(page)
    assert due.inner_text().split() == ["Échéance", "01", "/", "03", "/", "2027"]
    motivation = page.locator(f"{_key(f'dc|{PROPOSAL_ID}|motivation')} textarea")
    motivation.fill(MOTIVATION)
    motivation.press("Tab")
    expect(motivation).to_have_value(MOTIVATION)
    no_error(page)
    _shot(page, 6, "elu-decision-form")
    page.locator(_key("dc.submit")).get_by_role("button").click()
    shown(page.get_by_text("Décision enregistrée : Approuvé sous conditions."))
    no_error(page)
    _shot(page, 7, "elu-decided")


def _fiche_history_shows_the_decision(page: Any) -> None:
    """5. The fiche's Historique shows the decision."""
    navigate(page, f"/fiche?proposal={PROPOSAL_ID}", shows=page.get_by_role("tab", name="Historique"))
    no_error(page)
    page.get_by_role("tab", name="Historique").click()
    history = page.get_by_role("tabpanel", name="Historique")
    shown(history.get_by_text(MOTIVATION))
    expect(history).to_contain_text("Approuvé sous conditions")
    expect(history).to_contain_text("elu.e2e")
    text = history.inner_text().replace("\u00a0", " ")
    assert f"Option retenue : {CHOSEN}" in text
    acknowledged = text.split("Points de la grille pris en compte : ", 1)[1].splitlines()[0]
    assert sorted(point.strip() for point in acknowledged.split(",")) == ACKNOWLEDGED
    _shot(page, 8, "fiche-history")


def _elu_marks_the_condition_met(page: Any) -> None:
    """6. On the fiche, the condition is listed; the élu marks it met with a comment."""
    shown(page.get_by_text("Conditions de la décision"))
    expect(page.get_by_text(CONDITION).first).to_be_visible()
    page.get_by_role("button", name="Marquer comme levée").first.click()
    comment = page.get_by_label("Comment la condition a été levée")
    comment.fill(MET_COMMENT)  # waits for the field
    page.locator("[data-testid='stFormSubmitButton'] button", has_text="Marquer comme levée").click()
    shown(page.get_by_text(MET_COMMENT))
    no_error(page)
    _shot(page, 9, "fiche-condition-met")


def _decision_is_stored_with_its_evaluation(database: str) -> None:
    """6. The decision is stored with the evaluation it was taken on, frozen."""
    repo = _database(database)
    try:
        stored = repo.get_proposal(PROPOSAL_ID)
        assert stored.status is Status.DECIDE and stored.outcome is Outcome.APPROUVE_SOUS_CONDITIONS
        decision = repo.latest_decision(PROPOSAL_ID)
        assert decision is not None
        assert (decision.author, decision.chosen_option, decision.motivation) == ("elu.e2e", CHOSEN, MOTIVATION)
        assert sorted(decision.acknowledged) == ACKNOWLEDGED
        frozen = decision.evaluation
        assert frozen["chosen_option"] == CHOSEN and frozen["proposal"]["id"] == PROPOSAL_ID
        assert [record["option"] for record in frozen["options"]] == [BASELINE, CHOSEN]
        assert all(record["checklist"] and record["verdict"] for record in frozen["options"])
        assert decision.settings and set(decision.method_versions) >= {"jauge", "ecologits", "matrix", "rules"}
        (condition,) = repo.conditions_of(PROPOSAL_ID)
        assert (condition.text, condition.owner, condition.due_date.isoformat()) == (
            CONDITION, CONDITION_OWNER, "2027-03-01")
        assert (condition.met_by, condition.met_comment) == ("elu.e2e", MET_COMMENT)
    finally:
        repo.close()
