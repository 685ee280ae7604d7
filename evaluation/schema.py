"""The exchange format published as a JSON Schema generated from the pydantic models."""

from __future__ import annotations

from typing import Any

from evaluation.proposal import ProposalFile


def proposal_file_schema() -> dict[str, Any]:
    """JSON Schema of a proposals file; titles/descriptions in French, `title_en`/`description_en` in English."""
    schema = ProposalFile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Jauge : fichier de dossiers"
    schema["title_en"] = "Jauge: proposals file"
    return schema
