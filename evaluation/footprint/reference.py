"""Reference data of the footprint engine, read lazily from data/ (hardware, equivalences, zones...)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from evaluation.resources import DATA_DIR
from evaluation.yaml_lines import read_yaml

_FROZEN = ConfigDict(extra="forbid", frozen=True)


class Gpu(BaseModel):
    """A GPU model and its rated power (TDP, W)."""

    model_config = _FROZEN

    key: str
    name: str
    tdp_w: float
    aliases: tuple[str, ...] = ()
    source: str


class EmbodiedImpacts(BaseModel):
    """Manufacturing impacts of one piece of hardware."""

    model_config = _FROZEN

    gwp_kgco2eq: float
    adpe_kgsbeq: float
    pe_mj: float


class Server(EmbodiedImpacts):
    gpu_count: int
    cpu_cores: int
    cpu_cores_source: str


class Embodied(BaseModel):
    model_config = _FROZEN

    lifetime_years: float
    source: str
    gpu: EmbodiedImpacts
    server: Server

    @property
    def lifetime_hours(self) -> float:
        """Hardware life in hours (years x 365 days x 24 h, as EcoLogits counts it)."""
        return self.lifetime_years * 365 * 24


class MemoryPower(BaseModel):
    model_config = _FROZEN

    value: float
    source: str


class Hardware(BaseModel):
    model_config = _FROZEN

    memory_power_w_per_gb: MemoryPower
    gpus: tuple[Gpu, ...]
    embodied: Embodied


class EquivalenceFactor(BaseModel):
    """kgCO2eq of one unit of something a person grasps (one km by car, one e-mail...)."""

    model_config = _FROZEN

    code: str
    kgco2eq_per_unit: float
    unit: str
    source: str
    to_check: bool = False


class AlternativesListed(BaseModel):
    model_config = _FROZEN

    model: int
    zone: int


class AlternativeModels(BaseModel):
    model_config = _FROZEN

    exclude_words: tuple[str, ...]
    open_weight_require_words: tuple[str, ...]


class Method(BaseModel):
    model_config = _FROZEN

    fallback_zone: str
    comparison_zones: tuple[str, ...]
    open_weight_provider: str
    alternative_zones: str
    alternatives_listed: AlternativesListed
    alternative_models: AlternativeModels


class ProviderStyle(BaseModel):
    model_config = _FROZEN

    fr: str
    en: str
    lower_words: bool = False
    glue_version: bool = False


class Providers(BaseModel):
    model_config = _FROZEN

    providers: dict[str, ProviderStyle]
    words: dict[str, str]


def _read(name: str) -> Any:
    return read_yaml(DATA_DIR / name)


@cache
def hardware() -> Hardware:
    return Hardware.model_validate(_read("hardware.yaml"))


@cache
def equivalence_factors() -> tuple[EquivalenceFactor, ...]:
    return tuple(EquivalenceFactor.model_validate(item) for item in _read("equivalences.yaml")["equivalences"])


@cache
def method() -> Method:
    return Method.model_validate(_read("footprint_method.yaml"))


@cache
def providers() -> Providers:
    return Providers.model_validate(_read("footprint_providers.yaml"))


@cache
def zone_names() -> dict[str, tuple[str, str]]:
    """ISO3 code -> (French name, English name)."""
    data = _read("footprint_zones.yaml")["zones"]
    return {str(code): (str(names["fr"]), str(names["en"])) for code, names in data.items()}


def _gpu_key(name: str) -> str:
    text = name.lower()
    text = re.sub(r"\b(nvidia|tesla)\b", " ", text)
    return re.sub(r"[^a-z0-9]+", "", text)


@cache
def _gpu_index() -> dict[str, Gpu]:
    index: dict[str, Gpu] = {}
    for gpu in hardware().gpus:
        for name in (gpu.key, gpu.name, *gpu.aliases):
            index.setdefault(_gpu_key(name), gpu)
    return index


def find_gpu(name: str | None) -> Gpu | None:
    """The reference GPU of a free-text name ("NVIDIA T4", "a100 80GB"), or None when unknown."""
    if not name:
        return None
    return _gpu_index().get(_gpu_key(name))


def any_gpu() -> Gpu:
    """Green Algorithms' "Any" GPU (200 W), used when the GPU is not named or not known."""
    gpu = _gpu_index().get("any")
    assert gpu is not None, "data/hardware.yaml must define the `any` GPU"
    return gpu
