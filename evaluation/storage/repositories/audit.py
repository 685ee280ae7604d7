"""The append-only audit trail: `event` builds one entry, `append` is the only write to the table (inside
the transaction of the change it describes), `AuditRepository.audit_events` reads it. There is
deliberately no function that changes or deletes an event; the database refuses it too (triggers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, select

from evaluation.domain.workflow import EntityType
from evaluation.storage import tables as t
from evaluation.storage.repositories.base import Store, insert_many, now, stored
from evaluation.storage.stored import AuditEvent


def event(
    *,
    actor: str,
    entity_type: EntityType,
    entity_id: str,
    action: str,
    before: Any = None,
    after: Any = None,
    proposal_id: str | None = None,
    at: dt.datetime | None = None,
) -> dict[str, Any]:
    """One audit event, as a row of `audit_events`."""
    return {
        "at": at or now(),
        "actor": actor,
        "entity_type": entity_type.value,
        "entity_id": entity_id,
        "proposal_id": proposal_id,
        "action": action,
        "before": before,
        "after": after,
    }


def append(connection: Connection, events: Sequence[dict[str, Any]]) -> None:
    """Add events to the trail, in the caller's transaction."""
    if events:
        insert_many(connection, t.AuditEventRow, events)


class AuditRepository(Store):
    """Reading the audit trail."""

    def audit_events(self, entity_id: str | None = None, *, entity_type: EntityType | None = None,
                     proposal_id: str | None = None, limit: int | None = None) -> list[AuditEvent]:
        """Audit events, oldest first (the last `limit` ones when given)."""
        A = t.AuditEventRow
        conditions: list[ColumnElement[bool]] = []
        if entity_id is not None:
            conditions.append(A.entity_id == entity_id)
        if entity_type is not None:
            conditions.append(A.entity_type == entity_type.value)
        if proposal_id is not None:
            conditions.append(A.proposal_id == proposal_id)
        statement = select(A.id, A.at, A.actor, A.entity_type, A.entity_id, A.proposal_id, A.action, A.before,
                           A.after).where(*conditions)
        statement = statement.order_by(A.id.desc()).limit(limit) if limit is not None else statement.order_by(A.id)
        with self._read() as connection:
            rows = list(connection.execute(statement).all())
        if limit is not None:
            rows.reverse()
        return stored(AuditEvent, rows)
