"""quarantined messages keep their hidden spans (encrypted), so a restore can put back only some of them

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

A row written before this revision has no spans and can no longer be restored; such rows live for
``CASEBOT_QUARANTINE_MINUTES`` only, and are purged as usual.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quarantined_messages") as batch:
        batch.add_column(sa.Column("spans_enc", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("quarantined_messages") as batch:
        batch.drop_column("spans_enc")
