"""The alternatives a line names are priced rank by rank (engine/explain.py): the same
practitioners, in the same order, with the same costs as pricing every term for every eligible
practitioner and sorting."""

from allocator import SolveSettings
from allocator.bench.instances import instance
from allocator.engine.assign import solve_outcome
from allocator.engine.explain import _cheapest_alternatives, _delta_vector
from allocator.io.policy_files import bundled_policy
from allocator.objectives.registry import day_objectives
from allocator.problem.assignment import AssignmentState
from allocator.problem.day import build_day
from allocator.rules.eligibility import compute_eligibility


def test_rank_by_rank_pricing_matches_the_full_sort() -> None:
    """On a generated daily day's proposal, for every allocated case and for one, two and five
    alternatives, the rank-by-rank choice equals the first n of every candidate sorted by its
    whole vector of rank changes, then by id, and each chosen one's per-term changes are the
    full pricing's."""
    day = build_day(instance("daily", 3), bundled_policy())
    elig = compute_eligibility(day)
    ranked = day_objectives(day)
    outcome, _ = solve_outcome(day, elig, ranked, SolveSettings(time_limit_s=1.0))
    view = AssignmentState.of(day, outcome.assignment)
    checked = 0
    for cid, pid in sorted(outcome.assignment.items()):
        pool = [q for q in elig.candidates[cid] if q != pid]
        full = [(*_delta_vector(day, elig, view, ranked, cid, q), q) for q in pool]
        expected = [(q, per_term) for _, per_term, q in sorted(full, key=lambda o: (o[0], o[2]))]
        for n in (1, 2, 5):
            assert _cheapest_alternatives(day, elig, view, ranked, cid, pool, n) == expected[:n]
        checked += len(pool) > 2
    assert checked > 50  # most lines have a real choice to price
