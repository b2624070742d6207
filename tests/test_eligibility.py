"""Eligibility by classes of alike cases is exact: it equals evaluating every rule on every pair."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator.problem.day import build_day
from allocator.rules.eligibility import compute_eligibility
from tests.engine.test_properties import days
from tests.rules.support import move_pod_to_pdu


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days(), st.booleans())
def test_class_eligibility_equals_pair_by_pair(day, two_pdus) -> None:  # type: ignore[no-untyped-def]
    """Candidates (listed or asked one by one), failed rule names and first-failure counts agree with a brute-force
    evaluation of every enabled rule on every (case, case-holding practitioner) pair."""
    s, pol = day
    if two_pdus:  # POD2's staff then work in another PDU than every case
        s = move_pod_to_pdu(s, "POD2", "PDU2")
    d = build_day(s, pol)
    elig = compute_eligibility(d)
    for c in d.cases:
        brute = elig.evaluate_case(c.id)
        assert elig.candidates[c.id] == [p.id for p in d.holders() if p.id not in brute]
        for p in d.holders():
            assert elig.failed_rules(c.id, p.id) == tuple(r for r, _ in brute.get(p.id, []))
            assert elig.allows(c.id, p.id) == (p.id not in brute)
        first: dict[str, int] = {}
        for failed in brute.values():
            first[failed[0][0]] = first.get(failed[0][0], 0) + 1
        assert elig.first_failure_counts(c.id) == dict(sorted(first.items()))
