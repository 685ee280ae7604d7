"""YAML reading that keeps line numbers, so errors can point at the line that is wrong, and that no file
can crash or exhaust: every YAML file the house reads (proposals, settings, matrices, rules, reference
data, texts) goes through `parse_yaml`.

Before libyaml builds anything, one pass over the parser's events (libyaml's parser keeps its own stack
and does not recurse) refuses a file nested deeper than MAX_DEPTH (the composer recurses once per level:
a 200 KB file of brackets crashed the process) and one whose aliases would expand it by more than
MAX_ALIAS_EXPANSION nodes (a 492-byte alias bomb grew to gigabytes). The loader refuses duplicate keys
(the later one silently won) and numbers longer than MAX_NUMBER_CHARS; every refusal is a
`YamlSyntaxError` with a French problem, its line and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

MAX_DEPTH = 64
"""Nested mappings and lists; the exchange format needs 6, the house's own files fewer than 10."""
MAX_ALIAS_EXPANSION = 100_000
"""Nodes the aliases (`*name`) may add to a file once expanded."""
MAX_NUMBER_CHARS = 100
"""Characters of one number (an integer of 100,000 digits cost seconds and then an error)."""
MAX_TEXT_CHARS = 64 * 1024 * 1024
"""Characters of one YAML text (64 Mi): larger files are refused before parsing."""

_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# libyaml's (and PyYAML's) problems, in French; matched by the start of the English text.
_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("found character that cannot start any token", "caractère inattendu à cet endroit"),
    ("could not find expected ':'", "« : » attendu après une clé"),
    ("found unexpected end of stream", "fin de fichier inattendue (guillemet ou crochet non fermé ?)"),
    ("found unexpected document indicator", "« --- » ou « ... » inattendu dans un texte"),
    ("found unknown escape character", "séquence d'échappement inconnue après « \\ »"),
    ("did not find expected hexdecimal number", "nombre hexadécimal attendu dans la séquence d'échappement"),
    ("found invalid Unicode character escape code", "code de caractère Unicode invalide"),
    ("mapping values are not allowed", "« : » inattendu (une valeur contenant « : » doit être entre guillemets)"),
    ("block sequence entries are not allowed", "tiret de liste « - » inattendu à cet endroit"),
    ("mapping keys are not allowed", "clé inattendue à cet endroit"),
    ("found a tab character", "tabulation interdite dans l'indentation (utilisez des espaces)"),
    ("did not find expected comment or line break", "texte inattendu en fin de ligne"),
    ("did not find expected <document start>", "contenu inattendu après la fin du document"),
    ("did not find expected node content", "valeur attendue à cet endroit"),
    ("did not find expected '-' indicator", "élément de liste « - » attendu (indentation incohérente ?)"),
    ("did not find expected key", "clé attendue (indentation incohérente ?)"),
    ("did not find expected ',' or ']'", "« , » ou « ] » attendu (liste entre crochets non fermée ?)"),
    ("did not find expected ',' or '}'", "« , » ou « } » attendu (dictionnaire entre accolades non fermé ?)"),
    ("did not find expected alphabetic or numeric character", "nom d'ancre, d'alias ou d'étiquette invalide"),
    ("did not find expected whitespace or line break", "espace ou fin de ligne attendu"),
    ("found undefined tag handle", "étiquette YAML inconnue"),
    ("found undefined alias", "alias (« * ») vers une ancre qui n'existe pas"),
    ("found duplicate anchor", "ancre (« & ») définie deux fois"),
    ("found unhashable key", "une clé doit être un texte ou un nombre"),
    ("could not determine a constructor", "étiquette YAML non autorisée (« !! » ou « ! »)"),
    ("expected a single document", "le fichier doit contenir un seul document YAML (un seul « --- »)"),
    ("found duplicate %YAML directive", "directive %YAML en double"),
    ("found duplicate %TAG directive", "directive %TAG en double"),
    ("found incompatible YAML document", "version de YAML non prise en charge"),
    ("found an indentation indicator equal to 0", "indicateur d'indentation 0 interdit"),
    ("control characters are not allowed", "caractère de contrôle interdit (octet nul ou invisible)"),
    ("special characters are not allowed", "caractère de contrôle interdit (octet nul ou invisible)"),
    ("invalid leading UTF-8 octet", "texte non encodé en UTF-8"),
    ("incomplete UTF-8 octet sequence", "texte non encodé en UTF-8"),
    ("invalid trailing UTF-8 octet", "texte non encodé en UTF-8"),
    ("invalid Unicode character", "caractère Unicode invalide"),
)
GENERIC_PROBLEM = "syntaxe YAML invalide à cet endroit"


def french_problem(problem: str) -> str:
    """The French text of one of libyaml's problems (a generic sentence for one not listed)."""
    for start, french in _PROBLEMS:
        if problem.startswith(start) or start in problem:
            return french
    return GENERIC_PROBLEM


class YamlSyntaxError(ValueError):
    """The file is not valid YAML, or is refused; carries the French problem, the line and the column
    (1-based) where reading stopped."""

    def __init__(self, path: str, line: int | None, problem: str, column: int | None = None) -> None:
        self.path, self.line, self.problem, self.column = path, line, problem, column
        where = f", ligne {line}" if line else ""
        where += f", colonne {column}" if line and column else ""
        super().__init__(f"{path}{where} : YAML invalide ({problem})")


class _Refused(yaml.MarkedYAMLError):
    """A refusal of the loader (duplicate key, number too long), already in French."""


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a reader error's offset: in bytes of the UTF-8 text for libyaml, in
    characters for PyYAML's own reader."""
    if _BASE_LOADER is yaml.SafeLoader:
        index = max(0, min(offset, len(text)))
    else:
        index = len(text.encode("utf-8", "surrogatepass")[:max(0, offset)].decode("utf-8", "ignore"))
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


