"""Every column of the options table, named once: one constant per column, one function per family.

A `Column` is a str (so `frame[FIN_NPV]` and `row[FIN_NPV]` work as with the plain name) that carries
what the column holds, its kind and its unit. Families whose names depend on data (rule ids, matrix
criteria) or combine codes (footprint part, criterion and bound) have a function that builds the name.
docs/engine-columns.md is generated from this module:
`python -m evaluation.table.columns > docs/engine-columns.md`.
"""

from __future__ import annotations

from functools import cache

from evaluation.table.column_spec import Column, Family, Section, input_columns, tables_markdown

# Input columns: the flat exchange format (evaluation/exchange/flat.py), read by name ---------------

INPUTS = Section("Input columns", "evaluation/table/build.py", """\
Every column of the flat exchange format (`evaluation/exchange/flat.py`, fields described in
docs/format.md), under the same name: the proposal's fields (`id`, `title`, `governance.<field>`...)
repeated on each of its options, the option's fields prefixed with `option.`. Numbers are float64
(integer fields included), booleans bool, texts and codes str (None when not stated, such as
`option.zone`). `option.compute.*` are NaN (None for texts) when the option has no compute part,
`option.training.*` when it has no training part, `option.parameters.*` when none is given; a part
that is given gets the model's defaults for the fields it leaves out.""")
_FLAT = input_columns()
INPUTS.entries.extend(_FLAT.values())
PROPOSAL_ID = _FLAT["id"]
PROPOSAL_TITLE = _FLAT["title"]
PROPOSAL_DIRECTION = _FLAT["direction"]
PROPOSAL_CATEGORY = _FLAT["category"]
PROPOSAL_SPONSOR = _FLAT["sponsor"]
PROPOSAL_NEED = _FLAT["need"]
PROPOSAL_TARGET_USERS = _FLAT["target_users"]
PROPOSAL_HORIZON_YEARS = _FLAT["horizon_years"]
GOVERNANCE_SNR_OBJECTIVE = _FLAT["governance.snr_objective"]
OPTION_NAME = _FLAT["option.name"]
OPTION_KIND = _FLAT["option.kind"]
OPTION_DESCRIPTION = _FLAT["option.description"]
OPTION_PROVIDER = _FLAT["option.provider"]
OPTION_MODEL = _FLAT["option.model"]
OPTION_ZONE = _FLAT["option.zone"]
OPTION_DATA_LOCATION = _FLAT["option.data_location"]
OPTION_PUE = _FLAT["option.pue"]
OPTION_WUE = _FLAT["option.wue"]
OPTION_PARAMETERS_TOTAL_B = _FLAT["option.parameters.total_b"]
OPTION_PARAMETERS_ACTIVE_B = _FLAT["option.parameters.active_b"]
OPTION_USAGE_USERS = _FLAT["option.usage.users"]
OPTION_USAGE_REQUESTS_PER_USER_PER_DAY = _FLAT["option.usage.requests_per_user_per_day"]
OPTION_USAGE_DAYS_PER_YEAR = _FLAT["option.usage.days_per_year"]
OPTION_USAGE_OUTPUT_TOKENS_PER_REQUEST = _FLAT["option.usage.output_tokens_per_request"]
OPTION_USAGE_INPUT_TOKENS_PER_REQUEST = _FLAT["option.usage.input_tokens_per_request"]
OPTION_COMPUTE_GPU = _FLAT["option.compute.gpu"]
OPTION_COMPUTE_GPU_COUNT = _FLAT["option.compute.gpu_count"]
OPTION_COMPUTE_GPU_POWER_W = _FLAT["option.compute.gpu_power_w"]
OPTION_COMPUTE_CPU_CORES = _FLAT["option.compute.cpu_cores"]
OPTION_COMPUTE_CORE_POWER_W = _FLAT["option.compute.core_power_w"]
OPTION_COMPUTE_MEMORY_GB = _FLAT["option.compute.memory_gb"]
OPTION_COMPUTE_HOURS_PER_YEAR = _FLAT["option.compute.hours_per_year"]
OPTION_COMPUTE_UTILISATION = _FLAT["option.compute.utilisation"]
OPTION_COMPUTE_PUE = _FLAT["option.compute.pue"]
OPTION_TRAINING_GPU_HOURS = _FLAT["option.training.gpu_hours"]
OPTION_TRAINING_RUNS_PER_YEAR = _FLAT["option.training.runs_per_year"]
OPTION_TRAINING_GPU = _FLAT["option.training.gpu"]
OPTION_TRAINING_GPU_POWER_W = _FLAT["option.training.gpu_power_w"]
OPTION_COSTS_ONE_OFF_DEVELOPMENT = _FLAT["option.costs.one_off.development"]
OPTION_COSTS_ONE_OFF_TRAINING = _FLAT["option.costs.one_off.training"]
OPTION_COSTS_ONE_OFF_HARDWARE = _FLAT["option.costs.one_off.hardware"]
OPTION_COSTS_ONE_OFF_INTERNAL_HOURS = _FLAT["option.costs.one_off.internal_hours"]
OPTION_COSTS_ONE_OFF_OTHER = _FLAT["option.costs.one_off.other"]
OPTION_COSTS_ANNUAL_LICENCES = _FLAT["option.costs.annual.licences"]
OPTION_COSTS_ANNUAL_API = _FLAT["option.costs.annual.api"]
OPTION_COSTS_ANNUAL_HOSTING = _FLAT["option.costs.annual.hosting"]
OPTION_COSTS_ANNUAL_MAINTENANCE = _FLAT["option.costs.annual.maintenance"]
OPTION_COSTS_ANNUAL_SUPPORT_HOURS = _FLAT["option.costs.annual.support_hours"]
OPTION_COSTS_ANNUAL_OTHER = _FLAT["option.costs.annual.other"]
OPTION_BENEFITS_HOURS_SAVED_PER_USER_PER_WEEK = _FLAT["option.benefits.hours_saved_per_user_per_week"]
OPTION_BENEFITS_ADOPTION_RATE = _FLAT["option.benefits.adoption_rate"]
OPTION_BENEFITS_HOURLY_COST = _FLAT["option.benefits.hourly_cost"]
OPTION_BENEFITS_STAFF_CATEGORY = _FLAT["option.benefits.staff_category"]
OPTION_BENEFITS_OTHER_ANNUAL_SAVINGS = _FLAT["option.benefits.other_annual_savings"]
OPTION_BENEFITS_QUALITATIVE_USAGERS = _FLAT["option.benefits.qualitative.usagers"]
OPTION_BENEFITS_QUALITATIVE_AGENTS = _FLAT["option.benefits.qualitative.agents"]
OPTION_BENEFITS_QUALITATIVE_INCLUSION = _FLAT["option.benefits.qualitative.inclusion"]
OPTION_BENEFITS_QUALITATIVE_STRATEGIE = _FLAT["option.benefits.qualitative.strategie"]


