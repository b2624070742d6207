"""One assignment state for the rules, the terms, the checker and the search: every change made
move by move equals recomputing the state from the assignment it leads to."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator.problem.assignment import AssignmentState
from allocator.problem.day import build_day
from tests.engine.test_properties import days


def _figures(state: AssignmentState) -> tuple[object, ...]:
    return (state.assignment, state.load, +state.arriving, +state.new, +state.leaving)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days(), st.data())
def test_give_and_take_back_equal_recomputing_the_state(day, data) -> None:  # type: ignore[no-untyped-def]
    """A random walk of gives (from nobody or from someone else) and take-backs leaves exactly
    the loads and counts that ``AssignmentState.of`` computes for the final assignment."""
    s, pol = day
    d = build_day(s, pol)
    holders = [p.id for p in d.holders()]
    if not holders or not d.cases:
        return
    state = AssignmentState.empty(d)
    for _ in range(data.draw(st.integers(1, 3 * len(d.cases)))):
        cid = data.draw(st.sampled_from([c.id for c in d.cases]))
        if cid in state.assignment and data.draw(st.booleans()):
            state.take_back(d, cid)
        else:
            state.give(d, cid, data.draw(st.sampled_from(holders)))
        assert _figures(state) == _figures(AssignmentState.of(d, state.assignment))


def test_a_change_empties_the_memo() -> None:
    """Figures a term derived from the state (its memo) never survive a change of the state."""
    from tests.builders import case, day_of, scenario, staff

    d, _ = day_of(scenario([staff("P1", "PO")], [case("C1", "B2")]))
    state = AssignmentState.empty(d)
    state.memo["extremes"] = ("stale",)
    state.give(d, "C1", "P1")
    assert state.memo == {}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days(), st.data())
def test_of_counts_in_the_order_gives_would(day, data) -> None:  # type: ignore[no-untyped-def]
    """``of`` counts each figure in the assignment's order: its counters list the same
    practitioners in the same order as giving the cases one by one from nothing (a reader that
    iterates a counter sees the same order either way)."""
    s, pol = day
    d = build_day(s, pol)
    holders = [p.id for p in d.holders()]
    if not holders:
        return
    assignment = {
        c.id: data.draw(st.sampled_from(holders)) for c in d.cases if data.draw(st.booleans())
    }
    given_one_by_one = AssignmentState.empty(d)
    for cid, pid in assignment.items():
        given_one_by_one.give(d, cid, pid)
    state = AssignmentState.of(d, assignment)
    for name in ("arriving", "new", "leaving", "reports"):
        want = [(k, n) for k, n in getattr(given_one_by_one, name).items() if n]
        assert list(getattr(state, name).items()) == want, name
