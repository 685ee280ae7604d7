"""The footprint of every option of an options table, on whole columns.

Generative options: EcoLogits per request (evaluated once per distinct provider/model/zone, see
bridge.py), times requests per year. Declared compute and training: Green Algorithms' method
(compute.py) with EcoLogits' electricity mixes. Results are arrays option x criterion x (min, max).

Per-request figures are the inference's (EcoLogits) for generative options; for the others, the
declared compute's annual footprint divided by the requests per year. Training is in the annual
figures only. An option that cannot be estimated has NaN figures and its reason in the warnings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from evaluation.domain.settings import Settings
from evaluation.footprint import compute
from evaluation.footprint import ecologits_calls as bridge
from evaluation.footprint.codes import CRITERIA, NO_EMBODIED, UNCOVERED_PHASE_CODES, WARNING_CODES
from evaluation.footprint.reference import any_gpu, find_gpu, method

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
ObjectArray = npt.NDArray[np.object_]

GENAI_API = "genai_api"
SELF_HOSTED = "genai_self_hosted"
COMPUTE_ONLY_AI = ("ml", "vision")

# Index of each criterion along the criteria axis; EcoLogits' fields map onto it.
_C = {criterion: index for index, criterion in enumerate(CRITERIA)}
_USAGE_FIELDS = [bridge.FIELDS.index(f"usage.{criterion}") for criterion in CRITERIA]
_EMBODIED_CRITERIA = [criterion for criterion in CRITERIA if criterion not in NO_EMBODIED]
_EMBODIED_FIELDS = [bridge.FIELDS.index(f"embodied.{criterion}") for criterion in _EMBODIED_CRITERIA]
_EMBODIED_INDEX = [_C[criterion] for criterion in _EMBODIED_CRITERIA]
_NO_EMBODIED_INDEX = [_C[criterion] for criterion in NO_EMBODIED]


@dataclass
class Estimate:
    """Footprint arrays of n options; annual figures are per year, per-request per request."""

    requests: FloatArray                   # (n,) requests per year
    tokens: FloatArray                     # (n,) output tokens per request
    per_request: FloatArray                # (n, criteria, 2) usage + embodied
    inference_per_request: FloatArray      # (n, criteria, 2) EcoLogits' part, NaN for other kinds
    usage: FloatArray                      # (n, criteria, 2) annual, usage phase
    embodied: FloatArray                   # (n, criteria, 2) annual, embodied phase (NaN: none)
    estimated: BoolArray                   # (n,)
    zone: ObjectArray                      # (n,) zone used (str or None)
    method: ObjectArray                    # (n,) method code
    active_b: FloatArray                   # (n, 2) active parameters of a generative model (billions)
    kind: ObjectArray                      # (n,) option kind
    provider: ObjectArray                  # (n,) provider (str or None)
    model: ObjectArray                     # (n,) model (str or None)
    # rows evaluated by EcoLogits share a group per distinct model, zone and datacenter: its id per
    # row (-1 elsewhere) and its (kind, provider, model, zone, pue) key
    inference_group: npt.NDArray[np.intp] = field(default_factory=lambda: np.empty(0, dtype=np.intp))
    inference_keys: list[tuple[str, str | None, str | None, str, float]] = field(default_factory=list)
    warnings: dict[str, BoolArray] = field(default_factory=dict)
    uncovered: dict[str, BoolArray] = field(default_factory=dict)

    @property
    def annual(self) -> FloatArray:
        """Annual usage + embodied (embodied NaN counts as 0 where usage is known)."""
        total: FloatArray = self.usage + np.nan_to_num(self.embodied, nan=0.0)
        return total

    def codes(self, flags: dict[str, BoolArray], order: Sequence[str]) -> ObjectArray:
        """One tuple of codes per option, in `order`, from boolean flags (computed per distinct pattern)."""
        n = len(self.requests)
        bits = np.zeros(n, dtype=np.int64)
        present = [code for code in order if code in flags] + sorted(set(flags) - set(order))
        for position, code in enumerate(present):
            bits |= flags[code].astype(np.int64) << position
        patterns, inverse = np.unique(bits, return_inverse=True)
        tuples = np.empty(len(patterns), dtype=object)
        for index, pattern in enumerate(patterns):
            tuples[index] = tuple(code for position, code in enumerate(present) if pattern >> position & 1)
        result: ObjectArray = tuples[inverse.reshape(-1)] if n else np.empty(0, dtype=object)
        return result


def _numbers(frame: pd.DataFrame, column: str, default: float = np.nan) -> FloatArray:
    if column not in frame:
        return np.full(len(frame), default)
    values: FloatArray = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    if not np.isnan(default):
        values = np.where(np.isnan(values), default, values)
    return values


def _texts(frame: pd.DataFrame, column: str) -> ObjectArray:
    if column not in frame:
        return np.full(len(frame), None, dtype=object)
    codes, uniques = pd.factorize(frame[column])       # missing values get code -1
    table = np.empty(len(uniques) + 1, dtype=object)
    table[0] = None
    table[1:] = list(uniques)
    values: ObjectArray = table[codes + 1]
    return values


def _flags(frame: pd.DataFrame, column: str) -> BoolArray:
    if column not in frame:
        return np.zeros(len(frame), dtype=bool)
    values: BoolArray = frame[column].fillna(False).to_numpy(dtype=bool)
    return values


def _map_unique(values: ObjectArray, function: Callable[[Any], Any]) -> ObjectArray:
    """function applied once per distinct value."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    mapped = np.empty(len(uniques), dtype=object)
    for index, value in enumerate(uniques):
        mapped[index] = function(None if value is None or (not isinstance(value, str) and pd.isna(value)) else value)
    result: ObjectArray = mapped[codes]
    return result


