"""Drop the `options` table: a copy of each proposal's options that nothing read (the documents in
`proposals.content` hold them, and the engine reads those).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_options_model", table_name="options")
    op.drop_index("ix_options_kind", table_name="options")
    op.drop_table("options")


def downgrade() -> None:
    """Recreate the table as 0001 made it, filled again from the stored documents."""
    options = op.create_table(
        "options",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
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
    proposals = sa.table("proposals", sa.column("id", sa.String()),
                         sa.column("content", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")))
    rows: list[dict[str, Any]] = [
        {"proposal_id": proposal_id, "position": position, "name": option["name"], "kind": option["kind"],
         "provider": option.get("provider"), "model": option.get("model"), "zone": option.get("zone")}
        for proposal_id, content in op.get_bind().execute(sa.select(proposals.c.id, proposals.c.content))
        for position, option in enumerate(content.get("options") or [])
    ]
    if rows:
        op.bulk_insert(options, rows)
