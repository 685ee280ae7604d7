"""Sovereignty: personal data processed outside the EU/EEA (RGPD chapter V; rule SOV-1).

Where data are processed is the option's data_location, else its hosting zone (the footprint's zone, else
the option's). Inside the EU/EEA: pass. Under an adequacy decision (RGPD art. 45, data/adequacy_decisions.yaml):
pass, or warn where the decision covers only certified recipients (United States). Elsewhere: fail, unless
the proposal declares chapter V safeguards (standard contractual clauses, binding corporate rules...).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from evaluation.checklist.law import adequacy_decisions
from evaluation.domain.zones import in_eu_eea_column
from evaluation.table.columns import FP_ZONE, OPTION_DATA_LOCATION, OPTION_ZONE

from .options import ObjectArray, Options
from .registry import rule
from .results import RuleResult, choose

#: Zones that say nothing about where data are processed (EcoLogits' world average mix).
UNKNOWN_ZONES = frozenset({"WOR"})


def _distinct(values: ObjectArray) -> tuple[np.ndarray[Any, np.dtype[np.int64]], list[Any]]:
    """(position of each value among the distinct values, the distinct values); None is a value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return np.asarray(codes, dtype=np.int64), list(uniques)


def data_locations(o: Options) -> ObjectArray:
    """Where each option's data are processed: data_location, else the footprint's zone, else option.zone."""
    zones = o.objects(OPTION_ZONE)
    if o.has(FP_ZONE):
        footprint_zones = o.objects(FP_ZONE)
        zones = np.where(pd.isna(footprint_zones), zones, footprint_zones).astype(object)
    declared = o.objects(OPTION_DATA_LOCATION)
    return np.where(pd.isna(declared), zones, declared).astype(object)


@rule("SOV-1", outcomes=("pass", "pass_adequacy", "pass_safeguards", "warn_certification", "warn_unknown_zone",
                         "fail", "na"), params=("zone", "decision"))
def sov_1(o: Options, p: Mapping[str, float]) -> RuleResult:
    """Personal data processed by an AI option outside the EU/EEA, judged on where data are processed."""
    zones = data_locations(o)
    positions, distinct = _distinct(zones)
    adequate = adequacy_decisions().by_code()
    unknown = np.array([pd.isna(zone) or zone in UNKNOWN_ZONES for zone in distinct], dtype=bool)[positions]
    inside = in_eu_eea_column(pd.Series(distinct, dtype=object)).to_numpy(dtype=bool)[positions]
    outcome = [adequate[zone].outcome if isinstance(zone, str) and zone in adequate else "" for zone in distinct]
    adequacy_pass = np.array([value == "pass" for value in outcome], dtype=bool)[positions]
    adequacy_warn = np.array([value == "warn" for value in outcome], dtype=bool)[positions]
    decision = np.asarray([adequate[zone].decision if isinstance(zone, str) and zone in adequate else None
                           for zone in distinct], dtype=object)[positions]
    codes = choose(o.n, [
        (~o.is_ai | ~o.answered("personal_data"), "na"),
        (unknown, "warn_unknown_zone"),
        (inside, "pass"),
        (adequacy_pass, "pass_adequacy"),
        (o.answered("transfer_safeguards"), "pass_safeguards"),
        (adequacy_warn, "warn_certification"),
    ], "fail")
    return RuleResult(codes, {"zone": zones, "decision": decision})
