"""The record tables as SQLAlchemy Core sees them, for the ledger's queries.

The schema itself is made and changed only by the Alembic revisions in
``allocator/store/alembic/versions`` (frozen DDL, one file per version); these table objects
describe the latest version and must match it (``test_the_core_tables_match_the_migrated_schema``).
"""

import sqlalchemy as sa

metadata = sa.MetaData()

proposals = sa.Table(
    "proposals",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("scenario_name", sa.Text, nullable=False),
    sa.Column("allocation_date", sa.Text, nullable=False),
    sa.Column("policy_name", sa.Text, nullable=False),
    sa.Column("policy_version", sa.Text, nullable=False),
    sa.Column("input_digest", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("gap", sa.Double, nullable=False),
    sa.Column("scenario_json", sa.Text, nullable=False),
    sa.Column("proposal_json", sa.Text, nullable=False),
    sa.Column("previous_proposal_id", sa.Text),
    sa.Column("key_id", sa.Text),
    sa.Column("scenario_digest", sa.Text),
    sa.Column("proposal_digest", sa.Text),
    sa.Column("prev_hash", sa.Text, nullable=False),
    sa.Column("hash", sa.Text, nullable=False),
)

decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("proposal_id", sa.Text, nullable=False),
    sa.Column("case_id", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("practitioner_id", sa.Text, nullable=False),
    sa.Column("proposed_practitioner_id", sa.Text),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("reason_code", sa.Text),
    sa.Column("rule_breaches", sa.Text, nullable=False),
    sa.Column("breach_accepted", sa.Integer, nullable=False),
    sa.Column("workload_before_pct", sa.Double),
    sa.Column("workload_after_pct", sa.Double),
    sa.Column("decided_by", sa.Text, nullable=False),
    sa.Column("decided_at", sa.Text, nullable=False),
    sa.Column("supersedes", sa.Text),
    sa.Column("checked_scenario_digest", sa.Text),
    sa.Column("key_id", sa.Text),
    sa.Column("prev_hash", sa.Text, nullable=False),
    sa.Column("hash", sa.Text, nullable=False),
)

key_rotations = sa.Table(
    "key_rotations",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("rotated_at", sa.Text, nullable=False),
    sa.Column("rotated_by", sa.Text, nullable=False),
    sa.Column("key_id", sa.Text, nullable=False),
    sa.Column("previous_key_id", sa.Text),
    sa.Column("prev_hash", sa.Text, nullable=False),
    sa.Column("hash", sa.Text, nullable=False),
)

erasures = sa.Table(
    "erasures",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("proposal_id", sa.Text, nullable=False),
    sa.Column("erased_at", sa.Text, nullable=False),
    sa.Column("erased_by", sa.Text, nullable=False),
    sa.Column("basis", sa.Text, nullable=False),
    sa.Column("key_id", sa.Text),
    sa.Column("prev_hash", sa.Text, nullable=False),
    sa.Column("hash", sa.Text, nullable=False),
)

proposal_payloads = sa.Table(
    "proposal_payloads",
    metadata,
    sa.Column("proposal_id", sa.Text, primary_key=True),
    sa.Column("scenario_json", sa.Text, nullable=False),
    sa.Column("proposal_json", sa.Text, nullable=False),
)
"""Not in the chain: the personal data a proposal record holds the digests of (erasable)."""

RECORD_TABLES = {
    "proposal": proposals,
    "decision": decisions,
    "key_rotation": key_rotations,
    "erasure": erasures,
}
"""Each kind of chain record and the table that holds it."""
