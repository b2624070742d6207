"""Run the engine and the baseline on one instance and measure what an analyst compares.

Every figure is computed from the assignment with the day's own definitions (utilisation in
tenths of a percent over the practitioners who could take a case), so the engine and the
baseline are measured with one ruler; every result is checked against the hard rules.
"""

import resource
import statistics
import time
from dataclasses import asdict, dataclass, replace

from allocator import SolveSettings, propose
from allocator.check import check, check_assignment
from allocator.objectives.continuity import continuity_cost
from allocator.objectives.moves import Moves
from allocator.objectives.utilisation import MaxUtilisation, Spread
from allocator.problem.day import Assignment, Day, build_day
from allocator.rules.eligibility import Eligibility, compute_eligibility
from allocator.solve.greedy import greedy_assignment
from models import Policy, Scenario


@dataclass
class Result:
    """One method on one instance."""

    instance: str
    method: str
    cases: int
    practitioners: int
    allocated: int
    max_util_pct: float
    spread_pct: float
    kept_in_pod_pct: float
    moves: int
    time_s: float
    peak_rss_mb: float
    bound_pct: float | None
    gap_pct: float | None
    valid: bool
    status: str

    def row(self) -> dict[str, object]:
        """The result as a flat dict (one CSV row)."""
        return asdict(self)


def _figures(
    day: Day, elig: Eligibility, assignment: Assignment
) -> tuple[float, float, float, int]:
    """Highest utilisation and spread (%, as the objective terms count them), share kept in
    their POD, and moves."""
    top = MaxUtilisation().score(day, elig, assignment)
    spread = Spread().score(day, elig, assignment)
    kept = sum(1 for cid, pid in assignment.items() if continuity_cost(day, cid, pid) < 2)
    moves = Moves().score(day, elig, assignment)
    return top / 10, spread / 10, 100 * kept / max(1, len(assignment)), moves


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_engine(name: str, s: Scenario, policy: Policy, time_limit: float, repeats: int) -> Result:
    """The engine (CP-SAT for a day, the large method above it), timed over ``repeats``."""
    times, proposal = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        proposal = propose(s, policy, SolveSettings(time_limit_s=time_limit))
        times.append(time.perf_counter() - started)
    assert proposal is not None
    day = build_day(s, policy)
    elig = compute_eligibility(day)
    assignment = {line.case_id: line.practitioner_id for line in proposal.lines}
    term = next(o for o in proposal.objective if o.name == MaxUtilisation.name)
    gap = 100 * (term.value - term.bound) / max(1, term.value)
    valid = check(s, policy, proposal) == []
    status = proposal.run.status
    return _result(
        name, "engine", day, elig, assignment, times, term.bound / 10, gap, valid, status
    )


def run_greedy(
    name: str, s: Scenario, policy: Policy, bound_pct: float | None, repeats: int
) -> Result:
    """Highest risk first, to the least-utilised eligible practitioner, same hard rules."""
    times, assignment = [], {}
    for _ in range(repeats):
        started = time.perf_counter()
        day = build_day(s, policy)
        elig = compute_eligibility(day)
        assignment = greedy_assignment(day, elig, prefer_continuity=False)
        times.append(time.perf_counter() - started)
    valid = check_assignment(s, policy, assignment) == []
    out = _result(name, "greedy", day, elig, assignment, times, bound_pct, None, valid, "HEURISTIC")
    if bound_pct is not None:  # measured against the engine's bound, from greedy's own top
        top = out.max_util_pct
        out = replace(out, gap_pct=100 * (top - bound_pct) / max(0.1, top))
    return out


def _result(
    name: str,
    method: str,
    day: Day,
    elig: Eligibility,
    assignment: Assignment,
    times: list[float],
    bound_pct: float | None,
    gap_pct: float | None,
    valid: bool,
    status: str,
) -> Result:
    """One method's row: the allocation's figures, the median time and the peak memory."""
    top, spread, kept, moves = _figures(day, elig, assignment)
    return Result(
        name,
        method,
        len(day.cases),
        len(day.holders()),
        len(assignment),
        top,
        spread,
        kept,
        moves,
        statistics.median(times),
        _peak_mb(),
        bound_pct,
        gap_pct,
        valid,
        status,
    )
