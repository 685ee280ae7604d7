"""Persistence of proposals, reviews, decisions, settings, accounts and the audit trail (SQLite or
PostgreSQL).

`open_repository()` creates the database if needed, migrates it to the newest schema and returns a
`Repository` (evaluation.storage.repository: one small repository per aggregate, composed); see
docs/storage-api.md.
"""

from __future__ import annotations

from evaluation.storage.database import plain_json
from evaluation.storage.repository import Repository
from evaluation.storage.stored import (
    AlreadyExists,
    AuditEvent,
    ConditionAlreadyMet,
    ConditionInput,
    EditConflict,
    FieldChange,
    ImportResult,
    NotFound,
    PortfolioSource,
    PortfolioVersion,
    ProposalSummary,
    ReadOnlyProposal,
    ReviewInput,
    StorageError,
    StoredActualImport,
    StoredActualPeriod,
    StoredCondition,
    StoredConflict,
    StoredDecision,
    StoredProposal,
    StoredReview,
    StoredServiceChange,
    StoredSettings,
    StoredUser,
)

__all__ = [
    "AlreadyExists",
    "AuditEvent",
    "ConditionAlreadyMet",
    "ConditionInput",
    "FieldChange",
    "StoredCondition",
    "StoredActualImport",
    "StoredActualPeriod",
    "StoredConflict",
    "StoredDecision",
    "EditConflict",
    "ImportResult",
    "NotFound",
    "PortfolioSource",
    "PortfolioVersion",
    "ProposalSummary",
    "ReadOnlyProposal",
    "Repository",
    "ReviewInput",
    "StoredReview",
    "StorageError",
    "StoredProposal",
    "StoredServiceChange",
    "StoredSettings",
    "StoredUser",
    "open_repository",
    "plain_json",
]


def open_repository(url: str | None = None) -> Repository:
    """A repository on `url` (default: `evaluation.config.database_url()`), migrated to the newest schema."""
    from evaluation.config import database_url
    from evaluation.storage.database import make_engine
    from evaluation.storage.migrate import upgrade_to_head

    engine = make_engine(url or database_url())
    try:
        upgrade_to_head(engine)
    except BaseException:
        engine.dispose()
        raise
    return Repository(engine)
