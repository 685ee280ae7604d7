"""After the decision: the service status events of approved options and the actual usage imported for
them. Every write is one transaction with its audit event (entity `proposal`, the proposal's id:
actions `service` and `actuals_import`, the option named in `after`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, insert, select, update

from evaluation.domain.actuals import (
    REASON_REQUIRED,
    SERVICE_STATUS_LABELS_FR,
    SERVICE_TRANSITIONS,
    ActualPeriod,
    ActualSource,
    ServicePeriod,
    ServiceStatus,
    current_status,
    service_periods,
)
from evaluation.domain.workflow import EntityType
from evaluation.storage import tables as t
from evaluation.storage.repositories import audit, proposals
from evaluation.storage.repositories.base import Store, now, stored
from evaluation.storage.stored import (
    NotFound,
    StorageError,
    StoredActualImport,
    StoredActualPeriod,
    StoredServiceChange,
)

# What a stored period holds besides its identity: compared to tell a replaced period from an unchanged one.
_FIGURES = ("period_start", "period_end", "model", "requests", "input_tokens", "output_tokens", "energy_kwh",
            "cost_eur", "duration_s", "emissions_kgco2eq", "zone")


class InvalidServiceChange(StorageError, ValueError):
    """A service status change that does not follow the previous one (French message)."""


def _require_option(connection: Connection, proposal_id: str, option: str) -> None:
    row = proposals.found(proposals.lock(connection, proposal_id), proposal_id)
    if option not in proposals.option_names(row):
        raise NotFound(f"Option « {option} » introuvable dans le dossier « {proposal_id} ».")


def _change_columns() -> tuple[Any, ...]:
    S = t.ServiceEventRow
    return (S.id, S.proposal_id, S.option_name.label("option"), S.status, S.effective_on.label("on"), S.reason,
            S.actor, S.created_at)


def _period_columns() -> tuple[Any, ...]:
    P = t.ActualPeriodRow
    return (P.id, P.import_id, P.proposal_id, P.option_name.label("option"), P.source, P.period_key.label("key"),
            P.period_start.label("start"), P.period_end.label("end"), P.model, P.requests, P.input_tokens,
            P.output_tokens, P.energy_kwh, P.cost_eur, P.duration_s, P.emissions_kgco2eq, P.zone)


def _period_values(period: ActualPeriod) -> dict[str, Any]:
    return {
        "source": period.source.value, "period_key": period.key, "period_start": period.start,
        "period_end": period.end, "model": period.model, "requests": period.requests,
        "input_tokens": period.input_tokens, "output_tokens": period.output_tokens, "energy_kwh": period.energy_kwh,
        "cost_eur": period.cost_eur, "duration_s": period.duration_s, "emissions_kgco2eq": period.emissions_kgco2eq,
        "zone": period.zone,
    }


def _check_change(history: Sequence[StoredServiceChange], status: ServiceStatus, on: dt.date, reason: str) -> None:
    previous = current_status(event.change() for event in history)
    if status not in SERVICE_TRANSITIONS[previous]:
        before = "aucun statut" if previous is None else f"le statut « {SERVICE_STATUS_LABELS_FR[previous]} »"
        raise InvalidServiceChange(
            f"Changement refusé : après {before}, l'option ne peut pas passer à « {SERVICE_STATUS_LABELS_FR[status]} ».")
    if history and on < max(event.on for event in history):
        last = max(event.on for event in history)
        raise InvalidServiceChange(
            f"Date refusée : le {on.isoformat()} précède le dernier changement de statut ({last.isoformat()}).")
    if status in REASON_REQUIRED and not reason.strip():
        raise InvalidServiceChange(
            f"Motif obligatoire pour passer à « {SERVICE_STATUS_LABELS_FR[status]} ».")


class ActualsRepository(Store):
    """Service status events and actual usage of the options."""

    # -- service status ------------------------------------------------------------------------

    def record_service_change(self, proposal_id: str, option: str, *, status: ServiceStatus, on: dt.date,
                          reason: str = "", actor: str) -> StoredServiceChange:
        """Record a service status change of an option (it must follow the previous one: SERVICE_TRANSITIONS,
        on or after its date, with a reason when suspended or stopped). No check of the decision or of
        who acts: use evaluation.services.actuals."""
        status = ServiceStatus(status)
        S = t.ServiceEventRow
        with self._write() as connection:
            _require_option(connection, proposal_id, option)
            history = self._changes(connection, (S.proposal_id == proposal_id, S.option_name == option))
            _check_change(history, status, on, reason)
            at = now()
            values = {"proposal_id": proposal_id, "option_name": option, "status": status.value, "effective_on": on,
                      "reason": reason.strip(), "actor": actor, "created_at": at}
            event_id = connection.execute(insert(S).returning(S.id), values).scalar_one()
            audit.append(connection, [audit.event(
                actor=actor, entity_type=EntityType.PROPOSAL, entity_id=proposal_id, proposal_id=proposal_id,
                action="service", at=at,
                before={"option": option, "status": None if not history else history[-1].status.value},
                after={"option": option, "status": status.value, "on": on.isoformat(), "reason": reason.strip()},
            )])
            return self._changes(connection, (S.id == event_id,))[0]

    def _changes(self, connection: Connection, where: Sequence[ColumnElement[bool]]) -> list[StoredServiceChange]:
        S = t.ServiceEventRow
        rows = connection.execute(select(*_change_columns()).where(*where).order_by(S.effective_on, S.id)).all()
        return stored(StoredServiceChange, rows)

    def service_changes(self, proposal_id: str | None = None, option: str | None = None) -> list[StoredServiceChange]:
        """Service status events, by date then as recorded; every option's when no proposal is given."""
        S = t.ServiceEventRow
        where: list[ColumnElement[bool]] = []
        if proposal_id is not None:
            where.append(S.proposal_id == proposal_id)
        if option is not None:
            where.append(S.option_name == option)
        with self._read() as connection:
            return self._changes(connection, where)

    def service_periods(self, proposal_id: str, option: str) -> list[ServicePeriod]:
        """The option's in-service periods, [start, end) (end None while in service)."""
        return service_periods(event.change() for event in self.service_changes(proposal_id, option))

    # -- actual usage ---------------------------------------------------------------------------

    def import_actual_periods(
        self, proposal_id: str, option: str, periods: Sequence[ActualPeriod], *, source: ActualSource,
        file_name: str, content_sha256: str, unmapped_models: Sequence[str] = (), actor: str,
    ) -> StoredActualImport:
        """Store a file's periods in one transaction with its audit event: a period whose (source, key) is
        already stored replaces it (or is counted unchanged), so importing the same data twice counts it once."""
        source = ActualSource(source)
        if any(period.source is not source for period in periods):
            raise ValueError("every period must come from the import's source")
        keys = [period.key for period in periods]
        if len(set(keys)) != len(keys):
            raise ValueError("two periods of one import share a key")
        P, Imp = t.ActualPeriodRow, t.ActualImportRow
        with self._write() as connection:
            _require_option(connection, proposal_id, option)
            at = now()
            import_id = connection.execute(insert(Imp).returning(Imp.id), {
                "proposal_id": proposal_id, "option_name": option, "source": source.value, "file_name": file_name,
                "content_sha256": content_sha256, "periods": len(periods), "added": 0, "replaced": 0,
                "unchanged": 0, "unmapped_models": sorted(set(unmapped_models)), "actor": actor, "created_at": at,
            }).scalar_one()
            existing = {row.period_key: row for row in connection.execute(
                select(P).where(P.proposal_id == proposal_id, P.option_name == option, P.source == source.value)).all()}
            added: list[dict[str, Any]] = []
            replaced = unchanged = 0
            for period in periods:
                values = _period_values(period)
                row = existing.get(period.key)
                if row is None:
                    added.append({**values, "import_id": import_id, "proposal_id": proposal_id, "option_name": option})
                elif all(getattr(row, name) == values[name] for name in _FIGURES):
                    unchanged += 1
                else:
                    connection.execute(update(P).where(P.id == row.id).values(**values, import_id=import_id))
                    replaced += 1
            if added:
                connection.execute(insert(P), added)
            counts = {"added": len(added), "replaced": replaced, "unchanged": unchanged}
            connection.execute(update(Imp).where(Imp.id == import_id).values(**counts))
            audit.append(connection, [audit.event(
                actor=actor, entity_type=EntityType.PROPOSAL, entity_id=proposal_id, proposal_id=proposal_id,
                action="actuals_import", at=at,
                after={"option": option, "import_id": import_id, "source": source.value, "file_name": file_name,
                       "content_sha256": content_sha256, "periods": len(periods), **counts,
                       "unmapped_models": sorted(set(unmapped_models))},
            )])
            row = connection.execute(select(*self._import_columns()).where(Imp.id == import_id)).one()
            return stored(StoredActualImport, [row])[0]

    @staticmethod
    def _import_columns() -> tuple[Any, ...]:
        Imp = t.ActualImportRow
        return (Imp.id, Imp.proposal_id, Imp.option_name.label("option"), Imp.source, Imp.file_name, Imp.content_sha256,
                Imp.periods, Imp.added, Imp.replaced, Imp.unchanged, Imp.unmapped_models, Imp.actor, Imp.created_at)

    def actual_imports(self, proposal_id: str, option: str | None = None) -> list[StoredActualImport]:
        """The imports of actual usage of a proposal (or of one option), oldest first."""
        Imp = t.ActualImportRow
        where = [Imp.proposal_id == proposal_id] + ([Imp.option_name == option] if option is not None else [])
        with self._read() as connection:
            rows = connection.execute(select(*self._import_columns()).where(*where).order_by(Imp.id)).all()
        return stored(StoredActualImport, rows)

    def actual_periods(self, proposal_id: str | None = None, option: str | None = None, *,
                       start: dt.datetime | None = None, end: dt.datetime | None = None) -> list[StoredActualPeriod]:
        """Stored periods of actual usage, by start then id: of a proposal (or one option, or every option
        when no proposal is given), those overlapping [start, end) when given."""
        P = t.ActualPeriodRow
        where: list[ColumnElement[bool]] = []
        if proposal_id is not None:
            where.append(P.proposal_id == proposal_id)
        if option is not None:
            where.append(P.option_name == option)
        if start is not None:
            where.append(P.period_end > start)
        if end is not None:
            where.append(P.period_start < end)
        with self._read() as connection:
            rows = connection.execute(select(*_period_columns()).where(*where).order_by(P.period_start, P.id)).all()
        return stored(StoredActualPeriod, rows)

    def actuals_version(self) -> tuple[int, int]:
        """(service events, imports) stored: changes with every write of this repository (for caches)."""
        with self._read() as connection:
            events = connection.execute(select(func.count()).select_from(t.ServiceEventRow)).scalar_one()
            imports = connection.execute(select(func.count()).select_from(t.ActualImportRow)).scalar_one()
        return int(events), int(imports)
