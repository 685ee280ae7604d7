"""The Revue and Décision pages: an opinion per option, then a decision that acknowledges the checklist."""

from __future__ import annotations

import datetime as dt

from evaluation.domain.workflow import Opinion, Outcome, Status
from evaluation.exchange.files import load_proposals
from evaluation.storage import Repository, ReviewInput
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
    """A sample proposal at `status`; from avis rendu on, with the DSI's opinion on every option."""
    proposal = next(p for p in load_proposals(SAMPLE_PORTFOLIO) if p.id == proposal_id)
    repo.save_proposal(proposal, actor="porteur", expected_version=None)
    if status is Status.AVIS_RENDU:
        repo.set_status(proposal_id, Status.EN_REVUE, actor="dsi")
        repo.add_reviews(proposal_id, [ReviewInput(option=o.name, opinion=Opinion.FAVORABLE)
                                       for o in proposal.options], actor="dsi", status=status)
    else:
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


def test_an_approval_under_conditions_needs_each_condition_whole(repo: Repository) -> None:
    _stored(repo, "assistant-courriers", Status.AVIS_RENDU)
    pid = "assistant-courriers"
    at = open_page("decision.py", user=ELU)
    at.selectbox(key=f"dc|{pid}|option").select_index(0).run()  # the option without AI: nothing to acknowledge
    at.radio(key=f"dc|{pid}|outcome").set_value(Outcome.APPROUVE_SOUS_CONDITIONS.value).run()
    at.text_area(key=f"dc|{pid}|motivation").input("Utile, sous réserve des conditions ci-dessous.")
    at.button(key=f"dc.cond.add.{pid}").click().run()
    at.text_area(key=f"dc|{pid}|cond.0.text").input("AIPD signée par le DPO")
    at.text_input(key=f"dc|{pid}|cond.1.owner").input("DSI")
    at.button(key="dc.submit").click().run()
    assert_clean(at)
    assert field_errors(at) == [
        ":red[:material/error: condition 1 : le responsable (personne ou service chargé de la lever) est "
        "obligatoire]",
        ":red[:material/error: condition 1 : l'échéance (une date) est obligatoire]",
        ":red[:material/error: condition 2 : le texte de la condition est obligatoire]",
        ":red[:material/error: condition 2 : l'échéance (une date) est obligatoire]",
    ]
    assert repo.latest_decision(pid) is None

    at.text_input(key=f"dc|{pid}|cond.0.owner").input("DPO")
    at.date_input(key=f"dc|{pid}|cond.0.due_date").set_value(dt.date(2027, 3, 1))
    at.button(key=f"dc.cond.remove.{pid}").click().run()
    at.button(key="dc.submit").click().run()
    assert_clean(at)
    decision = repo.latest_decision(pid)
    assert decision is not None and decision.outcome is Outcome.APPROUVE_SOUS_CONDITIONS
    assert [(c.text, c.owner, c.due_date) for c in repo.conditions_of(pid)] == [
        ("AIPD signée par le DPO", "DPO", dt.date(2027, 3, 1))]


def test_an_opinion_given_before_the_option_changed_is_marked_as_no_longer_counting(repo: Repository) -> None:
    _stored(repo, "assistant-courriers", Status.EN_REVUE)
    stored = repo.get_proposal("assistant-courriers")
    first, second = stored.proposal.options[0].name, stored.proposal.options[1].name
    repo.add_reviews("assistant-courriers", [ReviewInput(option=first, opinion=Opinion.FAVORABLE),
                                             ReviewInput(option=second, opinion=Opinion.FAVORABLE)], actor="dsi")
    options = [o.model_copy(update={"zone": "DEU"}) if o.name == second else o for o in stored.proposal.options]
    repo.save_proposal(stored.proposal.model_copy(update={"options": options}), actor="dsi",
                       expected_version=stored.version)

    at = open_page("review.py", user=DSI)
    lines = [unescape(text) for text in texts(at.markdown) if "sur la version" in unescape(text)]
    outdated = [line for line in lines if "il ne compte plus" in line]
    assert len(lines) == 2 and len(outdated) == 1 and second in outdated[0]
