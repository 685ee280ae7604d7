"""The conditions of every rule: one small vectorised function per rule id over the options table.

A rule function returns, for every option, an outcome code and the parameters its message needs.
An outcome code is its status (`pass`, `warn`, `fail`, `na`), optionally followed by `_` and a
qualifier when one status has several reasons (`fail_public`, `warn_no_figure`). The texts of every
outcome live in the rules file (matrices/rules.yaml), keyed by these codes.

Kinds of options: `non_ai` (no automation), `rules` (deterministic automation: an algorithm in the
sense of the CRPA, not an AI system in the sense of the AI Act) and the AI kinds (`genai_api`,
`genai_self_hosted`, `ml`, `vision`). Which rules apply to which kinds is documented in each rule's
`scope` text in the rules file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from evaluation.domain.option import AI_KINDS, OptionKind
from evaluation.domain.settings import CollectiviteKind, Settings
from evaluation.domain.zones import in_eu_eea_column

from .model import Status

BoolArray = np.ndarray[Any, np.dtype[np.bool_]]
ObjectArray = np.ndarray[Any, np.dtype[np.object_]]
FloatArray = np.ndarray[Any, np.dtype[np.float64]]

#: Zones that say nothing about where data are processed (EcoLogits' world average mix).
UNKNOWN_ZONES = frozenset({"WOR"})


def status_of(code: str) -> Status:
    """The status an outcome code stands for (`fail_public` -> fail)."""
    return Status(code.split("_", 1)[0])


@dataclass(frozen=True)
class Outcomes:
    """The outcome code of every option, as positions in a short tuple of codes."""

    index: np.ndarray[Any, np.dtype[np.int64]]
    names: tuple[str, ...]

    @property
    def codes(self) -> ObjectArray:
        """The outcome code of every option, as strings."""
        table = np.empty(len(self.names), dtype=object)
        table[:] = self.names
        return np.asarray(table[self.index], dtype=object)


@dataclass(frozen=True)
class RuleResult:
    """Outcome codes of one rule for every option, and the parameters of their messages.

    A parameter is either one value for every option or an array aligned with the options; values
    are dates, tuples of label keys, ints, strings (label keys or plain text) or None.
    """

    outcomes: Outcomes
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def codes(self) -> ObjectArray:
        return self.outcomes.codes


@dataclass(frozen=True)
class Obligation:
    """Where a dated obligation applies within each project's horizon."""

    date: dt.date
    applies: BoolArray
    applicability: str  # "in_force" when in force on the first day of the projects, else "from_date"

    def params(self) -> dict[str, Any]:
        return {"date": self.date, "applicability": self.applicability}


