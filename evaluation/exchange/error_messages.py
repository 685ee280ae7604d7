"""One validation error (pydantic's details) told as a sentence, in French (files, command line, dashboard)
or English (the dashboard in English).

Pydantic's built-in errors are told from their type and context; the models' own errors
(`PydanticCustomError`) carry their French sentence and, here, an English one under the same type and
context, so that no English page shows a French sentence. A test raises every custom type and checks both.
"""

from __future__ import annotations

from functools import cache
from typing import Any, get_args

from pydantic_core import ErrorDetails
from pydantic_core.core_schema import ErrorType

# type -> (French, English), for errors whose context adds nothing a reader needs.
_SIMPLE: dict[str, tuple[str, str]] = {
    "missing": ("champ obligatoire manquant", "required field missing"),
    "extra_forbidden": ("champ inconnu (vérifiez son orthographe dans le format d'échange)",
                        "unknown field (check its spelling in the exchange format)"),
    "int_parsing": ("doit être un nombre entier", "must be a whole number"),
    "int_type": ("doit être un nombre entier", "must be a whole number"),
    "int_from_float": ("doit être un nombre entier", "must be a whole number"),
    "float_parsing": ("doit être un nombre", "must be a number"),
    "float_type": ("doit être un nombre", "must be a number"),
    "finite_number": ("doit être un nombre fini", "must be a finite number"),
    "bool_parsing": ("doit être vrai ou faux (true/false, oui/non)", "must be true or false"),
    "bool_type": ("doit être vrai ou faux (true/false, oui/non)", "must be true or false"),
    "string_type": ("doit être un texte", "must be a text"),
    "list_type": ("doit être une liste", "must be a list"),
    "model_type": ("doit être un ensemble de champs (dictionnaire)", "must be a set of fields (mapping)"),
    "dict_type": ("doit être un ensemble de champs (dictionnaire)", "must be a set of fields (mapping)"),
    "model_attributes_type": ("doit être un ensemble de champs (dictionnaire)", "must be a set of fields (mapping)"),
    "date_parsing": ("doit être une date au format AAAA-MM-JJ", "must be a date written YYYY-MM-DD"),
    "date_from_datetime_parsing": ("doit être une date au format AAAA-MM-JJ", "must be a date written YYYY-MM-DD"),
    "date_type": ("doit être une date au format AAAA-MM-JJ", "must be a date written YYYY-MM-DD"),
    "date_from_datetime_inexact": ("doit être une date sans heure (AAAA-MM-JJ)",
                                   "must be a date without a time (YYYY-MM-DD)"),
    "int_parsing_size": ("nombre entier trop grand", "whole number too large"),
    "string_unicode": ("doit être un texte lisible (UTF-8)", "must be a readable text (UTF-8)"),
    "recursion_loop": ("valeur qui se contient elle-même (alias YAML circulaire)",
                       "value that contains itself (circular YAML alias)"),
    "recursion_depth_exceeded": ("imbrication trop profonde", "nested too deeply"),
    "mapping_type": ("doit être un ensemble de champs (dictionnaire)", "must be a set of fields (mapping)"),
    "invalid_key": ("clé qui n'est pas un texte", "key that is not a text"),
    "none_required": ("doit être vide", "must be empty"),
    "bytes_type": ("doit être un texte", "must be a text"),
    "datetime_parsing": ("doit être une date et une heure (AAAA-MM-JJ HH:MM)",
                         "must be a date and a time (YYYY-MM-DD HH:MM)"),
    "datetime_type": ("doit être une date et une heure (AAAA-MM-JJ HH:MM)",
                      "must be a date and a time (YYYY-MM-DD HH:MM)"),
    "url_parsing": ("doit être une adresse web (https://...)", "must be a web address (https://...)"),
    "url_type": ("doit être une adresse web (https://...)", "must be a web address (https://...)"),
    "url_scheme": ("doit être une adresse web commençant par http:// ou https://",
                   "must be a web address starting with http:// or https://"),
    "set_item_not_hashable": ("élément de liste qui n'est pas un texte ou un nombre",
                              "list item that is not a text or a number"),
    "union_tag_invalid": ("type non reconnu", "unknown type"),
    "union_tag_not_found": ("type manquant", "type missing"),
}

