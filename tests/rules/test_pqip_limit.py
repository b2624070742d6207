"""PQiP limit (seed 000, principles 8 and 9): where the policy makes the POD limit blocking, a
POD with more PQiPs than POs past their NQO period gives its PQiPs no new case (by default the
line is flagged instead); the policy's pqip_max_cases caps a PQiP's caseload."""

from hypothesis import given, settings

from allocator.rules.registry import RULES_BY_NAME
from tests.builders import case, day_of, holding, policy, scenario, staff
from tests.rules.support import excluded, failed_rules, reason
from tests.rules.support_props import assignments, disagreements

RULE = RULES_BY_NAME["pqip_limit"]
NQO = "2026-06-01"  # under 12 months before 2026-11-24
BLOCKING = policy(pqip_pod_limit_blocks=True)
"""The POD ratio stops new cases only where the policy makes it blocking (docs/domain.md)."""


def _ratio_scenario():  # type: ignore[no-untyped-def]
    """POD1: 1 PO past NQO, 1 PQiP (fine). POD2: 1 PO past NQO, 1 NQO PO, 2 PQiPs (over)."""
    people = [
        staff("PO1", pod="POD1"),
        staff("Q1", "PQIP", pod="POD1", name="Quinn One"),
        staff("PO2", pod="POD2"),
        staff("NQO2", pod="POD2", qualified_on=NQO),
        staff("Q2", "PQIP", pod="POD2", name="Quinn Two"),
        staff("Q3", "PQIP", pod="POD2", name="Quinn Three"),
    ]
    cases = [
        case("NEW", "D2"),
        case("KEEP", "D1", current_practitioner_id="Q2", reason="change_in_tier"),
    ]
    return scenario(people, cases, [holding("KEEP", "Q2", "D2")])


def test_pod_within_the_ratio_is_allowed() -> None:
    """A PQiP in a POD with as many POs past NQO as PQiPs takes a new case."""
    day, _ = day_of(_ratio_scenario(), BLOCKING)
    assert reason(day, "pqip_limit", "NEW", "Q1") is None


def test_pod_over_the_ratio_gives_its_pqips_no_new_case() -> None:
    """POD2 has 2 PQiPs and 1 PO past NQO (the NQO does not count): no new case to its PQiPs."""
    day, _ = day_of(_ratio_scenario(), BLOCKING)
    assert (
        reason(day, "pqip_limit", "NEW", "Q2")
        == "POD POD2 has 2 PQiPs but only 1 PO past the NQO period, so Quinn Two takes no new "
        "cases (POD principle 8)."
    )


def test_over_the_ratio_keeps_a_held_tier_change() -> None:
    """A PQiP in a POD over the ratio keeps a tier-change case they already hold."""
    day, _ = day_of(_ratio_scenario(), BLOCKING)
    assert reason(day, "pqip_limit", "KEEP", "Q2") is None
    assert reason(day, "pqip_limit", "KEEP", "Q3") is not None


def test_the_rule_does_not_touch_other_grades() -> None:
    """POs in a POD over the ratio are not limited by it."""
    day, _ = day_of(_ratio_scenario(), BLOCKING)
    assert reason(day, "pqip_limit", "NEW", "NQO2") is None
    assert reason(day, "pqip_limit", "NEW", "PO2") is None


def test_eligibility_excludes_exactly_the_pqips_of_the_pod_over_the_ratio() -> None:
    """compute_eligibility excludes Q2 and Q3 from the new case and Q3 from KEEP."""
    _, elig = day_of(_ratio_scenario(), BLOCKING)
    assert excluded(elig, "NEW") == {"Q2", "Q3"}
    assert failed_rules(elig, "NEW", "Q2") == ["pqip_limit"]
    assert excluded(elig, "KEEP") == {"Q3"}


def test_by_default_the_ratio_flags_the_line_instead_of_blocking() -> None:
    """Under the default policy POD2's PQiPs may take the new case; a proposal giving it to one
    says so on the line, at oversight level 2."""
    from allocator import propose
    from allocator.check import check

    s = _ratio_scenario()
    _, elig = day_of(s)
    assert excluded(elig, "NEW") == set()
    pod2 = [p for p in s.practitioners if p.pod_id == "POD2"]
    small = scenario(pod2, [case("NEW", "D2", pod_id="POD2")], pods=("POD1", "POD2"))
    p = propose(small, policy())
    line = next(x for x in p.lines if x.case_id == "NEW")
    assert line.practitioner_id in ("Q2", "Q3")
    assert "pqip_pod_limit" in line.oversight.triggers and line.oversight.level == 2
    assert line.notes == [
        "POD POD2 has 2 PQiP learners but 1 PO(s) past the NQO period (POD principle 8): the "
        "planner should restore the ratio."
    ]
    assert check(small, policy(), p) == []


def test_ratio_switched_off_by_policy() -> None:
    """With pqip_pod_ratio False, POD2's PQiPs take new cases."""
    _, elig = day_of(_ratio_scenario(), policy(pqip_pod_ratio=False, pqip_pod_limit_blocks=True))
    assert excluded(elig, "NEW") == set()


