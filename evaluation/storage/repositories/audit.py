"""The append-only audit trail: `event` builds one entry, `append` is the only write to the table (inside
the transaction of the change it describes), `AuditRepository.audit_events` reads it. There is
deliberately no function that changes or deletes an event; the database refuses it too (triggers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, select

from evaluation.domain.workflow import AUDIT_ACTIONS, EntityType
from evaluation.exchange.changes import field_changes
from evaluation.storage import tables as t
from evaluation.storage.repositories.base import Store, insert_many, now
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
    """One audit event, as a row of `audit_events`, with the fields changed when it has a before and an after.
    The action is one of AUDIT_ACTIONS for its entity type (each has its label in the Historique)."""
    if action not in AUDIT_ACTIONS[entity_type]:
        raise ValueError(f"audit action {action!r} is not declared for {entity_type.value} "
                         "(evaluation.domain.workflow.AUDIT_ACTIONS)")
    return {
        "at": at or now(),
        "actor": actor,
        "entity_type": entity_type.value,
        "entity_id": entity_id,
        "proposal_id": proposal_id,
        "action": action,
        "before": before,
        "after": after,
        "changes": field_changes(before, after) if before is not None and after is not None else None,
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
                           A.after, A.changes).where(*conditions)
        statement = statement.order_by(A.id.desc()).limit(limit) if limit is not None else statement.order_by(A.id)
        with self._read() as connection:
            rows = list(connection.execute(statement).all())
        if limit is not None:
            rows.reverse()
        return [_audit_event(row) for row in rows]


def _audit_event(row: Row[Any]) -> AuditEvent:
    """An event read back; one written before migration 0004 (no `changes`) gets them from before/after."""
    changes = row.changes
    if changes is None and row.before is not None and row.after is not None:
        changes = field_changes(row.before, row.after)
    return AuditEvent(id=row.id, at=row.at, actor=row.actor, entity_type=row.entity_type, entity_id=row.entity_id,
                      proposal_id=row.proposal_id, action=row.action, before=row.before, after=row.after,
                      changes=changes or [])