def governance_column(field: str) -> Column:
    """The column of one governance answer, e.g. governance_column("dpia") (its dotted path in the format)."""
    return _FLAT[f"governance.{field}"]


# Resolved columns: added by the table builder -----------------------------------------------------

RESOLVED = Section("Resolved columns", "evaluation/table/build.py", """\
Added by the table builder from the input columns and the settings, so that no step resolves a default
again.""")
OPTION_INDEX = RESOLVED.column("option_index", "int64", "", "position of the option in its proposal (0 = first)")
HORIZON = RESOLVED.column("horizon", "int64", "years",
                          "the proposal's analysis horizon (`horizon_years`), or the settings' default")
HOURLY_COST = RESOLVED.column("hourly_cost", "float64", "EUR/h",
                              "the option's loaded hourly cost (`option.benefits.hourly_cost`), or the settings' "
                              "value for its staff category")
HAS_NON_AI_OPTION = RESOLVED.column("has_non_ai_option", "bool", "",
                                    "whether the option's proposal has a non-AI option (the same on all its options)")
HAS_COMPUTE = RESOLVED.column("has_compute", "bool", "", "the option has a compute part with hours per year > 0")
HAS_TRAINING = RESOLVED.column("has_training", "bool", "", "the option has a training part with GPU hours > 0")

# Footprint: fp.* (evaluation/footprint) ------------------------------------------------------------

