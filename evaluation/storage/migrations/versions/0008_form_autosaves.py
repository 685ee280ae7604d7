"""Form autosaves: what a person typed in the proposal form and has not saved, per person and proposal,
kept apart from the stored versions (issue 14: nothing typed is lost on a reload, a crash or a new sign-in);
and each person's language, kept across browsers.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "form_autosaves",
        sa.Column("login", sa.String(100), nullable=False),
        sa.Column("proposal_key", sa.String(80), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("content", sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True),
                                                                     "postgresql"), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("login", "proposal_key", name="pk_form_autosaves"),
    )
    op.create_index("ix_form_autosaves_proposal_key", "form_autosaves", ["proposal_key"])
    op.create_table(
        "user_preferences",
        sa.Column("login", sa.String(100), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("login", name="pk_user_preferences"),
    )


def downgrade() -> None:
    op.drop_table("user_preferences")
    op.drop_index("ix_form_autosaves_proposal_key", table_name="form_autosaves")
    op.drop_table("form_autosaves")
