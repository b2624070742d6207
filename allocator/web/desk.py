"""The web service's one adapter to the engine and the store: the day's versions per PDU.

Everything the pages do to the durable record goes through ``Desk``: propose a PDU's day,
record a decision, re-solve, read the versions, verify the audit chain. It uses only the
store's public API (``Store``, ``decide``, ``line_states``, ``allocator.store.resolve``,
``allocator.store.web_state``), so the store can change underneath it with this module as the
one place to adjust.

Versions of a day: a PDU's first version is the proposal saved first for the PDU's part of the
day shown (found by its input digest), made on first view; every re-solve adds the next
version; the current version is the newest. Nothing that decides which version is current is
kept in the process: the day shown is in the database (``web_days``), and the store refuses,
under its writers' lock, a second first version of the same input (the first one is returned),
a decision on a superseded version, and a re-solve that another one, or a decision recorded
while it ran, has overtaken. So any number of server processes on one database behave as one.
A lock per PDU and day in each process only keeps one process from solving the same day twice
at once.
"""

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass

from allocator import SolveSettings, propose
from allocator.problem.day import Day
from allocator.problem.digest import input_digest
from allocator.rules.eligibility import Eligibility, compute_eligibility
from allocator.store import (
    Decision,
    DecisionRequest,
    LineState,
    SavedProposal,
    Store,
    Superseded,
    decide,
    line_states,
)
from allocator.store.deciding import day_of
from allocator.store.resolve import Resolved, resolve
from allocator.store.web_state import SharedState
from allocator.web.scope import scenario_for_pdu
from models.policy import Policy
from models.scenario import Scenario

DayKey = tuple[dt.date, str]

