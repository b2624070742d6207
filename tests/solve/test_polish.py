"""The polish of a later stage's start (``allocator/solve/cpsat/polish.py``): moves that keep
every fixed rank where it is and improve the stage's ranks lexicographically."""

from allocator.bench.instances import instance
from allocator.io.policy_files import bundled_policy
from allocator.objectives.base import LinearSpec, UtilisationSpec
from allocator.objectives.registry import day_objectives
from allocator.problem.day import Day, build_day
from allocator.rules.eligibility import Eligibility, compute_eligibility
from allocator.solve.cpsat.polish import polish
from allocator.solve.greedy import active_limits, greedy_assignment
from tests.builders import case, day_of, scenario, staff


def _two_cases_one_practitioner() -> tuple[Day, Eligibility, UtilisationSpec]:
    """Two alike new cases and two POs who may take either, and the spread over them."""
    day, elig = day_of(scenario([staff("P1"), staff("P2")], [case("X"), case("Y")]))
    spread = UtilisationSpec("spread", tuple(elig.receivers()))
    return day, elig, spread


def test_polish_balances_two_cases_given_to_one_practitioner() -> None:
    """Two alike new cases both on P1, P2 free: the spread is improved by moving the first
    case (in id order) to P2, and nothing else moves."""
    day, elig, spread = _two_cases_one_practitioner()
    start = {"X": "P1", "Y": "P1"}
    out = polish(day, elig, active_limits(day), start, [], [[(1, spread)]])
    assert out == {"X": "P2", "Y": "P1"}


def test_polish_keeps_a_fixed_rank() -> None:
    """A fixed rank that costs X with P2: the move that balances is then Y's, and with both
    cases costed with P2 nothing moves at all."""
    day, elig, spread = _two_cases_one_practitioner()
    start = {"X": "P1", "Y": "P1"}
    limits = active_limits(day)
    x_costs = LinearSpec(pair={("X", "P2"): 1})
    assert polish(day, elig, limits, start, [[(1, x_costs)]], [[(1, spread)]]) == {
        "X": "P1",
        "Y": "P2",
    }
    both = LinearSpec(pair={("X", "P2"): 1, ("Y", "P2"): 1})
    assert polish(day, elig, limits, start, [[(1, both)]], [[(1, spread)]]) == start


def test_polish_of_a_daily_day_changes_no_fixed_rank_and_improves_the_goal() -> None:
    """Generated daily days 1 and 4 from the engine's greedy start: with every rank before the
    spread fixed and the spread, rank 14 and moves as the goal, each fixed term's own score
    (``Objective.score``, not the specs the polish reads) is unchanged, the set of allocated
    cases is the same, and the goal's rank values are lexicographically lower."""
    for seed in (1, 4):
        day = build_day(instance("daily", seed), bundled_policy())
        elig = compute_eligibility(day)
        ranked = day_objectives(day)
        start = greedy_assignment(day, elig, prefer_continuity=True)
        spread_rank = next(r for r, _, o in ranked if o.name == "spread")
        ranks = sorted({r for r, _, _ in ranked})
        by_rank = {r: [(w, o) for q, w, o in ranked if q == r] for r in ranks}
        fixed = [r for r in ranks if r < spread_rank]
        goal = [r for r in ranks if r >= spread_rank]
        specs = {r: [(w, o.spec(day, elig)) for w, o in by_rank[r]] for r in ranks}
        out = polish(
            day,
            elig,
            active_limits(day),
            start,
            [specs[r] for r in fixed],
            [specs[r] for r in goal],
        )

        def values(a: dict[str, str], among: list[int]) -> list[int]:
            return [sum(w * o.score(day, elig, a) for w, o in by_rank[r]) for r in among]  # noqa: B023

        assert set(out) == set(start)
        assert values(out, fixed) == values(start, fixed)
        assert values(out, goal) < values(start, goal)
