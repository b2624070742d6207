"""Where a PDU's points should go at its bound: a min-cost flow that keeps continuity.

The bound says the cases fit under utilisation U with points divided; it does not say who
should take what. A greedy placement keeps every case with its holder first, so a PO full of
tier C and D cases has no room left for the tier B cases only POs may hold, and the search then
stalls on a plateau above the bound. This flow sends each group of alike cases (same
candidates, same practitioner or POD that keeps continuity) to practitioners within their room
at U, at the continuity cost of each arc (0 to the anchor practitioner, 1 within their POD, 2
elsewhere), so the placement starts from a division of the points that fits and moves least.

A region's PDU has some ten thousand groups and close to a million arcs: the network is handed
to OR-tools as arrays (``add_arcs_with_capacity_and_unit_cost``), in exactly the order the arcs
were once added one by one (per group its arc from the source, then one per candidate; then
one arc per practitioner to the sink), so the network, and the flow the solver returns, are
the same.
"""

import numpy as np
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
    (computed once per case and day: the plan and the placement along it both ask). Cases
    that share a candidate list and a row of costs share one ``Group`` object."""
    table = day.memo.setdefault("plan_groups", {})
    assert isinstance(table, dict)
    group = table.get(cid)
    if group is None:
        cands = elig.candidates[cid]
        costs = continuity_costs_to(day, cid, cands)
        shared = day.memo.setdefault("plan_group_objects", {})
        assert isinstance(shared, dict)
        # Keyed by the identities of the list (alike cases share their candidate list) and of
        # the row (shared by ``continuity_costs_to``); both are kept in the entry so that
        # their ids are not reused while the day lives.
        key = (id(cands), id(costs))
        entry = shared.get(key)
        if entry is None or entry[0] is not cands or entry[1] is not costs:
            entry = shared[key] = (cands, costs, (tuple(cands), costs))
        group = table[cid] = entry[2]
    return group


def _points_by_group(day: Day, elig: Eligibility, cases: list[str]) -> dict[Group, int]:
    """Points of ``cases`` per group, hashing each distinct group object once."""
    by_object: dict[int, list] = {}
    for cid in cases:
        group = group_of(day, elig, cid)
        entry = by_object.get(id(group))
        if entry is None:
            by_object[id(group)] = [group, day.points[cid]]
        else:
            entry[1] += day.points[cid]
    groups: dict[Group, int] = {}
    for group, points in by_object.values():
        groups[group] = groups.get(group, 0) + points
    return groups


def plan_points(
    day: Day, elig: Eligibility, cases: list[str], scope: list[str], u: int
) -> Plan | None:
    """Points of each group each practitioner takes at utilisation ``u``, at the least
    continuity cost; None when the points do not all fit (``u`` below the bound)."""
    groups = _points_by_group(day, elig, cases)
    total = sum(groups.values())
    if total == 0:
        return {}
    ordered = sorted(groups.items())
    n_groups = len(ordered)
    index = {pid: 2 + i for i, pid in enumerate(scope)}
    sizes = np.fromiter((len(c) for (c, _), _ in ordered), dtype=np.int64, count=n_groups)
    points = np.fromiter((p for _, p in ordered), dtype=np.int64, count=n_groups)
    nodes = 2 + len(scope) + np.arange(n_groups, dtype=np.int64)
    n_pairs = int(sizes.sum())
    # Group g's block of arcs: its arc from the source at ``starts[g]``, its candidates after.
    starts = np.concatenate(([0], np.cumsum(sizes + 1)[:-1]))
    pair_at = np.ones(n_pairs + n_groups, dtype=bool)
    pair_at[starts] = False
    tails = np.empty(n_pairs + n_groups, dtype=np.int32)
    heads = np.empty(n_pairs + n_groups, dtype=np.int32)
    costs = np.zeros(n_pairs + n_groups, dtype=np.int64)
    tails[starts] = 0
    heads[starts] = nodes
    tails[pair_at] = np.repeat(nodes, sizes)
    heads[pair_at] = np.fromiter(
        (index[pid] for (cands, _), _ in ordered for pid in cands), dtype=np.int32, count=n_pairs
    )
    costs[pair_at] = np.fromiter(
        (c for (_, row), _ in ordered for c in row), dtype=np.int64, count=n_pairs
    )
    capacities = np.repeat(points, sizes + 1)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    rooms = np.fromiter((max(0, room_at(day, pid, u)) for pid in scope), np.int64, len(scope))
    flow.add_arcs_with_capacity_and_unit_cost(
        np.fromiter(index.values(), np.int32, len(scope)),
        np.ones(len(scope), dtype=np.int32),
        rooms,
        np.zeros(len(scope), dtype=np.int64),
    )
    flow.set_node_supply(0, total)
    flow.set_node_supply(1, -total)
    if flow.solve() != flow.OPTIMAL:
        return None  # not every point fits at u
    pair_arcs = np.flatnonzero(pair_at).astype(np.int32)
    sent = np.asarray(flow.flows(pair_arcs))
    # Positive flows, as (group, position among its candidates); pairs are in group order.
    used = np.flatnonzero(sent > 0)
    first_pair = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    owner = np.searchsorted(first_pair, used, side="right") - 1
    shares: list[dict[str, int]] = [{} for _ in ordered]
    at = (used - first_pair[owner]).tolist()
    for g, k, f in zip(owner.tolist(), at, sent[used].tolist(), strict=True):
        shares[g][ordered[g][0][0][k]] = f
    return {group: share for (group, _), share in zip(ordered, shares, strict=True)}
