"""What a smaller model gives up: its size against the option's and a public quality score where one
exists (data/model_quality.yaml: compar:IA's satisfaction scores), so that a frugal alternative is never
proposed without its capability gap."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict

from evaluation.footprint.model import ModelScore
from evaluation.footprint.ranges import Range
from evaluation.footprint.reference import model_quality

_FROZEN = ConfigDict(extra="forbid", frozen=True)


class CapabilityGap(BaseModel):
    """A smaller model against the option's: active parameters (billions), their ratio, and each model's
    public score (None where there is none)."""

    model_config = _FROZEN

    option_active_parameters_b: Range | None
    active_parameters_b: Range | None
    size_ratio: float | None          # the alternative's mean active parameters / the option's
    much_smaller: bool
    option_score: ModelScore | None
    score: ModelScore | None


@cache
def _scores() -> dict[tuple[str, str], ModelScore]:
    return {(item.provider, item.model): item for item in model_quality().models}


def model_score(provider: str | None, model: str | None) -> ModelScore | None:
    """The public score of this exact model, None when the data have none."""
    if not provider or not model:
        return None
    return _scores().get((provider, model))


def capability_gap(option: tuple[str | None, str | None, Range | None],
                   alternative: tuple[str | None, str | None, Range | None]) -> CapabilityGap:
    """The gap between the option's model and an alternative: each a (provider, model, active parameters)."""
    own, other = option[2], alternative[2]
    ratio = None
    if own is not None and other is not None and own.mean > 0:
        ratio = other.mean / own.mean
    return CapabilityGap(
        option_active_parameters_b=own, active_parameters_b=other, size_ratio=ratio,
        much_smaller=ratio is not None and ratio <= model_quality().much_smaller_ratio,
        option_score=model_score(option[0], option[1]), score=model_score(alternative[0], alternative[1]))
