"""The web service's one adapter to the engine and the store: the day's versions per PDU.

Everything the pages do to the durable record goes through ``Desk``: propose a PDU's day,
record a decision, re-solve, read the versions, verify the audit chain. It uses only the
store's public API (``Store``, ``decide``, ``line_states``, ``allocator.store.resolve``), so the
store can change underneath it (SQLAlchemy, identity checks) with this module as the one place
to adjust.

Versions of a day: a PDU's first proposal for a date is made on first view and every re-solve
adds the next version; the current version is the newest. Proposing and re-solving for one PDU
and day are serialised by an in-process lock, and so is recording a decision against the
version check, so that a decision can never land on a version a concurrent re-solve has just
superseded. Two SPOs on the same line are told apart by the store itself (a conflict). One
server process is assumed (the engine stays loaded in it); see docs/web.md.
"""

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass

from allocator import SolveSettings, propose
from allocator.problem.day import Day
from allocator.rules.eligibility import Eligibility, compute_eligibility
from allocator.store import (
    Conflict,
    Decision,
    DecisionRequest,
    LineState,
    SavedProposal,
    Store,
    decide,
    line_states,
)
from allocator.store.deciding import day_of
from allocator.store.resolve import Resolved, resolve
from allocator.web.scope import scenario_for_pdu
from models.policy import Policy
from models.scenario import Scenario

DayKey = tuple[dt.date, str]


class Superseded(Conflict):
    """A decision or re-solve posted against a version of the day that is no longer current."""

    def __init__(self, stale: str, current: str) -> None:
        super().__init__(
            f"{stale} has been superseded by {current}: your decision was not recorded. "
            f"Open the current version, {current}, and decide there."
        )
        self.stale, self.current = stale, current


def now_utc() -> dt.datetime:
    """The time of a decision or a save, taken at the edge, in UTC."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Loaded:
    """A saved proposal with the figures its pages need, computed once and kept."""

    saved: SavedProposal
    day: Day
    eligibility: Eligibility
    pdu_id: str


class Desk:
    """The day's scenario, its versions per PDU, and the store they are recorded in."""

    def __init__(
        self,
        target: str,
        scenario: Scenario,
        policy: Policy,
        settings: SolveSettings | None = None,
    ) -> None:
        self.target = target
        self.settings = settings or SolveSettings(time_limit_s=10.0)
        self._local = threading.local()
        self._locks: dict[DayKey, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        self._versions: dict[DayKey, list[str]] = {}
        self._cache: OrderedDict[str, Loaded] = OrderedDict()
        self._cache_guard = threading.Lock()
        Store.open(target, create=True).close()
        self.set_day(scenario, policy)
        self._index()

    # The day -----------------------------------------------------------------------------

    def set_day(self, scenario: Scenario, policy: Policy) -> None:
        """Make ``scenario`` the day the pages show (the default day, or an upload)."""
        self.scenario, self.policy = scenario, policy

    @property
    def date(self) -> dt.date:
        """The date of the day shown."""
        return self.scenario.date

    def pods_of(self, pdu_id: str) -> set[str]:
        """The PODs of a PDU in today's scenario."""
        return {p.id for p in self.scenario.pods if p.pdu_id == pdu_id}

    # The store ---------------------------------------------------------------------------

    def store(self) -> Store:
        """This thread's connection (the server's worker threads each keep one)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store.open(self.target)
            self._local.store = store
        return store

    def _lock(self, key: DayKey) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(key, threading.Lock())

    def _index(self) -> None:
        """Find the versions already recorded, per day and PDU (a one-PDU proposal)."""
        store = self.store()
        for pid in store.proposal_ids():
            saved = store.proposal(pid)
            pdus = {c.pdu_id for c in saved.scenario.cases}
            if len(pdus) == 1:
                self._versions.setdefault((saved.scenario.date, pdus.pop()), []).append(pid)

    def versions(self, pdu_id: str, day: dt.date | None = None) -> list[str]:
        """The ids of a PDU's versions of the day, oldest first."""
        return list(self._versions.get((day or self.date, pdu_id), []))

    def current_id(self, pdu_id: str, day: dt.date | None = None) -> str | None:
        """The current (newest) version of a PDU's day, or None before the first proposal."""
        v = self._versions.get((day or self.date, pdu_id))
        return v[-1] if v else None

    def loaded(self, proposal_id: str) -> Loaded:
        """A saved proposal with its day and eligibility (kept for the pages that follow)."""
        with self._cache_guard:
            hit = self._cache.get(proposal_id)
            if hit is not None:
                self._cache.move_to_end(proposal_id)
                return hit
        saved = self.store().proposal(proposal_id)
        day = day_of(saved)
        pdus = {c.pdu_id for c in saved.scenario.cases} or {saved.scenario.pdus[0].id}
        item = Loaded(saved, day, compute_eligibility(day), sorted(pdus)[0])
        with self._cache_guard:
            self._cache[proposal_id] = item
            while len(self._cache) > 64:
                self._cache.popitem(last=False)
        return item

    def current(self, pdu_id: str) -> Loaded:
        """Today's current version for the PDU, proposed now if there is none yet."""
        key = (self.date, pdu_id)
        pid = self.current_id(pdu_id)
        if pid is None:
            with self._lock(key):
                pid = self.current_id(pdu_id)
                if pid is None:
                    sub = scenario_for_pdu(self.scenario, pdu_id)
                    proposal = propose(sub, self.policy, self.settings)
                    saved = self.store().save_proposal(proposal, sub, self.policy, now_utc())
                    self._versions.setdefault(key, []).append(saved.id)
                    pid = saved.id
        return self.loaded(pid)

    def _key_of(self, proposal_id: str) -> DayKey:
        item = self.loaded(proposal_id)
        return (item.saved.scenario.date, item.pdu_id)

    def _require_current(self, proposal_id: str, key: DayKey) -> None:
        versions = self._versions.get(key, [])
        if versions and versions[-1] != proposal_id:
            raise Superseded(proposal_id, versions[-1])

    def states(self, proposal_id: str) -> list[LineState]:
        """Every case of the version with its effective decision (carried ones included)."""
        return line_states(self.store(), self.loaded(proposal_id).saved)

    def decisions(self, proposal_id: str) -> list[Decision]:
        """Every decision recorded on the version, superseded ones included."""
        return self.store().decisions(proposal_id)

    def decide(self, request: DecisionRequest) -> Decision:
        """Record a decision on the current version; refuse one on a superseded version."""
        key = self._key_of(request.proposal_id)
        with self._lock(key):
            self._require_current(request.proposal_id, key)
            return decide(self.store(), request, now_utc())

    def resolve(self, proposal_id: str) -> Resolved:
        """Re-solve the current version around its decisions; the result is the new version."""
        key = self._key_of(proposal_id)
        with self._lock(key):
            self._require_current(proposal_id, key)
            r = resolve(self.store(), proposal_id, now_utc(), self.settings)
            self._versions.setdefault(key, []).append(r.saved.id)
        return r

    def close(self) -> None:
        """Close this thread's connection (the others close with their threads)."""
        store = getattr(self._local, "store", None)
        if store is not None:
            store.close()
            self._local.store = None
