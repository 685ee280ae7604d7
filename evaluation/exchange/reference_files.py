"""Bundled reference files (data/*.yaml) validated into their models, each error in French with its line
and field; the evaluation steps read their data through this (footprint/reference.py, finance/reference.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from evaluation.exchange.error_messages import error_message
from evaluation.exchange.errors import FieldError, InvalidFileError
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
            FieldError(file=source, message=error_message(error), field=_field(error["loc"], raw),
                       line=line_of(index, error["loc"]))
            for error in exc.errors(include_url=False)]) from None


def load_reference_file(name: str, model: type[Model]) -> Model:
    """data/<name> validated into `model` (InvalidFileError, in French, when missing or malformed)."""
    source = f"data/{name}"
    try:
        text = (DATA_DIR / name).read_text(encoding="utf-8")
    except OSError:
        raise InvalidFileError([FieldError(file=source, message="fichier de données introuvable")]) from None
    return parse_reference(text, model, source)
