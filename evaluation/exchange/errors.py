"""Validation errors turned into French sentences that name the file, proposal, option and field."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from pydantic import ValidationError

from evaluation.exchange.error_messages import error_message

Locator: TypeAlias = Callable[[Sequence[str | int]], int | None]
"""The line (YAML, JSON) or row (CSV, XLSX) of a validation error's location in its file, if known."""


@dataclass(frozen=True)
class FieldError:
    """One thing wrong in a file, located as precisely as the file allows."""

    file: str
    message: str
    proposal: str | None = None
    option: str | None = None
    field: str | None = None
    line: int | None = None
    row: int | None = None
    column: int | None = None
    """The character (of a text) or the cell (of a row) where a syntax error was found, from 1."""

    def describe(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"ligne {self.row}")
        elif self.line is not None:
            parts.append(f"ligne {self.line}")
        if self.column is not None and (self.row is not None or self.line is not None):
            parts.append(f"colonne {self.column}")
        if self.proposal:
            parts.append(f"dossier « {self.proposal} »")
        if self.option:
            parts.append(f"option « {self.option} »")
        if self.field:
            parts.append(f"champ « {self.field} »")
        return ", ".join(parts) + f" : {self.message}"


class InvalidFileError(ValueError):
    """A file refused as a whole; every error found is listed."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(error.describe() for error in self.errors))


def _get(data: object, key: str | int) -> object:
    if isinstance(data, dict):
        return data.get(key)
    if isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
        return data[key]
    return None


def locate(loc: Sequence[str | int], raw: object) -> tuple[str | None, str | None, str | None]:
    """(proposal id, option name, dotted field) for a location inside a `proposals:` document."""
    loc = list(loc)
    proposal = option = None
    rest: list[str | int] = loc
    if len(loc) >= 2 and loc[0] == "proposals" and isinstance(loc[1], int):
        item = _get(_get(raw, "proposals"), loc[1])
        proposal = str(_get(item, "id") or f"n° {loc[1] + 1}")
        rest = loc[2:]
        if len(rest) >= 2 and rest[0] == "options" and isinstance(rest[1], int):
            opt = _get(_get(item, "options"), rest[1])
            option = str(_get(opt, "name") or f"n° {rest[1] + 1}")
            rest = rest[2:]
    dotted = ".".join(str(part) for part in rest) or None
    return proposal, option, dotted


def field_errors(
    exc: ValidationError, *, file: str, raw: object, line_for: Locator | None = None,
    row_for: Locator | None = None,
) -> list[FieldError]:
    """Translate a ValidationError raised on a `proposals:` document into located French errors."""
    result = []
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        proposal, option, dotted = locate(loc, raw)
        result.append(FieldError(
            file=file,
            message=error_message(error),
            proposal=proposal,
            option=option,
            field=dotted,
            line=line_for(loc) if line_for else None,
            row=row_for(loc) if row_for else None,
        ))
    return result
