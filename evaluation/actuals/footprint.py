"""An option's actual footprint and cost over a date range, from its imported periods of actual usage.

- A period with requests and no measured energy (provider usage exports, the generic CSV without
  energy): EcoLogits on the actual volumes, with the same model repository, zone and datacenter as the
  estimate. EcoLogits' per-request impacts are affine in output tokens (request latency left to its
  model), so requests x intercept + output tokens x slope is exactly EcoLogits called on every request
  with the period's mean output tokens per request.
- A period with measured energy (CodeCarbon, or the generic CSV's `energy_kwh`): that energy (IT
  equipment) times the option's PUE, with the electricity mix of the estimate's zone (carbon, resources,
  primary energy, water as EcoLogits counts it) plus the embodied share of the hardware for the hours
  measured (Green Algorithms' allocation, evaluation/footprint/compute.py). Measured: min = max.
- A period partly inside the range counts for the share of its duration inside it.

Pure: the caller gives the option, the settings and the zone of the estimate frozen with the decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import numpy as np
from pydantic import BaseModel, ConfigDict

from evaluation.actuals.models import ecologits_model
from evaluation.domain.actuals import ActualPeriod
from evaluation.domain.option import Option, OptionKind
from evaluation.domain.settings import Settings
from evaluation.footprint import compute
from evaluation.footprint import ecologits_calls as bridge
from evaluation.footprint.methods.ecologits_self_hosted import per_request as self_hosted_per_request
from evaluation.footprint.ranges import Range
from evaluation.footprint.reference import method
from evaluation.table.columns import FOOTPRINT_CRITERIA

_RESULT = ConfigDict(extra="forbid", frozen=True)
# EcoLogits' per-request fields (bridge.FIELDS) summed into each criterion (usage + embodied).
_SUMMED = {criterion: [i for i, name in enumerate(bridge.FIELDS) if name.endswith("." + criterion)]
           for criterion in FOOTPRINT_CRITERIA}

ECOLOGITS_API = "ecologits"
ECOLOGITS_SELF_HOSTED = "ecologits-self-hosted"
MEASURED = "measured-energy"


class ActualFootprint(BaseModel):
    """An option's actual footprint and cost over [start, end).

    Each criterion is a min-max range (usage + embodied; water and energy are usage only, as in the
    estimate), None when nothing in the range could be computed. `left_out` names what the figures do
    not count (codes: `unmapped-model`: requests of billed models EcoLogits does not know, their names in
    `unmapped_models`; `cost-missing`: periods without a cost; `no-usage`: periods with neither requests
    nor energy; `zone-not-registered`), besides the phases the estimate leaves out too (`input-tokens`,
    `pretraining`...).
    """

    model_config = _RESULT

    start: dt.date
    end: dt.date
    periods: int                      # periods counted, wholly or partly
    requests: float                   # requests counted (shares of periods partly inside are fractional)
    input_tokens: float
    output_tokens: float
    cost_eur: float | None            # None when no period in the range gives a cost
    energy_kwh: Range | None
    gwp_kgco2eq: Range | None
    wcf_l: Range | None
    adpe_kgsbeq: Range | None
    pe_mj: Range | None
    methods: list[str]                # ecologits, ecologits-self-hosted, measured-energy
    zone: str | None
    ecologits_version: str
    unmapped_models: list[str]
    requests_left_out: float          # requests of unmapped models, or of periods that could not be computed
    left_out: list[str]

    def criterion(self, name: str) -> Range | None:
        """The range of one footprint criterion by its name (FOOTPRINT_CRITERIA)."""
        value: Range | None = getattr(self, name)
        return value


def default_zone(option: Option) -> str:
    """The zone the estimate uses when the option states none: the provider's datacenter country as
    EcoLogits takes it, else the fallback zone of data/footprint_method.yaml."""
    if option.zone:
        return option.zone
    return bridge.provider_default_zone(option.provider) or method().fallback_zone


def _pue(option: Option, settings: Settings) -> float:
    if option.compute is not None and option.compute.pue is not None:
        return option.compute.pue
    return option.pue if option.pue is not None else settings.default_pue


def _inference(option: Option, model: str, zone: str, settings: Settings) -> bridge.PerRequest:
    """EcoLogits' per-request impacts of the option's kind for one EcoLogits model."""
    if option.kind is OptionKind.GENAI_SELF_HOSTED:
        total = option.parameters.total_b if option.parameters else None
        active = option.parameters.active_b if option.parameters else None
        result, _codes, _sizes = self_hosted_per_request(
            option.provider, model, np.nan if total is None else total, np.nan if active is None else active,
            zone, option.pue if option.pue is not None else settings.default_pue,
            option.wue if option.wue is not None else settings.default_wue)
        return result
    return bridge.api_per_request(str(option.provider or ""), model, zone)


def _model_of(option: Option, billed: str | None) -> str | None:
    """The EcoLogits model of a period: its billed name mapped; the option's model when it names none.
    A self-hosted option keeps its own model (its sizes are the option's)."""
    if option.kind is OptionKind.GENAI_SELF_HOSTED or not billed:
        return option.model
    provider = option.provider
    return ecologits_model(provider, billed)


def _measured(energy_it_kwh: float, hours: float, option: Option, zone: str, settings: Settings,
              ) -> np.ndarray | None:
    """Impacts (criteria) of measured IT energy over `hours`, in the zone, plus the embodied share."""
    mix = bridge.find_mix(zone)
    if mix is None:
        return None
    pue = _pue(option, settings)
    wue = option.wue if option.wue is not None else settings.default_wue
    energy = energy_it_kwh * pue
    gpu_count = option.compute.gpu_count if option.compute else 0
    cores = option.compute.cpu_cores if option.compute else 0
    embodied = compute.embodied_impacts(hours, gpu_count, cores) if hours > 0 and (gpu_count or cores) else {}
    values = {
        "energy_kwh": energy,
        "gwp_kgco2eq": energy * mix.gwp + float(embodied.get("gwp_kgco2eq", 0.0)),
        "adpe_kgsbeq": energy * mix.adpe + float(embodied.get("adpe_kgsbeq", 0.0)),
        "pe_mj": energy * mix.pe + float(embodied.get("pe_mj", 0.0)),
        "wcf_l": float(compute.usage_water_l(energy, pue, wue, mix.wue)),
    }
    return np.array([values[criterion] for criterion in FOOTPRINT_CRITERIA], dtype=np.float64)


def _measured_hours(period: ActualPeriod, share: float, option: Option) -> float:
    """Hours of hardware use a measured period stands for: its measured duration, else the option's
    compute hours per year over the period's length."""
    if period.duration_s is not None:
        return period.duration_s / 3600 * share
    yearly = option.compute.hours_per_year if option.compute else 0.0
    return yearly * (period.end - period.start).total_seconds() / (365 * 86400) * share


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def actual_footprint(option: Option, periods: Iterable[ActualPeriod], *, start: dt.date, end: dt.date,
                     settings: Settings, zone: str | None = None) -> ActualFootprint:
    """The option's actual footprint and cost over the days [start, end) from its periods of actual usage.

    `zone`: the zone of the estimate frozen with the decision (its record's footprint.method.zone); None
    takes the estimate's rule (the option's zone, else the provider's datacenter, else the fallback).
    `settings`: those frozen with the decision (default PUE and WUE)."""
    zone = zone or default_zone(option)
    since, until = _day_start(start), _day_start(end)
    totals = np.zeros((len(FOOTPRINT_CRITERIA), 2))
    computed = False
    requests = input_tokens = output_tokens = cost = left_out_requests = 0.0
    counted = 0
    costed = uncosted = 0
    methods: set[str] = set()
    unmapped: set[str] = set()
    left_out: set[str] = {"input-tokens", "pretraining"} if option.kind in (
        OptionKind.GENAI_API, OptionKind.GENAI_SELF_HOSTED) else set()
    for period in periods:
        share = period.share_within(since, until)
        if share <= 0:
            continue
        counted += 1
        if period.cost_eur is not None:
            cost += period.cost_eur * share
            costed += 1
        else:
            uncosted += 1
        period_requests = (period.requests or 0) * share
        period_tokens = (period.output_tokens or 0) * share
        requests += period_requests
        output_tokens += period_tokens
        input_tokens += (period.input_tokens or 0) * share
        if period.energy_kwh is not None:
            impacts = _measured(period.energy_kwh * share, _measured_hours(period, share, option), option, zone,
                                settings)
            if impacts is None:
                left_out.add("zone-not-registered")
                continue
            totals += impacts[:, None]
            computed = True
            methods.add(MEASURED)
            continue
        if period_requests <= 0:
            left_out.add("no-usage")
            continue
        model = _model_of(option, period.model)
        result = _inference(option, model, zone, settings) if model else None
        if result is None or not result.estimated:
            unmapped.add(period.model or option.model or "")
            left_out.add("unmapped-model")
            left_out_requests += period_requests
            continue
        per_field = result.intercept * period_requests + result.slope * period_tokens   # (fields, 2)
        for index, criterion in enumerate(FOOTPRINT_CRITERIA):
            totals[index] += per_field[_SUMMED[criterion]].sum(axis=0)
        computed = True
        methods.add(ECOLOGITS_SELF_HOSTED if option.kind is OptionKind.GENAI_SELF_HOSTED else ECOLOGITS_API)
    if uncosted:
        left_out.add("cost-missing")
    ranges = {criterion: Range.of(float(totals[i, 0]), float(totals[i, 1])) if computed else None
              for i, criterion in enumerate(FOOTPRINT_CRITERIA)}
    return ActualFootprint(
        start=start, end=end, periods=counted, requests=requests, input_tokens=input_tokens,
        output_tokens=output_tokens, cost_eur=cost if costed else None, **ranges, methods=sorted(methods),
        zone=zone, ecologits_version=bridge.ecologits_version(), unmapped_models=sorted(unmapped - {""}),
        requests_left_out=left_out_requests, left_out=sorted(left_out))


def unmapped_models(option: Option, billed: Sequence[str | None]) -> list[str]:
    """The billed names among `billed` that EcoLogits does not know for this option's provider."""
    if option.kind is not OptionKind.GENAI_API:
        return []
    return sorted({name for name in billed if name and ecologits_model(option.provider, name) is None})
