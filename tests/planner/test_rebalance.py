"""Rebalancing under a change: change periods, out-of-model holdings, kept cases, one move each."""

from allocator import SolveSettings
from allocator.planner.changes import apply_change, parse_change
from allocator.planner.rebalance import (
    curve_levels,
    movable,
    move_reasons,
    rebalance_policy,
    solve_option,
    trade_off_curve,
)
from tests.builders import holding, policy, scenario, staff

FAST = SolveSettings(time_limit_s=5)


def _day():
    """P1 (PO) at 1,800 + 2 x 63 points (88.5%), P2 (PO) empty, S1 (PSO) holds a B2 (out of model)."""
    return scenario(
        [staff("P1", other_points=1800), staff("P2"), staff("S1", "PSO")],
        [],
        [holding("H1", "S1", "B2"), holding("H2", "P1", "C2"), holding("H3", "P1", "C2")],
    )


def _change(**raw):
    return parse_change(raw, "c.toml")


def test_green_period_lets_every_holding_move():
    """Green: all three holdings are on the list."""
    assert [h.case_id for h in movable(_day(), policy(), _change(period="green"))] == [
        "H1",
        "H2",
        "H3",
    ]


def test_amber_period_moves_only_overloaded_holders_and_out_of_model_holdings():
    """Amber: P1 at 88.5% keeps its cases; at 2,100 other points (102.3%) its cases may move too."""
    assert [h.case_id for h in movable(_day(), policy(), _change(period="amber"))] == ["H1"]
    s = scenario(
        [staff("P1", other_points=2100), staff("P2"), staff("S1", "PSO")],
        [],
        [holding("H1", "S1", "B2"), holding("H2", "P1", "C2"), holding("H3", "P1", "C2")],
    )
    assert [h.case_id for h in movable(s, policy(), _change(period="amber"))] == ["H1", "H2", "H3"]


def test_amber_lets_the_cases_of_a_holder_left_with_no_hours_move():
    """Amber: P1's hours changed to 0 leave its two C2s with no available points. The WMT shows
    no % there (it reads 0), yet it is the clearest business need: both may move, with their
    own reason; in red they stay (only out-of-model holdings move)."""
    change = _change(period="amber", hours=[{"practitioner": "P1", "contracted_hours": 0}])
    changed, pol = apply_change(_day(), policy(), change)
    assert move_reasons(changed, pol, change) == {
        "H1": "out_of_model",
        "H2": "holder_no_capacity",
        "H3": "holder_no_capacity",
    }
    red = _change(period="red", hours=[{"practitioner": "P1", "contracted_hours": 0}])
    assert move_reasons(*apply_change(_day(), policy(), red), red) == {"H1": "out_of_model"}


def test_red_period_moves_only_out_of_model_holdings():
    """Red: only the B2 held by a PSO may move."""
    assert [h.case_id for h in movable(_day(), policy(), _change(period="red"))] == ["H1"]


def test_out_of_model_holding_moves_to_a_po_even_in_red():
    """Red: H1 (B2 held by PSO S1) moves to PO P2, the least loaded PO; nothing else moves."""
    out, _, _, assigned = solve_option("red", _day(), policy(), _change(period="red"), FAST)
    assert assigned.assignment == {"H1": "P2"}
    assert [(m.case_id, m.from_practitioner, m.to_practitioner) for m in out.moves] == [
        ("H1", "S1", "P2")
    ]
    assert (out.out_of_model_before, out.out_of_model_after, out.moved) == (1, 0, 1)
    assert out.violations == []


def test_a_recorded_spo_rationale_keeps_an_out_of_model_holding():
    """[[keep]] H1 with a rationale: H1 is not on the list and stays out of model."""
    change = _change(period="red", keep=[{"case": "H1", "rationale": "Order ends in March."}])
    assert movable(_day(), policy(), change) == []
    out, _, _, _ = solve_option("keep", _day(), policy(), change, FAST)
    assert (out.on_list, out.moved, out.out_of_model_after) == (0, 0, 1)


def test_each_case_moves_at_most_once_and_the_result_passes_the_checker():
    """Green: every holding appears once in the proposal; the checker finds nothing."""
    out, solved, _, assigned = solve_option("green", _day(), policy(), _change(), FAST)
    ids = [*assigned.assignment, *assigned.blocked]
    assert sorted(ids) == ["H1", "H2", "H3"] and len(set(ids)) == len(ids)
    assert all(c.reason == "caseload_adjustment" for c in solved.cases)
    assert out.violations == []


def test_moves_are_ranked_right_after_max_utilisation():
    """The rebalance policy ranks moves one after max_utilisation and keeps allocating first."""
    ranks = {o.name: o.rank for o in rebalance_policy(policy()).objectives}
    assert ranks["moves"] == ranks["max_utilisation"] + 1
    assert ranks["unallocated_risk"] < ranks["max_utilisation"]
    assert ranks["continuity"] > ranks["moves"]


