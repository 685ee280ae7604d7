"""A proposal taken through the whole workflow by people with names, decided on its real evaluation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from evaluation.domain.workflow import Opinion, Outcome
from evaluation.pipeline.evaluate import evaluation_records
from evaluation.services.decision_checks import checklist_issues, to_acknowledge
from evaluation.services.evaluated import evaluated_options, settings_in_force
from evaluation.services.workflow import Workflow
from evaluation.storage import ConditionInput, Repository, ReviewInput, StoredDecision
from tests.support.proposals import sample_portfolio
from tests.support.workflow import DSI, ELU, PORTEUR

PROPOSAL_ID = "assistant-courriers"
RETAINED = "Mistral Small par API (hébergement en France)"
NAMES = {PORTEUR.login: "Paul Martin", DSI.login: "Inès Roux", ELU.login: "Claire Durand"}
# Typed by people: markup that must reach every file literally.
MOTIVATION = "Gain de temps **attendu** <b>fort</b> & coût maîtrisé (voir [note](javascript:x))."
API_COMMENT = "Volumes à confirmer <script>alert(1)</script> *pendant* l'expérimentation."
CONDITIONS = (
    ConditionInput(text="Mesurer le temps gagné <i>par courrier</i> après 3 mois", owner="Service courrier",
                   due_date=dt.date(2027, 3, 31)),
    ConditionInput(text="Analyse d'impact (AIPD) validée par le DPO", owner="DPO", due_date=dt.date(2026, 11, 30)),
)


def named_people(repo: Repository) -> None:
    for someone in (PORTEUR, DSI, ELU):
        repo.create_user(login=someone.login, name=NAMES[someone.login], roles=someone.roles, password_hash="x",
                         actor="test")


def to_decision(repo: Repository, proposal_id: str = PROPOSAL_ID) -> Workflow:
    """Import the sample proposal, submit it, review it (opinions with comments): avis rendu."""
    workflow = Workflow(repo)
    proposal = next(p for p in sample_portfolio() if p.id == proposal_id)
    workflow.import_proposals([proposal], user=PORTEUR)
    workflow.submit(proposal_id, user=PORTEUR)
    workflow.start_review(proposal_id, user=DSI)
    opinions = [ReviewInput(option=o.name, opinion=Opinion.FAVORABLE) if o.kind.value == "non_ai"
                else ReviewInput(option=o.name, opinion=Opinion.FAVORABLE_SOUS_RESERVE, comment=API_COMMENT)
                for o in proposal.options]
    workflow.give_opinions(proposal_id, opinions, user=DSI)
    return workflow


def real_records(repo: Repository, proposal_id: str = PROPOSAL_ID) -> list[dict[str, Any]]:
    frame, context = evaluated_options(repo.get_proposal(proposal_id).proposal, settings_in_force(repo))
    return evaluation_records(frame, context)


def decide(repo: Repository, *, outcome: Outcome = Outcome.APPROUVE_SOUS_CONDITIONS,
           proposal_id: str = PROPOSAL_ID, option: str = RETAINED, **extra: Any) -> StoredDecision:
    """Decide on the real evaluation, acknowledging every failure and warning of the option."""
    workflow = to_decision(repo, proposal_id)
    records = real_records(repo, proposal_id)
    approving = outcome in (Outcome.APPROUVE, Outcome.APPROUVE_SOUS_CONDITIONS)
    if outcome is Outcome.APPROUVE_SOUS_CONDITIONS:
        extra.setdefault("conditions", CONDITIONS)
    return workflow.decide(proposal_id, user=ELU, outcome=outcome, motivation=MOTIVATION, records=records,
                           settings=settings_in_force(repo),
                           acknowledged=to_acknowledge(checklist_issues(records, option=option)) if approving else (),
                           chosen_option=option if approving else None, **extra)
