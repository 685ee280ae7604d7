"""The database tables (SQLAlchemy 2.0 typed declarative); they never leave evaluation.storage."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

STATUSES = ("brouillon", "soumis", "en_revue", "avis_rendu", "decide")
OUTCOMES = ("approuve", "approuve_sous_conditions", "rejete", "ajourne")
OPINIONS = ("favorable", "favorable_sous_reserve", "defavorable")
ENTITY_TYPES = ("proposal", "review", "decision", "settings", "user", "register_entry", "current_use")
CURRENT_USE_STATUSES = ("non_evalue", "en_evaluation")
REGISTER_STATUSES = ("brouillon", "relue", "publiee", "retiree")
ROLES = ("porteur", "dsi", "elu", "admin")
SERVICE_STATUSES = ("en_service", "suspendu", "arrete")
ACTUAL_SOURCES = ("openai", "anthropic", "codecarbon", "csv")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite stores it naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: pass a timezone-aware datetime")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


# JSON on SQLite (text), JSONB on PostgreSQL; SQL NULL (not JSON null) for None.
JsonDocument = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
# 64-bit ids on PostgreSQL; SQLite only auto-increments an INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ProposalRow(Base):
    """A proposal: columns for listing and filtering, the validated document in `content`."""

    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        CheckConstraint(f"outcome IS NULL OR {_one_of('outcome', OUTCOMES)}", name="outcome"),
        CheckConstraint("version >= 1", name="version"),
        Index("ix_proposals_status", "status"),
        Index("ix_proposals_direction", "direction"),
        Index("ix_proposals_category", "category"),
        Index("ix_proposals_updated_at", "updated_at"),
        # Read on every page run (Repository.portfolio_version: count and sum of versions): without it, a scan of
        # the table and its documents (8 ms at 10,000 proposals with SQLite), with it a scan of this index (0.3 ms).
        Index("ix_proposals_version", "version"),
        Index("ix_proposals_created_by", "created_by"),
        Index("ix_proposals_parent_id", "parent_id"),
    )

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    direction: Mapped[str] = mapped_column(String(200), default="")
    sponsor: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[str | None] = mapped_column(String(80), ForeignKey("proposals.id"))
    content: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(100))


class ReviewRow(Base):
    """An opinion (avis DSI) on one option of a proposal."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint(_one_of("opinion", OPINIONS), name="opinion"),
        Index("ix_reviews_proposal_id", "proposal_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    proposal_id: Mapped[str] = mapped_column(String(80), ForeignKey("proposals.id"))
    proposal_version: Mapped[int] = mapped_column(Integer)
    option_name: Mapped[str] = mapped_column(String(200))
    # The option as reviewed (sha256 of its validated content): an opinion counts for that content only.
    # NULL on opinions given before migration 0004 (they count while an option of that name exists).
    option_digest: Mapped[str | None] = mapped_column(String(64))
    opinion: Mapped[str] = mapped_column(String(30))
    comment: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class DecisionRow(Base):
    """A decision by the élus, with the evaluation it was taken on, frozen."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint(_one_of("outcome", OUTCOMES), name="outcome"),
        Index("ix_decisions_proposal_id", "proposal_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    proposal_id: Mapped[str] = mapped_column(String(80), ForeignKey("proposals.id"))
    proposal_version: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(30))
    chosen_option: Mapped[str | None] = mapped_column(String(200))
    motivation: Mapped[str] = mapped_column(Text)
    acknowledged: Mapped[Any] = mapped_column(JsonDocument)
    evaluation: Mapped[Any] = mapped_column(JsonDocument)
    settings: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    method_versions: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class ConditionRow(Base):
    """A condition of an "approuvé sous conditions" decision: who must meet it and by when, and when it was met."""

    __tablename__ = "decision_conditions"
    __table_args__ = (
        Index("ix_decision_conditions_proposal_id", "proposal_id"),
        Index("ix_decision_conditions_decision_id", "decision_id"),
        Index("ix_decision_conditions_open_due", "met_at", "due_date"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    proposal_id: Mapped[str] = mapped_column(String(80), ForeignKey("proposals.id"))
    decision_id: Mapped[int] = mapped_column(BigId, ForeignKey("decisions.id"))
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[dt.date] = mapped_column(Date)
    met_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    met_by: Mapped[str | None] = mapped_column(String(100))
    met_comment: Mapped[str | None] = mapped_column(Text)


class AuditEventRow(Base):
    """Append-only trail: who changed what, when, before and after."""

    __tablename__ = "audit_events"
    __table_args__ = (
        CheckConstraint(_one_of("entity_type", ENTITY_TYPES), name="entity_type"),
        Index("ix_audit_events_entity", "entity_type", "entity_id"),
        Index("ix_audit_events_proposal_id", "proposal_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(100))
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(200))
    proposal_id: Mapped[str | None] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    before: Mapped[Any | None] = mapped_column(JsonDocument, nullable=True)
    after: Mapped[Any | None] = mapped_column(JsonDocument, nullable=True)
    # The fields changed, [{"field": "options[1].usage.users", "before": 20, "after": 40}, ...]; NULL on
    # events written before migration 0004 (read back from before/after).
    changes: Mapped[Any | None] = mapped_column(JsonDocument, nullable=True)


class EditConflictRow(Base):
    """The content of a save refused because someone saved first, kept so that nothing is lost."""

    __tablename__ = "edit_conflicts"
    __table_args__ = (
        CheckConstraint(_one_of("entity_type", ENTITY_TYPES), name="entity_type"),
        Index("ix_edit_conflicts_entity", "entity_type", "entity_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(200))
    expected_version: Mapped[int | None] = mapped_column(Integer)
    stored_version: Mapped[int] = mapped_column(Integer)
    content: Mapped[Any] = mapped_column(JsonDocument)
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class SettingsRow(Base):
    """One version of the collectivité's settings document; the highest version is current."""

    __tablename__ = "settings_store"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(100))


