"""Self-hosted open-weight models: EcoLogits' compute_llm_impacts with the host's zone, PUE and WUE."""

from __future__ import annotations

import math
from typing import Any

from ecologits.electricity_mix_repository import electricity_mixes
from ecologits.impacts.llm import compute_llm_impacts
from ecologits.model_repository import models
from ecologits.utils.range_value import RangeValue
from footprint_helpers import CRITERIA, bounds, close, frame_of, settings, usage

from evaluation.footprint import add_footprint


def self_hosted(model: str, **extra: object) -> dict[str, object]:
    option: dict[str, object] = {"name": model, "kind": "genai_self_hosted", "provider": "huggingface_hub",
                                 "model": model, "zone": "FRA", "usage": usage(users=12, per_day=15, days=210)}
    option.update(extra)
    return option


def direct(active: float | RangeValue, total: float | RangeValue, zone: str, pue: float, wue: float,
           tokens: float = 400) -> dict[str, tuple[float, float]]:
    mix = electricity_mixes.find_electricity_mix(zone)
    impacts = compute_llm_impacts(
        model_active_parameter_count=active, model_total_parameter_count=total, output_token_count=tokens,
        if_electricity_mix_adpe=mix.adpe, if_electricity_mix_pe=mix.pe, if_electricity_mix_gwp=mix.gwp,
        if_electricity_mix_wue=mix.wue, datacenter_pue=pue, datacenter_wue=wue, request_latency=math.inf)
    return {"energy_kwh": bounds(impacts.energy.value), "gwp_kgco2eq": bounds(impacts.gwp.value),
            "adpe_kgsbeq": bounds(impacts.adpe.value), "pe_mj": bounds(impacts.pe.value),
            "wcf_l": bounds(impacts.wcf.value)}


def assert_per_request(row: Any, expected: dict[str, tuple[float, float]]) -> None:
    for criterion in CRITERIA:
        assert close(row[f"fp.per_request.{criterion}.min"], expected[criterion][0]), criterion
        assert close(row[f"fp.per_request.{criterion}.max"], expected[criterion][1]), criterion


def test_self_hosted_model_uses_repository_parameters_zone_and_host_pue() -> None:
    row = add_footprint(frame_of([self_hosted("mistralai/Mistral-7B-Instruct-v0.3", pue=1.4)]), settings()).iloc[0]
    parameters = models.find_model("huggingface_hub", "mistralai/Mistral-7B-Instruct-v0.3").architecture.parameters
    assert parameters == 7.25
    assert row["fp.method"] == "ecologits-self-hosted"
    assert_per_request(row, direct(7.25, 7.25, "FRA", 1.4, settings().default_wue))
    assert close(row["fp.annual.gwp_kgco2eq.max"], row["fp.per_request.gwp_kgco2eq.max"] * 12 * 15 * 210)
    assert "idle-capacity" in row["fp.uncovered_phases"]


def test_self_hosted_defaults_are_the_settings_pue_and_wue() -> None:
    assert settings().default_pue == 1.56
    row = add_footprint(frame_of([self_hosted("meta-llama/Meta-Llama-3.1-8B-Instruct")]), settings()).iloc[0]
    assert_per_request(row, direct(8.03, 8.03, "FRA", 1.56, settings().default_wue))


def test_stated_wue_is_used_for_water() -> None:
    frame = add_footprint(frame_of([self_hosted("meta-llama/Meta-Llama-3.1-8B-Instruct", wue=0.2),
                                    self_hosted("meta-llama/Meta-Llama-3.1-8B-Instruct", wue=3.0)]), settings())
    assert frame["fp.annual.wcf_l.min"].iloc[0] < frame["fp.annual.wcf_l.min"].iloc[1]
    assert_per_request(frame.iloc[0], direct(8.03, 8.03, "FRA", 1.56, 0.2))


def test_parameters_stated_in_the_option_replace_the_repository() -> None:
    option = self_hosted("acme/Albert-Mixture-2", parameters={"total_b": 47, "active_b": 13}, zone="DEU", pue=1.2)
    row = add_footprint(frame_of([option]), settings()).iloc[0]
    assert bool(row["fp.estimated"]) is True
    assert_per_request(row, direct(13.0, 47.0, "DEU", 1.2, settings().default_wue))


def test_dense_parameters_without_active_count_use_the_total() -> None:
    option = self_hosted("acme/Dense-20B", parameters={"total_b": 20})
    row = add_footprint(frame_of([option]), settings()).iloc[0]
    assert_per_request(row, direct(20.0, 20.0, "FRA", 1.56, settings().default_wue))


def test_moe_model_of_the_repository_is_found_without_its_provider() -> None:
    option = self_hosted("mistralai/Mixtral-8x7B-Instruct-v0.1")
    del option["provider"]
    row = add_footprint(frame_of([option]), settings()).iloc[0]
    assert_per_request(row, direct(12.9, 46.7, "FRA", 1.56, settings().default_wue))


def test_range_parameters_of_a_proprietary_size_estimate_stay_a_range() -> None:
    option = self_hosted("gpt-4o-mini", provider="openai")
    row = add_footprint(frame_of([option]), settings()).iloc[0]
    assert_per_request(row, direct(RangeValue(min=8, max=28), RangeValue(min=8, max=28), "FRA", 1.56,
                                   settings().default_wue))
    assert row["fp.annual.energy_kwh.min"] < row["fp.annual.energy_kwh.max"]
    assert "model-arch-not-released" in row["fp.warnings"]


def test_unknown_self_hosted_model_without_parameters_is_not_estimated() -> None:
    row = add_footprint(frame_of([self_hosted("acme/never-heard-of-it")]), settings()).iloc[0]
    assert bool(row["fp.estimated"]) is False
    assert "model-not-registered" in row["fp.warnings"]
    assert math.isnan(row["fp.per_request.energy_kwh.min"])
