"""A min-max range, kept through every product and sum."""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, model_validator


class Range(BaseModel):
    """An interval [min, max] of one quantity (its unit is in the field that holds it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min: float
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if math.isnan(self.min) or math.isnan(self.max):
            raise ValueError("a range has no NaN bound (use None for a figure that cannot be estimated)")
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        return self

    @property
    def mean(self) -> float:
        return (self.min + self.max) / 2

    @classmethod
    def of(cls, low: float, high: float) -> Range:
        """The range of two bounds given in any order."""
        return cls(min=min(low, high), max=max(low, high))

    @classmethod
    def optional(cls, low: float | None, high: float | None) -> Range | None:
        """None when a bound is missing or NaN, else the range."""
        if low is None or high is None or math.isnan(low) or math.isnan(high):
            return None
        return cls.of(float(low), float(high))

    def scaled(self, factor: float) -> Range:
        """This range times a non-negative factor."""
        return Range.of(self.min * factor, self.max * factor)
