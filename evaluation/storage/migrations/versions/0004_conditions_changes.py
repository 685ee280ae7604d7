"""The conditions of an "approuvé sous conditions" decision (`decision_conditions`), and the fields each
audit event changed (`audit_events.changes`).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "decision_conditions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("proposal_id", sa.String(80), nullable=False),
        sa.Column("decision_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("met_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("met_by", sa.String(100), nullable=True),
        sa.Column("met_comment", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_decision_conditions"),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], name="fk_decision_conditions_proposal_id_proposals"),
        sa.ForeignKeyConstraint(["decision_id"], ["decisions.id"], name="fk_decision_conditions_decision_id_decisions"),
    )
    op.create_index("ix_decision_conditions_proposal_id", "decision_conditions", ["proposal_id"])
    op.create_index("ix_decision_conditions_decision_id", "decision_conditions", ["decision_id"])
    op.create_index("ix_decision_conditions_open_due", "decision_conditions", ["met_at", "due_date"])
    # A plain ADD COLUMN on both backends: the append-only triggers of audit_events stay in place.
    op.add_column("audit_events", sa.Column(
        "changes", sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql"),
        nullable=True))


def downgrade() -> None:
    # SQLite drops a column by rebuilding the table, which would lose the append-only triggers: the column
    # is dropped in place where the backend can (PostgreSQL; SQLite 3.35+ has ALTER TABLE DROP COLUMN).
    op.execute("ALTER TABLE audit_events DROP COLUMN changes")
    op.drop_index("ix_decision_conditions_open_due", table_name="decision_conditions")
    op.drop_index("ix_decision_conditions_decision_id", table_name="decision_conditions")
    op.drop_index("ix_decision_conditions_proposal_id", table_name="decision_conditions")
    op.drop_table("decision_conditions")
