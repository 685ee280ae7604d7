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
    return "\n".join(lines) + "\n" + OUTPUT_SECTION


OUTPUT_SECTION = """
## Résultat de `evaluate` / Output of `evaluate`

`python -m evaluation evaluate FICHIER` écrit une liste JSON, un enregistrement par option et par ligne,
sous une forme compacte (`--detail` : la forme complète ; `--indent` : JSON indenté ; `--format csv` : une
ligne par option, forme complète). Changements : docs/format-changes.md.
`python -m evaluation evaluate FILE` writes a JSON list, one record per option and per line, in a compact
form (`--detail`: the full form; `--indent`: indented JSON; `--format csv`: one row per option, full form).
What changed: docs/format-changes.md.

| clé / key | compacte (défaut) / compact (default) | `--detail` (et exports du tableau de bord / and the dashboard's exports) |
|---|---|---|
| `proposal`, `option`, `kind`, `evaluated_on` | the proposal id, the option name, its kind, the evaluation date (ISO) | same |
| `footprint` | each min-max range as a list `[min, max]` (`"gwp_kgco2eq": [12.5, 20.1]`; `[null, null]` where not estimable) | each range as `{"min": ..., "max": ...}` |
| `finance`, `matrix` | the figures of each step (finance's ranges `{min, max, mean}`) | same |
| `checklist` | the rule ids grouped by status, always the four keys in this order: `{"pass": [...], "warn": [...], "fail": [...], "na": [...]}`, each list in the rules file's order | one item per rule of the rules file, in its order (below) |
| `checklist_codes` | `{rule id: message code}` for each rule whose message code is not its status alone (`{"RG-1.5": "warn_estimate_only"}`); a rule not listed has the code equal to its status | (absent: each item has its `code`) |
| `verdict` | `bloquant`, `a_corriger` or `conforme` | same |

The figures are the same in both forms, to the last digit (full-precision floats, never rounded).

Each `checklist` item with `--detail` / chaque point de la liste de contrôle avec `--detail` :

| clé / key | contenu / content |
|---|---|
| `id` | the rule's id (`AIA-3`) |
| `status` | `pass`, `warn`, `fail` or `na` |
| `code` | the message's code: its key under `messages` in the rules file (`disabled` for a rule switched off) |
| `group` | the rule's group |
| `blocking` | whether a `fail` makes the verdict `bloquant` |
| `message` | the message for this option, its `{parameters}` filled in |
| `source`, `link` | the legal source and its link |

The rule texts and sources, the same for every option, are given once by `python -m evaluation rules
[--settings FICHIER] [--lang fr|en]`: for each rule its group, `blocking`, question, its messages by
code (templates whose `{parameters}` `--detail` fills in for each option), source, link and the date the
source was checked. The dashboard's exports and the records frozen at a decision keep every detail.
Les textes des règles et leurs sources, identiques pour toutes les options, sont donnés une fois par
`python -m evaluation rules` ; les exports du tableau de bord et les enregistrements figés à la décision
gardent tout le détail.
"""
