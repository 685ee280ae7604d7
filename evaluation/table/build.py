"""The options table the engine computes on: one row per option, flat columns, defaults resolved.

Input columns are the flat exchange format's names (`id`, `governance.dpia`, `option.usage.users`,
see flat_format.py) plus a few resolved ones:
- `option_index`: position of the option in its proposal;
- `horizon`: the proposal's horizon, or the settings' default (years);
- `hourly_cost`: the option's loaded hourly cost, or the settings' value for its staff category (EUR/h);
- `has_non_ai_option`: whether the proposal has a non-AI option.
Each engine step adds its own columns under a prefix (`fp.`, `fin.`, `chk.`, `mx.`): see
docs/engine-columns.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from functools import cache
from operator import attrgetter
from typing import Any

import numpy as np
import pandas as pd

from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.exchange.flat import OPTION_PREFIX, all_columns, column_types, document_to_rows, proposals_to_rows

_NUMERIC = (int, float)
_OPTIONAL_PARTS = ("option.compute.", "option.training.", "option.parameters.")


@cache
def _model_defaults() -> dict[str, Any]:
    """Default of every flat column, read from an empty proposal with one option of each part."""
    from evaluation.domain.option import Compute, Option, Training
    from evaluation.domain.proposal import Proposal as _Proposal

    probe = _Proposal.model_validate({
        "id": "x", "title": "x", "options": [{"name": "x", "kind": "rules"}],
    })
    option = Option.model_validate({"name": "x", "kind": "rules"})
    option = option.model_copy(update={"compute": Compute(), "training": Training()})
    rows = proposals_to_rows([probe.model_copy(update={"options": [option]})])
    return rows[0]


def frame_from_rows(rows: Sequence[dict[str, Any]], settings: Settings) -> pd.DataFrame:
    """Build the typed options table from flat rows (as proposals_to_rows returns them)."""
    return _typed(pd.DataFrame.from_records(list(rows), columns=all_columns()), settings)


@cache
def _part_markers() -> dict[str, tuple[str, Any]]:
    """For each optional part (compute, training...), one of its columns with a non-None default."""
    defaults = _model_defaults()
    markers: dict[str, tuple[str, Any]] = {}
    for part in _OPTIONAL_PARTS:
        column = next((c for c in all_columns() if c.startswith(part) and defaults.get(c) is not None), None)
        if column is not None:
            markers[part[len(OPTION_PREFIX):-1]] = (column, defaults[column])
    return markers


def documents_frame(documents: Iterable[Mapping[str, Any]], settings: Settings) -> pd.DataFrame:
    """The options table of stored proposal documents, without validating them again.

    `documents` are proposal documents as the repository stores them (`model_dump(mode="json",
    exclude_unset=True)` of validated proposals): fields left to their default are absent and get
    their default here, so the table equals `options_frame` of the validated proposals. An optional
    part given empty (`compute: {}`) means "every default of that part", as the model reads it.
    """
    markers = _part_markers()
    rows: list[dict[str, Any]] = []
    for document in documents:
        flat = document_to_rows(dict(document))
        for option, row in zip(document.get("options", []), flat, strict=True):
            for part, (column, default) in markers.items():
                if option.get(part) == {}:
                    row[column] = default
        rows.extend(flat)
    return frame_from_rows(rows, settings)


def _column_values(objects: list[Any], path: str, kind: Any) -> list[Any]:
    """One attribute path (dotted) read on every object; an absent optional part reads as None."""
    part = next((p for p in _OPTIONAL_PARTS if OPTION_PREFIX + path.rpartition(".")[0] + "." == p), None)
    if part is None:
        values = list(map(attrgetter(path), objects))
    else:
        holder, _, name = path.rpartition(".")
        values = [None if item is None else getattr(item, name) for item in map(attrgetter(holder), objects)]
    if isinstance(kind, type) and issubclass(kind, Enum):
        return [None if value is None else value.value for value in values]
    return values


def options_frame(proposals: Iterable[Proposal], settings: Settings) -> pd.DataFrame:
    """The options table of validated proposals, read column by column from the models."""
    proposals = list(proposals)
    options = [option for proposal in proposals for option in proposal.options]
    counts = np.fromiter((len(proposal.options) for proposal in proposals), dtype=np.int64, count=len(proposals))
    data: dict[str, Any] = {}
    types = column_types()
    for column in all_columns():
        if column.startswith(OPTION_PREFIX):
            data[column] = _column_values(options, column[len(OPTION_PREFIX):], types[column])
        else:
            per_proposal = np.empty(len(proposals), dtype=object)
            per_proposal[:] = _column_values(proposals, column, types[column])
            data[column] = np.repeat(per_proposal, counts)
    return _typed(pd.DataFrame(data, columns=all_columns()), settings)


def _typed(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Types, defaults and resolved columns of a raw flat table."""
    columns = all_columns()
    defaults = _model_defaults()
    types = column_types()
    # an optional part (compute, training) left out keeps NaN; a part given gets its defaults
    part_given = {
        part: frame[[c for c in columns if c.startswith(part)]].notna().any(axis=1)
        for part in _OPTIONAL_PARTS
    }
    for column in columns:
        kind = types[column]
        part = next((p for p in _OPTIONAL_PARTS if column.startswith(p)), None)
        if kind in _NUMERIC:
            default = defaults.get(column)
            values = pd.to_numeric(frame[column], errors="coerce")
            if default is not None:
                values = values.fillna(default) if part is None else values.mask(
                    values.isna() & part_given[part], default)
            frame[column] = values.astype("float64")
        elif kind is bool:
            flags = frame[column].astype(object)
            frame[column] = flags.where(flags.notna(), False).astype(bool)
        else:
            values = frame[column].astype(object)
            values = values.where(values.notna(), None)
            default = defaults.get(column)
            if part is None:
                frame[column] = values.where(values.notna(), default)
            else:
                frame[column] = values.where(values.notna() | ~part_given[part], default)
    frame["option_index"] = frame.groupby("id", sort=False).cumcount().astype("int64")
    frame["horizon"] = frame["horizon_years"].fillna(settings.horizon_years).astype("int64")
    category_cost = frame["option.benefits.staff_category"].map(
        {"A": settings.hourly_costs.A, "B": settings.hourly_costs.B, "C": settings.hourly_costs.C}
    ).astype("float64")
    frame["hourly_cost"] = frame["option.benefits.hourly_cost"].fillna(category_cost)
    is_non_ai = frame["option.kind"].eq("non_ai")
    frame["has_non_ai_option"] = is_non_ai.groupby(frame["id"], sort=False).transform("any").astype(bool)
    frame["has_compute"] = frame["option.compute.hours_per_year"].notna() & (
        frame["option.compute.hours_per_year"] > 0)
    frame["has_training"] = frame["option.training.gpu_hours"].notna() & (frame["option.training.gpu_hours"] > 0)
    return frame.reset_index(drop=True)




def nan_to_none(value: Any) -> Any:
    """JSON-friendly scalar: NaN and NA become None, numpy scalars become Python ones."""
    if value is None:
        return None
    if isinstance(value, (float, np.floating)) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value
