"""anonymous and de-identified clients (issue 9)

Reserved so features built in parallel keep one linear chain; rename the file when filled in.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22
"""

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
