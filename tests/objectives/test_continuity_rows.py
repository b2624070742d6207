"""The large method's row of continuity costs equals the pair-by-pair cost, case by case."""

from allocator.bench.instances import whole_caseload
from allocator.io.policy_files import bundled_policy
from allocator.objectives.base import PairCostObjective
from allocator.objectives.continuity import Continuity, continuity_cost, continuity_costs_to
from allocator.problem.day import build_day
from allocator.rules.eligibility import compute_eligibility
from allocator.synth import generate


def test_rows_agree_with_the_pair_cost_for_every_case_and_candidate() -> None:
    """A PDU's day (new cases with and without a POD, tier changes, returning cases) and its
    whole caseload (every case held, rows shared by a class): the anchor's 0, the POD's 1 or
    0, elsewhere 2, and all 0 for a case with no POD to keep."""
    policy = bundled_policy()
    day_list = generate("pdu", 4)
    assert any(c.pod_id is None for c in day_list.cases)
    assert any(c.previous_practitioner_id for c in day_list.cases)
    for scenario in (day_list, whole_caseload(day_list)):
        day = build_day(scenario, policy)
        elig = compute_eligibility(day)
        seen: set[int] = set()
        for case in day.cases:
            pids = elig.candidates[case.id]
            row = continuity_costs_to(day, case.id, pids)
            assert row == tuple(continuity_cost(day, case.id, p) for p in pids)
            generic = PairCostObjective.cheapest(Continuity(), day, case.id, pids)
            assert Continuity().cheapest(day, case.id, pids) == generic == min(row, default=0)
            seen.update(row)
        assert seen == {0, 1, 2}
