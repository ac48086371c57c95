"""anonymous and de-identified clients: how each became anonymous, and merged client IDs

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "client_deidentifications",
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("deidentified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deidentified_by", sa.String(length=64), nullable=False),
        sa.Column("key_destroyed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("household_detached_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.client_id"], name=op.f("fk_client_deidentifications_client_id_clients")
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_client_deidentifications")),
    )
    op.create_table(
        "client_aliases",
        sa.Column("alias_id", sa.String(length=32), nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("merged_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["alias_id"], ["clients.client_id"], name=op.f("fk_client_aliases_alias_id_clients")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.client_id"], name=op.f("fk_client_aliases_client_id_clients")
        ),
        sa.PrimaryKeyConstraint("alias_id", name=op.f("pk_client_aliases")),
    )
    op.create_index(op.f("ix_client_aliases_client_id"), "client_aliases", ["client_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_client_aliases_client_id"), table_name="client_aliases")
    op.drop_table("client_aliases")
    op.drop_table("client_deidentifications")
