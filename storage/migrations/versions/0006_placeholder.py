"""meeting links: per-channel meeting-link policy and created meetings (issue 7)

Reserved so features built in parallel keep one linear chain; rename the file when filled in.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
