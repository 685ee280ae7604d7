"""Frugal alternatives: smaller models and better-placed zones, with their annual savings."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from ecologits.electricity_mix_repository import electricity_mixes
from ecologits.impacts.llm import compute_llm_impacts
from ecologits.model_repository import models
from ecologits.tracers.utils import llm_impacts
from footprint_helpers import bounds, close, frame_of, settings, usage

from evaluation.domain.option import Option
from evaluation.domain.zones import eu_eea_zones
from evaluation.footprint import add_footprint, frugal_alternatives
from evaluation.footprint.ecologits_calls import model_parameters
from tests.support.rows import row_of

REQUESTS = 12 * 15 * 210


def genai(kind: str, provider: str | None, model: str, zone: str, **extra: object) -> dict[str, object]:
    option: dict[str, object] = {"name": model, "kind": kind, "model": model, "zone": zone,
                                 "usage": usage(users=12, per_day=15, days=210, tokens=400)}
    if provider:
        option["provider"] = provider
    option.update(extra)
    return option


def test_a_smaller_model_of_the_same_provider_is_found_with_positive_savings() -> None:
    option = Option.model_validate(genai("genai_api", "mistralai", "mistral-small-latest", "FRA"))
    alternatives = frugal_alternatives(option, settings())
    by_model = [a for a in alternatives if a.kind == "model"]
    assert by_model, "a smaller model should be found"
    mistral = [a for a in by_model if a.provider == "mistralai"]
    assert mistral
    current = models.find_model("mistralai", "mistral-small-latest")
    assert current is not None
    current_active = model_parameters(current)[0]
    for alternative in by_model:
        assert alternative.active_parameters_b.mean < np.mean(current_active)
        assert alternative.gwp_saving_kgco2eq.min > 0
        assert 0 < alternative.gwp_saving_share <= 1
        assert alternative.energy_saving_kwh.mean > 0
        assert alternative.model_name


def test_a_model_alternative_equals_ecologits_for_that_model() -> None:
    option = Option.model_validate(genai("genai_api", "openai", "gpt-4o", "FRA"))
    alternative = next(a for a in frugal_alternatives(option, settings()) if a.kind == "model")
    assert alternative.provider is not None and alternative.model is not None
    direct = llm_impacts(alternative.provider, alternative.model, 400, math.inf, "FRA")
    energy, gwp = bounds(direct.energy.value), bounds(direct.gwp.value)
    assert close(alternative.annual_energy_kwh.min, energy[0] * REQUESTS)
    assert close(alternative.annual_energy_kwh.max, energy[1] * REQUESTS)
    assert close(alternative.annual_gwp_kgco2eq.min, gwp[0] * REQUESTS)
    assert close(alternative.annual_gwp_kgco2eq.max, gwp[1] * REQUESTS)
    current = llm_impacts("openai", "gpt-4o", 400, math.inf, "FRA")
    saving_low = bounds(current.gwp.value)[0] * REQUESTS - gwp[0] * REQUESTS
    assert alternative.gwp_saving_kgco2eq.min == pytest.approx(
        min(saving_low, bounds(current.gwp.value)[1] * REQUESTS - gwp[1] * REQUESTS), rel=1e-9)


def test_self_hosted_alternatives_are_smaller_open_weight_models_at_the_hosts_pue() -> None:
    option = Option.model_validate(genai("genai_self_hosted", None, "meta-llama/Meta-Llama-3.1-70B-Instruct",
                                         "DEU", pue=1.3))
    alternatives = [a for a in frugal_alternatives(option, settings(), max_models=20) if a.kind == "model"]
    names = {a.model for a in alternatives}
    assert "meta-llama/Meta-Llama-3.1-8B-Instruct" in names
    assert {a.provider for a in alternatives} == {"huggingface_hub"}
    assert all("instruct" in a.model.lower() or "-it" in a.model.lower() or "chat" in a.model.lower()
               for a in alternatives)
    llama = next(a for a in alternatives if a.model == "meta-llama/Meta-Llama-3.1-8B-Instruct")
    mix = electricity_mixes.find_electricity_mix("DEU")
    direct = compute_llm_impacts(
        model_active_parameter_count=8.03, model_total_parameter_count=8.03, output_token_count=400,
        if_electricity_mix_adpe=mix.adpe, if_electricity_mix_pe=mix.pe, if_electricity_mix_gwp=mix.gwp,
        if_electricity_mix_wue=mix.wue, datacenter_pue=1.3, datacenter_wue=settings().default_wue,
        request_latency=math.inf)
    assert close(llama.annual_gwp_kgco2eq.min, bounds(direct.gwp.value)[0] * REQUESTS)
    assert close(llama.annual_energy_kwh.max, bounds(direct.energy.value)[1] * REQUESTS)


def test_special_purpose_models_are_not_proposed_for_a_general_assistant() -> None:
    option = Option.model_validate(genai("genai_api", "openai", "gpt-4o", "FRA"))
    names = [a.model.lower() for a in frugal_alternatives(option, settings(), max_models=50) if a.kind == "model"]
    assert names
    assert not any(word in name for name in names for word in ("guard", "tts", "transcribe", "code", "search"))


def test_better_placed_zones_are_eu_eea_zones_with_lower_emissions() -> None:
    option = Option.model_validate(genai("genai_api", "openai", "gpt-4o-mini", "USA"))
    zones = [a for a in frugal_alternatives(option, settings()) if a.kind == "zone"]
    assert zones
    usa = electricity_mixes.find_electricity_mix("USA")
    current = llm_impacts("openai", "gpt-4o-mini", 400, math.inf, "USA")
    for alternative in zones:
        assert alternative.zone in eu_eea_zones()
        mix = electricity_mixes.find_electricity_mix(alternative.zone)
        assert mix.gwp < usa.gwp and not mix.warnings
        # the energy stays, the emissions of using it follow the new mix
        assert alternative.energy_saving_kwh.max == 0
        expected = (bounds(current.energy.value)[0] * mix.gwp + bounds(current.embodied.gwp.value)[0]) * REQUESTS
        assert close(alternative.annual_gwp_kgco2eq.min, expected)
        assert alternative.gwp_saving_share > 0


def test_the_column_is_the_share_saved_by_the_best_alternative() -> None:
    options: list[dict[str, Any]] = [genai("genai_api", "mistralai", "mistral-small-latest", "FRA"),
               genai("genai_api", "openai", "gpt-4o", "USA"),
               genai("genai_self_hosted", "huggingface_hub", "mistralai/Mistral-7B-Instruct-v0.3", "FRA", pue=1.4),
               {"name": "vision", "kind": "vision", "zone": "DEU",
                "compute": {"gpu": "T4", "gpu_count": 1, "hours_per_year": 2000}},
               {"name": "sans IA", "kind": "non_ai"},
               {"name": "règles", "kind": "rules", "zone": "FRA", "compute": {"cpu_cores": 2, "hours_per_year": 100}}]
    frame = add_footprint(frame_of(options), settings())
    column = frame["fp.best_alternative_gwp_saving"]
    for index in range(4):
        row = row_of(frame.iloc[index])
        shares = [a.gwp_saving_share for a in frugal_alternatives(row, settings())]
        assert shares
        assert column.iloc[index] == pytest.approx(max(shares), rel=1e-9)
        assert 0 < column.iloc[index] <= 1
    assert math.isnan(column.iloc[4])          # non-AI
    assert math.isnan(column.iloc[5])          # rules are not AI
    assert frugal_alternatives(row_of(frame.iloc[4]), settings()) == []
    # a large model in the United States can save half or more: RG-9.7 warns
    assert column.iloc[1] >= 0.5


def test_the_smallest_model_in_the_best_zone_has_no_alternative() -> None:
    option = Option.model_validate(genai("genai_self_hosted", "huggingface_hub", "google/gemma-1.1-2b-it", "ISL"))
    assert [a for a in frugal_alternatives(option, settings()) if a.kind == "model"] == []
    row = add_footprint(frame_of([option.model_dump(mode="json")]), settings()).iloc[0]
    best = min((m.gwp, m.zone) for m in electricity_mixes.list_electricity_mixes()
               if m.zone in eu_eea_zones() and not m.warnings)
    assert best[1] == "ISL"
    assert row["fp.best_alternative_gwp_saving"] == 0.0


def test_unknown_models_have_no_alternatives() -> None:
    option = Option.model_validate(genai("genai_api", "openai", "gpt-imaginary", "FRA"))
    assert frugal_alternatives(option, settings()) == []