class _Loader(_BASE_LOADER):  # type: ignore[valid-type,misc]
    """The safe loader, refusing duplicate keys, numbers too long and dates that do not exist."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                except TypeError:
                    continue  # unhashable: the base class refuses it with its mark
                if duplicate:
                    raise _Refused(None, None, f"clé « {key} » en double dans le même dictionnaire",
                                   key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def _short(self, node: yaml.ScalarNode) -> None:
        if len(str(node.value)) > MAX_NUMBER_CHARS:
            raise _Refused(None, None, f"nombre trop long (plus de {MAX_NUMBER_CHARS} caractères)",
                           node.start_mark)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        self._short(node)
        return super().construct_yaml_int(node)  # type: ignore[no-any-return]

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        self._short(node)
        return super().construct_yaml_float(node)  # type: ignore[no-any-return]

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> dt.date | dt.datetime:
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[no-any-return]
        except (ValueError, OverflowError):
            raise _Refused(None, None, f"date « {node.value} » inexistante (attendu : AAAA-MM-JJ)",
                           node.start_mark) from None


for _tag, _method in (("int", _Loader.construct_yaml_int), ("float", _Loader.construct_yaml_float),
                      ("timestamp", _Loader.construct_yaml_timestamp)):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _method)


def _scan(text: str, source: str) -> None:
    """Refuse a text nested deeper than MAX_DEPTH or whose aliases expand beyond MAX_ALIAS_EXPANSION,
    from libyaml's events, before anything recursive runs."""
    sizes: dict[str, int] = {}  # expanded node count of each anchored node
    stack: list[list[Any]] = []  # [anchor, nodes so far] of each open collection
    added = 0
    for event in yaml.parse(text, Loader=_BASE_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                mark = event.start_mark
                raise YamlSyntaxError(source, mark.line + 1, f"imbrication trop profonde (plus de {MAX_DEPTH} "
                                                             f"niveaux de listes ou de dictionnaires)", mark.column + 1)
            stack.append([event.anchor, 1])
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, size = stack.pop()
        elif isinstance(event, yaml.ScalarEvent):
            anchor, size = event.anchor, 1
        elif isinstance(event, yaml.AliasEvent):
            anchor, size = None, sizes.get(str(event.anchor), 1)
            added += size
            if added > MAX_ALIAS_EXPANSION:
                mark = event.start_mark
                limit = f"{MAX_ALIAS_EXPANSION:,}".replace(",", "\u202f")
                raise YamlSyntaxError(source, mark.line + 1, f"trop de références (alias « * ») : développé, le "
                                                             f"fichier compterait plus de {limit} éléments de plus",
                                      mark.column + 1)
        else:
            continue
        if anchor is not None:
            sizes[str(anchor)] = size
        if stack:
            stack[-1][1] += size


def _syntax_error(exc: yaml.YAMLError, text: str, source: str) -> YamlSyntaxError:
    if isinstance(exc, yaml.reader.ReaderError):  # bad characters: a position, no mark
        line, column = _position(text, exc.position)
        return YamlSyntaxError(source, line, french_problem(str(exc.reason)), column)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = str(getattr(exc, "problem", None) or exc)
    french = problem if isinstance(exc, _Refused) else french_problem(problem)
    if mark is None:
        return YamlSyntaxError(source, 1, french, 1)
    return YamlSyntaxError(source, mark.line + 1, french, mark.column + 1)


def parse_yaml(text: str, *, source: str = "<texte>") -> Any:
    """The data of one YAML document; YamlSyntaxError (French, located) when it is invalid or refused."""
    if len(text) > MAX_TEXT_CHARS:
        raise YamlSyntaxError(source, 1, f"fichier trop volumineux (plus de {MAX_TEXT_CHARS // 2**20} Mio)", 1)
    try:
        _scan(text, source)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text, source) from None
    except RecursionError:  # pragma: no cover - the scan keeps the depth far below the limit
        raise YamlSyntaxError(source, 1, "imbrication trop profonde", 1) from None


def read_yaml(path: Path) -> Any:
    return parse_yaml(path.read_text(encoding="utf-8"), source=str(path))


def line_index(text: str) -> dict[tuple[str | int, ...], int]:
    """Map every key path of a YAML document to the 1-based line where it starts (empty for a text that
    parse_yaml refuses). An alias is not followed: its path points at the alias's own line."""
    try:
        _scan(text, "<texte>")
        root = yaml.compose(text, Loader=_BASE_LOADER)
    except (yaml.YAMLError, YamlSyntaxError, RecursionError):
        return {}
    index: dict[tuple[str | int, ...], int] = {}
    seen: set[int] = set()

    def walk(node: yaml.Node, path: tuple[str | int, ...]) -> None:
        index[path] = node.start_mark.line + 1
        if id(node) in seen:  # an alias: its node was walked where its anchor is
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = (path + (str(key_node.value),))
                index[key] = key_node.start_mark.line + 1
                walk(value_node, key)
                index[key] = key_node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for position, item in enumerate(node.value):
                walk(item, path + (position,))

    if root is not None:
        walk(root, ())
    return index


def line_of(index: dict[tuple[str | int, ...], int], loc: Sequence[str | int]) -> int | None:
    """The line of the deepest existing prefix of loc (a missing key points at its parent)."""
    path = tuple(loc)
    while path:
        if path in index:
            return index[path]
        path = path[:-1]
    return index.get(())
