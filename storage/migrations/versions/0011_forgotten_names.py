"""forgotten names: keyed digests of de-identified clients' old name forms, tied to no record

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "forgotten_names",
        sa.Column("digest", sa.LargeBinary(length=16), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_forgotten_names")),
    )


def downgrade() -> None:
    op.drop_table("forgotten_names")
