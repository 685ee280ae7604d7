"""Options tables for the finance and sensitivity tests, built from real proposals; the footprint and
checklist columns other steps produce are added by hand."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import pandas as pd

from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.exchange.settings_file import load_settings
from evaluation.table.build import options_frame


@cache
def _defaults() -> Settings:
    return load_settings()


def settings(**changes: Any) -> Settings:
    return _defaults().model_copy(update=changes)


def option(name: str, kind: str = "genai_api", **parts: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"name": name, "kind": kind}
    if kind in ("genai_api", "genai_self_hosted"):
        data.update(provider="mistralai", model="mistral-small-latest", zone="FRA")
    data.update(parts)
    return data


def proposal(pid: str, options: Sequence[dict[str, Any]], horizon: int | None = 5, **fields: Any) -> Proposal:
    data: dict[str, Any] = {"id": pid, "title": pid, "options": list(options), **fields}
    if horizon is not None:
        data["horizon_years"] = horizon
    return Proposal.model_validate(data)


def frame_of(proposals: Sequence[Proposal], config: Settings | None = None) -> pd.DataFrame:
    return options_frame(proposals, config or settings())


def with_footprint(frame: pd.DataFrame, **ranges: Sequence[tuple[float, float]]) -> pd.DataFrame:
    """Add fp.annual.<criterion>.min/max columns: with_footprint(frame, gwp_kgco2eq=[(1, 2), ...])."""
    frame = frame.copy()
    for criterion, pairs in ranges.items():
        frame[f"fp.annual.{criterion}.min"] = [float(low) for low, _ in pairs]
        frame[f"fp.annual.{criterion}.max"] = [float(high) for _, high in pairs]
    return frame


def simple_option(name: str = "IA", kind: str = "genai_api", *, one_off: float = 0.0, annual: float = 0.0,
                  hours_per_week: float = 0.0, users: int = 10, adoption: float = 1.0, days: int = 200,
                  hourly_cost: float = 40.0, other_savings: float = 0.0, **parts: Any) -> dict[str, Any]:
    """An option whose one-off cost, annual cost and benefits are given directly (EUR)."""
    return option(
        name, kind,
        costs={"one_off": {"development": one_off}, "annual": {"maintenance": annual}},
        benefits={"hours_saved_per_user_per_week": hours_per_week, "adoption_rate": adoption,
                  "hourly_cost": hourly_cost, "other_annual_savings": other_savings},
        usage={"users": users, "days_per_year": days},
        **parts,
    )
