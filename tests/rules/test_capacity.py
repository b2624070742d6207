"""Capacity: workload after allocation stays within the policy's ceiling (default 110%) of
available points = floor(2176 x hours x (1 - reductions) / 37); a practitioner already over the
ceiling takes nothing that raises their load."""

from hypothesis import given, settings

from allocator.rules.capacity import Capacity
from allocator.rules.registry import RULES_BY_NAME
from tests.builders import case, day_of, holding, policy, scenario, staff
from tests.rules.support import excluded, failed_rules, reason
from tests.rules.support_props import assignments, disagreements, limit_holds

RULE = RULES_BY_NAME["capacity"]


def _scenario():  # type: ignore[no-untyped-def]
    """Full-time POs: available 2176, ceiling floor(2176 x 1.1) = 2393.

    NEAR: 2250 points (103.4%). OVER: 2350 other + held H (C2 community, 63) = 2413 (110.9%).
    PART: 18.5 h, available 1088, ceiling floor(1196.8) = 1196, 1150 points.
    """
    people = [
        staff("NEAR", name="Nina Near", other_points=2250),
        staff("OVER", name="Olly Over", other_points=2350),
        staff("PART", name="Pat Part", contracted_hours=18.5, other_points=1150),
        staff("FREE", name="Fran Free"),
    ]
    cases = [
        case("C3A", "C3"),  # 79 points
        case("C3B", "C3"),  # 79 points
        case("A3", "A3"),  # 206 points
        case("D0", "D0", case_type="custody"),  # 0 points
        case("DOWN", "C1", current_practitioner_id="OVER", reason="change_in_tier"),  # 50 < 63
        case("UP", "C3", current_practitioner_id="OVER", reason="change_in_tier"),  # 79 > 63
    ]
    holdings = [holding("DOWN", "OVER", "C2"), holding("UP", "OVER", "C2")]
    # OVER: 2350 + 63 + 63 = 2476 (113.8%)
    return scenario(people, cases, holdings)


def test_available_points_and_ceiling() -> None:
    """Available points follow the WMT formula and the ceiling is 110% of them, rounded down."""
    s = scenario(
        [
            staff("FT"),
            staff("PT", contracted_hours=18.5),
            staff("RD", contracted_hours=30, reduction_pct=10),
            staff("RH", contracted_hours=37, reduction_hours=7),
        ],
        [case("X1")],
    )
    day, _ = day_of(s)
    # 2176; 2176 x 18.5 / 37 = 1088; 2176 x 27 / 37 = 1587.9; 2176 x 30 / 37 = 1764.3
    assert day.available == {"FT": 2176, "PT": 1088, "RD": 1587, "RH": 1764}
    # floor(2393.6), floor(1196.8), floor(1745.7), floor(1940.4)
    assert day.ceiling == {"FT": 2393, "PT": 1196, "RD": 1745, "RH": 1940}


def test_case_that_fits_under_the_ceiling_is_allowed() -> None:
    """NEAR at 2250 takes a 79-point case (2329 <= 2393); a 0-point case goes to anyone."""
    day, _ = day_of(_scenario())
    assert reason(day, "capacity", "C3A", "NEAR") is None
    assert reason(day, "capacity", "D0", "OVER") is None
    assert reason(day, "capacity", "C3A", "FREE") is None


def test_case_that_would_cross_the_ceiling_is_refused_with_both_percentages() -> None:
    """NEAR + A3 = 2456 > 2393: 103.4% now, 112.9% after."""
    day, _ = day_of(_scenario())
    assert (
        reason(day, "capacity", "A3", "NEAR")
        == "Nina Near is at 103.4%; this would take them to 112.9%, over the 110% ceiling."
    )


def test_part_time_ceiling_is_on_their_own_available_points() -> None:
    """PART (1088 available, 1150 held = 105.7%): +79 = 1229 > 1196 is refused, although
    1229 points would be under a full-timer's ceiling."""
    day, _ = day_of(_scenario())
    assert (
        reason(day, "capacity", "C3A", "PART")
        == "Pat Part is at 105.7%; this would take them to 113.0%, over the 110% ceiling."
    )


def test_already_over_the_ceiling_takes_nothing_that_raises_the_load() -> None:
    """OVER at 2476 (113.8%) is refused A3 even at best (2350 + 206 = 2556 > 2476, with both
    held cases on today's list gone); C3A alone, with UP and DOWN staying, is refused too."""
    day, _ = day_of(_scenario())
    assert (
        reason(day, "capacity", "A3", "OVER")
        == "Olly Over is already at 113.8%, over the 110% ceiling."
    )
    over = day.staff_by_id["OVER"]
    assert (
        RULE.violation_at(day, {"C3A": "OVER"}, over)
        == "Olly Over is already at 113.8%, over the 110% ceiling."
    )


def test_pair_check_is_at_best_when_held_cases_may_leave() -> None:
    """OVER may take C3A if UP and DOWN (on today's list, 63 each) go elsewhere: 2350 + 79 =
    2429 <= 2476, so the pair is not excluded; the model's joint limit decides the rest."""
    day, _ = day_of(_scenario())
    assert reason(day, "capacity", "C3A", "OVER") is None


