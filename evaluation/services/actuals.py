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

from evaluation.actuals.comparison import Comparison, compare
from evaluation.actuals.footprint import ActualFootprint, actual_footprint
from evaluation.actuals.models import ecologits_model
from evaluation.domain.actuals import (
    SERVICE_TRANSITIONS,
    ActualSource,
    ServicePeriod,
    ServiceStatus,
    current_status,
    service_periods,
)
from evaluation.domain.option import Option, OptionKind
from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.exchange.actuals import ActualsFile, read_actuals
from evaluation.services.decision_checks import APPROVALS, frozen_records
from evaluation.services.permissions import Action, InvalidTransition, Person, require
from evaluation.storage import Repository, StoredActualImport, StoredDecision, StoredServiceChange


@dataclass(frozen=True)
class FrozenOption:
    """An approved option as the decision froze it: the option, its evaluation record (format.md), the
    settings, and the zone its footprint was estimated in."""

    proposal_id: str
    option: Option
    record: Mapping[str, Any]
    settings: Settings
    decision: StoredDecision
    horizon: int

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
    settings = Settings.model_validate(decision.settings)
    return FrozenOption(proposal_id=decision.proposal_id, option=chosen, record=record, settings=settings,
                        decision=decision, horizon=proposal.horizon_years or settings.horizon_years)


@dataclass(frozen=True)
class ImportReport:
    """A file imported: the stored import (counts, outcome of each period by key), the periods read, and
    the EcoLogits model each billed name maps to (None: unknown, not counted in the footprint)."""

    stored: StoredActualImport
    file: ActualsFile
    models: dict[str, str | None]
    warnings: list[str]


def billed_models(option: Option, file: ActualsFile) -> dict[str, str | None]:
    """Each billed name of the file and the EcoLogits model it maps to, for an API option (a self-hosted
    option keeps its own model; measured energy needs none)."""
    names = sorted({period.model for period in file.periods if period.model})
    if file.source is ActualSource.CODECARBON or option.kind is not OptionKind.GENAI_API:
        return {}
    return {name: ecologits_model(option.provider, name) for name in names}


def method_versions(option: Option, file: ActualsFile) -> dict[str, str]:
    """How the footprint of a file's periods is computed, and with which versions, recorded with its import."""
    import evaluation
    from evaluation.actuals.footprint import ECOLOGITS_API, ECOLOGITS_SELF_HOSTED, MEASURED
    from evaluation.footprint.ecologits_calls import ecologits_version

    measured = any(period.energy_kwh is not None for period in file.periods)
    inference = ECOLOGITS_SELF_HOSTED if option.kind is OptionKind.GENAI_SELF_HOSTED else ECOLOGITS_API
    methods = [*([MEASURED] if measured else []),
               *([inference] if any(period.energy_kwh is None for period in file.periods) else [])]
    return {"methods": ", ".join(methods), "ecologits": ecologits_version(), "jauge": evaluation.__version__}


def _warnings(frozen: FrozenOption, file: ActualsFile, models: Mapping[str, str | None]) -> list[str]:
    warnings = [f"modèle facturé inconnu d'EcoLogits, non compté dans l'empreinte : « {name} »"
                for name, mapped in models.items() if mapped is None]
    zones = sorted({period.zone for period in file.periods if period.zone and period.zone != frozen.zone})
    if zones and frozen.zone:
        warnings.append(f"pays mesuré par CodeCarbon ({', '.join(zones)}) différent de la zone de l'estimation "
                        f"({frozen.zone}) : l'empreinte réelle est calculée avec la zone de l'estimation")
    if file.source is ActualSource.ANTHROPIC:
        warnings.append("le rapport d'usage Anthropic ne compte pas les requêtes : elles sont déduites des jetons "
                        "générés et du nombre de jetons par requête de l'estimation")
    if file.source is ActualSource.OPENAI and any(period.model is None for period in file.periods):
        warnings.append("export non regroupé par modèle (group_by=model) : le modèle de l'option est retenu")
    return warnings


