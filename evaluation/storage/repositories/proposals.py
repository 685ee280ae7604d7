"""Proposals, one at a time: create, update, read, change status, copy as a new draft.

The functions taking a `Connection` are the parts other aggregates use inside their own transaction:
reviews and decisions lock the proposal with `lock_for_change` and move it with `change_status`;
imports insert with `insert_proposals`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Collection, Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, Row, func, select, update
from sqlalchemy.exc import IntegrityError

from evaluation.domain.option import Option
from evaluation.domain.proposal import Proposal
from evaluation.domain.workflow import EntityType, Outcome, Status
from evaluation.exchange.documents import proposal_document
from evaluation.storage import tables as t
from evaluation.storage.repositories import audit
from evaluation.storage.repositories.base import Current, Store, VersionMismatch, check_version, insert_many, now
from evaluation.storage.stored import NotFound, ReadOnlyProposal, ReviewInProgress, StoredProposal


def listing_columns(proposal: Proposal) -> dict[str, Any]:
    """The proposal's columns kept beside its document, for listing and filtering."""
    return {
        "title": proposal.title,
        "direction": proposal.direction,
        "sponsor": proposal.sponsor,
        "category": proposal.category.value,
    }


def lock(connection: Connection, proposal_id: str) -> Row[Any] | None:
    """The proposal's workflow state and content, locked until the end of the transaction."""
    P = t.ProposalRow
    return connection.execute(
        select(P.version, P.status, P.outcome, P.content, P.updated_by, P.updated_at)
        .where(P.id == proposal_id)
        .with_for_update()
    ).one_or_none()


def found(row: Row[Any] | None, proposal_id: str) -> Row[Any]:
    if row is None:
        raise NotFound(f"Dossier « {proposal_id} » introuvable.")
    return row


def require_editable(row: Row[Any], proposal_id: str) -> None:
    if row.status == Status.DECIDE.value:
        raise ReadOnlyProposal(proposal_id)


# Statuses whose content may change: the porteur's draft, and the options the DSI corrects in review (an
# opinion counts only for the option content it was given on, see ReviewRepository.current_reviews).
CONTENT_EDITABLE = frozenset({Status.BROUILLON.value, Status.EN_REVUE.value})


def require_content_editable(row: Row[Any], proposal_id: str) -> None:
    """ReadOnlyProposal when decided, ReviewInProgress when submitted or reviewed (the review is not skipped)."""
    require_editable(row, proposal_id)
    if row.status not in CONTENT_EDITABLE:
        raise ReviewInProgress(proposal_id, Status(row.status))


_VERSION_SUFFIX = re.compile(r"-v\d+$")


def next_version_id(proposal_id: str, taken: Callable[[str], bool]) -> str:
    """The id of a new version of a proposal: `<id>-v2`, `-v3`... (a `-vN` suffix is replaced), the first
    one not `taken`, at most 80 characters."""
    base = _VERSION_SUFFIX.sub("", proposal_id)
    number = 2
    while True:
        suffix = f"-v{number}"
        candidate = base[:80 - len(suffix)].rstrip("-") + suffix
        if not taken(candidate):
            return candidate
        number += 1


def stored_ids(connection: Connection, ids: Collection[str]) -> set[str]:
    """Which of these ids are stored."""
    P = t.ProposalRow
    return set(connection.execute(select(P.id).where(P.id.in_(list(ids)))).scalars()) if ids else set()


def lock_for_change(connection: Connection, proposal_id: str, expected_version: int | None) -> Row[Any]:
    """The locked proposal, if it exists, is not decided and is at `expected_version` (VersionMismatch)."""
    row = found(lock(connection, proposal_id), proposal_id)
    require_editable(row, proposal_id)
    check_version(row, expected_version)
    return row


def option_digest(option: dict[str, Any]) -> str:
    """The fingerprint of an option's content (validated, defaults filled, keys sorted): an opinion given on
    it counts for this content only."""
    document = Option.model_validate(option).model_dump(mode="json")
    return hashlib.sha256(orjson.dumps(document, option=orjson.OPT_SORT_KEYS)).hexdigest()


def option_digests(content: dict[str, Any]) -> dict[str, str]:
    """Option name -> fingerprint, for a stored document."""
    return {option["name"]: option_digest(option) for option in content.get("options", [])}


def option_names(row: Row[Any]) -> set[str]:
    """The names of the options of a locked proposal's content."""
    return {option["name"] for option in row.content.get("options", [])}


def insert_proposals(connection: Connection, proposals: Sequence[Proposal], *, actor: str, action: str,
                     parent_id: str | None = None, owner: str | None = None) -> None:
    """New drafts (version 1), one audit event each; `owner` (default: the actor) is who they belong to."""
    at = now()
    rows, events = [], []
    for proposal in proposals:
        content = proposal_document(proposal)
        rows.append({
            "id": proposal.id, **listing_columns(proposal), "status": Status.BROUILLON.value, "outcome": None,
            "version": 1, "parent_id": parent_id, "content": content,
            "created_at": at, "created_by": owner or actor, "updated_at": at, "updated_by": actor,
        })
        events.append(audit.event(
            actor=actor, entity_type=EntityType.PROPOSAL, entity_id=proposal.id, proposal_id=proposal.id,
            action=action, at=at,
            after={"status": Status.BROUILLON.value, "version": 1, "content": content,
                   **({"parent_id": parent_id} if parent_id else {}),
                   **({"owner": owner} if owner and owner != actor else {})},
        ))
    insert_many(connection, t.ProposalRow, rows)
    audit.append(connection, events)


