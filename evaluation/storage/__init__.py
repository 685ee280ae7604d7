"""Persistence of proposals, reviews, decisions, settings and the audit trail (SQLite or PostgreSQL).

`open_repository()` creates the database if needed, migrates it to the newest schema and returns a
`Repository`; see docs/storage-api.md.
"""

from __future__ import annotations

from evaluation.storage.records import (
    OPINION_LABELS_FR,
    OUTCOME_LABELS_FR,
    ROLE_LABELS_FR,
    STATUS_LABELS_FR,
    AlreadyExists,
    AuditEvent,
    ConflictRecord,
    DecisionRecord,
    EditConflict,
    EntityType,
    ImportResult,
    NotFound,
    Opinion,
    OptionRow,
    Outcome,
    ProposalSummary,
    ReadOnlyProposal,
    ReviewInput,
    ReviewRecord,
    Role,
    Status,
    StorageError,
    StoredProposal,
    StoredSettings,
    UserRecord,
)
from evaluation.storage.repository import Repository

__all__ = [
    "OPINION_LABELS_FR",
    "OUTCOME_LABELS_FR",
    "ROLE_LABELS_FR",
    "STATUS_LABELS_FR",
    "AlreadyExists",
    "AuditEvent",
    "ConflictRecord",
    "DecisionRecord",
    "EditConflict",
    "EntityType",
    "ImportResult",
    "NotFound",
    "Opinion",
    "OptionRow",
    "Outcome",
    "ProposalSummary",
    "ReadOnlyProposal",
    "Repository",
    "ReviewInput",
    "ReviewRecord",
    "Role",
    "Status",
    "StorageError",
    "StoredProposal",
    "StoredSettings",
    "UserRecord",
    "open_repository",
]


def open_repository(url: str | None = None) -> Repository:
    """A repository on `url` (default: `evaluation.config.database_url()`), migrated to the newest schema."""
    from evaluation.config import database_url
    from evaluation.storage.engine import make_engine
    from evaluation.storage.migrate import upgrade_to_head

    engine = make_engine(url or database_url())
    try:
        upgrade_to_head(engine)
    except BaseException:
        engine.dispose()
        raise
    return Repository(engine)
