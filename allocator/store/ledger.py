"""Saved proposals and SPO decisions: one append-only ledger in SQLite or PostgreSQL.

Records are only ever inserted. A proposal is saved whole (its JSON, the scenario it was made
from with its resolved policy, so it can be re-solved); a decision names the line it decides and
the decision it supersedes, if any. Every insert happens in a write transaction that holds the
writers' lock, reads the chain's head and appends after it (``allocator.store.chain``), so the
chain has no forks and a decision is either committed whole or not at all.
"""

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from allocator.problem.digest import input_digest
from allocator.store import chain, schema
from allocator.store.db import Database, Row, Tx, connect
from allocator.store.errors import BadRequest, Conflict, NotFound, StoreUnavailable, Superseded
from allocator.store.identity import validate_identity
from allocator.store.keys import ChainKeys
from allocator.store.migrations import ensure_current
from models.policy import Policy
from models.proposal import Proposal
from models.scenario import Scenario

_ID = re.compile(r"^[PD]-\d{6,}$")


def utc_text(at: dt.datetime) -> str:
    """A timezone-aware time as UTC ISO 8601 with microseconds and ``Z``."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("timestamps must be timezone-aware (take them in UTC at the edge)")
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class SavedProposal:
    """A proposal as saved: the engine's output and everything needed to re-solve it."""

    id: str
    seq: int
    created_at: str
    previous_id: str | None
    scenario: Scenario
    policy: Policy
    proposal: Proposal
    hash: str


@dataclass(frozen=True)
class Breach:
    """A hard rule a decision breaks, with the rule's own sentence."""

    rule: str
    message: str


@dataclass(frozen=True)
class DecisionDraft:
    """What a decision says, before the ledger gives it an id, a time and a place in the chain."""

    action: str
    practitioner_id: str
    proposed_practitioner_id: str | None
    reason: str
    decided_by: str
    reason_code: str | None = None
    rule_breaches: tuple[Breach, ...] = ()
    breach_accepted: bool = False
    workload_before_pct: float | None = None
    workload_after_pct: float | None = None
    checked_scenario_digest: str | None = None


@dataclass(frozen=True)
class Decision(DecisionDraft):
    """A recorded decision on one line of one proposal."""

    id: str = ""
    seq: int = 0
    proposal_id: str = ""
    case_id: str = ""
    decided_at: str = ""
    supersedes: str | None = None
    hash: str = ""

    @classmethod
    def from_row(cls, row: Row) -> "Decision":
        """The decision a ``decisions`` row records."""
        return cls(
            id=row["id"],
            seq=int(row["seq"]),
            proposal_id=row["proposal_id"],
            case_id=row["case_id"],
            action=row["action"],
            practitioner_id=row["practitioner_id"],
            proposed_practitioner_id=row["proposed_practitioner_id"],
            reason=row["reason"],
            reason_code=row["reason_code"],
            rule_breaches=tuple(Breach(**b) for b in json.loads(row["rule_breaches"])),
            breach_accepted=bool(row["breach_accepted"]),
            workload_before_pct=row["workload_before_pct"],
            workload_after_pct=row["workload_after_pct"],
            decided_by=row["decided_by"],
            decided_at=row["decided_at"],
            supersedes=row["supersedes"],
            checked_scenario_digest=row["checked_scenario_digest"],
            hash=row["hash"],
        )


def live_decisions(history: list[Decision]) -> dict[str, Decision]:
    """Each line's live decision (the one nothing supersedes), by case id."""
    superseded = {d.supersedes for d in history if d.supersedes}
    return {d.case_id: d for d in history if d.id not in superseded}


def _head_query() -> sa.Select[Any]:
    """The newest record of any kind: its seq, id, hash and key."""
    parts = [
        sa.select(t.c.seq, t.c.id, t.c.hash, t.c.key_id) for t in schema.RECORD_TABLES.values()
    ]
    union = sa.union_all(*parts).subquery()
    return sa.select(union).order_by(union.c.seq.desc()).limit(1)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _insert(tx: Tx, kind: str, row: Row) -> None:
    tx.run(sa.insert(schema.RECORD_TABLES[kind]).values(**row))


