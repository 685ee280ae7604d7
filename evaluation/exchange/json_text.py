"""JSON reading that refuses what the exchange format cannot mean, each refusal in French with its line
and column: a syntax error, a key twice in one object (the later one silently won), NaN and Infinity,
numbers longer than yaml_lines.MAX_NUMBER_CHARS, nesting deeper than yaml_lines.MAX_DEPTH and lone
surrogates (`"\\ud800"`, which no UTF-8 file or database can hold)."""

from __future__ import annotations

import json
import re
from typing import Any

import orjson
import yaml

from evaluation.yaml_lines import MAX_DEPTH, MAX_NUMBER_CHARS

# The standard library's messages (json.decoder), in French; matched by their start.
_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("Expecting value", "valeur attendue (texte entre guillemets, nombre, true, false, null, [ ou {)"),
    ("Expecting property name enclosed in double quotes", "nom de champ entre guillemets doubles attendu "
                                                          "(virgule en trop avant « } » ?)"),
    ("Expecting ':' delimiter", "« : » attendu après le nom du champ"),
    ("Expecting ',' delimiter", "« , » attendu entre deux éléments"),
    ("Unterminated string", "texte non fermé (guillemet « \" » manquant)"),
    ("Invalid control character", "caractère de contrôle interdit dans un texte (octet nul, tabulation ou "
                                  "retour à la ligne : écrivez \\n, \\t)"),
    ("Invalid \\uXXXX escape", "séquence \\u invalide (quatre chiffres hexadécimaux attendus)"),
    ("Invalid \\escape", "séquence d'échappement inconnue après « \\ »"),
    ("Extra data", "contenu en trop après la fin du document JSON"),
    ("Illegal trailing comma", "virgule en trop avant la fin de la liste ou de l'objet"),
)
GENERIC_PROBLEM = "syntaxe JSON invalide à cet endroit"
_LONE_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<![0-9a-fA-F]{4})\\u[dD][c-fC-F]")


class JsonRefused(ValueError):
    """A JSON text refused: the French problem, its line and column (1-based)."""

    def __init__(self, problem: str, line: int, column: int) -> None:
        self.problem, self.line, self.column = problem, line, column
        super().__init__(f"ligne {line}, colonne {column} : {problem}")


def french_problem(message: str) -> str:
    return next((french for start, french in _PROBLEMS if message.startswith(start)), GENERIC_PROBLEM)


def _position(text: str, index: int) -> tuple[int, int]:
    index = max(0, min(index, len(text)))
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


class _Found(ValueError):
    """Raised from the decoder's hooks: what is refused and a text to find in the document."""

    def __init__(self, problem: str, needle: str) -> None:
        self.problem, self.needle = problem, needle
        super().__init__(problem)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        key = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise _Found(f"clé « {key} » en double dans le même objet", json.dumps(key))
    return result


def _number(kind: type[int] | type[float]) -> Any:
    def parse(literal: str) -> int | float:
        if len(literal) > MAX_NUMBER_CHARS:
            raise _Found(f"nombre trop long (plus de {MAX_NUMBER_CHARS} caractères)", literal)
        return kind(literal)

    return parse


def _constant(name: str) -> Any:
    raise _Found(f"« {name} » n'est pas un nombre admis (écrivez un nombre fini)", name)


