"""Form autosaves and personal preferences: what a person typed in the proposal form and has not saved yet
(one row per person and proposal, replaced as they type, deleted when they save or discard it), and the
language they chose. Neither is a version of anything: they are kept apart from the proposals and their
audit trail, which record only what was saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from evaluation.storage import tables as t
from evaluation.storage.repositories.base import Store, now
from evaluation.storage.stored import StoredAutosave

NEW_PROPOSAL_KEY = "new"  # the autosave of a proposal not created yet


def _upsert(connection: Connection, entity: type[t.Base], values: dict[str, Any], keys: list[str]) -> None:
    """Insert a row or replace its values (one statement, safe when two writers race)."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(entity).values(**values)
    changed = {name: value for name, value in values.items() if name not in keys}
    connection.execute(statement.on_conflict_do_update(index_elements=keys, set_=changed))


class AutosaveRepository(Store):
    """Unsaved form content per person and proposal; each person's language."""

    def put_autosave(self, login: str, proposal_key: str, content: Any, *, base_version: int | None,
                     at: dt.datetime | None = None) -> StoredAutosave:
        """Keep what `login` typed for a proposal (replacing what was kept before)."""
        at = at or now()
        with self._write() as connection:
            _upsert(connection, t.FormAutosaveRow,
                    {"login": login, "proposal_key": proposal_key, "base_version": base_version,
                     "content": content, "saved_at": at}, ["login", "proposal_key"])
        return StoredAutosave(login=login, proposal_key=proposal_key, base_version=base_version,
                              content=content, saved_at=at)

    def find_autosave(self, login: str, proposal_key: str) -> StoredAutosave | None:
        A = t.FormAutosaveRow
        with self._read() as connection:
            row = connection.execute(select(A.login, A.proposal_key, A.base_version, A.content, A.saved_at)
                                     .where(A.login == login, A.proposal_key == proposal_key)).one_or_none()
        return None if row is None else StoredAutosave.model_validate(row._asdict())

    def discard_autosave(self, login: str, proposal_key: str) -> bool:
        """Forget what `login` typed for a proposal; whether there was anything."""
        A = t.FormAutosaveRow
        with self._write() as connection:
            result = connection.execute(delete(A).where(A.login == login, A.proposal_key == proposal_key))
        return bool(result.rowcount)

    def autosave_editors(self, proposal_key: str, *, since: dt.datetime | None = None) -> list[tuple[str, str,
                                                                                                    dt.datetime]]:
        """Who else has unsaved changes to a stored proposal: (login, name, when), newest first; `since`
        keeps only changes made after that time."""
        A, U = t.FormAutosaveRow, t.UserRow
        query = (select(A.login, U.name, A.saved_at).join(U, U.login == A.login, isouter=True)
                 .where(A.proposal_key == proposal_key).order_by(A.saved_at.desc()))
        if since is not None:
            query = query.where(A.saved_at >= since)
        with self._read() as connection:
            rows = connection.execute(query).all()
        return [(str(login), str(name or login), saved_at) for login, name, saved_at in rows]

    def set_language(self, login: str, language: str) -> None:
        with self._write() as connection:
            _upsert(connection, t.UserPreferenceRow, {"login": login, "language": language, "updated_at": now()},
                    ["login"])

    def language_of(self, login: str) -> str | None:
        P = t.UserPreferenceRow
        with self._read() as connection:
            value = connection.execute(select(P.language).where(P.login == login)).scalar_one_or_none()
        return None if value is None else str(value)
