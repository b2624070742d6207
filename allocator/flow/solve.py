"""Solve a large day: greedy start, flow bound, placement at the bound, local search.

Returns the same outcome as the CP-SAT adapter, so that explanations, the checker and the
proposal are the same whichever adapter solved the day. Its proven bounds: the highest
utilisation's (by flow, for allocating the same cases) and the unallocated terms' (cases no
practitioner may take must stay unallocated); the other terms are reported with a trivial bound.
"""

import time
from collections import defaultdict

import ortools

from allocator.cpsat.solve import SolveOutcome, TermResult
from allocator.day import Assignment, Day
from allocator.eligibility import Eligibility
from allocator.flow.bound import utilisation_bound
from allocator.flow.search import Budget, construct, fill, improve, tidy
from allocator.greedy import BAND_ORDER
from allocator.objectives.base import Objective, permille_up
from allocator.objectives.utilisation import MaxUtilisation
from allocator.rules.base import Limit, stats_add, stats_of
from allocator.rules.capacity import allowed_points
from allocator.rules.registry import AGGREGATE_RULES
from allocator.settings import SolveSettings


def _by_pdu(day: Day, cases: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for cid in cases:
        out[day.case_by_id[cid].pdu_id].append(cid)
    return dict(out)


def _settle(day: Day, elig: Eligibility, assignment: Assignment, placeable: list[str]) -> int:
    """Place, in priority order, any unallocated case that the aggregate rules themselves (not
    the search's running book) let one of its candidates take; returns how many. The checker
    refuses a proposal whose blocked case could be added, so this makes sure from the rules'
    side, whatever the search's time limit interrupted."""
    aggregates = [r for r in AGGREGATE_RULES if r.enabled(day)]
    stats = stats_of(day, assignment)
    placed = 0
    for cid in sorted(
        (c for c in placeable if c not in assignment),
        key=lambda c: (BAND_ORDER[day.band[c]], -day.overdue_days[c], c),
    ):
        case = day.case_by_id[cid]
        for q in sorted(
            elig.candidates[cid], key=lambda q: (permille_up(stats.load[q], day.available[q]), q)
        ):
            p = day.staff_by_id[q]
            if not any(r.violation_adding(day, stats, case, p) for r in aggregates):
                assignment[cid] = q
                stats_add(day, stats, cid, q)
                placed += 1
                break
    return placed


def solve_large(
    day: Day,
    elig: Eligibility,
    limits: list[Limit],
    terms: list[tuple[int, int, Objective]],
    settings: SolveSettings,
) -> SolveOutcome:
    """Allocate a large day within ``settings.time_limit_s``; see the module docstring."""
    started = time.perf_counter()
    deadline = started + settings.time_limit_s
    report = settings.progress or (lambda line: None)
    scope = elig.receivers()
    placeable = sorted(c.id for c in day.cases if elig.candidates[c.id])
    hi = max(
        (permille_up(allowed_points(day, p), day.available[p]) for p in scope),
        default=0,
    )
    bounds = utilisation_bound(day, elig, _by_pdu(day, placeable), hi)
    target = min(max(bounds.values(), default=0), hi)
    report(
        f"large: flow bound {target / 10:.1f}% for every placeable case, {time.perf_counter() - started:.1f}s"
    )
    book = construct(day, elig, limits, placeable, target)
    fill(book, placeable)
    first = Budget(settings.large_work_units * 6 // 10, deadline)
    steps = improve(book, scope, first)
    second = Budget(settings.large_work_units - first.used, deadline)
    if fill(book, placeable):  # the moves made room for cases that had none
        steps += improve(book, scope, second)
    last = Budget(len(book.assignment) + 1, deadline)
    tidy(book, scope, last)
    by_clock = first.by_clock or second.by_clock or last.by_clock
    fill(book, placeable)  # maximal: no blocked case could be added to the result
    assignment = dict(book.assignment)
    settled = _settle(day, elig, assignment, placeable)
    if settled:
        report(f"large: {settled} more cases placed on the rules' own check")
    value = MaxUtilisation().score(day, elig, assignment)
    report(f"large: {steps} improving steps, highest {value / 10:.1f}%, bound {target / 10:.1f}%")
    if sorted(assignment) != placeable:
        bounds = utilisation_bound(day, elig, _by_pdu(day, sorted(assignment)), value)
        target = max(bounds.values(), default=0)
    # Every case some practitioner may take, allocated: what the unallocated terms cannot beat.
    everyone = {c.id: elig.candidates[c.id][0] for c in day.cases if elig.candidates[c.id]}
    results = []
    for rank, weight, objective in terms:
        v = objective.score(day, elig, assignment)
        if objective.name == "max_utilisation":
            bound = min(v, target)
        elif objective.name.startswith("unallocated_"):
            bound = min(v, objective.score(day, elig, everyone))
        else:
            bound = 0
        results.append(TermResult(objective.name, rank, weight, v, bound))
    lead = next((t for t in results if t.value != t.bound), None)
    gap = 0.0 if lead is None else (lead.value - lead.bound) / max(1, lead.value)
    params: dict[str, str | int | float | bool] = {
        "method": "large",
        "time_limit_s": settings.time_limit_s,
        "work_units": settings.large_work_units,
    }
    if by_clock:  # the only case in which the same input may not give the same proposal
        params["stopped_by_clock"] = True
    return SolveOutcome(assignment, "FEASIBLE", results, 0, gap, params, ortools.__version__, [])
