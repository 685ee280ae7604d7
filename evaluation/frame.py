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

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from evaluation.flat_format import all_columns, column_types, proposals_to_rows
from evaluation.proposal import Proposal
from evaluation.settings import Settings

_NUMERIC = (int, float)


def _model_defaults() -> dict[str, Any]:
    """Default of every flat column, read from an empty proposal with one option of each part."""
    from evaluation.option import Compute, Option, Training
    from evaluation.proposal import Proposal as _Proposal

    probe = _Proposal.model_validate({
        "id": "x", "title": "x", "options": [{"name": "x", "kind": "rules"}],
    })
    option = Option.model_validate({"name": "x", "kind": "rules"})
    option = option.model_copy(update={"compute": Compute(), "training": Training()})
    rows = proposals_to_rows([probe.model_copy(update={"options": [option]})])
    return rows[0]


def frame_from_rows(rows: Sequence[dict[str, Any]], settings: Settings) -> pd.DataFrame:
    """Build the typed options table from flat rows (as proposals_to_rows returns them)."""
    columns = all_columns()
    frame = pd.DataFrame.from_records(list(rows), columns=columns)
    defaults = _model_defaults()
    types = column_types()
    for column in columns:
        kind = types[column]
        if kind in _NUMERIC:
            default = defaults.get(column)
            values = pd.to_numeric(frame[column], errors="coerce")
            # compute/training parts left out keep NaN; everything else gets the model's default
            if default is not None and not column.startswith(("option.compute.", "option.training.")):
                values = values.fillna(default)
            frame[column] = values.astype("float64")
        elif kind is bool:
            frame[column] = frame[column].fillna(False).astype(bool)
        else:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
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


def options_frame(proposals: Iterable[Proposal], settings: Settings) -> pd.DataFrame:
    """The options table of validated proposals."""
    return frame_from_rows(proposals_to_rows(proposals, complete=False), settings)


def nan_to_none(value: Any) -> Any:
    """JSON-friendly scalar: NaN and NA become None, numpy scalars become Python ones."""
    if value is None:
        return None
    if isinstance(value, (float, np.floating)) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value
