"""The exchange format published as a JSON Schema generated from the pydantic models."""

from __future__ import annotations

from typing import Any

from evaluation.domain.proposal import ProposalFile


def proposal_file_schema() -> dict[str, Any]:
    """JSON Schema of a proposals file; titles/descriptions in French, `title_en`/`description_en` in English."""
    schema = ProposalFile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Jauge : fichier de dossiers"
    schema["title_en"] = "Jauge: proposals file"
    return schema


def _field_rows(schema: dict[str, Any], name: str, prefix: str, rows: list[tuple[str, str, str, str, str]]) -> None:
    definition = schema["$defs"][name] if name in schema.get("$defs", {}) else schema
    for field_name, spec in definition.get("properties", {}).items():
        ref = spec.get("$ref") or next(
            (item.get("$ref") for item in spec.get("anyOf", []) + [spec.get("items") or {}] if item.get("$ref")),
            None,
        )
        path = f"{prefix}{field_name}"
        if ref and "enum" not in schema["$defs"][ref.rsplit("/", 1)[-1]]:
            child = ref.rsplit("/", 1)[-1]
            rows.append((path, "objet", spec.get("title", ""), spec.get("title_en", ""), ""))
            _field_rows(schema, child, f"{path}[]." if spec.get("type") == "array" else f"{path}.", rows)
            continue
        kind = spec.get("type") or "/".join(sorted({str(item.get("type", "")) for item in spec.get("anyOf", [])} - {""}))
        if ref:
            kind = ", ".join(f"`{value}`" for value in schema["$defs"][ref.rsplit("/", 1)[-1]]["enum"])
        help_text = spec.get("description") or ""
        help_en = spec.get("description_en") or ""
        rows.append((path, kind, spec.get("title", ""), spec.get("title_en", ""),
                     f"{help_text} / {help_en}" if help_text or help_en else ""))


def format_markdown() -> str:
    """docs/format.md: every field of the exchange format, in French and English."""
    schema = proposal_file_schema()
    rows: list[tuple[str, str, str, str, str]] = []
    _field_rows(schema, "ProposalFile", "", rows)
    lines = [
        "# Format d'échange des dossiers / Proposal exchange format",
        "",
        "Généré par `python -m evaluation schema --markdown` à partir des modèles ; le schéma JSON complet est",
        "donné par `python -m evaluation schema`. Generated from the models; the JSON Schema comes from",
        "`python -m evaluation schema`. CSV and XLSX: one row per option, proposal fields as named below,",
        "option fields prefixed with `option.` (`option.usage.users`).",
        "",
        "| champ / field | type | libellé | label | aide / help |",
        "|---|---|---|---|---|",
    ]
    for path, kind, fr, en, help_text in rows:
        lines.append(f"| `{path}` | {kind} | {fr} | {en} | {help_text.replace('|', '/')} |")
    return "\n".join(lines) + "\n"
