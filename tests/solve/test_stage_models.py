"""Each CP-SAT stage's model holds only its own terms and those of the stages before it
(``solve_day`` builds a stage's terms just before the stage): the earlier stages' presolve and
linear relaxation never see the later terms' variables, and the answer is unchanged."""

from typing import Any

import pytest
from ortools.sat.python import cp_model

from allocator.bench.instances import instance
from allocator.io.policy_files import bundled_policy
from allocator.objectives.registry import day_objectives
from allocator.problem.day import build_day
from allocator.rules.eligibility import compute_eligibility
from allocator.solve.cpsat.build import build_model, build_term, term_range
from allocator.solve.cpsat.solve import solve_day
from allocator.solve.greedy import active_limits, greedy_assignment
from allocator.solve.settings import SolveSettings


def test_term_range_is_the_built_terms_range() -> None:
    """On a generated daily day, every ranked term's range computed from its spec alone is the
    range of the term built into a model (the stages are planned from the former)."""
    day = build_day(instance("daily", 2), bundled_policy())
    elig = compute_eligibility(day)
    dm = build_model(day, elig, active_limits(day))
    for _, _, o in day_objectives(day):
        spec = o.spec(day, elig)
        built = build_term(dm, day, elig, spec)
        assert term_range(day, elig, spec) == (built.lo, built.hi), o.name


def test_the_first_stages_do_not_carry_the_later_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    """Daily day 2 is solved in three CP-SAT stages: the first two models have no variable of
    the third stage's terms (the lowest utilisation, fair flow's and cohort mix's excess items,
    about 900 variables), the third has them all, and the day is still proven optimal."""
    sizes: list[int] = []
    solve = cp_model.CpSolver.solve

    def counted(self: cp_model.CpSolver, model: cp_model.CpModel, *a: Any) -> Any:
        sizes.append(len(model.proto.variables))
        return solve(self, model, *a)

    monkeypatch.setattr(cp_model.CpSolver, "solve", counted)
    day = build_day(instance("daily", 2), bundled_policy())
    elig = compute_eligibility(day)
    start = greedy_assignment(day, elig, prefer_continuity=True)
    outcome = solve_day(day, elig, active_limits(day), day_objectives(day), start, SolveSettings())
    assert outcome.status == "OPTIMAL"
    assert len(sizes) == 3
    assert sizes[0] == sizes[1] < sizes[2] - 500
    every_term = build_model(day, elig, active_limits(day))
    for _, _, o in day_objectives(day):
        build_term(every_term, day, elig, o.spec(day, elig))
    assert sizes[2] == len(every_term.model.proto.variables)


def test_only_the_stage_led_by_the_spread_is_presolved(monkeypatch: pytest.MonkeyPatch) -> None:
    """Daily day 2's first two stages are led by linear terms (cases left out, continuity) and
    solved without CP-SAT's presolve; the third, led by the spread, with it; the proposal
    records the choice among its solver parameters."""
    presolved: list[bool] = []
    solve = cp_model.CpSolver.solve

    def recorded(self: cp_model.CpSolver, *a: Any) -> Any:
        presolved.append(self.parameters.cp_model_presolve)
        return solve(self, *a)

    monkeypatch.setattr(cp_model.CpSolver, "solve", recorded)
    day = build_day(instance("daily", 2), bundled_policy())
    elig = compute_eligibility(day)
    start = greedy_assignment(day, elig, prefer_continuity=True)
    outcome = solve_day(day, elig, active_limits(day), day_objectives(day), start, SolveSettings())
    assert outcome.status == "OPTIMAL"
    assert presolved == [False, False, True]
    assert outcome.parameters["presolve_linear_led_stages"] is False