class Options:
    """Read access to the options table for the rules, with the derived columns they share."""

    def __init__(self, frame: pd.DataFrame, settings: Settings) -> None:
        self.frame = frame
        self.settings = settings
        self.n = len(frame)
        self._factorized: dict[str, tuple[np.ndarray[Any, np.dtype[np.int64]], list[Any]]] = {}

    def has(self, column: str) -> bool:
        return column in self.frame.columns

    def factorized(self, column: str) -> tuple[np.ndarray[Any, np.dtype[np.int64]], list[Any]]:
        """The column as (position of each value among the distinct values, -1 when missing; the values).

        Rules work on the few distinct values of a column, then spread the result with one take.
        """
        if column not in self._factorized:
            if column not in self.frame.columns:
                self._factorized[column] = (np.full(self.n, -1, dtype=np.int64), [])
            else:
                series = self.frame[column]
                try:
                    codes, uniques = pd.factorize(series)
                except TypeError:  # unhashable values (lists): compare them as tuples
                    as_tuples = pd.Series([tuple(v) if isinstance(v, list) else v for v in series.tolist()],
                                          index=series.index, dtype=object)
                    codes, uniques = pd.factorize(as_tuples)
                self._factorized[column] = (np.asarray(codes, dtype=np.int64), list(uniques))
        return self._factorized[column]

    def per_value(self, column: str, function: Callable[[Any], Any], missing: Any) -> ObjectArray:
        """function applied to each distinct value of the column (missing where the value is missing)."""
        codes, uniques = self.factorized(column)
        table = np.empty(len(uniques) + 1, dtype=object)
        for position, value in enumerate(uniques):
            table[position] = function(value)
        table[-1] = missing
        return np.asarray(table[codes], dtype=object)  # code -1 takes the last entry: missing

    def per_value_bool(self, column: str, function: Callable[[Any], bool], missing: bool) -> BoolArray:
        """A yes/no test applied to each distinct value of the column (missing where the value is missing)."""
        codes, uniques = self.factorized(column)
        table = np.array([bool(function(value)) for value in uniques] + [missing], dtype=bool)
        return np.asarray(table[codes], dtype=bool)

    def objects(self, column: str, default: Any = None) -> ObjectArray:
        """A column as Python objects, missing values replaced by default."""
        return self.per_value(column, lambda value: value, default)

    def is_in(self, column: str, values: Sequence[Any], default: Any = None) -> BoolArray:
        """Whether each value of the column (default when missing) is one of values."""
        wanted = set(values)
        return self.per_value_bool(column, lambda value: value in wanted, default in wanted)

    def numbers(self, column: str) -> FloatArray:
        if column not in self.frame.columns:
            return np.full(self.n, np.nan)
        return pd.to_numeric(self.frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)

    def flags(self, column: str) -> BoolArray:
        if column not in self.frame.columns:
            return np.zeros(self.n, dtype=bool)
        return self.frame[column].fillna(False).astype(bool).to_numpy(dtype=bool)

    def answer(self, name: str, default: str = "none") -> ObjectArray:
        """A governance answer given as a code (decision_role, annex_iii, dpia, fria)."""
        return self.objects(f"governance.{name}", default)

    def answer_in(self, name: str, *values: str, default: str = "none") -> BoolArray:
        """Whether a governance code answer is one of values (missing answers count as default)."""
        return self.is_in(f"governance.{name}", values, default)

    def answered(self, name: str) -> BoolArray:
        """A governance yes/no answer."""
        return self.flags(f"governance.{name}")

    def written(self, name: str) -> BoolArray:
        """Whether a governance free-text answer is given (not empty)."""
        return self.per_value_bool(f"governance.{name}", lambda value: bool(str(value).strip()), False)

    def kind_in(self, *kinds: str) -> BoolArray:
        return self.is_in("option.kind", kinds, OptionKind.NON_AI.value)

    @cached_property
    def is_non_ai(self) -> BoolArray:
        return self.kind_in(OptionKind.NON_AI.value)

    @cached_property
    def is_ai(self) -> BoolArray:
        """AI systems in the sense of the AI Act: every kind but non_ai and rules."""
        return self.kind_in(*(kind.value for kind in AI_KINDS))

    @cached_property
    def is_algorithmic(self) -> BoolArray:
        """Algorithmic processing in the sense of the CRPA: AI options and deterministic rules."""
        return np.asarray(self.is_ai | self.kind_in(OptionKind.RULES.value), dtype=bool)

    def per_proposal_any(self, values: BoolArray) -> BoolArray:
        """True on every option of a proposal where values is true on at least one of its options."""
        if "id" not in self.frame.columns:
            return np.full(self.n, bool(values.any()))
        grouped = pd.Series(values, index=self.frame.index).groupby(self.frame["id"].to_numpy(), sort=False)
        return grouped.transform("any").to_numpy(dtype=bool)

    @cached_property
    def has_non_ai_option(self) -> BoolArray:
        if self.has("has_non_ai_option"):
            return self.flags("has_non_ai_option")
        return self.per_proposal_any(self.is_non_ai)

    @cached_property
    def has_alternative(self) -> BoolArray:
        """The proposal has an option without AI (non_ai or deterministic rules)."""
        return self.per_proposal_any(~self.is_ai)

    @cached_property
    def horizon_years(self) -> np.ndarray[Any, np.dtype[np.int64]]:
        values = self.numbers("horizon" if self.has("horizon") else "horizon_years")
        values = np.where(np.isnan(values), self.settings.horizon_years, values)
        return values.astype(np.int64)

    def obligation(self, date: dt.date) -> Obligation:
        """An obligation applies when it is in force at any time of the project's horizon.

        A project runs from 1 January of settings.start_year for `horizon` whole years, so an
        obligation dated D applies when D is before 1 January of start_year + horizon.
        """
        start_year = self.settings.start_year
        applies = np.asarray(date.year < start_year + self.horizon_years, dtype=bool)
        in_force = date <= dt.date(start_year, 1, 1)
        return Obligation(date=date, applies=applies, applicability="in_force" if in_force else "from_date")


