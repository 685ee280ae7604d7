"""`green-algorithms`: declared compute and training, with Green Algorithms' method (Lannelongue et al.
2021, compute.py) and EcoLogits' electricity mix of the option's zone.

It covers every option with declared compute or training, whatever its kind, and the ML and vision
options (which cannot be estimated without compute: `compute-not-stated`). On a generative option it
adds to the EcoLogits inference (the option keeps EcoLogits as its method). Training is part of this
method rather than a method of its own: same formulas, same zone, datacenter and GPU defaults, and it
never names an option's method (the per-request figure of a compute option is its compute only).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from evaluation.footprint import compute, embodied
from evaluation.footprint import ecologits_calls as bridge
from evaluation.footprint.codes import NO_EMBODIED
from evaluation.footprint.methods import Part, footprint_method
from evaluation.footprint.options import (
    COMPUTE_ONLY_AI,
    BoolArray,
    FloatArray,
    IntArray,
    ObjectArray,
    Options,
    map_unique,
)
from evaluation.footprint.reference import any_gpu, find_gpu
from evaluation.table.columns import (
    FOOTPRINT_CRITERIA,
    OPTION_COMPUTE_CORE_POWER_W,
    OPTION_COMPUTE_CPU_CORES,
    OPTION_COMPUTE_GPU,
    OPTION_COMPUTE_GPU_COUNT,
    OPTION_COMPUTE_GPU_POWER_W,
    OPTION_COMPUTE_HOURS_PER_YEAR,
    OPTION_COMPUTE_MEMORY_GB,
    OPTION_COMPUTE_PUE,
    OPTION_COMPUTE_UTILISATION,
    OPTION_PUE,
    OPTION_TRAINING_GPU,
    OPTION_TRAINING_GPU_HOURS,
    OPTION_TRAINING_GPU_POWER_W,
    OPTION_TRAINING_RUNS_PER_YEAR,
)

_C = {criterion: index for index, criterion in enumerate(FOOTPRINT_CRITERIA)}
_EMBODIED_CRITERIA = [criterion for criterion in FOOTPRINT_CRITERIA if criterion not in NO_EMBODIED]


@dataclass(frozen=True)
class _Mix:
    """Electricity-mix factors of each row's zone (NaN where EcoLogits has no such zone)."""

    gwp: FloatArray           # kgCO2eq/kWh
    adpe: FloatArray          # kgSbeq/kWh
    pe: FloatArray            # MJ/kWh
    wue: FloatArray           # L/kWh
    known: BoolArray
    zone_ids: npt.NDArray[np.intp]
    distinct_codes: list[tuple[str, ...]]   # EcoLogits' warning codes of each distinct zone


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


def _zone_warnings(mix: _Mix, uses_compute: BoolArray) -> dict[str, BoolArray]:
    """Zones EcoLogits does not know, and its warnings on the mixes of the others."""
    warnings = {"zone-not-registered": uses_compute & ~mix.known}
    for code in {code for codes in mix.distinct_codes for code in codes}:
        has_code = np.fromiter((code in codes for codes in mix.distinct_codes), dtype=bool)
        warnings[code] = uses_compute & has_code[mix.zone_ids]
    return warnings


def _impacts(energy: FloatArray, allocated: dict[str, FloatArray], pue: FloatArray, onsite_wue: FloatArray,
             mix: _Mix, declared: BoolArray) -> tuple[FloatArray, FloatArray]:
    """Usage and embodied impacts (rows, criteria) of an energy (kWh) in each row's zone; 0 where
    nothing is declared."""
    usage = np.zeros((len(energy), len(FOOTPRINT_CRITERIA)))
    usage[:, _C["energy_kwh"]] = energy
    usage[:, _C["gwp_kgco2eq"]] = energy * mix.gwp
    usage[:, _C["adpe_kgsbeq"]] = energy * mix.adpe
    usage[:, _C["pe_mj"]] = energy * mix.pe
    usage[:, _C["wcf_l"]] = compute.usage_water_l(energy, pue, onsite_wue, mix.wue)
    embodied_array = np.zeros((len(energy), len(FOOTPRINT_CRITERIA)))
    for criterion in _EMBODIED_CRITERIA:
        embodied_array[:, _C[criterion]] = allocated[criterion]
    usage[~declared] = 0.0
    embodied_array[~declared] = 0.0
    return usage, embodied_array


