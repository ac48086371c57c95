"""identity and sharing: TOTP enrollments, share-with-ROI/MOU marks, by-name lists and their posts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "totp_enrollments",
        sa.Column("slack_user_id", sa.String(length=32), nullable=False),
        sa.Column("secret_enc", sa.LargeBinary(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("slack_user_id", name=op.f("pk_totp_enrollments")),
    )
    op.create_table(
        "client_share_marks",
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("marked_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.client_id"], name=op.f("fk_client_share_marks_client_id_clients")
        ),
        sa.PrimaryKeyConstraint("client_id", "field", name=op.f("pk_client_share_marks")),
    )
    op.create_table(
        "bnl_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bnl_lists")),
        sa.UniqueConstraint("name", name=op.f("uq_bnl_lists_name")),
    )
    op.create_table(
        "bnl_entries",
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("assigned_agency_id", sa.Integer(), nullable=True),
        sa.Column("last_contact", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assigned_agency_id"], ["agencies.id"], name=op.f("fk_bnl_entries_assigned_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.client_id"], name=op.f("fk_bnl_entries_client_id_clients")
        ),
        sa.ForeignKeyConstraint(["list_id"], ["bnl_lists.id"], name=op.f("fk_bnl_entries_list_id_bnl_lists")),
        sa.PrimaryKeyConstraint("list_id", "client_id", name=op.f("pk_bnl_entries")),
    )
    op.create_table(
        "bnl_posts",
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("slack_channel_id", sa.String(length=32), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("posted_by", sa.String(length=32), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["list_id"], ["bnl_lists.id"], name=op.f("fk_bnl_posts_list_id_bnl_lists")),
        sa.PrimaryKeyConstraint("list_id", "slack_channel_id", name=op.f("pk_bnl_posts")),
    )


def downgrade() -> None:
    for table in ("bnl_posts", "bnl_entries", "bnl_lists", "client_share_marks", "totp_enrollments"):
        op.drop_table(table)
