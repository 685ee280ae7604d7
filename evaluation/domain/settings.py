"""The collectivité's profile and reference values; defaults live in data/default_settings.yaml, read by
evaluation/exchange/settings_file.py."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, Field, model_validator

from evaluation.domain.fields import STRICT, field


class CollectiviteKind(StrEnum):
    COMMUNE = "commune"
    EPCI = "epci"
    DEPARTEMENT = "departement"
    REGION = "region"
    AUTRE = "autre"


class CarbonTrajectory(StrEnum):
    QUINET_2019 = "quinet_2019"
    QUINET_2025 = "quinet_2025"


class Profile(BaseModel):
    model_config = STRICT

    name: str = field(..., fr="Nom de la collectivité", en="Name", min_length=1, max_length=200)
    kind: CollectiviteKind = field(..., fr="Type de collectivité", en="Kind")
    population: int = field(..., fr="Population", en="Population", ge=0, le=100_000_000)
    headcount: float | None = field(
        None, fr="Effectif (agents en équivalent temps plein)", en="Headcount (full-time equivalent staff)",
        ge=0, le=10_000_000,
        fr_help="Agents et salariés en équivalent temps plein ; à partir de 50, la collectivité publie "
                "l'inventaire de ses principaux algorithmes (CRPA L. 312-1-3, règle ALG-3).",
        en_help="Staff in full-time equivalent; from 50, the collectivité publishes the inventory of its main "
                "algorithms (CRPA L. 312-1-3, rule ALG-3).")
    snr_adopted: bool = field(False, fr="Stratégie numérique responsable adoptée", en="SNR adopted")
    snr_date: dt.date | None = field(None, fr="Date d'adoption de la SNR", en="SNR adoption date")
    snr_objectives: list[str] = field(default_factory=list, fr="Objectifs de la SNR", en="SNR objectives")


class HourlyCosts(BaseModel):
    """Loaded hourly cost of a territorial agent by category (EUR/h)."""

    model_config = STRICT

    A: float = field(..., fr="Catégorie A (€/h)", en="Category A (EUR/h)", gt=0, le=1000)
    B: float = field(..., fr="Catégorie B (€/h)", en="Category B (EUR/h)", gt=0, le=1000)
    C: float = field(..., fr="Catégorie C (€/h)", en="Category C (EUR/h)", gt=0, le=1000)

    def for_category(self, category: str) -> float:
        return float(getattr(self, category))


#: Keys of older settings documents whose values now live elsewhere (ai_act: data/ai_act_dates.yaml).
MOVED_KEYS = frozenset({"ai_act"})


class Settings(BaseModel):
    """Everything an evaluation reads besides the proposal (and the evaluation date, an input of its own).

    The AI Act's application dates are law, not a choice of the collectivité: they moved to
    data/ai_act_dates.yaml (rules version 2). A settings document saved before keeps an `ai_act` key; it is
    dropped when read (MOVED_KEYS), so old versions still load and are shown as they were saved.
    """

    model_config = STRICT

    @model_validator(mode="before")
    @classmethod
    def _drop_moved(cls, data: Any) -> Any:
        if isinstance(data, dict) and any(key in data for key in MOVED_KEYS):
            return {key: value for key, value in data.items() if key not in MOVED_KEYS}
        return data

    profile: Profile = field(..., fr="Profil", en="Profile")
    hourly_costs: HourlyCosts = field(..., fr="Coûts horaires chargés", en="Loaded hourly costs")
    discount_rate: float = field(..., fr="Taux d'actualisation", en="Discount rate", ge=0, le=0.5)
    horizon_years: int = field(..., fr="Horizon par défaut (années)", en="Default horizon (years)", ge=1, le=30)
    carbon_trajectory: CarbonTrajectory = field(..., fr="Valeur de l'action pour le climat",
                                                en="Carbon value trajectory")
    start_year: int = field(..., fr="Année de départ des projets", en="Projects' start year", ge=2000, le=2100)
    default_pue: float = field(..., fr="PUE par défaut", en="Default PUE", ge=1, le=5)
    default_wue: float = field(..., fr="WUE par défaut (L/kWh)", en="Default WUE (L/kWh)", ge=0, le=20)
    sensitivity_spread: float = field(..., fr="Variation des hypothèses incertaines", en="Sensitivity spread",
                                      gt=0, lt=1)
    matrix: str = field("default", fr="Matrice", en="Matrix", pattern=r"^[a-z0-9_-]+$")
    matrix_weights: dict[str, Annotated[float, Field(gt=0, le=1000)]] = field(
        default_factory=dict, fr="Poids des critères de la matrice", en="Matrix criterion weights",
        fr_help="Par identifiant de critère ; ils remplacent ceux du fichier de la matrice.",
        en_help="By criterion id; they replace the matrix file's weights.")
    rules: str = field("rules", fr="Règles", en="Rules", pattern=r"^[a-z0-9_-]+$")
    sources: dict[str, str] = field(default_factory=dict, fr="Sources", en="Sources")


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge override into base (override wins), returning a new dict."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged
