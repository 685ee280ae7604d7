"""Estimated against actual, per option and month, from the estimate frozen with the decision.

The estimate of a stretch of time is the frozen annual figure times the days of that stretch the
option was in service AND covered by imported data, over 365: the estimate is compared on the same
days as the actual, never on days nothing was imported for. Figures: requests, output tokens, energy,
carbon, water (ranges as estimated) and running cost, the part of the annual costs a provider bills
(API, hosting, licences: `costs.annual`), the only costs an import brings. The ratio is actual over
estimate, bound by bound (min over min, max over max); a figure is over the estimate when the actual's
maximum exceeds the estimate's maximum by more than the settings' `overrun_threshold`.

The ex-post NPV is the frozen cash flows with, for each service year already (partly) covered by
imported costs, the estimated running cost of the covered days replaced by the actual cost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from evaluation.actuals.footprint import ActualFootprint, actual_footprint
from evaluation.domain.actuals import ActualPeriod, ServicePeriod
from evaluation.domain.option import Option
from evaluation.domain.settings import Settings
from evaluation.footprint.ranges import Range

_RESULT = ConfigDict(extra="forbid", frozen=True)
FIGURES: tuple[str, ...] = ("requests", "output_tokens", "energy_kwh", "gwp_kgco2eq", "wcf_l", "cost_eur")
RANGED: tuple[str, ...] = ("energy_kwh", "gwp_kgco2eq", "wcf_l")
DAYS_PER_YEAR = 365.0


class Variance(BaseModel):
    """Actual over estimate, bound by bound, and whether the actual is over the estimate's maximum by
    more than the threshold."""

    model_config = _RESULT

    ratio: Range | None
    over: bool


class Stretch(BaseModel):
    """One stretch of time (a month, or the whole follow-up): estimate, actual and variance per figure."""

    model_config = _RESULT

    start: dt.date
    end: dt.date
    days: int                                  # days in service and covered by imported data
    estimated: dict[str, Range | None]
    actual: dict[str, Range | None]
    variance: dict[str, Variance]
    footprint: ActualFootprint

    @property
    def over(self) -> list[str]:
        return [name for name, variance in self.variance.items() if variance.over]


class NetPresentValue(BaseModel):
    model_config = _RESULT

    estimated: float | None
    ex_post: float | None
    years_with_actual_costs: int


class Comparison(BaseModel):
    """An option's follow-up: its months, the whole, and the ex-post NPV."""

    model_config = _RESULT

    option: str
    months: list[Stretch]
    total: Stretch | None
    npv: NetPresentValue
    threshold: float

    @property
    def over(self) -> list[str]:
        """Figures over the estimate on the whole follow-up or in its latest month."""
        found = set(self.total.over) if self.total else set()
        if self.months:
            found |= set(self.months[-1].over)
        return [name for name in FIGURES if name in found]


def _day(moment: dt.datetime) -> dt.date:
    """The day a period bound falls on (a bound at midnight stays on that day)."""
    return moment.date()


def _next_day(moment: dt.datetime) -> dt.date:
    """The first whole day after a bound (the bound's day when it is midnight)."""
    day = moment.date()
    return day if moment.time() == dt.time() else day + dt.timedelta(days=1)


def covered_days(service: Sequence[ServicePeriod], periods: Sequence[ActualPeriod], start: dt.date,
                 end: dt.date) -> int:
    """Days of [start, end) in service and touched by at least one imported period."""
    touched: set[dt.date] = set()
    for period in periods:
        day, last = max(_day(period.start), start), min(_next_day(period.end), end)
        while day < last:
            touched.add(day)
            day += dt.timedelta(days=1)
    return sum(1 for day in touched if any(p.start <= day < (p.end or dt.date.max) for p in service))


def running_cost_per_year(option: Option) -> float:
    """The annual costs a provider bills (EUR/year): API, hosting, licences."""
    annual = option.costs.annual
    return annual.api + annual.hosting + annual.licences


def _estimated(option: Option, record: Mapping[str, Any], days: int) -> dict[str, Range | None]:
    annual = ((record.get("footprint") or {}).get("annual")) or {}
    share = days / DAYS_PER_YEAR
    requests = annual.get("requests")
    result: dict[str, Range | None] = {
        "requests": None if requests is None else Range.of(requests * share, requests * share),
        "output_tokens": None if requests is None else Range.of(
            requests * option.usage.output_tokens_per_request * share,
            requests * option.usage.output_tokens_per_request * share),
        "cost_eur": Range.of(running_cost_per_year(option) * share, running_cost_per_year(option) * share),
    }
    for name in RANGED:
        value = annual.get(name) or {}
        result[name] = Range.optional(value.get("min"), value.get("max"))
        if result[name] is not None:
            result[name] = result[name].scaled(share)  # type: ignore[union-attr]
    return result


