"""The public register: entries (content, figures, status) and their publications, each change one
transaction with its audit event.

What is public is read from `register_publications` only, through the entry's `public_revision`: a draft,
a reviewed entry never published, a withdrawn entry, or the changes made after a publication are never in
that table's public rows, whatever the reader asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Row, and_, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError

from evaluation.domain.register import RegisterContent, RegisterFigures, RegisterStatus
from evaluation.domain.workflow import EntityType
from evaluation.storage import tables as t
from evaluation.storage.repositories import audit
from evaluation.storage.repositories.base import Store, VersionMismatch, check_version, now, stored
from evaluation.storage.stored import AlreadyExists, NotFound, RegisterPublication, StoredRegisterEntry

E, PUB = t.RegisterEntryRow, t.RegisterPublicationRow


def _entry(row: Row[Any]) -> StoredRegisterEntry:
    return StoredRegisterEntry(
        id=row.id, proposal_id=row.proposal_id, option_name=row.option_name, status=RegisterStatus(row.status),
        version=row.version, content=RegisterContent.model_validate(row.content),
        figures=RegisterFigures.model_validate(row.figures), public_revision=row.public_revision,
        created_at=row.created_at, created_by=row.created_by, updated_at=row.updated_at, updated_by=row.updated_by,
    )


def _locked(connection: Connection, entry_id: str, expected_version: int | None) -> Row[Any]:
    row = connection.execute(select(E).where(E.id == entry_id).with_for_update()).one_or_none()
    if row is None:
        raise NotFound(f"Entrée du registre « {entry_id} » introuvable.")
    check_version(row, expected_version)
    return row


class RegisterRepository(Store):
    """The register's entries and publications."""

    def _change(self, entry_id: str, *, expected_version: int | None, actor: str, action: str,
                values: Mapping[str, Any], before_after: tuple[Any, Any] | None = None,
                publish: dict[str, Any] | None = None) -> StoredRegisterEntry:
        """One change of an entry: new values, version + 1, an audit event, and a publication if any."""
        content_for_conflict = dict(values.get("content") or {"status": values.get("status")})
        try:
            with self._write() as connection:
                row = _locked(connection, entry_id, expected_version)
                at = now()
                changed = {**values, "version": row.version + 1, "updated_at": at, "updated_by": actor}
                if publish is not None:
                    revision = self._last_revision(connection, entry_id) + 1
                    connection.execute(insert(PUB), {"entry_id": entry_id, "revision": revision,
                                                     "document": publish | {"revision": revision},
                                                     "published_at": at, "published_by": actor})
                    changed["public_revision"] = revision
                connection.execute(update(E).where(E.id == entry_id).values(**changed))
                before, after = before_after or ({"status": row.status}, {"status": changed.get("status", row.status)})
                if publish is not None:
                    after = {**after, "revision": changed["public_revision"]}
                audit.append(connection, [audit.event(
                    actor=actor, entity_type=EntityType.REGISTER_ENTRY, entity_id=entry_id,
                    proposal_id=row.proposal_id, action=action, before=before, after=after, at=at)])
                return _entry(connection.execute(select(E).where(E.id == entry_id)).one())
        except VersionMismatch as mismatch:
            current = mismatch.current
        raise self._store_conflict(entity_type=EntityType.REGISTER_ENTRY, entity_id=entry_id,
                                   expected_version=expected_version, content=content_for_conflict, actor=actor,
                                   current=current)

    @staticmethod
    def _last_revision(connection: Connection, entry_id: str) -> int:
        return int(connection.execute(select(func.coalesce(func.max(PUB.revision), 0))
                                      .where(PUB.entry_id == entry_id)).scalar_one())

    # -- writing ------------------------------------------------------------------------------

    def create_register_entry(self, entry_id: str, *, proposal_id: str, option_name: str, content: RegisterContent,
                              figures: RegisterFigures, actor: str) -> StoredRegisterEntry:
        """A new draft entry (version 1) for a proposal; AlreadyExists when the proposal already has one."""
        at = now()
        values = {"id": entry_id, "proposal_id": proposal_id, "option_name": option_name,
                  "status": RegisterStatus.BROUILLON.value, "version": 1,
                  "content": content.model_dump(mode="json"), "figures": figures.model_dump(mode="json"),
                  "public_revision": None, "created_at": at, "created_by": actor, "updated_at": at,
                  "updated_by": actor}
        try:
            with self._write() as connection:
                taken = connection.execute(select(E.id).where((E.id == entry_id) | (E.proposal_id == proposal_id))
                                           ).first()
                if taken is not None:
                    raise AlreadyExists(f"Le dossier « {proposal_id} » a déjà une entrée au registre "
                                        f"(« {taken.id} »).")
                connection.execute(insert(E), values)
                audit.append(connection, [audit.event(
                    actor=actor, entity_type=EntityType.REGISTER_ENTRY, entity_id=entry_id, proposal_id=proposal_id,
                    action="create", at=at,
                    after={"option": option_name, "content": values["content"], "figures": values["figures"]})])
                return _entry(connection.execute(select(E).where(E.id == entry_id)).one())
        except IntegrityError as exc:
            raise AlreadyExists(f"Le dossier « {proposal_id} » a déjà une entrée au registre.") from exc

    def save_register_entry(self, entry_id: str, content: RegisterContent, *, actor: str,
                            expected_version: int | None) -> StoredRegisterEntry:
        """New content; the entry goes back to brouillon (its last publication, if any, stays public)."""
        current = self.register_entry(entry_id)
        document = content.model_dump(mode="json")
        before = current.content.model_dump(mode="json")
        changed = sorted(key for key in document if document[key] != before.get(key))
        return self._change(entry_id, expected_version=expected_version, actor=actor, action="update",
                            values={"content": document, "status": RegisterStatus.BROUILLON.value},
                            before_after=({key: before.get(key) for key in changed} | {"status": current.status.value},
                                          {key: document[key] for key in changed}
                                          | {"status": RegisterStatus.BROUILLON.value}))

    def set_register_status(self, entry_id: str, status: RegisterStatus, *, actor: str, action: str,
                            expected_version: int | None) -> StoredRegisterEntry:
        """Move an entry (reviewed...); the audit event names the action."""
        return self._change(entry_id, expected_version=expected_version, actor=actor, action=action,
                            values={"status": RegisterStatus(status).value})

    def publish_register_entry(self, entry_id: str, document: Mapping[str, Any], *, actor: str,
                               expected_version: int | None) -> StoredRegisterEntry:
        """Keep `document` as the entry's next publication (revision n + 1) and make it the public one."""
        return self._change(entry_id, expected_version=expected_version, actor=actor, action="publish",
                            values={"status": RegisterStatus.PUBLIEE.value}, publish=dict(document))

    def withdraw_register_entry(self, entry_id: str, *, reason: str, actor: str,
                                expected_version: int | None) -> StoredRegisterEntry:
        """Nothing of the entry is public any more; its publications are kept (history)."""
        current = self.register_entry(entry_id)
        return self._change(entry_id, expected_version=expected_version, actor=actor, action="withdraw",
                            values={"status": RegisterStatus.RETIREE.value, "public_revision": None},
                            before_after=({"status": current.status.value, "revision": current.public_revision},
                                          {"status": RegisterStatus.RETIREE.value, "reason": reason}))

    # -- reading (inside the house) -----------------------------------------------------------

    def register_entry(self, entry_id: str) -> StoredRegisterEntry:
        with self._read() as connection:
            row = connection.execute(select(E).where(E.id == entry_id)).one_or_none()
        if row is None:
            raise NotFound(f"Entrée du registre « {entry_id} » introuvable.")
        return _entry(row)

    def register_entries(self, statuses: Iterable[RegisterStatus] | None = None) -> list[StoredRegisterEntry]:
        """Every entry (or those with one of `statuses`), by id."""
        statement = select(E).order_by(E.id)
        if statuses is not None:
            statement = statement.where(E.status.in_([RegisterStatus(s).value for s in statuses]))
        with self._read() as connection:
            rows = connection.execute(statement).all()
        return [_entry(row) for row in rows]

    def register_entry_ids_by_proposal(self) -> dict[str, str]:
        """proposal id -> its entry's id."""
        with self._read() as connection:
            return {row.proposal_id: row.id for row in connection.execute(select(E.proposal_id, E.id)).all()}

    def register_publications(self, entry_id: str) -> list[RegisterPublication]:
        """Every publication of an entry, oldest first (the public one is the entry's public_revision)."""
        with self._read() as connection:
            rows = connection.execute(select(PUB.entry_id, PUB.revision, PUB.document, PUB.published_at)
                                      .where(PUB.entry_id == entry_id).order_by(PUB.revision)).all()
        return stored(RegisterPublication, rows)

    # -- reading (the public) -----------------------------------------------------------------

    def published_register(self) -> list[RegisterPublication]:
        """The public register: each entry's public publication (never a draft nor a withdrawn entry), by
        title. Only the published documents are read."""
        statement = (select(PUB.entry_id, PUB.revision, PUB.document, PUB.published_at)
                     .join(E, and_(E.id == PUB.entry_id, E.public_revision == PUB.revision))
                     .order_by(PUB.entry_id))
        with self._read() as connection:
            rows = connection.execute(statement).all()
        found = stored(RegisterPublication, rows)
        return sorted(found, key=lambda p: (str(p.document.get("title", "")).casefold(), p.entry_id))

    def count_published_register_entries(self, year: int | None = None) -> int:
        """How many entries the public register shows now; with `year`, only those first published that
        year (Europe/Paris calendar is not applied: the year of the UTC date of the first publication)."""
        first = (select(PUB.entry_id, func.min(PUB.published_at).label("first_at"))
                 .group_by(PUB.entry_id).subquery())
        statement = (select(func.count()).select_from(E).join(first, first.c.entry_id == E.id)
                     .where(E.public_revision.is_not(None)))
        if year is not None:
            start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
            end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
            statement = statement.where(first.c.first_at >= _bound(start), first.c.first_at < _bound(end))
        with self._read() as connection:
            return int(connection.execute(statement).scalar_one())


def _bound(at: dt.datetime) -> Any:
    """A datetime literal compared with a UTCDateTime column (bound through the column's type)."""
    return literal(at, t.UTCDateTime())
