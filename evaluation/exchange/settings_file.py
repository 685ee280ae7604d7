"""The settings file: the defaults bundled in data/default_settings.yaml, merged with the collectivité's own
file, validated into `Settings` with French messages that name the file, the line and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from evaluation.domain.settings import Settings, merge
from evaluation.exchange.error_messages import error_message
from evaluation.exchange.errors import FieldError, InvalidFileError
from evaluation.resources import DATA_DIR
from evaluation.yaml_lines import YamlSyntaxError, read_yaml

DEFAULT_SETTINGS_FILE = DATA_DIR / "default_settings.yaml"


def default_settings_data() -> dict[str, Any]:
    data = read_yaml(DEFAULT_SETTINGS_FILE)
    assert isinstance(data, dict)
    return data


def settings_from_data(data: dict[str, Any], *, file: str) -> Settings:
    """Validate settings data, raising InvalidFileError with French, located messages."""
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise InvalidFileError([
            FieldError(file=file, field=".".join(str(p) for p in err["loc"]) or None, message=error_message(err))
            for err in exc.errors(include_url=False)
        ]) from None


def load_settings(path: Path | None = None) -> Settings:
    """Defaults from data/, overridden by the collectivité's own file if given."""
    data = default_settings_data()
    if path is None:
        return settings_from_data(data, file=str(DEFAULT_SETTINGS_FILE))
    try:
        override = read_yaml(path)
    except YamlSyntaxError as exc:
        raise InvalidFileError([FieldError(file=str(path), line=exc.line, message=f"YAML invalide : {exc.problem}")]) from None
    except OSError as exc:
        raise InvalidFileError([FieldError(file=str(path), message=f"fichier illisible ({exc.strerror})")]) from None
    if not isinstance(override, dict):
        raise InvalidFileError([FieldError(file=str(path), message="le fichier de paramètres doit contenir un dictionnaire")])
    return settings_from_data(merge(data, override), file=str(path))
