"""`ecologits-self-hosted`: a generative model on one's own servers, with EcoLogits'
`compute_llm_impacts` (the model's size, the zone's electricity mix, the host's PUE and on-site WUE)."""

from __future__ import annotations

from typing import Any

import numpy as np

from evaluation.footprint import ecologits_calls as bridge
from evaluation.footprint.methods import Part, footprint_method
from evaluation.footprint.methods.inference import inference_part, provider_zones
from evaluation.footprint.options import SELF_HOSTED, BoolArray, IntArray, ObjectArray, Options, groups
from evaluation.footprint.reference import method
from evaluation.table.columns import OPTION_PARAMETERS_ACTIVE_B, OPTION_PARAMETERS_TOTAL_B, OPTION_PUE
from evaluation.table.read import is_missing

Sizes = tuple[float, float]


def _self_hosted_options(options: Options) -> BoolArray:
    return options.is_kind(SELF_HOSTED)


def _repository_model(provider: str | None, model: str | None) -> Any:
    """The repository model a self-hosted option names: under its provider, else among open-weight
    models, else under any provider."""
    found = bridge.find_model(provider, model)
    if found is None and model:
        found = bridge.find_model(method().open_weight_provider, model)
    if found is None and model:
        found = next((m for m in bridge.list_models() if m.name == model), None)
    return found


def per_request(provider: str | None, model: str | None, total: Any, active: Any,
                 zone: str, pue: float, wue: float) -> tuple[bridge.PerRequest, tuple[str, ...], Sizes]:
    """One group's EcoLogits result, its model's warning codes and active parameters: the sizes stated
    (active = total when not stated), else the repository model's."""
    codes: tuple[str, ...] = ()
    if not is_missing(total):
        total_pair = (float(total), float(total))
        active_value = total if is_missing(active) else active
        active_pair = (float(active_value), float(active_value))
    else:
        found = _repository_model(provider, model)
        if found is None:
            return bridge.failed("model-not-registered"), (), (np.nan, np.nan)
        active_pair, total_pair = bridge.model_parameters(found)
        codes = tuple(w.code for w in found.warnings)
    return bridge.self_hosted_per_request(active_pair, total_pair, zone, pue, wue), codes, active_pair


@footprint_method("ecologits-self-hosted", rank=20, covers=_self_hosted_options, default_zone=provider_zones)
def ecologits_self_hosted(options: Options, rows: IntArray, zones: ObjectArray) -> Part:
    """Per request, once per distinct model size, zone and datacenter; times requests per year."""
    option_pue = options.numbers(OPTION_PUE)[rows]
    pue = np.where(np.isnan(option_pue), options.settings.default_pue, option_pue)
    ids, keys = groups([options.provider[rows], options.model[rows], options.numbers(OPTION_PARAMETERS_TOTAL_B)[rows],
                        options.numbers(OPTION_PARAMETERS_ACTIVE_B)[rows], zones, pue, options.onsite_wue[rows]])
    found = [per_request(p, m, total, active, str(z), float(group_pue), float(group_wue))
             for p, m, total, active, z, group_pue, group_wue in keys]
    return inference_part(
        options, rows, ids, [(SELF_HOSTED, p, m, str(z), float(group_pue)) for p, m, _t, _a, z, group_pue, _w in keys],
        [result for result, _codes, _sizes in found], codes=[codes for _r, codes, _s in found],
        sizes=[sizes for _r, _c, sizes in found], idle_capacity=True)
