"""Each aggregate rule's batch check (used by the checker at region scale) says exactly what
its per-practitioner check says."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator.problem.assignment import AssignmentState
from allocator.problem.day import build_day
from allocator.rules.eligibility import compute_eligibility
from allocator.rules.registry import AGGREGATE_RULES
from tests.engine.test_properties import days


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days(), st.data())
def test_batch_violations_equal_per_practitioner_violations(day, data) -> None:  # type: ignore[no-untyped-def]
    """For a random assignment over random eligible-or-not pairs, violations() lists exactly the
    practitioners (and sentences) for which violation_at() finds a breach."""
    s, pol = day
    d = build_day(s, pol)
    elig = compute_eligibility(d)
    holders = [p.id for p in d.holders()]
    assignment = {}
    for c in d.cases:
        options = [None, *holders] if holders else [None]
        pid = data.draw(st.sampled_from(options))
        if pid is not None:
            assignment[c.id] = pid
    assert elig is not None
    for rule in AGGREGATE_RULES:
        expected = [
            (p.id, sentence)
            for p in d.staff
            if (sentence := rule.violation_at(d, assignment, p)) is not None
        ]
        assert rule.violations(d, assignment) == expected, rule.name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days(), st.data())
def test_adding_one_case_equals_checking_the_grown_assignment(day, data) -> None:  # type: ignore[no-untyped-def]
    """violation_adding(stats of A, c, p) says exactly what violation_at(A + {c: p}, p) says,
    for every unallocated case c and practitioner p."""
    s, pol = day
    d = build_day(s, pol)
    holders = [p.id for p in d.holders()]
    assignment = {}
    for c in d.cases:
        pid = data.draw(st.sampled_from([None, *holders]))
        if pid is not None:
            assignment[c.id] = pid
    stats = AssignmentState.of(d, assignment)
    for c in d.cases:
        if c.id in assignment:
            continue
        for p in d.holders():
            for rule in AGGREGATE_RULES:
                grown = {**assignment, c.id: p.id}
                assert rule.violation_adding(d, stats, c, p) == rule.violation_at(d, grown, p), (
                    rule.name
                )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days(), st.data())
def test_stats_add_equals_recomputing_the_stats(day, data) -> None:  # type: ignore[no-untyped-def]
    """Adding one unallocated case to an assignment's stats gives the grown assignment's stats."""
    s, pol = day
    d = build_day(s, pol)
    holders = [p.id for p in d.holders()]
    if not holders:
        return
    assignment = {}
    for c in d.cases:
        pid = data.draw(st.sampled_from([None, *holders]))
        if pid is not None:
            assignment[c.id] = pid
    for c in d.cases:
        if c.id in assignment:
            continue
        p = data.draw(st.sampled_from(holders))
        stats = AssignmentState.of(d, assignment)
        stats.give(d, c.id, p)
        grown = AssignmentState.of(d, {**assignment, c.id: p})
        assert (stats.load, +stats.arriving, +stats.new, +stats.leaving) == (
            grown.load,
            +grown.arriving,
            +grown.new,
            +grown.leaving,
        )
