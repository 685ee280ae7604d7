"""The lines of the fiche's comparison with the option without AI: each measure and its value, written
in the unit the value is shown in (the label names no unit of its own when the value carries one).

The extra cost per extra tonne of CO2e is a ratio: when the extra emissions over the horizon are under
`MEANINGFUL_TONNES`, the tonnes are mostly rounding and the ratio is noise (« 113 247 431 € » per tonne
for a few grams); it is then not shown, and the line says why."""

from __future__ import annotations

import math
from typing import Any

from evaluation.table.columns import (
    FIN_COST_PER_HOUR_GAINED,
    FIN_COST_PER_TCO2E,
    FIN_DELTA_BENEFIT,
    FIN_DELTA_COST,
    FIN_DELTA_GWP_KG,
    FIN_DELTA_HOURS_PER_YEAR,
    FIN_DELTA_NPV,
    FIN_DELTA_WCF_L,
    HORIZON,
)
from evaluation.table.read import is_missing
from ui.formatting import NBSP, format_euros, format_number, format_quantity
from ui.i18n import t

# Below one tonne of CO2e over the horizon, the tonnes of a cost per tonne are less than the unit itself.
MEANINGFUL_TONNES = 1.0
KG_PER_TONNE = 1000.0


def extra_tonnes(row: Any) -> float:
    """The extra emissions over the horizon, in tonnes of CO2e (NaN when unknown)."""
    delta, horizon = row.get(FIN_DELTA_GWP_KG), row.get(HORIZON)
    if is_missing(delta) or is_missing(horizon):
        return math.nan
    return float(delta) * float(horizon) / KG_PER_TONNE


def negligible(row: Any) -> bool:
    """True when the extra emissions over the horizon are known but under MEANINGFUL_TONNES."""
    tonnes = extra_tonnes(row)
    return not math.isnan(tonnes) and abs(tonnes) < MEANINGFUL_TONNES


def cost_per_tonne_text(row: Any, *, lang: str) -> str:
    """« 1 234 € / t CO2e », or « Non calculé » with the short reason (cost_per_tonne_note says more)."""
    value, tonnes = row.get(FIN_COST_PER_TCO2E), extra_tonnes(row)
    if math.isnan(tonnes) or is_missing(value):
        return t("app.fiche.finance.cost_per_tco2e_none", lang=lang)
    if negligible(row):
        return t("app.fiche.finance.cost_per_tco2e_small", lang=lang)
    return f"{format_euros(value, lang=lang)}{NBSP}/{NBSP}t{NBSP}CO2e"


def cost_per_tonne_note(row: Any, *, lang: str) -> str | None:
    """Why the cost per tonne is not shown when the extra emissions are negligible (None otherwise)."""
    if not negligible(row):
        return None
    return t("app.fiche.finance.cost_per_tco2e_negligible", lang=lang,
             difference=format_quantity(extra_tonnes(row) * KG_PER_TONNE, "gwp_kgco2eq", lang=lang),
             threshold=format_quantity(MEANINGFUL_TONNES * KG_PER_TONNE, "gwp_kgco2eq", lang=lang))


def baseline_lines(row: Any, *, lang: str) -> list[tuple[str, str]]:
    """(measure, value) for each line of the comparison with the option without AI."""
    return [
        (t("matrix.finance.delta_cost", lang=lang), format_euros(row.get(FIN_DELTA_COST), lang=lang)),
        (t("matrix.finance.delta_benefit", lang=lang), format_euros(row.get(FIN_DELTA_BENEFIT), lang=lang)),
        (t("matrix.finance.delta_npv", lang=lang), format_euros(row.get(FIN_DELTA_NPV), lang=lang)),
        (t("matrix.finance.delta_hours_per_year", lang=lang),
         format_number(row.get(FIN_DELTA_HOURS_PER_YEAR), lang=lang, decimals=0)),
        (t("matrix.finance.delta_gwp_kg", lang=lang), format_quantity(row.get(FIN_DELTA_GWP_KG), "gwp_kgco2eq", lang=lang)),
        (t("matrix.finance.delta_wcf_l", lang=lang), format_quantity(row.get(FIN_DELTA_WCF_L), "wcf_l", lang=lang)),
        (t("matrix.finance.cost_per_tco2e", lang=lang), cost_per_tonne_text(row, lang=lang)),
        (t("matrix.finance.cost_per_hour_gained", lang=lang),
         format_euros(row.get(FIN_COST_PER_HOUR_GAINED), lang=lang)),
    ]
