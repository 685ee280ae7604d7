"""What a form needs to know about a pydantic field: widget kind, labels in both languages, bounds.

Labels and help texts come from the models' own `title`/`description` (French) and
`title_en`/`description_en` (English), so no text is typed twice. No Streamlit import.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

WidgetKind = Literal["bool", "int", "float", "str", "text", "enum", "date", "lines", "model", "other"]

# Strings at least this long get a text area.
LONG_TEXT = 1000


@dataclass(frozen=True)
class FieldSpec:
    """One field of a model, as a form shows it."""

    name: str
    kind: WidgetKind
    optional: bool
    default: Any
    title_fr: str
    title_en: str
    help_fr: str
    help_en: str
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    max_length: int | None = None
    enum: type[StrEnum] | None = None
    model: type[BaseModel] | None = None

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title_fr

    def help(self, lang: str) -> str | None:
        text = self.help_en if lang == "en" and self.help_en else self.help_fr
        return text or None

    @property
    def minimum(self) -> float | None:
        return self.ge

    @property
    def maximum(self) -> float | None:
        return self.le


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        return (args[0] if len(args) == 1 else Any), optional
    return annotation, False


def _widget_kind(leaf: Any, max_length: int | None) -> WidgetKind:
    if leaf is bool:
        return "bool"
    if leaf is int:
        return "int"
    if leaf is float:
        return "float"
    if leaf is dt.date:
        return "date"
    if isinstance(leaf, type) and issubclass(leaf, StrEnum):
        return "enum"
    if isinstance(leaf, type) and issubclass(leaf, BaseModel):
        return "model"
    if leaf is str:
        return "text" if max_length is not None and max_length >= LONG_TEXT else "str"
    if typing.get_origin(leaf) is list and typing.get_args(leaf) == (str,):
        return "lines"
    return "other"


def _default(info: FieldInfo) -> Any:
    if info.default_factory is not None:
        return info.default_factory()  # type: ignore[call-arg]
    return None if info.default is PydanticUndefined else info.default


def spec_of(name: str, info: FieldInfo) -> FieldSpec:
    leaf, optional = _unwrap_optional(info.annotation)
    bounds: dict[str, Any] = {}
    for item in info.metadata:
        if isinstance(item, annotated_types.Ge):
            bounds["ge"] = float(item.ge)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Gt):
            bounds["gt"] = float(item.gt)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Le):
            bounds["le"] = float(item.le)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Lt):
            bounds["lt"] = float(item.lt)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.MaxLen):
            bounds["max_length"] = int(item.max_length)
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    kind = _widget_kind(leaf, bounds.get("max_length"))
    return FieldSpec(
        name=name,
        kind=kind,
        optional=optional,
        default=_default(info),
        title_fr=info.title or name,
        title_en=str(extra.get("title_en") or info.title or name),
        help_fr=info.description or "",
        help_en=str(extra.get("description_en") or ""),
        enum=leaf if kind == "enum" else None,
        model=leaf if kind == "model" else None,
        **bounds,
    )


@cache
def field_spec(model: type[BaseModel], dotted: str) -> FieldSpec:
    """The spec of a dotted field path inside a model (`usage.users` in Option)."""
    head, _, rest = dotted.partition(".")
    info = model.model_fields[head]
    spec = spec_of(head, info)
    if not rest:
        return spec
    if spec.model is None:
        raise KeyError(dotted)
    return field_spec(spec.model, rest)


def has_field(model: type[BaseModel], dotted: str) -> bool:
    try:
        field_spec(model, dotted)
    except KeyError:
        return False
    return True


def model_title(model: type[BaseModel], dotted: str, lang: str) -> str:
    """Label of a field path, the parents' titles joined (`Coûts › Coûts annuels › API (€/an)`)."""
    parts = dotted.split(".")
    labels = [field_spec(model, ".".join(parts[: i + 1])).title(lang) for i in range(len(parts))]
    return " › ".join(labels)


def normalise(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """Data as typed in a form, made ready for validation: blank optional texts become None, recursively."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key.startswith("_") or key not in model.model_fields:
            if not key.startswith("_"):
                out[key] = value
            continue
        spec = spec_of(key, model.model_fields[key])
        if isinstance(value, str) and spec.kind in ("str", "text"):
            value = value.strip()
            if value == "" and spec.optional:
                value = None
        elif spec.kind == "model" and isinstance(value, dict) and spec.model is not None:
            value = normalise(spec.model, value)
        out[key] = value
    return out


def untouched_removed(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """Data as typed, without what a person has not typed: empty values and values equal to the field's
    default (what a form widget shows before anyone touches it), recursively. Two drafts that differ only
    by widgets drawn and left alone compare equal."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key.startswith("_"):
            continue
        info = model.model_fields.get(key)
        if info is None:
            if value not in (None, "", [], {}):
                out[key] = value
            continue
        spec = spec_of(key, info)
        if spec.kind == "model" and isinstance(value, dict) and spec.model is not None:
            value = untouched_removed(spec.model, value)
        default = spec.default.model_dump(mode="json") if isinstance(spec.default, BaseModel) else spec.default
        if value in (None, "", [], {}) or (default is not None and value == default and not isinstance(value, bool)
                                           and not isinstance(default, bool)) or (
                isinstance(value, bool) and isinstance(default, bool) and value == default):
            continue
        out[key] = value
    return out
