"""The terms' fast paths (used at region scale) equal their definitions, case by case, on a
generated PDU's day and on its whole caseload (every case held)."""

from functools import cache

from allocator.bench.instances import whole_caseload
from allocator.io.policy_files import bundled_policy
from allocator.objectives.base import PairCostObjective
from allocator.objectives.fair_flow import _arriving, _in_scope
from allocator.objectives.registry import OBJECTIVES
from allocator.objectives.stability import Stability
from allocator.problem.day import Day, build_day
from allocator.rules.eligibility import Eligibility, compute_eligibility
from allocator.synth import generate
from models import Scenario


@cache
def _days() -> list[tuple[Day, Eligibility]]:
    """A PDU's day whose previous version had a line for every third case (on some practitioner
    of the PDU), and the same PDU's whole caseload."""
    policy = bundled_policy()
    today = generate("pdu", 4)
    staff = sorted(p.id for p in today.practitioners)
    data = today.model_dump(mode="json")
    data["previous_version"] = {
        "proposal_id": "P-000001",
        "lines": {c.id: staff[i % len(staff)] for i, c in enumerate(today.cases) if i % 3 == 0},
    }
    out = []
    for s in (Scenario.model_validate(data), whole_caseload(today)):
        day = build_day(s, policy)
        out.append((day, compute_eligibility(day)))
    return out


def _assignment(day: Day, elig: Eligibility) -> dict[str, str]:
    """Every fifth case left unallocated, the others on a candidate chosen by position (the
    holder for some, another practitioner for others)."""
    return {
        c.id: cands[i % len(cands)]
        for i, c in enumerate(day.cases)
        if (cands := elig.candidates[c.id]) and i % 5
    }


def test_pair_cost_scores_are_the_sum_of_their_costs() -> None:
    """Every pair-cost term's score (which skips the costs its class leaves at 0) equals the
    sum over the day's cases of the pair cost of an allocated case and the unallocated cost
    of the others."""
    for day, elig in _days():
        assignment = _assignment(day, elig)
        for term in OBJECTIVES:
            if not isinstance(term, PairCostObjective):
                continue
            by_definition = sum(
                term.pair_cost(day, c.id, assignment[c.id])
                if c.id in assignment
                else term.unallocated_cost(day, c.id)
                for c in day.cases
            )
            assert term.score(day, elig, assignment) == by_definition, term.name


def test_stability_cheapest_is_the_lowest_cost_among_the_candidates() -> None:
    """Stability's shortcut equals the generic lowest pair cost for every case, with and
    without candidates, with and without a previous line."""
    seen = set()
    for day, elig in _days():
        term = Stability()
        for c in day.cases:
            for pids in (elig.candidates[c.id], elig.candidates[c.id][1:], []):
                fast = term.cheapest(day, c.id, pids)
                assert fast == PairCostObjective.cheapest(term, day, c.id, pids), c.id
                seen.add(fast)
    assert seen == {0, 1}


def test_fair_flow_scope_is_the_practitioners_new_work_could_reach() -> None:
    """The counted scope equals the practitioners ``_arriving`` lists case by case, in the
    same order."""
    for day, elig in _days():
        assert _in_scope(day, elig) == list(_arriving(day, elig))
