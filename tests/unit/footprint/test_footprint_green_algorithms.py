"""Green Algorithms' method for declared compute and training, with hand-computed values."""

from __future__ import annotations

import math

import pytest
from ecologits.electricity_mix_repository import electricity_mixes
from footprint_helpers import frame_of, settings

from evaluation.footprint import add_footprint, footprint_record
from evaluation.footprint.compute import compute_energy_kwh, compute_power_w, training_energy_kwh
from evaluation.footprint.reference import find_gpu
from tests.support.rows import row_of

FRA = electricity_mixes.find_electricity_mix("FRA")
# Boavizta (boaviztapi 2.5.0): an AWS g4dn.metal (8 NVIDIA T4) lives 52,560 h (6 years); one T4 card is
# 130.693081 kgCO2e to make, the server without its GPUs 1,245.606726 kgCO2e
G4DN_LIFE_H = 52_560
T4_KG = 130.693081
G4DN_HOST_KG = 1245.606726


def vision(**compute_changes: object) -> dict[str, object]:
    compute = {"gpu": "NVIDIA T4", "gpu_count": 1, "gpu_power_w": 70, "cpu_cores": 8, "core_power_w": 12,
               "memory_gb": 32, "hours_per_year": 1200, "utilisation": 0.6, "pue": 1.3}
    compute.update(compute_changes)
    return {"name": "vision", "kind": "vision", "zone": "FRA", "compute": compute}


def test_compute_power_and_energy_follow_green_algorithms_formula() -> None:
    # 1 x 70 W x 0.6 + 8 x 12 W x 0.6 + 32 GB x 0.3725 W/GB = 42 + 57.6 + 11.92 = 111.52 W
    power = compute_power_w(1.0, 70.0, 8.0, 12.0, 32.0, 0.6)
    assert power == pytest.approx(111.52, rel=1e-12)
    # 1,200 h x 111.52 W x PUE 1.3 / 1000 = 173.9712 kWh
    assert compute_energy_kwh(1200.0, power, 1.3) == pytest.approx(173.9712, rel=1e-12)
    # training: 40 GPU-hours x 2 runs x 70 W x 1.3 / 1000 = 7.28 kWh
    assert training_energy_kwh(40.0, 2.0, 70.0, 1.3) == pytest.approx(7.28, rel=1e-12)


def test_vision_option_annual_footprint_is_computed_by_hand() -> None:
    option = vision()
    option["training"] = {"gpu_hours": 40, "runs_per_year": 2}
    row = add_footprint(frame_of([option]), settings()).iloc[0]
    energy = 173.9712 + 7.28                     # compute + training (T4 power taken from the compute part)
    assert row["fp.method"] == "green-algorithms"
    assert row["fp.annual.energy_kwh.min"] == pytest.approx(energy, rel=1e-12)
    assert row["fp.annual.energy_kwh.max"] == pytest.approx(energy, rel=1e-12)
    # usage GWP = energy x FRA mix 0.04144 kgCO2eq/kWh
    assert FRA.gwp == 0.04144
    assert row["fp.annual_usage.gwp_kgco2eq.min"] == pytest.approx(energy * 0.04144, rel=1e-12)
    assert row["fp.annual_usage.pe_mj.min"] == pytest.approx(energy * FRA.pe, rel=1e-12)
    # water = IT energy x (on-site WUE 1.8 + PUE x mix WUE) = energy / 1.3 x (1.8 + 1.3 x 3.6737)
    assert row["fp.annual_usage.wcf_l.min"] == pytest.approx(energy / 1.3 * (1.8 + 1.3 * FRA.wue), rel=1e-12)
    # embodied, on Boavizta's T4 platform: (1,200 h + 80 GPU-h) / 52,560 h x (1 T4 x 130.69 + 1/8 x 1,245.61)
    #         = 1,280 / 52,560 x 286.394 = 6.9746 kgCO2eq
    expected = 1280 / G4DN_LIFE_H * (T4_KG + G4DN_HOST_KG / 8)
    assert row["fp.annual_embodied.gwp_kgco2eq.min"] == pytest.approx(expected, rel=1e-12)
    assert row["fp.annual_embodied.gwp_kgco2eq.min"] == pytest.approx(6.9746, abs=1e-4)
    assert row["fp.annual.gwp_kgco2eq.min"] == pytest.approx(energy * 0.04144 + expected, rel=1e-12)
    assert row["fp.warnings"] == ()
    assert "training" not in row["fp.uncovered_phases"]


def test_gpu_power_comes_from_the_reference_data_when_not_stated() -> None:
    assert find_gpu("NVIDIA Tesla T4").tdp_w == 70
    assert find_gpu("nvidia t4").tdp_w == 70
    assert find_gpu("A100 40GB PCIe").tdp_w == 250
    assert find_gpu("A100").tdp_w == 300
    assert find_gpu("V100").tdp_w == 300
    assert find_gpu("H100 SXM").tdp_w == 700
    assert find_gpu("Quantum Flux 9000") is None
    row = add_footprint(frame_of([vision(gpu="NVIDIA H100", gpu_power_w=None, cpu_cores=0, memory_gb=0,
                                         utilisation=1, pue=1.0, hours_per_year=10)]), settings()).iloc[0]
    # 10 h x 700 W x 1.0 / 1000 = 7 kWh
    assert row["fp.annual.energy_kwh.min"] == pytest.approx(7.0, rel=1e-12)


