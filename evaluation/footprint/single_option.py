"""One option (a pydantic Option or a row of the options table) as a one-row options table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from evaluation.domain.governance import Governance
from evaluation.domain.option import Option
from evaluation.domain.settings import Settings
from evaluation.exchange.flat import OPTION_PREFIX
from evaluation.table.build import frame_from_rows


def _flatten(data: Mapping[str, Any], prefix: str, out: dict[str, Any]) -> None:
    for key, value in data.items():
        if isinstance(value, Mapping):
            _flatten(value, f"{prefix}{key}.", out)
        else:
            out[f"{prefix}{key}"] = value


def option_row(option: Option, *, proposal_id: str = "option") -> dict[str, Any]:
    """The flat row of an option on its own (option.* columns, a placeholder proposal id)."""
    row: dict[str, Any] = {"id": proposal_id, "title": option.name}
    _flatten(Governance().model_dump(mode="json"), "governance.", row)
    _flatten(option.model_dump(mode="json"), OPTION_PREFIX, row)
    return row


def one_row_frame(option_or_row: Option | Mapping[str, Any], settings: Settings,
                  **changes: Any) -> pd.DataFrame:
    """A one-row options table of the option, with some flat columns changed (e.g. option.zone)."""
    row = option_row(option_or_row) if isinstance(option_or_row, Option) else dict(option_or_row)
    row.setdefault("id", "option")
    row.update(changes)
    return frame_from_rows([row], settings)


def rows_frame(option_or_row: Option | Mapping[str, Any], settings: Settings, column: str,
               values: list[Any]) -> pd.DataFrame:
    """A table of the same option repeated, one row per value of `column`."""
    row = option_row(option_or_row) if isinstance(option_or_row, Option) else dict(option_or_row)
    row.setdefault("id", "option")
    return frame_from_rows([{**row, column: value} for value in values], settings)
