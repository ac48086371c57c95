"""incidents: reported incidents and their corrective actions; offboarding (issue 8)

Reserved so features built in parallel keep one linear chain; rename the file when filled in.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
