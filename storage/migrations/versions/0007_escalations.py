"""escalations: held requests and supervisor decisions (issue 8)

Reserved so features built in parallel keep one linear chain; rename the file when filled in.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
