"""A proven lower bound on continuity for every allocation the ranks above it allow.

The large method reports continuity against this bound instead of the pair floor (each case
at its cheapest candidate) when the ranks above continuity are proven: every placeable case is
placed, and the highest utilisation is known not to exceed a level (``over_target`` proven at
its bound: the balance target plus that bound; or the highest utilisation itself). Then every
allowed allocation places every placeable case at one of its candidates, with each
practitioner's points at most ``room_at(level)`` (the level, and never above the capacity
rule) on top of the load today's list cannot take off them.

The relaxation (why every allowed allocation costs at least what it returns):

- Continuity's pair costs (``allocator.objectives.continuity``): a case with a practitioner to
  keep (its anchor) costs 0 there, 1 elsewhere in the anchor's POD, 2 outside it; a new case
  with a POD costs 0 in its POD, 2 outside; a report, or a case with no POD, costs 0.
- Per case, its *cheap arcs* are its candidates in its POD (the anchor included); every other
  candidate costs 2, the most any candidate costs. The relaxed problem lets a case take a
  cheap arc, at that arc's cost and within the practitioner's room, or, when it has a
  candidate outside its POD, go *out* at cost 2 using no room at all. The points of cases
  placed by out-of-POD arcs are forgotten, as are the other hard limits (new-allocation
  volume, PQiP caps): each only constrains the true problem further.
- Any allowed allocation maps to a feasible point of the relaxation of the same cost: a case
  at a POD member takes that cheap arc (its room holds at least the cheap cases it gets),
  a case outside goes out (cost 2 either way). So the relaxation's optimum, or any proven
  lower bound on it, is at most the continuity of every allowed allocation.
- Every cheap arc of a case ends in its POD, so PODs share no practitioner through them and
  the relaxation's optimum is the sum of the PODs'. A POD is settled without a solver when a
  quick lower bound (each case at its cheapest arc, plus the cases that cannot all stay at
  the one practitioner where they are cheapest: a knapsack per practitioner, exact by taking
  the smallest) meets the cost of a greedy solution of the relaxation; the others are solved
  by CP-SAT over groups of alike cases (same arcs, points and out option), one worker and a
  deterministic work limit, whose proven bound is taken: the same input gives the same bound
  on any machine, under any load. A POD CP-SAT proves nothing more about keeps the quick
  lower bound.

The bound of one call is valid for its cases; the sum over calls is valid when no
practitioner is a candidate in two of them: PDUs share no practitioner (the ``pdu_scope``
rule), so the day's bound is the sum of its PDUs' (``continuity_bound`` per PDU).
"""

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable

from ortools.sat.python import cp_model

from allocator.objectives.continuity import continuity_anchor
from allocator.problem.day import Day
from allocator.rules.eligibility import Eligibility
from allocator.solve.large.bound import room_at

OUT_COST = 2
"""Continuity's cost outside the POD that keeps it, the most any pair costs."""

DETERMINISTIC_TIME = 2.0
"""CP-SAT's work limit per contested POD (deterministic seconds, not the clock)."""

Arcs = tuple[tuple[str, int], ...]
"""A case's cheap arcs: (practitioner, continuity cost) in practitioner order."""

GroupKey = tuple[Arcs, int, bool]
"""Alike cases of a POD: their cheap arcs, their points, whether they may go out."""


def _pod_members(day: Day) -> dict[str, tuple[list[str], frozenset[str]]]:
    """Every POD's practitioners, in id order and as a set; listed once per day (each PDU's
    call reads it)."""
    cached = day.memo.get("pod_members")
    if isinstance(cached, dict):
        return cached
    ordered: dict[str, list[str]] = {}
    for p in day.staff:
        ordered.setdefault(p.pod_id, []).append(p.id)
    out = {pod: (pids, frozenset(pids)) for pod, pids in ordered.items()}
    day.memo["pod_members"] = out
    return out


