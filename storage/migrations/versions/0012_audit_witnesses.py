"""audit witnesses: how far each witness has been sent signed checkpoints, and its failures

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    size = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "audit_witnesses",
        sa.Column("witness", sa.String(length=200), nullable=False),
        sa.Column("first_published", size, nullable=True),
        sa.Column("published_through", size, nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=64), nullable=True),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("witness", name=op.f("pk_audit_witnesses")),
    )


def downgrade() -> None:
    op.drop_table("audit_witnesses")
