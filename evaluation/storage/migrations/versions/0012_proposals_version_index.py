"""An index on the proposals' version: the data version every page run reads (Repository.portfolio_version,
count and sum of the versions) is then read from the index, not from the table and its documents (issue 18).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_proposals_version", "proposals", ["version"])


def downgrade() -> None:
    op.drop_index("ix_proposals_version", table_name="proposals")
