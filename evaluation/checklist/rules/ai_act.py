"""The AI Act, règlement (UE) 2024/1689 (rules AIA-*)."""

from __future__ import annotations

from collections.abc import Mapping

from .options import Options
from .registry import rule
from .results import RuleResult, choose, combinations

_DATED = ("date", "applicability")


@rule("AIA-1", outcomes=("pass", "fail", "na", "na_not_in_force"), params=_DATED)
def aia_1(o: Options, p: Mapping[str, float]) -> RuleResult:
    """Prohibited practices (art. 5)."""
    obligation = o.obligation(o.settings.ai_act.prohibitions)
    return RuleResult(choose(o.n, [
        (~o.is_ai, "na"),
        (~obligation.applies, "na_not_in_force"),
        (o.answered("prohibited_practice"), "fail"),
    ], "pass"), obligation.params())


@rule("AIA-2", outcomes=("pass", "pass_exempt", "fail", "na", "na_not_in_force"),
      params=(*_DATED, "point", "missing"),
      labels=("5a", "5b", "5c", "5d", "other", "fria", "human_oversight", "eu_registration"))
def aia_2(o: Options, p: Mapping[str, float]) -> RuleResult:
    """High-risk use (Annex III): the deployer's duties (FRIA art. 27, oversight art. 26, registration art. 49(3))."""
    obligation = o.obligation(o.settings.ai_act.high_risk_annex_iii)
    annex = o.answer("annex_iii")
    fria_ok = o.answer_in("fria", "done", "planned")
    missing = combinations([
        ("fria", ~fria_ok),
        ("human_oversight", ~o.answered("human_oversight")),
        ("eu_registration", ~o.answered("eu_registration")),
    ])
    duties_met = fria_ok & o.answered("human_oversight") & o.answered("eu_registration")
    codes = choose(o.n, [
        (~o.is_ai | o.answer_in("annex_iii", "none"), "na"),
        (~obligation.applies, "na_not_in_force"),
        (o.answered("art6_3_exemption"), "pass_exempt"),
        (duties_met, "pass"),
    ], "fail")
    return RuleResult(codes, {**obligation.params(), "point": annex, "missing": missing})


@rule("AIA-3", outcomes=("pass", "pass_editorial", "fail_public", "fail_content", "na", "na_not_in_force"),
      params=_DATED)
def aia_3(o: Options, p: Mapping[str, float]) -> RuleResult:
    """Transparency (art. 50): people told they deal with AI, generated content marked."""
    obligation = o.obligation(o.settings.ai_act.transparency)
    public = o.answered("public_facing")
    publishes = o.answered("publishes_generated_content")
    return RuleResult(choose(o.n, [
        (~o.is_ai | ~(public | publishes), "na"),
        (~obligation.applies, "na_not_in_force"),
        (o.answered("ai_disclosure"), "pass"),
        (public, "fail_public"),
        (o.answered("human_editorial_review"), "pass_editorial"),
    ], "fail_content"), obligation.params())


@rule("AIA-4", outcomes=("pass", "warn", "na", "na_not_in_force"), params=_DATED)
def aia_4(o: Options, p: Mapping[str, float]) -> RuleResult:
    """AI literacy of the agents who use it (art. 4)."""
    obligation = o.obligation(o.settings.ai_act.ai_literacy)
    return RuleResult(choose(o.n, [
        (~o.is_ai, "na"),
        (~obligation.applies, "na_not_in_force"),
        (o.answered("staff_training"), "pass"),
    ], "warn"), obligation.params())
