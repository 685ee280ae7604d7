"""Options tables for the matrix tests, built from real proposals; the footprint and checklist columns
that other steps produce are added by hand."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import pandas as pd

from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.exchange.settings_file import load_settings
from evaluation.finance import add_finance
from evaluation.matrix import Matrix, add_matrix, load_matrix, parse_matrix
from evaluation.table.build import options_frame
from tests.support.matrices import matrix_header


@cache
def default_settings() -> Settings:
    return load_settings()


@cache
def default_matrix() -> Matrix:
    return load_matrix("default")


def option(name: str, kind: str = "genai_api", *, one_off: float = 0.0, annual: float = 0.0,
           hours_per_week: float = 0.0, users: int = 10, hourly_cost: float = 40.0,
           qualitative: dict[str, int] | None = None, **parts: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"name": name, "kind": kind}
    if kind in ("genai_api", "genai_self_hosted"):
        data.update(provider="mistralai", model="mistral-small-latest", zone="FRA")
    data.update(
        costs={"one_off": {"development": one_off}, "annual": {"maintenance": annual}},
        benefits={"hours_saved_per_user_per_week": hours_per_week, "hourly_cost": hourly_cost,
                  "qualitative": qualitative or {}},
        usage={"users": users, "days_per_year": 200},
    )
    data.update(parts)
    return data


def proposal(pid: str, options: Sequence[dict[str, Any]], **fields: Any) -> Proposal:
    return Proposal.model_validate({"id": pid, "title": pid, "horizon_years": 5, "options": list(options), **fields})


def frame_of(proposals: Sequence[Proposal]) -> pd.DataFrame:
    return options_frame(proposals, default_settings())


def with_columns(frame: pd.DataFrame, **columns: Sequence[Any]) -> pd.DataFrame:
    """Add columns by name: with_columns(frame, **{"chk.fail_count": [0, 1]})."""
    frame = frame.copy()
    for name, values in columns.items():
        frame[name] = list(values)
    return frame


def with_footprint(frame: pd.DataFrame, gwp: Sequence[float], wcf: Sequence[float] | None = None,
                   adpe: Sequence[float] | None = None) -> pd.DataFrame:
    """Footprint columns with min = max = the given annual values."""
    columns: dict[str, Sequence[float]] = {}
    zeros = [0.0] * len(frame)
    for criterion, values in (("gwp_kgco2eq", gwp), ("wcf_l", wcf or zeros), ("adpe_kgsbeq", adpe or zeros)):
        columns[f"fp.annual.{criterion}.min"] = values
        columns[f"fp.annual.{criterion}.max"] = values
    return with_columns(frame, **columns)


def with_checklist(frame: pd.DataFrame, blocking: Sequence[int], fail: Sequence[int], warn: Sequence[int]) -> pd.DataFrame:
    return with_columns(frame, **{"chk.blocking_count": blocking, "chk.fail_count": fail, "chk.warn_count": warn})


def evaluated(frame: pd.DataFrame, matrix: Matrix | None = None) -> pd.DataFrame:
    settings = default_settings()
    return add_matrix(add_finance(frame, settings), matrix or default_matrix(), settings)


HEADER = matrix_header("essai", 1, "Essai", "Test")


def matrix_from(criteria: str) -> Matrix:
    """A test matrix made of the given criteria (YAML list items)."""
    return parse_matrix(HEADER + criteria, "essai.yaml")
