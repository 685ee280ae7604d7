"""Choices offered by the option editor: EcoLogits' providers, models and electricity-mix zones.

Read through the footprint engine's bridge (the only door to EcoLogits), lazily and once; labels
are readable names (`Mistral Small (dernière version)`, `France`). No Streamlit import.
"""

from __future__ import annotations

from functools import cache

from ui.formatting import model_label, provider_label

# Providers in the order a French collectivité is most likely to look for them.
_PROVIDER_ORDER = ("mistralai", "huggingface_hub", "openai", "anthropic", "google_genai", "cohere")
# Zones listed first in the picker.
_FIRST_ZONES = ("FRA", "EEE", "WOR")


@cache
def _models_by_provider() -> dict[str, tuple[str, ...]]:
    from evaluation.footprint.bridge import list_models

    found: dict[str, set[str]] = {}
    for model in list_models():
        provider = getattr(model.provider, "value", model.provider)
        found.setdefault(str(provider), set()).add(str(model.name))
    return {provider: tuple(sorted(names, key=str.lower)) for provider, names in found.items()}


def providers() -> tuple[str, ...]:
    """EcoLogits provider codes, the usual ones first."""
    known = _models_by_provider()
    first = [code for code in _PROVIDER_ORDER if code in known]
    return tuple(first + sorted(code for code in known if code not in first))


def models(provider: str | None) -> tuple[str, ...]:
    """Model names EcoLogits knows for a provider (empty for an unknown provider)."""
    return _models_by_provider().get(provider or "", ())


def is_known_model(provider: str | None, model: str | None) -> bool:
    return bool(model) and str(model) in models(provider)


@cache
def zones() -> tuple[str, ...]:
    """Zone codes with an electricity mix in EcoLogits: France, Europe, World first, then by code."""
    from evaluation.footprint.bridge import list_mixes

    codes = {str(mix.zone) for mix in list_mixes()}
    first = [code for code in _FIRST_ZONES if code in codes]
    return tuple(first + sorted(codes - set(first)))


@cache
def _zone_names() -> dict[str, tuple[str, str]]:
    try:
        from evaluation.footprint.reference import zone_names
    except ImportError:  # pragma: no cover - the footprint package always has it
        return {}
    return zone_names()


def zone_label(code: str | None, *, lang: str = "fr") -> str:
    """`France (FRA)`; the code alone when it has no name."""
    if not code:
        return ""
    names = _zone_names().get(str(code))
    if names is None:
        return str(code)
    return f"{names[1] if lang == 'en' else names[0]} ({code})"


def provider_name(code: str | None, *, lang: str = "fr") -> str:
    if not code:
        return ""
    try:
        from evaluation.footprint.reference import providers as provider_styles

        style = provider_styles().providers.get(str(code))
    except (ImportError, OSError, ValueError):  # pragma: no cover - reference data always present
        style = None
    if style is not None:
        return style.en if lang == "en" else style.fr
    return provider_label(code)


def model_name(model: str | None, *, lang: str = "fr") -> str:
    """A readable model name, with its id when the name hides it."""
    if not model:
        return ""
    label = model_label(model, lang=lang)
    return label or str(model)
