"""Conditions of an "approuvé sous conditions" decision, on SQLite and PostgreSQL: stored with the decision,
required, marked met once with a comment (who, when), audited, and listed when past due."""

from __future__ import annotations

import datetime as dt

import pytest

from evaluation.domain.workflow import EntityType, Outcome, Status
from evaluation.services.permissions import PermissionDenied
from evaluation.services.workflow import ConditionRefused, DecisionRefused, Workflow
from evaluation.storage import ConditionAlreadyMet, ConditionInput, NotFound, Repository
from tests.support.proposals import small_proposal
from tests.support.workflow import ADMIN, DSI, ELU, PORTEUR, drive, records_for

DUE = dt.date(2027, 3, 1)


@pytest.fixture
def workflow(repository: Repository) -> Workflow:
    return Workflow(repository)


def _ready(workflow: Workflow, proposal_id: str) -> None:
    workflow.create_draft(small_proposal(proposal_id), user=PORTEUR)
    drive(workflow, proposal_id, Status.AVIS_RENDU)


def _decide(workflow: Workflow, proposal_id: str, conditions: list[ConditionInput],
            outcome: Outcome = Outcome.APPROUVE_SOUS_CONDITIONS) -> None:
    proposal = workflow.repository.get_proposal(proposal_id).proposal
    workflow.decide(proposal_id, user=ELU, outcome=outcome, motivation="Utile, à encadrer avant la mise en service.",
                    records=records_for(proposal), settings={"rules": "rules"}, chosen_option="Avec IA",
                    conditions=conditions)


def test_conditions_are_stored_with_the_decision_and_listed_in_order(workflow: Workflow) -> None:
    _ready(workflow, "courriers")
    _decide(workflow, "courriers", [
        ConditionInput(text="  AIPD signée par le DPO ", owner=" DPO ", due_date=DUE),
        ConditionInput(text="Charte d'usage diffusée aux agents", owner="DRH", due_date=dt.date(2027, 1, 15)),
    ])

    decision = workflow.repository.latest_decision("courriers")
    conditions = workflow.repository.conditions_of("courriers")
    assert decision is not None
    assert [(c.text, c.owner, c.due_date, c.decision_id, c.proposal_id, c.met_at) for c in conditions] == [
        ("AIPD signée par le DPO", "DPO", DUE, decision.id, "courriers", None),
        ("Charte d'usage diffusée aux agents", "DRH", dt.date(2027, 1, 15), decision.id, "courriers", None),
    ]
    created = workflow.repository.audit_events(entity_type=EntityType.DECISION, proposal_id="courriers")
    assert created[0].after["conditions"] == [
        {"text": "AIPD signée par le DPO", "owner": "DPO", "due_date": "2027-03-01"},
        {"text": "Charte d'usage diffusée aux agents", "owner": "DRH", "due_date": "2027-01-15"},
    ]
    assert workflow.repository.conditions_of("inconnu") == []


def test_an_approval_under_conditions_needs_conditions_each_with_text_owner_and_due_date(
        workflow: Workflow) -> None:
    _ready(workflow, "sans-condition")
    with pytest.raises(DecisionRefused) as refused:
        _decide(workflow, "sans-condition", [])
    assert "au moins une condition" in refused.value.problems["conditions"]

    proposal = workflow.repository.get_proposal("sans-condition").proposal
    problems = workflow.decision_problems(
        proposal, outcome=Outcome.APPROUVE_SOUS_CONDITIONS, motivation="Motivation suffisante.",
        records=records_for(proposal), acknowledged=[], chosen_option="Avec IA",
        conditions=[{"text": " ", "owner": "", "due_date": None}, {"text": "x" * 2001, "owner": "DSI", "due_date": DUE}])
    assert problems == {
        "conditions[0].text": "condition 1 : le texte de la condition est obligatoire",
        "conditions[0].owner": "condition 1 : le responsable (personne ou service chargé de la lever) est obligatoire",
        "conditions[0].due_date": "condition 1 : l'échéance (une date) est obligatoire",
        "conditions[1].text": "condition 2 : le texte dépasse 2000 caractères (2001)",
    }
    with pytest.raises(DecisionRefused) as refused:
        _decide(workflow, "sans-condition", [ConditionInput(text="Réversibilité", owner="DSI", due_date=DUE)],
                outcome=Outcome.APPROUVE)
    assert "approuvé sous conditions" in refused.value.problems["conditions"]

    stored = workflow.repository.get_proposal("sans-condition")
    assert (stored.status, workflow.repository.decisions("sans-condition"),
            workflow.repository.conditions_of("sans-condition")) == (Status.AVIS_RENDU, [], [])


