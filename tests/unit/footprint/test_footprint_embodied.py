"""Embodied impacts of the hardware actually used, with Boavizta's figures (boaviztapi 2.5.0) as the oracle."""

from __future__ import annotations

import numpy as np
import pytest
from footprint_helpers import frame_of, settings

from evaluation.footprint import add_footprint
from evaluation.footprint.embodied import embodied_impacts, host_of
from evaluation.footprint.reference import embodied_hardware, embodied_server

# Whole-server manufacturing impacts given by boaviztapi 2.5.0 (DeviceServer of the archetype, "embedded"
# phase over the server's whole life), the oracle the data file must add up to:
BOAVIZTA_SERVERS = {
    #  archetype:              (gwp kgCO2e, adpe kgSbeq, pe MJ, life h)
    "platform_compute_medium": (947.765, 0.143, 12578.506, 35_040),   # Boavizta's reference (default) server
    "g4dn.metal": (2291.151, 0.170, 30580.033, 52_560),                # 8 x NVIDIA T4
    "p5.48xlarge": (10253.250, 0.412, 134761.963, 52_560),             # 8 x NVIDIA H100 SXM 80GB
}


@pytest.mark.parametrize("name", sorted(BOAVIZTA_SERVERS))
def test_servers_and_their_gpus_add_up_to_boaviztas_whole_server(name: str) -> None:
    gwp, adpe, pe, life = BOAVIZTA_SERVERS[name]
    server = embodied_server(name)
    cards = [gpu for gpu in embodied_hardware().gpus if gpu.server == name]
    card = cards[0] if server.gpus else None
    total = {criterion: getattr(server, criterion) + server.gpus * (getattr(card, criterion) if card else 0.0)
             for criterion in ("gwp_kgco2eq", "adpe_kgsbeq", "pe_mj")}
    assert total["gwp_kgco2eq"] == pytest.approx(gwp, abs=1e-3)
    assert total["adpe_kgsbeq"] == pytest.approx(adpe, abs=1e-3)
    assert total["pe_mj"] == pytest.approx(pe, abs=1e-3)
    assert server.lifetime_hours == life


def test_a_t4_is_never_charged_as_an_h100() -> None:
    t4, h100 = host_of("NVIDIA T4", True), host_of("H100", True)
    assert t4.gpu is not None and h100.gpu is not None
    assert (t4.gpu.boavizta, t4.server_key) == ("NVIDIA T4", "g4dn.metal")
    assert (h100.gpu.boavizta, h100.server_key) == ("NVIDIA H100 SXM 80GB", "p5.48xlarge")
    assert t4.gpu.gwp_kgco2eq < h100.gpu.gwp_kgco2eq / 4
    assert not t4.default_gpu


def test_two_t4_for_1500_hours_by_hand() -> None:
    # the case: two T4 cards for 1,500 h a year, nothing else declared
    # share of life: 1,500 / 52,560 h (g4dn.metal, 6 years) = 0.0285388
    # hardware: 2 x 130.693081 (cards) + 2/8 x 1,245.606726 (the server without its GPUs) = 572.787864 kgCO2e
    # embodied: 0.0285388 x 572.787864 = 16.3466 kgCO2e a year (112 kg when charged as H100s in an 8-GPU server)
    result = embodied_impacts(np.array([1500.0]), np.array([2.0]), np.array([0.0]), np.array(["T4"], dtype=object))
    assert result.impacts["gwp_kgco2eq"][0] == pytest.approx(1500 / 52560 * (2 * 130.693081 + 2 / 8 * 1245.606726),
                                                              rel=1e-9)
    assert result.impacts["gwp_kgco2eq"][0] == pytest.approx(16.3466, abs=1e-4)
    option = {"name": "t4", "kind": "ml", "zone": "FRA",
              "compute": {"gpu": "NVIDIA T4", "gpu_count": 2, "hours_per_year": 1500}}
    row = add_footprint(frame_of([option]), settings()).iloc[0]
    assert row["fp.annual_embodied.gwp_kgco2eq.min"] == pytest.approx(16.3466, abs=1e-4)
    assert row["fp.annual_embodied.adpe_kgsbeq.max"] == pytest.approx(
        1500 / 52560 * (2 * 0.001555 + 2 / 8 * 0.157249), rel=1e-9)


def test_an_unlisted_gpu_uses_boaviztas_default_gpu_and_says_so() -> None:
    option = {"name": "x", "kind": "ml", "zone": "FRA",
              "compute": {"gpu": "Quantum Flux 9000", "gpu_count": 1, "hours_per_year": 100}}
    row = add_footprint(frame_of([option]), settings()).iloc[0]
    default = embodied_hardware().default_gpu
    generic = embodied_server("platform_compute_medium")
    assert row["fp.annual_embodied.gwp_kgco2eq.min"] == pytest.approx(
        100 / 35040 * (default.gwp_kgco2eq + generic.gwp_kgco2eq / 8), rel=1e-9)
    assert "gpu-embodied-default" in row["fp.warnings"]


def test_training_is_charged_on_its_own_gpu() -> None:
    option = {"name": "x", "kind": "ml", "zone": "FRA", "training": {"gpu": "L4", "gpu_hours": 100}}
    row = add_footprint(frame_of([option]), settings()).iloc[0]
    l4 = host_of("L4", True)
    server = embodied_server("g6.48xlarge")
    assert l4.gpu is not None
    assert row["fp.annual_embodied.gwp_kgco2eq.min"] == pytest.approx(
        100 / 52560 * (l4.gpu.gwp_kgco2eq + server.gwp_kgco2eq / 8), rel=1e-9)
