"""Reports per day: a practitioner's reports of each type today, those already held for today
included, stay within ``policy.court.max_reports_per_day``; the solver's linear limits agree
with the rule's own check."""

from hypothesis import given, settings

from allocator.problem.assignment import AssignmentState
from allocator.rules.registry import RULES_BY_NAME
from tests.builders import DAY, day_of, policy
from tests.court_builders import court_scenario, report, writer
from tests.rules.support import reason
from tests.rules.support_props import assignments, disagreements

RULE = RULES_BY_NAME["reports_per_day"]
LIMITS = {"oral": 2, "fast_delivery": 1, "standard_delivery": 1}


def _day():  # type: ignore[no-untyped-def]
    held = {"court_id": "CRT1", "on": DAY.isoformat(), "reports_held": {"oral": 2}}
    people = [
        writer("FREE", name="Fay Free"),
        writer("FULL", name="Finn Full", court_rota=[held]),
    ]
    cases = [
        report("O1"),
        report("O2"),
        report("O3"),
        report("F1", "fast_delivery"),
        report("S1", "standard_delivery", due_in_days=15),
        report("S2", "oral", dangerousness_assessment=True),  # written as an SDR
    ]
    pol = policy(court={"max_reports_per_day": LIMITS})
    return day_of(court_scenario(people, cases), pol)


def test_reports_already_held_today_count() -> None:
    """Finn already holds 2 oral reports today against a limit of 2: no more oral reports,
    though a fast delivery report is still allowed."""
    day, elig = _day()
    assert reason(day, "reports_per_day", "O1", "FULL") == (
        "Finn Full would have 3 oral reports today; the policy's limit is 2 a day."
    )
    assert "FULL" not in elig.candidates["O1"]
    assert "FULL" in elig.candidates["F1"]


def test_the_type_written_counts() -> None:
    """An oral request that must be an SDR counts as an SDR: with S1 already given, Fay may not
    take S2 (limit 1 SDR), but she may take two oral reports."""
    day, _ = _day()
    fay = day.staff_by_id["FREE"]
    assert RULE.violation_at(day, {"S1": "FREE", "S2": "FREE"}, fay) == (
        "Fay Free would have 2 SDRs today; the policy's limit is 1 a day."
    )
    assert RULE.violation_at(day, {"O1": "FREE", "O2": "FREE", "S1": "FREE"}, fay) is None
    state = AssignmentState.of(day, {"S1": "FREE"})
    assert RULE.violation_adding(day, state, day.case_by_id["S2"], fay) is not None
    assert RULE.violation_adding(day, state, day.case_by_id["O1"], fay) is None


def test_violations_name_each_practitioner_over_a_limit() -> None:
    """Three oral reports to Fay break the limit of 2; the checker's list names her once."""
    day, _ = _day()
    assert RULE.violations(day, {"O1": "FREE", "O2": "FREE", "O3": "FREE"}) == [
        ("FREE", "Fay Free would have 3 oral reports today; the policy's limit is 2 a day.")
    ]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    assignments({c: ["FREE", "FULL"] for c in ("O1", "O2", "O3", "F1", "S1", "S2")}),
)
def test_limits_agree_with_the_direct_check(assignment: dict[str, str]) -> None:
    """For any assignment of the six requests, "every linear limit holds" and "violation_at
    is None" agree for both writers."""
    day, _ = _day()
    assert disagreements(RULE, day, assignment) == []
