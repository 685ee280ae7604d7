"""The decision file of a decided proposal: everything the record the élus sign must say, read from storage.

The outcome, date and decider (by name), the option retained, the motivation, the conditions, each DSI
opinion per option with its comment, the checklist failures and warnings acknowledged (with their
messages and sources, as frozen), the method and rules versions, and the frozen evaluation itself. No
texts for people here: the fiche, the Synthèse tab and the délibération word it (ui/reports/).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict

from evaluation.domain.proposal import Proposal
from evaluation.domain.workflow import Opinion, Outcome, Status
from evaluation.services.decision_checks import APPROVALS, frozen_records
from evaluation.storage import NotFound, Repository, StoredDecision, StoredProposal

FROZEN = ConfigDict(extra="forbid", frozen=True)


class OpinionLine(BaseModel):
    """The DSI's last opinion on one option of the decided version."""

    model_config = FROZEN

    option: str
    opinion: Opinion
    comment: str
    author: str  # name, else login
    at: dt.datetime


class AcknowledgedIssue(BaseModel):
    """A failure or warning of the retained option the élus acknowledged, as frozen with the decision."""

    model_config = FROZEN

    rule: str
    status: str  # fail or warn
    blocking: bool
    message: str
    source: str


class ConditionLine(BaseModel):
    """A condition of an « approuvé sous conditions »."""

    model_config = FROZEN

    text: str
    owner: str
    due_date: dt.date | None
    met: bool
    met_at: dt.datetime | None = None
    met_by: str = ""  # name, else login
    met_comment: str = ""


class DecisionFile(BaseModel):
    """A decided proposal and its decision, ready to be written out."""

    model_config = FROZEN

    stored: StoredProposal
    decision: StoredDecision
    decided_by: str  # name, else login
    proposal: Proposal  # the proposal as decided (frozen)
    records: list[dict[str, Any]]  # the evaluation records as decided (docs/format.md)
    opinions: list[OpinionLine]
    acknowledged: list[AcknowledgedIssue]
    conditions: list[ConditionLine]

    @property
    def outcome(self) -> Outcome:
        return self.decision.outcome

    @property
    def approved(self) -> bool:
        return self.decision.outcome in APPROVALS

    @property
    def retained(self) -> str | None:
        return self.decision.chosen_option

    @property
    def retained_record(self) -> dict[str, Any] | None:
        return next((record for record in self.records if record.get("option") == self.retained), None)

    @property
    def versions(self) -> dict[str, str]:
        return {str(key): str(value) for key, value in self.decision.method_versions.items()}


def person_name(repo: Repository, login: str) -> str:
    """The account's name, else its login (an account deleted or a command-line actor such as cli:x)."""
    user = repo.find_user(login)
    return user.name if user is not None and user.name else login


def _opinions(repo: Repository, proposal: Proposal, decision: StoredDecision) -> list[OpinionLine]:
    """Per option of the decided proposal, the last opinion given on it before the decision."""
    names = [option.name for option in proposal.options]
    last: dict[str, Any] = {}
    for review in repo.reviews(decision.proposal_id):
        if review.option in names and review.created_at <= decision.created_at:
            last[review.option] = review
    return [OpinionLine(option=name, opinion=last[name].opinion, comment=last[name].comment,
                        author=person_name(repo, last[name].author), at=last[name].created_at)
            for name in names if name in last]


def _acknowledged(decision: StoredDecision, records: list[dict[str, Any]]) -> list[AcknowledgedIssue]:
    record = next((r for r in records if r.get("option") == decision.chosen_option), None)
    items = {str(item.get("id")): item for item in (record or {}).get("checklist") or []}
    return [AcknowledgedIssue(rule=rule, status=str(items.get(rule, {}).get("status", "")),
                              blocking=bool(items.get(rule, {}).get("blocking")),
                              message=str(items.get(rule, {}).get("message") or ""),
                              source=str(items.get(rule, {}).get("source") or ""))
            for rule in decision.acknowledged]


def _conditions(repo: Repository, decision: StoredDecision) -> list[ConditionLine]:
    """The decision's conditions, in the order given, with names for logins."""
    return [ConditionLine(text=c.text, owner=c.owner, due_date=c.due_date, met=c.met, met_at=c.met_at,
                          met_by=person_name(repo, c.met_by) if c.met_by else "", met_comment=c.met_comment or "")
            for c in repo.conditions_of(decision.proposal_id) if c.decision_id == decision.id]


def decision_file(repo: Repository, proposal_id: str) -> DecisionFile | None:
    """The decision file of a proposal, None while it is not decided (NotFound when it is not stored)."""
    stored = repo.get_proposal(proposal_id)
    if stored.status is not Status.DECIDE:
        return None
    decision = repo.latest_decision(proposal_id)
    if decision is None:
        raise NotFound(f"Le dossier « {proposal_id} » est décidé mais sa décision est introuvable.")
    evaluation = decision.evaluation if isinstance(decision.evaluation, dict) else {}
    document = evaluation.get("proposal")
    proposal = Proposal.model_validate(document) if isinstance(document, dict) else stored.proposal
    records = frozen_records(decision)
    return DecisionFile(stored=stored, decision=decision, decided_by=person_name(repo, decision.author),
                        proposal=proposal, records=records, opinions=_opinions(repo, proposal, decision),
                        acknowledged=_acknowledged(decision, records), conditions=_conditions(repo, decision))
