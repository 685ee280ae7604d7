"""docs/format.md: the exchange format's fields (evaluation/exchange/schema.py), the evaluation record's
`finance` object, described from its model, and what changed in the format."""

from __future__ import annotations

from pydantic import BaseModel

from evaluation.exchange.schema import format_markdown
from evaluation.finance.record import CarbonValues, FinanceRecord

# What changed in the public format, newest first: (date, change)
FORMAT_CHANGES: tuple[tuple[str, str], ...] = (
    ("2026-12-03",
     "New input `options[].costs.one_off.training_hours_per_user` (agents' time training on the new tool, "
     "default 0). New record fields `finance.budget_npv` (cash only, MAREVA 2), `finance.training_time` and "
     "`finance.carbon_values` (trajectory, currency year, EUR/tCO2e per calendar year). `finance.npv` and "
     "`finance.socio_npv` now count the training time as a year-0 cost; the default carbon trajectory is "
     "Quinet 2025 (2023 euros), at a constant growth rate between published points and at the report's own "
     "rate after the last one (no longer linear). The embodied footprint of declared compute and training "
     "uses Boavizta's data for the GPU model and its host server (no longer an H100 in an 8-GPU server)."),
)


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
        *(f"- {date}: {change}" for date, change in FORMAT_CHANGES),
    ]
    return format_markdown() + "\n".join(lines) + "\n"
