"""What the UI offers: providers, their models with readable names, zones with country names."""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel, ConfigDict

from evaluation.footprint import ecologits_calls as bridge
from evaluation.footprint.ranges import Range
from evaluation.footprint.reference import providers, zone_names

_FROZEN = ConfigDict(extra="forbid", frozen=True)

_DATE_8 = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SIZE = re.compile(r"^(\d+(?:\.\d+)?[bmk]|a\d+(?:\.\d+)?b)$", re.IGNORECASE)
_O_SERIES = re.compile(r"^o\d")


class ProviderChoice(BaseModel):
    """A provider of EcoLogits' repository."""

    model_config = _FROZEN

    code: str
    fr: str
    en: str


class ModelChoice(BaseModel):
    """A model of the repository, with a readable name and its size (billions of parameters)."""

    model_config = _FROZEN

    provider: str
    id: str
    name: str
    active_parameters_b: Range
    total_parameters_b: Range
    warnings: tuple[str, ...]


class ZoneChoice(BaseModel):
    """An electricity-mix zone; `full_mix` is False when EcoLogits falls back on world values."""

    model_config = _FROZEN

    code: str
    fr: str
    en: str
    full_mix: bool


def _split_suffix(tokens: list[str]) -> tuple[list[str], str]:
    """Separate a version suffix (latest, a date, a 4-digit release) from the words of an id."""
    if len(tokens) > 1 and tokens[-1] == "latest":
        return tokens[:-1], "(latest)"
    if len(tokens) > 3 and re.fullmatch(r"\d{4}", tokens[-3]) and all(
            re.fullmatch(r"\d{2}", t) for t in tokens[-2:]):
        return tokens[:-3], f"({tokens[-3]}-{tokens[-2]}-{tokens[-1]})"
    if len(tokens) > 2 and re.fullmatch(r"\d{2}", tokens[-2]) and re.fullmatch(r"\d{4}", tokens[-1]):
        return tokens[:-2], f"({tokens[-1]}-{tokens[-2]})"
    if len(tokens) > 1 and (match := _DATE_8.match(tokens[-1])):
        return tokens[:-1], f"({match[1]}-{match[2]}-{match[3]})"
    if len(tokens) > 1 and re.fullmatch(r"\d{4}", tokens[-1]):
        return tokens[:-1], f"({tokens[-1]})"
    return tokens, ""


def _join_versions(tokens: list[str]) -> list[str]:
    """Consecutive number words are one version: ["4", "5"] -> ["4.5"]."""
    joined: list[str] = []
    for token in tokens:
        if joined and token.isdigit() and re.fullmatch(r"\d+(?:\.\d+)*", joined[-1]):
            joined[-1] = f"{joined[-1]}.{token}"
        else:
            joined.append(token)
    return joined


def display_name(provider: str, model_id: str) -> str:
    """A readable name built from a model id: "gpt-4o-mini" -> "GPT-4o mini",
    "mistral-small-latest" -> "Mistral Small (latest)", "org/Model-7B" -> "Model 7B (org)"."""
    if "/" in model_id:
        organisation, name = model_id.split("/", 1)
        return f"{name.replace('-', ' ').replace('_', ' ')} ({organisation})"
    data = providers()
    style = data.providers.get(provider)
    lower = style.lower_words if style else False
    words, suffix = _split_suffix(model_id.split("-"))
    words = _join_versions(words)
    shown: list[str] = []
    for position, word in enumerate(words):
        if word.lower() in data.words:
            text = data.words[word.lower()]
        elif _SIZE.match(word):
            text = word.upper()
        elif position == 0 and _O_SERIES.match(word):
            text = word
        elif position == 0 or not lower:
            text = word[:1].upper() + word[1:]
        else:
            text = word
        shown.append(text)
    if style and style.glue_version and len(shown) > 1 and words[0].lower() in data.words and words[1][:1].isdigit():
        shown[:2] = [f"{shown[0]}-{shown[1]}"]
    return " ".join(shown + ([suffix] if suffix else []))


@cache
def available_providers() -> list[ProviderChoice]:
    """Providers of the repository, with their labels (code as label when none is in the data)."""
    labels = providers().providers
    codes = sorted({m.provider.value for m in bridge.list_models()})
    return [ProviderChoice(code=code, fr=labels[code].fr if code in labels else code,
                           en=labels[code].en if code in labels else code) for code in codes]


@cache
def available_models(provider: str) -> list[ModelChoice]:
    """A provider's models, sorted by readable name (empty for an unknown provider)."""
    choices = []
    for model in bridge.list_models():
        if model.provider.value != provider:
            continue
        active, total = bridge.model_parameters(model)
        choices.append(ModelChoice(
            provider=provider, id=model.name, name=display_name(provider, model.name),
            active_parameters_b=Range.of(*active), total_parameters_b=Range.of(*total),
            warnings=tuple(w.code for w in model.warnings)))
    return sorted(choices, key=lambda choice: (choice.name.lower(), choice.id))


@cache
def available_zones() -> list[ZoneChoice]:
    """EcoLogits' zones: named ones first (France first, then by French name), then the others by code."""
    names = zone_names()
    zones = []
    for mix in bridge.list_mixes():
        fr, en = names.get(mix.zone, (mix.zone, mix.zone))
        zones.append(ZoneChoice(code=mix.zone, fr=fr, en=en, full_mix=not mix.warnings))
    return sorted(zones, key=lambda z: (z.code != "FRA", z.code not in names, z.fr.lower(), z.code))


def zone_label(code: str, lang: str = "fr") -> str:
    """The country name of a zone code in French or English (the code itself when unnamed)."""
    fr, en = zone_names().get(code, (code, code))
    return en if lang == "en" else fr
