"""The whole evaluation of options: footprint, finance, checklist, matrix, on one table."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from evaluation.checklist import RuleSet, add_checklist, checklist_record, load_rules, verdict_record
from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.finance import add_finance, finance_record
from evaluation.footprint import add_footprint, footprint_record
from evaluation.matrix import Matrix, add_matrix, load_matrix, matrix_record
from evaluation.table.build import options_frame


@dataclass(frozen=True)
class Context:
    """What an evaluation reads besides the proposals: settings, matrix and rules."""

    settings: Settings
    matrix: Matrix
    rules: RuleSet
    lang: str = "fr"


def weighted_matrix(matrix: Matrix, weights: Mapping[str, float]) -> Matrix:
    """The matrix with the collectivité's criterion weights (settings.matrix_weights) in place of the file's,
    as a new version `<version>+poids` so that evaluations do not pass it off as the file's; ids that are
    not criteria of this matrix (a matrix changed since) are ignored."""
    ids = {criterion.id for criterion in matrix.criteria}
    kept = {criterion: float(weight) for criterion, weight in weights.items() if criterion in ids}
    changed = {criterion: weight for criterion, weight in kept.items()
               if weight != next(c.weight for c in matrix.criteria if c.id == criterion)}
    if not changed:
        return matrix
    return matrix.with_weights(changed, version=f"{matrix.version}+poids"[:40])


def build_context(settings: Settings, *, lang: str = "fr") -> Context:
    matrix = weighted_matrix(load_matrix(settings.matrix), settings.matrix_weights)
    return Context(settings=settings, matrix=matrix, rules=load_rules(settings.rules), lang=lang)


def evaluate_frame(frame: pd.DataFrame, context: Context) -> pd.DataFrame:
    """Add every result column (fp., fin., chk., mx.) to an options table."""
    frame = add_footprint(frame, context.settings)
    frame = add_finance(frame, context.settings)
    frame = add_checklist(frame, context.rules, context.settings, lang=context.lang)
    return add_matrix(frame, context.matrix, context.settings)


def evaluation_record(row: Mapping[str, Any], context: Context) -> dict[str, Any]:
    """format.md's JSON object for one evaluated option."""
    return {
        "proposal": row["id"],
        "option": row["option.name"],
        "kind": row["option.kind"],
        "footprint": footprint_record(row),
        "finance": finance_record(row),
        "matrix": matrix_record(row),
        "checklist": checklist_record(row, context.rules),
        "verdict": verdict_record(row),
    }


def evaluation_records(frame: pd.DataFrame, context: Context) -> list[dict[str, Any]]:
    """evaluation_record for every row, built column by column (evaluation/pipeline/records.py)."""
    from evaluation.pipeline import records

    heads = frame[["id", "option.name", "option.kind"]].to_numpy(dtype=object).tolist()
    parts = zip(records.footprint_records(frame), records.finance_records(frame), records.matrix_records(frame),
                records.checklist_records(frame, context.rules), records.verdicts(frame), strict=True)
    return [
        {"proposal": proposal, "option": option, "kind": kind, "footprint": footprint, "finance": finance,
         "matrix": matrix, "checklist": checklist, "verdict": verdict}
        for (proposal, option, kind), (footprint, finance, matrix, checklist, verdict) in zip(heads, parts, strict=True)
    ]


def evaluate_proposals(
    proposals: Iterable[Proposal], settings: Settings, *, context: Context | None = None
) -> list[dict[str, Any]]:
    """Evaluate every option of every proposal; one record per option, in file order."""
    context = context or build_context(settings)
    frame = evaluate_frame(options_frame(list(proposals), settings), context)
    return evaluation_records(frame, context)


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), item, out)
    elif isinstance(value, list):
        out[prefix] = "; ".join(
            f"{item['id']}={item['status']}" if isinstance(item, dict) and "id" in item else str(item)
            for item in value
        )
    else:
        out[prefix] = value


def records_to_csv(records: Sequence[dict[str, Any]]) -> bytes:
    """One CSV row per option, dotted column names (lists joined with '; ')."""
    rows: list[dict[str, Any]] = []
    for record in records:
        flat: dict[str, Any] = {}
        _flatten("", record, flat)
        rows.append(flat)
    columns: list[str] = []
    for row in rows:
        columns.extend(column for column in row if column not in columns)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
