"""Ejection chains for continuity (allocator/solve/large/chains.py) on small days with known
answers: a case goes back to its officer when only a chain makes room, never at the price of
anyone above the level, a hard limit or an undecided line of the previous version, and ends at
the continuity CP-SAT proves optimal on the same day."""

from hypothesis import given
from hypothesis import strategies as st

from allocator import SolveSettings, propose
from allocator.check import check
from allocator.objectives.continuity import continuity_costs
from allocator.rules.base import Limit
from allocator.solve.greedy import active_limits
from allocator.solve.large.chains import return_by_chains
from allocator.solve.large.search import Budget, tidy
from allocator.solve.search_state import SearchState
from models import Scenario
from tests.builders import day_of, policy, three_staff_day
from tests.engine.test_properties import COMMON

FULL = 2176
"""A PO's available points on the builders' day: 100% utilisation, the default level."""
C2, C3, D1 = 63, 79, 29
"""Points of a tier C2, C3 and D1 case."""


def _state(s: Scenario, start: dict[str, str], limits: list[Limit] | None = None) -> SearchState:
    """The search state of ``s`` with ``start`` placed, as the large method hands it over."""
    day, elig = day_of(s)
    state = SearchState(day, elig, active_limits(day) + (limits or []))
    for cid, pid in sorted(start.items()):
        assert state.can_take(cid, pid), (cid, pid)
        state.place(cid, pid)
    return state


def _chains(state: SearchState) -> int:
    """Tidy, then the chains, at the default level (100%), as ``_solve_part`` calls them."""
    cases = sorted(state.assignment)
    scope = sorted(state.day.available)
    tidy(state, cases, scope, Budget(len(cases) + 1, 1e12), 1000)
    return return_by_chains(state, cases, scope, Budget(1, 1e12), 1000)


def _continuity(state: SearchState) -> int:
    cost = continuity_costs(state.day)
    return sum(cost(c, p) for c, p in state.assignment.items())


def _proven_optimum(s: Scenario) -> int:
    """CP-SAT's continuity on ``s``, proven (value = bound), with nothing unallocated and nobody
    over the target: the same terms above continuity the chains keep."""
    p = propose(s, policy(), SolveSettings(method="cpsat", time_limit_s=20))
    terms = {o.name: (o.value, o.bound) for o in p.objective}
    assert terms["over_target"] == (0, 0) and not p.blocked
    value, bound = terms["continuity"]
    assert value == bound
    return value


def _within_level(state: SearchState) -> bool:
    return all(state.util(p) <= 1000 for p in state.day.available) and state.limits_hold()


def test_a_swap_returns_a_case_to_its_officer_when_both_are_full() -> None:
    """P1 holds C but has room for one case only, and has the new POD case X; P2, also full,
    has C. No single move helps (each receiver is full); passing X to P2 as C comes back does,
    and reaches CP-SAT's proven optimum, 0."""
    s = three_staff_day(
        {"P1": FULL - C2, "P2": FULL - C2, "P3": 0}, [("C", "P1", "C2")], [("X", "C2")]
    )
    state = _state(s, {"C": "P2", "X": "P1"})
    assert _chains(state) == 1
    assert state.assignment == {"C": "P1", "X": "P2"}
    assert _continuity(state) == _proven_optimum(s) == 0
    assert _within_level(state)


def test_a_chain_through_a_third_practitioner_makes_room() -> None:
    """P1 (the officer of C, 29 points) is full with the new POD case X (63); P2 has C, and
    once C leaves has 29 points of room, too few for X; P3, in the same POD, has room for X
    alone. No single move and no swap helps: X goes on to P3 and C back to P1."""
    s = three_staff_day(
        {"P1": FULL - C2, "P2": FULL - D1, "P3": FULL - C2}, [("C", "P1", "D1")], [("X", "C2")]
    )
    state = _state(s, {"C": "P2", "X": "P1"})
    assert _chains(state) == 1
    assert state.assignment == {"C": "P1", "X": "P3"}
    assert _continuity(state) == _proven_optimum(s) == 0
    assert _within_level(state)


def test_one_case_passed_on_makes_room_for_two_coming_back() -> None:
    """P1 holds B (63 points) and two small cases S1, S2 (29 each) that sit with P2, and P1 has
    room for B only; P2 has 5 points to spare. Passing B on to P2 breaks continuity once; bringing S1 and S2 back keeps
    it twice: continuity 2 -> 1, CP-SAT's proven optimum."""
    s = three_staff_day(
        {"P1": FULL - C2, "P2": FULL - 2 * D1 - 5, "P3": FULL},
        [("B", "P1", "C2"), ("S1", "P1", "D1"), ("S2", "P1", "D1")],
        [],
    )
    state = _state(s, {"B": "P1", "S1": "P2", "S2": "P2"})
    assert _continuity(state) == 2
    assert _chains(state) == 1
    assert state.assignment == {"B": "P2", "S1": "P1", "S2": "P1"}
    assert _continuity(state) == _proven_optimum(s) == 1
    assert _within_level(state)


def test_no_chain_puts_anyone_above_the_level() -> None:
    """As the swap, but X is a tier C3 case (79 points): swapping would put P2 16 points over
    100%, and passing X out of its POD to P3 costs more than C's return saves. Nothing moves;
    CP-SAT proves 1 is the best on this day too."""
    s = three_staff_day(
        {"P1": FULL - C3, "P2": FULL - C2, "P3": 0},
        [("C", "P1", "C2")],
        [("X", "C3")],
        pods={"P3": "POD2"},
    )
    state = _state(s, {"C": "P2", "X": "P1"})
    assert _chains(state) == 0
    assert state.assignment == {"C": "P2", "X": "P1"}
    assert _continuity(state) == _proven_optimum(s) == 1


def test_a_hard_limit_stops_the_chain() -> None:
    """The swap of the first test, with a limit that lets P2 take nothing but C: the chain
    would break it, and X outside its POD (P3, POD2) costs more than C's return saves, so
    nothing moves (the limits are the rules' own figures in the state)."""
    s = three_staff_day(
        {"P1": FULL - C2, "P2": FULL - C2, "P3": 0},
        [("C", "P1", "C2")],
        [("X", "C2")],
        pods={"P3": "POD2"},
    )
    only_c = Limit("P2", {"X": 1}, {}, 0)
    state = _state(s, {"C": "P2", "X": "P1"}, [only_c])
    assert _chains(state) == 0
    assert state.assignment == {"C": "P2", "X": "P1"}
    assert state.limits_hold()


def test_an_undecided_line_of_the_previous_version_stays() -> None:
    """The swap of the first test on a re-solve whose previous version gave X to P1, undecided:
    stability ranks above continuity, so X stays and C with it."""
    s = three_staff_day(
        {"P1": FULL - C2, "P2": FULL - C2, "P3": 0},
        [("C", "P1", "C2")],
        [("X", "C2")],
        previous_version={"lines": {"X": "P1"}},
    )
    state = _state(s, {"C": "P2", "X": "P1"})
    assert _chains(state) == 0
    assert state.assignment["X"] == "P1"


def test_the_large_method_on_these_days_passes_the_checker_at_the_optimum() -> None:
    """End to end: the large method's proposals on the chain days pass the independent checker
    and reach CP-SAT's proven continuity. On the two-for-one day the placement and tidy alone
    keep B with P1 and leave S1 and S2 with P2 (continuity 2, measured before the chains were
    added): the chain is what brings it to 1."""
    days = [
        three_staff_day(
            {"P1": FULL - C2, "P2": FULL - C2, "P3": 0}, [("C", "P1", "C2")], [("X", "C2")]
        ),
        three_staff_day(
            {"P1": FULL - C2, "P2": FULL - 2 * D1 - 5, "P3": FULL},
            [("B", "P1", "C2"), ("S1", "P1", "D1"), ("S2", "P1", "D1")],
            [],
        ),
    ]
    for s in days:
        p = propose(s, policy(), SolveSettings(method="large", time_limit_s=20))
        assert check(s, policy(), p) == []
        value = next(o.value for o in p.objective if o.name == "continuity")
        assert value == _proven_optimum(s)


