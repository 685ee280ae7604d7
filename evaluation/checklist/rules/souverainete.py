"""Sovereignty: personal data hosted outside the EU/EEA (RGPD chapter V; rule SOV-1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from evaluation.domain.zones import in_eu_eea_column
from evaluation.table.columns import FP_ZONE, OPTION_ZONE

from .options import ObjectArray, Options
from .registry import rule
from .results import RuleResult, choose

#: Zones that say nothing about where data are processed (EcoLogits' world average mix).
UNKNOWN_ZONES = frozenset({"WOR"})


def _distinct(values: ObjectArray) -> tuple[np.ndarray[Any, np.dtype[np.int64]], list[Any]]:
    """(position of each value among the distinct values, the distinct values); None is a value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return np.asarray(codes, dtype=np.int64), list(uniques)


@rule("SOV-1", outcomes=("pass", "warn_unknown_zone", "fail", "na"), params=("zone",))
def sov_1(o: Options, p: Mapping[str, float]) -> RuleResult:
    """Personal data processed by an AI option hosted outside the EU/EEA (fp.zone, else option.zone)."""
    zones = o.objects(OPTION_ZONE)
    if o.has(FP_ZONE):
        footprint_zones = o.objects(FP_ZONE)
        zones = np.where(pd.isna(footprint_zones), zones, footprint_zones).astype(object)
    positions, distinct = _distinct(zones)
    unknown = np.array([pd.isna(zone) or zone in UNKNOWN_ZONES for zone in distinct], dtype=bool)[positions]
    inside = in_eu_eea_column(pd.Series(distinct, dtype=object)).to_numpy(dtype=bool)[positions]
    codes = choose(o.n, [
        (~o.is_ai | ~o.answered("personal_data"), "na"),
        (unknown, "warn_unknown_zone"),
        (inside, "pass"),
    ], "fail")
    return RuleResult(codes, {"zone": zones})
