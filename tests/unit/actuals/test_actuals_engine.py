"""The engine of the follow-up: billed names to EcoLogits models, in-service periods, months, days
covered, variance against the threshold, Anthropic's requests derived from tokens."""

from __future__ import annotations

import datetime as dt

import pytest
from ecologits.tracers.utils import llm_impacts

from evaluation.actuals.comparison import covered_days, months_between, variance
from evaluation.actuals.footprint import actual_footprint
from evaluation.actuals.models import ecologits_model
from evaluation.domain.actuals import (
    ActualPeriod,
    ActualSource,
    ServiceChange,
    ServicePeriod,
    ServiceStatus,
    service_periods,
)
from evaluation.domain.option import Option
from evaluation.domain.settings import Settings
from evaluation.footprint.ranges import Range

UTC = dt.UTC


@pytest.mark.parametrize(("provider", "billed", "expected"), [
    ("openai", "gpt-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18"),   # a snapshot EcoLogits has
    ("openai", "gpt-4o-mini-2025-02-01", "gpt-4o-mini"),              # one it lacks: the model
    ("anthropic", "claude-sonnet-4-5-20990101", "claude-sonnet-4-5"),
    ("mistralai", "mistral-small-2999", "mistral-small-latest"),   # a later snapshot: the alias
    ("openai", "ft:gpt-4o-mini-2024-07-18:org::abc", None),
    ("openai", None, None),
])
def test_billed_names_map_to_ecologits_models(provider: str, billed: str | None, expected: str | None) -> None:
    assert ecologits_model(provider, billed) == expected


def test_service_changes_give_periods_closed_by_a_suspension_or_a_stop() -> None:
    changes = [ServiceChange(status=ServiceStatus.EN_SERVICE, on=dt.date(2026, 1, 10)),
               ServiceChange(status=ServiceStatus.SUSPENDU, on=dt.date(2026, 2, 1), reason="x"),
               ServiceChange(status=ServiceStatus.EN_SERVICE, on=dt.date(2026, 3, 1)),
               ServiceChange(status=ServiceStatus.ARRETE, on=dt.date(2026, 4, 15), reason="fin")]

    periods = service_periods(changes)

    assert periods == [ServicePeriod(start=dt.date(2026, 1, 10), end=dt.date(2026, 2, 1)),
                       ServicePeriod(start=dt.date(2026, 3, 1), end=dt.date(2026, 4, 15))]
    assert sum(p.days_within(dt.date(2026, 1, 1), dt.date(2027, 1, 1)) for p in periods) == 22 + 45


def test_months_are_clipped_to_the_follow_up() -> None:
    assert months_between(dt.date(2026, 1, 20), dt.date(2026, 3, 5)) == [
        (dt.date(2026, 1, 20), dt.date(2026, 2, 1)), (dt.date(2026, 2, 1), dt.date(2026, 3, 1)),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 5))]


def day(start: str, days: int = 1, **figures: object) -> ActualPeriod:
    begin = dt.datetime.fromisoformat(start).replace(tzinfo=UTC)
    return ActualPeriod(source=ActualSource.CSV, key=start, start=begin, end=begin + dt.timedelta(days=days),
                        **figures)


def test_only_days_in_service_and_covered_by_data_are_compared() -> None:
    service = [ServicePeriod(start=dt.date(2026, 1, 3), end=None)]
    periods = [day("2026-01-01", 5, requests=10), day("2026-01-10", requests=3)]

    assert covered_days(service, periods, dt.date(2026, 1, 1), dt.date(2026, 2, 1)) == 3 + 1


def test_an_actual_is_over_when_its_maximum_exceeds_the_estimates_by_more_than_the_threshold() -> None:
    estimate = Range.of(10.0, 20.0)

    assert not variance(estimate, Range.of(20.0, 24.0), 0.2).over
    assert variance(estimate, Range.of(20.0, 24.1), 0.2).over
    assert variance(estimate, Range.of(5.0, 10.0), 0.2).ratio == Range.of(0.5, 0.5)
    assert variance(None, Range.of(5.0, 10.0), 0.2).ratio is None


def test_a_period_partly_inside_the_range_counts_for_its_share(settings: Settings) -> None:
    option = Option(name="API", kind="genai_api", provider="openai", model="gpt-4o-mini", zone="FRA")
    month = day("2026-01-01", 31, model="gpt-4o-mini", requests=3100, output_tokens=1_240_000, cost_eur=31.0)

    first_ten = actual_footprint(option, [month], start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 11),
                                 settings=settings)
    whole = actual_footprint(option, [month], start=dt.date(2025, 12, 1), end=dt.date(2026, 3, 1), settings=settings)

    assert first_ten.requests == pytest.approx(1000) and first_ten.cost_eur == pytest.approx(10.0)
    assert whole.gwp_kgco2eq is not None and first_ten.gwp_kgco2eq is not None
    assert first_ten.gwp_kgco2eq.max == pytest.approx(whole.gwp_kgco2eq.max * 10 / 31, rel=1e-12)


def test_requests_missing_from_a_report_are_derived_from_the_estimates_tokens_per_request(
        settings: Settings) -> None:
    option = Option(name="Claude", kind="genai_api", provider="anthropic", model="claude-sonnet-4-5", zone="FRA",
                    usage={"output_tokens_per_request": 500})
    period = ActualPeriod(source=ActualSource.ANTHROPIC, key="k", start=dt.datetime(2026, 2, 2, tzinfo=UTC),
                          end=dt.datetime(2026, 2, 3, tzinfo=UTC), model="claude-sonnet-4-5-20250929",
                          output_tokens=100_000)

    footprint = actual_footprint(option, [period], start=dt.date(2026, 2, 1), end=dt.date(2026, 3, 1),
                                 settings=settings)

    impacts = llm_impacts("anthropic", "claude-sonnet-4-5-20250929", 500, float("inf"), "FRA")
    assert footprint.requests == 200
    assert "requests-estimated" in footprint.left_out
    assert footprint.energy_kwh is not None
    usage = impacts.usage
    assert usage is not None
    value = usage.energy.value
    high = value if isinstance(value, int | float) else value.max
    assert footprint.energy_kwh.max == pytest.approx(high * 200, rel=1e-9)