def _gpu_power(power: FloatArray, names: ObjectArray) -> tuple[FloatArray, BoolArray]:
    """Rated power (W) per row: the stated one, else the named GPU's, else NaN; and whether the
    name was missing or unknown."""
    def tdp(name: str | None) -> float:
        gpu = find_gpu(name)
        return np.nan if gpu is None else gpu.tdp_w

    by_name = map_unique(names, tdp).astype(np.float64)
    resolved = np.where(np.isnan(power), by_name, power)
    return resolved, np.isnan(resolved)


@dataclass(frozen=True)
class _Declared:
    """What compute and training of the covered rows share: datacenter, zone, server."""

    options: Options
    rows: IntArray
    pue: FloatArray            # the compute's PUE, else the option's, else the settings' default
    onsite_wue: FloatArray
    mix: _Mix
    gpu_power: FloatArray      # the compute's GPU power (NaN when neither stated nor known)
    gpu_unknown: BoolArray
    gpu_names: ObjectArray     # the compute's GPU model, as typed
    cores: FloatArray

    def numbers(self, column: str, default: float = np.nan) -> FloatArray:
        return self.options.numbers(column, default)[self.rows]


def _declared(options: Options, rows: IntArray, zones: ObjectArray) -> _Declared:
    compute_pue = options.numbers(OPTION_COMPUTE_PUE)[rows]
    pue = np.where(np.isnan(compute_pue), options.numbers(OPTION_PUE)[rows], compute_pue)
    pue = np.where(np.isnan(pue), options.settings.default_pue, pue)
    gpu_names = options.texts(OPTION_COMPUTE_GPU)[rows]
    gpu_power, gpu_unknown = _gpu_power(options.numbers(OPTION_COMPUTE_GPU_POWER_W)[rows], gpu_names)
    return _Declared(options=options, rows=rows, pue=pue, onsite_wue=options.onsite_wue[rows], mix=_mixes(zones),
                     gpu_power=gpu_power, gpu_unknown=gpu_unknown, gpu_names=gpu_names,
                     cores=options.numbers(OPTION_COMPUTE_CPU_CORES, 0.0)[rows])


def _compute(declared: _Declared, has_compute: BoolArray) -> tuple[FloatArray, FloatArray, BoolArray, BoolArray]:
    """Usage and embodied impacts (rows, criteria) of the declared compute per year, the rows whose GPU
    power is Green Algorithms' default and those whose GPU manufacture is Boavizta's default."""
    hours = np.where(has_compute, declared.numbers(OPTION_COMPUTE_HOURS_PER_YEAR, 0.0), 0.0)
    gpu_count = declared.numbers(OPTION_COMPUTE_GPU_COUNT, 0.0)
    gpu_power = np.where(declared.gpu_unknown, any_gpu().tdp_w, declared.gpu_power)
    power = compute.compute_power_w(
        gpu_count, gpu_power, declared.cores, declared.numbers(OPTION_COMPUTE_CORE_POWER_W, 12.0),
        declared.numbers(OPTION_COMPUTE_MEMORY_GB, 0.0), declared.numbers(OPTION_COMPUTE_UTILISATION, 1.0))
    energy = compute.compute_energy_kwh(hours, power, declared.pue)
    allocated = embodied.embodied_impacts(hours, gpu_count, declared.cores, declared.gpu_names)
    usage, embodied_array = _impacts(energy, allocated.impacts, declared.pue, declared.onsite_wue, declared.mix,
                                     has_compute)
    return (usage, embodied_array, has_compute & (gpu_count > 0) & declared.gpu_unknown,
            has_compute & allocated.default_gpu)


