"""Where a PDU's points should go at its bound: a min-cost flow that keeps continuity.

The bound says the cases fit under utilisation U with points divided; it does not say who
should take what. A greedy placement keeps every case with its holder first, so a PO full of
tier C and D cases has no room left for the tier B cases only POs may hold, and the search then
stalls on a plateau above the bound. This flow sends each group of alike cases (same
candidates, same practitioner or POD that keeps continuity) to practitioners within their room
at U, at the continuity cost of each arc (0 to the anchor practitioner, 1 within their POD, 2
elsewhere), so the placement starts from a division of the points that fits and moves least.
"""

from collections import defaultdict

from ortools.graph.python import min_cost_flow

from allocator.objectives.continuity import continuity_costs_to
from allocator.problem.day import Day
from allocator.rules.eligibility import Eligibility
from allocator.solve.large.bound import room_at

Group = tuple[tuple[str, ...], tuple[int, ...]]
"""Candidates and the continuity cost to each: cases alike in both are interchangeable."""
Plan = dict[Group, dict[str, int]]


def group_of(day: Day, elig: Eligibility, cid: str) -> Group:
    """What makes two cases interchangeable in the plan: candidates and their costs
    (computed once per case and day: the plan and the placement along it both ask)."""
    table = day.memo.setdefault("plan_groups", {})
    assert isinstance(table, dict)
    group = table.get(cid)
    if group is None:
        cands = elig.candidates[cid]
        group = table[cid] = (tuple(cands), continuity_costs_to(day, cid, cands))
    return group


def plan_points(
    day: Day, elig: Eligibility, cases: list[str], scope: list[str], u: int
) -> Plan | None:
    """Points of each group each practitioner takes at utilisation ``u``, at the least
    continuity cost; None when the points do not all fit (``u`` below the bound)."""
    groups: dict[Group, int] = defaultdict(int)
    for cid in cases:
        groups[group_of(day, elig, cid)] += day.points[cid]
    total = sum(groups.values())
    if total == 0:
        return {}
    index = {pid: 2 + i for i, pid in enumerate(scope)}
    flow = min_cost_flow.SimpleMinCostFlow()
    ordered = sorted(groups.items())
    arcs: list[list[tuple[str, int]]] = []
    for g, ((cands, costs), points) in enumerate(ordered):
        node = 2 + len(scope) + g
        flow.add_arc_with_capacity_and_unit_cost(0, node, points, 0)
        arcs.append(
            [
                (pid, flow.add_arc_with_capacity_and_unit_cost(node, index[pid], points, c))
                for pid, c in zip(cands, costs, strict=True)
            ]
        )
    for pid in scope:
        flow.add_arc_with_capacity_and_unit_cost(index[pid], 1, max(0, room_at(day, pid, u)), 0)
    flow.set_node_supply(0, total)
    flow.set_node_supply(1, -total)
    if flow.solve() != flow.OPTIMAL:
        return None  # not every point fits at u
    out: Plan = {}
    for ((cands, costs), _), group_arcs in zip(ordered, arcs, strict=True):
        out[(cands, costs)] = {pid: flow.flow(a) for pid, a in group_arcs if flow.flow(a) > 0}
    return out
