"""Frugal alternatives: a smaller model (same provider or open-weight) or a better-placed zone.

Savings are annual. A smaller model changes only the inference part of the footprint; a zone changes
only the usage part of GWP (annual energy x the new mix's kgCO2eq/kWh). Both use EcoLogits: the
per-request energy and embodied GWP of each candidate model (zone-independent, evaluated once per
candidate and cached), combined with the zone's mix, exactly as EcoLogits combines them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import BaseModel, ConfigDict

from evaluation.domain.option import AI_KINDS, Option
from evaluation.domain.settings import Settings
from evaluation.domain.zones import eu_eea_zones
from evaluation.footprint import ecologits_calls as bridge
from evaluation.footprint.capability import CapabilityGap, capability_gap
from evaluation.footprint.catalogue import display_name
from evaluation.footprint.estimate import Estimate, estimate
from evaluation.footprint.options import GENAI_API, SELF_HOSTED, numbers
from evaluation.footprint.ranges import Range
from evaluation.footprint.reference import method
from evaluation.table.columns import FOOTPRINT_CRITERIA, OPTION_PUE

FloatArray = npt.NDArray[np.float64]

_ENERGY = FOOTPRINT_CRITERIA.index("energy_kwh")
_GWP = FOOTPRINT_CRITERIA.index("gwp_kgco2eq")
_F_ENERGY = bridge.FIELDS.index("usage.energy_kwh")
_F_EMBODIED_GWP = bridge.FIELDS.index("embodied.gwp_kgco2eq")
_REFERENCE_ZONE = "WOR"   # any zone: energy and embodied impacts do not depend on it


class Alternative(BaseModel):
    """A frugal alternative to an option and what it would save per year (min-max ranges pair the
    option's and the alternative's low and high estimates)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["model", "zone"]
    provider: str | None
    model: str | None
    model_name: str | None
    zone: str
    active_parameters_b: Range | None
    annual_energy_kwh: Range
    annual_gwp_kgco2eq: Range
    energy_saving_kwh: Range
    gwp_saving_kgco2eq: Range
    gwp_saving_share: float
    warnings: tuple[str, ...]
    capability: CapabilityGap | None = None   # what a smaller model gives up (None for a zone)


@dataclass(frozen=True)
class _Candidates:
    """Candidate models with per-request energy (kWh, at PUE 1 for self-hosting) and embodied GWP
    (kgCO2eq), affine in output tokens: arrays (K, 2 bounds). Models with the same architecture and
    deployment share one entry: `names[k]` lists them, each with its warnings."""

    providers: tuple[str, ...]
    names: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...]
    active: FloatArray            # (K, 2) billions
    total: FloatArray             # (K, 2)
    energy_intercept: FloatArray
    energy_slope: FloatArray
    gwp_intercept: FloatArray
    gwp_slope: FloatArray

    def take(self, index: npt.NDArray[np.intp], names: list[tuple[str, tuple[str, ...]]]) -> _Candidates:
        """The entries at `index`, each named by one model."""
        return _Candidates(
            providers=tuple(self.providers[i] for i in index), names=tuple((name,) for name in names),
            active=self.active[index], total=self.total[index],
            energy_intercept=self.energy_intercept[index], energy_slope=self.energy_slope[index],
            gwp_intercept=self.gwp_intercept[index], gwp_slope=self.gwp_slope[index])

    def name(self, k: int) -> str:
        return self.names[k][0][0]

    def warnings(self, k: int) -> tuple[str, ...]:
        return self.names[k][0][1]


@cache
def _candidates(kind: str, provider: str | None) -> _Candidates:
    """Every candidate model for an option of this kind and provider, evaluated once per distinct
    architecture and deployment."""
    open_weight = method().open_weight_provider
    wanted = {open_weight} if kind == SELF_HOSTED else {open_weight, provider or open_weight}
    entries: dict[tuple[Any, ...], list[Any]] = {}
    for model in bridge.list_models():
        source = model.provider.value
        if source not in wanted:
            continue
        active, total = bridge.model_parameters(model)
        deployment = (None, None) if kind == SELF_HOSTED or model.deployment is None else (
            model.deployment.tps, model.deployment.ttft)
        signature = (source if kind == GENAI_API else open_weight, active, total, deployment)
        named = (model.name, tuple(w.code for w in model.warnings))
        if signature in entries:
            entries[signature][1].append(named)
            continue
        if kind == SELF_HOSTED:
            result = bridge.self_hosted_per_request(active, total, _REFERENCE_ZONE, 1.0, 0.0)
        else:
            result = bridge.api_per_request(source, model.name, _REFERENCE_ZONE)
        if result.estimated:
            entries[signature] = [result, [named]]
    signatures = list(entries)
    results: list[bridge.PerRequest] = [entries[s][0] for s in signatures]

    def stack(values: list[Any]) -> FloatArray:
        return np.array(values, dtype=np.float64).reshape(-1, 2)

    return _Candidates(
        providers=tuple(str(s[0]) for s in signatures),
        names=tuple(tuple(entries[s][1]) for s in signatures),
        active=stack([s[1] for s in signatures]), total=stack([s[2] for s in signatures]),
        energy_intercept=stack([r.intercept[_F_ENERGY] for r in results]),
        energy_slope=stack([r.slope[_F_ENERGY] for r in results]),
        gwp_intercept=stack([r.intercept[_F_EMBODIED_GWP] for r in results]),
        gwp_slope=stack([r.slope[_F_EMBODIED_GWP] for r in results]),
    )