def _groups(columns: Sequence[npt.NDArray[Any]]) -> tuple[npt.NDArray[np.intp], list[tuple[Any, ...]]]:
    """Group ids of rows by the values of several columns (None and NaN are one value), and each
    group's key (None for a missing value). Hash-based, linear in the number of rows."""
    n = len(columns[0])
    if n == 0:
        return np.empty(0, dtype=np.intp), []
    codes, uniques = [], []
    ids = np.zeros(n, dtype=np.int64)
    for column in columns:
        values = column if column.dtype.kind in "fiub" else pd.Series(column, dtype=object)
        column_codes, column_uniques = pd.factorize(values)
        column_codes = column_codes.astype(np.int64) + 1          # 0: missing
        codes.append(column_codes)
        uniques.append([None, *column_uniques])
        ids, _ = pd.factorize(ids * (len(column_uniques) + 1) + column_codes)
        ids = ids.astype(np.int64)
    count = int(ids.max()) + 1
    first = np.empty(count, dtype=np.int64)
    first[ids[::-1]] = np.arange(n - 1, -1, -1)
    keys = [tuple(uniques[c][int(codes[c][row])] for c in range(len(columns))) for row in first.tolist()]
    return ids.astype(np.intp), keys


@dataclass
class _Mix:
    """Electricity-mix factors of each option's zone (NaN where EcoLogits has no such zone)."""

    gwp: FloatArray           # kgCO2eq/kWh
    adpe: FloatArray          # kgSbeq/kWh
    pe: FloatArray            # MJ/kWh
    wue: FloatArray           # L/kWh
    known: BoolArray
    zone_ids: npt.NDArray[np.intp]
    distinct_codes: list[tuple[str, ...]]

    @property
    def codes(self) -> ObjectArray:
        distinct = np.empty(len(self.distinct_codes), dtype=object)
        distinct[:] = self.distinct_codes
        result: ObjectArray = distinct[self.zone_ids]
        return result


def _mixes(zones: ObjectArray) -> _Mix:
    ids, uniques = pd.factorize(pd.Series(zones, dtype=object), use_na_sentinel=False)
    factors = np.full((len(uniques), 4), np.nan)
    known = np.zeros(len(uniques), dtype=bool)
    codes: list[tuple[str, ...]] = []
    for index, zone in enumerate(uniques):
        mix = bridge.find_mix(zone if isinstance(zone, str) else None)
        codes.append(() if mix is None else tuple(w.code for w in mix.warnings))
        if mix is not None:
            factors[index] = (mix.gwp, mix.adpe, mix.pe, mix.wue)
            known[index] = True
    rows = factors[ids]
    return _Mix(gwp=rows[:, 0], adpe=rows[:, 1], pe=rows[:, 2], wue=rows[:, 3], known=known[ids],
                zone_ids=ids.astype(np.intp), distinct_codes=codes)


def _usage_from_energy(energy: FloatArray, pue: FloatArray, onsite_wue: FloatArray, mix: _Mix) -> FloatArray:
    """Usage impacts (n, criteria) of an energy (kWh) in each option's zone."""
    usage = np.zeros((len(energy), len(CRITERIA)))
    usage[:, _C["energy_kwh"]] = energy
    usage[:, _C["gwp_kgco2eq"]] = energy * mix.gwp
    usage[:, _C["adpe_kgsbeq"]] = energy * mix.adpe
    usage[:, _C["pe_mj"]] = energy * mix.pe
    usage[:, _C["wcf_l"]] = compute.usage_water_l(energy, pue, onsite_wue, mix.wue)
    return usage


