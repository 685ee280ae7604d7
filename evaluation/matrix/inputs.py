"""Named inputs the matrix criteria read: each turns whole columns of the options table into one
value per option (a number, or a category code mapped to a score by the matrix file).

A criterion names its input in the matrix file (`input: npv_over_tco`); adding an input here makes
it available to every matrix. An input whose columns are absent from the table (a step not run,
such as the checklist) is unavailable: the criteria reading it are skipped and the result says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from evaluation.domain.option import OptionKind
from evaluation.domain.settings import Settings
from evaluation.domain.zones import in_eu_eea_column
from evaluation.finance.baseline import NO_BASELINE, baseline_position, baseline_values, is_baseline
from evaluation.table.columns import (
    CHK_BLOCKING_COUNT,
    CHK_FAIL_COUNT,
    CHK_WARN_COUNT,
    FIN_HOURS_SAVED_PER_YEAR,
    FIN_NPV,
    FIN_ROI,
    FIN_SOCIO_NPV,
    FIN_TCO,
    GOVERNANCE_SNR_OBJECTIVE,
    HAS_NON_AI_OPTION,
    HORIZON,
    OPTION_BENEFITS_QUALITATIVE_AGENTS,
    OPTION_BENEFITS_QUALITATIVE_INCLUSION,
    OPTION_BENEFITS_QUALITATIVE_STRATEGIE,
    OPTION_BENEFITS_QUALITATIVE_USAGERS,
    OPTION_KIND,
    OPTION_ZONE,
    footprint_range,
)
from evaluation.table.read import FloatArray, number_column, range_mean

ObjectArray = npt.NDArray[np.object_]
InputValues = FloatArray | ObjectArray
InputFunction = Callable[[pd.DataFrame, Settings], InputValues]
F = TypeVar("F", bound=InputFunction)

HOSTING_REGIONS = ("eu_eea", "outside_eu_eea", "unknown", "not_hosted")
WORLD_ZONE = "WOR"


@dataclass(frozen=True)
class MatrixInput:
    """One named input: how it is computed, the columns it needs, its unit or its categories."""

    name: str
    kind: Literal["number", "category"]
    requires: tuple[str, ...]
    compute: InputFunction
    unit: str = ""
    categories: tuple[str, ...] = ()

    def available(self, frame: pd.DataFrame) -> bool:
        """Whether the table has every column this input reads."""
        return all(column in frame.columns for column in self.requires)


_REGISTRY: dict[str, MatrixInput] = {}


def matrix_input(
    name: str, *, requires: tuple[str, ...], unit: str = "", categories: tuple[str, ...] = ()
) -> Callable[[F], F]:
    """Register a function as the named input (numeric, or categorical when categories are given)."""

    def register(function: F) -> F:
        kind: Literal["number", "category"] = "category" if categories else "number"
        _REGISTRY[name] = MatrixInput(name, kind, requires, function, unit, categories)
        return function

    return register


def input_registry() -> Mapping[str, MatrixInput]:
    """Every named input, by name."""
    return _REGISTRY


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """numerator / denominator; a zero denominator gives +-inf (0 for 0 / 0); NaN stays NaN."""
    result = np.full(numerator.shape, np.nan)
    positive = denominator != 0
    result[positive] = numerator[positive] / denominator[positive]
    zero = denominator == 0
    result[zero & (numerator > 0)] = np.inf
    result[zero & (numerator < 0)] = -np.inf
    result[zero & (numerator == 0)] = 0.0
    return result


# Finance ---------------------------------------------------------------------------------------

@matrix_input("npv_over_tco", requires=(FIN_NPV, FIN_TCO), unit="ratio")
def npv_over_tco(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """NPV divided by the TCO (no unit): 1 means the project returns its full cost once more."""
    return _ratio(number_column(frame, FIN_NPV), number_column(frame, FIN_TCO))


@matrix_input("socio_npv_over_tco", requires=(FIN_SOCIO_NPV, FIN_TCO), unit="ratio")
def socio_npv_over_tco(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """Socio-economic NPV (carbon priced) divided by the TCO (no unit)."""
    return _ratio(number_column(frame, FIN_SOCIO_NPV), number_column(frame, FIN_TCO))


@matrix_input("roi", requires=(FIN_ROI,), unit="ratio")
def roi(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """Return on investment over the horizon (no unit)."""
    return number_column(frame, FIN_ROI)


@matrix_input("tco_eur", requires=(FIN_TCO,), unit="EUR")
def tco_eur(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """Total cost of ownership over the horizon (EUR)."""
    return number_column(frame, FIN_TCO)


@matrix_input("tco_per_year_eur", requires=(FIN_TCO, HORIZON), unit="EUR/an")
def tco_per_year_eur(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """TCO divided by the horizon (EUR/yr), to compare projects of different horizons."""
    return number_column(frame, FIN_TCO) / number_column(frame, HORIZON)


@matrix_input("hours_saved_per_year", requires=(FIN_HOURS_SAVED_PER_YEAR,), unit="h/an")
def hours_saved_per_year(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """Agent hours saved per year (h/yr)."""
    return number_column(frame, FIN_HOURS_SAVED_PER_YEAR)


# Qualitative answers (0-4) ------------------------------------------------------------------------

@matrix_input("qual_usagers", requires=(OPTION_BENEFITS_QUALITATIVE_USAGERS,), unit="0-4")
def qual_usagers(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """The proposal's 0-4 answer: service to citizens."""
    return number_column(frame, OPTION_BENEFITS_QUALITATIVE_USAGERS)


