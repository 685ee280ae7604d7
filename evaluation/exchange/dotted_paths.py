"""Nested dictionaries and their dotted paths (`usage.users`): reading, writing and flattening."""

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


def flatten(data: Mapping[str, Any], prefix: str = "", *, into: dict[str, Any] | None = None,
            skip: str | None = None) -> dict[str, Any]:
    """The leaves of nested dicts under their dotted paths: {"usage": {"users": 3}} -> {"usage.users": 3}.

    Every path starts with `prefix` ("option."); the top-level key `skip` is left out ("options");
    an empty dict has no leaf. Written into `into` when given (and returned).
    """
    out: dict[str, Any] = {} if into is None else into
    for key, value in data.items():
        if key == skip:
            continue
        # type() first: most values are leaves (numbers, texts), and this runs for every option of a batch
        if type(value) not in _LEAVES and isinstance(value, dict):
            flatten(value, f"{prefix}{key}.", into=out)
        else:
            out[f"{prefix}{key}"] = value
    return out


_LEAVES = frozenset({str, int, float, bool, type(None)})
