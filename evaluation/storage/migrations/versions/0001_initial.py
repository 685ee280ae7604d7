"""Initial schema: proposals, options, reviews, decisions, audit trail, edit conflicts, settings, users.

Revision ID: 0001
Revises:
Create Date: 2025-11-21
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ("brouillon", "soumis", "en_revue", "avis_rendu", "decide")
OUTCOMES = ("approuve", "approuve_sous_conditions", "rejete", "ajourne")
OPINIONS = ("favorable", "favorable_sous_reserve", "defavorable")
ENTITY_TYPES = ("proposal", "review", "decision", "settings", "user")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _time() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "proposals",
        sa.Column("id", sa.String(80), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("direction", sa.String(200), nullable=False),
        sa.Column("sponsor", sa.String(200), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("outcome", sa.String(30), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.String(80), nullable=True),
        sa.Column("content", _json(), nullable=False),
        sa.Column("created_at", _time(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_at", _time(), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_proposals"),
        sa.ForeignKeyConstraint(["parent_id"], ["proposals.id"], name="fk_proposals_parent_id_proposals"),
        sa.CheckConstraint(_one_of("status", STATUSES), name="ck_proposals_status"),
        sa.CheckConstraint(f"outcome IS NULL OR {_one_of('outcome', OUTCOMES)}", name="ck_proposals_outcome"),
        sa.CheckConstraint("version >= 1", name="ck_proposals_version"),
    )
    for column in ("status", "direction", "category", "updated_at", "created_by", "parent_id"):
        op.create_index(f"ix_proposals_{column}", "proposals", [column])

    op.create_table(
        "options",
        sa.Column("id", _id(), autoincrement=True, nullable=False),
        sa.Column("proposal_id", sa.String(80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("provider", sa.String(100), nullable=True),
        sa.Column("model", sa.String(200), nullable=True),
        sa.Column("zone", sa.String(3), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_options"),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], name="fk_options_proposal_id_proposals",
                                ondelete="CASCADE"),
        sa.UniqueConstraint("proposal_id", "position", name="uq_options_proposal_position"),
    )
    op.create_index("ix_options_kind", "options", ["kind"])
    op.create_index("ix_options_model", "options", ["model"])

    op.create_table(
        "reviews",
        sa.Column("id", _id(), autoincrement=True, nullable=False),
        sa.Column("proposal_id", sa.String(80), nullable=False),
        sa.Column("proposal_version", sa.Integer(), nullable=False),
        sa.Column("option_name", sa.String(200), nullable=False),
        sa.Column("opinion", sa.String(30), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("created_at", _time(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], name="fk_reviews_proposal_id_proposals"),
        sa.CheckConstraint(_one_of("opinion", OPINIONS), name="ck_reviews_opinion"),
    )
    op.create_index("ix_reviews_proposal_id", "reviews", ["proposal_id"])

    op.create_table(
        "decisions",
        sa.Column("id", _id(), autoincrement=True, nullable=False),
        sa.Column("proposal_id", sa.String(80), nullable=False),
        sa.Column("proposal_version", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(30), nullable=False),
        sa.Column("motivation", sa.Text(), nullable=False),
        sa.Column("acknowledged", _json(), nullable=False),
        sa.Column("evaluation", _json(), nullable=False),
        sa.Column("settings", _json(), nullable=False),
        sa.Column("method_versions", _json(), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("created_at", _time(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_decisions"),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], name="fk_decisions_proposal_id_proposals"),
        sa.CheckConstraint(_one_of("outcome", OUTCOMES), name="ck_decisions_outcome"),
    )
    op.create_index("ix_decisions_proposal_id", "decisions", ["proposal_id"])

    op.create_table(
        "audit_events",
        sa.Column("id", _id(), autoincrement=True, nullable=False),
        sa.Column("at", _time(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("entity_type", sa.String(20), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("proposal_id", sa.String(80), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("before", _json(), nullable=True),
        sa.Column("after", _json(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
        sa.CheckConstraint(_one_of("entity_type", ENTITY_TYPES), name="ck_audit_events_entity_type"),
    )
    op.create_index("ix_audit_events_entity", "audit_events", ["entity_type", "entity_id"])
    op.create_index("ix_audit_events_proposal_id", "audit_events", ["proposal_id"])

    op.create_table(
        "edit_conflicts",
        sa.Column("id", _id(), autoincrement=True, nullable=False),
        sa.Column("entity_type", sa.String(20), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("expected_version", sa.Integer(), nullable=True),
        sa.Column("stored_version", sa.Integer(), nullable=False),
        sa.Column("content", _json(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("created_at", _time(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_edit_conflicts"),
        sa.CheckConstraint(_one_of("entity_type", ENTITY_TYPES), name="ck_edit_conflicts_entity_type"),
    )
    op.create_index("ix_edit_conflicts_entity", "edit_conflicts", ["entity_type", "entity_id"])

    op.create_table(
        "settings_store",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("document", _json(), nullable=False),
        sa.Column("created_at", _time(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("version", name="pk_settings_store"),
    )

    op.create_table(
        "users",
        sa.Column("id", _id(), autoincrement=True, nullable=False),
        sa.Column("login", sa.String(100), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("roles", _json(), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False),
        sa.Column("locked_until", _time(), nullable=True),
        sa.Column("last_sign_in_at", _time(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", _time(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_at", _time(), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("login", name="uq_users_login"),
    )

    _forbid_audit_changes()


def _forbid_audit_changes() -> None:
    """The audit trail is append-only: the database itself rejects UPDATE and DELETE on it."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"
        )
    else:
        for operation in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_events_no_{operation.lower()} BEFORE {operation} ON audit_events "
                "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    for table in ("users", "settings_store", "edit_conflicts", "audit_events", "decisions", "reviews", "options",
                  "proposals"):
        op.drop_table(table)