def test_moves_to_a_new_pod_apply_before_the_rebalance():
    """A new POD in PDU1 and P2 moved there: P2 is in POD3 and the checks see POD3."""
    change = _change(
        new_pod=[{"id": "POD3", "name": "New", "pdu": "PDU1"}],
        move=[{"practitioner": "P2", "to_pod": "POD3"}],
        hours=[{"practitioner": "P1", "contracted_hours": 30}],
    )
    s, _ = apply_change(_day(), policy(), change)
    by_id = {p.id: p for p in s.practitioners}
    assert by_id["P2"].pod_id == "POD3" and by_id["P1"].contracted_hours == 30


def test_curve_levels_run_from_the_peak_down_and_every_point_is_checked():
    """Levels 130 to 100 in four steps (to the option's best peak when under 100%); each curve
    point passes the checker."""
    assert curve_levels(129.2, 104.0, 4) == [130.0, 120.0, 110.0, 100.0]
    assert curve_levels(98.2, 86.0, 4) == [99.0, 94.7, 90.3, 86.0]
    points = trade_off_curve(_day(), policy(), _change(), [100.0, 50.0], FAST)
    assert [p.violations for p in points] == [[], []]
    assert points[0].moved >= 1  # the out-of-model B2 must leave the PSO


def test_a_curve_point_moves_the_fewest_cases_to_get_under_its_ceiling():
    """P1 holds two tier C cases on top of 1,950 points (89.6% before them). At a strict 95%
    ceiling P1 keeps one of them, at 90% neither; the PSO's out-of-model B2 moves either way.
    Holding a load over the ceiling from before does not exempt P1 (the curve's policy)."""
    day = scenario(
        [staff("P1", other_points=1950), staff("P2"), staff("S1", "PSO")],
        [],
        [holding("H1", "S1", "B2"), holding("H2", "P1", "C2"), holding("H3", "P1", "C2")],
    )
    points = trade_off_curve(day, policy(), _change(), [95.0, 90.0], FAST)
    assert [p.moved for p in points] == [2, 3]
    assert [p.highest <= level for p, level in zip(points, [95.0, 90.0], strict=True)] == [
        True,
        True,
    ]
    assert [p.unallocated for p in points] == [0, 0]
    assert [p.violations for p in points] == [[], []]


def test_a_case_that_fits_nowhere_keeps_its_points_with_its_holder_in_the_curve():
    """At a strict 50% ceiling P1's tier A case fits nowhere (P1 is the only PO): it stays,
    with its points, on P1, so P1 cannot also take P2's tier C case. Solving as if the case
    had left P1 would hand P1 that case too and report P1 above where it really ends."""
    day = scenario(
        [staff("P1", other_points=1000), staff("P2", "PSO", other_points=1090)],
        [],
        [holding("X", "P1", "A3"), holding("Y", "P2", "C2")],
    )
    (point,) = trade_off_curve(day, policy(), _change(), [50.0], FAST)
    assert (point.moved, point.unallocated, point.violations) == (0, 2, [])
    # P1 ends with its own fixed load and case X only: 1,206 of 2,176 points.
    assert point.highest == round(100 * 1206 / 2176, 1)


def test_a_case_moved_within_the_policy_window_is_not_moved_again():
    """Seed 001, "not moved multiple times": H2 moved 30 days before the day (window 182) is
    held back; H3 moved 200 days before may move; with a window of 0 both may move."""
    day = scenario(
        [staff("P1", other_points=1800), staff("P2"), staff("S1", "PSO")],
        [],
        [
            holding("H1", "S1", "B2"),
            holding("H2", "P1", "C2", last_moved_on="2026-10-25"),
            holding("H3", "P1", "C2", last_moved_on="2026-05-08"),
        ],
    )
    assert [h.case_id for h in movable(day, policy(), _change())] == ["H1", "H3"]
    out, _, _, _ = solve_option("green", day, policy(), _change(), FAST)
    assert out.held_back == {"kept": 0, "recently_moved": 1, "period": 0, "untiered": 0}
    assert "H2" not in {m.case_id for m in out.moves}
    open_policy = policy().model_copy(update={"repeat_move_window_days": 0})
    assert [h.case_id for h in movable(day, open_policy, _change())] == ["H1", "H2", "H3"]


def test_each_moved_case_is_recorded_with_its_reason_and_pods():
    """Red: the one move (H1, out of model) is recorded from S1 in POD1 to P2 in POD1, with the
    reason and the period."""
    out, _, _, _ = solve_option("red", _day(), policy(), _change(period="red"), FAST)
    (move,) = out.moves
    assert (move.case_id, move.from_practitioner, move.to_practitioner) == ("H1", "S1", "P2")
    assert (move.from_pod, move.to_pod, move.reason, move.period) == (
        "POD1",
        "POD1",
        "out_of_model",
        "red",
    )
