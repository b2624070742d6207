"""Solve a large day PDU by PDU: flow bound, placement at the bound, local search, tidy.

PDUs share no practitioner, so each is solved as its own day and balanced to its own highest
utilisation: a light PDU is not left as loaded as the day's worst one just because that does
not raise the day's highest figure (the objective's max is day-wide; continuity would
otherwise keep every case where it is up to that level).

Returns the same outcome as the CP-SAT adapter, so that explanations, the checker and the
proposal are the same whichever adapter solved the day. Its proven bounds: the highest
utilisation's (by flow: for placing every placeable case, or, when some are left, for every
allocation that leaves no more risk unallocated: ``ranked_bound``) and the unallocated terms'
(cases no practitioner may take must stay unallocated); the other terms are reported with a
trivial bound.
"""

import time

import ortools

from allocator.book import Book
from allocator.cpsat.solve import SolveOutcome, TermResult
from allocator.day import Assignment, Day
from allocator.eligibility import Eligibility
from allocator.flow.bound import by_pdu, ranked_bound, utilisation_bound
from allocator.flow.search import (
    Budget,
    allocation_order,
    construct,
    fill,
    fill_by_ejection,
    improve,
    tidy,
)
from allocator.objectives.base import Objective, permille_up
from allocator.objectives.utilisation import MaxUtilisation
from allocator.rules.base import Limit, stats_add, stats_of
from allocator.rules.capacity import allowed_points
from allocator.rules.registry import AGGREGATE_RULES
from allocator.settings import SolveSettings


def _settle(day: Day, elig: Eligibility, assignment: Assignment, placeable: list[str]) -> int:
    """Place, in priority order, any unallocated case that the aggregate rules themselves (not
    the search's running book) let one of its candidates take; returns how many. The checker
    refuses a proposal whose blocked case could be added, so this makes sure from the rules'
    side, whatever the search's time limit interrupted."""
    aggregates = [r for r in AGGREGATE_RULES if r.enabled(day)]
    stats = stats_of(day, assignment)
    placed = 0
    for cid in sorted(
        (c for c in placeable if c not in assignment), key=lambda c: allocation_order(day, c)
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


def _search_part(
    book: Book, cases: list[str], scope: list[str], target: int, hi: int, budget: Budget
) -> int:
    """Allocate one PDU's cases in ``book`` and push its highest utilisation down; returns the
    number of improving steps. Moves and fills alternate: lowering the top practitioner can make
    room for a case nobody could take, and allocation ranks first."""
    construct(book, cases, min(target, hi), short=target > hi)
    fill(book, cases)
    steps = improve(book, scope, budget)
    while not budget.exhausted and (fill(book, cases) or fill_by_ejection(book, cases, budget)):
        steps += improve(book, scope, budget)
    return steps


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
    parts = by_pdu(day, placeable)
    bounds = utilisation_bound(day, elig, parts, hi)
    target = min(max(bounds.values(), default=0), hi)
    report(
        f"large: flow bound {target / 10:.1f}% for every placeable case, "
        f"{time.perf_counter() - started:.1f}s"
    )
    book = Book(day, elig, limits)
    steps = 0
    by_clock = False
    for i, (pdu, cases) in enumerate(sorted(parts.items()), start=1):
        part_scope = sorted({p for c in cases for p in elig.candidates[c]})
        units = settings.large_work_units * len(cases) // max(1, len(placeable)) + 1
        budget = Budget(units, deadline)
        part_steps = _search_part(book, cases, part_scope, bounds[pdu], hi, budget)
        steps += part_steps
        tidy(book, cases, part_scope, Budget(len(cases) + 1, deadline))
        fill(book, cases)  # maximal: no blocked case could be added to the result
        by_clock = by_clock or budget.by_clock
        top = max((book.util(p) for p in part_scope), default=0)
        left = sum(1 for c in cases if c not in book.assignment)
        report(
            f"large: PDU {i} of {len(parts)} ({len(cases):,} cases, {left:,} unallocated, "
            f"{part_steps:,} steps) "
            f"highest {top / 10:.1f}%, "
            f"bound {bounds[pdu] / 10:.1f}%, {time.perf_counter() - started:.1f}s"
        )
    assignment = dict(book.assignment)
    settled = _settle(day, elig, assignment, placeable)
    if settled:
        report(f"large: {settled} more cases placed on the rules' own check")
    value = MaxUtilisation().score(day, elig, assignment)
    report(f"large: {steps} improving steps, highest {value / 10:.1f}%, bound {target / 10:.1f}%")
    if sorted(assignment) != placeable:
        # Some cases are left: bound every allocation that leaves no more risk unallocated.
        target = ranked_bound(day, elig, placeable, set(assignment), value)
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
