"""Runtime configuration from the environment (prefix JAUGE_), read once through `get_config()`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path

from evaluation.resources import INSTALLED, MATRICES_DIR, ROOT

SQLITE_FILENAME = "jauge.sqlite3"


def default_data_dir() -> Path:
    """The checkout's var/; var/ of the working directory when installed (site-packages is no place for data)."""
    return Path("var") if INSTALLED else ROOT / "var"


ENV_PREFIX = "JAUGE_"


@dataclass(frozen=True)
class Config:
    """Where Jauge keeps its data: JAUGE_DATABASE_URL, JAUGE_DATA_DIR, and the collectivité's own matrix and rules
    files: JAUGE_MATRICES_DIR (looked up by name before the bundled ones)."""

    database_url: str | None = None
    data_dir: Path = field(default_factory=default_data_dir)
    matrices_dir: Path | None = None


@cache
def get_config() -> Config:
    """The configuration read from the environment (JAUGE_ then the field's name, in any case); call
    `get_config.cache_clear()` after changing it. Three variables read by hand: pydantic (and
    pydantic-settings) cost the sign-in page's first draw and every command's start more than they are worth.
    An empty variable counts as unset."""
    names = {f"{ENV_PREFIX}{item.name}".lower(): item.name for item in fields(Config)}
    given = {names[key.lower()]: value for key, value in os.environ.items() if key.lower() in names and value}
    return Config(database_url=given.get("database_url"),
                  data_dir=Path(given["data_dir"]) if "data_dir" in given else default_data_dir(),
                  matrices_dir=Path(given["matrices_dir"]) if "matrices_dir" in given else None)


def database_url(config: Config | None = None) -> str:
    """JAUGE_DATABASE_URL when set, otherwise a SQLite file in the data directory (created on first use)."""
    config = config or get_config()
    if config.database_url:
        return config.database_url
    data_dir = config.data_dir.expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / SQLITE_FILENAME}"


def matrices_dirs(config: Config | None = None) -> tuple[Path, ...]:
    """Where matrix and rules files are looked up by name: the collectivité's own folder first, then the bundled one."""
    config = config or get_config()
    own = () if config.matrices_dir is None else (config.matrices_dir.expanduser(),)
    return (*own, MATRICES_DIR)


def named_matrices_file(name: str, config: Config | None = None) -> Path:
    """<name>.yaml in the first folder of `matrices_dirs` that has it (the bundled path when none has it)."""
    for folder in matrices_dirs(config):
        path = folder / f"{name}.yaml"
        if path.is_file():
            return path
    return MATRICES_DIR / f"{name}.yaml"


def matrices_file_names(config: Config | None = None) -> list[str]:
    """The names (file stems) of every matrix or rules file that `named_matrices_file` can find."""
    return sorted({path.stem for folder in matrices_dirs(config) for path in folder.glob("*.yaml")})