def _embodied_array(impacts: dict[str, FloatArray], n: int) -> FloatArray:
    embodied = np.zeros((n, len(CRITERIA)))
    for criterion in _EMBODIED_CRITERIA:
        embodied[:, _C[criterion]] = impacts[criterion]
    return embodied


def _gpu_power(power: FloatArray, names: ObjectArray) -> tuple[FloatArray, BoolArray]:
    """Rated power (W) per option: the stated one, else the named GPU's, else NaN; and whether the
    name was missing or unknown."""
    def tdp(name: str | None) -> float:
        gpu = find_gpu(name)
        return np.nan if gpu is None else gpu.tdp_w

    by_name = _map_unique(names, tdp).astype(np.float64)
    resolved = np.where(np.isnan(power), by_name, power)
    return resolved, np.isnan(resolved)


def _repository_model(provider: str | None, model: str | None) -> Any:
    """The repository model a self-hosted option names: under its provider, else among open-weight
    models, else under any provider."""
    found = bridge.find_model(provider, model)
    if found is None and model:
        found = bridge.find_model(method().open_weight_provider, model)
    if found is None and model:
        found = next((m for m in bridge.list_models() if m.name == model), None)
    return found


def estimate(frame: pd.DataFrame, settings: Settings) -> Estimate:
    """Footprint of every option of the table (no Python loop per option: per distinct value)."""
    n = len(frame)
    kind = _texts(frame, "option.kind")
    provider = _texts(frame, "option.provider")
    model = _texts(frame, "option.model")
    stated_zone = _texts(frame, "option.zone")
    users = _numbers(frame, "option.usage.users", 0.0)
    per_day = _numbers(frame, "option.usage.requests_per_user_per_day", 0.0)
    days = _numbers(frame, "option.usage.days_per_year", 0.0)
    tokens = _numbers(frame, "option.usage.output_tokens_per_request", 0.0)
    requests = users * per_day * days
    has_compute = _flags(frame, "has_compute")
    has_training = _flags(frame, "has_training")
    option_pue = _numbers(frame, "option.pue")
    option_wue = _numbers(frame, "option.wue")
    onsite_wue = np.where(np.isnan(option_wue), settings.default_wue, option_wue)

    is_api = kind == GENAI_API
    is_self = kind == SELF_HOSTED
    is_genai = is_api | is_self
    is_compute_ai = np.isin(kind, COMPUTE_ONLY_AI)
    uses_compute = has_compute | has_training
    method_codes = np.full(n, "none", dtype=object)
    method_codes[uses_compute | is_compute_ai] = "green-algorithms"
    method_codes[is_api] = "ecologits"
    method_codes[is_self] = "ecologits-self-hosted"
    has_method = method_codes != "none"

    fallback = method().fallback_zone
    default_zone = _map_unique(provider, lambda p: bridge.provider_default_zone(p) or fallback)
    zone_stated = pd.Series(stated_zone, dtype=object).notna().to_numpy(dtype=bool)
    zone = np.where(zone_stated, stated_zone, np.where(is_genai, default_zone, fallback))
    zone = np.where(has_method, zone, stated_zone).astype(object)

    warn: dict[str, BoolArray] = {code: np.zeros(n, dtype=bool) for code in WARNING_CODES}
    warn["zone-not-stated"] = has_method & ~zone_stated
    estimated = np.ones(n, dtype=bool)

    # ---- inference (EcoLogits), per distinct group
    inference = np.full((n, len(bridge.FIELDS), 2), np.nan)
    inference_group = np.full(n, -1, dtype=np.intp)
    inference_keys: list[tuple[str, str | None, str | None, str, float]] = []
    active_b = np.full((n, 2), np.nan)

    def apply(rows: npt.NDArray[np.intp], ids: npt.NDArray[np.intp], results: Sequence[bridge.PerRequest],
              extra_codes: Sequence[tuple[str, ...]], sizes: Sequence[tuple[float, float]]) -> None:
        intercept = np.stack([r.intercept for r in results])
        slope = np.stack([r.slope for r in results])
        inference[rows] = intercept[ids] + slope[ids] * tokens[rows, None, None]
        active_b[rows] = np.array(sizes, dtype=np.float64).reshape(-1, 2)[ids]
        ok = np.array([r.estimated for r in results], dtype=bool)
        estimated[rows] &= ok[ids]
        for group, result in enumerate(results):
            codes = (*result.errors, *result.codes, *extra_codes[group])
            if codes:
                members = rows[ids == group]
                for code in codes:
                    warn.setdefault(code, np.zeros(n, dtype=bool))[members] = True

    api_rows = np.flatnonzero(is_api)
    if len(api_rows):
        ids, keys = _groups([provider[api_rows], model[api_rows], zone[api_rows]])
        api_results = [bridge.api_per_request(str(p or ""), str(m or ""), str(z)) for p, m, z in keys]
        api_sizes = []
        for p, m, _z in keys:
            found = bridge.find_model(str(p or ""), str(m or ""))
            api_sizes.append(bridge.model_parameters(found)[0] if found is not None else (np.nan, np.nan))
        apply(api_rows, ids, api_results, [()] * len(keys), api_sizes)
        inference_group[api_rows] = ids + len(inference_keys)
        inference_keys.extend((GENAI_API, p, m, str(z), 1.0) for p, m, z in keys)

    self_rows = np.flatnonzero(is_self)
    if len(self_rows):
        total_param = _numbers(frame, "option.parameters.total_b")[self_rows]
        active_param = _numbers(frame, "option.parameters.active_b")[self_rows]
        pue = np.where(np.isnan(option_pue[self_rows]), settings.default_pue, option_pue[self_rows])
        wue = onsite_wue[self_rows]
        ids, keys = _groups([provider[self_rows], model[self_rows], total_param, active_param,
                             zone[self_rows], pue, wue])
        results: list[bridge.PerRequest] = []
        extra: list[tuple[str, ...]] = []
        sizes: list[tuple[float, float]] = []
        for p, m, total, active, z, group_pue, group_wue in keys:
            codes: tuple[str, ...] = ()
            if total is not None and not np.isnan(float(total)):
                total_pair = (float(total), float(total))
                active_value = total if active is None or np.isnan(float(active)) else active
                active_pair = (float(active_value), float(active_value))
            else:
                found = _repository_model(p, m)
                if found is None:
                    results.append(bridge.failed("model-not-registered"))
                    extra.append(())
                    sizes.append((np.nan, np.nan))
                    continue
                active_pair, total_pair = bridge.model_parameters(found)
                codes = tuple(w.code for w in found.warnings)
            results.append(bridge.self_hosted_per_request(
                active_pair, total_pair, str(z), float(group_pue), float(group_wue)))
            extra.append(codes)
            sizes.append(active_pair)
        apply(self_rows, ids, results, extra, sizes)
        inference_group[self_rows] = ids + len(inference_keys)
        inference_keys.extend((SELF_HOSTED, p, m, str(z), float(group_pue)) for p, m, _t, _a, z, group_pue, _w in keys)

    warn["no-requests"] = is_genai & (requests <= 0)
    warn["compute-added"] = is_genai & has_compute

    inference_usage = inference[:, _USAGE_FIELDS, :]                      # (n, criteria, 2)
    inference_embodied = np.zeros_like(inference_usage)
    inference_embodied[:, _EMBODIED_INDEX, :] = inference[:, _EMBODIED_FIELDS, :]
    inference_total = inference_usage + inference_embodied
    inference_total[~is_genai] = np.nan

    usage = np.where(is_genai[:, None, None], inference_usage * requests[:, None, None], 0.0)
    embodied = np.where(is_genai[:, None, None], inference_embodied * requests[:, None, None], 0.0)

    # ---- declared compute and training (Green Algorithms), with the zone's EcoLogits mix
    mix = _mixes(zone)
    ga_rows = uses_compute
    if ga_rows.any():
        zone_unknown = ga_rows & ~mix.known
        warn["zone-not-registered"] |= zone_unknown
        estimated &= ~zone_unknown
        for code in {code for codes in mix.codes[ga_rows] for code in codes}:
            has_code = np.fromiter((code in codes for codes in mix.distinct_codes), dtype=bool)
            warn.setdefault(code, np.zeros(n, dtype=bool))
            warn[code] |= ga_rows & has_code[mix.zone_ids]

    compute_pue = _numbers(frame, "option.compute.pue")
    pue_chain = np.where(np.isnan(compute_pue), option_pue, compute_pue)
    pue_chain = np.where(np.isnan(pue_chain), settings.default_pue, pue_chain)

    compute_gpu_power, compute_gpu_unknown = _gpu_power(
        _numbers(frame, "option.compute.gpu_power_w"), _texts(frame, "option.compute.gpu"))
    gpu_count = _numbers(frame, "option.compute.gpu_count", 0.0)
    cores = _numbers(frame, "option.compute.cpu_cores", 0.0)
    any_tdp = any_gpu().tdp_w
    compute_part = np.zeros((n, len(CRITERIA)))
    compute_embodied = np.zeros((n, len(CRITERIA)))
    if has_compute.any():
        hours = np.where(has_compute, _numbers(frame, "option.compute.hours_per_year", 0.0), 0.0)
        gpu_power = np.where(compute_gpu_unknown, any_tdp, compute_gpu_power)
        warn["gpu-power-default"] |= has_compute & (gpu_count > 0) & compute_gpu_unknown
        power = compute.compute_power_w(
            gpu_count, gpu_power, cores, _numbers(frame, "option.compute.core_power_w", 12.0),
            _numbers(frame, "option.compute.memory_gb", 0.0), _numbers(frame, "option.compute.utilisation", 1.0))
        energy = compute.compute_energy_kwh(hours, power, pue_chain)
        compute_part = _usage_from_energy(energy, pue_chain, onsite_wue, mix)
        compute_embodied = _embodied_array(compute.embodied_impacts(hours, gpu_count, cores), n)
        compute_part[~has_compute] = 0.0
        compute_embodied[~has_compute] = 0.0
    if has_training.any():
        training_power, training_unknown = _gpu_power(
            _numbers(frame, "option.training.gpu_power_w"), _texts(frame, "option.training.gpu"))
        training_power = np.where(training_unknown, compute_gpu_power, training_power)
        training_unknown = np.isnan(training_power)
        training_power = np.where(training_unknown, any_tdp, training_power)
        warn["gpu-power-default"] |= has_training & training_unknown
        gpu_hours = np.where(has_training, _numbers(frame, "option.training.gpu_hours", 0.0), 0.0)
        runs = _numbers(frame, "option.training.runs_per_year", 1.0)
        energy = compute.training_energy_kwh(gpu_hours, runs, training_power, pue_chain)
        training_usage = _usage_from_energy(energy, pue_chain, onsite_wue, mix)
        training_embodied = _embodied_array(compute.embodied_impacts(gpu_hours * runs, 1.0 * np.ones(n), cores), n)
        training_usage[~has_training] = 0.0
        training_embodied[~has_training] = 0.0
    else:
        training_usage = np.zeros((n, len(CRITERIA)))
        training_embodied = np.zeros((n, len(CRITERIA)))

    usage = usage + (compute_part + training_usage)[:, :, None]
    embodied = embodied + (compute_embodied + training_embodied)[:, :, None]

    # ---- what could not be estimated
    not_stated = is_compute_ai & ~uses_compute
    warn["compute-not-stated"] = not_stated
    estimated &= ~not_stated

    per_request = np.full((n, len(CRITERIA), 2), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        other = (compute_part + compute_embodied)[:, :, None] / requests[:, None, None]
    per_request = np.where(is_genai[:, None, None], inference_total, np.broadcast_to(other, per_request.shape))
    per_request[(requests <= 0) | ~estimated] = np.nan

    usage[~estimated] = np.nan
    embodied[~estimated] = np.nan
    embodied[:, _NO_EMBODIED_INDEX, :] = np.nan
    inference_total[~estimated] = np.nan

    uncovered: dict[str, BoolArray] = {code: np.zeros(n, dtype=bool) for code in UNCOVERED_PHASE_CODES}
    uncovered["input-tokens"] = is_genai.copy()
    uncovered["pretraining"] = is_genai.copy()
    uncovered["training"] = is_compute_ai & ~has_training
    uncovered["idle-capacity"] = is_self.copy()
    everything = np.ones(n, dtype=bool)
    uncovered["data-storage"] = everything
    uncovered["network"] = everything
    uncovered["end-user-devices"] = everything
    uncovered["embodied-water"] = has_method.copy()

    return Estimate(
        requests=requests, tokens=tokens, per_request=per_request, inference_per_request=inference_total,
        usage=usage, embodied=embodied, estimated=estimated, zone=zone, method=method_codes,
        active_b=active_b, kind=kind, provider=provider, model=model, inference_group=inference_group,
        inference_keys=inference_keys, warnings=warn, uncovered=uncovered,
    )

