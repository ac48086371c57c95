"""meeting links: meetings casebot created with a passcode and a waiting room (issue 7)

The per-channel meeting-link policy is ``channels.meeting_policy`` (since
0001); this revision adds the record of created meetings. No passcode and no
join link is stored, only the provider's meeting id and the key its join link
carries.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("provider_meeting_id", sa.String(length=64), nullable=False),
        sa.Column("link_key", sa.String(length=100), nullable=True),
        sa.Column("slack_channel_id", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    op.create_index("ix_meetings_provider_meeting", "meetings", ["provider", "provider_meeting_id"], unique=True)
    op.create_index("ix_meetings_provider_link_key", "meetings", ["provider", "link_key"])


def downgrade() -> None:
    op.drop_index("ix_meetings_provider_link_key", table_name="meetings")
    op.drop_index("ix_meetings_provider_meeting", table_name="meetings")
    op.drop_table("meetings")
