"""After the decision: the service status of approved options, their actual usage and footprint.

`Tracking(repository)` checks who acts (Action.FOLLOW_SERVICE: DSI, administrateur) and that the option
was approved, then writes through the repository (one transaction with its audit event). Its reads give
what the decision froze of an option (the option, its evaluation record, the settings) and the option's
actual footprint over a date range (evaluation.actuals.footprint), as docs/actuals.md describes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from evaluation.actuals.footprint import ActualFootprint, actual_footprint
from evaluation.domain.actuals import ServicePeriod, ServiceStatus, service_periods
from evaluation.domain.option import Option
from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.services.decision_checks import APPROVALS, frozen_records
from evaluation.services.permissions import Action, InvalidTransition, Person, require
from evaluation.storage import Repository, StoredDecision, StoredServiceChange


@dataclass(frozen=True)
class FrozenOption:
    """An approved option as the decision froze it: the option, its evaluation record (format.md), the
    settings, and the zone its footprint was estimated in."""

    proposal_id: str
    option: Option
    record: Mapping[str, Any]
    settings: Settings
    decision: StoredDecision

    @property
    def name(self) -> str:
        return self.option.name

    @property
    def zone(self) -> str | None:
        zone = ((self.record.get("footprint") or {}).get("method") or {}).get("zone")
        return str(zone) if zone else None


@dataclass(frozen=True)
class InService:
    """An option's in-service periods, as its service status events give them."""

    proposal_id: str
    option: str
    periods: list[ServicePeriod]
    status: ServiceStatus

    def days_within(self, start: dt.date, end: dt.date) -> int:
        return sum(period.days_within(start, end) for period in self.periods)


def approved_options(decision: StoredDecision | None) -> list[str]:
    """The options a decision approved: its chosen option, else every option of the proposal it froze."""
    if decision is None or decision.outcome not in APPROVALS:
        return []
    if decision.chosen_option:
        return [decision.chosen_option]
    return [str(record.get("option")) for record in frozen_records(decision) if record.get("option")]


def frozen_option(decision: StoredDecision, option: str) -> FrozenOption:
    """What `decision` froze of `option` (InvalidTransition unless the decision approved it)."""
    if option not in approved_options(decision):
        raise InvalidTransition(f"L'option « {option} » n'a pas été approuvée par la décision du dossier "
                                f"« {decision.proposal_id} ».")
    evaluation = decision.evaluation if isinstance(decision.evaluation, dict) else {}
    proposal = Proposal.model_validate(evaluation["proposal"])
    chosen = next(item for item in proposal.options if item.name == option)
    record = next((item for item in frozen_records(decision) if item.get("option") == option), {})
    return FrozenOption(proposal_id=decision.proposal_id, option=chosen, record=record,
                        settings=Settings.model_validate(decision.settings), decision=decision)


class Tracking:
    """The service status and actual usage of approved options."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository

    def frozen_option(self, proposal_id: str, option: str) -> FrozenOption:
        decision = self.repository.latest_decision(proposal_id)
        if decision is None:
            raise InvalidTransition(f"Le dossier « {proposal_id} » n'a pas encore été décidé.")
        return frozen_option(decision, option)

    def approved_options(self, proposal_id: str) -> list[str]:
        return approved_options(self.repository.latest_decision(proposal_id))

    def change_service_status(self, proposal_id: str, option: str, *, user: Person, status: ServiceStatus,
                              on: dt.date, reason: str = "") -> StoredServiceChange:
        """Put an approved option in service, suspend it, resume it or stop it (date, reason)."""
        require(user, Action.FOLLOW_SERVICE)
        self.frozen_option(proposal_id, option)
        return self.repository.record_service_change(proposal_id, option, status=status, on=on, reason=reason,
                                                 actor=user.login)

    def in_service(self, proposal_id: str | None = None) -> list[InService]:
        """Every option with a service status (of one proposal, or all), its in-service periods and status."""
        grouped: dict[tuple[str, str], list[StoredServiceChange]] = {}
        for event in self.repository.service_changes(proposal_id):
            grouped.setdefault((event.proposal_id, event.option), []).append(event)
        return [InService(proposal_id=key[0], option=key[1], periods=service_periods(e.change() for e in events),
                          status=events[-1].status)
                for key, events in sorted(grouped.items())]

    def actual_footprint(self, proposal_id: str, option: str, *, start: dt.date, end: dt.date) -> ActualFootprint:
        """The option's actual footprint and cost over the days [start, end), with the zone, model
        repository and settings of the estimate frozen with the decision."""
        frozen = self.frozen_option(proposal_id, option)
        periods = self.repository.actual_periods(
            proposal_id, option, start=dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC),
            end=dt.datetime.combine(end, dt.time(), tzinfo=dt.UTC))
        return actual_footprint(frozen.option, periods, start=start, end=end, settings=frozen.settings,
                                zone=frozen.zone)