def update_proposal(connection: Connection, proposal: Proposal, content: dict[str, Any], row: Row[Any], *,
                    actor: str, action: str) -> int:
    """A new version of a locked proposal's content (status unchanged); returns the version."""
    P = t.ProposalRow
    at = now()
    new_version = int(row.version) + 1
    result = connection.execute(
        update(P)
        .where(P.id == proposal.id, P.version == row.version)
        .values(**listing_columns(proposal), content=content, version=new_version, updated_at=at, updated_by=actor)
    )
    if result.rowcount != 1:  # pragma: no cover - the row is locked (PostgreSQL) or the database is (SQLite)
        raise RuntimeError(f"proposal {proposal.id} changed during its update")
    audit.append(connection, [audit.event(
        actor=actor, entity_type=EntityType.PROPOSAL, entity_id=proposal.id, proposal_id=proposal.id,
        action=action, at=at,
        before={"status": row.status, "version": row.version, "content": row.content},
        after={"status": row.status, "version": new_version, "content": content},
    )])
    return new_version


def change_status(connection: Connection, proposal_id: str, row: Row[Any], status: Status, *, actor: str,
                  outcome: Outcome | None = None, at: dt.datetime | None = None) -> int:
    """Move a locked proposal to `status` (and `outcome`), one `status` event; returns the new version."""
    at = at or now()
    new_version = int(row.version) + 1
    values: dict[str, Any] = {"status": status.value, "version": new_version, "updated_at": at, "updated_by": actor}
    before: dict[str, Any] = {"status": row.status, "version": row.version}
    after: dict[str, Any] = {"status": status.value, "version": new_version}
    if outcome is not None:
        values["outcome"] = after["outcome"] = outcome.value
        before["outcome"] = row.outcome
    connection.execute(update(t.ProposalRow).where(t.ProposalRow.id == proposal_id).values(**values))
    audit.append(connection, [audit.event(
        actor=actor, entity_type=EntityType.PROPOSAL, entity_id=proposal_id, proposal_id=proposal_id,
        action="status", at=at, before=before, after=after,
    )])
    return new_version


def _current(row: Row[Any]) -> Current:
    return (row.version, row.updated_by, row.updated_at)


class ProposalRepository(Store):
    """One proposal at a time (the whole portfolio: PortfolioRepository; imports: ImportRepository)."""

    def save_proposal(self, proposal: Proposal, *, actor: str, expected_version: int | None) -> int:
        """Create (`expected_version=None`) or update a proposal; returns its new version."""
        content = proposal_document(proposal)
        try:
            with self._write() as connection:
                row = lock(connection, proposal.id)
                if expected_version is None:
                    if row is None:
                        insert_proposals(connection, [proposal], actor=actor, action="create")
                        return 1
                    current = _current(row)
                else:
                    row = found(row, proposal.id)
                    require_content_editable(row, proposal.id)
                    if row.version == expected_version:
                        return update_proposal(connection, proposal, content, row, actor=actor, action="update")
                    current = _current(row)
        except IntegrityError:
            # Created by someone else between our read and our insert.
            if expected_version is not None:
                raise
            with self._read() as connection:
                current = _current(found(lock(connection, proposal.id), proposal.id))
        raise self._store_conflict(
            entity_type=EntityType.PROPOSAL, entity_id=proposal.id, expected_version=expected_version,
            content=content, actor=actor, current=current,
        )

    def get_proposal(self, proposal_id: str) -> StoredProposal:
        """The stored proposal with its workflow state; NotFound if absent."""
        P = t.ProposalRow
        with self._read() as connection:
            row = connection.execute(select(
                P.content, P.status, P.outcome, P.version, P.parent_id,
                P.created_at, P.created_by, P.updated_at, P.updated_by,
            ).where(P.id == proposal_id)).one_or_none()
        row = found(row, proposal_id)
        return StoredProposal(
            proposal=Proposal.model_validate(row.content),
            status=Status(row.status),
            outcome=Outcome(row.outcome) if row.outcome else None,
            version=row.version,
            parent_id=row.parent_id,
            created_at=row.created_at,
            created_by=row.created_by,
            updated_at=row.updated_at,
            updated_by=row.updated_by,
        )

    def next_version_id(self, proposal_id: str) -> str:
        """The id the next new version of a proposal would take (`<id>-v2`, `-v3`...)."""
        with self._read() as connection:
            return next_version_id(proposal_id, lambda candidate: bool(stored_ids(connection, [candidate])))

    def exists(self, proposal_id: str) -> bool:
        with self._read() as connection:
            return connection.execute(
                select(t.ProposalRow.id).where(t.ProposalRow.id == proposal_id)
            ).first() is not None

    def count_proposals(self) -> int:
        with self._read() as connection:
            return int(connection.execute(select(func.count()).select_from(t.ProposalRow)).scalar_one())

    def set_status(self, proposal_id: str, status: Status, *, actor: str,
                   expected_version: int | None = None) -> int:
        """Move a proposal to `status` (no workflow check here); returns its new version."""
        try:
            with self._write() as connection:
                row = lock_for_change(connection, proposal_id, expected_version)
                return change_status(connection, proposal_id, row, status, actor=actor)
        except VersionMismatch as mismatch:
            current = mismatch.current
        raise self._store_conflict(
            entity_type=EntityType.PROPOSAL, entity_id=proposal_id, expected_version=expected_version,
            content={"status": str(status)}, actor=actor, current=current,
        )

    def copy_as_draft(self, proposal_id: str, *, new_id: str, actor: str) -> StoredProposal:
        """A new draft `new_id` with the content of `proposal_id`, linked to it by `parent_id`."""
        with self._write() as connection:
            row = found(lock(connection, proposal_id), proposal_id)
            proposal = Proposal.model_validate({**row.content, "id": new_id})
            insert_proposals(connection, [proposal], actor=actor, action="new_version", parent_id=proposal_id)
        return self.get_proposal(new_id)
