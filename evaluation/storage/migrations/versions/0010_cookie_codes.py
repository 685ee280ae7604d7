"""Cookie codes: the sign-in cookie is set HttpOnly by a server response (ui/cookie_routes.py) in exchange for
a short-lived single-use code the page's script posts; any dashboard server on the database can answer
(issue 19).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cookie_codes",
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("cookie_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("digest", name="pk_cookie_codes"),
    )
    op.create_index("ix_cookie_codes_expires_at", "cookie_codes", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_cookie_codes_expires_at", table_name="cookie_codes")
    op.drop_table("cookie_codes")
