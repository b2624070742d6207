"""the keyed chain: ``key_id`` on proposals and decisions (NULL on records made before the
chain was keyed), and ``key_rotations``, the append-only record of each change of key.

Revision ID: 0003_keyed_chain
Revises: 0002_resolve_links
"""

import sqlalchemy as sa
from alembic import op

from allocator.store.alembic.triggers import append_only

revision = "0003_keyed_chain"
down_revision = "0002_resolve_links"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the key columns and the key-rotation table with its append-only triggers."""
    dialect = op.get_bind().dialect.name
    op.add_column("proposals", sa.Column("key_id", sa.Text))
    op.add_column("decisions", sa.Column("key_id", sa.Text))
    op.create_table(
        "key_rotations",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("rotated_at", sa.Text, nullable=False),
        sa.Column("rotated_by", sa.Text, nullable=False),
        sa.Column("key_id", sa.Text, nullable=False),
        sa.Column("previous_key_id", sa.Text),
        sa.Column("prev_hash", sa.Text, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
        sa.UniqueConstraint("seq", name="key_rotations_seq_unique"),
        sa.UniqueConstraint("hash", name="key_rotations_hash_unique"),
    )
    for statement in append_only(dialect, "key_rotations"):
        op.execute(statement)
    if dialect == "postgresql":
        op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON key_rotations FROM PUBLIC")


def downgrade() -> None:
    """Never: the record is append-only."""
    raise NotImplementedError("the record is append-only: its schema is never downgraded")
