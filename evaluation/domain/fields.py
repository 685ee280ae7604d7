"""Bilingual field declarations shared by every pydantic model of the exchange format."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

STRICT = ConfigDict(extra="forbid", populate_by_name=True)


def field(
    default: Any = ...,
    *,
    fr: str,
    en: str,
    fr_help: str = "",
    en_help: str = "",
    **constraints: Any,
) -> Any:
    """Declare a field with French title/description and their English versions in the schema."""
    extra: dict[str, Any] = {"title_en": en}
    if en_help:
        extra["description_en"] = en_help
    if "default_factory" in constraints:
        return Field(
            title=fr,
            description=fr_help or None,
            json_schema_extra=extra,
            **constraints,
        )
    return Field(
        default,
        title=fr,
        description=fr_help or None,
        json_schema_extra=extra,
        **constraints,
    )


def field_title(model: type[BaseModel], name: str, lang: str = "fr") -> str | None:
    """A field's title in French or English (`title_en`), None for a name the model does not have."""
    info = model.model_fields.get(name)
    if info is None:
        return None
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    return str(extra.get("title_en") or info.title or name) if lang == "en" else (info.title or name)
