"""The keyed hash chain that makes the record tamper-evident and unforgeable without the key.

Every record (a saved proposal, a decision or a key rotation) takes the next number ``seq`` of
one chain and carries ``prev_hash``, the hash of the record before it (64 zeros for the first),
``key_id``, the key it was made with (``allocator.store.keys``), and ``hash``: the HMAC-SHA256
under that key of its canonical form, the record's columns except ``hash``, with NULLs left
out, plus its kind, as compact key-sorted JSON. Leaving NULLs out lets a migration add a
nullable column without changing old records' hashes. Records written before the chain was
keyed have no ``key_id`` and a plain sha256; the first keyed record seals them, and from then on
an unkeyed record, or one made with another key than the one in force, is named by ``verify``.
The key in force changes only through a key-rotation record, made with the new key and naming
the old one.

``verify`` walks the records in ``seq`` order and names each one that was edited (its content
no longer gives its hash), deleted (a gap in ``seq``) or replaced (its ``prev_hash`` is not the
hash of the record before it). A chain alone cannot show that its newest records were cut
off; ``allocator audit head`` prints the head to keep elsewhere (or writes it to a witness
file), and ``verify`` checks that a head kept earlier is still in the chain at its place.
"""

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from allocator.store.errors import BadRequest

GENESIS = "0" * 64
PREFIX = {"proposal": "P", "decision": "D", "key_rotation": "K", "erasure": "E"}
_HEAD_LINE = re.compile(r"^([0-9a-fA-F]{64})(?: ([PDKE]-\d{6,}|-) seq (\d+))?$")


def record_id(kind: str, seq: int) -> str:
    """The id of the record at ``seq``: ``P-000001`` for a proposal, ``D-000002`` for a decision."""
    return f"{PREFIX[kind]}-{seq:06d}"


def record_hash(kind: str, row: Mapping[str, Any], key: bytes | None = None) -> str:
    """The record's hash: HMAC-SHA256 under ``key`` of its canonical form (its columns but
    ``hash``, NULLs left out), or its plain sha256 for a record made before the chain was keyed.
    """
    body = {k: v for k, v in row.items() if k != "hash" and v is not None}
    body["record_kind"] = kind
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if key is None:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def parse_head(text: str) -> tuple[str, int | None]:
    """A head as ``allocator audit head`` prints it (``<hash> <record> seq <n>``), or a bare
    hash: the hash and the seq, if given. Anything else is a ``BadRequest``."""
    m = _HEAD_LINE.match(text.strip())
    if m is None:
        raise BadRequest(
            "a kept head must be what 'allocator audit head' prints: "
            "<64 hex digits> <record id> seq <n> (or the 64 hex digits alone)"
        )
    return m.group(1).lower(), int(m.group(3)) if m.group(3) is not None else None


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
    key_rotations: int = 0
    erasures: int = 0


def verify(
    records: Iterable[tuple[str, Mapping[str, Any]]],
    expect_head: str | None = None,
    keys: Mapping[str, bytes] | None = None,
) -> Report:
    """Check a chain given as (kind, row) pairs in ``seq`` order; name every broken record.

    ``keys`` are the chain keys by id (``allocator.store.keys``); ``expect_head`` is a head kept
    earlier (``parse_head``), which must still be in the chain at its place.
    """
    keys = keys or {}
    problems: list[str] = []
    prev = EMPTY_HEAD
    counts = dict.fromkeys(PREFIX, 0)
    hash_at: dict[int, str] = {}
    in_force: str | None = None
    unknown_keys: set[str] = set()
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
        kid = row.get("key_id")
        if kind == "key_rotation":
            if in_force is not None and row.get("previous_key_id") != in_force:
                problems.append(
                    f"{where}: a key rotation that does not start from the key in force "
                    f"({in_force}): forged or replaced"
                )
            in_force = kid
        elif kid is None:
            if in_force is not None:
                problems.append(
                    f"{where}: not keyed: written without the chain key, after the chain was "
                    "keyed (inserted through SQL, not by the allocator)"
                )
        elif in_force is None:
            in_force = kid
        elif kid != in_force:
            problems.append(
                f"{where}: made with key {kid}, but the key in force is {in_force} and no "
                "rotation was recorded (forged)"
            )
        if kid is not None and kid not in keys:
            unknown_keys.add(str(kid))
        elif record_hash(kind, row, keys.get(kid) if kid else None) != row["hash"]:
            problems.append(f"{where}: edited: its content no longer gives its hash")
        prev = Head(seq, rid, str(row["hash"]))
        hash_at[seq] = prev.hash
    for kid in sorted(unknown_keys):
        problems.append(
            f"records made with key {kid} cannot be checked: the chain key file does not hold "
            "it (set ALLOCATOR_CHAIN_KEY_FILE to the file the writers use)"
        )
    if expect_head is not None:
        problems += _check_kept_head(expect_head, hash_at, prev)
    return Report(
        problems,
        sum(counts.values()),
        counts["proposal"],
        counts["decision"],
        prev,
        counts["key_rotation"],
        counts["erasure"],
    )


def _check_kept_head(kept: str, hash_at: Mapping[int, str], head: Head) -> list[str]:
    """A head kept earlier must still be in the chain, at its own seq when that is known."""
    want, seq = parse_head(kept)
    if seq is None:
        found = want == GENESIS or want in hash_at.values()
    elif seq == 0:
        found = want == GENESIS
    else:
        found = hash_at.get(seq) == want
    if found:
        return []
    if seq is not None and seq > head.seq:
        return [
            f"the head kept earlier is at seq {seq} but the chain now ends at seq {head.seq}: "
            "its newest records were deleted (truncated)"
        ]
    return [
        f"the head kept earlier ({want[:16]}...) is not in the chain"
        + (f" at seq {seq}" if seq is not None else "")
        + ": records were deleted from its end, or edited and re-hashed"
    ]
