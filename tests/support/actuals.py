"""An approved proposal with its real evaluation frozen, for the tests of actual usage."""

from __future__ import annotations

from typing import Any

from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.domain.workflow import Outcome, Status
from evaluation.pipeline.evaluate import evaluate_proposals
from evaluation.services.decision_checks import checklist_issues, to_acknowledge
from evaluation.services.workflow import Workflow
from evaluation.storage import Repository, StoredDecision
from tests.support.proposals import full_proposal
from tests.support.workflow import ELU, PORTEUR, drive

API_OPTION = "Mistral Small par API"
SELF_HOSTED_OPTION = "Modèle ouvert auto-hébergé"
VISION_OPTION = "Lecture des enveloppes"


def openai_proposal(proposal_id: str = "courriers-openai") -> Proposal:
    """The complete proposal whose API option uses OpenAI's gpt-4o-mini (billed as dated snapshots)."""
    proposal = full_proposal(proposal_id)
    data: dict[str, Any] = proposal.model_dump(mode="json", exclude_unset=True)
    for option in data["options"]:
        if option["name"] == API_OPTION:
            option.update(provider="openai", model="gpt-4o-mini")
    return Proposal.model_validate(data)


def approve(repository: Repository, proposal: Proposal, option: str, settings: Settings) -> StoredDecision:
    """Save the proposal, take it through the workflow and approve `option` with its real evaluation."""
    repository.save_proposal(proposal, actor=PORTEUR.login, expected_version=None)
    workflow = Workflow(repository)
    drive(workflow, proposal.id, Status.AVIS_RENDU)
    records = evaluate_proposals([proposal], settings)
    return workflow.decide(
        proposal.id, user=ELU, outcome=Outcome.APPROUVE, motivation="Approuvé après la revue du comité.",
        records=records, settings=settings, chosen_option=option,
        acknowledged=to_acknowledge(checklist_issues(records, option=option)))