# type -> (French, English) templates filled with the error's context (`{ge}`, `{given}`...).
_WITH_CONTEXT: dict[str, tuple[str, str]] = {
    "greater_than_equal": ("doit être supérieur ou égal à {ge} (valeur reçue : {given})",
                           "must be greater than or equal to {ge} (value given: {given})"),
    "greater_than": ("doit être strictement supérieur à {gt} (valeur reçue : {given})",
                     "must be greater than {gt} (value given: {given})"),
    "less_than_equal": ("doit être inférieur ou égal à {le} (valeur reçue : {given})",
                        "must be less than or equal to {le} (value given: {given})"),
    "less_than": ("doit être strictement inférieur à {lt} (valeur reçue : {given})",
                  "must be less than {lt} (value given: {given})"),
    "string_too_long": ("doit contenir au plus {max_length} caractères", "must hold at most {max_length} characters"),
    "too_short": ("doit contenir au moins {min_length} élément(s)", "must hold at least {min_length} item(s)"),
    "too_long": ("doit contenir au plus {max_length} élément(s)", "must hold at most {max_length} item(s)"),
    "multiple_of": ("doit être un multiple de {multiple_of}", "must be a multiple of {multiple_of}"),
    "enum": ("valeur « {given} » non reconnue ; valeurs possibles : {expected}",
             "value « {given} » not recognised; possible values: {expected}"),
    "literal_error": ("valeur « {given} » non reconnue ; valeurs possibles : {expected}",
                      "value « {given} » not recognised; possible values: {expected}"),
}

# The models' own errors, in English (their French sentence is the one they raise): type -> template.
CUSTOM_ENGLISH: dict[str, str] = {
    "unknown_zone": "unknown hosting zone « {zone} »: EcoLogits has no electricity mix for this code "
                    "(ISO 3166 alpha-3 code such as FRA, or WOR for the world, EEE for Europe)",
    "model_required": "the field « model » is required for a generative AI option",
    "provider_required": "the field « provider » is required for a genai_api option",
    "duplicate_option": "two options have the same name « {name} »",
    "no_ai_option": "the proposal must have at least one option with AI or automation",
    "duplicate_id": "the identifier « {id} » appears twice",
    "naive_datetime": "dates must carry a time zone (UTC)",
    "period_order": "the end of the period must come after its start",
    "negative": "« {name} » cannot be negative",
    "non_ai_use": "a declared current use is a use of AI or automation",
    "line_too_long": "a data line is longer than 500 characters",
    "link_scheme": "the link must start with https:// or http:// and contain no space",
}

_PATTERNS: dict[str, tuple[str, str]] = {
    "^[a-z0-9]+(?:-[a-z0-9]+)*$": ("doit contenir uniquement des minuscules sans accent, des chiffres et des tirets",
                                   "must hold only unaccented lower-case letters, digits and hyphens"),
    "^[A-Z]{3}$": ("doit être un code de trois lettres majuscules (FRA, DEU, WOR, EEE...)",
                   "must be a code of three capital letters (FRA, DEU, WOR, EEE...)"),
    "^[ABC]$": ("doit être A, B ou C", "must be A, B or C"),
}


def _number(value: object, lang: str) -> str:
    """A bound or value as the language writes it: `10\u202f000`, `0,5` in French; `10,000`, `0.5` in English."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f") if lang == "fr" else f"{value:,}"
    return str(value).replace(".", ",") if lang == "fr" else str(value)


def error_message(error: ErrorDetails, lang: str = "fr") -> str:
    """A sentence for one pydantic error, in French (`lang="fr"`, the default) or English."""
    en = lang == "en"
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    if kind in _SIMPLE:
        return _SIMPLE[kind][en]
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return "must not be empty" if en else "ne doit pas être vide"
        return f"must hold at least {ctx.get('min_length')} characters" if en else (
            f"doit contenir au moins {ctx.get('min_length')} caractères")
    if kind in _WITH_CONTEXT:
        filled = {key: value if kind in ("too_short", "too_long") else _number(value, lang)
                  for key, value in ctx.items()}
        filled["given"] = _number(error.get("input"), lang)
        if "expected" in ctx:
            filled["expected"] = str(ctx["expected"]) if en else str(ctx["expected"]).replace(" or ", " ou ")
        if kind in ("enum", "literal_error"):
            filled["given"] = str(error.get("input"))
        return _WITH_CONTEXT[kind][en].format_map(filled)
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        fallback = (f"invalid format (expected: {pattern})", f"format invalide (attendu : {pattern})")[not en]
        text = _PATTERNS[pattern][en] if pattern in _PATTERNS else fallback
        given = error.get("input")
        return text + (f" (value given: « {given} »)" if en else f" (valeur reçue : « {given} »)")
    if kind in ("value_error", "assertion_error"):
        return str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind in _core_error_types():  # pydantic's own, not told above: a sentence that names the kind
        return "value refused for this field (unexpected type or format)" if en else (
            "valeur refusée pour ce champ (type ou format inattendu)")
    if en and kind in CUSTOM_ENGLISH:
        return CUSTOM_ENGLISH[kind].format_map({key: str(value) for key, value in ctx.items()})
    # The models' own errors carry their French sentence.
    return str(error["msg"])


@cache
def _core_error_types() -> frozenset[str]:
    return frozenset(get_args(ErrorType))