@pytest.mark.parametrize("who", [DSI, ELU, ADMIN], ids=["dsi", "elu", "admin"])
def test_dsi_elus_and_administrators_mark_a_condition_met_once_with_a_comment(workflow: Workflow, who: object
                                                                              ) -> None:
    _ready(workflow, "levee")
    _decide(workflow, "levee", [ConditionInput(text="AIPD signée", owner="DPO", due_date=DUE)])
    condition = workflow.repository.conditions_of("levee")[0]
    before = dt.datetime.now(dt.UTC)

    with pytest.raises(ConditionRefused) as refused:
        workflow.mark_condition_met(condition.id, user=who, comment="   ")  # type: ignore[arg-type]
    assert "commentaire est obligatoire" in refused.value.problems["comment"]
    met = workflow.mark_condition_met(condition.id, user=who, comment=" AIPD signée le 2/2. ")  # type: ignore[arg-type]

    assert (met.met_by, met.met_comment, met.met) == (who.login, "AIPD signée le 2/2.", True)  # type: ignore[attr-defined]
    assert met.met_at is not None and before <= met.met_at <= dt.datetime.now(dt.UTC)
    assert workflow.repository.conditions_of("levee") == [met]
    with pytest.raises(ConditionAlreadyMet, match="déjà été marquée levée"):
        workflow.mark_condition_met(condition.id, user=ELU, comment="Encore.")
    assert workflow.repository.get_condition(condition.id) == met

    event = workflow.repository.audit_events(proposal_id="levee")[-1]
    assert (event.entity_type, event.entity_id, event.action, event.actor) == (
        EntityType.DECISION, str(condition.decision_id), "condition_met", who.login)  # type: ignore[attr-defined]
    assert [(c.field, c.before, c.after) for c in event.changes] == [
        ("met_at", None, met.met_at.isoformat()), ("met_by", None, who.login),  # type: ignore[attr-defined]
        ("met_comment", None, "AIPD signée le 2/2."),
    ]


def test_a_porteur_may_not_mark_a_condition_met_and_an_unknown_one_is_not_found(workflow: Workflow) -> None:
    _ready(workflow, "porteur")
    _decide(workflow, "porteur", [ConditionInput(text="AIPD signée", owner="DPO", due_date=DUE)])
    condition = workflow.repository.conditions_of("porteur")[0]

    with pytest.raises(PermissionDenied, match="marquer une condition comme levée"):
        workflow.mark_condition_met(condition.id, user=PORTEUR, comment="Fait.")
    with pytest.raises(NotFound, match="introuvable"):
        workflow.mark_condition_met(condition.id + 1000, user=DSI, comment="Fait.")
    assert workflow.repository.get_condition(condition.id).met_at is None


def test_open_conditions_past_their_due_date_are_listed(workflow: Workflow) -> None:
    for pid in ("retard", "a-jour"):
        _ready(workflow, pid)
    _decide(workflow, "retard", [ConditionInput(text="Audit de sécurité", owner="RSSI", due_date=dt.date(2026, 6, 1)),
                                 ConditionInput(text="Charte", owner="DRH", due_date=dt.date(2026, 12, 31))])
    _decide(workflow, "a-jour", [ConditionInput(text="AIPD", owner="DPO", due_date=dt.date(2026, 5, 1))])
    met = workflow.repository.conditions_of("a-jour")[0]
    workflow.mark_condition_met(met.id, user=DSI, comment="AIPD signée.")

    today = dt.date(2026, 12, 3)
    past_due = workflow.past_due_conditions(user=PORTEUR, today=today)
    assert [(c.proposal_id, c.text) for c in past_due] == [("retard", "Audit de sécurité")]
    assert all(c.past_due(today) for c in past_due)
    assert [c.text for c in workflow.repository.past_due_conditions(dt.date(2027, 1, 1))] == [
        "Audit de sécurité", "Charte"]
