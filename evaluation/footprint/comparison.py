"""The same option in other zones: the location comparison."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from evaluation.domain.option import Option
from evaluation.domain.settings import Settings
from evaluation.footprint.codes import WARNING_CODES
from evaluation.footprint.estimate import estimate
from evaluation.footprint.ranges import Range
from evaluation.footprint.reference import method
from evaluation.footprint.single_option import rows_frame
from evaluation.table.columns import FOOTPRINT_CRITERIA, OPTION_ZONE


class ZoneFootprint(BaseModel):
    """Annual footprint of an option if it were hosted in `zone` (None where not estimable)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zone: str
    estimated: bool
    annual_energy_kwh: Range | None
    annual_gwp_kgco2eq: Range | None
    annual_wcf_l: Range | None
    warnings: tuple[str, ...]


def zone_comparison(option_or_row: Option | Mapping[str, Any], settings: Settings, *,
                    zones: Sequence[str] | None = None) -> list[ZoneFootprint]:
    """Annual energy (kWh), GWP (kgCO2eq) and water (L), min-max, of the option in each zone (by
    default FRA, EEE, DEU, USA, WOR), in the order given."""
    wanted = list(zones if zones is not None else method().comparison_zones)
    if not wanted:
        return []
    frame = rows_frame(option_or_row, settings, OPTION_ZONE, wanted)
    result = estimate(frame, settings)
    annual = result.annual
    codes = result.codes(result.warnings, WARNING_CODES)
    energy, gwp, water = (FOOTPRINT_CRITERIA.index(c) for c in ("energy_kwh", "gwp_kgco2eq", "wcf_l"))
    return [
        ZoneFootprint(
            zone=zone, estimated=bool(result.estimated[i]),
            annual_energy_kwh=Range.optional(annual[i, energy, 0], annual[i, energy, 1]),
            annual_gwp_kgco2eq=Range.optional(annual[i, gwp, 0], annual[i, gwp, 1]),
            annual_wcf_l=Range.optional(annual[i, water, 0], annual[i, water, 1]),
            warnings=tuple(codes[i]),
        )
        for i, zone in enumerate(wanted)
    ]