def _training(declared: _Declared, has_training: BoolArray) -> tuple[FloatArray, FloatArray, BoolArray, BoolArray]:
    """Usage and embodied impacts (rows, criteria) of training per year (GPU-hours x runs, on the
    training's GPU, else the compute's, else the default one), the rows using the default GPU power and
    those whose GPU manufacture is Boavizta's default."""
    training_names = declared.options.texts(OPTION_TRAINING_GPU)[declared.rows]
    power, unknown = _gpu_power(declared.numbers(OPTION_TRAINING_GPU_POWER_W), training_names)
    power = np.where(unknown, declared.gpu_power, power)
    unknown = np.isnan(power)
    power = np.where(unknown, any_gpu().tdp_w, power)
    gpu_hours = np.where(has_training, declared.numbers(OPTION_TRAINING_GPU_HOURS, 0.0), 0.0)
    runs = declared.numbers(OPTION_TRAINING_RUNS_PER_YEAR, 1.0)
    energy = compute.training_energy_kwh(gpu_hours, runs, power, declared.pue)
    names = np.where(pd.isna(training_names), declared.gpu_names, training_names)
    allocated = embodied.embodied_impacts(gpu_hours * runs, np.ones(len(runs)), np.zeros(len(runs)), names)
    usage, embodied_array = _impacts(energy, allocated.impacts, declared.pue, declared.onsite_wue, declared.mix,
                                     has_training)
    return usage, embodied_array, has_training & unknown, has_training & allocated.default_gpu


def _zeros(rows: int) -> tuple[FloatArray, FloatArray, BoolArray, BoolArray]:
    shape = (rows, len(FOOTPRINT_CRITERIA))
    return np.zeros(shape), np.zeros(shape), np.zeros(rows, dtype=bool), np.zeros(rows, dtype=bool)


def _compute_options(options: Options) -> BoolArray:
    covered: BoolArray = options.has_compute | options.has_training | options.is_kind(*COMPUTE_ONLY_AI)
    return covered


@footprint_method("green-algorithms", rank=30, covers=_compute_options)
def green_algorithms(options: Options, rows: IntArray, zones: ObjectArray) -> Part:
    """Annual compute and training; per request, the compute's annual figures over requests per year."""
    has_compute, has_training = options.has_compute[rows], options.has_training[rows]
    uses_compute = has_compute | has_training
    declared = _declared(options, rows, zones)
    compute_usage, compute_embodied, compute_default, compute_card = (
        _compute(declared, has_compute) if has_compute.any() else _zeros(len(rows)))
    training_usage, training_embodied, training_default, training_card = (
        _training(declared, has_training) if has_training.any() else _zeros(len(rows)))
    warnings = _zone_warnings(declared.mix, uses_compute)
    compute_ai = options.is_kind(*COMPUTE_ONLY_AI)[rows]
    not_stated = compute_ai & ~uses_compute
    warnings.update({"gpu-power-default": compute_default | training_default,
                     "gpu-embodied-default": compute_card | training_card, "compute-not-stated": not_stated})
    with np.errstate(divide="ignore", invalid="ignore"):
        per_request = (compute_usage + compute_embodied)[:, :, None] / options.requests[rows, None, None]
    shape = (len(rows), len(FOOTPRINT_CRITERIA), 2)
    return Part(
        usage=np.broadcast_to((compute_usage + training_usage)[:, :, None], shape),
        embodied=np.broadcast_to((compute_embodied + training_embodied)[:, :, None], shape),
        per_request=np.broadcast_to(per_request, shape), failed=warnings["zone-not-registered"] | not_stated,
        warnings=warnings, uncovered={"training": compute_ai & ~has_training})
