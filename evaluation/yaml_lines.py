"""YAML reading that keeps line numbers, so errors can point at the line that is wrong."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml


class YamlSyntaxError(ValueError):
    """The file is not valid YAML; carries the line (1-based) where the parser stopped."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path, self.line, self.problem = path, line, problem
        where = f", ligne {line}" if line else ""
        super().__init__(f"{path}{where} : YAML invalide ({problem})")


def _loader() -> type[yaml.SafeLoader]:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, *, source: str = "<texte>") -> Any:
    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise YamlSyntaxError(source, line, str(getattr(exc, "problem", exc))) from None


def read_yaml(path: Path) -> Any:
    return parse_yaml(path.read_text(encoding="utf-8"), source=str(path))


def line_index(text: str) -> dict[tuple[str | int, ...], int]:
    """Map every key path of a YAML document to the 1-based line where it starts."""
    try:
        root = yaml.compose(text, Loader=_loader())
    except yaml.YAMLError:
        return {}
    index: dict[tuple[str | int, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[str | int, ...]) -> None:
        index[path] = node.start_mark.line + 1
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
