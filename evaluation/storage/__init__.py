"""Persistence of proposals, reviews, decisions, settings, accounts and the audit trail (SQLite or
PostgreSQL).

`open_repository()` creates the database if needed, migrates it to the newest schema and returns a
`Repository` (evaluation.storage.repository: one small repository per aggregate, composed); see
docs/storage-api.md.

The names below are imported on first use (PEP 562): `evaluation.storage.account_count` and the sign-in
page's first draw read the database without loading the repositories and the models they store.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from evaluation.storage.database import plain_json
    from evaluation.storage.repository import Repository
    from evaluation.storage.stored import (
        AlreadyExists,
        AuditEvent,
        ConditionAlreadyMet,
        ConditionInput,
        DecisionSummary,
        EditConflict,
        FieldChange,
        ImportResult,
        NotFound,
        PortfolioSource,
        PortfolioVersion,
        ProposalSummary,
        ReadOnlyProposal,
        RegisterPublication,
        ReviewInProgress,
        ReviewInput,
        StorageError,
        StoredActualImport,
        StoredActualPeriod,
        StoredAutosave,
        StoredCondition,
        StoredConflict,
        StoredCurrentUse,
        StoredDecision,
        StoredProposal,
        StoredRegisterEntry,
        StoredReview,
        StoredServiceChange,
        StoredSettings,
        StoredUser,
    )

__all__ = [
    "AlreadyExists",
    "AuditEvent",
    "StoredActualImport",
    "StoredActualPeriod",
    "StoredAutosave",
    "ConditionAlreadyMet",
    "ConditionInput",
    "DecisionSummary",
    "FieldChange",
    "StoredCondition",
    "StoredConflict",
    "StoredCurrentUse",
    "StoredDecision",
    "EditConflict",
    "ImportResult",
    "NotFound",
    "PortfolioSource",
    "PortfolioVersion",
    "ProposalSummary",
    "ReadOnlyProposal",
    "RegisterPublication",
    "ReviewInProgress",
    "Repository",
    "ReviewInput",
    "StoredReview",
    "StorageError",
    "StoredProposal",
    "StoredServiceChange",
    "StoredRegisterEntry",
    "StoredSettings",
    "StoredUser",
    "open_repository",
    "plain_json",
]

_HOMES = {"plain_json": "evaluation.storage.database", "Repository": "evaluation.storage.repository"}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module when first asked for (then kept here)."""
    if name not in __all__ or name == "open_repository":
        raise AttributeError(f"module 'evaluation.storage' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES.get(name, "evaluation.storage.stored")), name)
    globals()[name] = value
    return value


def open_repository(url: str | None = None) -> Repository:
    """A repository on `url` (default: `evaluation.config.database_url()`), migrated to the newest schema."""
    from evaluation.config import database_url
    from evaluation.storage.database import make_engine
    from evaluation.storage.migrate import upgrade_to_head
    from evaluation.storage.repository import Repository

    engine = make_engine(url or database_url())
    try:
        upgrade_to_head(engine)
    except BaseException:
        engine.dispose()
        raise
    return Repository(engine)
