"""The finance step's reference file as a model: data/carbon_value.yaml's trajectories of the carbon value."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator
from pydantic_core import PydanticCustomError


class CarbonTrajectoryData(BaseModel):
    """One published trajectory of the carbon value (EUR per tCO2e by calendar year)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label_fr: str
    label_en: str
    currency_year: int
    source: str = Field(min_length=1)
    link: str = Field(min_length=1)
    checked: date
    points: dict[int, float]
    growth_after_last_point: float = Field(ge=0, le=1)
    note: str = ""

    @model_validator(mode="after")
    def _two_points_at_least(self) -> CarbonTrajectoryData:
        if len(self.points) < 2:
            raise PydanticCustomError("too_few_points", "une trajectoire doit avoir au moins deux points")
        if any(value <= 0 for value in self.points.values()):
            raise PydanticCustomError("non_positive_point", "chaque valeur doit être strictement positive")
        return self


class CarbonValues(RootModel[dict[str, CarbonTrajectoryData]]):
    """data/carbon_value.yaml: every published trajectory, by code (quinet_2019, quinet_2025)."""