class Store:
    """The ledger of one database. Open with ``Store.open``; close when done (or use ``with``)."""

    def __init__(self, db: Database, keys: ChainKeys | None = None) -> None:
        self.db = db
        self.keys = keys if keys is not None else ChainKeys.at()

    @classmethod
    def open(
        cls, target: str | Path, *, create: bool = False, keys: ChainKeys | None = None
    ) -> "Store":
        """Open the database at ``target`` (a SQLite path or a PostgreSQL URL), migrated to the
        latest schema. A SQLite file is created only with ``create``. ``keys`` is the chain key
        file (default ``ALLOCATOR_CHAIN_KEY_FILE`` or the user's, created on the first write)."""
        db = connect(target, create=create)
        try:
            ensure_current(db)
            return cls(db, keys)
        except BaseException:
            db.close()
            raise

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Writing ---------------------------------------------------------------------------------

    @contextmanager
    def _appending(self) -> Iterator[tuple[Tx, chain.Head, str, bytes]]:
        """The write transaction, the chain's head, and the key in force to append with."""
        kid, key = self.keys.current()
        with self.db.write() as tx:
            head, head_key = self._head_and_key(tx)
            if head_key is not None and head_key != kid:
                self.keys.reload()
                kid, key = self.keys.current()
            if head_key is not None and head_key != kid:
                raise StoreUnavailable(
                    f"{self.db.label}: the chain is keyed with key {head_key}, but the newest key "
                    f"in {self.keys.path} is {kid}: use the key file the other writers use "
                    "(ALLOCATOR_CHAIN_KEY_FILE)"
                )
            yield tx, head, kid, key

    def rotate_key(self, rotated_by: str, at: dt.datetime) -> chain.Head:
        """Make a new chain key, record the change in the chain, and use it from now on.

        The record is made with the new key and names the one it replaces; the key file keeps
        the old keys, which verify the records made before.
        """
        by = validate_identity(rotated_by)
        with self._appending() as (tx, head, old_kid, _old_key):
            new_kid, new_key = self.keys.add_new()
            seq = head.seq + 1
            row: Row = {
                "id": chain.record_id("key_rotation", seq),
                "seq": seq,
                "rotated_at": utc_text(at),
                "rotated_by": by,
                "key_id": new_kid,
                "previous_key_id": old_kid,
                "prev_hash": head.hash,
            }
            row["hash"] = chain.record_hash("key_rotation", row, new_key)
            _insert(tx, "key_rotation", row)
        return chain.Head(seq, row["id"], row["hash"])

    def save_proposal(
        self,
        proposal: Proposal,
        scenario: Scenario,
        policy: Policy,
        at: dt.datetime,
        previous_id: str | None = None,
        *,
        once: bool = False,
        after_decisions: int | None = None,
    ) -> SavedProposal:
        """Save ``proposal`` whole with the scenario and resolved policy it was made from.

        Versions of a day, for services with more than one process (checked under the writers'
        lock, so two processes cannot both pass): with ``once``, a first version (no
        ``previous_id``) whose input was already saved as a first version is not saved again,
        and the saved one is returned. With ``after_decisions`` (the number of decisions on
        ``previous_id`` that the re-solve read), the save is refused as ``Superseded`` when
        ``previous_id`` already has a successor, and as a ``Conflict`` when a decision was
        recorded on it since the re-solve read them (it would be missing from the new version).
        """
        if proposal.run.input_digest != input_digest(scenario, policy, proposal.run.digest_scheme):
            raise BadRequest(
                "the proposal was not made from this scenario and policy (input digest differs)"
            )
        payload = {
            "scenario_json": scenario.model_copy(update={"policy": policy}).model_dump_json(),
            "proposal_json": proposal.model_dump_json(),
        }
        with self._appending() as (tx, head, kid, key):
            if previous_id is not None:
                self._proposal_row(tx, previous_id)
                if after_decisions is not None:
                    self._refuse_stale_successor(tx, previous_id, after_decisions)
            elif once:
                first = self._first_version(tx, proposal.run.input_digest)
                if first is not None:
                    return self._saved(self._with_payload(tx, first))
            seq = head.seq + 1
            row: Row = {
                "id": chain.record_id("proposal", seq),
                "seq": seq,
                "created_at": utc_text(at),
                "scenario_name": proposal.run.scenario_name,
                "allocation_date": proposal.run.date.isoformat(),
                "policy_name": proposal.run.policy_name,
                "policy_version": proposal.run.policy_version,
                "input_digest": proposal.run.input_digest,
                "status": proposal.run.status,
                "gap": float(proposal.gap),
                # The personal data is kept apart (erasable); the record holds its digests.
                "scenario_json": "",
                "proposal_json": "",
                "scenario_digest": _digest(payload["scenario_json"]),
                "proposal_digest": _digest(payload["proposal_json"]),
                "previous_proposal_id": previous_id,
                "key_id": kid,
                "prev_hash": head.hash,
            }
            row["hash"] = chain.record_hash("proposal", row, key)
            _insert(tx, "proposal", row)
            tx.run(sa.insert(schema.proposal_payloads).values(proposal_id=row["id"], **payload))
        return self._saved({**row, **payload})

    def append_decision(
        self,
        proposal_id: str,
        case_id: str,
        supersedes: str | None,
        draft: Callable[[list[Decision]], DecisionDraft],
        at: dt.datetime,
        current_only: bool = False,
    ) -> Decision:
        """Record a decision on one line, optimistically: it must supersede the line's live
        decision (``None`` when the line has none), or it is a ``Conflict``. With
        ``current_only``, a decision on a proposal that a re-solve has superseded is refused
        (``Superseded``, naming the current version), under the same lock as the re-solve's save.

        ``draft`` is called inside the write transaction with every decision on the proposal
        so far, and returns what the decision says (or raises to refuse it): rules that depend
        on the other lines' decisions see exactly the state the decision is appended to.
        """
        decided_at = utc_text(at)
        with self._appending() as (tx, head, kid, key):
            self._proposal_row(tx, proposal_id)
            e = schema.erasures
            erasure = tx.one(sa.select(e.c.id).where(e.c.proposal_id == proposal_id))
            if erasure is not None:
                # a service may still hold the proposal it read before the erasure: the
                # decision would be about data the record says is gone
                raise NotFound(
                    f"{proposal_id}: its scenario and proposal were erased ({erasure['id']}); "
                    "no decision can be recorded on it"
                )
            if current_only:
                newest = self._newest_version(tx, proposal_id)
                if newest != proposal_id:
                    raise Superseded(proposal_id, newest)
            history = self._decisions(tx, proposal_id)
            _check_supersedes(history, case_id, supersedes)
            d = draft(history)
            seq = head.seq + 1
            row: Row = {
                "id": chain.record_id("decision", seq),
                "seq": seq,
                "proposal_id": proposal_id,
                "case_id": case_id,
                "action": d.action,
                "practitioner_id": d.practitioner_id,
                "proposed_practitioner_id": d.proposed_practitioner_id,
                "reason": d.reason,
                "reason_code": d.reason_code,
                "rule_breaches": json.dumps(
                    [{"rule": b.rule, "message": b.message} for b in d.rule_breaches],
                    separators=(",", ":"),
                ),
                "breach_accepted": int(d.breach_accepted),
                "workload_before_pct": d.workload_before_pct,
                "workload_after_pct": d.workload_after_pct,
                "decided_by": d.decided_by,
                "decided_at": decided_at,
                "supersedes": supersedes,
                "checked_scenario_digest": d.checked_scenario_digest,
                "key_id": kid,
                "prev_hash": head.hash,
            }
            row["hash"] = chain.record_hash("decision", row, key)
            _insert(tx, "decision", row)
        return Decision.from_row(row)

    # Reading ---------------------------------------------------------------------------------

    def proposal(self, proposal_id: str) -> SavedProposal:
        """The saved proposal ``proposal_id``; ``NotFound`` if there is none."""
        with self.db.read() as tx:
            return self._saved(self._with_payload(tx, self._proposal_row(tx, proposal_id)))

    def decisions(self, proposal_id: str) -> list[Decision]:
        """Every decision on the proposal, superseded ones included, in the order recorded."""
        with self.db.read() as tx:
            self._proposal_row(tx, proposal_id)
            return self._decisions(tx, proposal_id)

    def proposal_ids(self) -> list[str]:
        """Every saved proposal's id, oldest first."""
        with self.db.read() as tx:
            p = schema.proposals
            return [r["id"] for r in tx.rows(sa.select(p.c.id).order_by(p.c.seq))]

    def proposals_on(self, allocation_date: dt.date) -> list[tuple[str, str | None]]:
        """Every proposal for the date (id, previous proposal id), oldest first: the record
        rows only, no payload."""
        p = schema.proposals
        with self.db.read() as tx:
            rows = tx.rows(
                sa.select(p.c.id, p.c.previous_proposal_id)
                .where(p.c.allocation_date == allocation_date.isoformat())
                .order_by(p.c.seq)
            )
            return [(str(r["id"]), r["previous_proposal_id"]) for r in rows]

    def first_version(self, input_digest: str) -> str | None:
        """The id of the first version (no previous proposal) saved for this input, if any."""
        with self.db.read() as tx:
            row = self._first_version(tx, input_digest)
            return None if row is None else str(row["id"])

    def versions_from(self, first_id: str) -> list[str]:
        """``first_id`` and each re-solve after it, oldest first (a version's successor is the
        proposal saved with it as its previous one; the first found if several were)."""
        with self.db.read() as tx:
            out = [first_id]
            while (nxt := self._successor(tx, out[-1])) is not None:
                out.append(nxt)
            return out

    def head(self) -> chain.Head:
        """The newest record of the chain (the genesis head when the ledger is empty)."""
        with self.db.read() as tx:
            return self._head(tx)

    def verify(self, expect_head: str | None = None) -> chain.Report:
        """Re-hash every record in one snapshot with the chain keys and name any that was
        edited, deleted, forged or cut off (``expect_head``: a head kept earlier, as
        ``allocator audit head`` prints it)."""
        if expect_head is not None:
            chain.parse_head(expect_head)  # a malformed kept head is bad input, before reading
        self.keys.reload()
        with self.db.read() as tx:
            records = sorted(
                (
                    (kind, row)
                    for kind, table in schema.RECORD_TABLES.items()
                    for row in tx.rows(sa.select(table).order_by(table.c.seq))
                ),
                key=lambda kr: (int(kr[1]["seq"]), kr[0]),
            )
            payloads = {r["proposal_id"]: r for r in tx.rows(sa.select(schema.proposal_payloads))}
        report = chain.verify(records, expect_head, self.keys.keys)
        erased = {r["proposal_id"]: r["id"] for kind, r in records if kind == "erasure"}
        for kind, r in records:
            if kind == "proposal" and r["scenario_digest"] is not None:
                report.problems.extend(_payload_problems(r, payloads.get(r["id"]), erased))
        return report

    # Erasure ---------------------------------------------------------------------------------

    def erase(self, proposal_id: str, erased_by: str, at: dt.datetime, basis: str) -> chain.Head:
        """Delete a saved proposal's scenario and proposal JSON (the personal data) and record
        the erasure in the chain; the proposal record, its digests and its decisions remain.

        ``basis`` is ``retention`` (the retention period passed) or ``request`` (a person's
        request). A proposal saved before schema version 4 holds its data inside its hashed
        record and cannot be erased without breaking the chain: that is refused.
        """
        if basis not in ("retention", "request"):
            raise BadRequest(f"unknown erasure basis '{basis}': use retention or request")
        by = validate_identity(erased_by)
        with self._appending() as (tx, head, kid, key):
            row = self._proposal_row(tx, proposal_id)
            if row["scenario_json"]:
                raise BadRequest(
                    f"{proposal_id} was saved before personal data was kept apart from the "
                    "chain (schema version 4): its data is part of its hash and erasing it "
                    "would break the chain"
                )
            e = schema.erasures
            if tx.one(sa.select(e.c.id).where(e.c.proposal_id == proposal_id)) is not None:
                raise BadRequest(f"{proposal_id} is already erased")
            pp = schema.proposal_payloads
            tx.run(sa.delete(pp).where(pp.c.proposal_id == proposal_id))
            seq = head.seq + 1
            record: Row = {
                "id": chain.record_id("erasure", seq),
                "seq": seq,
                "proposal_id": proposal_id,
                "erased_at": utc_text(at),
                "erased_by": by,
                "basis": basis,
                "key_id": kid,
                "prev_hash": head.hash,
            }
            record["hash"] = chain.record_hash("erasure", record, key)
            _insert(tx, "erasure", record)
        return chain.Head(seq, record["id"], record["hash"])

    def past_retention(self, allocation_before: dt.date) -> list[str]:
        """Proposals for days before ``allocation_before`` whose personal data is still held."""
        p, pp = schema.proposals, schema.proposal_payloads
        query = (
            sa.select(p.c.id)
            .join(pp, pp.c.proposal_id == p.c.id)
            .where(p.c.allocation_date < allocation_before.isoformat())
            .order_by(p.c.seq)
        )
        with self.db.read() as tx:
            return [r["id"] for r in tx.rows(query)]

    # PostgreSQL roles ------------------------------------------------------------------------

    def grant_application_role(self, role: str) -> None:
        """Let ``role`` read and append, and nothing else (PostgreSQL only).

        The role may SELECT and INSERT the records and lock the writers' row; it has no UPDATE,
        DELETE or TRUNCATE on proposals or decisions, and may not change the schema.
        """
        if self.db.dialect != "postgresql":
            raise BadRequest("roles exist only on PostgreSQL; a SQLite file has no roles")
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
            raise BadRequest(
                f"role '{role}': use lower-case letters, digits and underscores (at most 63)"
            )
        with self.db.write(lock_chain=False) as tx:
            if tx.one("SELECT 1 AS found FROM pg_roles WHERE rolname = ?", (role,)) is None:
                raise NotFound(f"no role '{role}' on this server: CREATE ROLE {role} LOGIN first")
            schema = tx.one("SELECT current_schema() AS s")
            assert schema is not None
            quoted_schema = '"' + str(schema["s"]).replace('"', '""') + '"'
            tx.run(f"GRANT USAGE ON SCHEMA {quoted_schema} TO {role}")
            tx.run(f"GRANT SELECT ON alembic_version, chain_lock TO {role}")
            tx.run(
                "GRANT SELECT, INSERT ON proposals, proposal_payloads, decisions, key_rotations, "
                f"erasures TO {role}"
            )
            tx.run(f"GRANT UPDATE (id) ON chain_lock TO {role}")
            tx.run(
                "REVOKE UPDATE, DELETE, TRUNCATE ON proposals, proposal_payloads, decisions, "
                f"key_rotations, erasures FROM {role}"
            )

    # Internals -------------------------------------------------------------------------------

    def _head(self, tx: Tx) -> chain.Head:
        return self._head_and_key(tx)[0]

    def _head_and_key(self, tx: Tx) -> tuple[chain.Head, str | None]:
        row = tx.one(_head_query())
        if row is None:
            return chain.EMPTY_HEAD, None
        return chain.Head(int(row["seq"]), row["id"], row["hash"]), row["key_id"]

    def _proposal_row(self, tx: Tx, proposal_id: str) -> Row:
        if not _ID.match(proposal_id) or not proposal_id.startswith("P-"):
            raise NotFound(f"'{proposal_id}' is not a proposal id (they look like P-000001)")
        p = schema.proposals
        row = tx.one(sa.select(p).where(p.c.id == proposal_id))
        if row is None:
            raise NotFound(f"no proposal {proposal_id} in {self.db.label}")
        return row

    def _first_version(self, tx: Tx, input_digest: str) -> Row | None:
        p = schema.proposals
        return tx.one(
            sa.select(p)
            .where(p.c.input_digest == input_digest, p.c.previous_proposal_id.is_(None))
            .order_by(p.c.seq)
            .limit(1)
        )

    def _successor(self, tx: Tx, proposal_id: str) -> str | None:
        p = schema.proposals
        row = tx.one(
            sa.select(p.c.id)
            .where(p.c.previous_proposal_id == proposal_id)
            .order_by(p.c.seq)
            .limit(1)
        )
        return None if row is None else str(row["id"])

    def _newest_version(self, tx: Tx, proposal_id: str) -> str:
        newest = proposal_id
        while (nxt := self._successor(tx, newest)) is not None:
            newest = nxt
        return newest

    def _refuse_stale_successor(self, tx: Tx, previous_id: str, after_decisions: int) -> None:
        newest = self._newest_version(tx, previous_id)
        if newest != previous_id:
            raise Superseded(previous_id, newest)
        recorded = len(self._decisions(tx, previous_id))
        if recorded != after_decisions:
            raise Conflict(
                f"{recorded - after_decisions} decision(s) were recorded on {previous_id} while "
                "it was being re-solved: nothing was saved; re-solve again to include them"
            )

    def _decisions(self, tx: Tx, proposal_id: str) -> list[Decision]:
        d = schema.decisions
        rows = tx.rows(sa.select(d).where(d.c.proposal_id == proposal_id).order_by(d.c.seq))
        return [Decision.from_row(r) for r in rows]

    def _with_payload(self, tx: Tx, row: Row) -> Row:
        """The record with its scenario and proposal JSON, or ``NotFound`` once erased."""
        if row["scenario_json"]:  # saved before payloads were kept apart
            return row
        pp = schema.proposal_payloads
        payload = tx.one(sa.select(pp).where(pp.c.proposal_id == row["id"]))
        if payload is None:
            e = schema.erasures
            erased = tx.one(sa.select(e).where(e.c.proposal_id == row["id"]))
            raise NotFound(
                f"{row['id']}: its scenario and proposal were erased"
                + (
                    f" ({erased['id']}, {erased['basis']}, {erased['erased_at']})"
                    if erased
                    else " without an erasure on record: run allocator audit verify"
                )
                + "; its decisions and digests remain on record"
            )
        return {**row, **payload}

    def _saved(self, row: Row) -> SavedProposal:
        scenario = Scenario.model_validate_json(row["scenario_json"])
        if scenario.policy is None:  # saved scenarios always carry their resolved policy
            raise StoreUnavailable(f"{row['id']}: the saved scenario has lost its policy")
        return SavedProposal(
            id=row["id"],
            seq=int(row["seq"]),
            created_at=row["created_at"],
            previous_id=row["previous_proposal_id"],
            scenario=scenario,
            policy=scenario.policy,
            proposal=Proposal.model_validate_json(row["proposal_json"]),
            hash=row["hash"],
        )