class UserRow(Base):
    """An account: roles, an argon2 password hash, and the sign-in throttle state."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    roles: Mapped[Any] = mapped_column(JsonDocument)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(100))


class FormAutosaveRow(Base):
    """What a person typed in the proposal form and has not saved, kept as they type: one row per person and
    proposal ("new" for a proposal not yet created), apart from the stored versions and their audit trail."""

    __tablename__ = "form_autosaves"
    __table_args__ = (Index("ix_form_autosaves_proposal_key", "proposal_key"),)

    login: Mapped[str] = mapped_column(String(100), primary_key=True)
    proposal_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    base_version: Mapped[int | None] = mapped_column(Integer)  # the stored version the typing started from
    content: Mapped[Any] = mapped_column(JsonDocument)
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class SignInThrottleRow(Base):
    """Failed sign-ins not tied to an account row: unknown logins (so that they answer as known ones do) and
    known browsers (device proofs). Shared by every dashboard server on the database; the key is a SHA-256
    of what was typed or held, never the text itself."""

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)


class UserPreferenceRow(Base):
    """A person's preferences that follow them from browser to browser (the language of the dashboard)."""

    __tablename__ = "user_preferences"

    login: Mapped[str] = mapped_column(String(100), primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
class RegisterEntryRow(Base):
    """An entry of the public register, made from an approved proposal's retained option: the content the
    DSI completes (`content`), the figures approved with the decision (`figures`), its status, and which
    publication is public (`public_revision`, NULL while none is or once withdrawn)."""

    __tablename__ = "register_entries"
    __table_args__ = (
        CheckConstraint(_one_of("status", REGISTER_STATUSES), name="status"),
        CheckConstraint("version >= 1", name="version"),
        Index("ix_register_entries_status", "status"),
    )

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    proposal_id: Mapped[str] = mapped_column(String(80), ForeignKey("proposals.id"), unique=True)
    option_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    figures: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    public_revision: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(100))


