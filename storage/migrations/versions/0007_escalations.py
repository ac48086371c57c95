"""escalations: held requests, the DMs sent about them, and user suspensions (issue 8)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requester", sa.String(length=32), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("client_ids", sa.JSON(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lead_notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_escalations_agency_id_agencies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalations")),
    )
    op.create_index(op.f("ix_escalations_status"), "escalations", ["status"])
    op.create_index(op.f("ix_escalations_requester"), "escalations", ["requester"])
    op.create_table(
        "escalation_messages",
        sa.Column("escalation_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["escalation_id"], ["escalations.id"], name=op.f("fk_escalation_messages_escalation_id_escalations")
        ),
        sa.PrimaryKeyConstraint("escalation_id", "recipient", name=op.f("pk_escalation_messages")),
    )
    op.create_table(
        "user_suspensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slack_user_id", sa.String(length=32), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=True),
        sa.Column("suspended_by", sa.String(length=64), nullable=False),
        sa.Column("suspended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lifted_by", sa.String(length=64), nullable=True),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["escalation_id"], ["escalations.id"], name=op.f("fk_user_suspensions_escalation_id_escalations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_suspensions")),
    )
    op.create_index(op.f("ix_user_suspensions_slack_user_id"), "user_suspensions", ["slack_user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_user_suspensions_slack_user_id"), table_name="user_suspensions")
    op.drop_table("user_suspensions")
    op.drop_table("escalation_messages")
    op.drop_index(op.f("ix_escalations_requester"), table_name="escalations")
    op.drop_index(op.f("ix_escalations_status"), table_name="escalations")
    op.drop_table("escalations")
