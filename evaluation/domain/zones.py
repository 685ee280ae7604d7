"""Hosting zones: which are inside the EU/EEA (reference data in data/eu_eea_zones.yaml)."""

from __future__ import annotations

from functools import cache

import pandas as pd

from evaluation.resources import DATA_DIR
from evaluation.yaml_lines import read_yaml


@cache
def eu_eea_zones() -> frozenset[str]:
    data = read_yaml(DATA_DIR / "eu_eea_zones.yaml")
    return frozenset(str(zone) for zone in data["zones"])


def in_eu_eea(zone: str | None) -> bool:
    """True when the zone is an EU/EEA country or EcoLogits' EEE zone; False for None or elsewhere."""
    return zone is not None and zone in eu_eea_zones()


def in_eu_eea_column(zones: pd.Series) -> pd.Series:
    """Vectorised in_eu_eea over a column of zone codes (None counts as outside)."""
    return zones.isin(eu_eea_zones()).astype(bool)


@cache
def hosting_zones() -> frozenset[str]:
    """The zones the footprint can compute with: those EcoLogits has an electricity mix for (ISO 3166
    alpha-3 codes, WOR and EEE). Read from EcoLogits itself on first use (about 0.2 s)."""
    from ecologits.electricity_mix_repository import electricity_mixes

    return frozenset(str(mix.zone) for mix in electricity_mixes.list_electricity_mixes())
