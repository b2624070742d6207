"""proposals and decisions: the two append-only record tables, the hash chain columns, the
constraints that keep one live decision per line, and the triggers that refuse UPDATE and
DELETE (on PostgreSQL also TRUNCATE, the writers' lock row, and no such rights for PUBLIC).

Revision ID: 0001_records
Revises:
"""

import sqlalchemy as sa
from alembic import op

from allocator.store.alembic.triggers import PG_REFUSE_CHANGE, append_only

revision = "0001_records"
down_revision = None
branch_labels = None
depends_on = None

_SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_REAL: sa.types.TypeEngine[float] = sa.Double().with_variant(sa.REAL(), "sqlite")


def upgrade() -> None:
    """Create the record tables, their constraints and the append-only triggers."""
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        # The writers' lock: one row, locked FOR UPDATE by every append to the chain.
        op.create_table(
            "chain_lock",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.CheckConstraint("id = 1"),
        )
        op.execute("INSERT INTO chain_lock (id) VALUES (1)")
    op.create_table(
        "proposals",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("seq", _SEQ, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("scenario_name", sa.Text, nullable=False),
        sa.Column("allocation_date", sa.Text, nullable=False),
        sa.Column("policy_name", sa.Text, nullable=False),
        sa.Column("policy_version", sa.Text, nullable=False),
        sa.Column("input_digest", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("gap", _REAL, nullable=False),
        sa.Column("scenario_json", sa.Text, nullable=False),
        sa.Column("proposal_json", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.Text, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
        sa.UniqueConstraint("seq", name="proposals_seq_unique"),
        sa.UniqueConstraint("hash", name="proposals_hash_unique"),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("seq", _SEQ, nullable=False),
        sa.Column("proposal_id", sa.Text, sa.ForeignKey("proposals.id"), nullable=False),
        sa.Column("case_id", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("practitioner_id", sa.Text, nullable=False),
        sa.Column("proposed_practitioner_id", sa.Text),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("reason_code", sa.Text),
        sa.Column("rule_breaches", sa.Text, nullable=False),
        sa.Column("breach_accepted", sa.Integer, nullable=False),
        sa.Column("workload_before_pct", _REAL),
        sa.Column("workload_after_pct", _REAL),
        sa.Column("decided_by", sa.Text, nullable=False),
        sa.Column("decided_at", sa.Text, nullable=False),
        sa.Column("supersedes", sa.Text),
        sa.Column("prev_hash", sa.Text, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
        sa.CheckConstraint("action IN ('approve', 'override', 'reject')"),
        sa.CheckConstraint("length(trim(reason)) > 0"),
        sa.CheckConstraint("breach_accepted IN (0, 1)"),
        sa.CheckConstraint("length(trim(decided_by)) > 0"),
        sa.UniqueConstraint("seq", name="decisions_seq_unique"),
        sa.UniqueConstraint("supersedes", name="decisions_supersede_once"),
        sa.UniqueConstraint("hash", name="decisions_hash_unique"),
        sa.CheckConstraint(
            "rule_breaches = '[]' OR breach_accepted = 1",
            name="decisions_breach_needs_acceptance",
        ),
        sa.UniqueConstraint("id", "proposal_id", "case_id", name="decisions_line_key"),
        sa.ForeignKeyConstraint(
            ["supersedes", "proposal_id", "case_id"],
            ["decisions.id", "decisions.proposal_id", "decisions.case_id"],
            name="decisions_supersede_same_line",
        ),
    )
    # At most one decision per line supersedes nothing; with supersede-once above, each
    # line's decisions form one chain and its last link is the live decision.
    op.create_index(
        "decisions_one_live_per_line",
        "decisions",
        ["proposal_id", "case_id"],
        unique=True,
        sqlite_where=sa.text("supersedes IS NULL"),
        postgresql_where=sa.text("supersedes IS NULL"),
    )
    op.create_index("decisions_by_line", "decisions", ["proposal_id", "case_id"])
    if dialect == "postgresql":
        op.execute(PG_REFUSE_CHANGE)
    for table in ("proposals", "decisions"):
        for statement in append_only(dialect, table):
            op.execute(statement)
    if dialect == "postgresql":
        op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON proposals, decisions FROM PUBLIC")


def downgrade() -> None:
    """Never: the record is append-only."""
    raise NotImplementedError("the record is append-only: its schema is never downgraded")