def test_unknown_gpu_falls_back_on_200_watts_with_a_warning() -> None:
    row = add_footprint(frame_of([vision(gpu="Quantum Flux 9000", gpu_power_w=None, cpu_cores=0, memory_gb=0,
                                         utilisation=1, pue=1.0, hours_per_year=10)]), settings()).iloc[0]
    # 10 h x 200 W / 1000 = 2 kWh
    assert row["fp.annual.energy_kwh.min"] == pytest.approx(2.0, rel=1e-12)
    assert "gpu-power-default" in row["fp.warnings"]


def test_cpu_only_compute_takes_a_share_of_the_server_by_cores() -> None:
    option = vision(gpu=None, gpu_count=0, gpu_power_w=None, cpu_cores=16, core_power_w=10, memory_gb=0,
                    utilisation=1, pue=1.5, hours_per_year=2628)
    row = add_footprint(frame_of([option]), settings()).iloc[0]
    # 2,628 h x 16 x 10 W x 1.5 / 1000 = 630.72 kWh
    assert row["fp.annual.energy_kwh.min"] == pytest.approx(630.72, rel=1e-12)
    # Boavizta's generic compute server (platform_compute_medium: 2 x 24 cores, 35,040 h, 947.765406 kgCO2e):
    # 2,628 / 35,040 = 0.075 of its life x 16/48 of the server = 23.694 kgCO2eq
    assert row["fp.annual_embodied.gwp_kgco2eq.min"] == pytest.approx(2628 / 35040 * 16 / 48 * 947.765406,
                                                                        rel=1e-12)
    assert row["fp.annual_embodied.gwp_kgco2eq.min"] == pytest.approx(23.694, abs=1e-3)


def test_non_ai_option_without_compute_has_a_zero_footprint_not_null() -> None:
    frame = add_footprint(frame_of([{"name": "papier", "kind": "non_ai"}, vision()]), settings())
    row = frame.iloc[0]
    assert row["fp.method"] == "none"
    assert bool(row["fp.estimated"]) is True
    assert row["fp.annual.gwp_kgco2eq.min"] == 0.0
    assert row["fp.annual.wcf_l.max"] == 0.0
    record = footprint_record(row_of(row))
    assert record["annual"]["energy_kwh"] == {"min": 0.0, "max": 0.0}


def test_non_ai_option_with_compute_is_estimated_like_ml() -> None:
    compute = vision()["compute"]
    frame = add_footprint(frame_of([{"name": "tableur", "kind": "non_ai", "zone": "FRA", "compute": compute},
                                    vision()]), settings())
    assert list(frame["fp.method"]) == ["green-algorithms", "green-algorithms"]
    assert frame["fp.annual.gwp_kgco2eq.min"].iloc[0] == frame["fp.annual.gwp_kgco2eq.min"].iloc[1]


def test_ml_option_without_any_compute_cannot_be_estimated() -> None:
    frame = add_footprint(frame_of([{"name": "ml", "kind": "ml", "zone": "FRA"}, vision()]), settings())
    row = frame.iloc[0]
    assert bool(row["fp.estimated"]) is False
    assert "compute-not-stated" in row["fp.warnings"]
    assert math.isnan(row["fp.annual.gwp_kgco2eq.min"])
    assert bool(frame["fp.estimated"].iloc[1]) is True


def test_compute_without_zone_uses_the_world_mix_and_says_so() -> None:
    option = vision()
    del option["zone"]
    row = add_footprint(frame_of([option]), settings()).iloc[0]
    assert row["fp.zone"] == "WOR"
    assert "zone-not-stated" in row["fp.warnings"]
    world = electricity_mixes.find_electricity_mix("WOR")
    assert row["fp.annual_usage.gwp_kgco2eq.min"] == pytest.approx(173.9712 * world.gwp, rel=1e-12)


def test_training_of_a_generative_option_is_added_to_its_inference() -> None:
    base = {"name": "api", "kind": "genai_api", "provider": "mistralai", "model": "mistral-small-latest",
            "zone": "FRA", "usage": {"users": 10, "requests_per_user_per_day": 10, "output_tokens_per_request": 300}}
    tuned = dict(base, name="tuned", training={"gpu_hours": 100, "runs_per_year": 1, "gpu": "H100"})
    frame = add_footprint(frame_of([base, tuned]), settings())
    # 100 GPU-h x 700 W x default PUE 1.56 / 1000 = 109.2 kWh more
    difference = frame["fp.annual.energy_kwh.min"].iloc[1] - frame["fp.annual.energy_kwh.min"].iloc[0]
    assert difference == pytest.approx(109.2, rel=1e-9)
    assert frame["fp.method"].iloc[1] == "ecologits"


def test_compute_declared_on_a_generative_option_is_added_with_a_warning() -> None:
    base = {"name": "api", "kind": "genai_api", "provider": "mistralai", "model": "mistral-small-latest",
            "zone": "FRA", "usage": {"users": 10, "requests_per_user_per_day": 10, "output_tokens_per_request": 300}}
    with_compute = dict(base, name="rag", compute={"cpu_cores": 4, "core_power_w": 10, "hours_per_year": 1000,
                                                   "pue": 1.5})
    frame = add_footprint(frame_of([base, with_compute]), settings())
    # 1,000 h x 4 cores x 10 W x 1.5 / 1000 = 60 kWh more
    difference = frame["fp.annual.energy_kwh.max"].iloc[1] - frame["fp.annual.energy_kwh.max"].iloc[0]
    assert difference == pytest.approx(60.0, rel=1e-9)
    assert "compute-added" in frame["fp.warnings"].iloc[1]
    assert "compute-added" not in frame["fp.warnings"].iloc[0]
    # the per-request figure stays EcoLogits' inference
    assert frame["fp.per_request.gwp_kgco2eq.min"].iloc[1] == frame["fp.per_request.gwp_kgco2eq.min"].iloc[0]