def _payload_problems(record: Row, payload: Row | None, erased: dict[str, str]) -> list[str]:
    """A proposal's kept-apart data must match its digests, or be erased on record."""
    where = f"{record['id']} (seq {record['seq']})"
    if payload is None:
        if record["id"] in erased:
            return []
        return [f"{where}: its scenario and proposal are missing and no erasure is recorded"]
    if record["id"] in erased:
        return [f"{where}: erased by {erased[record['id']]}, but its data is still held"]
    if _digest(payload["scenario_json"]) != record["scenario_digest"] or (
        _digest(payload["proposal_json"]) != record["proposal_digest"]
    ):
        return [f"{where}: its saved scenario or proposal no longer matches its digest (edited)"]
    return []


def _check_supersedes(history: list[Decision], case_id: str, supersedes: str | None) -> None:
    """The optimistic check: a decision must supersede the line's live decision, or none."""
    on_line = [d for d in history if d.case_id == case_id]
    live = live_decisions(on_line).get(case_id)
    if supersedes is None:
        if live is not None:
            raise Conflict(
                f"{case_id} already has decision {live.id} ({live.action} by {live.decided_by} "
                f"at {live.decided_at}): to change it, decide again with --supersedes {live.id}"
            )
        return
    named = next((d for d in on_line if d.id == supersedes), None)
    if named is None:
        raise BadRequest(f"no decision {supersedes} on {case_id} in this proposal")
    if live is not None and live.id != supersedes:
        raise Conflict(
            f"{supersedes} was already superseded: the live decision on {case_id} is {live.id} "
            f"({live.action} by {live.decided_by} at {live.decided_at}): review it and decide "
            f"again with --supersedes {live.id}"
        )
