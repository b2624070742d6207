"""``assign`` gives the assignment, status, gap and bounds that ``propose`` gives, without the
proposal's lines: the planner's figures rest on it."""

import pytest

from allocator import SolveSettings, propose
from allocator.bench.instances import instance
from allocator.engine.assign import Assigned, assign
from allocator.io.policy_files import bundled_policy
from models import Policy, Scenario
from tests.builders import case, holding, policy, scenario, staff


def _from_proposal(s: Scenario, pol: Policy, settings: SolveSettings) -> Assigned:
    """What ``propose`` says, in ``assign``'s shape (wall time left out)."""
    p = propose(s, pol, settings)
    return Assigned(
        assignment={ln.case_id: ln.practitioner_id for ln in p.lines},
        blocked=[b.case_id for b in p.blocked],
        status=p.run.status,
        gap=p.gap,
        bounds={o.name: o.bound for o in p.objective},
        wall_time_s=0.0,
    )


def _without_time(a: Assigned) -> Assigned:
    return Assigned(a.assignment, a.blocked, a.status, a.gap, a.bounds, 0.0)


def test_assign_is_propose_without_the_lines_on_a_small_day() -> None:
    """CP-SAT, solved to optimality: two PO cases for two POs, a tier A case only one of them
    may take (the other is a PSO), one case nobody can take: same assignment, blocked case,
    status, gap and bounds."""
    s = scenario(
        [staff("P1"), staff("P2"), staff("S1", "PSO")],
        [case("C1", "C2"), case("C2", "A3"), case("C3", "C2", pdu="PDU2")],
        [holding("H1", "P1", "C1")],
    )
    settings = SolveSettings(time_limit_s=10)
    got = _without_time(assign(s, policy(), settings))
    assert got == _from_proposal(s, policy(), settings)
    assert got.status == "OPTIMAL" and got.blocked == ["C3"]


@pytest.mark.parametrize("seed", [1, 2])
def test_assign_is_propose_without_the_lines_with_the_large_method(seed: int) -> None:
    """A generated PDU's whole caseload (about a thousand cases) by the large method: the same."""
    s = instance("1k", seed)
    pol = s.policy or bundled_policy()
    settings = SolveSettings(method="large", time_limit_s=60)
    got = _without_time(assign(s, pol, settings))
    assert got == _from_proposal(s, pol, settings)
    assert got.assignment
