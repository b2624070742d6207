"""A careful hand process, in code: highest risk first, to the least-loaded eligible practitioner.

For a court day, ``court_greedy_assignment`` is the hand process of a court team: the requests
only a PO may write first, then the rest, each to the least-loaded writer the rules allow.

It is the benchmark baseline a user would otherwise use, and (with ``prefer_continuity``) the
complete hint the solver starts from. It respects every hard rule: pairs come from the
eligibility, and the aggregate rules' linear limits are tracked by the same SearchState the large
method searches with.
"""

from allocator.objectives.base import permille_up
from allocator.objectives.continuity import continuity_cost
from allocator.problem.court import po_only_categories
from allocator.problem.day import Assignment, Day
from allocator.rules.base import Limit
from allocator.rules.eligibility import Eligibility
from allocator.rules.registry import AGGREGATE_RULES
from allocator.solve.search_state import SearchState

BAND_ORDER = {"A": 0, "B": 1, "C": 2, "D": 3}


def active_limits(day: Day) -> list[Limit]:
    """Every linear limit of every enabled aggregate rule, practitioner by practitioner."""
    rules = [r for r in AGGREGATE_RULES if r.enabled(day)]
    return [lim for p in day.holders() for r in rules for lim in r.limits(day, p)]


def priority_order(day: Day) -> list[str]:
    """Cases by risk band (A first), then most overdue, then id."""
    ordered = sorted(
        day.cases, key=lambda c: (BAND_ORDER[day.band[c.id]], -day.overdue_days[c.id], c.id)
    )
    return [c.id for c in ordered]


def greedy_assignment(day: Day, elig: Eligibility, prefer_continuity: bool = False) -> Assignment:
    """Place cases in priority order on the eligible practitioner with the lowest load after.

    With ``prefer_continuity`` the continuity cost is compared first (the solver's hint);
    without it, only the load (the plain baseline). Ties go to the lowest practitioner id.
    """
    return _least_loaded(day, elig, priority_order(day), prefer_continuity)


def _least_loaded(
    day: Day, elig: Eligibility, order: list[str], prefer_continuity: bool
) -> Assignment:
    """Each case of ``order`` in turn to the eligible practitioner who can take it with the
    lowest utilisation after it (continuity cost first when ``prefer_continuity``; ties to the
    lowest id), within every aggregate rule's limits."""
    state = SearchState(day, elig, active_limits(day))
    for cid in order:
        best: tuple[int, int, str] | None = None
        for pid in elig.candidates[cid]:
            if not state.can_take(cid, pid):
                continue
            after = (
                state.load[pid]
                + day.points[cid]
                - (day.held_points[cid] if day.holder.get(cid) == pid else 0)
            )
            key = (
                continuity_cost(day, cid, pid) if prefer_continuity else 0,
                permille_up(after, day.available[pid]),
                pid,
            )
            if best is None or key < best:
                best = key
        if best is not None:
            state.place(cid, best[2])
    return dict(state.assignment)


def court_order(day: Day) -> list[str]:
    """Report requests as a court team's duty SPO would take them by hand: those only a PO may
    write first, then the rest, each by due date, then id; supervision cases after, in their
    own priority order."""
    reports = sorted(
        (c for c in day.cases if c.report is not None),
        key=lambda c: (not po_only_categories(c.report.facts), c.report.due_date, c.id),  # type: ignore[union-attr]
    )
    ids = [c.id for c in reports]
    return ids + [cid for cid in priority_order(day) if cid not in day.report_ids]


def court_greedy_assignment(day: Day, elig: Eligibility) -> Assignment:
    """The court benchmark's baseline (issue 17): requests in ``court_order``, each to the
    eligible writer with the lowest utilisation after it (ties to the lowest id), within
    every hard rule's limits. It knows no PO share target and no same-day priority beyond
    the order: what a careful hand allocation does without the engine."""
    return _least_loaded(day, elig, court_order(day), prefer_continuity=False)
