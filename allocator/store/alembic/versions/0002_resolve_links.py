"""re-solve links and decision-time checks: ``proposals.previous_proposal_id`` (the proposal a
re-solve started from) and ``decisions.checked_scenario_digest`` (the scenario the case's
current practitioner was compared with when the decision was made).

Revision ID: 0002_resolve_links
Revises: 0001_records
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_resolve_links"
down_revision = "0001_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the two nullable columns (NULLs stay out of a record's hash)."""
    # Inline REFERENCES: SQLite can add a column with a foreign key only this way.
    op.execute(
        "ALTER TABLE proposals ADD COLUMN previous_proposal_id TEXT REFERENCES proposals (id)"
    )
    op.add_column("decisions", sa.Column("checked_scenario_digest", sa.Text))


def downgrade() -> None:
    """Never: the record is append-only."""
    raise NotImplementedError("the record is append-only: its schema is never downgraded")
