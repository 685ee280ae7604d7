"""Billed model names (provider snapshots such as `gpt-4o-mini-2024-07-18`) mapped to EcoLogits models."""

from __future__ import annotations

import re
from functools import cache

from evaluation.footprint import ecologits_calls as bridge

# Suffixes providers add to a model's name for a dated snapshot or an alias, removed one at a time:
# -2024-07-18, -20241022, @20241022, -2512 (year-month), -latest.
_SNAPSHOT = re.compile(r"(?:[-@]\d{4}-\d{2}-\d{2}|[-@]\d{8}|-\d{4}|-latest)$")


@cache
def _names(provider: str) -> frozenset[str]:
    return frozenset(model.name for model in bridge.list_models() if model.provider.value == provider)


def ecologits_model(provider: str | None, billed: str | None) -> str | None:
    """The EcoLogits model of `provider` a billed name stands for: the name itself when EcoLogits has it,
    else the name without its snapshot suffixes; None when EcoLogits knows neither."""
    if not provider or not billed:
        return None
    known = _names(provider)
    name = billed.strip()
    while name:
        if name in known:
            return name
        shorter = _SNAPSHOT.sub("", name)
        if shorter == name:
            return None
        name = shorter
    return None
