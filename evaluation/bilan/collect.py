"""What the bilan reads from storage, gathered into a BilanSource (the only module of the bilan with I/O)."""

from __future__ import annotations

from evaluation.bilan.model import BilanSource
from evaluation.domain.workflow import EntityType
from evaluation.storage import Repository


def bilan_source(repository: Repository) -> BilanSource:
    """Every decision and every status change of the proposals, with the collectivité's name.

    The in-service periods and the imported actuals come from the lifecycle of issue 16 when it is
    there; the public register (issue 15) is not held by Jauge yet (None: not available).
    """
    events = [event for event in repository.audit_events(entity_type=EntityType.PROPOSAL) if event.action == "status"]
    settings = repository.get_settings()
    name = settings.settings().profile.name if settings is not None else ""
    decisions = repository.all_decisions()
    approved = sorted({d.proposal_id for d in decisions if d.chosen_option is not None})
    conditions = [condition for pid in approved for condition in repository.conditions_of(pid)]
    return BilanSource(decisions=decisions, status_events=events, conditions=conditions, collectivite=name)