def _in_pod(pids: list[str], members: tuple[list[str], frozenset[str]]) -> list[str]:
    """The members of a POD (in id order, and as a set) among a sorted candidate list: the
    candidates between the first and the last member's id that are members (two bisections
    per case when, as usual, a POD's ids are close together)."""
    ordered, inside = members
    low = bisect_left(pids, ordered[0])
    high = bisect_right(pids, ordered[-1], low)
    return [q for q in pids[low:high] if q in inside]


def room_left(day: Day, elig: Eligibility, pids: Iterable[str], level: int) -> dict[str, int]:
    """Points of today's placeable cases each of ``pids`` may hold at ``level`` (per mille),
    never below 0: ``room_at`` less the held cases that stay because no one may take them
    (they are never allocated, so their points stay with their holder)."""
    staying: dict[str, int] = defaultdict(int)
    for pid in pids:
        for cid in day.listed_held.get(pid, []):
            if not elig.candidates[cid]:
                staying[pid] += day.held_points[cid]
    return {pid: max(0, room_at(day, pid, level) - staying[pid]) for pid in pids}


def cheap_arcs(
    day: Day, elig: Eligibility, cases: list[str]
) -> tuple[dict[str, tuple[Arcs, bool]], int]:
    """Per case whose continuity a choice can change: its cheap arcs, and whether it has a
    candidate outside its POD (it may go out). Then the continuity no choice changes: 2 for
    each case with a POD to keep but no candidate in it."""
    members_of = _pod_members(day)
    arcs_of: dict[str, tuple[Arcs, bool]] = {}
    fixed = 0
    for cid in cases:
        pids = elig.candidates[cid]
        anchor, pod, in_pod = continuity_anchor(day, cid)
        if pod is None or not pids:
            continue
        members = members_of.get(pod)  # a POD may have no staff: every candidate costs 2
        in_pod_pids = _in_pod(pids, members) if members else []
        arcs = tuple((q, 0 if q == anchor else in_pod) for q in in_pod_pids)
        if arcs:
            arcs_of[cid] = (arcs, len(arcs) < len(pids))
        else:
            fixed += OUT_COST
    return arcs_of, fixed


