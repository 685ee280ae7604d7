"""The audit trail written out for people and other tools: CSV (one event a row) or JSON."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import orjson

from evaluation.storage.stored import AuditEvent

COLUMNS = ("id", "at", "actor", "entity_type", "entity_id", "proposal_id", "action", "before", "after")


def audit_json(events: Sequence[AuditEvent]) -> bytes:
    """Every event as a JSON object, oldest first (before/after kept as structured values)."""
    return orjson.dumps([event.model_dump(mode="json") for event in events], option=orjson.OPT_INDENT_2)


def audit_csv(events: Sequence[AuditEvent]) -> bytes:
    """One row per event; `before` and `after` as compact JSON text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for event in events:
        row = event.model_dump(mode="json")
        writer.writerow([
            orjson.dumps(row[column]).decode() if column in ("before", "after") else row[column]
            for column in COLUMNS
        ])
    return buffer.getvalue().encode("utf-8")
