"""The options table the engine computes on: one row per option, flat columns, defaults resolved.

One builder, in three stages: proposal documents -> flat rows (exchange/flat.py) -> the typed table.
`options_frame` enters at the first stage with validated proposals, dumped through the one dump policy
(exchange/documents.proposal_document); `documents_frame` with documents as storage keeps them
(the dashboard's portfolio, without validating again); `frame_from_rows` with flat rows. The defaults
of fields left out are resolved once, in `_typed`, from the models' defaults (flat.flat_columns).

Input columns are the flat exchange format's names (`id`, `governance.dpia`, `option.usage.users`,
see exchange/flat.py) plus a few resolved ones:
- `option_index`: position of the option in its proposal;
- `horizon`: the proposal's horizon, or the settings' default (years);
- `hourly_cost`: the option's loaded hourly cost, or the settings' value for its staff category (EUR/h);
- `has_non_ai_option`: whether the proposal has a non-AI option;
- `has_compute`, `has_training`: whether the option states compute hours or training GPU hours.
Each engine step adds its own columns under a prefix (`fp.`, `fin.`, `chk.`, `mx.`): see
docs/engine-columns.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.exchange.documents import Cell, FlatRow, proposal_document
from evaluation.exchange.flat import FlatColumn, all_columns, document_to_rows, flat_columns
from evaluation.table.columns import (
    HAS_COMPUTE,
    HAS_NON_AI_OPTION,
    HAS_TRAINING,
    HORIZON,
    HOURLY_COST,
    OPTION_BENEFITS_HOURLY_COST,
    OPTION_BENEFITS_STAFF_CATEGORY,
    OPTION_COMPUTE_HOURS_PER_YEAR,
    OPTION_INDEX,
    OPTION_KIND,
    OPTION_TRAINING_GPU_HOURS,
    PROPOSAL_HORIZON_YEARS,
    PROPOSAL_ID,
)

_NUMERIC = (int, float)


def options_frame(proposals: Iterable[Proposal], settings: Settings) -> pd.DataFrame:
    """The options table of validated proposals (dumped as storage keeps them, then built)."""
    return documents_frame(map(proposal_document, proposals), settings)


def documents_frame(documents: Iterable[Mapping[str, Any]], settings: Settings) -> pd.DataFrame:
    """The options table of proposal documents (proposal_document's form), without validating them.

    Fields left to their default are absent from a document and get their default here; an optional
    part given empty (`compute: {}`) means "every default of that part", as the model reads it.
    """
    rows: list[FlatRow] = []
    for document in documents:
        rows.extend(document_to_rows(document))
    return frame_from_rows(rows, settings)


def frame_from_rows(rows: Iterable[Mapping[str, Cell]], settings: Settings) -> pd.DataFrame:
    """The options table of flat rows (exchange.flat.document_to_rows' form; absent columns are unset)."""
    return _typed(pd.DataFrame.from_records(list(rows), columns=all_columns()), settings)


def _typed_column(values: pd.Series, column: FlatColumn, part_given: pd.Series | None) -> pd.Series:
    """One raw column with its type and, where it is unset, its default (an optional part left out
    keeps its columns unset: NaN or None)."""
    default = column.default
    if column.kind in _NUMERIC:
        numbers = pd.to_numeric(values, errors="coerce")
        if default is not None:
            numbers = numbers.fillna(default) if part_given is None else numbers.mask(
                numbers.isna() & part_given, default)
        return numbers.astype("float64")
    if column.kind is bool:
        flags = values.astype(object)
        return flags.where(flags.notna(), False).astype(bool)
    objects = values.astype(object)
    objects = objects.where(objects.notna(), None)
    given = objects.notna() if part_given is None else objects.notna() | ~part_given
    return objects.where(given, default)


def _typed(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Types, defaults and resolved columns of a raw flat table."""
    columns = flat_columns()
    parts = {column.part for column in columns if column.part is not None}
    part_given = {part: frame[[c.name for c in columns if c.part == part]].notna().any(axis=1) for part in parts}
    for column in columns:
        frame[column.name] = _typed_column(
            frame[column.name], column, None if column.part is None else part_given[column.part])
    frame[OPTION_INDEX] = frame.groupby(PROPOSAL_ID, sort=False).cumcount().astype("int64")
    frame[HORIZON] = frame[PROPOSAL_HORIZON_YEARS].fillna(settings.horizon_years).astype("int64")
    category_cost = frame[OPTION_BENEFITS_STAFF_CATEGORY].map(
        {"A": settings.hourly_costs.A, "B": settings.hourly_costs.B, "C": settings.hourly_costs.C}
    ).astype("float64")
    frame[HOURLY_COST] = frame[OPTION_BENEFITS_HOURLY_COST].fillna(category_cost)
    is_non_ai = frame[OPTION_KIND].eq("non_ai")
    frame[HAS_NON_AI_OPTION] = is_non_ai.groupby(frame[PROPOSAL_ID], sort=False).transform("any").astype(bool)
    frame[HAS_COMPUTE] = frame[OPTION_COMPUTE_HOURS_PER_YEAR].notna() & (
        frame[OPTION_COMPUTE_HOURS_PER_YEAR] > 0)
    frame[HAS_TRAINING] = frame[OPTION_TRAINING_GPU_HOURS].notna() & (frame[OPTION_TRAINING_GPU_HOURS] > 0)
    return frame.reset_index(drop=True)
