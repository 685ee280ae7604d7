"""Proposals stored in bulk from a file: all or nothing, in one transaction with their audit events."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Row, bindparam, select, update

from evaluation.domain.proposal import Proposal
from evaluation.domain.workflow import STATUS_LABELS_FR, EntityType, Status
from evaluation.exchange.documents import proposal_document
from evaluation.exchange.errors import FieldError, InvalidFileError
from evaluation.storage import tables as t
from evaluation.storage.repositories import audit
from evaluation.storage.repositories.base import Store, chunks, now
from evaluation.storage.repositories.proposals import (
    insert_proposals,
    listing_columns,
    next_version_id,
    stored_ids,
)
from evaluation.storage.stored import ImportResult, review_in_progress

_ALREADY_STORED = ("un dossier portant cet identifiant existe déjà ; importez avec --remplacer pour en "
                   "enregistrer une nouvelle version")

def _in_review(status: Status) -> str:
    return f"ce dossier est au statut « {STATUS_LABELS_FR[status]} » : {review_in_progress(status)}"


def _refused(source: str, ids: Sequence[str], message: str) -> InvalidFileError:
    return InvalidFileError([FieldError(file=source, proposal=pid, field="id", message=message) for pid in ids])


def _lock_stored(connection: Connection, ids: Sequence[str]) -> dict[str, Row[Any]]:
    """The proposals already stored under these ids, locked."""
    P = t.ProposalRow
    existing: dict[str, Row[Any]] = {}
    for chunk in chunks(ids):
        for row in connection.execute(
            select(P.id, P.version, P.status, P.content).where(P.id.in_(chunk)).with_for_update()
        ):
            existing[row.id] = row
    return existing


def replace_proposals(connection: Connection, proposals: Sequence[Proposal], existing: Mapping[str, Row[Any]], *,
                      actor: str) -> None:
    """A new version of each stored proposal's content (status unchanged), one `import_replace` event each."""
    if not proposals:
        return
    P = t.ProposalRow
    at = now()
    rows, events = [], []
    for proposal in proposals:
        old = existing[proposal.id]
        content = proposal_document(proposal)
        version = int(old.version) + 1
        rows.append({"b_id": proposal.id, **{f"b_{k}": v for k, v in listing_columns(proposal).items()},
                     "b_content": content, "b_version": version})
        events.append(audit.event(
            actor=actor, entity_type=EntityType.PROPOSAL, entity_id=proposal.id, proposal_id=proposal.id,
            action="import_replace", at=at,
            before={"status": old.status, "version": old.version, "content": old.content},
            after={"status": old.status, "version": version, "content": content},
        ))
    connection.execute(
        update(P).where(P.id == bindparam("b_id")).values(
            title=bindparam("b_title"), direction=bindparam("b_direction"), sponsor=bindparam("b_sponsor"),
            category=bindparam("b_category"), content=bindparam("b_content", type_=t.JsonDocument),
            version=bindparam("b_version"), updated_at=at, updated_by=actor,
        ),
        rows,
    )
    audit.append(connection, events)


def _reopen_decided(connection: Connection, proposals: Sequence[Proposal], *, reserved: set[str], actor: str
                    ) -> dict[str, str]:
    """A decided proposal given again becomes a new draft `<id>-vN` with the file's content, linked to it
    (the workflow's "nouvelle version"): the decided one, its opinions and its decision stay as they were."""
    new_versions: dict[str, str] = {}
    for proposal in proposals:
        def taken(candidate: str) -> bool:
            return candidate in reserved or bool(stored_ids(connection, [candidate]))

        new_id = next_version_id(proposal.id, taken)
        reserved.add(new_id)
        insert_proposals(connection, [proposal.model_copy(update={"id": new_id})], actor=actor,
                         action="import_new_version", parent_id=proposal.id)
        new_versions[proposal.id] = new_id
    return new_versions


class ImportRepository(Store):
    """Imports of many proposals at once."""

    def import_proposals(self, proposals: Sequence[Proposal], *, actor: str, replace: bool = False,
                         source: str = "import", owner: str | None = None) -> ImportResult:
        """Store every proposal or none: ids already stored are refused unless `replace`. With `replace`, a
        draft gets a new version of its content; a decided proposal is reopened as a new linked draft
        (`ImportResult.new_versions`); a proposal submitted, in review or with the DSI's opinion is refused
        (replacing it would skip the review). New proposals belong to `owner` (default: the actor), who is
        named in their audit events when it is not the actor."""
        ids = [proposal.id for proposal in proposals]
        if len(set(ids)) != len(ids):
            duplicates = sorted({pid for pid in ids if ids.count(pid) > 1})
            raise _refused(source, duplicates, "identifiant présent deux fois dans le fichier")
        with self._write() as connection:
            existing = _lock_stored(connection, ids)
            if existing and not replace:
                raise _refused(source, [pid for pid in ids if pid in existing], _ALREADY_STORED)
            in_review = [proposal for proposal in proposals if proposal.id in existing
                         and existing[proposal.id].status not in (Status.BROUILLON.value, Status.DECIDE.value)]
            if in_review:
                raise InvalidFileError([
                    FieldError(file=source, proposal=p.id, field="id",
                               message=_in_review(Status(existing[p.id].status))) for p in in_review])
            new = [proposal for proposal in proposals if proposal.id not in existing]
            replaced = [proposal for proposal in proposals
                        if proposal.id in existing and existing[proposal.id].status == Status.BROUILLON.value]
            decided = [proposal for proposal in proposals
                       if proposal.id in existing and existing[proposal.id].status == Status.DECIDE.value]
            insert_proposals(connection, new, actor=actor, action="import_create", owner=owner)
            replace_proposals(connection, replaced, existing, actor=actor)
            new_versions = _reopen_decided(connection, decided, reserved=set(ids), actor=actor)
        return ImportResult(created=[p.id for p in new], replaced=[p.id for p in replaced], new_versions=new_versions)
