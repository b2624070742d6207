"""A stage the flow bound already proves is not solved, and the answer's figures are the same.

The first stage (cases left unallocated, overdue, over the target) is at its optimum when the
start places every placeable case and its highest utilisation is at the flow bound: then no
allocation can do better on any of its ranks, and CP-SAT is not asked to prove it.
"""

import pytest

from allocator.bench.instances import instance
from allocator.io.policy_files import bundled_policy
from allocator.objectives.base import Objective
from allocator.objectives.registry import ranked_objectives
from allocator.problem.day import Assignment, Day, build_day
from allocator.rules.eligibility import Eligibility, compute_eligibility
from allocator.solve.cpsat import solve as cpsat_solve
from allocator.solve.cpsat.floors import flow_floors
from allocator.solve.greedy import active_limits, greedy_assignment
from allocator.solve.outcome import SolveOutcome
from allocator.solve.settings import SolveSettings


def _day(seed: int) -> tuple[Day, Eligibility, list[tuple[int, int, Objective]], Assignment]:
    """Generated daily day ``seed``, its eligibility, ranked terms and the engine's start."""
    day = build_day(instance("daily", seed), bundled_policy())
    elig = compute_eligibility(day)
    return day, elig, ranked_objectives(day.policy), greedy_assignment(day, elig, True)


def _solve(seed: int) -> SolveOutcome:
    day, elig, terms, start = _day(seed)
    return cpsat_solve.solve_day(day, elig, active_limits(day), terms, start, SolveSettings())


def test_the_flow_floors_of_a_start_at_the_flow_bound() -> None:
    """Daily day 1: the greedy start places all 94 placeable cases at a highest utilisation
    of 103.1%, which is the flow bound; the floors are that utilisation and its 31 tenths of a
    percent over the 100% target."""
    day, elig, terms, start = _day(1)
    specs = {o.name: o.spec(day, elig) for _, _, o in terms}
    assert flow_floors(day, elig, terms, specs, start) == {
        "over_target": 31,
        "max_utilisation": 1031,
    }


def test_no_flow_floor_for_a_start_that_leaves_a_placeable_case_out() -> None:
    """Without every placeable case placed the flow bound proves nothing about the optimum
    (an allocation may leave a case out to stay lower), so no floor is given."""
    day, elig, terms, start = _day(1)
    specs = {o.name: o.spec(day, elig) for _, _, o in terms}
    short = dict(start)
    short.pop(sorted(short)[0])
    assert flow_floors(day, elig, terms, specs, short) == {}


def test_a_stage_proven_by_the_flow_bound_is_skipped_with_the_same_figures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Daily day 1 solved with and without the flow floors: with them the first stage is
    proven without CP-SAT (one stage at its floor instead of none) and every term has the
    same value and bound, all proven optimal."""
    with_floors = _solve(1)
    monkeypatch.setattr(cpsat_solve, "flow_floors", lambda *a: {})
    without = _solve(1)
    assert with_floors.parameters["stages_at_floor"] == 1
    assert without.parameters["stages_at_floor"] == 0
    assert with_floors.status == without.status == "OPTIMAL"
    figures = [(t.name, t.value, t.bound) for t in with_floors.terms]
    assert figures == [(t.name, t.value, t.bound) for t in without.terms]
