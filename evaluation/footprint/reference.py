"""Reference data of the footprint, read lazily from data/ and validated into model.py's models.

A malformed file is refused with InvalidFileError: every error in French, with its line and field.
"""

from __future__ import annotations

import re
from functools import cache

from evaluation.exchange.reference_files import load_reference_file
from evaluation.footprint.model import (
    ANY_GPU,
    EmbodiedGpu,
    EmbodiedHardware,
    EmbodiedServer,
    EquivalenceFactor,
    Equivalences,
    Gpu,
    Hardware,
    Method,
    ModelQuality,
    Providers,
    Zones,
)


@cache
def hardware() -> Hardware:
    return load_reference_file("hardware.yaml", Hardware)


@cache
def embodied_hardware() -> EmbodiedHardware:
    return load_reference_file("embodied_hardware.yaml", EmbodiedHardware)


@cache
def embodied_server(key: str) -> EmbodiedServer:
    """A server of data/embodied_hardware.yaml by its Boavizta archetype name."""
    return next(server for server in embodied_hardware().servers if server.key == key)


def embodied_gpu(gpu: Gpu | None) -> EmbodiedGpu | None:
    """Boavizta's manufacturing impacts of a reference GPU, None when Boavizta has no data for it."""
    if gpu is None:
        return None
    return next((item for item in embodied_hardware().gpus if item.key == gpu.key), None)


@cache
def model_quality() -> ModelQuality:
    return load_reference_file("model_quality.yaml", ModelQuality)


@cache
def equivalence_factors() -> tuple[EquivalenceFactor, ...]:
    return load_reference_file("equivalences.yaml", Equivalences).equivalences


@cache
def method() -> Method:
    return load_reference_file("footprint_method.yaml", Method)


@cache
def providers() -> Providers:
    return load_reference_file("footprint_providers.yaml", Providers)


@cache
def zone_names() -> dict[str, tuple[str, str]]:
    """ISO3 code -> (French name, English name)."""
    return {code: (names.fr, names.en) for code, names in load_reference_file("footprint_zones.yaml", Zones).zones.items()}


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
    gpu = _gpu_index().get(ANY_GPU)
    assert gpu is not None, "data/hardware.yaml must define the `any` GPU"
    return gpu
