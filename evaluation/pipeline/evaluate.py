"""The whole evaluation of options: footprint, finance, checklist, matrix, on one table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from evaluation.checklist import RuleSet, add_checklist, load_rules
from evaluation.checklist.record import checklist_records, verdicts
from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.exchange.dotted_paths import flatten
from evaluation.exchange.spreadsheets import write_csv
from evaluation.finance import add_finance
from evaluation.finance.record import finance_records
from evaluation.footprint import add_footprint
from evaluation.footprint.record import footprint_records
from evaluation.matrix import Matrix, add_matrix, load_matrix
from evaluation.matrix.record import matrix_records
from evaluation.progress import EVALUATION_STAGES, Progress, no_progress
from evaluation.table.build import options_frame
from evaluation.table.columns import OPTION_KIND, OPTION_NAME, PROPOSAL_ID


@dataclass(frozen=True)
class Context:
    """What an evaluation reads besides the proposals: settings, matrix, rules and the evaluation date.

    The evaluation date is an input like the others: the checklist applies the law in force that day
    (data/ai_act_dates.yaml) and every record says it (`evaluated_on`), so that evaluating again with the
    same inputs, a frozen record's date included, gives the same record.
    """

    settings: Settings
    matrix: Matrix
    rules: RuleSet
    evaluation_date: dt.date
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


def build_context(settings: Settings, *, lang: str = "fr", on: dt.date | None = None) -> Context:
    """The context of an evaluation on the day `on` (today when not given)."""
    matrix = weighted_matrix(load_matrix(settings.matrix), settings.matrix_weights)
    return Context(settings=settings, matrix=matrix, rules=load_rules(settings.rules),
                   evaluation_date=on or dt.date.today(), lang=lang)


def evaluate_frame(frame: pd.DataFrame, context: Context, progress: Progress = no_progress) -> pd.DataFrame:
    """Add every result column (fp., fin., chk., mx.) to an options table; `progress` is told each step
    as it starts (0 to 4 of 4, EVALUATION_STAGES) and when all are done."""
    total = len(EVALUATION_STAGES)
    progress(0, total, EVALUATION_STAGES[0])
    frame = add_footprint(frame, context.settings)
    progress(1, total, EVALUATION_STAGES[1])
    frame = add_finance(frame, context.settings)
    progress(2, total, EVALUATION_STAGES[2])
    frame = add_checklist(frame, context.rules, context.settings, lang=context.lang, on=context.evaluation_date)
    progress(3, total, EVALUATION_STAGES[3])
    frame = add_matrix(frame, context.matrix, context.settings)
    progress(total, total, "")
    return frame


def evaluation_records(frame: pd.DataFrame, context: Context) -> list[dict[str, Any]]:
    """format.md's JSON object of every evaluated option, each part built column by column by its step
    (the command line's compact form: pipeline/compact.py)."""
    heads = frame[[PROPOSAL_ID, OPTION_NAME, OPTION_KIND]].to_numpy(dtype=object).tolist()
    evaluated_on = context.evaluation_date.isoformat()
    footprints, finances, matrices = footprint_records(frame), finance_records(frame), matrix_records(frame)
    return [
        {"proposal": proposal, "option": option, "kind": kind, "evaluated_on": evaluated_on,
         "footprint": footprint, "finance": finance, "matrix": matrix, "checklist": checklist,
         "verdict": verdict}
        for (proposal, option, kind), footprint, finance, matrix, checklist, verdict in zip(
            heads, footprints, finances, matrices, checklist_records(frame, context.rules), verdicts(frame),
            strict=True)
    ]


def evaluate_proposals(
    proposals: Iterable[Proposal], settings: Settings, *, context: Context | None = None,
    progress: Progress = no_progress,
) -> list[dict[str, Any]]:
    """Evaluate every option of every proposal; one record per option, in file order."""
    context = context or build_context(settings)
    frame = evaluate_frame(options_frame(list(proposals), settings), context, progress)
    return evaluation_records(frame, context)


def _csv_cell(value: Any) -> Any:
    """A record leaf as one CSV cell: lists joined with '; ' (checklist items as `id=status`)."""
    if not isinstance(value, list):
        return value
    return "; ".join(f"{item['id']}={item['status']}" if isinstance(item, dict) and "id" in item else str(item)
                     for item in value)


def records_to_csv(records: Sequence[dict[str, Any]]) -> bytes:
    """One CSV row per option, dotted column names (lists joined with '; ')."""
    rows = [{column: _csv_cell(value) for column, value in flatten(record).items()} for record in records]
    columns = list(dict.fromkeys(column for row in rows for column in row))  # in order of first appearance
    return write_csv(columns, rows)  # texts a spreadsheet would run are neutralised (exchange/csv_cells.py)
