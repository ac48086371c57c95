"""quarantined files: encrypted originals of shared files removed for PII, kept briefly for restore

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quarantined_files",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("slack_channel_id", sa.String(length=32), nullable=False),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("file_id", sa.String(length=32), nullable=False),
        sa.Column("copy_file_id", sa.String(length=32), nullable=True),
        sa.Column("poster", sa.String(length=32), nullable=False),
        sa.Column("pii_types", sa.String(length=100), nullable=False),
        sa.Column("name_enc", sa.LargeBinary(), nullable=False),
        sa.Column("content_enc", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantined_files")),
    )
    op.create_index(
        op.f("ix_quarantined_files_expires_at"), "quarantined_files", ["expires_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_quarantined_files_expires_at"), table_name="quarantined_files")
    op.drop_table("quarantined_files")
