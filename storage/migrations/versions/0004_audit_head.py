"""audit head: the chain tip in one row, so an append is one statement

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    last = (
        op.get_bind()
        .execute(sa.text("SELECT seq, chain_hash FROM audit_events ORDER BY seq DESC LIMIT 1"))
        .first()
    )
    seq, chain_hash = (last[0], last[1]) if last else (0, GENESIS)
    op.get_bind().execute(
        sa.text("INSERT INTO audit_head (id, seq, chain_hash) VALUES (1, :seq, :chain)"),
        {"seq": seq, "chain": chain_hash},
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head "
            "BEGIN SELECT RAISE(ABORT, 'the audit head cannot be deleted'); END"
        )
    elif dialect == "postgresql":
        op.execute(
            "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head "
            "FOR EACH ROW EXECUTE FUNCTION casebot_refuse_audit_change()"
        )
        op.execute(
            "CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head "
            "FOR EACH STATEMENT EXECUTE FUNCTION casebot_refuse_audit_change()"
        )


def downgrade() -> None:
    op.drop_table("audit_head")
