"""The conditions of "approuvé sous conditions" decisions: stored with the decision (`insert_conditions`, in
its transaction), read per proposal or past due, and marked met with a comment (one audit event)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from evaluation.domain.workflow import EntityType
from evaluation.storage import tables as t
from evaluation.storage.repositories import audit
from evaluation.storage.repositories.base import Store, now
from evaluation.storage.stored import ConditionAlreadyMet, ConditionInput, NotFound, StoredCondition


def _stored_condition(row: Row[Any]) -> StoredCondition:
    return StoredCondition(
        id=row.id, proposal_id=row.proposal_id, decision_id=row.decision_id, text=row.text, owner=row.owner,
        due_date=row.due_date, met_at=row.met_at, met_by=row.met_by, met_comment=row.met_comment,
    )


def condition_snapshot(condition: ConditionInput | StoredCondition) -> dict[str, Any]:
    """What the audit trail keeps of a condition."""
    return {"text": condition.text, "owner": condition.owner, "due_date": condition.due_date.isoformat()}


def insert_conditions(connection: Connection, proposal_id: str, decision_id: int,
                      conditions: Sequence[ConditionInput]) -> None:
    """A decision's conditions, in the decision's transaction (its audit event lists them)."""
    if conditions:
        connection.execute(insert(t.ConditionRow), [
            {"proposal_id": proposal_id, "decision_id": decision_id, "text": condition.text,
             "owner": condition.owner, "due_date": condition.due_date}
            for condition in conditions
        ])


class ConditionRepository(Store):
    """The conditions register."""

    def conditions_of(self, proposal_id: str) -> list[StoredCondition]:
        """The conditions of every decision on a proposal, in the order they were given."""
        C = t.ConditionRow
        with self._read() as connection:
            rows = connection.execute(select(C).where(C.proposal_id == proposal_id).order_by(C.id)).all()
        return [_stored_condition(row) for row in rows]

    def get_condition(self, condition_id: int) -> StoredCondition:
        C = t.ConditionRow
        with self._read() as connection:
            row = connection.execute(select(C).where(C.id == condition_id)).one_or_none()
        if row is None:
            raise NotFound(f"Condition n° {condition_id} introuvable.")
        return _stored_condition(row)

    def past_due_conditions(self, today: dt.date) -> list[StoredCondition]:
        """Conditions still open after their due date (due before `today`), oldest due first; one query."""
        C = t.ConditionRow
        with self._read() as connection:
            rows = connection.execute(
                select(C).where(C.met_at.is_(None), C.due_date < today).order_by(C.due_date, C.id)).all()
        return [_stored_condition(row) for row in rows]

    def mark_condition_met(self, condition_id: int, *, comment: str, actor: str) -> StoredCondition:
        """Mark a condition met, with who, when and a comment; one `condition_met` event of its decision.

        A condition already met is refused (ConditionAlreadyMet): the first record stays.
        """
        C = t.ConditionRow
        with self._write() as connection:
            row = connection.execute(select(C).where(C.id == condition_id).with_for_update()).one_or_none()
            if row is None:
                raise NotFound(f"Condition n° {condition_id} introuvable.")
            if row.met_at is not None:
                raise ConditionAlreadyMet(
                    f"La condition « {row.text} » a déjà été marquée levée par {row.met_by} ; "
                    "elle n'est pas modifiée.")
            at = now()
            connection.execute(update(C).where(C.id == condition_id).values(met_at=at, met_by=actor,
                                                                              met_comment=comment))
            snapshot = {"condition": condition_id, "text": row.text}
            audit.append(connection, [audit.event(
                actor=actor, entity_type=EntityType.DECISION, entity_id=str(row.decision_id),
                proposal_id=row.proposal_id, action="condition_met", at=at,
                before={**snapshot, "met_at": None, "met_by": None, "met_comment": None},
                after={**snapshot, "met_at": at.isoformat(), "met_by": actor, "met_comment": comment},
            )])
            return _stored_condition(connection.execute(select(C).where(C.id == condition_id)).one())