FOOTPRINT = Section("Footprint: `fp.`", "evaluation/footprint", """\
Criteria `<C>` in `energy_kwh`, `gwp_kgco2eq`, `adpe_kgsbeq`, `pe_mj`, `wcf_l` (the unit is in the name:
kWh, kgCO2e, kgSbeq, MJ, L); each figure is a range, its low and high ends in `<bound>` = `min`, `max`.
When the footprint could not be estimated (`fp.estimated` False: unknown model or zone) the `fp.*`
figures are NaN.""", prefix="fp.")
FOOTPRINT_PARTS: tuple[str, ...] = ("per_request", "annual", "annual_usage", "annual_embodied")
FOOTPRINT_CRITERIA: tuple[str, ...] = ("energy_kwh", "gwp_kgco2eq", "adpe_kgsbeq", "pe_mj", "wcf_l")
FOOTPRINT_BOUNDS: tuple[str, ...] = ("min", "max")
_CRITERION_UNITS = {"energy_kwh": "kWh", "gwp_kgco2eq": "kgCO2e", "adpe_kgsbeq": "kgSbeq", "pe_mj": "MJ", "wcf_l": "L"}
_PARTS = {  # part: (unit after the criterion's, meaning)
    "per_request": (" per request", "per request, usage + embodied (NaN where the option has no requests or "
                    "cannot be estimated)"),
    "annual": ("/yr", "per year, all phases (inference, compute, training)"),
    "annual_usage": ("/yr", "per year, the usage phase"),
    "annual_embodied": ("/yr", "per year, the embodied (manufacturing) part; NaN for energy, a use-phase "
                        "quantity, and for water, which EcoLogits counts in the usage phase only"),
}


@cache
def footprint_figure(part: str, criterion: str, bound: str) -> Column:
    """One footprint figure, e.g. footprint_figure("annual", "gwp_kgco2eq", "min")."""
    if part not in FOOTPRINT_PARTS or criterion not in FOOTPRINT_CRITERIA or bound not in FOOTPRINT_BOUNDS:
        raise ValueError(f"no footprint figure {part}/{criterion}/{bound}")
    unit, doc = _PARTS[part]
    return Column(f"fp.{part}.{criterion}.{bound}", "float64", _CRITERION_UNITS[criterion] + unit,
                  f"{bound} of {criterion} {doc}")


def footprint_range(part: str, criterion: str) -> tuple[Column, Column]:
    """The (min, max) columns of one footprint figure."""
    return footprint_figure(part, criterion, "min"), footprint_figure(part, criterion, "max")


def footprint_figures(part: str) -> tuple[Column, ...]:
    """Every figure of one part (per_request, annual...): criteria in order, min before max."""
    return tuple(footprint_figure(part, c, b) for c in FOOTPRINT_CRITERIA for b in FOOTPRINT_BOUNDS)


FP_REQUESTS = FOOTPRINT.column("fp.requests", "float64", "requests/yr",
                               "requests per year (users x requests per user per day x days per year)")
for _part, (_unit, _doc) in _PARTS.items():
    FOOTPRINT.family(Family(f"fp.{_part}.<C>.<bound>", "float64", f"C's unit{_unit}", _doc,
                            columns=footprint_figures(_part)))
FP_ESTIMATED = FOOTPRINT.column("fp.estimated", "bool", "",
                                "False when the footprint could not be estimated (unknown model or zone)")
FP_WARNINGS = FOOTPRINT.column("fp.warnings", "tuple", "",
                               "stable codes such as `model-arch-not-released`, `model-not-registered`, "
                               "`zone-not-registered`, `zone-not-stated`")
FP_ZONE = FOOTPRINT.column("fp.zone", "str", "", "the zone actually used")
FP_METHOD = FOOTPRINT.column("fp.method", "str", "",
                             "the footprint method that estimated the option: one of the modules of "
                             "evaluation/footprint/methods/ (each registered with `@footprint_method`: `ecologits`, "
                             "`ecologits-self-hosted`, `green-algorithms` today), or `none`")
FP_ECOLOGITS_VERSION = FOOTPRINT.column("fp.ecologits_version", "str", "", "the EcoLogits version used")
FP_BEST_ALTERNATIVE_GWP_SAVING = FOOTPRINT.column(
    "fp.best_alternative_gwp_saving", "float64", "0-1",
    "the largest share of annual GWP a frugal alternative (smaller model, better zone) would save, or NaN; "
    "read by RG-9.7")
