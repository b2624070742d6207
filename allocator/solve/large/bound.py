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
from collections.abc import Callable

from ortools.graph.python import max_flow, min_cost_flow

from allocator.objectives.base import permille_up
from allocator.problem.day import Day
from allocator.rules.capacity import allowed_points
from allocator.rules.eligibility import Eligibility
from allocator.solve.greedy import BAND_ORDER


def fixed_load(day: Day, pid: str) -> int:
    """Points a practitioner keeps whatever today's list does: the load not on the list."""
    return day.load_before[pid] - day.listed_held_points.get(pid, 0)


def room_at(day: Day, pid: str, u: int, capped: bool = True) -> int:
    """Points of today's list ``pid`` may take at per-mille utilisation ``u`` (negative when
    their fixed load alone is over it); ``capped``: never above the capacity rule."""
    cap = u * day.available[pid] // 1000
    if capped:
        cap = min(cap, allowed_points(day, pid))
    return cap - fixed_load(day, pid)


def highest_allowed(day: Day, scope: list[str]) -> int:
    """The highest per-mille utilisation the capacity rule lets anyone in ``scope`` reach: a
    utilisation every allocation within the hard rules stays under."""
    return max((permille_up(allowed_points(day, p), day.available[p]) for p in scope), default=0)


def fixed_floor(day: Day, scope: list[str]) -> int:
    """The utilisation the practitioners' fixed loads alone reach."""
    return max((permille_up(fixed_load(day, p), day.available[p]) for p in scope), default=0)


def lowest_reachable(lo: int, hi: int, reachable: Callable[[int], bool]) -> int:
    """The lowest utilisation in [lo, hi] that ``reachable`` (monotone) accepts, by
    bisection; ``hi + 1`` when even ``hi`` is out of reach (no bound proven)."""
    if reachable(lo):
        return lo
    if lo >= hi or not reachable(hi):
        return hi + 1
    while hi - lo > 1:  # invariant: lo out of reach, hi reachable
        mid = (lo + hi) // 2
        if reachable(mid):
            hi = mid
        else:
            lo = mid
    return hi


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

    def set_capacities(self, u: int) -> bool:
        """Give each practitioner the points they may hold at utilisation ``u``; False when one
        of them is over ``u`` on fixed load alone."""
        for arc, pid in zip(self.sink_arcs, self.scope, strict=True):
            room = room_at(self.day, pid, u)
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
            net = PduFlow(day, elig, cases, scope)
            out[pdu] = lowest_reachable(fixed_floor(day, scope), hi, net.feasible)
    return out


def by_pdu(day: Day, cases: list[str]) -> dict[str, list[str]]:
    """The cases grouped by their PDU: the parts of the day that share no practitioner."""
    out: dict[str, list[str]] = defaultdict(list)
    for cid in cases:
        out[day.case_by_id[cid].pdu_id].append(cid)
    return dict(out)


