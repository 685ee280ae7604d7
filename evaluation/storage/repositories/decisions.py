"""Decisions by the élus: stored with the evaluation they were taken on, frozen, and the proposal moved to
`decide` with its outcome, in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Row, func, insert, select

from evaluation.domain.settings import Settings
from evaluation.domain.workflow import EntityType, Outcome, Status
from evaluation.storage import tables as t
from evaluation.storage.repositories import audit, proposals
from evaluation.storage.repositories.base import Store, VersionMismatch, now
from evaluation.storage.repositories.conditions import condition_snapshot, insert_conditions
from evaluation.storage.stored import ConditionInput, DecisionSummary, NotFound, StoredDecision


def _stored_decision(row: Row[Any]) -> StoredDecision:
    return StoredDecision(
        id=row.id, proposal_id=row.proposal_id, proposal_version=row.proposal_version,
        outcome=Outcome(row.outcome), chosen_option=row.chosen_option, motivation=row.motivation,
        acknowledged=list(row.acknowledged), evaluation=row.evaluation, settings=row.settings,
        method_versions=row.method_versions, author=row.author, created_at=row.created_at,
    )


class DecisionRepository(Store):
    """The decisions register."""

    def add_decision(
        self,
        proposal_id: str,
        *,
        outcome: Outcome,
        motivation: str,
        acknowledged: Iterable[str],
        chosen_option: str | None = None,
        evaluation: Any,
        settings: Mapping[str, Any] | Settings,
        method_versions: Mapping[str, Any],
        actor: str,
        expected_version: int | None = None,
        conditions: Sequence[ConditionInput] = (),
    ) -> StoredDecision:
        """Store a decision with the evaluation it was taken on, frozen, and its conditions (read them with
        `conditions_of`); the proposal becomes `decide`."""
        D = t.DecisionRow
        settings_document = settings.model_dump(mode="json") if isinstance(settings, Settings) else dict(settings)
        values: dict[str, Any] = {
            "proposal_id": proposal_id, "outcome": Outcome(outcome).value, "chosen_option": chosen_option,
            "motivation": motivation,
            "acknowledged": list(acknowledged), "evaluation": evaluation, "settings": settings_document,
            "method_versions": dict(method_versions), "author": actor,
        }
        try:
            with self._write() as connection:
                row = proposals.lock_for_change(connection, proposal_id, expected_version)
                if chosen_option is not None and chosen_option not in proposals.option_names(row):
                    raise NotFound(f"Option « {chosen_option} » introuvable dans le dossier « {proposal_id} ».")
                at = now()
                values.update(proposal_version=row.version, created_at=at)
                decision_id = connection.execute(insert(D).returning(D.id), values).scalar_one()
                insert_conditions(connection, proposal_id, decision_id, conditions)
                audit.append(connection, [audit.event(
                    actor=actor, entity_type=EntityType.DECISION, entity_id=str(decision_id), proposal_id=proposal_id,
                    action="create", at=at,
                    after={**{key: value for key, value in values.items() if key not in ("evaluation", "created_at")},
                           "conditions": [condition_snapshot(condition) for condition in conditions]},
                )])
                proposals.change_status(connection, proposal_id, row, Status.DECIDE, actor=actor,
                                        outcome=Outcome(outcome), at=at)
                return _stored_decision(connection.execute(select(D).where(D.id == decision_id)).one())
        except VersionMismatch as mismatch:
            current = mismatch.current
        raise self._store_conflict(
            entity_type=EntityType.DECISION, entity_id=proposal_id, expected_version=expected_version,
            content={**{key: value for key, value in values.items() if key != "evaluation"},
                     "conditions": [condition_snapshot(condition) for condition in conditions]}, actor=actor,
            current=current,
        )

    def decisions(self, proposal_id: str) -> list[StoredDecision]:
        """Decisions on a proposal, oldest first."""
        D = t.DecisionRow
        with self._read() as connection:
            rows = connection.execute(select(D).where(D.proposal_id == proposal_id).order_by(D.id)).all()
        return [_stored_decision(row) for row in rows]

    def decision_summaries(self) -> dict[str, DecisionSummary]:
        """Proposal id -> its latest decision, without the frozen evaluation; one query."""
        D = t.DecisionRow
        latest = select(func.max(D.id)).group_by(D.proposal_id).scalar_subquery()
        with self._read() as connection:
            rows = connection.execute(
                select(D.proposal_id, D.outcome, D.chosen_option, D.motivation, D.author, D.created_at)
                .where(D.id.in_(latest))).all()
        return {row.proposal_id: DecisionSummary(
            proposal_id=row.proposal_id, outcome=Outcome(row.outcome), chosen_option=row.chosen_option,
            motivation=row.motivation, author=row.author, created_at=row.created_at) for row in rows}
    def all_decisions(self) -> list[StoredDecision]:
        """Every decision, oldest first (the SNR bilan reads them all)."""
        D = t.DecisionRow
        with self._read() as connection:
            rows = connection.execute(select(D).order_by(D.created_at, D.id)).all()
        return [_stored_decision(row) for row in rows]

    def latest_decision(self, proposal_id: str) -> StoredDecision | None:
        found = self.decisions(proposal_id)
        return found[-1] if found else None
