"""format.md's JSON records built column by column (a portfolio of 20,000 options in well under a second).

Each builder reads one part's columns once, as Python lists, then assembles the nested objects; the
per-row functions of each part (footprint_record, finance_record, matrix_record, checklist_record)
call these builders on a one-row table, so there is one implementation of each record.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from evaluation.checklist.model import RuleSet

CRITERIA = ("energy_kwh", "gwp_kgco2eq", "adpe_kgsbeq", "pe_mj", "wcf_l")
FIGURE_PARTS = ("per_request", "annual", "annual_usage", "annual_embodied")


def one_row(row: Mapping[str, Any]) -> pd.DataFrame:
    """A one-row table from a row mapping (as DataFrame.to_dict("records") gives)."""
    return pd.DataFrame([dict(row)])


def numbers(frame: pd.DataFrame, column: str) -> list[float | None]:
    """A numeric column as Python floats, NaN and missing columns as None."""
    if column not in frame.columns:
        return [None] * len(frame)
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64")
    out: list[float | None] = values.tolist()
    for index in np.flatnonzero(np.isnan(values)).tolist():
        out[index] = None
    return out


def objects(frame: pd.DataFrame, column: str) -> list[Any]:
    """An object column as Python values, NaN/NA as None."""
    if column not in frame.columns:
        return [None] * len(frame)
    series = frame[column].astype(object)
    return series.where(series.notna(), None).tolist()


def _tuples(frame: pd.DataFrame, column: str) -> list[list[Any]]:
    return [list(value) if isinstance(value, tuple | list) else [] for value in objects(frame, column)]


# -- footprint -------------------------------------------------------------------------------------

def _criteria_objects(frame: pd.DataFrame, part: str) -> list[dict[str, dict[str, float | None]]]:
    """{criterion: {min, max}} of every row for one part (per_request, annual...), built column-wise."""
    per_criterion = [
        [{"min": low, "max": high} for low, high in zip(
            numbers(frame, f"fp.{part}.{criterion}.min"), numbers(frame, f"fp.{part}.{criterion}.max"), strict=True)]
        for criterion in CRITERIA
    ]
    return [dict(zip(CRITERIA, values, strict=True)) for values in zip(*per_criterion, strict=True)]


def footprint_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The `footprint` object of every row (null figures where not estimable)."""
    parts = {part: _criteria_objects(frame, part) for part in FIGURE_PARTS}
    requests = [None if value is None else (int(value) if value.is_integer() else value)
                for value in numbers(frame, "fp.requests")]
    methods, versions, zones = objects(frame, "fp.method"), objects(frame, "fp.ecologits_version"), objects(frame, "fp.zone")
    estimated = [bool(value) for value in objects(frame, "fp.estimated")] if "fp.estimated" in frame else [False] * len(frame)
    warnings, uncovered = _tuples(frame, "fp.warnings"), _tuples(frame, "fp.uncovered_phases")
    saving = numbers(frame, "fp.best_alternative_gwp_saving")
    return [
        {
            "per_request": per_request,
            "annual": {"requests": count, **annual},
            "annual_usage": usage,
            "annual_embodied": embodied,
            "method": {"name": method, "ecologits": version, "zone": zone if isinstance(zone, str) else None},
            "estimated": is_estimated,
            "warnings": warning,
            "uncovered_phases": phases,
            "best_alternative_gwp_saving": best,
        }
        for per_request, annual, usage, embodied, count, method, version, zone, is_estimated, warning, phases, best
        in zip(parts["per_request"], parts["annual"], parts["annual_usage"], parts["annual_embodied"], requests,
               methods, versions, zones, estimated, warnings, uncovered, saving, strict=True)
    ]


# -- finance ---------------------------------------------------------------------------------------

FINANCE_FIGURES = ("tco", "benefits", "npv", "irr", "payback_years", "roi", "discount_rate", "one_off",
                   "annual_cost", "annual_benefit", "hours_saved_per_year", "cost_per_hour_saved", "socio_npv")
BASELINE_FIGURES = ("delta_cost", "delta_benefit", "delta_npv", "delta_hours_per_year", "delta_gwp_kg",
                    "delta_wcf_l", "cost_per_tco2e", "cost_per_hour_gained")


def finance_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The `finance` object of every row, with the comparison to the non-AI baseline."""
    figures = {name: numbers(frame, f"fin.{name}") for name in FINANCE_FIGURES}
    deltas = {name: numbers(frame, f"fin.{name}") for name in BASELINE_FIGURES}
    ranges = {name: {bound: numbers(frame, f"fin.{name}{suffix}")
                     for bound, suffix in (("min", ".min"), ("max", ".max"), ("mean", ""))}
              for name in ("socio_npv", "carbon_cost_npv")}
    baselines = objects(frame, "fin.baseline")
    records = []
    for i in range(len(frame)):
        record: dict[str, Any] = {name: values[i] for name, values in figures.items()}
        record["socio_npv_range"] = {bound: values[i] for bound, values in ranges["socio_npv"].items()}
        record["carbon_cost_npv"] = {bound: values[i] for bound, values in ranges["carbon_cost_npv"].items()}
        baseline = baselines[i]
        record["baseline"] = None if baseline is None else {
            "option": str(baseline), **{name: values[i] for name, values in deltas.items()}}
        records.append(record)
    return records


# -- matrix ----------------------------------------------------------------------------------------

MATRIX_RESERVED = ("mx.value", "mx.cost", "mx.quadrant", "mx.rank", "mx.matrix", "mx.skipped")


def matrix_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The `matrix` object of every row: value and cost scores, quadrant, rank, criteria."""
    criteria = [column for column in frame.columns if str(column).startswith("mx.") and column not in MATRIX_RESERVED]
    scores = {str(column)[3:]: numbers(frame, str(column)) for column in criteria}
    value, cost, rank = numbers(frame, "mx.value"), numbers(frame, "mx.cost"), numbers(frame, "mx.rank")
    quadrant, matrix, skipped = objects(frame, "mx.quadrant"), objects(frame, "mx.matrix"), _tuples(frame, "mx.skipped")
    return [
        {
            "value": value[i],
            "cost": cost[i],
            "quadrant": quadrant[i],
            "matrix": str(matrix[i]),
            "rank": None if rank[i] is None else int(rank[i]),  # type: ignore[arg-type]
            "criteria": {name: values[i] for name, values in scores.items()},
            "skipped": skipped[i],
        }
        for i in range(len(frame))
    ]


# -- checklist -------------------------------------------------------------------------------------

def checklist_records(frame: pd.DataFrame, rules: RuleSet) -> list[list[dict[str, Any]]]:
    """The `checklist` items of every row, in the rules file's order."""
    columns = [
        (rule, [str(v) for v in objects(frame, f"chk.{rule.id}.status")],
         [str(v) for v in objects(frame, f"chk.{rule.id}.message")],
         rule.id, rule.group.value, rule.blocking, rule.source.citation(), rule.source.link)
        for rule in rules.rules
    ]
    return [
        [{"id": rule_id, "group": group, "status": statuses[i], "blocking": blocking, "message": messages[i],
          "source": source, "link": link}
         for _, statuses, messages, rule_id, group, blocking, source, link in columns]
        for i in range(len(frame))
    ]


def verdicts(frame: pd.DataFrame) -> list[str]:
    return [str(value) for value in objects(frame, "chk.verdict")]
