"""A proven lower bound on the highest utilisation, by bisection with a max-flow per PDU.

At a utilisation U (tenths of a percent) each practitioner in scope can hold at most
floor(U x available / 1000) points (and never more than the capacity rule allows). If the
cases' points cannot flow from the cases, through their eligible practitioners, into those
capacities, no allocation of those cases reaches U: points are divisible in the flow, whole
cases are not, so the flow is a relaxation and its threshold a valid bound. The other limits
(new-allocation volume, PQiP caps) are left out, which only weakens the bound. PDUs share no
practitioner, so the region's bound is the worst PDU's.
"""

from bisect import bisect_right
from collections import defaultdict

from ortools.graph.python import max_flow

from allocator.day import Day
from allocator.eligibility import Eligibility
from allocator.greedy import BAND_ORDER
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

    def set_capacities(self, u: int) -> bool:
        """Give each practitioner the points they may hold at utilisation ``u``; False when one
        of them is over ``u`` on fixed load alone."""
        for arc, pid in zip(self.sink_arcs, self.scope, strict=True):
            room = min(
                u * self.day.available[pid] // 1000, allowed_points(self.day, pid)
            ) - fixed_load(self.day, pid)
            if room < 0:
                return False
            self.flow.set_arc_capacity(arc, room)
        return True

    def max_points(self) -> int:
        """The most points of the cases that flow into the capacities last set."""
        if self.total == 0:
            return 0
        if self.flow.solve(0, 1) != self.flow.OPTIMAL:
            raise RuntimeError("max-flow failed on the bound's network")
        return self.flow.optimal_flow()

    def feasible(self, u: int) -> bool:
        """Whether every case's points fit under utilisation ``u`` (divisible points)."""
        return self.set_capacities(u) and self.max_points() == self.total


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


def by_pdu(day: Day, cases: list[str]) -> dict[str, list[str]]:
    """The cases grouped by their PDU: the parts of the day that share no practitioner."""
    out: dict[str, list[str]] = defaultdict(list)
    for cid in cases:
        out[day.case_by_id[cid].pdu_id].append(cid)
    return dict(out)


def ranked_bound(
    day: Day, elig: Eligibility, placeable: list[str], allocated: set[str], hi: int
) -> int:
    """A lower bound on the highest utilisation of every allocation at least as good as
    ``allocated`` on the first rank (cases left unallocated, by risk band).

    The first rank is lexicographic by band. Let k be the first band (highest risk first) that
    ``allocated`` leaves short. An allocation at least as good must then place every placeable
    case of the bands above k, and at least as many cases of band k as ``allocated`` does
    (over the whole day: a PDU may place fewer if another places more). At a utilisation U, a
    PDU can place at most N(U) cases of band k beside all its higher bands: the largest n whose
    n smallest band-k cases fit, with the higher bands, in the max-flow of those bands' points.
    U is out of reach when some PDU cannot place its higher bands or the N(U) fall short of the
    count. Lower bands, the second rank and unallocated cases staying with their holder are
    left out: each only adds load, so the threshold stays a valid bound. When nothing is left
    short, this is the bound for allocating every placeable case.
    """
    order = sorted(BAND_ORDER, key=BAND_ORDER.__getitem__)
    left = {day.band[c] for c in placeable if c not in allocated}
    short = next((b for b in order if b in left), None)
    if short is None:
        bounds = utilisation_bound(day, elig, by_pdu(day, placeable), hi)
        return max(bounds.values(), default=0)
    above = set(order[: order.index(short)])
    needed = sum(1 for c in allocated if day.band[c] == short)
    parts = []
    for cases in by_pdu(day, placeable).values():
        must = [c for c in cases if day.band[c] in above]
        ranked = [c for c in cases if day.band[c] == short]
        if not must and not ranked:
            continue
        scope = sorted({p for c in must + ranked for p in elig.candidates[c]})
        prefix = [0]
        for size in sorted(day.points[c] for c in ranked):
            prefix.append(prefix[-1] + size)
        must_net = PduFlow(day, elig, must, scope) if must else None
        net = PduFlow(day, elig, must + ranked, scope)
        parts.append((must_net, net, sum(day.points[c] for c in must), prefix))

    def reachable(u: int) -> bool:
        placed = 0
        for must_net, net, must_points, prefix in parts:
            if must_net is not None and not must_net.feasible(u):
                return False
            if not net.set_capacities(u):
                return False
            placed += max(0, bisect_right(prefix, net.max_points() - must_points) - 1)
        return placed >= needed

    lo = max((net.floor() for _, net, _, _ in parts), default=0)
    if reachable(lo):
        return lo
    if not reachable(hi):
        return hi + 1
    while hi - lo > 1:  # invariant: lo out of reach, hi reachable
        mid = (lo + hi) // 2
        if reachable(mid):
            hi = mid
        else:
            lo = mid
    return hi
