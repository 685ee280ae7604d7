"""The proposal workflow, enforced: brouillon -> soumis -> en revue -> avis rendu -> décidé.

Every function checks the person's roles (evaluation.services.permissions), the proposal's status
and, for a decision, the checklist; then writes through the repository, which keeps the audit trail
and refuses stale versions (EditConflict). A decided proposal is read-only; `new_version` reopens it
as a new draft linked to it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.domain.workflow import OPINION_LABELS_FR, STATUS_LABELS_FR, Opinion, Outcome, Status
from evaluation.services.decision_checks import (
    APPROVALS,
    MOTIVATION_MIN_CHARS,
    ChecklistIssue,
    DecisionRefused,
    blocking_failures,
    checklist_issues,
    decision_problems,
    frozen_evaluation,
    frozen_records,
    method_versions_of,
    to_acknowledge,
)
from evaluation.services.permissions import (
    Action,
    InvalidTransition,
    PermissionDenied,
    Person,
    WorkflowError,
    require,
    unrestricted,
)
from evaluation.storage import (
    AuditEvent,
    ConditionInput,
    ImportResult,
    ProposalSummary,
    Repository,
    ReviewInput,
    StoredCondition,
    StoredDecision,
    StoredProposal,
    StoredReview,
    plain_json,
)

# The decision's checks live in evaluation.services.decision_checks; these names stay importable from here.
__all__ = [
    "APPROVALS",
    "MOTIVATION_MIN_CHARS",
    "OPINIONS_NEEDING_COMMENT",
    "TRANSITIONS",
    "ChecklistIssue",
    "ConditionRefused",
    "DecisionRefused",
    "ReviewIncomplete",
    "Transition",
    "Workflow",
    "blocking_failures",
    "checklist_issues",
    "frozen_records",
    "method_versions_of",
    "to_acknowledge",
]

OPINIONS_NEEDING_COMMENT = frozenset({Opinion.FAVORABLE_SOUS_RESERVE, Opinion.DEFAVORABLE})
_VERSION_SUFFIX = re.compile(r"-v\d+$")


class Transition(NamedTuple):
    action: Action
    source: Status
    target: Status


# The status changes of the workflow: (service function) -> (permission, from, to).
TRANSITIONS: Mapping[str, Transition] = {
    "submit": Transition(Action.SUBMIT, Status.BROUILLON, Status.SOUMIS),
    "start_review": Transition(Action.START_REVIEW, Status.SOUMIS, Status.EN_REVUE),
    "finish_review": Transition(Action.GIVE_OPINION, Status.EN_REVUE, Status.AVIS_RENDU),
    "decide": Transition(Action.DECIDE, Status.AVIS_RENDU, Status.DECIDE),
}


class ReviewIncomplete(WorkflowError, ValueError):
    """Opinions missing or without the comment they need."""


class ConditionRefused(WorkflowError, ValueError):
    """A condition cannot be marked met as asked; `problems` maps a field to a French message."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("Condition non levée : " + " ; ".join(self.problems.values()) + ".")


