"""The map of current uses (shadow AI): declarations, and their conversion into a proposal to evaluate, one
transaction with the new draft and the audit events. Nothing here is ever read by the public register."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Row, insert, select, update

from evaluation.domain.current_use import CurrentUse, CurrentUseStatus
from evaluation.domain.proposal import Proposal
from evaluation.domain.workflow import EntityType
from evaluation.storage import tables as t
from evaluation.storage.repositories import audit, proposals
from evaluation.storage.repositories.base import Store, VersionMismatch, check_version, now
from evaluation.storage.stored import AlreadyExists, NotFound, StoredCurrentUse

U = t.CurrentUseRow


def _use(row: Row[Any]) -> StoredCurrentUse:
    return StoredCurrentUse(
        id=row.id, service=row.service, status=CurrentUseStatus(row.status),
        declaration=CurrentUse.model_validate(row.declaration), proposal_id=row.proposal_id, version=row.version,
        declared_at=row.declared_at, declared_by=row.declared_by, updated_at=row.updated_at, updated_by=row.updated_by)


class CurrentUseRepository(Store):
    """Declared current uses of AI."""

    def declare_current_use(self, declaration: CurrentUse, *, actor: str) -> StoredCurrentUse:
        at = now()
        document = declaration.model_dump(mode="json")
        with self._write() as connection:
            use_id = connection.execute(insert(U).returning(U.id), {
                "service": declaration.service, "status": CurrentUseStatus.NON_EVALUE.value, "declaration": document,
                "proposal_id": None, "version": 1, "declared_at": at, "declared_by": actor, "updated_at": at,
                "updated_by": actor}).scalar_one()
            audit.append(connection, [audit.event(actor=actor, entity_type=EntityType.CURRENT_USE,
                                                  entity_id=str(use_id), action="declare", after=document, at=at)])
            return _use(connection.execute(select(U).where(U.id == use_id)).one())

    def current_use(self, use_id: int) -> StoredCurrentUse:
        with self._read() as connection:
            row = connection.execute(select(U).where(U.id == use_id)).one_or_none()
        if row is None:
            raise NotFound(f"Usage déclaré n° {use_id} introuvable.")
        return _use(row)

    def current_uses(self, statuses: Iterable[CurrentUseStatus] | None = None) -> list[StoredCurrentUse]:
        """Declared uses (or those with one of `statuses`), newest first."""
        statement = select(U).order_by(U.id.desc())
        if statuses is not None:
            statement = statement.where(U.status.in_([CurrentUseStatus(s).value for s in statuses]))
        with self._read() as connection:
            return [_use(row) for row in connection.execute(statement).all()]

    def convert_current_use(self, use_id: int, proposal: Proposal, *, actor: str,
                            expected_version: int | None = None) -> StoredCurrentUse:
        """The declared use becomes `proposal` (a new draft owned by `actor`), in one transaction."""
        try:
            with self._write() as connection:
                row = connection.execute(select(U).where(U.id == use_id).with_for_update()).one_or_none()
                if row is None:
                    raise NotFound(f"Usage déclaré n° {use_id} introuvable.")
                check_version(row, expected_version)
                if row.status != CurrentUseStatus.NON_EVALUE.value:
                    raise AlreadyExists(f"L'usage déclaré n° {use_id} est déjà en évaluation "
                                       f"(dossier « {row.proposal_id} »).")
                if connection.execute(select(t.ProposalRow.id).where(t.ProposalRow.id == proposal.id)).first():
                    raise AlreadyExists(f"Un dossier « {proposal.id} » existe déjà.")
                proposals.insert_proposals(connection, [proposal], actor=actor, action="create_from_current_use")
                at = now()
                connection.execute(update(U).where(U.id == use_id).values(
                    status=CurrentUseStatus.EN_EVALUATION.value, proposal_id=proposal.id, version=row.version + 1,
                    updated_at=at, updated_by=actor))
                audit.append(connection, [audit.event(
                    actor=actor, entity_type=EntityType.CURRENT_USE, entity_id=str(use_id), proposal_id=proposal.id,
                    action="convert", at=at, before={"status": row.status},
                    after={"status": CurrentUseStatus.EN_EVALUATION.value, "proposal_id": proposal.id})])
                return _use(connection.execute(select(U).where(U.id == use_id)).one())
        except VersionMismatch as mismatch:
            current = mismatch.current
        raise self._store_conflict(entity_type=EntityType.CURRENT_USE, entity_id=str(use_id),
                                   expected_version=expected_version, content={"proposal": proposal.id}, actor=actor,
                                   current=current)
