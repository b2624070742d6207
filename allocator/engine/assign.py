"""The solver's assignment, without the proposal built around it.

``propose`` turns an assignment into a proposal an SPO reads: a reason, counts and
alternatives per line, a blocking set per blocked case, the input digest for the record. A
caller that reads only who holds what (the restructure planner rebalancing a region's 48,000
holdings) pays for none of that here, and gets the same assignment: both call
``solve_outcome``, the one place that chooses the method and runs it.
"""

import time
from dataclasses import dataclass

from allocator.engine.explain import Ranked
from allocator.objectives.registry import day_objectives
from allocator.problem.day import Assignment, Day, build_day
from allocator.rules.eligibility import Eligibility, compute_eligibility
from allocator.solve.cpsat import solve_day
from allocator.solve.greedy import active_limits, greedy_assignment
from allocator.solve.large import solve_large
from allocator.solve.large.after import Finish
from allocator.solve.outcome import SolveOutcome
from allocator.solve.settings import SolveSettings
from models.policy import Policy
from models.scenario import Scenario


def solve_outcome(
    day: Day,
    elig: Eligibility,
    ranked: Ranked,
    settings: SolveSettings,
    finish: Finish | None = None,
) -> tuple[SolveOutcome, bool]:
    """The solver's outcome for ``day`` and whether the large method gave it.

    The method: ``settings.method``, or with "auto" CP-SAT up to ``large_above_pairs`` eligible
    pairs and the large method above. An outcome whose objective disagrees with its own terms
    is a bug and raises, never a result. ``finish`` is what the large method does with each
    part beside its search (``propose``: its explanations; ``assign`` asks for none, so the
    planner pays for none); CP-SAT ignores it.
    """
    pairs = sum(len(c) for c in elig.candidates.values())
    large = settings.method == "large" or (
        settings.method == "auto" and pairs > settings.large_above_pairs
    )
    if large:
        outcome = solve_large(day, elig, active_limits(day), ranked, settings, finish)
    else:
        start = greedy_assignment(day, elig, prefer_continuity=True)
        outcome = solve_day(day, elig, active_limits(day), ranked, start, settings)
    if outcome.inconsistencies:
        raise RuntimeError(
            "solver objective disagrees with its terms: " + "; ".join(outcome.inconsistencies)
        )
    return outcome, large


@dataclass(frozen=True)
class Assigned:
    """Who holds what after the solve, and what the solver proved: the figures a proposal's
    run record and objective carry, without its lines."""

    assignment: Assignment
    """Allocated cases, case id -> practitioner id; every other case on the list is blocked."""
    blocked: list[str]
    """Cases on the list the solve could not place, in id order."""
    status: str
    """As ``Proposal.run.status``: NOTHING_TO_ALLOCATE for an empty list."""
    gap: float
    bounds: dict[str, int]
    """Each ranked term's proven bound, by term name (as ``Proposal.objective``)."""
    wall_time_s: float


def assign(scenario: Scenario, policy: Policy, settings: SolveSettings | None = None) -> Assigned:
    """The assignment ``propose(scenario, policy, settings)`` would give (no pins), with its
    status, gap and bounds, and nothing else: no explanation, no input digest."""
    settings = settings or SolveSettings()
    started = time.perf_counter()
    day = build_day(scenario, policy)
    elig = compute_eligibility(day)
    outcome, _ = solve_outcome(day, elig, day_objectives(day), settings)
    return Assigned(
        assignment=dict(outcome.assignment),
        blocked=[c.id for c in day.cases if c.id not in outcome.assignment],
        status=outcome.status if day.cases else "NOTHING_TO_ALLOCATE",
        gap=round(outcome.gap, 6),
        bounds={t.name: t.bound for t in outcome.terms},
        wall_time_s=round(time.perf_counter() - started, 3),
    )
