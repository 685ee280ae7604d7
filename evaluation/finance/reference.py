"""Reference data of the finance step, read lazily from data/ and validated into model.py's models."""

from __future__ import annotations

from functools import cache

from evaluation.exchange.reference_files import load_reference_file
from evaluation.finance.model import CarbonTrajectoryData, CarbonValues

CARBON_VALUE_FILE = "carbon_value.yaml"


@cache
def carbon_trajectories() -> dict[str, CarbonTrajectoryData]:
    """Every trajectory of data/carbon_value.yaml, by code (quinet_2019, quinet_2025)."""
    return load_reference_file(CARBON_VALUE_FILE, CarbonValues).root
