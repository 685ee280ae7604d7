"""The fields an audited change modified, and their labels for people.

`field_changes(before, after)` compares two audit snapshots (a proposal's `{"status", "version", "content"}`,
a settings document, an account, a condition...) and lists every leaf that differs, by path:
`options[1].usage.users` (a proposal's content is compared at the top, without a `content.` prefix; the
`version` counter is left out: every change raises it). Lists are compared item by item by position; an
item added or removed is one change with `None` on the other side.

`field_label(path, model, lang=..., document=...)` names such a path with the models' French or English
titles: `Option 2 « Chatbot » › Usage › Utilisateurs`.
"""

from __future__ import annotations

import re
import types
from collections.abc import Mapping
from enum import Enum
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from evaluation.domain.fields import field_title

Lang = Literal["fr", "en"]
_SKIPPED = frozenset({"version"})
_UNWRAPPED = "content"  # a proposal snapshot's document: compared at the top level
_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
SEPARATOR = " › "

# Keys of audit snapshots that are not fields of a model (workflow state, accounts, conditions).
SNAPSHOT_LABELS: Mapping[str, tuple[str, str]] = {
    "status": ("Statut", "Status"),
    "outcome": ("Décision", "Decision"),
    "parent_id": ("Version précédente", "Previous version"),
    "name": ("Nom", "Name"),
    "roles": ("Rôles", "Roles"),
    "active": ("Actif", "Active"),
    "text": ("Condition", "Condition"),
    "owner": ("Responsable", "Owner"),
    "due_date": ("Échéance", "Due date"),
    "met_at": ("Levée le", "Met on"),
    "met_by": ("Levée par", "Met by"),
    "met_comment": ("Commentaire de levée", "Comment when met"),
}


def _walk(before: Any, after: Any, path: str, into: list[dict[str, Any]]) -> None:
    if before == after:
        return
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        for key in [*before, *(k for k in after if k not in before)]:
            _walk(before.get(key), after.get(key), f"{path}.{key}" if path else str(key), into)
        return
    if isinstance(before, list) and isinstance(after, list) and all(
            isinstance(item, Mapping) for item in (*before, *after)):
        for index in range(max(len(before), len(after))):
            _walk(before[index] if index < len(before) else None, after[index] if index < len(after) else None,
                  f"{path}[{index}]", into)
        return
    into.append({"field": path, "before": before, "after": after})


def field_changes(before: Any, after: Any) -> list[dict[str, Any]]:
    """Every field that differs between two audit snapshots: [{"field", "before", "after"}, ...]."""
    if not isinstance(before, Mapping) or not isinstance(after, Mapping):
        return []
    changes: list[dict[str, Any]] = []
    for key in [*before, *(k for k in after if k not in before)]:
        if key in _SKIPPED:
            continue
        _walk(before.get(key), after.get(key), "" if key == _UNWRAPPED else str(key), changes)
    return changes


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (itself, in a list, or optional)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (list, Union, types.UnionType):
        for argument in get_args(annotation):
            found = _model_of(argument)
            if found is not None:
                return found
    return None


def _enum_of(annotation: Any) -> type[Enum] | None:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    for argument in get_args(annotation):
        found = _enum_of(argument)
        if found is not None:
            return found
    return None


def field_enum(path: str, model: type[BaseModel] | None) -> str | None:
    """The name of the enumeration a path's values belong to (`OptionKind` for `options[0].kind`), if any."""
    current: type[BaseModel] | None = model
    annotation: Any = None
    for match in _TOKEN.finditer(path):
        if match.group(2) is not None:
            continue
        if current is None:
            return None
        info = current.model_fields.get(match.group(1))
        if info is None:
            return None
        annotation = info.annotation
        current = _model_of(annotation)
    found = _enum_of(annotation)
    return found.__name__ if found is not None else None


def _title(model: type[BaseModel], key: str, lang: Lang) -> tuple[str | None, type[BaseModel] | None]:
    title = field_title(model, key, lang)
    if title is None:
        return None, None
    return title, _model_of(model.model_fields[key].annotation)


def field_label(path: str, model: type[BaseModel] | None = None, *, lang: Lang = "fr",
                document: Mapping[str, Any] | None = None) -> str:
    """A change's path named with the model's titles: `options[1].usage.users` -> `Option 2 « Nom » › Usage ›
    Utilisateurs`. An item of a list is `Option 2` (its `name` in `document`, when given, is added); a key the
    model does not know keeps its name."""
    parts: list[str] = []
    current: type[BaseModel] | None = model
    value: Any = document
    first = True
    for match in _TOKEN.finditer(path):
        key, index = match.group(1), match.group(2)
        if index is not None:
            position = int(index)
            value = value[position] if isinstance(value, list) and position < len(value) else None
            name = value.get("name") if isinstance(value, Mapping) else None
            label = parts.pop() if parts else ""
            singular = label[:-1] if label.endswith("s") else label
            quoted = (f" « {name} »" if lang == "fr" else f" \"{name}\"") if name else ""
            parts.append(f"{singular} {position + 1}{quoted}")
            continue
        title, nested = _title(current, key, lang) if current is not None else (None, None)
        if title is None and first and key in SNAPSHOT_LABELS:
            title = SNAPSHOT_LABELS[key][0 if lang == "fr" else 1]
        parts.append(title or key)
        current = nested
        value = value.get(key) if isinstance(value, Mapping) else None
        first = False
    return SEPARATOR.join(parts)
