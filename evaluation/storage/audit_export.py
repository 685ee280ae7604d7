"""The audit trail written out for people and other tools: CSV (one event a row, every text a spreadsheet
would run neutralised) or JSON."""

from __future__ import annotations

from collections.abc import Sequence

import orjson

from evaluation.exchange.spreadsheets import write_csv
from evaluation.storage.stored import AuditEvent

COLUMNS = ("id", "at", "actor", "entity_type", "entity_id", "proposal_id", "action", "before", "after")


def audit_json(events: Sequence[AuditEvent]) -> bytes:
    """Every event as a JSON object, oldest first (before/after kept as structured values)."""
    return orjson.dumps([event.model_dump(mode="json") for event in events], option=orjson.OPT_INDENT_2)


def audit_csv(events: Sequence[AuditEvent]) -> bytes:
    """One row per event; `before` and `after` as compact JSON text."""
    rows = []
    for event in events:
        row = event.model_dump(mode="json")
        rows.append({column: orjson.dumps(row[column]).decode() if column in ("before", "after") else row[column]
                     for column in COLUMNS})
    return write_csv(COLUMNS, rows)  # texts a spreadsheet would run are neutralised (exchange/cells.py)
