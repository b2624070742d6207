"""erasable personal data: a proposal's scenario and proposal JSON move to
``proposal_payloads`` (rows may be deleted, never updated) and the proposal record keeps their
sha256 digests, so the chain still verifies after the data is erased; ``erasures`` is the
append-only record of each erasure, in the chain.

Revision ID: 0004_erasable_payloads
Revises: 0003_keyed_chain
"""

import sqlalchemy as sa
from alembic import op

from allocator.store.alembic.triggers import append_only

revision = "0004_erasable_payloads"
down_revision = "0003_keyed_chain"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the digests, the payload table and the erasure record."""
    dialect = op.get_bind().dialect.name
    op.add_column("proposals", sa.Column("scenario_digest", sa.Text))
    op.add_column("proposals", sa.Column("proposal_digest", sa.Text))
    op.create_table(
        "proposal_payloads",
        sa.Column("proposal_id", sa.Text, sa.ForeignKey("proposals.id"), primary_key=True),
        sa.Column("scenario_json", sa.Text, nullable=False),
        sa.Column("proposal_json", sa.Text, nullable=False),
    )
    op.create_table(
        "erasures",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("proposal_id", sa.Text, sa.ForeignKey("proposals.id"), nullable=False),
        sa.Column("erased_at", sa.Text, nullable=False),
        sa.Column("erased_by", sa.Text, nullable=False),
        sa.Column("basis", sa.Text, nullable=False),
        sa.Column("key_id", sa.Text),
        sa.Column("prev_hash", sa.Text, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
        sa.CheckConstraint("basis IN ('retention', 'request')"),
        sa.UniqueConstraint("seq", name="erasures_seq_unique"),
        sa.UniqueConstraint("hash", name="erasures_hash_unique"),
        sa.UniqueConstraint("proposal_id", name="erasures_once_per_proposal"),
    )
    for statement in append_only(dialect, "erasures"):
        op.execute(statement)
    # Payloads may be deleted (that is erasure) but never changed.
    if dialect == "sqlite":
        op.execute(
            """CREATE TRIGGER proposal_payloads_no_update BEFORE UPDATE ON proposal_payloads
            BEGIN SELECT RAISE(ABORT, 'proposal_payloads are append-only: record a new one instead'); END"""
        )
    else:
        op.execute(
            """CREATE TRIGGER proposal_payloads_append_only BEFORE UPDATE ON proposal_payloads
            FOR EACH ROW EXECUTE FUNCTION allocator_refuse_change()"""
        )
        op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON erasures FROM PUBLIC")
        op.execute("REVOKE UPDATE, TRUNCATE ON proposal_payloads FROM PUBLIC")


def downgrade() -> None:
    """Never: the record is append-only."""
    raise NotImplementedError("the record is append-only: its schema is never downgraded")
