"""Eligibility by classes of alike cases is exact: it equals evaluating every rule on every pair."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator.problem.day import build_day
from allocator.rules.eligibility import compute_eligibility
from allocator.rules.registry import HARD_RULES
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
            # the class tables' fast paths, the holder's pair included
            names = tuple(r for r, _ in brute.get(p.id, []))
            assert elig.failed_names(c.id, p.id) == names
            assert elig.first_failed(c.id, p.id) == (names[0] if names else None)
        first: dict[str, int] = {}
        for failed in brute.values():
            first[failed[0][0]] = first.get(failed[0][0], 0) + 1
        assert elig.first_failure_counts(c.id) == dict(sorted(first.items()))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days(), st.booleans())
def test_a_rule_that_decides_holders_alike_does(day, two_pdus) -> None:  # type: ignore[no-untyped-def]
    """Every rule declaring ``holder_alike`` (eligibility then reads a holder off the class row)
    excludes a practitioner exactly when ``excludes_new`` says so, holders included."""
    s, pol = day
    if two_pdus:
        s = move_pod_to_pdu(s, "POD2", "PDU2")
    d = build_day(s, pol)
    alike = [r for r in HARD_RULES if r.holder_alike and r.enabled(d)]
    assert alike, "no rule declares holder_alike: the test would prove nothing"
    for c in d.cases:
        for p in d.holders():
            for r in alike:
                assert (r.excludes(d, c, p) is not None) == r.excludes_new(d, c, p), (r.name, c.id)
