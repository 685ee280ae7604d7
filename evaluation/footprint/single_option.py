"""One option (a pydantic Option or a row of the options table) as a one-row options table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from evaluation.domain.option import Option
from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.table.build import frame_from_rows, options_frame
from evaluation.table.columns import PROPOSAL_ID

PLACEHOLDER_ID = "option"  # the id of the placeholder proposal


def _alone(option: Option, settings: Settings) -> pd.DataFrame:
    """The options table of a placeholder proposal holding only this option (built without
    validation: a proposal needs an AI option, the option may have none)."""
    proposal = Proposal.model_construct(id=PLACEHOLDER_ID, title=option.name, options=[option])
    return options_frame([proposal], settings)


def one_row_frame(option_or_row: Option | Mapping[str, Any], settings: Settings) -> pd.DataFrame:
    """A one-row options table of the option."""
    if isinstance(option_or_row, Option):
        return _alone(option_or_row, settings)
    return frame_from_rows([{PROPOSAL_ID: PLACEHOLDER_ID, **option_or_row}], settings)


def rows_frame(option_or_row: Option | Mapping[str, Any], settings: Settings, column: str,
               values: list[Any]) -> pd.DataFrame:
    """A table of the same option repeated, one row per value of a flat column (e.g. option.zone)."""
    if isinstance(option_or_row, Option):
        row = {str(key): value for key, value in _alone(option_or_row, settings).iloc[0].items()}
    else:
        row = {PROPOSAL_ID: PLACEHOLDER_ID, **option_or_row}
    return frame_from_rows([{**row, column: value} for value in values], settings)
