"""Service status events and periods of actual usage: transitions, re-import counted once, audit, on
SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from evaluation.domain.actuals import ActualPeriod, ActualSource, ServicePeriod, ServiceStatus
from evaluation.domain.settings import Settings
from evaluation.storage import NotFound, Repository
from evaluation.storage.repositories.actuals import InvalidServiceChange
from tests.support.actuals import API_OPTION, approve, openai_proposal

UTC = dt.UTC


def day_period(day: int, requests: int, *, cost: float | None = 1.5) -> ActualPeriod:
    start = dt.datetime(2026, 3, day, tzinfo=UTC)
    return ActualPeriod(source=ActualSource.CSV, key=f"{start.date()}|gpt-4o-mini", start=start,
                        end=start + dt.timedelta(days=1), model="gpt-4o-mini", requests=requests,
                        input_tokens=requests * 900, output_tokens=requests * 350, cost_eur=cost)


@pytest.fixture
def approved(repository: Repository, settings: Settings) -> str:
    proposal = openai_proposal()
    approve(repository, proposal, API_OPTION, settings)
    return proposal.id


def test_service_events_give_the_in_service_periods_and_are_audited(repository: Repository, approved: str) -> None:
    repository.record_service_change(approved, API_OPTION, status=ServiceStatus.EN_SERVICE, on=dt.date(2026, 2, 1),
                                 actor="dsi.martin")
    repository.record_service_change(approved, API_OPTION, status=ServiceStatus.SUSPENDU, on=dt.date(2026, 5, 1),
                                 reason="Incident de sécurité chez le fournisseur", actor="dsi.martin")
    repository.record_service_change(approved, API_OPTION, status=ServiceStatus.EN_SERVICE, on=dt.date(2026, 6, 15),
                                 actor="admin")

    assert repository.service_periods(approved, API_OPTION) == [
        ServicePeriod(start=dt.date(2026, 2, 1), end=dt.date(2026, 5, 1)),
        ServicePeriod(start=dt.date(2026, 6, 15), end=None)]
    events = [e for e in repository.audit_events(proposal_id=approved) if e.action == "service"]
    assert [(e.actor, e.after["status"], e.after["on"]) for e in events] == [
        ("dsi.martin", "en_service", "2026-02-01"), ("dsi.martin", "suspendu", "2026-05-01"),
        ("admin", "en_service", "2026-06-15")]
    assert events[1].after["reason"] == "Incident de sécurité chez le fournisseur"


def test_a_status_change_out_of_order_is_refused_and_writes_nothing(repository: Repository, approved: str) -> None:
    with pytest.raises(InvalidServiceChange, match="Suspendu"):
        repository.record_service_change(approved, API_OPTION, status=ServiceStatus.SUSPENDU, on=dt.date(2026, 2, 1),
                                     reason="x", actor="dsi")
    repository.record_service_change(approved, API_OPTION, status=ServiceStatus.EN_SERVICE, on=dt.date(2026, 2, 1),
                                 actor="dsi")
    with pytest.raises(InvalidServiceChange, match="Motif obligatoire"):
        repository.record_service_change(approved, API_OPTION, status=ServiceStatus.ARRETE, on=dt.date(2026, 3, 1),
                                     reason="  ", actor="dsi")
    with pytest.raises(InvalidServiceChange, match="précède"):
        repository.record_service_change(approved, API_OPTION, status=ServiceStatus.ARRETE, on=dt.date(2026, 1, 1),
                                     reason="Fin du marché", actor="dsi")
    with pytest.raises(NotFound):
        repository.record_service_change(approved, "Option inconnue", status=ServiceStatus.EN_SERVICE,
                                     on=dt.date(2026, 2, 1), actor="dsi")
    assert len(repository.service_changes(approved)) == 1


def test_importing_the_same_periods_twice_counts_them_once(repository: Repository, approved: str) -> None:
    periods = [day_period(day, 100 + day) for day in range(1, 11)]

    first = repository.import_actual_periods(approved, API_OPTION, periods, source=ActualSource.CSV,
                                             file_name="mars.csv", content_sha256="a" * 64, actor="dsi")
    again = repository.import_actual_periods(approved, API_OPTION, periods, source=ActualSource.CSV,
                                             file_name="mars.csv", content_sha256="a" * 64, actor="dsi")
    corrected = repository.import_actual_periods(
        approved, API_OPTION, [day_period(10, 999), day_period(11, 50)], source=ActualSource.CSV,
        file_name="correction.csv", content_sha256="b" * 64, actor="admin")

    assert (first.added, first.replaced, first.unchanged) == (10, 0, 0)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 10)
    assert (corrected.added, corrected.replaced, corrected.unchanged) == (1, 1, 0)
    stored = repository.actual_periods(approved, API_OPTION)
    assert len(stored) == 11
    assert sum(p.requests or 0 for p in stored) == sum(100 + d for d in range(1, 10)) + 999 + 50
    assert stored[0].period() == periods[0]
    march_5_to_7 = repository.actual_periods(approved, API_OPTION, start=dt.datetime(2026, 3, 5, tzinfo=UTC),
                                             end=dt.datetime(2026, 3, 8, tzinfo=UTC))
    assert [p.start.day for p in march_5_to_7] == [5, 6, 7]
    events = [e for e in repository.audit_events(proposal_id=approved) if e.action == "actuals_import"]
    assert [(e.actor, e.after["file_name"], e.after["added"], e.after["unchanged"]) for e in events] == [
        ("dsi", "mars.csv", 10, 0), ("dsi", "mars.csv", 0, 10), ("admin", "correction.csv", 1, 0)]
    assert [i.file_name for i in repository.actual_imports(approved)] == ["mars.csv", "mars.csv", "correction.csv"]
