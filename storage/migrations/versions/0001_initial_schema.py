"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("participating", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agencies")),
        sa.UniqueConstraint("slug", name=op.f("uq_agencies_slug")),
    )
    op.create_table(
        "audit_events",
        sa.Column(
            "seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=False, nullable=False
        ),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("chain_hash", name=op.f("uq_audit_events_chain_hash")),
    )
    op.create_index(op.f("ix_audit_events_action"), "audit_events", ["action"], unique=False)
    op.create_index(op.f("ix_audit_events_client_id"), "audit_events", ["client_id"], unique=False)

    op.create_table(
        "channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slack_channel_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("meeting_policy", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("added_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channels")),
        sa.UniqueConstraint("slack_channel_id", name=op.f("uq_channels_slack_channel_id")),
    )
    op.create_table(
        "keyring",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.Column("kek_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rotated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_keyring")),
    )
    op.create_table(
        "clients",
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("first_name_enc", sa.LargeBinary(), nullable=True),
        sa.Column("middle_name_enc", sa.LargeBinary(), nullable=True),
        sa.Column("last_name_enc", sa.LargeBinary(), nullable=True),
        sa.Column("name_suffix_enc", sa.LargeBinary(), nullable=True),
        sa.Column("ssn_enc", sa.LargeBinary(), nullable=True),
        sa.Column("dob_enc", sa.LargeBinary(), nullable=True),
        sa.Column("phone_enc", sa.LargeBinary(), nullable=True),
        sa.Column("email_enc", sa.LargeBinary(), nullable=True),
        sa.Column("address_enc", sa.LargeBinary(), nullable=True),
        sa.Column("name_data_quality", sa.Integer(), nullable=False),
        sa.Column("ssn_data_quality", sa.Integer(), nullable=False),
        sa.Column("dob_data_quality", sa.Integer(), nullable=False),
        sa.Column("demographics", sa.JSON(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("ssn_bidx", sa.LargeBinary(length=32), nullable=True),
        sa.Column("dob_bidx", sa.LargeBinary(length=32), nullable=True),
        sa.Column("name_dob_bidx", sa.LargeBinary(length=32), nullable=True),
        sa.Column("source_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_clients_agency_id_agencies")),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_clients")),
    )
    op.create_index(op.f("ix_clients_dob_bidx"), "clients", ["dob_bidx"], unique=False)
    op.create_index(op.f("ix_clients_name_dob_bidx"), "clients", ["name_dob_bidx"], unique=False)
    op.create_index(op.f("ix_clients_ssn_bidx"), "clients", ["ssn_bidx"], unique=False)

    op.create_table(
        "mous",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_a_id", sa.Integer(), nullable=False),
        sa.Column("agency_b_id", sa.Integer(), nullable=False),
        sa.Column("approved_by", sa.String(length=64), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("agency_a_id < agency_b_id", name=op.f("ck_mous_pair_ordered")),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name=op.f("ck_mous_dates_ordered")),
        sa.ForeignKeyConstraint(["agency_a_id"], ["agencies.id"], name=op.f("fk_mous_agency_a_id_agencies")),
        sa.ForeignKeyConstraint(["agency_b_id"], ["agencies.id"], name=op.f("fk_mous_agency_b_id_agencies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mous")),
    )
    op.create_index("ix_mous_pair", "mous", ["agency_a_id", "agency_b_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slack_user_id", sa.String(length=32), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "member",
                "coordinator",
                "supervisor",
                "hmis_admin",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_users_agency_id_agencies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("slack_user_id", name=op.f("uq_users_slack_user_id")),
    )
    op.create_table(
        "client_keys",
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=True),
        sa.Column("kek_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("destroyed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.client_id"], name=op.f("fk_client_keys_client_id_clients")
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_client_keys")),
    )
    op.create_index(op.f("ix_client_keys_kek_id"), "client_keys", ["kek_id"], unique=False)

    op.create_table(
        "client_name_index",
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("digest", sa.LargeBinary(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.client_id"], name=op.f("fk_client_name_index_client_id_clients")
        ),
        sa.PrimaryKeyConstraint("client_id", "digest", name=op.f("pk_client_name_index")),
    )
    op.create_index("ix_client_name_index_digest", "client_name_index", ["digest"], unique=False)

    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("share", sa.Boolean(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("granted_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name=op.f("ck_consents_dates_ordered")),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_consents_agency_id_agencies")),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.client_id"], name=op.f("fk_consents_client_id_clients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    op.create_index(op.f("ix_consents_client_id"), "consents", ["client_id"], unique=False)


def downgrade() -> None:

    op.drop_index(op.f("ix_consents_client_id"), table_name="consents")

    op.drop_table("consents")
    op.drop_index("ix_client_name_index_digest", table_name="client_name_index")

    op.drop_table("client_name_index")
    op.drop_index(op.f("ix_client_keys_kek_id"), table_name="client_keys")

    op.drop_table("client_keys")
    op.drop_table("users")
    op.drop_index("ix_mous_pair", table_name="mous")

    op.drop_table("mous")
    op.drop_index(op.f("ix_clients_ssn_bidx"), table_name="clients")
    op.drop_index(op.f("ix_clients_name_dob_bidx"), table_name="clients")
    op.drop_index(op.f("ix_clients_dob_bidx"), table_name="clients")

    op.drop_table("clients")
    op.drop_table("keyring")
    op.drop_table("channels")
    op.drop_index(op.f("ix_audit_events_client_id"), table_name="audit_events")
    op.drop_index(op.f("ix_audit_events_action"), table_name="audit_events")

    op.drop_table("audit_events")
    op.drop_table("agencies")