__all__ = ["Desk", "Loaded", "Superseded", "now_utc"]


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
    """The day shown, its versions per PDU, and the store they are recorded in."""

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
        self._cache: OrderedDict[str, Loaded] = OrderedDict()
        self._cache_guard = threading.Lock()
        self._pdu_of: dict[str, str | None] = {}
        self._parts: dict[tuple[int, str], tuple[Scenario, str]] = {}
        Store.open(target, create=True).close()
        self.shared = SharedState(target)
        self.shared.ensure()
        self._day: tuple[int, Scenario, Policy] | None = None
        json, digest = self._recorded(scenario, policy)
        self.shared.start_day(json, digest)

    # The day -----------------------------------------------------------------------------

    @staticmethod
    def _recorded(scenario: Scenario, policy: Policy) -> tuple[str, str]:
        json = scenario.model_copy(update={"policy": policy}).model_dump_json()
        return json, input_digest(scenario, policy)

    def set_day(self, scenario: Scenario, policy: Policy, by: str = "upload") -> None:
        """Make ``scenario`` the day every process shows (an upload)."""
        json, digest = self._recorded(scenario, policy)
        self.shared.set_day(json, digest, "upload", by)

    def _current_day(self) -> tuple[int, Scenario, Policy]:
        """The newest day in the database, read again only when another one was recorded."""
        newest = self.shared.newest_day()
        day = self._day
        if newest is None:
            raise RuntimeError("no day recorded: the desk records one when it starts")
        if day is None or day[0] != newest[0]:
            json = self.shared.day_json(newest[0])
            if json is None:  # replaced between the two reads: take the newer one
                return self._current_day()
            scenario = Scenario.model_validate_json(json)
            assert scenario.policy is not None  # recorded with its resolved policy
            day = (newest[0], scenario, scenario.policy)
            self._day = day
        return day

    @property
    def scenario(self) -> Scenario:
        """The day shown (the default day, or the newest upload), with its resolved policy."""
        return self._current_day()[1]

    @property
    def policy(self) -> Policy:
        """The day's resolved policy."""
        return self._current_day()[2]

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

    def _pdu_scenario(self, pdu_id: str) -> tuple[Scenario, Policy, str]:
        """The PDU's part of the day shown, its policy and its input digest: kept per day and
        PDU, since every request asks for the current version, and a day never changes (a new
        one is a new ``web_days`` row)."""
        seq, scenario, policy = self._current_day()
        key = (seq, pdu_id)
        with self._cache_guard:
            hit = self._parts.get(key)
        if hit is None:
            sub = scenario_for_pdu(scenario, pdu_id)
            hit = (sub, input_digest(sub, policy))
            with self._cache_guard:
                self._parts = {k: v for k, v in self._parts.items() if k[0] == seq}
                self._parts[key] = hit
        return hit[0], policy, hit[1]

    def pdu_of(self, proposal_id: str) -> str | None:
        """The one PDU a saved proposal is for (None for a proposal of several)."""
        if proposal_id not in self._pdu_of:
            pdus = {c.pdu_id for c in self.store().proposal(proposal_id).scenario.cases}
            self._pdu_of[proposal_id] = pdus.pop() if len(pdus) == 1 else None
        return self._pdu_of[proposal_id]

    def versions(self, pdu_id: str, day: dt.date | None = None) -> list[str]:
        """The ids of a PDU's versions of the date, oldest first: every upload's."""
        links = self.store().proposals_on(day or self.date)
        return [pid for pid, _ in links if self.pdu_of(pid) == pdu_id]

    def current_id(self, pdu_id: str) -> str | None:
        """The current (newest) version of the PDU's part of the day shown, or None before its
        first proposal."""
        _, _, digest = self._pdu_scenario(pdu_id)
        first = self.store().first_version(digest)
        return None if first is None else self.store().versions_from(first)[-1]

    def loaded(self, proposal_id: str) -> Loaded:
        """A saved proposal with its day and eligibility (kept for the pages that follow: a
        saved proposal never changes)."""
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
        pid = self.current_id(pdu_id)
        if pid is None:
            with self._lock((self.date, pdu_id)):
                pid = self.current_id(pdu_id)
                if pid is None:
                    sub, policy, _ = self._pdu_scenario(pdu_id)
                    proposal = propose(sub, policy, self.settings)
                    store = self.store()
                    pid = store.save_proposal(proposal, sub, policy, now_utc(), once=True).id
        return self.loaded(pid)

    def _require_current(self, proposal_id: str) -> None:
        item = self.loaded(proposal_id)
        current = self.current_id(item.pdu_id)
        if current is not None and current != proposal_id:
            raise Superseded(proposal_id, current)

    def states(self, proposal_id: str) -> list[LineState]:
        """Every case of the version with its effective decision (carried ones included)."""
        return line_states(self.store(), self.loaded(proposal_id).saved)

    def decisions(self, proposal_id: str) -> list[Decision]:
        """Every decision recorded on the version, superseded ones included."""
        return self.store().decisions(proposal_id)

    def decide(self, request: DecisionRequest) -> Decision:
        """Record a decision on the current version; refuse one on a superseded version (the
        store checks it again under its writers' lock, against every process's re-solves)."""
        self._require_current(request.proposal_id)
        item = self.loaded(request.proposal_id)
        return decide(
            self.store(),
            request,
            now_utc(),
            loaded=(item.saved, item.day),
            current_only=True,
        )

    def resolve(self, proposal_id: str) -> Resolved:
        """Re-solve the current version around its decisions; the result is the new version.
        The store refuses to save it if another process re-solved the version first, or a
        decision was recorded on it while the solver ran."""
        self._require_current(proposal_id)
        item = self.loaded(proposal_id)
        with self._lock((item.saved.scenario.date, item.pdu_id)):
            self._require_current(proposal_id)
            return resolve(self.store(), proposal_id, now_utc(), self.settings, linear=True)

    def close(self) -> None:
        """Close this thread's connection (the others close with their threads)."""
        store = getattr(self._local, "store", None)
        if store is not None:
            store.close()
            self._local.store = None
