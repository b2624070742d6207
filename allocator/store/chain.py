"""The hash chain that makes the record tamper-evident.

Every record (a saved proposal or a decision) takes the next number ``seq`` of one chain and
carries ``prev_hash``, the hash of the record before it (64 zeros for the first), and
``hash``, the sha256 of its own canonical form: the record's columns except ``hash``, with
NULLs left out, plus its kind, as compact key-sorted JSON (``allocator.problem.digest.sha256_of``).
Leaving NULLs out lets a migration add a nullable column without changing old records' hashes.

``verify`` walks the records in ``seq`` order and names each one that was edited (its content
no longer gives its hash), deleted (a gap in ``seq``) or replaced (its ``prev_hash`` is not the
hash of the record before it). A chain alone cannot show that its newest records were cut
off; ``allocator audit head`` prints the head to keep elsewhere, and ``verify`` checks that a
head kept earlier is still in the chain.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from allocator.problem.digest import sha256_of

GENESIS = "0" * 64
PREFIX = {"proposal": "P", "decision": "D"}


def record_id(kind: str, seq: int) -> str:
    """The id of the record at ``seq``: ``P-000001`` for a proposal, ``D-000002`` for a decision."""
    return f"{PREFIX[kind]}-{seq:06d}"


def record_hash(kind: str, row: Mapping[str, Any]) -> str:
    """sha256 of the record's canonical form (its columns but ``hash``, NULLs left out)."""
    body = {k: v for k, v in row.items() if k != "hash" and v is not None}
    body["record_kind"] = kind
    return sha256_of(body)


@dataclass(frozen=True)
class Head:
    """The newest record of the chain."""

    seq: int
    record_id: str
    hash: str

    def describe(self) -> str:
        """One line: the hash, the record and its position."""
        return f"{self.hash} {self.record_id} seq {self.seq}"


EMPTY_HEAD = Head(0, "-", GENESIS)


@dataclass(frozen=True)
class Report:
    """What ``verify`` found: the problems (empty when intact) and the chain's head."""

    problems: list[str]
    records: int
    proposals: int
    decisions: int
    head: Head


def verify(
    records: Iterable[tuple[str, Mapping[str, Any]]], expect_head: str | None = None
) -> Report:
    """Check a chain given as (kind, row) pairs in ``seq`` order; name every broken record."""
    problems: list[str] = []
    prev = EMPTY_HEAD
    counts = {"proposal": 0, "decision": 0}
    seen_hashes = set()
    for kind, row in records:
        counts[kind] += 1
        seq, rid = int(row["seq"]), str(row["id"])
        where = f"{rid} (seq {seq})"
        if seq == prev.seq:
            problems.append(f"{where}: seq {seq} is used twice (also by {prev.record_id})")
        elif seq != prev.seq + 1:
            missing = (
                f"seq {prev.seq + 1}" if seq == prev.seq + 2 else f"seq {prev.seq + 1}-{seq - 1}"
            )
            problems.append(f"{where}: the record(s) at {missing} before it are missing (deleted)")
        elif row["prev_hash"] != prev.hash:
            problems.append(
                f"{where}: does not follow from {prev.record_id}: its prev_hash is not that "
                f"record's hash ({prev.record_id} was edited and re-hashed, or replaced)"
            )
        if rid != record_id(kind, seq):
            problems.append(f"{where}: its id does not match its place in the chain (edited)")
        if record_hash(kind, row) != row["hash"]:
            problems.append(f"{where}: edited: its content no longer gives its hash")
        prev = Head(seq, rid, str(row["hash"]))
        seen_hashes.add(prev.hash)
    if expect_head is not None and expect_head not in seen_hashes | {GENESIS}:
        problems.append(
            f"the head recorded earlier ({expect_head[:16]}...) is not in the chain: records were "
            "deleted from its end or replaced"
        )
    return Report(problems, sum(counts.values()), counts["proposal"], counts["decision"], prev)
