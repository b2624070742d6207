"""Fair flow of new work (seed 001, Wales; docs/domain.md objective 6): today's new cases go to
whoever has had fewer new allocations this day and week, counts already made included."""

from allocator import propose
from allocator.check import check
from tests.builders import case, day_of, holding, policy, scenario, staff
from tests.objectives.support import delta, score


def _day(**today):  # type: ignore[no-untyped-def]
    """Two equally loaded POs; P1 already had 2 new cases today and 4 this week."""
    people = [
        staff("P1", allocations_today=2, allocations_this_week=4),
        staff("P2", allocations_today=0, allocations_this_week=1),
    ]
    return scenario(people, [case("X", "C2"), case("Y", "C2")], **today)


def test_score_counts_day_and_week_up_to_the_levels() -> None:
    """Nothing new: P1 day 2 -> max(0,2-1)=1, week 4 -> 3+2+1=6; P2 week 1 -> 0: total 7.
    X to P2: P2 day 1 -> 0, week 2 -> 1: total 8. X to P1: day 3 -> 2+1, week 5 -> 4+3+2+1:
    total 13."""
    day, elig = day_of(_day())
    assert score("fair_flow", day, elig, {}) == 7
    assert score("fair_flow", day, elig, {"X": "P2"}) == 8
    assert score("fair_flow", day, elig, {"X": "P1"}) == 13


def test_reassign_delta_matches_rescoring() -> None:
    """Moving X from P1 to P2 changes the score by 8 - 13 = -5, locally computed."""
    day, elig = day_of(_day())
    assert delta("fair_flow", day, elig, {"X": "P1"}, "X", "P2") == -5


def test_holder_keeping_a_case_is_not_new_work() -> None:
    """A held case staying with its holder adds nothing to their counts."""
    s = scenario(
        [staff("P1", allocations_today=3)],
        [case("X", "C2", reason="change_in_tier", current_practitioner_id="P1")],
        [holding("X", "P1")],
    )
    day, elig = day_of(s)
    assert score("fair_flow", day, elig, {"X": "P1"}) == score("fair_flow", day, elig, {})


def test_solver_gives_new_work_to_who_had_less_and_agrees_with_the_score() -> None:
    """One case between two equally loaded POs: every term before fair flow is indifferent,
    so it goes to P2, who had fewer new cases; the solver's fair_flow equals the score."""
    people = [
        staff("P1", allocations_today=2, allocations_this_week=4),
        staff("P2", allocations_today=0, allocations_this_week=1),
    ]
    s, pol = scenario(people, [case("X", "C2")]), policy()
    p = propose(s, pol)
    assert {line.case_id: line.practitioner_id for line in p.lines} == {"X": "P2"}
    day, elig = day_of(s, pol)
    value = next(o.value for o in p.objective if o.name == "fair_flow")
    assert value == score("fair_flow", day, elig, {"X": "P2"}) == 8
    assert check(s, pol, p) == []
