"""data/bilan.yaml: the legal frame the bilan answers, its indicators' definitions and its French words."""

from __future__ import annotations

import datetime as dt
from functools import cache

from pydantic import BaseModel, ConfigDict

from evaluation.exchange.reference_files import load_reference_file

FROZEN = ConfigDict(extra="forbid", frozen=True)


class LegalText(BaseModel):
    model_config = FROZEN

    id: str
    text: str
    summary: str
    link: str
    checked: dt.date
    verified: str


class Indicator(BaseModel):
    model_config = FROZEN

    id: str
    name: str
    unit: str
    definition: str


class Criterion(BaseModel):
    model_config = FROZEN

    name: str
    unit: str


class Labels(BaseModel):
    model_config = FROZEN

    criteria: dict[str, Criterion]
    kinds: dict[str, str]
    categories: dict[str, str]
    outcomes: dict[str, str]
    statuses: dict[str, str]
    bases: dict[str, str]


class BilanReference(BaseModel):
    model_config = FROZEN

    checked: dt.date
    legal_frame: list[LegalText]
    indicators: list[Indicator]
    labels: Labels


@cache
def bilan_reference() -> BilanReference:
    """data/bilan.yaml, validated (InvalidFileError in French when malformed)."""
    return load_reference_file("bilan.yaml", BilanReference)
