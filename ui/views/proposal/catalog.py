"""Choices offered by the option editor: EcoLogits' providers, models and electricity-mix zones, with
readable names, from the footprint engine's catalogue (evaluation/footprint/catalogue.py). No Streamlit
import."""

from __future__ import annotations

from functools import cache

from evaluation.footprint.catalogue import ModelChoice, available_models, available_providers, available_zones
from evaluation.footprint.catalogue import zone_label as zone_name

# Providers in the order a French collectivité is most likely to look for them.
_PROVIDER_ORDER = ("mistralai", "huggingface_hub", "openai", "anthropic", "google_genai", "cohere")
# Zones listed first in the picker.
_FIRST_ZONES = ("FRA", "EEE", "WOR")


def providers() -> tuple[str, ...]:
    """EcoLogits provider codes, the usual ones first."""
    known = [choice.code for choice in available_providers()]
    first = [code for code in _PROVIDER_ORDER if code in known]
    return tuple(first + [code for code in known if code not in first])


def provider_name(code: str | None, *, lang: str = "fr") -> str:
    if not code:
        return ""
    for choice in available_providers():
        if choice.code == code:
            return choice.en if lang == "en" else choice.fr
    return str(code)


@cache
def _models(provider: str) -> dict[str, ModelChoice]:
    return {choice.id: choice for choice in available_models(provider)}


def models(provider: str | None) -> tuple[str, ...]:
    """Model ids EcoLogits knows for a provider, sorted by readable name (empty for an unknown provider)."""
    return tuple(_models(provider or ""))


def is_known_model(provider: str | None, model: str | None) -> bool:
    return bool(model) and str(model) in _models(provider or "")


def model_name(provider: str | None, model: str | None) -> str:
    """The readable name of a model (its id when EcoLogits does not know it)."""
    if not model:
        return ""
    choice = _models(provider or "").get(str(model))
    return choice.name if choice is not None else str(model)


def model_size(provider: str | None, model: str | None) -> ModelChoice | None:
    return _models(provider or "").get(str(model)) if model else None


@cache
def zones() -> tuple[str, ...]:
    """Zone codes with an electricity mix in EcoLogits: France, Europe, World first, then named countries."""
    codes = [choice.code for choice in available_zones()]
    first = [code for code in _FIRST_ZONES if code in codes]
    return tuple(first + [code for code in codes if code not in first])


def zone_label(code: str | None, *, lang: str = "fr") -> str:
    """`France (FRA)`; the code alone when it has no name."""
    if not code:
        return ""
    name = zone_name(str(code), lang)
    return str(code) if name == code else f"{name} ({code})"