def _cap_scenario():  # type: ignore[no-untyped-def]
    """Cap 2. Q1 holds 1 case, Q2 holds 2, Q3 holds 3 (over the cap, one of them changing tier)."""
    people = [
        staff("PO1"),
        staff("PO2"),
        staff("PO3"),
        staff("Q1", "PQIP", name="Quinn One"),
        staff("Q2", "PQIP", name="Quinn Two"),
        staff("Q3", "PQIP", name="Quinn Three"),
        staff("S1", "PSO", name="Sam Services"),
    ]
    holdings = [
        holding("H1", "Q1", "D2"),
        holding("H2", "Q2", "D2"),
        holding("H3", "Q2", "D2"),
        holding("H4", "Q3", "D2"),
        holding("H5", "Q3", "D2"),
        holding("T3", "Q3", "D2"),
        holding("S1A", "S1", "D2"),
        holding("S1B", "S1", "D2"),
    ]
    cases = [
        case("NEW1", "D2"),
        case("NEW2", "D2"),
        case("T3", "D1", current_practitioner_id="Q3", reason="change_in_tier"),
    ]
    return scenario(people, cases, holdings)


CAP = {"pqip_max_cases": 2}


def test_pqip_under_the_cap_takes_one_more() -> None:
    """Q1 holds 1 under a cap of 2: one new case fits, two do not."""
    day, _ = day_of(_cap_scenario(), policy(**CAP))
    q1 = day.staff_by_id["Q1"]
    assert reason(day, "pqip_limit", "NEW1", "Q1") is None
    assert (
        RULE.violation_at(day, {"NEW1": "Q1", "NEW2": "Q1"}, q1)
        == "Quinn One holds 1 case; the PQiP caseload cap is 2."
    )


def test_pqip_at_the_cap_takes_no_new_case() -> None:
    """Q2 holds 2 with a cap of 2: no new case."""
    day, _ = day_of(_cap_scenario(), policy(**CAP))
    assert (
        reason(day, "pqip_limit", "NEW1", "Q2")
        == "Quinn Two holds 2 cases; the PQiP caseload cap is 2."
    )


def test_pqip_over_the_cap_keeps_a_held_tier_change() -> None:
    """Q3 holds 3 (over the cap of 2) and keeps its tier-change case T3, which does not add one;
    a new case fits only if T3 leaves (at best 3 - 1 + 1 = 3, no rise), so the pair is allowed
    and the joint limit refuses NEW1 with T3 staying."""
    day, _ = day_of(_cap_scenario(), policy(**CAP))
    q3 = day.staff_by_id["Q3"]
    assert reason(day, "pqip_limit", "T3", "Q3") is None
    assert reason(day, "pqip_limit", "NEW1", "Q3") is None
    assert RULE.violation_at(day, {"NEW1": "Q3", "T3": "Q3"}, q3) is not None
    assert RULE.violation_at(day, {"NEW1": "Q3", "T3": "Q1"}, q3) is None


def test_cap_does_not_apply_to_a_pso() -> None:
    """A PSO holding 2 is not capped by the PQiP cap."""
    day, _ = day_of(_cap_scenario(), policy(**CAP))
    assert reason(day, "pqip_limit", "NEW1", "S1") is None
    assert RULE.limits(day, day.staff_by_id["S1"]) == []


def test_no_cap_by_default() -> None:
    """Without pqip_max_cases, Q3 holding 3 takes a new case and has no linear limit."""
    day, _ = day_of(_cap_scenario())
    assert reason(day, "pqip_limit", "NEW1", "Q3") is None
    assert RULE.limits(day, day.staff_by_id["Q3"]) == []


def test_eligibility_under_the_cap() -> None:
    """compute_eligibility excludes Q2 (at the cap, nothing on today's list to give up) from a
    new case, but not Q3, who could give up T3; and only Q2 from T3, which Q3 already holds."""
    _, elig = day_of(_cap_scenario(), policy(**CAP))
    assert excluded(elig, "NEW1") == {"Q2"}
    assert failed_rules(elig, "NEW1", "Q2") == ["pqip_limit"]
    assert excluded(elig, "T3") == {"Q2"}


@settings(max_examples=50, deadline=None)
@given(
    assignment=assignments(
        {
            "NEW1": ["Q1", "Q2", "Q3", "S1"],
            "NEW2": ["Q1", "Q2", "Q3", "S1"],
            "T3": ["Q1", "Q2", "Q3", "S1"],
        }
    )
)
def test_cap_limits_agree_with_violation_at(assignment: dict[str, str]) -> None:
    """Within the POD ratio, every cap limit holds exactly when violation_at finds nothing."""
    day, _ = day_of(_cap_scenario(), policy(**CAP))
    assert disagreements(RULE, day, assignment) == []


def _ratio_pairs() -> dict[str, list[str]]:
    """The pairs the rule's own excludes allows in the ratio scenario (the solver's variables):
    the POD ratio is enforced there, per pair, not by a linear limit."""
    day, _ = day_of(_ratio_scenario(), policy(pqip_max_cases=1, pqip_pod_limit_blocks=True))
    return {
        c.id: [p.id for p in day.holders() if RULE.excludes(day, c, p) is None] for c in day.cases
    }


@settings(max_examples=50, deadline=None)
@given(assignment=assignments(_ratio_pairs()))
def test_ratio_and_cap_limits_agree_with_violation_at_on_allowed_pairs(
    assignment: dict[str, str],
) -> None:
    """Over the pairs the rule admits one by one, the cap limits agree with violation_at also in
    a POD over the ratio."""
    day, _ = day_of(_ratio_scenario(), policy(pqip_max_cases=1, pqip_pod_limit_blocks=True))
    assert disagreements(RULE, day, assignment) == []


def test_ratio_is_not_a_linear_limit() -> None:
    """The POD ratio has no linear limit: it is enforced by excluding the pair (excludes), so an
    assignment giving Q2 a new case satisfies every limit yet is a violation."""
    day, _ = day_of(_ratio_scenario(), BLOCKING)
    q2 = day.staff_by_id["Q2"]
    assert RULE.limits(day, q2) == []
    assert RULE.violation_at(day, {"NEW": "Q2"}, q2) is not None
