"""The demo holds one approved option in service with four months of imported usage (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest

from evaluation.cli import main
from evaluation.cli.demo_follow_up import demo_usage_csv
from evaluation.domain.actuals import ActualSource, ServiceStatus
from evaluation.exchange.actuals import read_actuals
from evaluation.services.actuals import Tracking
from evaluation.storage import open_repository


def test_the_demo_usage_csv_is_the_generic_csv_of_the_last_four_whole_months() -> None:
    content = demo_usage_csv(120_000, 400, 1500, 600.0, "mistral-small-latest", dt.date(2026, 12, 3))

    periods = read_actuals("usage.csv", content).periods

    assert [p.start.date() for p in periods] == [dt.date(2026, m, 1) for m in (8, 9, 10, 11)]
    assert periods[-1].end.date() == dt.date(2026, 12, 1)
    assert all(p.source is ActualSource.CSV and p.cost_eur for p in periods)
    assert periods[0].requests == round(120_000 * 31 / 365 * 0.55)


def test_the_demo_has_one_option_in_service_with_imported_usage(database_url: str,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--base", database_url]) == 0
    assert "Suivi : le dossier" in capsys.readouterr().out
    repo = open_repository(database_url)
    try:
        tracking = Tracking(repo)
        (followed,) = tracking.in_service()
        assert followed.status is ServiceStatus.EN_SERVICE
        comparison = tracking.comparison(followed.proposal_id, followed.option)
        assert len(comparison.months) == 4 and comparison.total is not None
        assert comparison.total.footprint.gwp_kgco2eq is not None
        actions = [e.action for e in repo.audit_events(proposal_id=followed.proposal_id)]
        assert "service" in actions and "actuals_import" in actions
    finally:
        repo.close()
