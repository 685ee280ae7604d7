"""Portfolio summaries computed from the evaluated options table (pure pandas, no Streamlit).

Options of one proposal are alternatives: adding them all up would count one need several times. A
portfolio total therefore sums, for each proposal, its *recommended option*: the one the matrix
ranks best (lowest `mx.rank`; first option on a tie or without a rank).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from evaluation.table.columns import (
    CHK_VERDICT,
    FIN_BUDGET_NPV,
    FIN_SOCIO_NPV,
    FP_ANNUAL_GWP_MAX,
    FP_ANNUAL_GWP_MIN,
    FP_WARNINGS,
    MX_RANK,
    OPTION_INDEX,
    OPTION_KIND,
    OPTION_NAME,
    PROPOSAL_CATEGORY,
    PROPOSAL_DIRECTION,
    PROPOSAL_ID,
    PROPOSAL_TITLE,
    scored_criterion_id,
    status_rule_id,
)

STATUSES = ("brouillon", "soumis", "en_revue", "avis_rendu", "decide")


def column(frame: pd.DataFrame, name: str, default: Any = np.nan) -> pd.Series:
    """A column, or a column of `default` when the engine did not produce it."""
    if name in frame.columns:
        return frame[name]
    return pd.Series([default] * len(frame), index=frame.index, dtype="float64" if default is np.nan else object)


def mean_column(frame: pd.DataFrame, bounds: tuple[str, str]) -> pd.Series:
    """Middle of a (min, max) pair of columns, such as footprint_range("annual", "gwp_kgco2eq")."""
    low, high = (column(frame, name).astype("float64") for name in bounds)
    return (low + high) / 2


def recommended_positions(frame: pd.DataFrame) -> np.ndarray:
    """The position (for `iloc`) of each proposal's option the matrix ranks best, proposals in their first-seen
    order (ties: the first option); the frame must not be empty."""
    ranks = column(frame, MX_RANK).astype("float64").fillna(math.inf).to_numpy()
    positions = column(frame, OPTION_INDEX, 0).to_numpy()
    codes, _ = pd.factorize(frame[PROPOSAL_ID])  # proposals in their first-seen order
    order = np.lexsort((positions, ranks, codes))
    return order[np.r_[True, codes[order][1:] != codes[order][:-1]]]


def recommended_options(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per proposal: the option the matrix ranks best."""
    if frame.empty:
        return frame
    return frame.iloc[recommended_positions(frame)].reset_index(drop=True)


@dataclass(frozen=True)
class KeyFigures:
    proposals: int
    options: int
    by_status: dict[str, int]
    gwp_kg_min: float
    gwp_kg_max: float
    budget_npv_eur: float
    socio_npv_eur: float
    blocking_options: int
    blocking_proposals: int
    gwp_left_out: tuple[str, ...] = ()     # recommended options without a footprint estimate, not counted
    socio_left_out: tuple[str, ...] = ()   # recommended options without a socio-economic NPV, not counted


def left_out(frame: pd.DataFrame, columns: Sequence[str]) -> tuple[str, ...]:
    """"Proposal title · option" of the rows missing any of these figures: what a total leaves out."""
    if frame.empty:
        return ()
    missing = pd.Series(False, index=frame.index)
    for name in columns:
        missing |= column(frame, name).astype("float64").isna()
    return tuple(option_label(row) for _, row in frame.loc[missing].iterrows())


_KEY_FIGURE_COLUMNS = ("status", FP_ANNUAL_GWP_MIN, FP_ANNUAL_GWP_MAX, FIN_BUDGET_NPV, FIN_SOCIO_NPV, PROPOSAL_TITLE,
                       OPTION_NAME)  # OPTION_NAME and PROPOSAL_TITLE: what a total leaves out is named (left_out)


