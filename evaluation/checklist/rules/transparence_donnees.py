"""Algorithmic transparency and personal data: the CRPA, the loi 78-17 and the RGPD (rules ALG-*, DP-1)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from evaluation.domain.settings import CollectiviteKind

from .options import BoolArray, Options
from .registry import rule
from .results import RuleResult, choose, combinations


def _decisions(o: Options) -> BoolArray:
    """Algorithmic options that take part in individual decisions about people."""
    return np.asarray(o.is_algorithmic & ~o.answer_in("decision_role", "none"), dtype=bool)


@rule("ALG-1", outcomes=("pass", "fail", "na"))
def alg_1(o: Options, p: Mapping[str, float]) -> RuleResult:
    """Explicit mention on individual decisions (CRPA L311-3-1): the purpose, the right to obtain the rules,
    how to exercise it and that the CADA can be seized (R311-3-1-1)."""
    return RuleResult(choose(o.n, [(~_decisions(o), "na"), (o.answered("explicit_mention"), "pass")], "fail"))


@rule("ALG-2", outcomes=("pass", "fail", "na"))
def alg_2(o: Options, p: Mapping[str, float]) -> RuleResult:
    """The four items of CRPA R311-3-1-2 given on request."""
    return RuleResult(choose(o.n, [
        (~_decisions(o), "na"), (o.answered("explanation_on_request"), "pass")], "fail"))


#: Collectivités territoriales: the population threshold of ALG-3 applies to them (an EPCI is an
#: établissement public, judged on its headcount only).
TERRITORIAL = frozenset({CollectiviteKind.COMMUNE, CollectiviteKind.DEPARTEMENT, CollectiviteKind.REGION})


@rule("ALG-3", outcomes=("pass", "warn", "warn_headcount", "na", "na_below_threshold"),
      params=("min_headcount", "min_population"), defaults={"min_headcount": 50, "min_population": 3500})
def alg_3(o: Options, p: Mapping[str, float]) -> RuleResult:
    """Listed in the published inventory of main algorithms (CRPA L312-1-3), for administrations of
    min_headcount agents or more in FTE; collectivités under min_population inhabitants are outside."""
    profile = o.settings.profile
    small_collectivite = profile.kind in TERRITORIAL and profile.population < p["min_population"]
    headcount = profile.headcount
    below = small_collectivite or (headcount is not None and headcount < p["min_headcount"])
    fallback = "na_below_threshold" if below else ("warn_headcount" if headcount is None else "warn")
    return RuleResult(choose(o.n, [
        (~_decisions(o), "na"),
        (o.answered("algorithm_published"), "pass"),
    ], fallback), {"min_headcount": int(p["min_headcount"]), "min_population": int(p["min_population"])})


@rule("ALG-4", outcomes=("pass", "fail", "na"))
def alg_4(o: Options, p: Mapping[str, float]) -> RuleResult:
    """A self-learning AI system may not be the sole basis of individual decisions (CC 2018-765 DC)."""
    automated = o.answer_in("decision_role", "automated")
    return RuleResult(choose(o.n, [
        (~o.is_ai | o.answer_in("decision_role", "none"), "na"),
        (automated & o.answered("self_learning"), "fail"),
    ], "pass"))


@rule("ALG-5", outcomes=("pass", "fail_sensitive", "fail_no_appeal", "fail_both", "na"))
def alg_5(o: Options, p: Mapping[str, float]) -> RuleResult:
    """A fully automated decision: no sensitive data and an appeal (loi 78-17 art. 47, RGPD art. 22)."""
    sensitive = o.answered("sensitive_data")
    no_appeal = ~o.answered("appeal_possible")
    return RuleResult(choose(o.n, [
        (~o.is_algorithmic | ~o.answer_in("decision_role", "automated"), "na"),
        (sensitive & no_appeal, "fail_both"),
        (sensitive, "fail_sensitive"),
        (no_appeal, "fail_no_appeal"),
    ], "pass"))


@rule("DP-1", outcomes=("pass", "pass_not_required", "warn", "fail", "na"), params=("reasons",),
      labels=("sensitive_data", "decision", "annex_iii"))
def dp_1(o: Options, p: Mapping[str, float]) -> RuleResult:
    """A DPIA where required: sensitive data, a decision about people, or an Annex III use (RGPD art. 35)."""
    reasons = combinations([
        ("sensitive_data", o.answered("sensitive_data")),
        ("decision", ~o.answer_in("decision_role", "none")),
        ("annex_iii", ~o.answer_in("annex_iii", "none")),
    ])
    required = o.answered("sensitive_data") | ~o.answer_in("decision_role", "none") | ~o.answer_in("annex_iii", "none")
    codes = choose(o.n, [
        (~o.is_algorithmic | ~o.answered("personal_data"), "na"),
        (~required, "pass_not_required"),
        (o.answer_in("dpia", "done"), "pass"),
        (o.answer_in("dpia", "planned"), "warn"),
    ], "fail")
    return RuleResult(codes, {"reasons": reasons})