class BandFlow:
    """How many cases of one band k a PDU can place at most, beside every placeable case of
    the bands above, at a utilisation U: a min-cost flow over groups of alike cases.

    Every case on the list is somewhere afterwards: a held case either goes to a candidate or,
    unallocated, stays with its holder and its points count there. So held cases must flow
    (to a candidate or their holder), and so must placeable cases of the bands above (to a
    candidate); a band-k point placed on a candidate earns ceil(K / size), at least K per whole
    case, so the earnings over K are at least the cases placed (a relaxation: points are
    divisible). Must-flow points earn M per point, more than any band-k point, so the optimum
    routes all of them whenever any flow does. A bypass lets new (unheld) cases stay unplaced.
    A holder not measured today (not a receiver) is a way out at no cost.
    """

    K = 1_000_000
    M = 10 * K

    def __init__(
        self,
        day: Day,
        elig: Eligibility,
        cases: list[str],
        short: str,
        above: set[str],
        receivers: frozenset[str],
    ) -> None:
        self.day = day
        # (must flow, candidates, holder or '', size): points
        groups: dict[tuple[bool, tuple[str, ...], str, int], int] = defaultdict(int)
        for cid in cases:
            band, cands = day.band[cid], tuple(elig.candidates[cid])
            holder = day.holder.get(cid)
            if holder is not None and holder not in receivers:
                continue  # it may stay where no utilisation is measured
            size = day.points[cid] if holder is None else min(day.points[cid], day.held_points[cid])
            if band in above and cands:
                groups[(True, cands, "", 0)] += day.points[cid]
            elif holder is not None:
                groups[(True, cands, holder, size if band == short else 0)] += size
            elif band == short and cands:
                groups[(False, cands, "", size)] += size
        self.scope = sorted({p for (_, cands, h, _) in groups for p in (*cands, h) if p})
        self.must_points = sum(v for (must, *_), v in groups.items() if must)
        self.total = sum(groups.values())
        # Nodes: 0 source, 1 sink, the practitioners, one node per candidate set (shared by
        # its groups, to keep the arcs few), then the groups.
        index = {pid: 2 + i for i, pid in enumerate(self.scope)}
        sets = {cands: 2 + len(index) + i for i, cands in enumerate(sorted({k[1] for k in groups}))}
        self.flow = min_cost_flow.SimpleMinCostFlow()
        for cands, node in sets.items():
            for pid in cands:
                self.flow.add_arc_with_capacity_and_unit_cost(node, index[pid], self.total, 0)
        self.must_arcs = []
        first = 2 + len(index) + len(sets)
        for g, ((must, cands, holder, size), points) in enumerate(sorted(groups.items())):
            node = first + g
            arc = self.flow.add_arc_with_capacity_and_unit_cost(
                0, node, points, -self.M if must else 0
            )
            if must:
                self.must_arcs.append(arc)
            earn = -(-self.K // size) if size else 0
            if cands:
                self.flow.add_arc_with_capacity_and_unit_cost(node, sets[cands], points, -earn)
            if holder:
                self.flow.add_arc_with_capacity_and_unit_cost(node, index[holder], points, 0)
        self.sink_arcs = [
            self.flow.add_arc_with_capacity_and_unit_cost(index[pid], 1, 0, 0) for pid in self.scope
        ]
        self.flow.add_arc_with_capacity_and_unit_cost(0, 1, self.total, 0)  # left unplaced
        self.flow.set_node_supply(0, self.total)
        self.flow.set_node_supply(1, -self.total)

    def most_placed(self, u: int) -> int | None:
        """At most how many band-k cases fit at ``u`` beside all that must flow; None when
        what must flow does not fit. Capacities are U alone: a case that stays with its holder
        is not allocated, so the capacity rule does not cap it."""
        for arc, pid in zip(self.sink_arcs, self.scope, strict=True):
            room = room_at(self.day, pid, u, capped=False)
            if room < 0:
                return None
            self.flow.set_arc_capacity(arc, room)
        if self.total == 0:
            return 0
        if self.flow.solve() != self.flow.OPTIMAL:
            raise RuntimeError("min-cost flow failed on the bound's network")
        if sum(self.flow.flow(a) for a in self.must_arcs) < self.must_points:
            return None  # some of what must flow found no room
        return (-self.flow.optimal_cost() - self.M * self.must_points) // self.K


def ranked_bound(
    day: Day, elig: Eligibility, placeable: list[str], allocated: set[str], hi: int
) -> int:
    """A lower bound on the highest utilisation of every allocation at least as good as
    ``allocated`` on the first rank (cases left unallocated, by risk band).

    The first rank is lexicographic by band. Let k be the first band (highest risk first) that
    ``allocated`` leaves short. An allocation at least as good must then place every placeable
    case of the bands above k, and at least as many cases of band k as ``allocated`` does
    (over the whole day: a PDU may place fewer if another places more). At a utilisation U, a
    PDU can place at most ``BandFlow.most_placed(U)`` cases of band k beside all its higher
    bands and every held case (allocated or staying with its holder). U is out of reach when
    some PDU cannot or those counts fall short. New cases of lower bands, the second rank and
    the other hard limits are left out: each only adds load or constraint, so the threshold
    stays a valid bound. When nothing is left short, this is the bound for allocating every
    placeable case.
    """
    order = sorted(BAND_ORDER, key=BAND_ORDER.__getitem__)
    left = {day.band[c] for c in placeable if c not in allocated}
    short = next((b for b in order if b in left), None)
    if short is None:
        bounds = utilisation_bound(day, elig, by_pdu(day, placeable), hi)
        return max(bounds.values(), default=0)
    above = set(order[: order.index(short)])
    needed = sum(1 for c in allocated if day.band[c] == short)
    receivers = elig.receivers_set()
    nets = [
        BandFlow(day, elig, cases, short, above, receivers)
        for cases in by_pdu(day, [c.id for c in day.cases]).values()
    ]

    def reachable(u: int) -> bool:
        placed = 0
        for net in nets:
            most = net.most_placed(u)
            if most is None:
                return False
            placed += most
        return placed >= needed

    lo = max((fixed_floor(day, net.scope) for net in nets), default=0)
    return lowest_reachable(lo, hi, reachable)
