"""New-allocation volume (seed 001, Wales lesson): no more than the policy's new allocations per
practitioner per day and per week; a case staying with its current practitioner is not new."""

from hypothesis import given, settings

from allocator.rules.registry import RULES_BY_NAME
from tests.builders import case, day_of, holding, policy, scenario, staff
from tests.rules.support import excluded, failed_rules, reason
from tests.rules.support_props import assignments, disagreements, limit_holds

RULE = RULES_BY_NAME["new_allocation_volume"]
LIMITS = {"max_new_per_day": 2, "max_new_per_week": 5}


def _scenario():  # type: ignore[no-untyped-def]
    people = [
        staff("FRESH", name="Fay Fresh"),
        staff("DAYFULL", name="Dee Dayfull", allocations_today=2, allocations_this_week=2),
        staff("ONELEFT", name="Oli Oneleft", allocations_today=1, allocations_this_week=4),
        staff("WEEKFULL", name="Wyn Weekfull", allocations_today=0, allocations_this_week=5),
    ]
    cases = [
        case("N1"),
        case("N2"),
        case("N3"),
        case("KEEP", current_practitioner_id="DAYFULL", reason="change_in_tier"),
    ]
    return scenario(people, cases, [holding("KEEP", "DAYFULL", "C3")])


def test_no_limit_by_default() -> None:
    """The default policy sets no limit, so the rule is off and excludes nobody."""
    day, elig = day_of(_scenario())
    assert not RULE.enabled(day)
    assert all(excluded(elig, c) == set() for c in ("N1", "N2", "N3"))


def test_room_left_is_allowed() -> None:
    """A practitioner under both limits takes a new case."""
    day, _ = day_of(_scenario(), policy(**LIMITS))
    assert reason(day, "new_allocation_volume", "N1", "FRESH") is None
    assert reason(day, "new_allocation_volume", "N1", "ONELEFT") is None


def test_daily_limit_reached() -> None:
    """2 allocations today with a daily limit of 2: no new case."""
    day, _ = day_of(_scenario(), policy(**LIMITS))
    assert (
        reason(day, "new_allocation_volume", "N1", "DAYFULL")
        == "Dee Dayfull has had 2 new allocations today; the limit is 2."
    )


def test_weekly_limit_reached() -> None:
    """5 allocations this week with a weekly limit of 5: no new case, though today is clear."""
    day, _ = day_of(_scenario(), policy(**LIMITS))
    assert (
        reason(day, "new_allocation_volume", "N1", "WEEKFULL")
        == "Wyn Weekfull has had 5 new allocations this week; the limit is 5."
    )


def test_a_case_staying_with_its_holder_is_not_new() -> None:
    """DAYFULL is at the daily limit but keeps the tier-change case they already hold."""
    day, _ = day_of(_scenario(), policy(**LIMITS))
    assert reason(day, "new_allocation_volume", "KEEP", "DAYFULL") is None
    # ... and not for the others, for whom KEEP would be new.
    assert reason(day, "new_allocation_volume", "KEEP", "WEEKFULL") is not None


def test_several_new_cases_count_together() -> None:
    """FRESH may take two new cases today but not three; ONELEFT only one (daily room 1, weekly 1)."""
    day, _ = day_of(_scenario(), policy(**LIMITS))
    fresh, oneleft = day.staff_by_id["FRESH"], day.staff_by_id["ONELEFT"]
    assert RULE.violation_at(day, {"N1": "FRESH", "N2": "FRESH"}, fresh) is None
    assert (
        RULE.violation_at(day, {"N1": "FRESH", "N2": "FRESH", "N3": "FRESH"}, fresh)
        == "Fay Fresh has had 0 new allocations today; the limit is 2 and this proposal gives 3 more."
    )
    assert (
        RULE.violation_at(day, {"N1": "ONELEFT", "N2": "ONELEFT"}, oneleft)
        == "Oli Oneleft has had 1 new allocation today; the limit is 2 and this proposal gives 2 more."
    )


def test_weekly_only_limit() -> None:
    """With only a weekly limit, today's count does not matter."""
    day, _ = day_of(_scenario(), policy(max_new_per_week=5))
    assert reason(day, "new_allocation_volume", "N1", "DAYFULL") is None
    assert reason(day, "new_allocation_volume", "N1", "ONELEFT") is None  # 4 of 5 this week
    assert reason(day, "new_allocation_volume", "N1", "WEEKFULL") is not None


def test_limits_exclude_held_cases_from_the_count() -> None:
    """DAYFULL's limits count every case but the one they hold, with rooms 0 (day) and 3 (week)."""
    day, _ = day_of(_scenario(), policy(**LIMITS))
    lims = RULE.limits(day, day.staff_by_id["DAYFULL"])
    assert [(lim.x_coef, lim.alloc_coef, lim.rhs) for lim in lims] == [
        ({"N1": 1, "N2": 1, "N3": 1}, {}, 0),
        ({"N1": 1, "N2": 1, "N3": 1}, {}, 3),
    ]
    assert limit_holds(lims[0], {"KEEP": "DAYFULL"})


def test_eligibility_excludes_exactly_those_at_a_limit() -> None:
    """compute_eligibility excludes DAYFULL and WEEKFULL from new cases only."""
    _, elig = day_of(_scenario(), policy(**LIMITS))
    assert excluded(elig, "N1") == {"DAYFULL", "WEEKFULL"}
    assert excluded(elig, "KEEP") == {"WEEKFULL"}
    assert failed_rules(elig, "N1", "DAYFULL") == ["new_allocation_volume"]


@settings(max_examples=50, deadline=None)
@given(
    assignment=assignments(
        {c: ["FRESH", "DAYFULL", "ONELEFT", "WEEKFULL"] for c in ("N1", "N2", "N3", "KEEP")}
    )
)
def test_limits_agree_with_violation_at(assignment: dict[str, str]) -> None:
    """For any assignment, every volume limit holds exactly when violation_at finds nothing."""
    day, _ = day_of(_scenario(), policy(**LIMITS))
    assert disagreements(RULE, day, assignment) == []