def test_over_the_ceiling_may_keep_a_tier_change_that_does_not_raise_the_load() -> None:
    """OVER keeps DOWN (63 -> 50 points) whatever UP does; UP (63 -> 79) only if DOWN leaves."""
    day, _ = day_of(_scenario())
    over = day.staff_by_id["OVER"]
    assert reason(day, "capacity", "DOWN", "OVER") is None
    assert RULE.violation_at(day, {"DOWN": "OVER", "UP": "FREE"}, over) is None
    assert reason(day, "capacity", "UP", "OVER") is None
    assert (
        RULE.violation_at(day, {"UP": "OVER"}, over)
        == "Olly Over is already at 113.8%, over the 110% ceiling."
    )


def test_eligibility_excludes_exactly_those_over_capacity() -> None:
    """Per case, compute_eligibility excludes exactly those the case takes over the ceiling
    even at best (their own cases on today's list gone)."""
    _, elig = day_of(_scenario())
    assert excluded(elig, "C3A") == {"PART"}
    assert excluded(elig, "D0") == set()
    assert excluded(elig, "DOWN") == {"PART"}
    assert excluded(elig, "UP") == {"PART"}
    # A3: NEAR, PART and OVER over capacity even at best.
    assert excluded(elig, "A3") == {"NEAR", "OVER", "PART"}
    assert failed_rules(elig, "A3", "OVER") == ["capacity"]


def test_each_case_fits_alone_but_together_they_exceed() -> None:
    """NEAR: 2250 + 79 = 2329 and 2250 + 79 = 2329 each fit; both give 2408 > 2393 (110.7%)."""
    day, _ = day_of(_scenario())
    near = day.staff_by_id["NEAR"]
    assert RULE.violation_at(day, {"C3A": "NEAR"}, near) is None
    assert RULE.violation_at(day, {"C3B": "NEAR"}, near) is None
    assert (
        RULE.violation_at(day, {"C3A": "NEAR", "C3B": "NEAR"}, near)
        == "Nina Near is at 103.4%; this would take them to 110.7%, over the 110% ceiling."
    )
    # The linear limit agrees.
    (lim,) = RULE.limits(day, near)
    assert limit_holds(lim, {"C3A": "NEAR"})
    assert not limit_holds(lim, {"C3A": "NEAR", "C3B": "NEAR"})


def test_moving_a_held_case_away_makes_room() -> None:
    """OVER (2476) may take C3A (+79) if UP (63 held) and DOWN (63 held) leave: 2350 + 79."""
    day, _ = day_of(_scenario())
    over = day.staff_by_id["OVER"]
    assert RULE.violation_at(day, {"C3A": "OVER", "UP": "FREE", "DOWN": "FREE"}, over) is None
    assert RULE.violation_at(day, {"C3A": "OVER", "UP": "FREE"}, over) is not None


def test_limit_coefficients() -> None:
    """OVER's limit: every case's points arrive, the held cases' old points leave when allocated,
    and the room is max(ceiling, load) - load = 0."""
    day, _ = day_of(_scenario())
    (lim,) = RULE.limits(day, day.staff_by_id["OVER"])
    assert lim.x_coef == {"A3": 206, "C3A": 79, "C3B": 79, "D0": 0, "DOWN": 50, "UP": 79}
    assert lim.alloc_coef == {"DOWN": -63, "UP": -63}
    assert lim.rhs == 0
    (lim,) = RULE.limits(day, day.staff_by_id["NEAR"])
    assert lim.alloc_coef == {}
    assert lim.rhs == 2393 - 2250


def test_policy_ceiling_of_100_percent() -> None:
    """With a 100% ceiling, NEAR (103.4%) is already over it."""
    day, _ = day_of(_scenario(), policy(capacity_ceiling_pct=100))
    assert day.ceiling["FREE"] == 2176
    assert (
        reason(day, "capacity", "C3A", "NEAR")
        == "Nina Near is already at 103.4%, over the 100% ceiling."
    )


@settings(max_examples=50, deadline=None)
@given(
    assignment=assignments(
        {c: ["NEAR", "OVER", "PART", "FREE"] for c in ("C3A", "C3B", "A3", "D0", "DOWN", "UP")}
    )
)
def test_limits_agree_with_violation_at(assignment: dict[str, str]) -> None:
    """For any assignment, every capacity limit holds exactly when violation_at finds nothing."""
    day, _ = day_of(_scenario())
    assert isinstance(RULE, Capacity)
    assert disagreements(RULE, day, assignment) == []


def test_a_strict_ceiling_does_not_let_a_load_from_before_stand() -> None:
    """With ``capacity_keeps_load_before`` off (the planner's curve), OVER may keep DOWN only
    while its load after stays under the ceiling: 2350 + 50 = 2400 > 2393 with UP gone too, so
    not at all; FREE is unaffected."""
    strict = policy(capacity_keeps_load_before=False)
    day, _ = day_of(_scenario(), strict)
    over = day.staff_by_id["OVER"]
    assert RULE.violation_at(day, {"DOWN": "OVER", "UP": "FREE"}, over) == (
        "Olly Over is already at 113.8%, over the 110% ceiling."
    )
    assert RULE.violation_at(day, {"C3A": "FREE", "UP": "FREE", "DOWN": "FREE"}, over) is None
    loose, _ = day_of(_scenario())
    assert RULE.violation_at(loose, {"DOWN": "OVER", "UP": "FREE"}, over) is None
