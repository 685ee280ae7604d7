"""Remembered sign-ins: the tokens of browsers kept signed in across reloads, in the database so that every
dashboard server on it knows them (issue 19: a restart or a failover behind the proxy no longer signs out).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "remembered_sign_ins",
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("login", sa.String(100), nullable=False),
        sa.Column("account", sa.Text(), nullable=False),
        sa.Column("created", sa.Double(), nullable=False),
        sa.Column("last_activity", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("digest", name="pk_remembered_sign_ins"),
    )
    op.create_index("ix_remembered_sign_ins_login", "remembered_sign_ins", ["login"])
    op.create_index("ix_remembered_sign_ins_last_activity", "remembered_sign_ins", ["last_activity"])


def downgrade() -> None:
    op.drop_index("ix_remembered_sign_ins_last_activity", table_name="remembered_sign_ins")
    op.drop_index("ix_remembered_sign_ins_login", table_name="remembered_sign_ins")
    op.drop_table("remembered_sign_ins")
