"""Green Algorithms' method for compute EcoLogits does not cover (Lannelongue et al., 2021).

Every function works on numpy arrays (one value per option) as well as on floats.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import numpy.typing as npt

from evaluation.footprint.reference import hardware

Number = TypeVar("Number", float, npt.NDArray[np.float64])


def compute_power_w(
    gpu_count: Number, gpu_power_w: Number, cpu_cores: Number, core_power_w: Number,
    memory_gb: Number, utilisation: Number,
) -> Number:
    """Power drawn by the hardware (W): GPUs x TDP x utilisation + cores x power per core x utilisation
    + memory GB x 0.3725 W/GB (memory is counted whole, whatever the utilisation)."""
    memory_w_per_gb = hardware().memory_power_w_per_gb.value
    power: Number = (gpu_count * gpu_power_w * utilisation + cpu_cores * core_power_w * utilisation
                     + memory_gb * memory_w_per_gb)
    return power


def compute_energy_kwh(hours: Number, power_w: Number, pue: Number) -> Number:
    """Energy drawn from the grid (kWh): hours x power (W) x PUE / 1000."""
    energy: Number = hours * power_w * pue / 1000
    return energy


def training_energy_kwh(gpu_hours_per_run: Number, runs_per_year: Number, gpu_power_w: Number,
                        pue: Number) -> Number:
    """Energy of training or fine-tuning per year (kWh): GPU-hours x runs x power (W) x PUE / 1000."""
    energy: Number = gpu_hours_per_run * runs_per_year * gpu_power_w * pue / 1000
    return energy


def it_energy_kwh(energy_kwh: Number, pue: Number) -> Number:
    """Energy of the IT equipment alone (kWh), before the datacenter's overhead."""
    it: Number = energy_kwh / pue
    return it


def usage_water_l(energy_kwh: Number, pue: Number, onsite_wue_l_per_kwh: Number,
                  mix_wue_l_per_kwh: Number) -> Number:
    """Water consumed in use (L), as EcoLogits counts it: IT energy x (on-site WUE + PUE x the
    electricity mix's WUE)."""
    water: Number = it_energy_kwh(energy_kwh, pue) * (onsite_wue_l_per_kwh + pue * mix_wue_l_per_kwh)
    return water


def lifetime_share(hours: Number) -> Number:
    """Share of the hardware's life (EcoLogits' 3 years) these hours of use take."""
    share: Number = hours / hardware().embodied.lifetime_hours
    return share


def server_share(gpu_count: Number, cpu_cores: Number) -> Number:
    """Share of one server allocated to the compute: GPUs / GPUs per server, or, without GPU,
    cores / cores per server (EcoLogits' 8-GPU server; 192 cores, to check)."""
    server = hardware().embodied.server
    gpus = np.asarray(gpu_count, dtype=np.float64)
    cores = np.asarray(cpu_cores, dtype=np.float64)
    share = np.where(gpus > 0, gpus / server.gpu_count, cores / server.cpu_cores)
    if np.ndim(share) == 0:
        return float(share)  # type: ignore[return-value]
    return share  # type: ignore[return-value]


def embodied_impacts(hours: Number, gpu_count: Number, cpu_cores: Number) -> dict[str, Number]:
    """Manufacturing impacts allocated to `hours` of use of `gpu_count` GPUs (or `cpu_cores` cores
    without GPU): share of life x (GPUs x per-GPU impact + server share x per-server impact).
    Keys: gwp_kgco2eq, adpe_kgsbeq, pe_mj."""
    embodied = hardware().embodied
    life = lifetime_share(hours)
    servers = server_share(gpu_count, cpu_cores)
    result: dict[str, Number] = {}
    for criterion in ("gwp_kgco2eq", "adpe_kgsbeq", "pe_mj"):
        per_gpu = getattr(embodied.gpu, criterion)
        per_server = getattr(embodied.server, criterion)
        result[criterion] = life * (gpu_count * per_gpu + servers * per_server)
    return result