@cache
def _smaller_candidates(kind: str, provider: str | None, model: str | None,
                        active_b: tuple[float, float]) -> _Candidates:
    """Candidates with fewer active parameters (mean of the range) than the option's model, each named
    by its first model fit to stand in for the option's (see _fit)."""
    candidates = _candidates(kind, provider)
    index: list[int] = []
    names: list[tuple[str, tuple[str, ...]]] = []
    if not np.isnan(active_b).any():
        smaller = candidates.active.mean(axis=1) < float(np.mean(active_b))
        for k in np.flatnonzero(smaller):
            fit = [named for named in candidates.names[k]
                   if not (candidates.providers[k] == provider and named[0] == model)
                   and _fit(candidates.providers[k], named[0], model)]
            if fit:
                index.append(int(k))
                names.append(fit[0])
    return candidates.take(np.array(index, dtype=np.intp), names)


def _fit(candidate_provider: str, candidate: str, current: str | None) -> bool:
    """Whether a candidate model can stand in for the current one (see data/footprint_method.yaml)."""
    rules = method().alternative_models
    name, own = candidate.lower(), (current or "").lower()
    if any(word in name and word not in own for word in rules.exclude_words):
        return False
    if candidate_provider == method().open_weight_provider:
        return any(word in name for word in rules.open_weight_require_words)
    return True


def _per_request(candidates: _Candidates, tokens: FloatArray, mix_gwp: float, pue: float
                 ) -> tuple[FloatArray, FloatArray]:
    """Per-request energy (kWh) and GWP (kgCO2eq) of every candidate for every token count:
    arrays (rows, K, 2 bounds)."""
    t = tokens[:, None, None]
    energy = (candidates.energy_intercept[None] + candidates.energy_slope[None] * t) * pue
    gwp = energy * mix_gwp + candidates.gwp_intercept[None] + candidates.gwp_slope[None] * t
    return energy, gwp


def _mean_gwp_affine(candidates: _Candidates, mix_gwp: float, pue: float) -> tuple[FloatArray, FloatArray]:
    """Intercept and slope (K,) of every candidate's mean per-request GWP (kgCO2eq) in output tokens."""
    intercept = candidates.energy_intercept.mean(axis=1) * pue * mix_gwp + candidates.gwp_intercept.mean(axis=1)
    slope = candidates.energy_slope.mean(axis=1) * pue * mix_gwp + candidates.gwp_slope.mean(axis=1)
    return intercept, slope


@cache
def _alternative_zones() -> tuple[tuple[str, float], ...]:
    """EU/EEA zones with full mix data, by increasing kgCO2eq/kWh."""
    zones = eu_eea_zones()
    found = [(mix.zone, mix.gwp) for mix in bridge.list_mixes() if mix.zone in zones and not mix.warnings]
    return tuple(sorted(found, key=lambda item: (item[1], item[0])))


