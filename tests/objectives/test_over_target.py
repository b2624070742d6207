"""No one above the balance target (docs/domain.md default objective order 2): the highest
utilisation's excess over ``balance_target_pct``, in tenths of a percent, 0 at or below it;
and the order it sets: continuity outranks balance below the target, not above it."""

from allocator import propose
from allocator.check import check
from tests.builders import case, day_of, holding, policy, scenario, staff
from tests.objectives.support import delta, score


def _day():  # type: ignore[no-untyped-def]
    """P1: 2176 available, 2100 points (965.1 per mille); P2: 1000 points (459.6 per mille).
    X: a C3 community case, 79 points: to P1, 2179 / 2176 = 1001.4 -> up 1002."""
    people = [staff("P1", other_points=2100), staff("P2", other_points=1000)]
    return day_of(scenario(people, [case("X", "C3")]))


def test_zero_at_or_below_the_target() -> None:
    """Nothing allocated, or X to P2: the highest is below 100%, so the excess is 0."""
    day, elig = _day()
    assert score("over_target", day, elig, {}) == 0
    assert score("over_target", day, elig, {"X": "P2"}) == 0


def test_excess_above_the_target() -> None:
    """X to P1: up 1002 per mille, 2 above the target of 1000; the delta of moving it is -2."""
    day, elig = _day()
    assert score("over_target", day, elig, {"X": "P1"}) == 2
    assert delta("over_target", day, elig, {"X": "P1"}, "X", "P2") == -2


def test_target_is_policy() -> None:
    """With a 90% target, X to P2 leaves P1 at 965.1 -> up 966: 66 above 900."""
    people = [staff("P1", other_points=2100), staff("P2", other_points=1000)]
    day, elig = day_of(scenario(people, [case("X", "C3")]), policy(balance_target_pct=90))
    assert score("over_target", day, elig, {"X": "P2"}) == 66


def _held_day(p1_points: int):  # type: ignore[no-untyped-def]
    """P1 holds X (C2, 63 points) whose tier changed to C3 (79 points); P2 is empty, same POD."""
    return scenario(
        [staff("P1", other_points=p1_points), staff("P2")],
        [case("X", "C3", reason="change_in_tier", current_practitioner_id="P1", pod_id="POD1")],
        [holding("X", "P1", "C2")],
    )


def test_holder_below_the_target_keeps_the_case_and_the_solver_agrees() -> None:
    """P1 at 85.6% after the change (1784 + 79 = 1863 of 2176): below the target, continuity
    outranks balance, so X stays with P1; the solver's over_target value equals the score."""
    s, pol = _held_day(1784), policy()
    p = propose(s, pol)
    assert [(line.case_id, line.practitioner_id) for line in p.lines] == [("X", "P1")]
    values = {o.name: o.value for o in p.objective}
    assert values["over_target"] == 0
    assert check(s, pol, p) == []


def test_holder_that_would_go_over_the_target_loses_the_case() -> None:
    """P1 at 2100 points: keeping X (2179 points, 100.2%) puts them over the target, so X
    moves to P2, and over_target is 0."""
    s, pol = _held_day(2100), policy()
    p = propose(s, pol)
    assert [(line.case_id, line.practitioner_id) for line in p.lines] == [("X", "P2")]
    assert {o.name: o.value for o in p.objective}["over_target"] == 0