FP_UNCOVERED_PHASES = FOOTPRINT.column("fp.uncovered_phases", "tuple", "",
                                       "codes of the phases the estimate does not cover (`input-tokens`, "
                                       "`training`, `network`, `end-user-devices`...); read by AF-2")

FP_ANNUAL_GWP_MIN, FP_ANNUAL_GWP_MAX = footprint_range("annual", "gwp_kgco2eq")
FP_ANNUAL_WCF_MIN, FP_ANNUAL_WCF_MAX = footprint_range("annual", "wcf_l")

# Finance: fin.* (evaluation/finance) ---------------------------------------------------------------

FINANCE = Section("Finance: `fin.`", "evaluation/finance", """\
Money in EUR, `H` the horizon in years. The `fin.delta_*` columns and the two costs per gain compare the
option with its proposal's non-AI baseline (its first `non_ai` option): NaN for the baseline itself or
without one.""", prefix="fin.")
FIN_ONE_OFF = FINANCE.column("fin.one_off", "float64", "EUR",
                             "costs paid once at year 0, internal set-up time valued at the hourly cost")
FIN_ANNUAL_COST = FINANCE.column("fin.annual_cost", "float64", "EUR/yr",
                                 "costs paid every year, internal support time valued at the hourly cost")
FIN_ANNUAL_BENEFIT = FINANCE.column("fin.annual_benefit", "float64", "EUR/yr",
                                    "hours saved x hourly cost + other savings or revenues")
FIN_HOURS_SAVED_PER_YEAR = FINANCE.column("fin.hours_saved_per_year", "float64", "h/yr",
                                          "users x adoption rate x hours saved per user per week x working weeks")
FIN_TCO = FINANCE.column("fin.tco", "float64", "EUR", "total cost of ownership: one-off + annual cost x H")
FIN_BENEFITS = FINANCE.column("fin.benefits", "float64", "EUR", "total benefits over the horizon: annual benefit x H")
FIN_NPV = FINANCE.column("fin.npv", "float64", "EUR", "net present value of the yearly net flows at the discount rate")
FIN_IRR = FINANCE.column("fin.irr", "float64", "1/yr", "internal rate of return (a fraction), NaN when none")
FIN_PAYBACK_YEARS = FINANCE.column("fin.payback_years", "float64", "years",
                                   "payback period, NaN when none within the horizon")
FIN_ROI = FINANCE.column("fin.roi", "float64", "ratio", "(benefits - tco) / tco, NaN without costs")
FIN_COST_PER_HOUR_SAVED = FINANCE.column("fin.cost_per_hour_saved", "float64", "EUR/h",
                                         "tco / (hours saved per year x H), NaN without hours saved")
FIN_DISCOUNT_RATE = FINANCE.column("fin.discount_rate", "float64", "1/yr", "the settings' discount rate used")
FIN_CARBON_COST_NPV = FINANCE.column("fin.carbon_cost_npv", "float64", "EUR",
                                     "present value of the annual emissions over the horizon at the settings' "
                                     "carbon value, from the mean of `fp.annual.gwp_kgco2eq.min` and `.max`")
FIN_CARBON_COST_NPV_MIN = FINANCE.column("fin.carbon_cost_npv.min", "float64", "EUR",
                                         "the same from `fp.annual.gwp_kgco2eq.min`")
FIN_CARBON_COST_NPV_MAX = FINANCE.column("fin.carbon_cost_npv.max", "float64", "EUR",
                                         "the same from `fp.annual.gwp_kgco2eq.max`")
FIN_SOCIO_NPV = FINANCE.column("fin.socio_npv", "float64", "EUR", "socio-economic NPV: npv - carbon cost")
FIN_SOCIO_NPV_MIN = FINANCE.column("fin.socio_npv.min", "float64", "EUR", "npv - carbon cost max")
FIN_SOCIO_NPV_MAX = FINANCE.column("fin.socio_npv.max", "float64", "EUR", "npv - carbon cost min")
FIN_BASELINE = FINANCE.column("fin.baseline", "str", "",
                              "the baseline option's name, None for the baseline itself or without one")
