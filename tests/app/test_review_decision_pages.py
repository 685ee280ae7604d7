"""The Revue and Décision pages: an opinion per option, then a decision that acknowledges the checklist."""

from __future__ import annotations

from evaluation.domain.workflow import Outcome, Status
from evaluation.exchange.files import load_proposals
from evaluation.storage import Repository
from tests.app.forms_harness import (
    DSI,
    ELU,
    SAMPLE_PORTFOLIO,
    assert_clean,
    field_errors,
    open_page,
    repo,
    texts,
    unescape,
)

__all__ = ["repo"]


def _stored(repo: Repository, proposal_id: str, status: Status) -> None:
    proposal = next(p for p in load_proposals(SAMPLE_PORTFOLIO) if p.id == proposal_id)
    repo.save_proposal(proposal, actor="porteur", expected_version=None)
    repo.set_status(proposal_id, status, actor="porteur")


def test_empty_queues_say_so(repo: Repository) -> None:
    assert "Aucun dossier n'attend de revue." in texts(open_page("review.py", user=DSI).info)
    assert "Aucun dossier n'attend de décision." in texts(open_page("decision.py", user=ELU).info)


def test_an_opinion_is_needed_on_every_option_and_a_reserve_needs_a_comment(repo: Repository) -> None:
    _stored(repo, "assistant-courriers", Status.SOUMIS)
    at = open_page("review.py", user=DSI)
    assert len(at.radio) == 3
    at.radio[0].set_value("favorable")
    at.radio[1].set_value("favorable_sous_reserve")
    at.button(key="rv.submit").click().run()
    assert_clean(at)
    assert field_errors(at) == [
        ":red[:material/error: un commentaire est obligatoire pour un avis réservé ou défavorable]",
        ":red[:material/error: choisissez un avis pour cette option]"]
    assert repo.reviews("assistant-courriers") == []
    at.text_area[1].input("Vérifier le volume de requêtes.")
    at.radio[2].set_value("defavorable")
    at.text_area[2].input("Modèle surdimensionné pour ce besoin.")
    at.button(key="rv.submit").click().run()
    assert_clean(at)
    assert [review.opinion.value for review in repo.reviews("assistant-courriers")] == [
        "favorable", "favorable_sous_reserve", "defavorable"]
    assert repo.get_proposal("assistant-courriers").status is Status.AVIS_RENDU


def test_approval_is_impossible_on_a_blocking_rule_and_needs_every_point_acknowledged(repo: Repository) -> None:
    _stored(repo, "attribution-logements-sociaux", Status.AVIS_RENDU)
    at = open_page("decision.py", user=ELU)
    option = at.selectbox(key="dc|attribution-logements-sociaux|option")
    option.select_index(1).run()
    assert at.radio[0].options[0] == "Approuvé (impossible, règle bloquante)"
    at.radio[0].set_value(Outcome.APPROUVE.value).run()
    assert at.button(key="dc.submit").disabled
    assert "Approbation impossible : l'option enfreint une règle bloquante (ALG-4, ALG-5)" in " ".join(
        unescape(caption) for caption in texts(at.caption))
    at.selectbox(key="dc|attribution-logements-sociaux|option").select_index(0).run()
    at.button(key="dc.submit").click().run()
    assert any("doit être pris en compte dans la décision (NR-02)" in message for message in field_errors(at))
    assert repo.latest_decision("attribution-logements-sociaux") is None
    for checkbox in at.checkbox:
        checkbox.check()
    at.text_area(key="dc|attribution-logements-sociaux|motivation").input("La cotation publique suffit.")
    at.button(key="dc.submit").click().run()
    assert_clean(at)
    decision = repo.latest_decision("attribution-logements-sociaux")
    assert decision is not None and decision.outcome is Outcome.APPROUVE
    assert decision.acknowledged and decision.evaluation["chosen_option"].startswith("Cotation publique")
    assert set(decision.method_versions) >= {"jauge", "matrix", "rules", "ecologits"}
    assert repo.get_proposal("attribution-logements-sociaux").status is Status.DECIDE