@st.composite
def full_days(draw: st.DrawFn) -> tuple[Scenario, dict[str, str]]:
    """Three POs in one or two PODs, each within 150 points of 100%, 2-7 cases held by one of
    them or new to a POD, and a start that places each case where the draw says if it fits:
    days where a case's officer is often full, as the chains meet them."""
    pods = {p: draw(st.sampled_from(["POD1", "POD2"])) for p in ("P2", "P3")}
    others = {p: FULL - draw(st.integers(0, 150)) for p in ("P1", "P2", "P3")}
    held, new = [], []
    for j in range(draw(st.integers(2, 7))):
        tier = draw(st.sampled_from(["C2", "C3", "D1"]))
        holder = draw(st.sampled_from([None, "P1", "P2", "P3"]))
        if holder is None:
            new.append((f"N{j}", tier))
        else:
            held.append((f"H{j}", holder, tier))
            others[holder] -= {"C2": C2, "C3": C3, "D1": D1}[tier]
    s = three_staff_day({p: max(0, n) for p, n in others.items()}, held, new, pods=pods)
    cases = [c for c, *_ in held] + [c for c, _ in new]
    start = {c: draw(st.sampled_from(["P1", "P2", "P3"])) for c in cases}
    return s, start


@COMMON
@given(full_days())
def test_chains_keep_every_case_the_level_and_the_limits_on_full_days(
    drawn: tuple[Scenario, dict[str, str]],
) -> None:
    """On random nearly full days, the chains never unallocate a case, never raise continuity,
    leave nobody above the level (the highest utilisation, or 100% when higher) or over a
    limit, and leave the state's figures equal to those rebuilt from the final assignment
    (every chain tried and undone was undone exactly)."""
    s, start = drawn
    d, elig = day_of(s)
    limits = active_limits(d)
    state = SearchState(d, elig, limits)
    for cid, pid in sorted(start.items()):
        if pid in elig.candidates[cid] and state.can_take(cid, pid):
            state.place(cid, pid)
            if state.util(pid) > 1000:
                state.remove(cid)
    scope = elig.receivers()
    level = max(max((state.util(p) for p in scope), default=0), 1000)
    placed, before = set(state.assignment), _continuity(state)
    return_by_chains(state, sorted(placed), scope, Budget(1, 1e12), 1000)
    assert set(state.assignment) == placed
    assert _continuity(state) <= before
    assert all(state.util(p) <= level for p in scope)
    assert state.limits_hold()
    rebuilt = SearchState(d, elig, limits)
    for cid, pid in sorted(state.assignment.items()):
        rebuilt.place(cid, pid)
    assert rebuilt.load == state.load and rebuilt.used == state.used


def test_a_case_waiting_at_two_practitioners_moves_once() -> None:
    """C (held by P1, POD1) sits with P3 in POD2: it would be cheaper with P1 (0) and with P2
    (1, P1's POD), both with room. It goes to P1 and stays: once there, P2 would cost it
    more, so the pass that reaches P2 next must not move it (the gains are taken afresh)."""
    s = three_staff_day({"P1": 0, "P2": 0, "P3": 0}, [("C", "P1", "C2")], [], pods={"P3": "POD2"})
    state = _state(s, {"C": "P3"})
    cases, scope = ["C"], ["P1", "P2", "P3"]
    assert return_by_chains(state, cases, scope, Budget(1, 1e12), 1000) == 1
    assert state.assignment == {"C": "P1"}