def _actual(footprint: ActualFootprint) -> dict[str, Range | None]:
    return {
        "requests": Range.of(footprint.requests, footprint.requests) if footprint.periods else None,
        "output_tokens": Range.of(footprint.output_tokens, footprint.output_tokens) if footprint.periods else None,
        "cost_eur": None if footprint.cost_eur is None else Range.of(footprint.cost_eur, footprint.cost_eur),
        **{name: footprint.criterion(name) for name in RANGED},
    }


def variance(estimated: Range | None, actual: Range | None, threshold: float) -> Variance:
    """Actual over estimate bound by bound; over when actual max > estimated max x (1 + threshold)."""
    if estimated is None or actual is None:
        return Variance(ratio=None, over=False)
    ratio = (Range.of(actual.min / estimated.min, actual.max / estimated.max)
             if estimated.min > 0 and estimated.max > 0 else None)
    return Variance(ratio=ratio, over=actual.max > estimated.max * (1 + threshold) if estimated.max > 0
                    else actual.max > 0)


def _stretch(option: Option, record: Mapping[str, Any], settings: Settings, service: Sequence[ServicePeriod],
             periods: Sequence[ActualPeriod], start: dt.date, end: dt.date, zone: str | None,
             threshold: float) -> Stretch:
    days = covered_days(service, periods, start, end)
    footprint = actual_footprint(option, periods, start=start, end=end, settings=settings, zone=zone)
    estimated = _estimated(option, record, days)
    actual = _actual(footprint)
    return Stretch(start=start, end=end, days=days, estimated=estimated, actual=actual, footprint=footprint,
                   variance={name: variance(estimated[name], actual[name], threshold)
                             for name in FIGURES})


def months_between(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Calendar months overlapping [start, end), clipped to it."""
    months: list[tuple[dt.date, dt.date]] = []
    first = start.replace(day=1)
    while first < end:
        following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        months.append((max(first, start), min(following, end)))
        first = following
    return months


def ex_post_npv(option: Option, record: Mapping[str, Any], settings: Settings, horizon: int,
                service: Sequence[ServicePeriod], periods: Sequence[ActualPeriod]) -> NetPresentValue:
    """The frozen NPV, and the NPV with the actual costs of the service years imported so far."""
    finance = record.get("finance") or {}
    estimated = finance.get("npv")
    one_off, annual_cost, annual_benefit = (finance.get(name) for name in ("one_off", "annual_cost", "annual_benefit"))
    if not service or one_off is None or annual_cost is None or annual_benefit is None:
        return NetPresentValue(estimated=estimated, ex_post=None, years_with_actual_costs=0)
    first = service[0].start
    running = running_cost_per_year(option)
    value = -float(one_off)
    years_with_costs = 0
    for year in range(1, horizon + 1):
        since = _add_years(first, year - 1)
        until = _add_years(first, year)
        cost = float(annual_cost)
        costed = [p for p in periods if p.cost_eur is not None]
        share_days = covered_days([ServicePeriod(start=since, end=until)], costed, since, until)
        if share_days:
            actual = sum((p.cost_eur or 0.0) * p.share_within(_midnight(since), _midnight(until)) for p in costed)
            cost += actual - running * share_days / (until - since).days
            years_with_costs += 1
        value += (float(annual_benefit) - cost) / (1 + settings.discount_rate) ** year
    return NetPresentValue(estimated=estimated, ex_post=value, years_with_actual_costs=years_with_costs)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def compare(option: Option, record: Mapping[str, Any], settings: Settings, *, horizon: int,
            service: Sequence[ServicePeriod], periods: Sequence[ActualPeriod], zone: str | None = None,
            threshold: float | None = None) -> Comparison:
    """The option's months from its first day in service to the end of its imported data, and the whole.

    `settings`: those frozen with the decision (PUE, WUE, discount rate); `threshold`: the over-estimate
    threshold in force (the collectivité's current settings), else the frozen settings' one."""
    threshold = settings.overrun_threshold if threshold is None else threshold
    if not service or not periods:
        return Comparison(option=option.name, months=[], total=None, threshold=threshold,
                          npv=ex_post_npv(option, record, settings, horizon, service, periods))
    start = service[0].start
    end = max(_next_day(period.end) for period in periods)
    months = [_stretch(option, record, settings, service, periods, low, high, zone, threshold)
              for low, high in months_between(start, end)] if end > start else []
    total = _stretch(option, record, settings, service, periods, start, end, zone, threshold) if end > start else None
    return Comparison(option=option.name, months=months, total=total, threshold=threshold,
                      npv=ex_post_npv(option, record, settings, horizon, service, periods))
