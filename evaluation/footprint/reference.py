"""Reference data of the footprint, read lazily from data/ and validated into model.py's models.

A malformed file is refused with InvalidFileError: every error in French, with its line and field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from evaluation.exchange.errors import FieldError, InvalidFileError, french_message
from evaluation.footprint.model import (
    ANY_GPU,
    EquivalenceFactor,
    Equivalences,
    Gpu,
    Hardware,
    Method,
    Providers,
    Zones,
)
from evaluation.resources import DATA_DIR
from evaluation.yaml_lines import YamlSyntaxError, line_index, line_of, parse_yaml

Model = TypeVar("Model", bound=BaseModel)


def _field(loc: Sequence[str | int], raw: Any) -> str | None:
    """Dotted name of an error's location; a list item is named by its key or code, else its
    position from 1 (`gpus.h100-sxm.tdp_w`, `equivalences.3.unit`)."""
    names: list[str] = []
    current = raw
    for part in loc:
        if isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            ident = next((current[k] for k in ("key", "code") if isinstance(current, dict)
                          and isinstance(current.get(k), str)), None)
            names.append(ident or str(part + 1))
        else:
            names.append(str(part))
            current = current.get(part) if isinstance(current, dict) else None
    return ".".join(names) or None


def parse_reference(text: str, model: type[Model], source: str) -> Model:
    """A reference file's YAML text validated into its model; InvalidFileError lists what is wrong."""
    try:
        raw = parse_yaml(text, source=source)
    except YamlSyntaxError as exc:
        raise InvalidFileError([FieldError(
            file=source, line=exc.line, message=f"syntaxe YAML invalide ({exc.problem})")]) from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        index = line_index(text)
        raise InvalidFileError([
            FieldError(file=source, message=french_message(error), field=_field(error["loc"], raw),
                       line=line_of(index, error["loc"]))
            for error in exc.errors(include_url=False)]) from None


def _load(name: str, model: type[Model]) -> Model:
    source = f"data/{name}"
    try:
        text = (DATA_DIR / name).read_text(encoding="utf-8")
    except OSError:
        raise InvalidFileError([FieldError(file=source, message="fichier de données introuvable")]) from None
    return parse_reference(text, model, source)


@cache
def hardware() -> Hardware:
    return _load("hardware.yaml", Hardware)


@cache
def equivalence_factors() -> tuple[EquivalenceFactor, ...]:
    return _load("equivalences.yaml", Equivalences).equivalences


@cache
def method() -> Method:
    return _load("footprint_method.yaml", Method)


@cache
def providers() -> Providers:
    return _load("footprint_providers.yaml", Providers)


@cache
def zone_names() -> dict[str, tuple[str, str]]:
    """ISO3 code -> (French name, English name)."""
    return {code: (names.fr, names.en) for code, names in _load("footprint_zones.yaml", Zones).zones.items()}


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
