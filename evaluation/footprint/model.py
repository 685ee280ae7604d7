"""The footprint's reference data files as pydantic models (read by reference.py): data/hardware.yaml,
embodied_hardware.yaml, model_quality.yaml, equivalences.yaml, footprint_method.yaml, footprint_providers.yaml and footprint_zones.yaml."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

FROZEN = ConfigDict(extra="forbid", frozen=True)
ANY_GPU = "any"


class Gpu(BaseModel):
    """A GPU model and its rated power (TDP, W)."""

    model_config = FROZEN

    key: str
    name: str
    tdp_w: float
    aliases: tuple[str, ...] = ()
    source: str


class EmbodiedImpacts(BaseModel):
    """Manufacturing impacts of one piece of hardware over its whole life."""

    model_config = FROZEN

    gwp_kgco2eq: float = Field(ge=0)
    adpe_kgsbeq: float = Field(ge=0)
    pe_mj: float = Field(ge=0)


class EmbodiedServer(EmbodiedImpacts):
    """A Boavizta server archetype without its GPUs: what it holds and how long it lives."""

    key: str
    lifetime_hours: float = Field(gt=0)
    gpus: int = Field(ge=0)
    cores: int = Field(gt=0)


class EmbodiedGpu(EmbodiedImpacts):
    """One GPU card (Boavizta's GPU model), by Jauge's GPU key, and the server that hosts it."""

    key: str = ""
    boavizta: str
    server: str


class EmbodiedHardware(BaseModel):
    """data/embodied_hardware.yaml: Boavizta's manufacturing impacts of servers and GPU cards."""

    model_config = FROZEN

    source: str = Field(min_length=1)
    link: str = Field(min_length=1)
    checked: date
    cpu_server: str
    servers: tuple[EmbodiedServer, ...]
    gpus: tuple[EmbodiedGpu, ...]
    default_gpu: EmbodiedGpu

    @model_validator(mode="after")
    def _servers_known(self) -> EmbodiedHardware:
        keys = {server.key for server in self.servers}
        for name in (self.cpu_server, self.default_gpu.server, *(gpu.server for gpu in self.gpus)):
            if name not in keys:
                raise PydanticCustomError("unknown_server", "serveur « {name} » absent de la liste servers",
                                          {"name": name})
        return self


class MemoryPower(BaseModel):
    model_config = FROZEN

    value: float
    source: str


class Hardware(BaseModel):
    """data/hardware.yaml: Green Algorithms' hardware values."""

    model_config = FROZEN

    memory_power_w_per_gb: MemoryPower
    gpus: tuple[Gpu, ...]

    @field_validator("gpus")
    @classmethod
    def _has_any_gpu(cls, gpus: tuple[Gpu, ...]) -> tuple[Gpu, ...]:
        if not any(gpu.key == ANY_GPU for gpu in gpus):
            raise PydanticCustomError(
                "no_any_gpu", "la liste doit contenir le GPU « any » (utilisé quand le GPU n'est pas précisé)")
        return gpus


class EquivalenceFactor(BaseModel):
    """kgCO2eq of one unit of something a person grasps (one km by car, one e-mail...)."""

    model_config = FROZEN

    code: str
    kgco2eq_per_unit: float
    unit: str
    source: str
    to_check: bool = False


class Equivalences(BaseModel):
    """data/equivalences.yaml."""

    model_config = FROZEN

    equivalences: tuple[EquivalenceFactor, ...]


class AlternativesListed(BaseModel):
    model_config = FROZEN

    model: int
    zone: int


class AlternativeModels(BaseModel):
    model_config = FROZEN

    exclude_words: tuple[str, ...]
    open_weight_require_words: tuple[str, ...]


class Method(BaseModel):
    """data/footprint_method.yaml: Jauge's own choices (fallback zone, alternatives...)."""

    model_config = FROZEN

    fallback_zone: str
    comparison_zones: tuple[str, ...]
    open_weight_provider: str
    alternative_zones: str
    alternatives_listed: AlternativesListed
    alternative_models: AlternativeModels


class ProviderStyle(BaseModel):
    model_config = FROZEN

    fr: str
    en: str
    lower_words: bool = False
    glue_version: bool = False


class Providers(BaseModel):
    """data/footprint_providers.yaml: provider labels and how model ids become readable names."""

    model_config = FROZEN

    providers: dict[str, ProviderStyle]
    words: dict[str, str]


class ZoneName(BaseModel):
    model_config = FROZEN

    fr: str
    en: str


class Zones(BaseModel):
    """data/footprint_zones.yaml: zone codes (ISO3, WOR, EEE) and their names."""

    model_config = FROZEN

    zones: dict[str, ZoneName]


class ModelScore(BaseModel):
    """A model's public quality score and its 95% interval."""

    model_config = FROZEN

    provider: str
    model: str
    comparia: str
    score: float
    low: float
    high: float
    votes: int = Field(ge=0)


class ModelQuality(BaseModel):
    """data/model_quality.yaml."""

    model_config = FROZEN

    source: str = Field(min_length=1)
    link: str = Field(min_length=1)
    checked: date
    score_name_fr: str
    score_name_en: str
    much_smaller_ratio: float = Field(gt=0, lt=1)
    models: tuple[ModelScore, ...]
