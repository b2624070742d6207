"""A proven lower bound on the highest utilisation, by bisection with a max-flow per PDU.

At a utilisation U (tenths of a percent) each practitioner in scope can hold at most
floor(U x available / 1000) points (and never more than the capacity rule allows). If the
cases' points cannot flow from the cases, through their eligible practitioners, into those
capacities, no allocation of those cases reaches U: points are divisible in the flow, whole
cases are not, so the flow is a relaxation and its threshold a valid bound. The other limits
(new-allocation volume, PQiP caps) are left out, which only weakens the bound. PDUs share no
practitioner, so the region's bound is the worst PDU's.
"""

from collections import defaultdict

from ortools.graph.python import max_flow

from allocator.day import Day
from allocator.eligibility import Eligibility
from allocator.objectives.base import permille_up
from allocator.rules.capacity import allowed_points


def fixed_load(day: Day, pid: str) -> int:
    """Points a practitioner keeps whatever today's list does: the load not on the list."""
    return day.load_before[pid] - day.listed_held_points.get(pid, 0)


class PduFlow:
    """The flow network of one PDU: cases grouped by candidate set, then practitioners."""

    def __init__(self, day: Day, elig: Eligibility, cases: list[str], scope: list[str]) -> None:
        self.day = day
        self.scope = scope
        groups: dict[tuple[str, ...], int] = defaultdict(int)
        for cid in cases:
            groups[tuple(elig.candidates[cid])] += day.points[cid]
        self.total = sum(groups.values())
        index = {pid: 2 + len(groups) + i for i, pid in enumerate(scope)}
        self.flow = max_flow.SimpleMaxFlow()
        for g, (cands, points) in enumerate(sorted(groups.items())):
            self.flow.add_arc_with_capacity(0, 2 + g, points)
            for pid in cands:
                self.flow.add_arc_with_capacity(2 + g, index[pid], points)
        self.sink_arcs = [self.flow.add_arc_with_capacity(index[pid], 1, 0) for pid in scope]

    def floor(self) -> int:
        """The utilisation the practitioners' fixed loads alone reach."""
        return max(
            (permille_up(fixed_load(self.day, p), self.day.available[p]) for p in self.scope),
            default=0,
        )

    def feasible(self, u: int) -> bool:
        """Whether every case's points fit under utilisation ``u`` (divisible points)."""
        for arc, pid in zip(self.sink_arcs, self.scope, strict=True):
            room = min(
                u * self.day.available[pid] // 1000, allowed_points(self.day, pid)
            ) - fixed_load(self.day, pid)
            if room < 0:
                return False
            self.flow.set_arc_capacity(arc, room)
        if self.total == 0:
            return True
        status = self.flow.solve(0, 1)
        return status == self.flow.OPTIMAL and self.flow.optimal_flow() == self.total


def utilisation_bound(
    day: Day, elig: Eligibility, cases_by_pdu: dict[str, list[str]], hi: int
) -> dict[str, int]:
    """Per PDU, the lowest per-mille utilisation at which its cases' points can all flow.

    ``hi`` is a utilisation known to be reachable (the start's); a PDU whose cases cannot flow
    even there (hard limits leave too little room) reports ``hi + 1``: no bound was proven.
    """
    out: dict[str, int] = {}
    for pdu, cases in sorted(cases_by_pdu.items()):
        scope = sorted({p for c in cases for p in elig.candidates[c]})
        if scope:
            out[pdu] = _bisect(PduFlow(day, elig, cases, scope), hi)
    return out


def _bisect(net: PduFlow, hi: int) -> int:
    lo = net.floor()
    if net.feasible(lo):
        return lo
    if lo >= hi or not net.feasible(hi):
        return hi + 1
    while hi - lo > 1:  # invariant: lo infeasible, hi feasible
        mid = (lo + hi) // 2
        if net.feasible(mid):
            hi = mid
        else:
            lo = mid
    return hi
