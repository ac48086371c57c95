"""quarantined messages: encrypted originals of removed messages, kept briefly for restore

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quarantined_messages",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("slack_channel_id", sa.String(length=32), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=False),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("repost_ts", sa.String(length=32), nullable=True),
        sa.Column("poster", sa.String(length=32), nullable=False),
        sa.Column("pii_types", sa.String(length=100), nullable=False),
        sa.Column("text_enc", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantined_messages")),
    )
    op.create_index(
        op.f("ix_quarantined_messages_expires_at"), "quarantined_messages", ["expires_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_quarantined_messages_expires_at"), table_name="quarantined_messages")
    op.drop_table("quarantined_messages")
