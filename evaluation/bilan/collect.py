"""What the bilan reads from storage, gathered into a BilanSource (the only module of the bilan with I/O).

Decisions and the proposals' status changes from the workflow; decision conditions (recstore); the
options' service changes and imported actual usage (docs/actuals.md): in-service periods from
`Tracking.in_service`, the actual footprint and cost from `Tracking.actual_footprint`, and the days the
imported periods cover (a day counts when an imported period touches it); the public register's entries
first published in the year and still public (`count_published_register_entries`).
"""

from __future__ import annotations

import datetime as dt

from evaluation.bilan.model import ActualFigures, BilanSource, Range, ServiceChange, ServicePeriod
from evaluation.domain.workflow import EntityType
from evaluation.services.actuals import Tracking
from evaluation.storage import Repository, StoredActualPeriod
from evaluation.table.columns import FOOTPRINT_CRITERIA


def covered_days(periods: list[StoredActualPeriod], start: dt.date, end: dt.date) -> int:
    """Days of [start, end) that an imported period touches."""
    days: set[dt.date] = set()
    for period in periods:
        first = max(period.start.astimezone(dt.UTC).date(), start)
        last_moment = period.end.astimezone(dt.UTC) - dt.timedelta(microseconds=1)
        last = min(max(last_moment.date(), first), end - dt.timedelta(days=1))
        days.update(first + dt.timedelta(days=offset) for offset in range((last - first).days + 1))
    return len(days)


class _Actuals:
    """The ActualsReader over the repository: one option's actual figures over a date range."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository
        self.tracking = Tracking(repository)

    def __call__(self, proposal_id: str, option: str, start: dt.date, end: dt.date) -> ActualFigures | None:
        periods = self.repository.actual_periods(
            proposal_id, option, start=dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC),
            end=dt.datetime.combine(end, dt.time(), tzinfo=dt.UTC))
        if not periods:
            return None
        actual = self.tracking.actual_footprint(proposal_id, option, start=start, end=end)
        footprint: dict[str, Range] = {}
        for criterion in FOOTPRINT_CRITERIA:
            value = actual.criterion(criterion)
            if value is not None:
                footprint[criterion] = Range(value.min, value.max)
        return ActualFigures(days=covered_days(periods, start, end), footprint=footprint, cost_eur=actual.cost_eur,
                             left_out=tuple(actual.left_out))


def bilan_source(repository: Repository) -> BilanSource:
    events = [event for event in repository.audit_events(entity_type=EntityType.PROPOSAL) if event.action == "status"]
    settings = repository.get_settings()
    name = settings.settings().profile.name if settings is not None else ""
    decisions = repository.all_decisions()
    approved = sorted({d.proposal_id for d in decisions if d.chosen_option is not None})
    conditions = [condition for pid in approved for condition in repository.conditions_of(pid)]
    tracking = Tracking(repository)
    service = {(item.proposal_id, item.option): [ServicePeriod(p.start, p.end) for p in item.periods]
               for item in tracking.in_service()}
    changes: dict[tuple[str, str], list[ServiceChange]] = {}
    for change in repository.service_changes():
        changes.setdefault((change.proposal_id, change.option), []).append(
            ServiceChange(on=change.on, status=str(change.status)))
    return BilanSource(decisions=decisions, status_events=events, service=service, service_changes=changes,
                       actuals=_Actuals(repository), conditions=conditions, lifecycle_available=True,
                       register_published=repository.count_published_register_entries, collectivite=name)
