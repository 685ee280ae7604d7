"""After the decision: service status events of approved options, imported files of actual usage and
their periods.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SERVICE_STATUSES = ("en_service", "suspendu", "arrete")
ACTUAL_SOURCES = ("openai", "anthropic", "codecarbon", "csv")


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
        "service_events",
        sa.Column("id", _id(), autoincrement=True, nullable=False),
        sa.Column("proposal_id", sa.String(80), nullable=False),
        sa.Column("option_name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("created_at", _time(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_service_events"),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], name="fk_service_events_proposal_id_proposals"),
        sa.CheckConstraint(_one_of("status", SERVICE_STATUSES), name="ck_service_events_status"),
    )
    op.create_index("ix_service_events_proposal_option", "service_events", ["proposal_id", "option_name"])

    op.create_table(
        "actual_imports",
        sa.Column("id", _id(), autoincrement=True, nullable=False),
        sa.Column("proposal_id", sa.String(80), nullable=False),
        sa.Column("option_name", sa.String(200), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("periods", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("replaced", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("unmapped_models", _json(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("created_at", _time(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_actual_imports"),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], name="fk_actual_imports_proposal_id_proposals"),
        sa.CheckConstraint(_one_of("source", ACTUAL_SOURCES), name="ck_actual_imports_source"),
    )
    op.create_index("ix_actual_imports_proposal_option", "actual_imports", ["proposal_id", "option_name"])

    op.create_table(
        "actual_periods",
        sa.Column("id", _id(), autoincrement=True, nullable=False),
        sa.Column("import_id", _id(), nullable=False),
        sa.Column("proposal_id", sa.String(80), nullable=False),
        sa.Column("option_name", sa.String(200), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("period_key", sa.String(400), nullable=False),
        sa.Column("period_start", _time(), nullable=False),
        sa.Column("period_end", _time(), nullable=False),
        sa.Column("model", sa.String(200), nullable=True),
        sa.Column("requests", sa.BigInteger(), nullable=True),
        sa.Column("input_tokens", sa.BigInteger(), nullable=True),
        sa.Column("output_tokens", sa.BigInteger(), nullable=True),
        sa.Column("energy_kwh", sa.Double(), nullable=True),
        sa.Column("cost_eur", sa.Double(), nullable=True),
        sa.Column("duration_s", sa.Double(), nullable=True),
        sa.Column("emissions_kgco2eq", sa.Double(), nullable=True),
        sa.Column("zone", sa.String(3), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_actual_periods"),
        sa.ForeignKeyConstraint(["import_id"], ["actual_imports.id"], name="fk_actual_periods_import_id_actual_imports"),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], name="fk_actual_periods_proposal_id_proposals"),
        sa.CheckConstraint(_one_of("source", ACTUAL_SOURCES), name="ck_actual_periods_source"),
        sa.CheckConstraint("period_end > period_start", name="ck_actual_periods_period_order"),
        sa.UniqueConstraint("proposal_id", "option_name", "source", "period_key", name="uq_actual_periods_key"),
    )
    op.create_index("ix_actual_periods_proposal_option_start", "actual_periods",
                    ["proposal_id", "option_name", "period_start"])


def downgrade() -> None:
    op.drop_table("actual_periods")
    op.drop_table("actual_imports")
    op.drop_table("service_events")
