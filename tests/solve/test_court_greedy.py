"""The court benchmark's baseline (issue 17): PO-only requests first, then the rest by due
date, each to the least-loaded writer the hard rules allow."""

from allocator.check import check_assignment
from allocator.solve.greedy import court_greedy_assignment, court_order
from tests.builders import day_of, policy
from tests.court_builders import court_scenario, report, writer


def test_po_only_first_then_least_loaded() -> None:
    """B meets PO-only category 5 (high risk domestic abuse) and comes first, then A (due
    today) and C (due in two days). B can only go to the PO; A and C go to the least-loaded
    writer, the PSO S1 (0 points against S2's 500), who stays the least loaded after A."""
    people = [
        writer("P1", other_points=1000),
        writer("S1", "PSO"),
        writer("S2", "PSO", other_points=500),
    ]
    cases = [
        report("A"),
        report("B", domestic_abuse_risk="high"),
        report("C", "fast_delivery", due_in_days=2),
    ]
    s = court_scenario(people, cases)
    day, elig = day_of(s)
    assert court_order(day) == ["B", "A", "C"]
    assignment = court_greedy_assignment(day, elig)
    assert assignment == {"B": "P1", "A": "S1", "C": "S1"}
    assert check_assignment(s, policy(), assignment) == []
