"""The AI Act, règlement (UE) 2024/1689 as amended by règlement (UE) 2026/1744 (rules AIA-*).

Every date comes from data/ai_act_dates.yaml as in force on the evaluation date (Options.on); a text adopted
but not yet in force is named in the message ({pending}) without being applied.
"""

from __future__ import annotations

from collections.abc import Mapping

from evaluation.checklist.law import Obligation

from .options import Options
from .registry import rule
from .results import RuleResult, choose, combinations

_DATED = ("date", "applicability", "pending")


@rule("AIA-1", outcomes=("pass", "fail", "na", "na_not_in_force"),
      params=(*_DATED, "added_date", "added_applicability", "added_pending"))
def aia_1(o: Options, p: Mapping[str, float]) -> RuleResult:
    """Prohibited practices (art. 5), with those added by the Digital Omnibus (art. 5(1)(ba), (bb))."""
    prohibitions = o.dated(Obligation.PROHIBITIONS)
    added = o.dated(Obligation.ADDED_PROHIBITIONS)
    return RuleResult(choose(o.n, [
        (~o.is_ai, "na"),
        (~prohibitions.applies, "na_not_in_force"),
        (o.answered("prohibited_practice"), "fail"),
    ], "pass"), {**prohibitions.params(), **added.params("added_")})


@rule("AIA-2", outcomes=("pass", "pass_exempt", "fail", "na", "na_not_in_force"),
      params=(*_DATED, "point", "missing"),
      labels=("5a", "5b", "5c", "5d", "other", "fria", "human_oversight", "eu_registration"))
def aia_2(o: Options, p: Mapping[str, float]) -> RuleResult:
    """High-risk use (Annex III): the deployer's duties (FRIA art. 27, oversight art. 26, registration art. 49(3))."""
    obligation = o.dated(Obligation.HIGH_RISK_ANNEX_III)
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
    obligation = o.dated(Obligation.TRANSPARENCY)
    public = o.answered("public_facing")
    publishes = o.answered("publishes_generated_content")
    return RuleResult(choose(o.n, [
        (~o.is_ai | ~(public | publishes), "na"),
        (~obligation.applies, "na_not_in_force"),
        (o.answered("ai_disclosure"), "pass"),
        (public, "fail_public"),
        (o.answered("human_editorial_review"), "pass_editorial"),
    ], "fail_content"), obligation.params())


@rule("AIA-4", outcomes=("pass", "warn", "na", "na_not_in_force"), params=(*_DATED, "duty"),
      labels=("ensure", "support"))
def aia_4(o: Options, p: Mapping[str, float]) -> RuleResult:
    """AI literacy of the agents who use it (art. 4); {duty} is the wording in force on the evaluation date:
    `ensure` (art. 4 as adopted in 2024) or `support` (art. 4 as replaced by the Digital Omnibus)."""
    obligation = o.dated(Obligation.AI_LITERACY)
    return RuleResult(choose(o.n, [
        (~o.is_ai, "na"),
        (~obligation.applies, "na_not_in_force"),
        (o.answered("staff_training"), "pass"),
    ], "warn"), {**obligation.params(), "duty": obligation.variant or "ensure"})
