"""Shared helpers of the footprint tests: options tables built from pydantic Proposals."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import pandas as pd

from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.exchange.settings_file import load_settings
from evaluation.table.build import options_frame

CRITERIA = ("energy_kwh", "gwp_kgco2eq", "adpe_kgsbeq", "pe_mj", "wcf_l")


@cache
def settings() -> Settings:
    return load_settings()


def usage(users: float = 1, per_day: float = 1, days: int = 1, tokens: float = 400) -> dict[str, Any]:
    return {"users": users, "requests_per_user_per_day": per_day, "days_per_year": days,
            "output_tokens_per_request": tokens}


def api_option(provider: str, model: str, zone: str | None = "FRA", **extra: Any) -> dict[str, Any]:
    option: dict[str, Any] = {"name": f"{provider}:{model}:{zone}", "kind": "genai_api", "provider": provider,
                              "model": model, "usage": usage()}
    if zone is not None:
        option["zone"] = zone
    option.update(extra)
    return option


def frame_of(options: Sequence[Mapping[str, Any]], settings_: Settings | None = None) -> pd.DataFrame:
    """The options table of these options, 20 to a proposal, names made unique."""
    proposals = []
    for start in range(0, len(options), 20):
        chunk = [dict(option, name=f"{index}-{option['name']}")
                 for index, option in enumerate(options[start:start + 20], start=start)]
        proposals.append(Proposal.model_validate({"id": f"p-{start}", "title": "Test", "options": chunk}))
    return options_frame(proposals, settings_ or settings())


def close(actual: float, expected: float, rel: float = 1e-9) -> bool:
    return math.isclose(actual, expected, rel_tol=rel, abs_tol=0.0) or (actual == expected == 0.0)


def bounds(value: Any) -> tuple[float, float]:
    if hasattr(value, "min"):
        return float(value.min), float(value.max)
    return float(value), float(value)
