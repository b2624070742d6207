"""The day's shared derivations answer as deriving each figure on its own would."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator.problem.day import ELSEWHERE, build_day
from allocator.problem.safety import resolve_safety
from tests.builders import case, holding, policy, scenario, staff
from tests.engine.test_properties import days

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(days())
def test_safety_resolved_once_per_facts_equals_each_case_alone(day) -> None:  # type: ignore[no-untyped-def]
    """Cases that share safety facts share one resolved ``Safety``; each equals resolving that
    case on its own (``resolve_safety``), so ``safety_facts`` holds everything it reads."""
    s, pol = day
    d = build_day(s, pol)
    for c in d.cases:
        assert d.safety[c.id] == resolve_safety(c, pol)


def _counted(d, assignment):  # type: ignore[no-untyped-def]
    """Loads after ``assignment`` counted from the definition, without the day's last answer."""
    load = dict(d.load_before)
    for cid, pid in assignment.items():
        if cid in d.holder:
            load[d.holder[cid]] -= d.held_points[cid]
        if pid != ELSEWHERE:
            load[pid] += d.points[cid]
    return load


@SETTINGS
@given(days(), st.data())
def test_load_after_kept_answer_never_outlives_a_change(day, data) -> None:  # type: ignore[no-untyped-def]
    """Asking again after the assignment was changed in place, or after the caller changed the
    loads it got, gives the loads the new assignment has: the kept answer is a copy, used only
    for an equal assignment."""
    s, pol = day
    d = build_day(s, pol)
    holders = [p.id for p in d.holders()]
    if not holders:
        return
    assignment: dict[str, str] = {}
    for _ in range(data.draw(st.integers(1, 6))):
        cid = data.draw(st.sampled_from([c.id for c in d.cases]))
        assignment[cid] = data.draw(st.sampled_from([*holders, ELSEWHERE]))
        got = d.load_after(assignment)
        assert got == _counted(d, assignment)
        got[holders[0]] += 1000  # the caller's copy is its own
        assert d.load_after(assignment) == _counted(d, assignment)


def test_load_after_moves_a_held_case() -> None:
    """A held case given to someone else leaves its held points with its holder and brings its
    new points to the taker; asked twice, the answer is the same."""
    s = scenario(
        [staff("P1"), staff("P2")],
        [case("C1", "B2", current_practitioner_id="P1", reason="change_in_tier")],
        [holding("C1", "P1", "C2")],
    )
    d = build_day(s, policy())
    before = dict(d.load_before)
    for _ in range(2):
        after = d.load_after({"C1": "P2"})
        assert after["P1"] == before["P1"] - d.held_points["C1"]
        assert after["P2"] == before["P2"] + d.points["C1"]
