"""Equivalences that put a GWP figure in scale (data/equivalences.yaml)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from evaluation.footprint.ranges import Range
from evaluation.footprint.reference import equivalence_factors


class Equivalence(BaseModel):
    """`quantity` units of something a person grasps emit as much as the GWP given (min-max kept);
    labels are in ui/locales/footprint.*.yaml under equivalences.<code>."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    quantity: Range
    unit: str
    kgco2eq_per_unit: float
    source: str
    to_check: bool


def equivalences(gwp_kgco2eq: Range) -> list[Equivalence]:
    """The GWP (kgCO2eq) as km by car, TGV km, e-mails, hours of streaming, share of a French
    person's yearly footprint."""
    return [
        Equivalence(code=factor.code, quantity=gwp_kgco2eq.scaled(1 / factor.kgco2eq_per_unit), unit=factor.unit,
                    kgco2eq_per_unit=factor.kgco2eq_per_unit, source=factor.source, to_check=factor.to_check)
        for factor in equivalence_factors()
    ]
