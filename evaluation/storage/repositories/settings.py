"""The collectivité's settings document: every saved version is kept; the highest is in force."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from evaluation.domain.settings import Settings
from evaluation.domain.workflow import EntityType
from evaluation.storage import tables as t
from evaluation.storage.repositories import audit
from evaluation.storage.repositories.base import Current, Store, now, stored
from evaluation.storage.stored import NotFound, StoredSettings

SETTINGS_ENTITY_ID = "settings"


class SettingsRepository(Store):
    """Versions of the settings document."""

    def get_settings(self, version: int | None = None) -> StoredSettings | None:
        """The current settings document (or a given version); None while none was saved."""
        S = t.SettingsRow
        statement = select(S.version, S.document, S.created_at, S.created_by)
        statement = (statement.where(S.version == version) if version is not None
                     else statement.order_by(S.version.desc()).limit(1))
        with self._read() as connection:
            row = connection.execute(statement).one_or_none()
        if row is None:
            if version is not None:
                raise NotFound(f"Version {version} des paramètres introuvable.")
            return None
        return stored(StoredSettings, [row])[0]

    def save_settings(self, document: Mapping[str, Any] | Settings, *, actor: str,
                      expected_version: int | None) -> int:
        """Save a new version of the settings document; returns it."""
        S = t.SettingsRow
        content = document.model_dump(mode="json") if isinstance(document, Settings) else dict(document)
        try:
            with self._write() as connection:
                current = connection.execute(
                    select(S.version, S.document, S.created_at, S.created_by).order_by(S.version.desc()).limit(1)
                ).one_or_none()
                current_version = current.version if current else None
                if current_version == expected_version:
                    at = now()
                    version = (current_version or 0) + 1
                    connection.execute(insert(S), {"version": version, "document": content, "created_at": at,
                                                   "created_by": actor})
                    audit.append(connection, [audit.event(
                        actor=actor, entity_type=EntityType.SETTINGS, entity_id=SETTINGS_ENTITY_ID, action="update",
                        at=at, before=current.document if current else None, after=content,
                    )])
                    return version
                if current is None:
                    raise NotFound("Aucun paramètre enregistré : enregistrez-les d'abord sans version attendue.")
                mismatch: Current = (current.version, current.created_by, current.created_at)
        except IntegrityError:
            # Another save took the same version number first.
            latest = self.get_settings()
            assert latest is not None
            mismatch = (latest.version, latest.created_by, latest.created_at)
        raise self._store_conflict(
            entity_type=EntityType.SETTINGS, entity_id=SETTINGS_ENTITY_ID, expected_version=expected_version,
            content=content, actor=actor, current=mismatch,
        )
