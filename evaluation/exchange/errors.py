"""Validation errors turned into French sentences that name the file, proposal, option and field."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeAlias, get_args

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from pydantic_core.core_schema import ErrorType

Locator: TypeAlias = Callable[[Sequence[str | int]], int | None]
"""The line (YAML, JSON) or row (CSV, XLSX) of a validation error's location in its file, if known."""

_PATTERN_MESSAGES = {
    "^[a-z0-9]+(?:-[a-z0-9]+)*$": "doit contenir uniquement des minuscules sans accent, des chiffres et des tirets",
    "^[A-Z]{3}$": "doit être un code de trois lettres majuscules (FRA, DEU, WOR, EEE...)",
    "^[ABC]$": "doit être A, B ou C",
}


def _french_number(value: object) -> str:
    """A bound or value as French writes it: `10\u202f000`, `0,5`."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    return str(value).replace(".", ",")


def french_message(error: ErrorDetails) -> str:
    """A French sentence for one pydantic error."""
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    given = error.get("input")
    simple = {
        "missing": "champ obligatoire manquant",
        "extra_forbidden": "champ inconnu (vérifiez son orthographe dans le format d'échange)",
        "int_parsing": "doit être un nombre entier",
        "int_type": "doit être un nombre entier",
        "int_from_float": "doit être un nombre entier",
        "float_parsing": "doit être un nombre",
        "float_type": "doit être un nombre",
        "finite_number": "doit être un nombre fini",
        "bool_parsing": "doit être vrai ou faux (true/false, oui/non)",
        "bool_type": "doit être vrai ou faux (true/false, oui/non)",
        "string_type": "doit être un texte",
        "list_type": "doit être une liste",
        "model_type": "doit être un ensemble de champs (dictionnaire)",
        "dict_type": "doit être un ensemble de champs (dictionnaire)",
        "model_attributes_type": "doit être un ensemble de champs (dictionnaire)",
        "date_parsing": "doit être une date au format AAAA-MM-JJ",
        "date_from_datetime_parsing": "doit être une date au format AAAA-MM-JJ",
        "date_type": "doit être une date au format AAAA-MM-JJ",
        "date_from_datetime_inexact": "doit être une date sans heure (AAAA-MM-JJ)",
        "int_parsing_size": "nombre entier trop grand",
        "string_unicode": "doit être un texte lisible (UTF-8)",
        "recursion_loop": "valeur qui se contient elle-même (alias YAML circulaire)",
        "recursion_depth_exceeded": "imbrication trop profonde",
        "mapping_type": "doit être un ensemble de champs (dictionnaire)",
        "invalid_key": "clé qui n'est pas un texte",
        "none_required": "doit être vide",
        "bytes_type": "doit être un texte",
        "datetime_parsing": "doit être une date et une heure (AAAA-MM-JJ HH:MM)",
        "datetime_type": "doit être une date et une heure (AAAA-MM-JJ HH:MM)",
        "url_parsing": "doit être une adresse web (https://...)",
        "url_type": "doit être une adresse web (https://...)",
        "url_scheme": "doit être une adresse web commençant par http:// ou https://",
        "set_item_not_hashable": "élément de liste qui n'est pas un texte ou un nombre",
        "union_tag_invalid": "type non reconnu",
        "union_tag_not_found": "type manquant",
    }
    if kind in simple:
        return simple[kind]
    if kind == "greater_than_equal":
        return f"doit être supérieur ou égal à {_french_number(ctx['ge'])} (valeur reçue : {_french_number(given)})"
    if kind == "greater_than":
        return f"doit être strictement supérieur à {_french_number(ctx['gt'])} (valeur reçue : {_french_number(given)})"
    if kind == "less_than_equal":
        return f"doit être inférieur ou égal à {_french_number(ctx['le'])} (valeur reçue : {_french_number(given)})"
    if kind == "less_than":
        return f"doit être strictement inférieur à {_french_number(ctx['lt'])} (valeur reçue : {_french_number(given)})"
    if kind == "string_too_short":
        return "ne doit pas être vide" if ctx.get("min_length") == 1 else (
            f"doit contenir au moins {ctx.get('min_length')} caractères")
    if kind == "string_too_long":
        return f"doit contenir au plus {_french_number(ctx.get('max_length'))} caractères"
    if kind == "too_short":
        return f"doit contenir au moins {ctx.get('min_length')} élément(s)"
    if kind == "too_long":
        return f"doit contenir au plus {ctx.get('max_length')} élément(s)"
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace(" or ", " ou ")
        return f"valeur « {given} » non reconnue ; valeurs possibles : {expected}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return _PATTERN_MESSAGES.get(pattern, f"format invalide (attendu : {pattern})") + f" (valeur reçue : « {given} »)"
    if kind in ("value_error", "assertion_error"):
        return str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "multiple_of":
        return f"doit être un multiple de {_french_number(ctx.get('multiple_of'))}"
    if kind in _core_error_types():  # pydantic's own, in English: a French sentence that names the kind
        return "valeur refusée pour ce champ (type ou format inattendu)"
    # Custom errors raised by the models already carry a French message.
    return str(error["msg"])


@cache
def _core_error_types() -> frozenset[str]:
    return frozenset(get_args(ErrorType))


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
            message=french_message(error),
            proposal=proposal,
            option=option,
            field=dotted,
            line=line_for(loc) if line_for else None,
            row=row_for(loc) if row_for else None,
        ))
    return result
