"""What the Revue and Décision pages show before calling the workflow service: each option's
opinion as typed, and the checklist items a decision must acknowledge, with their texts.

The rules live in the service (evaluation.services.workflow), which enforces them on every write;
the pages use its checks (`Workflow.decision_problems`, `checklist_issues`) to place French messages
next to the fields. No Streamlit import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from evaluation.domain.workflow import Opinion, Status
from evaluation.services.workflow import OPINIONS_NEEDING_COMMENT, checklist_issues
from evaluation.storage import ReviewInput

REVIEW_QUEUE = (Status.SOUMIS, Status.EN_REVUE)
DECISION_QUEUE = (Status.AVIS_RENDU,)


@dataclass(frozen=True)
class OpinionInput:
    """One option's opinion as typed in the review form."""

    option: str
    opinion: Opinion | None
    comment: str

    def review(self) -> ReviewInput:
        assert self.opinion is not None
        return ReviewInput(option=self.option, opinion=self.opinion, comment=self.comment)


def opinion_problems(inputs: Sequence[OpinionInput]) -> dict[str, str]:
    """Option name -> French message for each opinion that cannot be recorded as typed (the service
    refuses the same, in one message for the whole form)."""
    problems: dict[str, str] = {}
    for item in inputs:
        if item.opinion is None:
            problems[item.option] = "choisissez un avis pour cette option"
        elif item.opinion in OPINIONS_NEEDING_COMMENT and not item.comment.strip():
            problems[item.option] = "un commentaire est obligatoire pour un avis réservé ou défavorable"
    return problems


@dataclass(frozen=True)
class ChecklistItem:
    """A rule an option fails or warns on, with what the checklist says about it."""

    rule: str
    status: str  # fail or warn
    blocking: bool
    message: str
    source: str


def checklist_items(records: Sequence[Mapping[str, Any]], option: str | None) -> list[ChecklistItem]:
    """The option's failures and warnings in the service's order (blocking failures first); none when
    no option is chosen."""
    if option is None:
        return []
    texts: dict[str, Mapping[str, Any]] = {}
    for record in records:
        if record.get("option") == option:
            texts = {str(item["id"]): item for item in record.get("checklist") or []}
    return [ChecklistItem(rule=issue.rule, status=issue.status, blocking=issue.blocking,
                          message=str(texts.get(issue.rule, {}).get("message") or ""),
                          source=str(texts.get(issue.rule, {}).get("source") or ""))
            for issue in checklist_issues(records, option=option)]


def blocking_rules(items: Sequence[ChecklistItem]) -> list[str]:
    """Rules whose failure makes approval impossible (the service refuses approval on the same)."""
    return sorted({item.rule for item in items if item.status == "fail" and item.blocking})
