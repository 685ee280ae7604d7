"""What the bilan reads from storage, gathered into a BilanSource (the only module of the bilan with I/O)."""

from __future__ import annotations

from evaluation.bilan.model import BilanSource
from evaluation.domain.workflow import EntityType
from evaluation.storage import Repository


def bilan_source(repository: Repository) -> BilanSource:
    """Every decision and every status change of the proposals, with the collectivité's name.

    The in-service periods and the imported actuals come from the lifecycle of issue 16 when it is
    there; decision conditions and the public register are not held by Jauge yet (None: not available).
    """
    events = [event for event in repository.audit_events(entity_type=EntityType.PROPOSAL) if event.action == "status"]
    settings = repository.get_settings()
    name = settings.settings().profile.name if settings is not None else ""
    return BilanSource(decisions=repository.all_decisions(), status_events=events, collectivite=name)
