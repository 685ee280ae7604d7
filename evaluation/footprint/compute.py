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
