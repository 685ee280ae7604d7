"""Reading and writing nested dictionaries by dotted paths (`usage.users`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def get_dotted(data: Mapping[str, Any], dotted: str) -> Any:
    """The value at a dotted path, or None when any step is missing or not a mapping."""
    value: Any = data
    for key in dotted.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def set_dotted(data: dict[str, Any], dotted: str, value: Any) -> None:
    """Set the value at a dotted path, creating (or replacing non-dict values by) dicts on the way."""
    keys = dotted.split(".")
    for key in keys[:-1]:
        nxt = data.get(key)
        if not isinstance(nxt, dict):
            nxt = {}
            data[key] = nxt
        data = nxt
    data[keys[-1]] = value
