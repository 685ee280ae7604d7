"""Sign-in throttle kept in the database: failed sign-ins of unknown logins and of known browsers were
counted in each server's memory, so that several dashboard servers sharing one PostgreSQL each allowed their
own attempts (issue 19).

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_sign_in_throttle"),
    )
    op.create_index("ix_sign_in_throttle_updated_at", "sign_in_throttle", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_sign_in_throttle_updated_at", table_name="sign_in_throttle")
    op.drop_table("sign_in_throttle")
