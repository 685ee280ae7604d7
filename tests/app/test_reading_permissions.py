"""Who sees what on the reading pages: a porteur opens and compares its own proposals only (the service
layer's view_proposal and compare, OWN_ONLY); the other roles see every proposal."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from evaluation.exchange.files import load_proposals
from evaluation.storage import Repository
from tests.app.forms_harness import DSI, ELU, PORTEUR, SAMPLE_PORTFOLIO, open_page, repo, texts
from ui.auth import SessionUser, proposal_scope

__all__ = ["repo"]

OWN = ("assistant-courriers", "comptage-mobilites")  # created by PORTEUR
OTHERS = ("chatbot-rh",)  # created by another porteur
OTHER_TITLE = "Assistant RH de premier niveau pour les agents"
OTHER_PORTEUR = SessionUser(login="autre.porteur", name="Autre Porteur", roles=("porteur",))
REFUSAL = "Action refusée : un porteur de projet ne peut consulter un dossier que pour ses propres dossiers."


@pytest.fixture
def shared(repo: Repository) -> Repository:
    """Three proposals: two created by PORTEUR, one by another porteur."""
    samples = {proposal.id: proposal for proposal in load_proposals(SAMPLE_PORTFOLIO)}
    repo.import_proposals([samples[pid] for pid in OWN], actor=PORTEUR.login)
    repo.import_proposals([samples[pid] for pid in OTHERS], actor=OTHER_PORTEUR.login)
    return repo


def _everything(at: AppTest) -> str:
    parts = [str(element.value) for kind in ("title", "header", "subheader", "markdown", "caption", "info", "error")
             for element in getattr(at, kind)]
    parts += [str(option) for box in at.selectbox for option in box.options]
    return "\n".join(parts)


def test_a_porteur_s_scope_is_its_own_proposals_and_other_roles_have_no_limit(shared: Repository) -> None:
    assert proposal_scope(PORTEUR, "view_proposal", repository=shared) == frozenset(OWN)
    assert proposal_scope(PORTEUR, "compare", repository=shared) == frozenset(OWN)
    assert proposal_scope(OTHER_PORTEUR, "view_proposal", repository=shared) == frozenset(OTHERS)
    assert proposal_scope(DSI, "view_proposal", repository=shared) is None
    assert proposal_scope(ELU, "compare", repository=shared) is None
    assert proposal_scope(PORTEUR, "export", repository=shared) == frozenset()  # not allowed at all


def test_a_porteur_asking_for_another_s_fiche_is_refused_and_sees_nothing_of_it(shared: Repository) -> None:
    at = open_page("fiche/page.py", user=PORTEUR, query={"proposal": "chatbot-rh"})
    assert texts(at.error) == [REFUSAL]
    assert not at.tabs
    shown = _everything(at)
    assert OTHER_TITLE not in shown and "chatbot-rh" not in shown
    picker = at.selectbox[0]
    assert picker.value is None
    assert sorted(picker.options) == sorted([
        "Assistant de rédaction des réponses aux courriers des usagers",
        "Comptage des vélos et des piétons sur les axes aménagés"])


def test_a_porteur_opens_its_own_fiche_and_chooses_among_its_own_only(shared: Repository) -> None:
    at = open_page("fiche/page.py", user=PORTEUR, query={"proposal": "comptage-mobilites"})
    assert texts(at.error) == []
    assert [tab.label for tab in at.tabs] == ["Synthèse", "Empreinte", "Coût-bénéfice", "Conformité", "Suivi",
                                              "Historique"]
    assert at.title[0].value.endswith("Comptage des vélos et des piétons sur les axes aménagés")
    assert len(at.selectbox[0].options) == 2
    assert OTHER_TITLE not in at.selectbox[0].options


def test_a_porteur_without_any_proposal_is_told_so(shared: Repository) -> None:
    newcomer = SessionUser(login="nouveau", name="Nouveau", roles=("porteur",))
    at = open_page("fiche/page.py", user=newcomer)
    assert "Vous n'avez encore aucun dossier." in _everything(at)
    assert not at.tabs and not at.selectbox


def test_compare_offers_a_porteur_the_options_of_its_own_proposals_only(shared: Repository) -> None:
    at = open_page("compare.py", user=PORTEUR)
    offered = at.multiselect(key="compare_options").options
    assert len(offered) == 3 + 2  # assistant-courriers and comptage-mobilites
    assert not any(OTHER_TITLE in option for option in offered)
    at = open_page("compare.py", user=PORTEUR, query={"proposal": "chatbot-rh"})
    assert texts(at.error) == ["Action refusée : un porteur de projet ne peut comparer des options que pour ses"
                               " propres dossiers."]
    assert not any(OTHER_TITLE in option for option in at.multiselect(key="compare_options").options)


@pytest.mark.parametrize("user", [DSI, ELU], ids=["dsi", "elu"])
def test_the_other_roles_still_see_and_compare_every_proposal(shared: Repository, user: SessionUser) -> None:
    at = open_page("fiche/page.py", user=user, query={"proposal": "chatbot-rh"})
    assert texts(at.error) == []
    assert at.title[0].value.endswith(OTHER_TITLE)
    assert len(at.selectbox[0].options) == 3
    at = open_page("compare.py", user=user)
    assert len(at.multiselect(key="compare_options").options) == 3 + 2 + 3