@dataclass(frozen=True)
class OptionFollowUp:
    """Everything the Suivi tab shows of one approved option."""

    option: str
    status: ServiceStatus | None
    changes: list[StoredServiceChange]
    comparison: Comparison
    imports: list[StoredActualImport]

    @property
    def allowed(self) -> list[ServiceStatus]:
        """The statuses the option may move to next."""
        return sorted(SERVICE_TRANSITIONS[self.status], key=list(ServiceStatus).index)


@dataclass(frozen=True)
class FollowFlag:
    """An option's service status and the figures over the estimate, for the portfolio."""

    status: ServiceStatus
    over: list[str]


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

    def import_file(self, proposal_id: str, option: str, *, user: Person, name: str, content: bytes,
                    source: ActualSource | None = None) -> ImportReport:
        """Import a file of actual usage for an option put in service: whole, or refused whole
        (InvalidFileError with located French errors) with nothing written."""
        require(user, Action.FOLLOW_SERVICE)
        self.frozen_option(proposal_id, option)
        self._require_in_service(proposal_id, option)
        return self.import_read(proposal_id, option, user=user, file=read_actuals(name, content, source))

    def import_read(self, proposal_id: str, option: str, *, user: Person, file: ActualsFile) -> ImportReport:
        """Import a file already read (by evaluation.exchange.isolated, in a child process, for uploads)."""
        require(user, Action.FOLLOW_SERVICE)
        frozen = self.frozen_option(proposal_id, option)
        self._require_in_service(proposal_id, option)
        name = file.name
        models = billed_models(frozen.option, file)
        stored = self.repository.import_actual_periods(
            proposal_id, option, file.periods, source=file.source, file_name=name, content_sha256=file.sha256,
            unmapped_models=[billed for billed, mapped in models.items() if mapped is None],
            method_versions=method_versions(frozen.option, file), actor=user.login)
        return ImportReport(stored=stored, file=file, models=models, warnings=_warnings(frozen, file, models))

    def _require_in_service(self, proposal_id: str, option: str) -> None:
        if not self.repository.service_changes(proposal_id, option):
            raise InvalidTransition(f"Mettez d'abord l'option « {option} » en service : l'usage réel se compare "
                                    "à l'estimation sur les jours de service.")

    def comparison(self, proposal_id: str, option: str) -> Comparison:
        """Estimated against actual for the option, by month and in all, with its ex-post NPV."""
        frozen = self.frozen_option(proposal_id, option)
        return compare(frozen.option, frozen.record, frozen.settings, horizon=frozen.horizon,
                       service=self.repository.service_periods(proposal_id, option),
                       periods=self.repository.actual_periods(proposal_id, option), zone=frozen.zone,
                       threshold=self.threshold())

    def threshold(self) -> float:
        """The over-estimate threshold in force: the collectivité's current settings (the defaults while none
        is saved), not those frozen with a decision."""
        stored = self.repository.get_settings()
        if stored is not None:
            return stored.settings().overrun_threshold
        from evaluation.exchange.settings_file import load_settings

        return load_settings().overrun_threshold

    def comparisons(self, proposal_id: str) -> list[Comparison]:
        """The comparison of every option the decision approved."""
        return [self.comparison(proposal_id, option) for option in self.approved_options(proposal_id)]

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

    def follow_up(self, proposal_id: str) -> list[OptionFollowUp]:
        """Every approved option of the proposal: status, changes, comparison, imports."""
        result = []
        for option in self.approved_options(proposal_id):
            changes = self.repository.service_changes(proposal_id, option)
            result.append(OptionFollowUp(
                option=option, status=current_status(change.change() for change in changes), changes=changes,
                comparison=self.comparison(proposal_id, option),
                imports=self.repository.actual_imports(proposal_id, option)))
        return result

    def flags(self) -> dict[tuple[str, str], FollowFlag]:
        """(proposal id, option) -> status and figures over the estimate, for every option with a status."""
        flags = {}
        for item in self.in_service():
            try:
                over = self.comparison(item.proposal_id, item.option).over
            except (InvalidTransition, KeyError, ValueError):  # a decision that no longer approves it
                over = []
            flags[(item.proposal_id, item.option)] = FollowFlag(status=item.status, over=over)
        return flags
