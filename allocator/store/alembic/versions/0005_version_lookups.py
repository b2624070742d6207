"""versions of a day looked up by index: a proposal's successor (``previous_proposal_id``),
a first version by its input (``input_digest``), and a date's proposals (``allocation_date``).
The web service asks for the current version on every decision and page, from every process
(``Store.first_version``, ``versions_from``, ``proposals_on``); without these it reads the
whole table each time. Indexes only: no record changes, and the chain is untouched.

Revision ID: 0005_version_lookups
Revises: 0004_erasable_payloads
"""

from alembic import op

revision = "0005_version_lookups"
down_revision = "0004_erasable_payloads"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the three indexes."""
    op.create_index("proposals_by_previous", "proposals", ["previous_proposal_id"])
    op.create_index("proposals_by_input", "proposals", ["input_digest"])
    op.create_index("proposals_by_date", "proposals", ["allocation_date"])


def downgrade() -> None:
    """Never: the record is append-only."""
    raise NotImplementedError("the record is append-only: its schema is never downgraded")
