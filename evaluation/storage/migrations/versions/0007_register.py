"""The public register of algorithms and AI: entries and their publications; the map of current uses
(shadow AI); the audit trail and the edit conflicts accept the `register_entry` and `current_use` entities.

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ENTITY_TYPES_BEFORE = ("proposal", "review", "decision", "settings", "user")
ENTITY_TYPES = (*ENTITY_TYPES_BEFORE, "register_entry", "current_use")
CURRENT_USE_STATUSES = ("non_evalue", "en_evaluation")
REGISTER_STATUSES = ("brouillon", "relue", "publiee", "retiree")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def _time() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _entity_types(values: tuple[str, ...]) -> None:
    """Replace the entity_type check of audit_events and edit_conflicts. On SQLite the table is rebuilt
    (batch mode), which drops audit_events' append-only triggers: they are created again."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in ("audit_events", "edit_conflicts"):
        name = f"ck_{table}_entity_type"
        if sqlite:
            if table == "audit_events":
                for operation in ("update", "delete"):
                    op.execute(f"DROP TRIGGER IF EXISTS audit_events_no_{operation}")
            with op.batch_alter_table(table, recreate="always") as batch:
                batch.drop_constraint(name, type_="check")
                batch.create_check_constraint(name, _one_of("entity_type", values))
        else:
            op.drop_constraint(name, table, type_="check")
            op.create_check_constraint(name, table, _one_of("entity_type", values))
    if sqlite:
        for operation in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_events_no_{operation.lower()} BEFORE {operation} ON audit_events "
                "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
            )


def upgrade() -> None:
    op.create_table(
        "register_entries",
        sa.Column("id", sa.String(80), nullable=False),
        sa.Column("proposal_id", sa.String(80), nullable=False),
        sa.Column("option_name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", _json(), nullable=False),
        sa.Column("figures", _json(), nullable=False),
        sa.Column("public_revision", sa.Integer(), nullable=True),
        sa.Column("created_at", _time(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_at", _time(), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_register_entries"),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], name="fk_register_entries_proposal_id_proposals"),
        sa.UniqueConstraint("proposal_id", name="uq_register_entries_proposal_id"),
        sa.CheckConstraint(_one_of("status", REGISTER_STATUSES), name="ck_register_entries_status"),
        sa.CheckConstraint("version >= 1", name="ck_register_entries_version"),
    )
    op.create_index("ix_register_entries_status", "register_entries", ["status"])
    op.create_table(
        "register_publications",
        sa.Column("entry_id", sa.String(80), nullable=False),
        sa.Column("revision", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("document", _json(), nullable=False),
        sa.Column("published_at", _time(), nullable=False),
        sa.Column("published_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("entry_id", "revision", name="pk_register_publications"),
        sa.ForeignKeyConstraint(["entry_id"], ["register_entries.id"],
                                name="fk_register_publications_entry_id_register_entries"),
        sa.CheckConstraint("revision >= 1", name="ck_register_publications_revision"),
    )
    op.create_table(
        "current_uses",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("service", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("declaration", _json(), nullable=False),
        sa.Column("proposal_id", sa.String(80), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("declared_at", _time(), nullable=False),
        sa.Column("declared_by", sa.String(100), nullable=False),
        sa.Column("updated_at", _time(), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_current_uses"),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], name="fk_current_uses_proposal_id_proposals"),
        sa.CheckConstraint(_one_of("status", CURRENT_USE_STATUSES), name="ck_current_uses_status"),
    )
    op.create_index("ix_current_uses_status", "current_uses", ["status"])
    _entity_types(ENTITY_TYPES)


def downgrade() -> None:
    """The register's tables go; its audit events stay (the trail is append-only), so the entity check
    keeps accepting them."""
    op.drop_index("ix_current_uses_status", table_name="current_uses")
    op.drop_table("current_uses")
    op.drop_table("register_publications")
    op.drop_index("ix_register_entries_status", table_name="register_entries")
    op.drop_table("register_entries")
