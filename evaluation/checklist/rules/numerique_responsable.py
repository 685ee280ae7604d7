"""Numérique responsable: the loi REEN and the RGESN (rules NR-*, RG-1.*, RG-2.*)."""

from __future__ import annotations

from collections.abc import Mapping

from evaluation.domain.option import OptionKind
from evaluation.domain.settings import CollectiviteKind, Settings
from evaluation.table.columns import (
    FP_ESTIMATED,
    OPTION_COSTS_ANNUAL_API,
    OPTION_COSTS_ANNUAL_HOSTING,
    OPTION_COSTS_ANNUAL_LICENCES,
    OPTION_COSTS_ONE_OFF_HARDWARE,
)

from .options import Options
from .registry import rule
from .results import RuleResult, choose


def subject_to_reen(settings: Settings, population_threshold: float) -> bool:
    """Communes and EPCI of more than population_threshold inhabitants (loi 2021-1485 art. 35)."""
    profile = settings.profile
    return profile.kind in (CollectiviteKind.COMMUNE, CollectiviteKind.EPCI) and (
        profile.population > population_threshold)


@rule("NR-01", outcomes=("pass", "warn", "na"), params=("threshold",),
      defaults={"population_threshold": 50_000})
def nr_01(o: Options, p: Mapping[str, float]) -> RuleResult:
    """The collectivité's SNR; the same outcome on every option (it is about the collectivité)."""
    threshold = p["population_threshold"]
    subject = subject_to_reen(o.settings, threshold)
    code = ("pass" if o.settings.profile.snr_adopted else "warn") if subject else "na"
    return RuleResult(choose(o.n, [], code), {"threshold": int(threshold)})


@rule("NR-02", outcomes=("pass", "warn", "na"), defaults={"population_threshold": 50_000})
def nr_02(o: Options, p: Mapping[str, float]) -> RuleResult:
    """The SNR objective the project serves; na when the collectivité has no SNR and needs none."""
    has_snr = o.settings.profile.snr_adopted or subject_to_reen(o.settings, p["population_threshold"])
    if not has_snr:
        return RuleResult(choose(o.n, [], "na"))
    return RuleResult(choose(o.n, [(o.written("snr_objective"), "pass")], "warn"))


@rule("NR-03", outcomes=("pass", "fail", "na"))
def nr_03(o: Options, p: Mapping[str, float]) -> RuleResult:
    """Repairability and durability indices, for options that buy equipment."""
    buys = (o.numbers(OPTION_COSTS_ONE_OFF_HARDWARE) > 0) | (o.answered("new_hardware") & ~o.is_non_ai)
    return RuleResult(choose(o.n, [(~buys, "na"), (o.answered("repairability_considered"), "pass")], "fail"))


@rule("NR-04", outcomes=("pass", "warn", "na"))
def nr_04(o: Options, p: Mapping[str, float]) -> RuleResult:
    """Decommissioning of the automated system; na for the option without automation."""
    return RuleResult(choose(o.n, [(o.is_non_ai, "na"), (o.answered("end_of_life_plan"), "pass")], "warn"))


@rule("RG-1.1", outcomes=("pass", "pass_justified", "fail", "na"))
def rg_1_1(o: Options, p: Mapping[str, float]) -> RuleResult:
    """A non-AI alternative studied (option non_ai or rules in the proposal) or a written justification."""
    return RuleResult(choose(o.n, [
        (~o.is_ai, "na"),
        (o.has_alternative, "pass"),
        (o.written("no_alternative_justification"), "pass_justified"),
    ], "fail"))


@rule("RG-1.5", outcomes=("pass", "warn_estimate_only", "warn", "warn_no_figure", "na"))
def rg_1_5(o: Options, p: Mapping[str, float]) -> RuleResult:
    """Reduction objectives with indicators (RGESN 1.5): pass only where the project sets them; an estimate
    of the footprint (fp.estimated) alone is a start, not the criterion."""
    objectives = o.answered("reduction_objectives")
    if not o.has(FP_ESTIMATED):
        return RuleResult(choose(o.n, [(~o.is_ai, "na"), (objectives, "pass")], "warn_no_figure"))
    return RuleResult(choose(o.n, [
        (~o.is_ai, "na"),
        (objectives, "pass"),
        (o.flags(FP_ESTIMATED), "warn_estimate_only"),
    ], "warn"))


@rule("RG-2.8", outcomes=("pass", "warn", "na"))
def rg_2_8(o: Options, p: Mapping[str, float]) -> RuleResult:
    """Supplier commitments, for options bought from a supplier (API, licences or hosting)."""
    supplied = (
        o.kind_in(OptionKind.GENAI_API.value)
        | (o.numbers(OPTION_COSTS_ANNUAL_LICENCES) > 0)
        | (o.numbers(OPTION_COSTS_ANNUAL_API) > 0)
        | (o.numbers(OPTION_COSTS_ANNUAL_HOSTING) > 0)
    )
    return RuleResult(choose(o.n, [
        (o.is_non_ai | ~supplied, "na"), (o.answered("supplier_commitments"), "pass")], "warn"))