class Workflow:
    """The workflow's service functions, bound to a repository."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository

    # -- reading ------------------------------------------------------------------------------

    def portfolio(self, *, user: Person, statuses: Iterable[Status] | None = None,
                  directions: Iterable[str] | None = None, categories: Iterable[str] | None = None,
                  search: str | None = None) -> list[ProposalSummary]:
        """The portfolio summary (every role)."""
        require(user, Action.VIEW_PORTFOLIO)
        return self.repository.list_proposals(
            statuses=list(statuses) if statuses is not None else None,
            directions=list(directions) if directions is not None else None,
            categories=list(categories) if categories is not None else None, search=search)

    def my_proposals(self, *, user: Person) -> list[ProposalSummary]:
        """The proposals the person created."""
        require(user, Action.VIEW_PORTFOLIO)
        return self.repository.list_proposals(created_by=user.login)

    def get(self, proposal_id: str, *, user: Person) -> StoredProposal:
        """A proposal's content (a porteur sees its own only)."""
        stored = self.repository.get_proposal(proposal_id)
        require(user, Action.VIEW_PROPOSAL, owner=stored.created_by)
        return stored

    def history(self, proposal_id: str, *, user: Person) -> list[AuditEvent]:
        """The audit events of a proposal (its reviews and decisions included)."""
        self.get(proposal_id, user=user)
        return self.repository.audit_events(proposal_id=proposal_id)

    def audit_trail(self, *, user: Person, limit: int | None = None) -> list[AuditEvent]:
        """The whole audit trail (administrators)."""
        require(user, Action.VIEW_AUDIT)
        return self.repository.audit_events(limit=limit)

    # -- the porteur ----------------------------------------------------------------------------

    @staticmethod
    def _expect(stored: StoredProposal, status: Status, what: str) -> None:
        if stored.status is not status:
            raise InvalidTransition(
                f"Impossible de {what} : le dossier « {stored.proposal.id} » est au statut "
                f"« {STATUS_LABELS_FR[stored.status]} » (il doit être « {STATUS_LABELS_FR[status]} »).")

    def create_draft(self, proposal: Proposal, *, user: Person) -> int:
        """A new draft owned by the person; returns its version (1)."""
        require(user, Action.CREATE_PROPOSAL)
        return self.repository.save_proposal(proposal, actor=user.login, expected_version=None)

    def save_draft(self, proposal: Proposal, *, user: Person, expected_version: int) -> int:
        """Save the porteur's own draft; returns the new version."""
        stored = self.repository.get_proposal(proposal.id)
        require(user, Action.EDIT_DRAFT, owner=stored.created_by)
        self._expect(stored, Status.BROUILLON, "modifier le dossier")
        return self.repository.save_proposal(proposal, actor=user.login, expected_version=expected_version)

    def _move(self, name: str, proposal_id: str, *, user: Person, expected_version: int | None, what: str) -> int:
        transition = TRANSITIONS[name]
        stored = self.repository.get_proposal(proposal_id)
        require(user, transition.action, owner=stored.created_by)
        self._expect(stored, transition.source, what)
        return self.repository.set_status(proposal_id, transition.target, actor=user.login,
                                          expected_version=expected_version or stored.version)

    def submit(self, proposal_id: str, *, user: Person, expected_version: int | None = None) -> int:
        """brouillon -> soumis, by the porteur who owns it."""
        return self._move("submit", proposal_id, user=user, expected_version=expected_version,
                          what="soumettre le dossier")

    def new_version(self, proposal_id: str, *, user: Person, new_id: str | None = None) -> StoredProposal:
        """A decided proposal reopened as a new draft `<id>-v<n>`, linked to it (parent_id)."""
        stored = self.repository.get_proposal(proposal_id)
        require(user, Action.NEW_VERSION, owner=stored.created_by)
        self._expect(stored, Status.DECIDE, "créer une nouvelle version")
        return self.repository.copy_as_draft(proposal_id, new_id=new_id or self._next_version_id(proposal_id),
                                             actor=user.login)

    def _next_version_id(self, proposal_id: str) -> str:
        base = _VERSION_SUFFIX.sub("", proposal_id)
        number = 2
        while True:
            suffix = f"-v{number}"
            candidate = base[:80 - len(suffix)].rstrip("-") + suffix
            if not self.repository.exists(candidate):
                return candidate
            number += 1

    def import_proposals(self, proposals: Sequence[Proposal], *, user: Person, replace: bool = False,
                         source: str = "import") -> ImportResult:
        """Import (all or nothing); a porteur may only replace its own drafts."""
        require(user, Action.IMPORT_PROPOSALS)
        if replace and not unrestricted(user, Action.IMPORT_PROPOSALS):
            ids = {proposal.id for proposal in proposals}
            stored = {s.id: s for s in self.repository.list_proposals() if s.id in ids}
            refused = sorted(pid for pid, s in stored.items()
                             if s.created_by != user.login or s.status is not Status.BROUILLON)
            if refused:
                raise PermissionDenied("Action refusée : un porteur de projet ne peut remplacer que ses propres "
                                       "brouillons (" + ", ".join(refused) + ").")
        return self.repository.import_proposals(proposals, actor=user.login, replace=replace, source=source)

    # -- the DSI ------------------------------------------------------------------------------

    def start_review(self, proposal_id: str, *, user: Person, expected_version: int | None = None) -> int:
        """soumis -> en revue, by the DSI."""
        return self._move("start_review", proposal_id, user=user, expected_version=expected_version,
                          what="prendre le dossier en revue")

    def edit_technical(self, proposal: Proposal, *, user: Person, expected_version: int) -> int:
        """The DSI changes the options (model, hosting, volumes, frugal alternatives) of a proposal in review.

        Only `options` may change; the audit event keeps the content before and after.
        """
        stored = self.repository.get_proposal(proposal.id)
        require(user, Action.EDIT_TECHNICAL)
        self._expect(stored, Status.EN_REVUE, "modifier les hypothèses techniques")
        before = stored.proposal.model_dump(exclude={"options"})
        after = proposal.model_dump(exclude={"options"})
        changed = sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
        if changed:
            raise PermissionDenied("Action refusée : la DSI ne modifie que les options (hypothèses techniques) ; "
                                   "ces champs relèvent du porteur : " + ", ".join(changed) + ".")
        return self.repository.save_proposal(proposal, actor=user.login, expected_version=expected_version)

    @staticmethod
    def _check_opinions(opinions: Sequence[ReviewInput]) -> None:
        missing = [o.option for o in opinions if o.opinion in OPINIONS_NEEDING_COMMENT and not o.comment.strip()]
        if missing:
            raise ReviewIncomplete("Un commentaire est obligatoire pour un avis "
                                   f"« {OPINION_LABELS_FR[Opinion.FAVORABLE_SOUS_RESERVE].lower()} » ou "
                                   f"« {OPINION_LABELS_FR[Opinion.DEFAVORABLE].lower()} » : "
                                   + ", ".join(missing) + ".")

    def give_opinion(self, proposal_id: str, *, user: Person, option: str, opinion: Opinion, comment: str = "",
                     expected_version: int | None = None) -> StoredReview:
        """The DSI's opinion on one option of a proposal in review."""
        return self.give_opinions(proposal_id, [ReviewInput(option=option, opinion=opinion, comment=comment)],
                                  user=user, expected_version=expected_version, finish=False)[0]

    def give_opinions(self, proposal_id: str, opinions: Sequence[ReviewInput], *, user: Person,
                      expected_version: int | None = None, finish: bool = True) -> list[StoredReview]:
        """Opinions on several options in one transaction; `finish` also moves the proposal to avis rendu,
        which needs an opinion on every option (given now or before)."""
        stored = self.repository.get_proposal(proposal_id)
        require(user, Action.GIVE_OPINION)
        self._expect(stored, Status.EN_REVUE, "rendre un avis")
        self._check_opinions(opinions)
        status = None
        if finish:
            self._require_every_option_reviewed(stored, [o.option for o in opinions])
            status = Status.AVIS_RENDU
        return self.repository.add_reviews(
            proposal_id, [ReviewInput(option=o.option, opinion=o.opinion, comment=o.comment.strip())
                          for o in opinions],
            actor=user.login, expected_version=expected_version or stored.version, status=status)

    def _require_every_option_reviewed(self, stored: StoredProposal, new: Iterable[str]) -> None:
        reviewed = {review.option for review in self.repository.reviews(stored.proposal.id)} | set(new)
        missing = [option.name for option in stored.proposal.options if option.name not in reviewed]
        if missing:
            raise ReviewIncomplete("L'avis ne peut être rendu : il manque un avis sur "
                                   + ", ".join(f"« {name} »" for name in missing) + ".")

    def finish_review(self, proposal_id: str, *, user: Person, expected_version: int | None = None) -> int:
        """en revue -> avis rendu, once every option has an opinion."""
        stored = self.repository.get_proposal(proposal_id)
        require(user, Action.GIVE_OPINION)
        self._expect(stored, Status.EN_REVUE, "rendre l'avis")
        self._require_every_option_reviewed(stored, [])
        return self.repository.set_status(proposal_id, Status.AVIS_RENDU, actor=user.login,
                                          expected_version=expected_version or stored.version)

    # -- the élus -----------------------------------------------------------------------------

    # The check `decide` makes, without writing (for a form): field -> French message.
    decision_problems = staticmethod(decision_problems)

    def decide(
        self,
        proposal_id: str,
        *,
        user: Person,
        outcome: Outcome,
        motivation: str,
        records: Sequence[Mapping[str, Any]],
        settings: Settings | Mapping[str, Any],
        acknowledged: Iterable[str] = (),
        chosen_option: str | None = None,
        method_versions: Mapping[str, str] | None = None,
        expected_version: int | None = None,
        conditions: Sequence[ConditionInput] = (),
    ) -> StoredDecision:
        """avis rendu -> décidé. `records` are the evaluation records (format.md) of the proposal's options,
        as shown to the élus; they are frozen with the decision, with the settings and method versions, so
        that the fiche can be regenerated from the decision alone. An "approuvé sous conditions" needs at
        least one condition (text, owner, due date), stored with the decision (`Repository.conditions_of`)."""
        stored = self.repository.get_proposal(proposal_id)
        require(user, Action.DECIDE)
        self._expect(stored, Status.AVIS_RENDU, "décider")
        outcome = Outcome(outcome)
        acknowledged = list(dict.fromkeys(acknowledged))
        records = plain_json(list(records))
        problems = decision_problems(stored.proposal, outcome=outcome, motivation=motivation, records=records,
                                     acknowledged=acknowledged, chosen_option=chosen_option,
                                     conditions=conditions)
        if problems:
            raise DecisionRefused(problems)
        settings_document = (settings.model_dump(mode="json") if isinstance(settings, Settings)
                             else plain_json(dict(settings)))
        approved = outcome in APPROVALS
        frozen = frozen_evaluation(stored, records, chosen_option if approved else None)
        versions = {**method_versions_of(records, settings_document), **dict(method_versions or {})}
        return self.repository.add_decision(
            proposal_id, outcome=outcome, motivation=motivation.strip(),
            acknowledged=acknowledged if approved else [], chosen_option=chosen_option if approved else None,
            evaluation=frozen, settings=settings_document, method_versions=versions, actor=user.login,
            expected_version=expected_version or stored.version,
            conditions=[ConditionInput(text=c.text.strip(), owner=c.owner.strip(), due_date=c.due_date)
                        for c in conditions])

    # -- conditions of an "approuvé sous conditions" --------------------------------------------

    def conditions(self, proposal_id: str, *, user: Person) -> list[StoredCondition]:
        """The conditions of a proposal's decisions (whoever may see the proposal)."""
        self.get(proposal_id, user=user)
        return self.repository.conditions_of(proposal_id)

    def past_due_conditions(self, *, user: Person, today: dt.date) -> list[StoredCondition]:
        """Conditions still open after their due date, across the portfolio (every role)."""
        require(user, Action.VIEW_PORTFOLIO)
        return self.repository.past_due_conditions(today)

    def mark_condition_met(self, condition_id: int, *, user: Person, comment: str) -> StoredCondition:
        """A condition marked met, with a comment saying how (DSI, élus, administrators); once only."""
        require(user, Action.MARK_CONDITION_MET)
        if not comment.strip():
            raise ConditionRefused({"comment": "un commentaire est obligatoire : dites comment la condition a "
                                               "été levée (document, date, référence)"})
        return self.repository.mark_condition_met(condition_id, comment=comment.strip(), actor=user.login)

    # -- the administrator --------------------------------------------------------------------

    def save_settings(self, document: Settings | Mapping[str, Any], *, user: Person,
                      expected_version: int | None) -> int:
        """Save the collectivité's settings (administrators)."""
        require(user, Action.EDIT_SETTINGS)
        return self.repository.save_settings(document, actor=user.login, expected_version=expected_version)