def _quick_bounds(groups: dict[GroupKey, int], room: dict[str, int]) -> tuple[int, int | None]:
    """(a lower bound, the cost of one solution, or None) of a POD's relaxation, without a
    solver; when the two meet, that is its optimum.

    Lower: each case at its cheapest arc, plus 1 for every case that cannot stay at the one
    practitioner where it is cheapest (its anchor, or its POD's only candidate): at most the
    most such cases that fit in that practitioner's room stay, and the most that fit are the
    smallest, so the count that must leave is exact per practitioner. Every other option of
    such a case costs at least 1 more. Upper: those smallest kept there, then every other case
    at its cheapest arc with room left (first fit), else out at 2 when it may go out (None
    when one may not)."""
    lower = 0
    upper = 0
    alone: dict[str, list[tuple[int, GroupKey, int]]] = defaultdict(list)
    others: list[tuple[int, GroupKey, int]] = []
    for key, count in sorted(groups.items()):
        arcs = key[0]
        low = min(cost for _, cost in arcs)
        lower += low * count
        at_low = [q for q, cost in arcs if cost == low]
        if len(at_low) == 1:
            alone[at_low[0]].append((key[1], key, count))
        else:
            others.append((len(at_low), key, count))
    left = dict(room)
    for q, items in sorted(alone.items()):
        for points, key, count in sorted(items):
            kept = min(count, left[q] // points) if points else count
            left[q] -= kept * points
            upper += min(cost for _, cost in key[0]) * kept
            if kept < count:
                lower += count - kept
                others.append((len(groups), key, count - kept))
    for _, (arcs, points, may_leave), count in sorted(others):
        for q, cost in sorted(arcs, key=lambda arc: (arc[1], arc[0])):
            taken = min(count, left[q] // points) if points else count
            left[q] -= taken * points
            upper += cost * taken
            count -= taken
        if count and not may_leave:
            return lower, None
        upper += OUT_COST * count
    return lower, upper


def _solve_pod(
    groups: dict[GroupKey, int], room: dict[str, int], deterministic_time: float
) -> int | None:
    """CP-SAT's proven lower bound on one POD's relaxation: per group and cheap arc, how many
    of its cases take it, the rest out; each practitioner's room holds. None when CP-SAT
    proves nothing, or finds the relaxation infeasible (the premises do not hold).

    The model is written straight into its proto (a country has some 350 of them to build):
    integer counts, one equality per group, one knapsack row per practitioner."""
    model = cp_model.CpModel()
    proto = model.proto
    load_vars: dict[str, list[int]] = defaultdict(list)
    load_coefs: dict[str, list[int]] = defaultdict(list)
    cost_vars: list[int] = []
    cost_coefs: list[int] = []

    def new_count(most: int) -> int:
        proto.variables.add().domain.extend([0, most])
        return len(proto.variables) - 1

    for (arcs, points, may_leave), count in sorted(groups.items()):
        mine = []
        for q, cost in arcs:
            most = min(count, room[q] // points) if points else count
            if most <= 0:
                continue
            v = new_count(most)
            mine.append(v)
            if points:
                load_vars[q].append(v)
                load_coefs[q].append(points)
            if cost:
                cost_vars.append(v)
                cost_coefs.append(cost)
        if may_leave:
            v = new_count(count)
            mine.append(v)
            cost_vars.append(v)
            cost_coefs.append(OUT_COST)
        if not mine:
            return None
        placed = proto.constraints.add().linear
        placed.vars.extend(mine)
        placed.coeffs.extend([1] * len(mine))
        placed.domain.extend([count, count])
    for q, variables in load_vars.items():
        held = proto.constraints.add().linear
        held.vars.extend(variables)
        held.coeffs.extend(load_coefs[q])
        held.domain.extend([0, room[q]])
    proto.objective.vars.extend(cost_vars)
    proto.objective.coeffs.extend(cost_coefs)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # one worker: the bound at a work limit is reproducible
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = deterministic_time
    # These small integer programs are solved fastest by the LP with cuts, without presolve.
    solver.parameters.cp_model_presolve = False
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.linearization_level = 2
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return math.ceil(solver.best_objective_bound - 1e-6)


def continuity_bound(
    day: Day,
    elig: Eligibility,
    cases: list[str],
    level: int,
    deterministic_time: float = DETERMINISTIC_TIME,
) -> int:
    """A lower bound on the continuity of ``cases`` (a PDU's placeable cases) over every
    allocation that places all of them within ``level`` (per-mille utilisation of each
    receiver, never above the capacity rule); see the module docstring for why it is valid.

    Parameters
    ----------
    day, elig:
        The day and its eligibility (a case goes only to its candidates).
    cases:
        The placeable cases of one PDU, or of several PDUs (PDUs share no practitioner).
    level:
        The per-mille utilisation no receiver exceeds in any allocation the ranks above
        continuity allow.
    deterministic_time:
        CP-SAT's work limit per contested POD, in deterministic seconds.

    Returns
    -------
    int
        At least the cases' cheapest costs (the pair floor's share), at most the continuity
        of any allocation meeting the premises.
    """
    arcs_of, total = cheap_arcs(day, elig, cases)
    by_pod: dict[str, dict[GroupKey, int]] = defaultdict(lambda: defaultdict(int))
    for cid, (arcs, may_leave) in arcs_of.items():
        by_pod[day.staff_by_id[arcs[0][0]].pod_id][(arcs, day.points[cid], may_leave)] += 1
    for _, groups in sorted(by_pod.items()):
        room = room_left(day, elig, sorted({q for arcs, _, _ in groups for q, _ in arcs}), level)
        lower, upper = _quick_bounds(groups, room)
        if upper == lower:
            total += lower
            continue
        proven = _solve_pod(groups, room, deterministic_time)
        total += lower if proven is None else max(lower, proven)
    return total
