"""`ecologits`: generative AI through a provider's API, with EcoLogits' `llm_impacts` (its model
repository, the provider's datacenter, the zone's electricity mix)."""

from __future__ import annotations

import numpy as np

from evaluation.footprint import ecologits_calls as bridge
from evaluation.footprint.methods import Part, footprint_method
from evaluation.footprint.methods.inference import inference_part, provider_zones
from evaluation.footprint.options import GENAI_API, BoolArray, IntArray, ObjectArray, Options, groups


def _api_options(options: Options) -> BoolArray:
    return options.is_kind(GENAI_API)


def _active_parameters(provider: str | None, model: str | None) -> tuple[float, float]:
    found = bridge.find_model(str(provider or ""), str(model or ""))
    return bridge.model_parameters(found)[0] if found is not None else (np.nan, np.nan)


@footprint_method("ecologits", rank=10, covers=_api_options, default_zone=provider_zones)
def ecologits_api(options: Options, rows: IntArray, zones: ObjectArray) -> Part:
    """Per request, once per distinct provider, model and zone; times requests per year."""
    ids, keys = groups([options.provider[rows], options.model[rows], zones])
    results = [bridge.api_per_request(str(p or ""), str(m or ""), str(z)) for p, m, z in keys]
    return inference_part(
        options, rows, ids, [(GENAI_API, p, m, str(z), 1.0) for p, m, z in keys], results,
        codes=[()] * len(keys), sizes=[_active_parameters(p, m) for p, m, _z in keys])
