"""Proposals stored in bulk from a file: all or nothing, in one transaction with their audit events."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Row, bindparam, select, update

from evaluation.domain.proposal import Proposal
from evaluation.domain.workflow import EntityType, Status
from evaluation.exchange.documents import proposal_document
from evaluation.exchange.errors import FieldError, InvalidFileError
from evaluation.progress import Progress, no_progress
from evaluation.storage import tables as t
from evaluation.storage.repositories import audit
from evaluation.storage.repositories.base import Store, chunks, now
from evaluation.storage.repositories.proposals import insert_proposals, listing_columns
from evaluation.storage.stored import ImportResult

_ALREADY_STORED = ("un dossier portant cet identifiant existe déjà ; importez avec --remplacer pour en "
                   "enregistrer une nouvelle version")
_DECIDED = "ce dossier est décidé, donc en lecture seule : il ne peut pas être remplacé"


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


class ImportRepository(Store):
    """Imports of many proposals at once."""

    def import_proposals(self, proposals: Sequence[Proposal], *, actor: str, replace: bool = False,
                         source: str = "import", progress: Progress = no_progress) -> ImportResult:
        """Store every proposal or none: ids already stored are refused unless `replace`; `progress` is
        told as the new ones are written (one transaction all the same)."""
        ids = [proposal.id for proposal in proposals]
        if len(set(ids)) != len(ids):
            duplicates = sorted({pid for pid in ids if ids.count(pid) > 1})
            raise _refused(source, duplicates, "identifiant présent deux fois dans le fichier")
        with self._write() as connection:
            existing = _lock_stored(connection, ids)
            if existing and not replace:
                raise _refused(source, [pid for pid in ids if pid in existing], _ALREADY_STORED)
            decided = [pid for pid in ids if pid in existing and existing[pid].status == Status.DECIDE.value]
            if decided:
                raise _refused(source, decided, _DECIDED)
            new = [proposal for proposal in proposals if proposal.id not in existing]
            replaced = [proposal for proposal in proposals if proposal.id in existing]
            insert_proposals(connection, new, actor=actor, action="import_create", progress=progress)
            replace_proposals(connection, replaced, existing, actor=actor)
        return ImportResult(created=[p.id for p in new], replaced=[p.id for p in replaced])