def _duplicate_key_mark(text: str) -> tuple[int, int] | None:
    """Where the second of two equal keys of one object is (JSON is YAML: its composer gives marks)."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError):
        return None
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[object] = set()
            for key_node, value_node in node.value:
                if key_node.value in seen:
                    return key_node.start_mark.line + 1, key_node.start_mark.column + 1
                seen.add(key_node.value)
                stack.append(value_node)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None


def _too_deep(text: str) -> tuple[int, int]:
    """The position of the first bracket deeper than MAX_DEPTH (strings skipped)."""
    depth, index, inside = 0, 0, False
    for match in re.finditer(r'\\.|"|[\[{]|[\]}]', text):
        found = match.group()
        if found == '"':
            inside = not inside
        elif inside or found.startswith("\\"):
            continue
        elif found in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                index = match.start()
                break
        else:
            depth -= 1
    return _position(text, index)


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in a parsed value (iterative: no recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            return depth
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


# The text's bytes with every digit as 0, every blank as \x01 and `{`, `[`, `,` as \x02 (quotes and colons
# kept): one pass, then a few searches.
_CLASSES = bytes.maketrans(b"123456789 \n\t\r{[,", b"000000000" + b"\x01" * 4 + b"\x02" * 3)
# Where a `":` might not end a key: an escaped quote, a string opening on a colon (`{":`, `,":`, `:":`,
# ` ":`...) or a blank between a key and its colon.
_NOT_KEY_ENDS = (b'\x02":', b'\x01":', b':":')
_BLANK_BEFORE_COLON = re.compile(rb'"\x01+:')
_LONG_DIGITS = b"0" * 19  # 19 digits: an integer beyond 64 bits or a number orjson may round


def _plain_value(data: bytes, value: Any) -> bool:
    """Whether orjson's reading of the UTF-8 text `data` is the one the checked reader gives: every `":`
    ends a key (_NOT_KEY_ENDS), no run of 19 digits (so no number beyond 64 bits nor longer than
    MAX_NUMBER_CHARS), every key of the text is in the value (none was a duplicate, which orjson
    silently drops) and nothing nests deeper than MAX_DEPTH (breadth first, one level at a time)."""
    if b'\\"' in data:
        return False
    classes = data.translate(_CLASSES)
    if (any(part in classes for part in _NOT_KEY_ENDS) or _BLANK_BEFORE_COLON.search(classes)
            or _LONG_DIGITS in classes):
        return False
    keys, depth = 0, 0
    level = [value] if type(value) is dict or type(value) is list else []
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            return False
        children: list[Any] = []
        for item in level:
            if type(item) is dict:
                keys += len(item)
                children.extend(item.values())
            else:
                children.extend(item)
        level = [child for child in children if type(child) is dict or type(child) is list]
    return keys == data.count(b'":')


def parse_json(text: str) -> Any:
    """The data of a JSON text; JsonRefused (French, located) when it is invalid or refused.

    orjson reads first; the standard library's reader, whose hooks find and locate every refusal, reads
    again only when orjson refuses the text or when the text is not plain enough to prove that orjson's
    reading is the same (_plain_value): the same data or the same refusal either way, faster."""
    data = text.encode("utf-8", "surrogatepass")
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return _checked_json(text)
    if not _plain_value(data, value):
        return _checked_json(text)
    return value


def _checked_json(text: str) -> Any:
    """The data of a JSON text read by the standard library with a hook for each refusal."""
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_int=_number(int), parse_float=_number(float),
                           parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise JsonRefused(french_problem(exc.msg), exc.lineno, exc.colno) from None
    except _Found as exc:
        mark = _duplicate_key_mark(text) if exc.problem.startswith("clé") else None
        raise JsonRefused(exc.problem, *(mark or _position(text, text.find(exc.needle)))) from None
    except RecursionError:
        raise JsonRefused(f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)", *_too_deep(text)) from None
    if _depth(value) > MAX_DEPTH:
        raise JsonRefused(f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)", *_too_deep(text))
    try:
        orjson.dumps(value)  # fails on a lone surrogate, which nothing downstream could store
    except orjson.JSONEncodeError as exc:
        if "surrogate" not in str(exc):
            return value  # an integer beyond 64 bits: the models bound every number
        found = _LONE_SURROGATE.search(text)
        raise JsonRefused("caractère Unicode invalide (demi-paire de substitution « \\ud8xx » seule)",
                          *_position(text, found.start() if found else 0)) from None
    return value