RuleFunction = Callable[[Options, Mapping[str, float]], RuleResult]


@dataclass(frozen=True)
class RuleLogic:
    """What the engine knows of a rule: its outcome codes, message parameters and tunable parameters."""

    rule_id: str
    outcomes: tuple[str, ...]
    params: frozenset[str]
    defaults: Mapping[str, float]
    labels: frozenset[str]
    evaluate: RuleFunction


LOGIC: dict[str, RuleLogic] = {}


def rule(
    rule_id: str,
    *,
    outcomes: tuple[str, ...],
    params: tuple[str, ...] = (),
    defaults: Mapping[str, float] | None = None,
    labels: tuple[str, ...] = (),
) -> Callable[[RuleFunction], RuleFunction]:
    """Register the function evaluating a rule id."""

    def register(function: RuleFunction) -> RuleFunction:
        for code in outcomes:
            status_of(code)  # every code starts with a status
        LOGIC[rule_id] = RuleLogic(
            rule_id=rule_id, outcomes=outcomes, params=frozenset(params), defaults=dict(defaults or {}),
            labels=frozenset(labels), evaluate=function,
        )
        return function

    return register


def choose(n: int, cases: list[tuple[BoolArray, str]], default: str) -> Outcomes:
    """The code of the first case that holds for each option, else default."""
    names = [default]
    index = np.zeros(n, dtype=np.int64)
    decided = np.zeros(n, dtype=bool)
    for condition, code in cases:
        if code not in names:
            names.append(code)
        take = np.asarray(condition, dtype=bool) & ~decided
        index[take] = names.index(code)
        decided |= take
    return Outcomes(index=index, names=tuple(names))


def combinations(keys: list[tuple[str, BoolArray]]) -> ObjectArray:
    """For each option, the tuple of keys whose condition holds (e.g. the missing items)."""
    n = len(keys[0][1]) if keys else 0
    bits = np.zeros(n, dtype=np.int64)
    for position, (_, condition) in enumerate(keys):
        bits |= np.asarray(condition, dtype=np.int64) << position
    tuples = [tuple(key for position, (key, _) in enumerate(keys) if mask >> position & 1)
              for mask in range(1 << len(keys))]
    table = np.empty(len(tuples), dtype=object)
    table[:] = tuples
    return np.asarray(table[bits], dtype=object)


# --- Numérique responsable (loi REEN, RGESN) ------------------------------------------------------


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
    buys = (o.numbers("option.costs.one_off.hardware") > 0) | (o.answered("new_hardware") & ~o.is_non_ai)
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


@rule("RG-1.5", outcomes=("pass", "warn", "warn_no_figure", "na"))
def rg_1_5(o: Options, p: Mapping[str, float]) -> RuleResult:
    """The footprint of every AI option estimated (fp.estimated)."""
    if not o.has("fp.estimated"):
        return RuleResult(choose(o.n, [(~o.is_ai, "na")], "warn_no_figure"))
    return RuleResult(choose(o.n, [(~o.is_ai, "na"), (o.flags("fp.estimated"), "pass")], "warn"))


@rule("RG-2.8", outcomes=("pass", "warn", "na"))
def rg_2_8(o: Options, p: Mapping[str, float]) -> RuleResult:
    """Supplier commitments, for options bought from a supplier (API, licences or hosting)."""
    supplied = (
        o.kind_in(OptionKind.GENAI_API.value)
        | (o.numbers("option.costs.annual.licences") > 0)
        | (o.numbers("option.costs.annual.api") > 0)
        | (o.numbers("option.costs.annual.hosting") > 0)
    )
    return RuleResult(choose(o.n, [
        (o.is_non_ai | ~supplied, "na"), (o.answered("supplier_commitments"), "pass")], "warn"))


@rule("RG-9.1", outcomes=("pass", "fail", "na"))
def rg_9_1(o: Options, p: Mapping[str, float]) -> RuleResult:
    """A training or fine-tuning phase justified, for options that train."""
    trains = o.flags("has_training") if o.has("has_training") else o.numbers("option.training.gpu_hours") > 0
    return RuleResult(choose(o.n, [
        (o.is_non_ai | ~trains, "na"), (o.answered("training_justified"), "pass")], "fail"))