@matrix_input("qual_agents", requires=(OPTION_BENEFITS_QUALITATIVE_AGENTS,), unit="0-4")
def qual_agents(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """The proposal's 0-4 answer: agents' working conditions."""
    return number_column(frame, OPTION_BENEFITS_QUALITATIVE_AGENTS)


@matrix_input("qual_inclusion", requires=(OPTION_BENEFITS_QUALITATIVE_INCLUSION,), unit="0-4")
def qual_inclusion(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """The proposal's 0-4 answer: inclusion and accessibility."""
    return number_column(frame, OPTION_BENEFITS_QUALITATIVE_INCLUSION)


@matrix_input("qual_strategie", requires=(OPTION_BENEFITS_QUALITATIVE_STRATEGIE,), unit="0-4")
def qual_strategie(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """The proposal's 0-4 answer: strategic alignment."""
    return number_column(frame, OPTION_BENEFITS_QUALITATIVE_STRATEGIE)


# Need and strategy ------------------------------------------------------------------------------

@matrix_input("baseline_present", requires=(HAS_NON_AI_OPTION,), unit="0/1")
def baseline_present(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """1 when the proposal has a non-AI option to compare with, 0 otherwise."""
    return frame[HAS_NON_AI_OPTION].to_numpy(dtype=bool).astype("float64")


@matrix_input("npv_gain_over_baseline_per_tco", requires=(FIN_NPV, FIN_TCO, OPTION_KIND), unit="ratio")
def npv_gain_over_baseline_per_tco(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """(NPV - the non-AI baseline's NPV) / TCO (no unit): 0 for the baseline itself, NaN without one."""
    position = baseline_position(frame)
    npv = number_column(frame, FIN_NPV)
    gain = _ratio(npv - baseline_values(npv, position), number_column(frame, FIN_TCO))
    gain[is_baseline(position)] = 0.0
    return gain


@matrix_input("snr_objective_given", requires=(GOVERNANCE_SNR_OBJECTIVE,), unit="0/1")
def snr_objective_given(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """1 when the proposal names the objective of the responsible digital strategy it serves."""
    text = frame[GOVERNANCE_SNR_OBJECTIVE].astype(object).where(frame[GOVERNANCE_SNR_OBJECTIVE].notna(), "")
    return text.astype(str).str.strip().ne("").to_numpy(dtype=bool).astype("float64")


# Footprint -------------------------------------------------------------------------------------

def _annual_mean(frame: pd.DataFrame, criterion: str) -> FloatArray:
    """Mean of the option's annual min-max range of one footprint criterion."""
    low, high = footprint_range("annual", criterion)
    return range_mean(number_column(frame, low), number_column(frame, high))


def _ratio_to_baseline(frame: pd.DataFrame, values: FloatArray) -> FloatArray:
    """values / the non-AI baseline's: 1 for the baseline itself, inf when the baseline's is 0 and
    the option's is not, NaN without a baseline."""
    position = baseline_position(frame)
    ratio = _ratio(values, baseline_values(values, position))
    ratio[is_baseline(position) & ~np.isnan(values)] = 1.0
    ratio[position == NO_BASELINE] = np.nan
    return ratio


@matrix_input("annual_gwp_kg", requires=footprint_range("annual", "gwp_kgco2eq"), unit="kgCO2e/an")
def annual_gwp_kg(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """Annual greenhouse-gas emissions (kgCO2e/yr), mean of the range."""
    return _annual_mean(frame, "gwp_kgco2eq")


@matrix_input("annual_wcf_l", requires=footprint_range("annual", "wcf_l"), unit="L/an")
def annual_wcf_l(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """Annual water consumption (L/yr), mean of the range."""
    return _annual_mean(frame, "wcf_l")


@matrix_input("annual_adpe_kgsbeq", requires=footprint_range("annual", "adpe_kgsbeq"), unit="kgSbeq/an")
def annual_adpe_kgsbeq(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """Annual abiotic resource depletion (kgSbeq/yr), mean of the range."""
    return _annual_mean(frame, "adpe_kgsbeq")


@matrix_input("annual_energy_kwh", requires=footprint_range("annual", "energy_kwh"), unit="kWh/an")
def annual_energy_kwh(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """Annual energy (kWh/yr), mean of the range."""
    return _annual_mean(frame, "energy_kwh")


@matrix_input("gwp_ratio_to_baseline", requires=(*footprint_range("annual", "gwp_kgco2eq"), OPTION_KIND), unit="ratio")
def gwp_ratio_to_baseline(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """Annual CO2e of the option / that of the non-AI baseline (no unit)."""
    return _ratio_to_baseline(frame, annual_gwp_kg(frame, settings))


@matrix_input("wcf_ratio_to_baseline", requires=(*footprint_range("annual", "wcf_l"), OPTION_KIND), unit="ratio")
def wcf_ratio_to_baseline(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """Annual water of the option / that of the non-AI baseline (no unit)."""
    return _ratio_to_baseline(frame, annual_wcf_l(frame, settings))


@matrix_input("adpe_ratio_to_baseline", requires=(*footprint_range("annual", "adpe_kgsbeq"), OPTION_KIND), unit="ratio")
def adpe_ratio_to_baseline(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """Annual ADPe of the option / that of the non-AI baseline (no unit)."""
    return _ratio_to_baseline(frame, annual_adpe_kgsbeq(frame, settings))


# Checklist -------------------------------------------------------------------------------------

@matrix_input("blocking_count", requires=(CHK_BLOCKING_COUNT,), unit="règles")
def blocking_count(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """Number of blocking checklist failures (an illegal practice)."""
    return number_column(frame, CHK_BLOCKING_COUNT)


@matrix_input("fail_count", requires=(CHK_FAIL_COUNT,), unit="règles")
def fail_count(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """Number of failed checklist rules."""
    return number_column(frame, CHK_FAIL_COUNT)


@matrix_input("warn_count", requires=(CHK_WARN_COUNT,), unit="règles")
def warn_count(frame: pd.DataFrame, settings: Settings) -> FloatArray:
    """Number of checklist warnings."""
    return number_column(frame, CHK_WARN_COUNT)


# Dependence and sovereignty (categories) --------------------------------------------------------

@matrix_input("option_kind", requires=(OPTION_KIND,), categories=tuple(kind.value for kind in OptionKind))
def option_kind(frame: pd.DataFrame, settings: Settings) -> ObjectArray:
    """The option's kind (non_ai, genai_api, genai_self_hosted, ml, vision, rules)."""
    return frame[OPTION_KIND].to_numpy(dtype=object)


@matrix_input("hosting_region", requires=(OPTION_ZONE, OPTION_KIND), categories=HOSTING_REGIONS)
def hosting_region(frame: pd.DataFrame, settings: Settings) -> ObjectArray:
    """Where the option runs: eu_eea, outside_eu_eea, unknown (no zone stated, or WOR for an option
    that runs somewhere) or not_hosted (a non-AI option with no zone)."""
    zones = frame[OPTION_ZONE].astype(object)
    stated = zones.notna() & zones.ne(WORLD_ZONE)
    inside = in_eu_eea_column(zones).to_numpy(dtype=bool)
    non_ai = frame[OPTION_KIND].eq(OptionKind.NON_AI.value).to_numpy(dtype=bool)
    region = np.where(inside, "eu_eea", np.where(stated.to_numpy(dtype=bool), "outside_eu_eea",
                                                 np.where(non_ai & zones.isna().to_numpy(dtype=bool),
                                                          "not_hosted", "unknown")))
    return region.astype(object)
