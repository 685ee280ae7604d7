"""Rows of the options table as the engine's per-row readers take them: mappings keyed by column name."""

from __future__ import annotations

from typing import Any

import pandas as pd


def row_of(series: Any) -> dict[str, Any]:
    """One row (a Series, as `frame.loc[label]` gives) as {column name: value}."""
    return {str(key): value for key, value in series.to_dict().items()}


def records_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Every row as {column name: value}."""
    return [{str(key): value for key, value in row.items()} for row in frame.to_dict("records")]