@rule("RG-9.7", outcomes=("pass", "warn", "warn_no_figure", "na", "na_not_estimated"),
      params=("saving", "threshold"), defaults={"min_saving": 0.5})
def rg_9_7(o: Options, p: Mapping[str, float]) -> RuleResult:
    """A frugal alternative (smaller model, better zone) that saves min_saving of the annual GWP or more."""
    threshold = p["min_saving"]
    params: dict[str, Any] = {"threshold": round(threshold * 100)}
    if not o.has("fp.best_alternative_gwp_saving"):
        return RuleResult(choose(o.n, [(~o.is_ai, "na")], "warn_no_figure"), params)
    saving = o.numbers("fp.best_alternative_gwp_saving")
    not_estimated = ~o.flags("fp.estimated") if o.has("fp.estimated") else np.zeros(o.n, dtype=bool)
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
    gain_column = next((c for c in ("fin.delta_npv", "fin.delta_benefit") if o.has(c)), None)
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

    if not o.has("fp.uncovered_phases"):
        return RuleResult(choose(o.n, [(~o.is_ai, "na")], "warn_no_figure"))

    def split(value: Any, structural: bool) -> tuple[str, ...] | None:
        if not isinstance(value, (tuple, list)):
            return None
        return tuple(phase for phase in value if (phase in STRUCTURAL_PHASES) is structural)

    phases = o.per_value("fp.uncovered_phases", lambda value: split(value, False), None)
    limits = o.per_value("fp.uncovered_phases", lambda value: split(value, True), None)
    known = o.per_value_bool("fp.uncovered_phases", lambda value: isinstance(value, (tuple, list)), False)
    fixable = o.per_value_bool("fp.uncovered_phases", lambda value: bool(split(value, False)), False)
    limited = o.per_value_bool("fp.uncovered_phases", lambda value: bool(split(value, True)), False)
    codes = choose(o.n, [(~o.is_ai, "na"), (~known, "warn_no_figure"), (fixable, "warn"), (limited, "pass_limits")],
                   "pass")
    return RuleResult(codes, {"phases": phases, "limits": limits})


# --- AI Act (règlement (UE) 2024/1689) ------------------------------------------------------------

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


# --- Transparence algorithmique et données (CRPA, loi 78-17, RGPD) ---------------------------------


def _decisions(o: Options) -> BoolArray:
    """Algorithmic options that take part in individual decisions about people."""
    return np.asarray(o.is_algorithmic & ~o.answer_in("decision_role", "none"), dtype=bool)


@rule("ALG-1", outcomes=("pass", "fail", "na"))
def alg_1(o: Options, p: Mapping[str, float]) -> RuleResult:
    """Explicit mention on individual decisions (CRPA L311-3-1)."""
    return RuleResult(choose(o.n, [(~_decisions(o), "na"), (o.answered("explicit_mention"), "pass")], "fail"))


@rule("ALG-2", outcomes=("pass", "fail", "na"))
def alg_2(o: Options, p: Mapping[str, float]) -> RuleResult:
    """The four items of CRPA R311-3-1-2 given on request."""
    return RuleResult(choose(o.n, [
        (~_decisions(o), "na"), (o.answered("explanation_on_request"), "pass")], "fail"))


@rule("ALG-3", outcomes=("pass", "warn", "na"))
def alg_3(o: Options, p: Mapping[str, float]) -> RuleResult:
    """Listed in the published inventory of main algorithms (CRPA L312-1-3)."""
    return RuleResult(choose(o.n, [(~_decisions(o), "na"), (o.answered("algorithm_published"), "pass")], "warn"))


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


# --- Souveraineté (RGPD chapitre V) ---------------------------------------------------------------


def _distinct(values: ObjectArray) -> tuple[np.ndarray[Any, np.dtype[np.int64]], list[Any]]:
    """(position of each value among the distinct values, the distinct values); None is a value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return np.asarray(codes, dtype=np.int64), list(uniques)


@rule("SOV-1", outcomes=("pass", "warn_unknown_zone", "fail", "na"), params=("zone",))
def sov_1(o: Options, p: Mapping[str, float]) -> RuleResult:
    """Personal data processed by an AI option hosted outside the EU/EEA (fp.zone, else option.zone)."""
    zones = o.objects("option.zone")
    if o.has("fp.zone"):
        footprint_zones = o.objects("fp.zone")
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
