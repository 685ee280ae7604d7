"""Reading matrix files (matrices/<name>.yaml): a malformed file is refused with its line and a French
message for everything wrong."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from evaluation.config import matrices_file_names, named_matrices_file
from evaluation.exchange.error_messages import error_message
from evaluation.exchange.errors import FieldError, InvalidFileError
from evaluation.matrix.model import Matrix
from evaluation.yaml_lines import YamlSyntaxError, line_index, line_of, parse_yaml

MATRIX_SUFFIX = ".yaml"


def matrix_path(name_or_path: str | Path) -> Path:
    """matrices/<name>.yaml for a bare name, the path itself otherwise."""
    if isinstance(name_or_path, Path):
        return name_or_path
    if "/" in name_or_path or "\\" in name_or_path or name_or_path.endswith((".yaml", ".yml")):
        return Path(name_or_path)
    return named_matrices_file(name_or_path)


def available_matrices() -> list[str]:
    """Names of the files found by name: the bundled ones and the collectivité's own (JAUGE_MATRICES_DIR)."""
    return matrices_file_names()


def _readable_location(loc: Sequence[str | int], raw: Any) -> tuple[list[str | int], str | None]:
    """The part of an error location that exists in the document (pydantic adds union tags after
    a scalar), and a dotted field name where a criterion's position is replaced by its id."""
    kept: list[str | int] = []
    names: list[str] = []
    current = raw
    for part in loc:
        if isinstance(current, dict) and isinstance(part, str):
            kept.append(part)
            names.append(part)
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            kept.append(part)
            item = current[part]
            ident = item.get("id") if isinstance(item, dict) else None
            names.append(str(ident) if isinstance(ident, str) and ident else str(part + 1))
            current = item
        else:
            break
    return kept, ".".join(names) or None


def _errors(exc: ValidationError, *, text: str, raw: Any, source: str) -> list[FieldError]:
    index = line_index(text)
    result = []
    for error in exc.errors(include_url=False):
        loc: list[str | int] = list(error["loc"])
        position = (error.get("ctx") or {}).get("criterion_index")
        if isinstance(position, int):
            loc = ["criteria", position, "id"]
        kept, field = _readable_location(loc, raw)
        if error["type"] == "missing" and loc and isinstance(loc[-1], str) and kept == loc[:-1]:
            field = f"{field}.{loc[-1]}" if field else loc[-1]
        result.append(FieldError(file=source, message=error_message(error), field=field,
                                 line=line_of(index, kept)))
    return result


@lru_cache(maxsize=32)
def parse_matrix(text: str, source: str = "<matrice>") -> Matrix:
    """A matrix from YAML text; raises InvalidFileError listing every error with its line."""
    try:
        raw = parse_yaml(text, source=source)
    except YamlSyntaxError as exc:
        raise InvalidFileError([FieldError(
            file=source, line=exc.line, message=f"syntaxe YAML invalide ({exc.problem})")]) from None
    if not isinstance(raw, dict):
        raise InvalidFileError([FieldError(
            file=source, line=1,
            message="le fichier doit décrire une matrice (name, version, label, quadrants, criteria)")])
    try:
        return Matrix.model_validate(raw)
    except ValidationError as exc:
        raise InvalidFileError(_errors(exc, text=text, raw=raw, source=source)) from None


def load_matrix(name_or_path: str | Path) -> Matrix:
    """The matrix named in the settings (matrices/<name>.yaml) or read from a path.

    A file found by name must carry that name, since evaluations record `name@version`.
    """
    path = matrix_path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        choices = ", ".join(available_matrices()) or "aucune"
        raise InvalidFileError([FieldError(
            file=str(path), message=f"matrice introuvable (matrices disponibles : {choices})")]) from None
    matrix = parse_matrix(text, str(path))
    by_name = isinstance(name_or_path, str) and path == named_matrices_file(name_or_path)
    if by_name and matrix.name != path.stem:
        raise InvalidFileError([FieldError(
            file=str(path), field="name", line=line_of(line_index(text), ["name"]),
            message=f"le nom « {matrix.name} » ne correspond pas au fichier ; écrivez name: {path.stem} "
                    "(les évaluations enregistrent la matrice par son nom)")])
    return matrix


def matrix_yaml(matrix: Matrix) -> str:
    """The matrix as YAML text (for saving weights edited in the settings page)."""
    data = matrix.model_dump(mode="json", exclude_none=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