def key_figures(frame: pd.DataFrame) -> KeyFigures:
    """The portfolio's headline figures (totals over recommended options)."""
    if frame.empty:
        return KeyFigures(0, 0, dict.fromkeys(STATUSES, 0), math.nan, math.nan, math.nan, math.nan, 0, 0)
    # Only the columns the figures read, taken once (the portfolio's rows have about thirty).
    kept = frame.columns.get_indexer(pd.Index([name for name in _KEY_FIGURE_COLUMNS if name in frame.columns]))
    best = frame.iloc[recommended_positions(frame), kept].reset_index(drop=True)
    statuses = column(best, "status", None).fillna("brouillon")
    by_status = {status: int((statuses == status).sum()) for status in STATUSES}
    blocking = column(frame, CHK_VERDICT, None).eq("bloquant")
    return KeyFigures(
        proposals=int(frame[PROPOSAL_ID].nunique()),
        options=len(frame),
        by_status=by_status,
        gwp_kg_min=float(column(best, FP_ANNUAL_GWP_MIN).sum(min_count=1)),
        gwp_kg_max=float(column(best, FP_ANNUAL_GWP_MAX).sum(min_count=1)),
        budget_npv_eur=float(column(best, FIN_BUDGET_NPV).sum(min_count=1)),
        socio_npv_eur=float(column(best, FIN_SOCIO_NPV).sum(min_count=1)),
        blocking_options=int(blocking.sum()),
        blocking_proposals=int(frame.loc[blocking.to_numpy(), PROPOSAL_ID].nunique()),
        gwp_left_out=left_out(best, (FP_ANNUAL_GWP_MIN, FP_ANNUAL_GWP_MAX)),
        socio_left_out=left_out(best, (FIN_SOCIO_NPV,)),
    )


def filter_options(frame: pd.DataFrame, *, statuses: Iterable[str] = (), directions: Iterable[str] = (),
                   categories: Iterable[str] = (), verdicts: Iterable[str] = (), kinds: Iterable[str] = ()
                   ) -> pd.DataFrame:
    """Options matching every filter given (an empty filter keeps everything)."""
    if frame.empty:
        return frame
    keep = pd.Series(True, index=frame.index)
    for name, wanted in (("status", statuses), (PROPOSAL_DIRECTION, directions), (PROPOSAL_CATEGORY, categories),
                         (CHK_VERDICT, verdicts), (OPTION_KIND, kinds)):
        values = list(wanted)
        if values:
            keep &= column(frame, name, None).isin(values)
    return frame.loc[keep]


def distinct(frame: pd.DataFrame, name: str) -> list[str]:
    """Distinct non-empty values of a column, sorted."""
    if frame.empty or name not in frame.columns:
        return []
    return sorted({str(v) for v in frame[name].dropna() if str(v).strip()})


def best_per_row(values: pd.DataFrame, higher_is_better: dict[str, bool]) -> dict[str, list[Any]]:
    """For each row label of a (measure x option) table, the columns holding the best value."""
    best: dict[str, list[Any]] = {}
    for measure, row in values.iterrows():
        numeric = pd.to_numeric(row, errors="coerce")
        if numeric.notna().sum() < 2 or str(measure) not in higher_is_better:
            best[str(measure)] = []
            continue
        target = numeric.max() if higher_is_better[str(measure)] else numeric.min()
        best[str(measure)] = [col for col, value in numeric.items() if value == target]
    return best


def option_label(row: pd.Series | dict[str, Any], *, with_proposal: bool = True) -> str:
    """"Proposal title · option name" for people."""
    name = str(row.get(OPTION_NAME, ""))
    if with_proposal:
        return f"{row.get(PROPOSAL_TITLE, '')} · {name}"
    return name


def warnings_of(row: pd.Series | dict[str, Any], name: str = FP_WARNINGS) -> list[str]:
    value = row.get(name)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, Sequence | np.ndarray):
        return [str(v) for v in value]
    return []


def rule_ids(frame: pd.DataFrame) -> list[str]:
    """Rule ids present in the options table (from its `chk.<ID>.status` columns), in column order."""
    return [rule for c in frame.columns if (rule := status_rule_id(str(c))) is not None]


def criterion_ids(frame: pd.DataFrame) -> list[str]:
    """Matrix criterion ids present in the table (`mx.<id>` score columns)."""
    return [criterion for c in frame.columns if (criterion := scored_criterion_id(str(c))) is not None]
