"""docs/format.md: the exchange format's fields (evaluation/exchange/schema.py), the evaluation record's
`finance` object, described from its model, and where its changes are written (docs/format-changes.md)."""

from __future__ import annotations

from pydantic import BaseModel

from evaluation.exchange.schema import format_markdown
from evaluation.finance.record import CarbonValues, FinanceRecord


def _record_rows(model: type[BaseModel], prefix: str) -> list[str]:
    rows = []
    for name, info in model.model_fields.items():
        rows.append(f"| `{prefix}{name}` | {(info.description or '').replace('|', '/')} |")
    return rows


def format_documentation() -> str:
    """The whole of docs/format.md."""
    lines = [
        "",
        "## Enregistrement d'évaluation : objet `finance` / Evaluation record: the `finance` object",
        "",
        "Each option's record (`python -m evaluation evaluate --format json`) holds a `finance` object; EUR "
        "unless said otherwise. The ranges (`socio_npv_range`, `carbon_cost_npv`) carry min, max and mean; "
        "`baseline` compares the option with its proposal's first non-AI option.",
        "",
        "| champ / field | définition / definition |",
        "|---|---|",
        *(row for row in _record_rows(FinanceRecord, "finance.") if "`finance.carbon_values`" not in row),
        *_record_rows(CarbonValues, "finance.carbon_values."),
        "",
        "## Changements / Changes",
        "",
        "Chaque changement du format et des enregistrements, par issue : docs/format-changes.md. / Every change "
        "of the format and of the records, issue by issue: docs/format-changes.md.",
    ]
    return format_markdown() + "\n".join(lines) + "\n"
