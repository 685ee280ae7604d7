"""The finance step's reference file as a model: data/carbon_value.yaml's trajectories of the carbon value."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator
from pydantic_core import PydanticCustomError


class CarbonTrajectoryData(BaseModel):
    """One published trajectory of the carbon value (EUR per tCO2e by calendar year)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label_fr: str
    label_en: str
    currency_year: int | None
    source: str = Field(min_length=1)
    points: dict[int, float]
    note: str = ""

    @model_validator(mode="after")
    def _two_points_at_least(self) -> CarbonTrajectoryData:
        if len(self.points) < 2:
            raise PydanticCustomError("too_few_points", "une trajectoire doit avoir au moins deux points")
        return self


class CarbonValues(RootModel[dict[str, CarbonTrajectoryData]]):
    """data/carbon_value.yaml: every published trajectory, by code (quinet_2019, quinet_2025)."""
