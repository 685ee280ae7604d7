"""The only door to EcoLogits: imported lazily and once, its log output silenced, its results cached.

EcoLogits logs every warning (`model-arch-not-released`...) through its own logger; Jauge keeps them
as codes on the option instead. Trap: calling logging.getLogger("ecologits") before EcoLogits is
imported creates a plain Logger that lacks EcoLogits' `warning_once` and breaks it, so the logger is
only touched after the import, through `ecologits.log.logger`.

With `request_latency = math.inf`, every per-request impact is affine in the output token count, so a
(provider, model, zone) is evaluated twice (0 and AFFINE_TOKENS tokens) and the results kept as
intercept and slope: value(tokens) = intercept + slope x tokens.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from ecologits.electricity_mix_repository import ElectricityMix
    from ecologits.model_repository import Model

FloatArray = npt.NDArray[np.float64]

# Per-request fields, in this order, along the first axis of PerRequest arrays.
FIELDS: tuple[str, ...] = (
    "usage.energy_kwh", "usage.gwp_kgco2eq", "usage.adpe_kgsbeq", "usage.pe_mj", "usage.wcf_l",
    "embodied.gwp_kgco2eq", "embodied.adpe_kgsbeq", "embodied.pe_mj",
)
AFFINE_TOKENS = 1000.0


class _DropAll(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


@cache
def _modules() -> dict[str, ModuleType]:
    import ecologits
    import ecologits.electricity_mix_repository as mixes
    import ecologits.impacts.llm as llm
    import ecologits.log as log
    import ecologits.model_repository as repository
    import ecologits.tracers.utils as utils

    log.logger.addFilter(_DropAll())
    return {"ecologits": ecologits, "mixes": mixes, "llm": llm, "repository": repository, "utils": utils}


def ecologits_version() -> str:
    """Version of the EcoLogits package the footprint comes from (e.g. "0.11.3")."""
    return str(_modules()["ecologits"].__version__)


def list_models() -> list[Model]:
    models: list[Model] = _modules()["repository"].models.list_models()
    return models


def find_model(provider: str | None, model_name: str | None) -> Model | None:
    if not provider or not model_name:
        return None
    found: Model | None = _modules()["repository"].models.find_model(provider=provider, model_name=model_name)
    return found


def find_mix(zone: str | None) -> ElectricityMix | None:
    if not zone:
        return None
    mix: ElectricityMix | None = _modules()["mixes"].electricity_mixes.find_electricity_mix(zone=zone)
    return mix


def list_mixes() -> list[ElectricityMix]:
    mixes: list[ElectricityMix] = _modules()["mixes"].electricity_mixes.list_electricity_mixes()
    return mixes


def provider_default_zone(provider: str | None) -> str | None:
    """The provider's datacenter country EcoLogits uses when no zone is given (USA, SWE for mistralai)."""
    config = _modules()["utils"].PROVIDER_CONFIG_MAP.get(provider or "")
    return None if config is None else str(config.datacenter_location)


def bounds(value: Any) -> tuple[float, float]:
    """(min, max) of an EcoLogits value, a float or a RangeValue."""
    if hasattr(value, "min") and hasattr(value, "max"):
        return float(value.min), float(value.max)
    return float(value), float(value)


def model_parameters(model: Model) -> tuple[tuple[float, float], tuple[float, float]]:
    """((active min, max), (total min, max)) parameter counts of a repository model, in billions."""
    parameters = model.architecture.parameters
    if hasattr(parameters, "active") and hasattr(parameters, "total"):
        return bounds(parameters.active), bounds(parameters.total)
    return bounds(parameters), bounds(parameters)


def _value_or_range(pair: tuple[float, float]) -> Any:
    if pair[0] == pair[1]:
        return pair[0]
    return _modules()["utils"].RangeValue(min=pair[0], max=pair[1])


@dataclass(frozen=True)
class PerRequest:
    """Per-request impacts of one (model, zone, datacenter), affine in the output token count.

    `intercept` and `slope` have shape (len(FIELDS), 2): field x (min, max); `codes` are EcoLogits'
    warning codes, `errors` its error codes (then the arrays are NaN).
    """

    intercept: FloatArray
    slope: FloatArray
    codes: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def estimated(self) -> bool:
        return not self.errors

    def at(self, tokens: float) -> FloatArray:
        """Per-request values (fields x (min, max)) for this many output tokens."""
        values: FloatArray = self.intercept + self.slope * tokens
        return values


def failed(*errors: str) -> PerRequest:
    nan = np.full((len(FIELDS), 2), np.nan)
    return PerRequest(intercept=nan, slope=nan.copy(), errors=tuple(errors))


def _fields(impacts: Any) -> FloatArray:
    """EcoLogits impacts (ImpactsOutput or Impacts) as an array fields x (min, max)."""
    usage, embodied = impacts.usage, impacts.embodied
    values = [usage.energy.value, usage.gwp.value, usage.adpe.value, usage.pe.value, usage.wcf.value,
              embodied.gwp.value, embodied.adpe.value, embodied.pe.value]
    return np.array([bounds(value) for value in values], dtype=np.float64)


def _affine(at_zero: FloatArray, at_tokens: FloatArray) -> tuple[FloatArray, FloatArray]:
    slope: FloatArray = (at_tokens - at_zero) / AFFINE_TOKENS
    return at_zero, slope


@cache
def api_per_request(provider: str, model_name: str, zone: str | None) -> PerRequest:
    """EcoLogits' `llm_impacts` (latency = inf) for a provider's model in a zone (None: provider default)."""
    llm_impacts = _modules()["utils"].llm_impacts
    first = llm_impacts(provider, model_name, 0, math.inf, zone)
    if first.has_errors:
        return failed(*(error.code for error in first.errors))
    second = llm_impacts(provider, model_name, AFFINE_TOKENS, math.inf, zone)
    intercept, slope = _affine(_fields(first), _fields(second))
    codes = tuple(warning.code for warning in (first.warnings or []))
    return PerRequest(intercept=intercept, slope=slope, codes=codes)


@cache
def self_hosted_per_request(
    active_b: tuple[float, float], total_b: tuple[float, float], zone: str, pue: float, wue: float
) -> PerRequest:
    """EcoLogits' `compute_llm_impacts` for a model of these sizes (billions, (min, max)) on one's own
    servers: the zone's mix, the host's PUE and on-site WUE (L/kWh), EcoLogits' latency model."""
    mix = find_mix(zone)
    if mix is None:
        return failed("zone-not-registered")
    compute = _modules()["llm"].compute_llm_impacts

    def run(tokens: float) -> FloatArray:
        impacts = compute(
            model_active_parameter_count=_value_or_range(active_b),
            model_total_parameter_count=_value_or_range(total_b),
            output_token_count=tokens,
            if_electricity_mix_adpe=mix.adpe, if_electricity_mix_pe=mix.pe,
            if_electricity_mix_gwp=mix.gwp, if_electricity_mix_wue=mix.wue,
            datacenter_pue=pue, datacenter_wue=wue, request_latency=math.inf,
        )
        return _fields(impacts)

    intercept, slope = _affine(run(0.0), run(AFFINE_TOKENS))
    codes = tuple(warning.code for warning in mix.warnings)
    return PerRequest(intercept=intercept, slope=slope, codes=codes)