FIN_DELTA_COST = FINANCE.column("fin.delta_cost", "float64", "EUR", "tco - the baseline's")
FIN_DELTA_BENEFIT = FINANCE.column("fin.delta_benefit", "float64", "EUR", "benefits - the baseline's")
FIN_DELTA_NPV = FINANCE.column("fin.delta_npv", "float64", "EUR", "npv - the baseline's")
FIN_DELTA_HOURS_PER_YEAR = FINANCE.column("fin.delta_hours_per_year", "float64", "h/yr",
                                          "hours saved per year - the baseline's")
FIN_DELTA_GWP_KG = FINANCE.column("fin.delta_gwp_kg", "float64", "kgCO2e/yr", "annual GWP (mean) - the baseline's")
FIN_DELTA_WCF_L = FINANCE.column("fin.delta_wcf_l", "float64", "L/yr", "annual water (mean) - the baseline's")
FIN_COST_PER_TCO2E = FINANCE.column("fin.cost_per_tco2e", "float64", "EUR/tCO2e",
                                    "delta_cost / (delta_gwp_kg x H / 1000), signed; NaN when the emissions "
                                    "are equal")
FIN_COST_PER_HOUR_GAINED = FINANCE.column("fin.cost_per_hour_gained", "float64", "EUR/h",
                                          "delta_cost / (delta_hours_per_year x H), NaN unless hours are gained")

# Checklist: chk.* (evaluation/checklist) -----------------------------------------------------------

CHECKLIST = Section("Checklist: `chk.`", "evaluation/checklist", """\
One status and one message per rule of the rules file, in its order, then the option's counts and
verdict. Status, message, verdict and rules columns are pandas categoricals (values are plain strings);
a rule switched off in the rules file has status `na` and a message saying so.""", prefix="chk.")
CHECKLIST_GROUP_STATUSES: tuple[str, ...] = ("fail", "warn")
_RULE_STATUS = CHECKLIST.family(Family("chk.<RULE-ID>.status", "category", "",
                                       "`pass`, `warn`, `fail` or `na`", pattern=r"chk\.(.+)\.status"))
_RULE_MESSAGE = CHECKLIST.family(Family("chk.<RULE-ID>.message", "category", "",
                                        "the rule's message for the option (French text; English when "
                                        "evaluated in English)", pattern=r"chk\.(.+)\.message"))
CHK_VERDICT = CHECKLIST.column("chk.verdict", "category", "",
                               "`bloquant` (a blocking rule failed), `a_corriger` (another failure or a warning) "
                               "or `conforme`")
CHK_FAIL_COUNT = CHECKLIST.column("chk.fail_count", "int64", "rules", "rules failed")
CHK_WARN_COUNT = CHECKLIST.column("chk.warn_count", "int64", "rules", "rules warned")
CHK_BLOCKING_COUNT = CHECKLIST.column("chk.blocking_count", "int64", "rules", "blocking rules failed")
_GROUP_COUNT = CHECKLIST.family(Family(
    "chk.group.<group>.<fail/warn>_count", "int64", "rules",
    "rules failed or warned in one group: `numerique_responsable`, `ia_frugale`, `ai_act`, "
    "`transparence_donnees`, `souverainete`", pattern=r"chk\.group\.([a-z_]+)\.(fail|warn)_count"))
CHK_RULES = CHECKLIST.column("chk.rules", "category", "", "`name@version` of the rules file used")
CHK_RULES_FILE = CHECKLIST.column("chk.rules_file", "category", "", "the rules file's name")
CHK_EVALUATED_ON = CHECKLIST.column("chk.evaluated_on", "category", "",
                                    "the evaluation date (ISO): the law in force that day was applied")


@cache
def rule_status(rule_id: str) -> Column:
    """The status column of one rule: chk.<RULE-ID>.status."""
    return _RULE_STATUS.column(f"chk.{rule_id}.status")


@cache
def rule_message(rule_id: str) -> Column:
    """The message column of one rule: chk.<RULE-ID>.message."""
    return _RULE_MESSAGE.column(f"chk.{rule_id}.message")


def status_rule_id(name: str) -> str | None:
    """The rule id of a rule's status column, None for any other column."""
    return _RULE_STATUS.match(name)


