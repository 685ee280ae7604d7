"""IA frugale: the AFNOR Spec 2314 and the RGESN's AI criteria (rules RG-9.*, AF-*)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from evaluation.table.columns import (
    FIN_DELTA_BENEFIT,
    FIN_DELTA_NPV,
    FP_BEST_ALTERNATIVE_GWP_SAVING,
    FP_ESTIMATED,
    FP_UNCOVERED_PHASES,
    HAS_TRAINING,
    OPTION_TRAINING_GPU_HOURS,
)

from .options import Options
from .registry import rule
from .results import RuleResult, choose


@rule("RG-9.1", outcomes=("pass", "fail", "na"))
def rg_9_1(o: Options, p: Mapping[str, float]) -> RuleResult:
    """A training or fine-tuning phase justified, for options that train."""
    trains = o.flags(HAS_TRAINING) if o.has(HAS_TRAINING) else o.numbers(OPTION_TRAINING_GPU_HOURS) > 0
    return RuleResult(choose(o.n, [
        (o.is_non_ai | ~trains, "na"), (o.answered("training_justified"), "pass")], "fail"))


@rule("RG-9.7", outcomes=("pass", "warn", "warn_no_figure", "na", "na_not_estimated"),
      params=("saving", "threshold"), defaults={"min_saving": 0.5})
def rg_9_7(o: Options, p: Mapping[str, float]) -> RuleResult:
    """A frugal alternative (smaller model, better zone) that saves min_saving of the annual GWP or more."""
    threshold = p["min_saving"]
    params: dict[str, Any] = {"threshold": round(threshold * 100)}
    if not o.has(FP_BEST_ALTERNATIVE_GWP_SAVING):
        return RuleResult(choose(o.n, [(~o.is_ai, "na")], "warn_no_figure"), params)
    saving = o.numbers(FP_BEST_ALTERNATIVE_GWP_SAVING)
    not_estimated = ~o.flags(FP_ESTIMATED) if o.has(FP_ESTIMATED) else np.zeros(o.n, dtype=bool)
    unknown = np.isnan(saving)
    codes = choose(o.n, [
        (~o.is_ai, "na"),
        (unknown & not_estimated, "na_not_estimated"),
        (~unknown & (saving >= threshold), "warn"),
    ], "pass")
    percent = np.where(unknown, 0, np.round(np.nan_to_num(saving) * 100)).astype(np.int64)
    params["saving"] = percent
    return RuleResult(codes, params)


# --- IA frugale (AFNOR Spec 2314) -------------------------------------------------------------------


@rule("AF-1", outcomes=("pass", "warn_no_gain", "warn_no_figure", "warn_no_baseline", "fail", "na"))
def af_1(o: Options, p: Mapping[str, float]) -> RuleResult:
    """The AI option's net gain over the non-AI baseline (fin.delta_npv, else fin.delta_benefit)."""
    gain_column = next((c for c in (FIN_DELTA_NPV, FIN_DELTA_BENEFIT) if o.has(c)), None)
    gain = o.numbers(gain_column) if gain_column else np.full(o.n, np.nan)
    return RuleResult(choose(o.n, [
        (~o.is_ai, "na"),
        (~o.has_alternative, "fail"),
        (~o.has_non_ai_option, "warn_no_baseline"),
        (np.isnan(gain), "warn_no_figure"),
        (gain > 0, "pass"),
    ], "warn_no_gain"))


@rule("AF-2", outcomes=("pass", "pass_limits", "warn", "warn_no_figure", "na"), params=("phases", "limits"))
def af_2(o: Options, p: Mapping[str, float]) -> RuleResult:
    """The phases of the life cycle the footprint does not cover (fp.uncovered_phases).

    Phases no available method covers (STRUCTURAL_PHASES: network, devices...) are named as limits;
    only the phases the project could still estimate (training it did not declare, idle servers) warn.
    """
    from evaluation.footprint.codes import STRUCTURAL_PHASES

    if not o.has(FP_UNCOVERED_PHASES):
        return RuleResult(choose(o.n, [(~o.is_ai, "na")], "warn_no_figure"))

    def split(value: Any, structural: bool) -> tuple[str, ...] | None:
        if not isinstance(value, (tuple, list)):
            return None
        return tuple(phase for phase in value if (phase in STRUCTURAL_PHASES) is structural)

    phases = o.per_value(FP_UNCOVERED_PHASES, lambda value: split(value, False), None)
    limits = o.per_value(FP_UNCOVERED_PHASES, lambda value: split(value, True), None)
    known = o.per_value_bool(FP_UNCOVERED_PHASES, lambda value: isinstance(value, (tuple, list)), False)
    fixable = o.per_value_bool(FP_UNCOVERED_PHASES, lambda value: bool(split(value, False)), False)
    limited = o.per_value_bool(FP_UNCOVERED_PHASES, lambda value: bool(split(value, True)), False)
    codes = choose(o.n, [(~o.is_ai, "na"), (~known, "warn_no_figure"), (fixable, "warn"), (limited, "pass_limits")],
                   "pass")
    return RuleResult(codes, {"phases": phases, "limits": limits})