class RegisterPublicationRow(Base):
    """One publication (revision) of a register entry: the public document exactly as published, kept."""

    __tablename__ = "register_publications"
    __table_args__ = (CheckConstraint("revision >= 1", name="revision"),)

    entry_id: Mapped[str] = mapped_column(String(80), ForeignKey("register_entries.id"), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    published_by: Mapped[str] = mapped_column(String(100))


class CurrentUseRow(Base):
    """An AI a service already uses without an evaluation (shadow AI), as declared; never published."""

    __tablename__ = "current_uses"
    __table_args__ = (
        CheckConstraint(_one_of("status", CURRENT_USE_STATUSES), name="status"),
        Index("ix_current_uses_status", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    service: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    declaration: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    proposal_id: Mapped[str | None] = mapped_column(String(80), ForeignKey("proposals.id"))
    version: Mapped[int] = mapped_column(Integer)
    declared_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    declared_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(100))


class ServiceEventRow(Base):
    """A change of an approved option's service status (en service, suspendu, arrêté), effective on a date."""

    __tablename__ = "service_events"
    __table_args__ = (
        CheckConstraint(_one_of("status", SERVICE_STATUSES), name="status"),
        Index("ix_service_events_proposal_option", "proposal_id", "option_name"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    proposal_id: Mapped[str] = mapped_column(String(80), ForeignKey("proposals.id"))
    option_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    effective_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class ActualImportRow(Base):
    """One imported file of actual usage for an option: what it held and what it changed."""

    __tablename__ = "actual_imports"
    __table_args__ = (
        CheckConstraint(_one_of("source", ACTUAL_SOURCES), name="source"),
        Index("ix_actual_imports_proposal_option", "proposal_id", "option_name"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    proposal_id: Mapped[str] = mapped_column(String(80), ForeignKey("proposals.id"))
    option_name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(255))
    content_sha256: Mapped[str] = mapped_column(String(64))
    periods: Mapped[int] = mapped_column(Integer)
    added: Mapped[int] = mapped_column(Integer)
    replaced: Mapped[int] = mapped_column(Integer)
    unchanged: Mapped[int] = mapped_column(Integer)
    unmapped_models: Mapped[Any] = mapped_column(JsonDocument)
    method_versions: Mapped[Any] = mapped_column(JsonDocument)
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class ActualPeriodRow(Base):
    """One period of an option's actual usage; (proposal, option, source, key) is unique, so importing the
    same data again replaces the period instead of counting it twice."""

    __tablename__ = "actual_periods"
    __table_args__ = (
        CheckConstraint(_one_of("source", ACTUAL_SOURCES), name="source"),
        CheckConstraint("period_end > period_start", name="period_order"),
        UniqueConstraint("proposal_id", "option_name", "source", "period_key", name="uq_actual_periods_key"),
        Index("ix_actual_periods_proposal_option_start", "proposal_id", "option_name", "period_start"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    import_id: Mapped[int] = mapped_column(BigId, ForeignKey("actual_imports.id"))
    proposal_id: Mapped[str] = mapped_column(String(80), ForeignKey("proposals.id"))
    option_name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(20))
    period_key: Mapped[str] = mapped_column(String(400))
    period_start: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    period_end: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    model: Mapped[str | None] = mapped_column(String(200))
    requests: Mapped[int | None] = mapped_column(BigInteger)
    input_tokens: Mapped[int | None] = mapped_column(BigInteger)
    output_tokens: Mapped[int | None] = mapped_column(BigInteger)
    energy_kwh: Mapped[float | None] = mapped_column(Double)
    cost_eur: Mapped[float | None] = mapped_column(Double)
    duration_s: Mapped[float | None] = mapped_column(Double)
    emissions_kgco2eq: Mapped[float | None] = mapped_column(Double)
    zone: Mapped[str | None] = mapped_column(String(3))


class CookieCodeRow(Base):
    """A cookie waiting for its browser: a short-lived, single-use code the page's script hands to the server's
    cookie route (ui/cookie_routes.py), which answers with the cookie (HttpOnly). Kept in the database so that
    any dashboard server on it can answer. The key is the code's SHA-256; the value is sealed with the code
    (ui/auth_tokens.py), so that the table alone gives no usable cookie."""

    __tablename__ = "cookie_codes"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    sealed: Mapped[str] = mapped_column(Text)
    cookie_expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())  # the cookie's own (absolute) end
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)  # the code's end


class RememberedSignInRow(Base):
    """A browser kept signed in across reloads (its HttpOnly cookie's token, ui/auth_tokens.py): the account it
    stands for, as the session read it at sign-in. Kept in the database so that every dashboard server on it
    knows the browser (a restart or a failover behind the proxy keeps it signed in). The key is the token's
    SHA-256, never the token; forgotten on sign-out, after inactivity, at the end of its lifetime, and when
    the account changes."""

    __tablename__ = "remembered_sign_ins"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    login: Mapped[str] = mapped_column(String(100), index=True)
    account: Mapped[str] = mapped_column(Text)  # JSON: the session's copy of the account (no password, no hash)
    created: Mapped[float] = mapped_column(Double)  # epoch seconds: the sign-in
    last_activity: Mapped[float] = mapped_column(Double, index=True)  # epoch seconds