def _pue(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    option_pue = numbers(frame, OPTION_PUE)
    values: FloatArray = np.where(np.isnan(option_pue), settings.default_pue, option_pue)
    return values


def best_alternative_gwp_saving(frame: pd.DataFrame, result: Estimate, settings: Settings) -> FloatArray:
    """Share (0-1) of an AI option's annual GWP the best frugal alternative would save (NaN for non-AI
    options, options not estimated or without any GWP). Computed per distinct model and zone."""
    n = len(frame)
    kind = result.kind
    annual = result.annual
    annual_gwp = annual[:, _GWP, :].mean(axis=1)
    annual_energy = annual[:, _ENERGY, :].mean(axis=1)
    usage_gwp = result.usage[:, _GWP, :].mean(axis=1)
    zones = _alternative_zones()
    best_zone_gwp = zones[0][1] if zones else np.nan
    saving = np.clip(usage_gwp - annual_energy * best_zone_gwp, 0.0, None)

    genai = result.estimated & (result.inference_group >= 0) & (result.requests > 0)
    rows = np.flatnonzero(genai)
    if len(rows):
        groups = result.inference_group[rows]
        current = result.inference_per_request[rows, _GWP, :].mean(axis=1)
        order = np.argsort(groups, kind="stable")
        starts = np.flatnonzero(np.r_[True, groups[order][1:] != groups[order][:-1]])
        for begin, stop in zip(starts, [*starts[1:], len(order)], strict=True):
            members = order[begin:stop]
            group_kind, provider, model, zone, pue = result.inference_keys[int(groups[members[0]])]
            mix = bridge.find_mix(zone)
            active = result.active_b[rows[members[0]]]
            if mix is None or np.isnan(active).any():
                continue
            candidates = _smaller_candidates(group_kind, provider, model, (float(active[0]), float(active[1])))
            if not candidates.names:
                continue
            intercept, slope = _mean_gwp_affine(candidates, mix.gwp, pue)
            best = (intercept[None, :] + slope[None, :] * result.tokens[rows[members], None]).min(axis=1)
            model_saving = np.clip((current[members] - best) * result.requests[rows[members]], 0.0, None)
            saving[rows[members]] = np.maximum(saving[rows[members]], model_saving)

    eligible = result.estimated & np.isin(kind, list(AI_KINDS)) & (annual_gwp > 0)
    share = np.full(n, np.nan)
    share[eligible] = np.minimum(saving[eligible] / annual_gwp[eligible], 1.0)
    return share


def _range(values: FloatArray) -> Range:
    return Range.of(float(values[0]), float(values[1]))


def frugal_alternatives(option_or_row: Option | Mapping[str, Any], settings: Settings, *,
                        max_models: int | None = None, max_zones: int | None = None) -> list[Alternative]:
    """Smaller models and better-placed zones for one option, the largest GWP saving first, each
    with its annual energy and GWP and what it saves. Empty for non-AI or non-estimable options."""
    from evaluation.footprint.single_option import one_row_frame

    listed = method().alternatives_listed
    max_models = listed.model if max_models is None else max_models
    max_zones = listed.zone if max_zones is None else max_zones
    frame = one_row_frame(option_or_row, settings)
    result = estimate(frame, settings)
    kind = str(result.kind[0])
    if not result.estimated[0] or kind not in AI_KINDS:
        return []
    annual = result.annual[0]
    annual_energy, annual_gwp = annual[_ENERGY], annual[_GWP]
    if annual_gwp.mean() <= 0:
        return []
    zone = str(result.zone[0])
    alternatives: list[Alternative] = []

    if kind in (GENAI_API, SELF_HOSTED) and result.requests[0] > 0:
        provider, model = result.provider[0], result.model[0]
        active = result.active_b[0]
        candidates = _smaller_candidates(kind, provider, model, (float(active[0]), float(active[1])))
        pue = float(_pue(frame, settings)[0]) if kind == SELF_HOSTED else 1.0
        mix = bridge.find_mix(zone)
        own = (provider, model, Range.optional(float(active[0]), float(active[1])))
        if candidates.names and mix is not None:
            energy, gwp = _per_request(candidates, result.tokens[:1], mix.gwp, pue)
            requests = result.requests[0]
            current = result.inference_per_request[0]
            found: list[Alternative] = []
            for k in range(len(candidates.names)):
                name = candidates.name(k)
                alt_energy = annual_energy - (current[_ENERGY] - energy[0, k]) * requests
                alt_gwp = annual_gwp - (current[_GWP] - gwp[0, k]) * requests
                gwp_saving = annual_gwp - alt_gwp
                if gwp_saving.mean() <= 0:
                    continue
                found.append(Alternative(
                    kind="model", provider=candidates.providers[k], model=name,
                    model_name=display_name(candidates.providers[k], name), zone=zone,
                    active_parameters_b=_range(candidates.active[k]),
                    annual_energy_kwh=_range(alt_energy), annual_gwp_kgco2eq=_range(alt_gwp),
                    energy_saving_kwh=_range(annual_energy - alt_energy), gwp_saving_kgco2eq=_range(gwp_saving),
                    gwp_saving_share=min(float(gwp_saving.mean() / annual_gwp.mean()), 1.0),
                    warnings=candidates.warnings(k),
                    capability=capability_gap(own, (candidates.providers[k], name, _range(candidates.active[k])))))
            found.sort(key=lambda a: (-a.gwp_saving_share, a.model_name or ""))
            seen: set[tuple[Any, ...]] = set()
            for alternative in found:
                size = (alternative.provider, alternative.active_parameters_b)
                if size not in seen and len(seen) < max_models:
                    seen.add(size)
                    alternatives.append(alternative)

    mix = bridge.find_mix(zone)
    usage_energy, usage_gwp = result.usage[0, _ENERGY], result.usage[0, _GWP]
    zone_count = 0
    for candidate, candidate_gwp in _alternative_zones():
        if mix is None or candidate_gwp >= mix.gwp or candidate == zone or zone_count >= max_zones:
            continue
        alt_gwp = annual_gwp - usage_gwp + usage_energy * candidate_gwp
        gwp_saving = annual_gwp - alt_gwp
        if gwp_saving.mean() <= 0:
            continue
        zone_count += 1
        alternatives.append(Alternative(
            kind="zone", provider=None, model=None, model_name=None, zone=candidate, active_parameters_b=None,
            annual_energy_kwh=_range(annual_energy), annual_gwp_kgco2eq=_range(alt_gwp),
            energy_saving_kwh=Range(min=0.0, max=0.0), gwp_saving_kgco2eq=_range(gwp_saving),
            gwp_saving_share=min(float(gwp_saving.mean() / annual_gwp.mean()), 1.0), warnings=()))
    return sorted(alternatives, key=lambda a: -a.gwp_saving_share)