@cache
def group_count(group: str, status: str) -> Column:
    """How many rules of one group (numerique_responsable...) failed or warned (status fail or warn)."""
    if status not in CHECKLIST_GROUP_STATUSES:
        raise ValueError(f"no group count of status {status}")
    return _GROUP_COUNT.column(f"chk.group.{group}.{status}_count")


# Matrix: mx.* (evaluation/matrix) ------------------------------------------------------------------

MATRIX = Section("Matrix: `mx.`", "evaluation/matrix", """\
Scores from 0 to 4. A criterion whose inputs are missing (a step not run, such as the checklist) is
skipped: its score is NaN and `mx.skipped` names it.""", prefix="mx.")
_CRITERION_SCORE = MATRIX.family(Family("mx.<criterion-id>", "float64", "0-4",
                                        "score of one criterion of the matrix file", pattern=r"mx\.([^.]+)"))
MX_VALUE = MATRIX.column("mx.value", "float64", "0-4", "value score (weighted mean of the value criteria)")
MX_COST = MATRIX.column("mx.cost", "float64", "0-4", "cost score (weighted mean of the cost criteria)")
MX_QUADRANT = MATRIX.column("mx.quadrant", "str", "",
                            "`a_prioriser`, `a_arbitrer`, `a_simplifier` or `a_ecarter` (None without both scores)")
MX_RANK = MATRIX.column("mx.rank", "int64", "",
                        "1 = best in the portfolio, by value - cost, then value, then NPV (options without scores "
                        "last; absent when the table is not a portfolio)")
MX_MATRIX = MATRIX.column("mx.matrix", "str", "",
                          "`name@version`; `name@version+poids` when settings.matrix_weights replace the file's weights")
MX_SKIPPED = MATRIX.column("mx.skipped", "tuple", "",
                           "the criterion ids not scored for the option, e.g. the compliance criterion when the "
                           "checklist did not run")


@cache
def criterion_score(criterion_id: str) -> Column:
    """The score column of one matrix criterion: mx.<criterion-id> (value, cost... are reserved)."""
    name = f"mx.{criterion_id}"
    if name in MATRIX.columns:
        raise ValueError(f"{criterion_id} is a reserved matrix id")
    return _CRITERION_SCORE.column(name)


def scored_criterion_id(name: str) -> str | None:
    """The criterion id of a criterion's score column, None for any other column (mx.value included)."""
    criterion = _CRITERION_SCORE.match(name)
    return None if criterion is None or name in MATRIX.columns else criterion


SECTIONS: tuple[Section, ...] = (INPUTS, RESOLVED, FOOTPRINT, FINANCE, CHECKLIST, MATRIX)
STEPS: tuple[Section, ...] = (FOOTPRINT, FINANCE, CHECKLIST, MATRIX)

_HEAD = """\
# The engine's options table (contract between engine steps)

Generated from `evaluation/table/columns.py` by `python -m evaluation.table.columns > docs/engine-columns.md`
(a test fails when the two differ).

The engine computes on one pandas DataFrame with one row per option (`evaluation/table/build.py`).
Steps run in this order, each adding columns under its own prefix and reading only columns named
here; every step works on whole columns (numpy/pandas), never a Python loop per option where a
column operation does, so that a portfolio of 100,000 options evaluates in about a second.

```
frame = options_frame(proposals, settings)          # input columns
frame = add_footprint(frame, settings)               # fp.*   evaluation/footprint/
frame = add_finance(frame, settings)                 # fin.*  evaluation/finance/
frame = add_checklist(frame, rules, settings, on=day)  # chk.*  evaluation/checklist/
frame = add_matrix(frame, matrix, settings)          # mx.*   evaluation/matrix/
records = evaluation_records(frame, context)         # format.md's JSON: each step's record.py
```

Kinds are pandas dtypes; `str` and `tuple` are object columns holding str (or None) and tuples of codes,
`category` a pandas categorical of str. A step run again replaces its columns.
"""


def columns_markdown() -> str:
    """docs/engine-columns.md: every column of the options table, step by step."""
    return tables_markdown(_HEAD, SECTIONS)


if __name__ == "__main__":
    print(columns_markdown(), end="")
