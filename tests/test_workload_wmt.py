"""Workload as the WMT computes it (docs/domain.md, "Workload as the live service computes it, in
detail"), against numbers worked by hand.

Figures used by hand: nominal target 2176 points, default hours 37 (PO, PSO; a PQiP takes the
PO's). Available points = truncate(2176 x round_half_up((contracted - reductions) / 37, 15)).
Workload % = round_half_up(points / available, 3) x 100. The day is 2026-11-24.
"""

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allocator.problem.day import build_day
from allocator.problem.workload import (
    available_points,
    capacity,
    case_points,
    potential_pct,
    round_half_up,
    whole_points,
    workload_pct,
    zero_pct_reason,
)
from allocator.problem.workload_overview import workload_overview
from models.enums import CaseType
from tests.builders import DAY, case, holding, policy, scenario, staff

POLICY = policy()


def _points(grade: str = "PO", **kw: Any) -> int:
    return available_points(staff("P1", grade, **kw), POLICY, DAY)


def test_worked_example_pqip_months_0_6_with_5_hours_facility_time() -> None:
    """The issue's example: a PQiP in months 0-6 with 5 h trade union facility time has 141.

    80% of 37 contracted hours = 29.6 h; + 5 h = 34.6 h; 37 - 34.6 = 2.4 h;
    2176 x (2.4 / 37 = 0.064864864864865) = 141.146 -> 141 (the old formula gave 376).
    """
    p = staff(
        "Q1",
        "PQIP",
        pqip_started_on="2026-10-01",
        reductions=[{"reason": "trade_union_facility_time", "hours": 5}],
    )
    cap = capacity(p, POLICY, DAY)
    assert cap.reduction_hours == Decimal("34.6")
    assert cap.available_hours == Decimal("2.4")
    assert cap.available_points == 141


def test_percentages_are_of_contracted_hours_and_subtracted_together() -> None:
    """PSO learning 20% with 7 h court duty: 7.4 h + 7 h = 14.4 h off 37; 22.6 / 37 x 2176
    = 1329.1 -> 1329 (applying 20% after the hours would give 1411)."""
    assert (
        _points(
            "PSO",
            reductions=[{"reason": "pso_learning"}, {"reason": "court_duty", "hours": 7}],
        )
        == 1329
    )


def test_reductions_never_take_hours_below_zero() -> None:
    """Maternity 100% plus 5 h: 42 h off 37 contracted leaves 0 h and 0 available points."""
    cap = capacity(
        staff("P1", reductions=[{"reason": "maternity"}, {"reason": "other", "hours": 5}]),
        POLICY,
        DAY,
    )
    assert (cap.reduction_hours, cap.available_hours, cap.available_points) == (37, 0, 0)


@pytest.mark.parametrize(
    ("reduction", "points"),
    [
        # 20 h facility time is capped at 50% of 37 = 18.5 h: 18.5 / 37 x 2176 = 1088.
        ({"reason": "trade_union_facility_time", "hours": 20}, 1088),
        # 18.5 h is exactly the cap: 1088.
        ({"reason": "trade_union_facility_time", "pct": 50}, 1088),
        # SPOC lead 10% is capped at 5% = 1.85 h: 35.15 / 37 = 0.95 x 2176 = 2067.2 -> 2067.
        ({"reason": "spoc_lead", "pct": 10}, 2067),
        # SPOC lead 1 h is under the cap: 36 / 37 x 2176 = 2117.189 -> 2117.
        ({"reason": "spoc_lead", "hours": 1}, 2117),
    ],
)
def test_reductions_are_capped_per_reason(reduction: dict[str, Any], points: int) -> None:
    """Trade union facility time is at most 50% and SPOC lead 5% of contracted hours."""
    assert _points(reductions=[reduction]) == points


@pytest.mark.parametrize(
    ("reduction", "counts"),
    [
        ({"start": "2026-11-24", "end": "2026-11-24"}, True),  # first and last day inclusive
        ({"start": "2026-11-25"}, False),  # not yet started
        ({"end": "2026-11-23"}, False),  # ended the day before
        ({"status": "scheduled", "start": "2026-11-01"}, True),  # in effect on its dates
        ({"status": "archived"}, False),
        ({"status": "deleted"}, False),
    ],
)
def test_only_reductions_in_effect_and_not_archived_or_deleted_count(
    reduction: dict[str, Any], counts: bool
) -> None:
    """A 7.4 h reduction counts (1740 points: 29.6 / 37 x 2176 = 1740.8) only in effect."""
    r = {"reason": "other", "hours": 7.4, **reduction}
    assert _points(reductions=[r]) == (1740 if counts else 2176)


def test_missing_contracted_hours_use_the_grade_default() -> None:
    """No contracted hours: the grade's default is used and said; a policy default of 30 h for
    PSOs makes a PSO with none 2176 and one with 37 h truncate(2176 x 1.233333333333333) =
    2683."""
    cap = capacity(staff("S1", "PSO"), POLICY, DAY)
    assert (cap.contracted_hours, cap.contracted_defaulted, cap.available_points) == (
        37,
        True,
        2176,
    )
    thirty = policy()
    thirty.workload.default_hours["PSO"] = 30.0  # type: ignore[index]
    assert capacity(staff("S1", "PSO"), thirty, DAY).available_points == 2176
    assert capacity(staff("S1", "PSO", contracted_hours=37), thirty, DAY).available_points == 2683


def test_pqip_takes_the_po_figures() -> None:
    """With PO default hours 36 and PSO 37, a 36 h PQiP past the programme has the full 2176."""
    p = policy()
    p.workload.default_hours["PO"] = 36.0  # type: ignore[index]
    p.workload.default_hours["PQIP"] = 99.0  # type: ignore[index]
    q = staff("Q1", "PQIP", contracted_hours=36)
    assert capacity(q, p, DAY).available_points == 2176


def test_share_is_rounded_half_up_at_15_decimals_then_truncated() -> None:
    """24.5 h: 24.5 / 37 = 0.662162162162162162... -> 0.662162162162162 at 15 decimals;
    x 2176 = 1440.864864864864512 -> 1440."""
    assert round_half_up(Decimal("24.5") / Decimal(37), 15) == Decimal("0.662162162162162")
    assert _points(contracted_hours=24.5) == 1440


@pytest.mark.parametrize(
    ("points", "available", "pct"),
    [
        (1, 16, 6.3),  # 0.0625 -> half-up 0.063 (banker's rounding would give 6.2)
        (1, 2000, 0.1),  # 0.0005 -> 0.001
        (1, 2001, 0.0),  # 0.00049975 -> 0.000
        (2393, 2176, 110.0),  # 1.09972 -> 1.100
        (1743, 2176, 80.1),  # 0.80101 -> 0.801
        (0, 2176, 0.0),
        (5, 0, 0.0),  # nothing to divide: 0, never 999.9
    ],
)
def test_workload_pct_half_up_at_3_decimals(points: int, available: int, pct: float) -> None:
    """Workload % = round_half_up(points / available, 3) x 100."""
    assert workload_pct(points, available) == pct


def test_zero_pct_says_why() -> None:
    """A 0% from nothing to divide carries a reason; an ordinary 0% does not."""
    assert zero_pct_reason(5, 0) == "no available points: the 5 points held cannot be shown as a %"
    assert zero_pct_reason(0, 0) == "no available points"
    assert zero_pct_reason(0, 2176) is None


def test_case_points_unsupervised_untiered_and_t2a() -> None:
    """'B2S' (unsupervised) and an untiered case score 0; a T2A C2 case reads the T2A table
    when the policy gives one (70 here), else the adult table (63)."""
    assert case_points(POLICY, "B2S", CaseType.COMMUNITY) == 0
    assert case_points(POLICY, None, CaseType.LICENCE) == 0
    assert case_points(POLICY, "C2", CaseType.COMMUNITY, t2a=True) == 63
    t2a = policy()
    t2a.workload.t2a_points = {"C2": {CaseType.COMMUNITY: 70}}
    assert case_points(t2a, "C2", CaseType.COMMUNITY, t2a=True) == 70
    assert case_points(t2a, "C2", CaseType.COMMUNITY) == 63
    with pytest.raises(KeyError):
        case_points(POLICY, "Z9S", CaseType.COMMUNITY)


def test_whole_points_round_halves_up() -> None:
    """97.5 -> 98 and -2.5 -> -2, so rounding extras before adding whole case points is the
    same as rounding the total."""
    assert whole_points(Decimal("97.5")) == 98
    assert whole_points(Decimal("-2.5")) == -2
    assert whole_points(Decimal("2.4")) == 2


def _scenario() -> Any:
    """P1 (PO) holds B2 community (115) and a T2A-free C2 licence (65) plus 'B2S' (0) and an
    untiered case (0); P2 did a 2.5-point contact on P1's B2 case; P1 writes an SDR (138) and a
    fast report (65) and has an active +10 and an archived +50 adjustment; S1 (PSO, 18.5 h)
    holds a D2 community (41)."""
    return scenario(
        [
            staff(
                "P1",
                reports=[{"kind": "standard_delivery"}, {"kind": "fast_delivery"}],
                adjustments=[{"points": 10}, {"points": 50, "status": "archived"}],
            ),
            staff("P2"),
            staff("S1", "PSO", pod="POD2", contracted_hours=18.5),
        ],
        [case("N1", tier="B2")],
        [
            holding(
                "H1",
                "P1",
                tier="B2",
                contacts_by_others=[{"practitioner_id": "P2", "points": 2.5}],
            ),
            holding("H2", "P1", tier="C2", case_type="licence"),
            holding("H3", "P1", tier="B2S"),
            holding("H4", "P1", tier=None),
            holding("H5", "S1", tier="D2"),
        ],
    )


def test_points_held_add_reports_adjustments_and_contacts() -> None:
    """P1: 115 + 65 + 0 + 0 cases, + 203 reports, + 10 active adjustment, - 2.5 contact =
    390.5 -> 391; P2: + 2.5 -> 3; S1: 41. The Day reads the same loads."""
    s = _scenario()
    overview = workload_overview(s, POLICY)
    by_id = {p.id: p for p in overview.practitioners}
    p1 = by_id["P1"]
    assert (p1.case_points, p1.report_points, p1.adjustment_points) == (180, 203, 10)
    assert (p1.contact_points, p1.points) == (-2.5, 391)
    assert (by_id["P2"].points, by_id["S1"].points) == (3, 41)
    assert {(t.tier, t.case_type.value, t.cases, t.points) for t in p1.by_tier} == {
        ("B2", "community", 1, 115),
        ("C2", "licence", 1, 65),
        ("B2S", "community", 1, 0),
        ("untiered", "community", 1, 0),
    }
    day = build_day(s, POLICY)
    assert {pid: day.load_before[pid] for pid in by_id} == {"P1": 391, "P2": 3, "S1": 41}


def test_pod_and_pdu_workload_is_sum_over_sum() -> None:
    """POD1: (391 + 3) / (2176 + 2176) = 0.0905 -> 9.1%; POD2: 41 / 1088 = 0.0377 -> 3.8%;
    PDU1: 435 / 5440 = 0.0800 -> 8.0% (the mean of the three members' % would be 7.2)."""
    overview = workload_overview(_scenario(), POLICY)
    assert [(g.id, g.points, g.available_points, g.workload_pct) for g in overview.pods] == [
        ("POD1", 394, 4352, 9.1),
        ("POD2", 41, 1088, 3.8),
    ]
    assert [(g.id, g.points, g.available_points, g.workload_pct) for g in overview.pdus] == [
        ("PDU1", 435, 5440, 8.0)
    ]


def test_potential_workload_of_a_proposed_case() -> None:
    """Case N1 (B2 community, 115): P1 391 + 115 = 506 / 2176 = 0.2325 -> 23.3%; S1 41 + 115 =
    156 / 1088 = 0.1434 -> 14.3%. A holder's current points of the case come off first."""
    overview = workload_overview(_scenario(), POLICY, "N1")
    by_id = {p.id: p.potential for p in overview.practitioners}
    assert by_id["P1"] is not None and by_id["P1"].workload_pct == 23.3
    assert by_id["S1"] is not None and by_id["S1"].workload_pct == 14.3
    # A C2 licence case (65) already held, moving to B2 community (115): 391 - 65 + 115 = 441.
    assert potential_pct(391, 2176, 115, 65) == 20.3  # 441 / 2176 = 0.20267 -> 0.203


# --- properties -----------------------------------------------------------------------------

reduction_st = st.fixed_dictionaries(
    {"reason": st.sampled_from(["other", "trade_union_facility_time", "spoc_lead", "maternity"])},
    optional={
        "hours": st.floats(0, 60, allow_nan=False).map(lambda x: round(x, 2)),
        "status": st.sampled_from(["active", "scheduled", "archived", "deleted"]),
    },
)


@settings(max_examples=200, deadline=None)
@given(
    grade=st.sampled_from(["PO", "PSO", "PQIP"]),
    hours=st.none() | st.floats(0, 60, allow_nan=False).map(lambda x: round(x, 1)),
    reductions=st.lists(reduction_st, max_size=4),
    extra=reduction_st,
)
def test_available_points_bounded_and_monotone(
    grade: str, hours: float | None, reductions: list[dict[str, Any]], extra: dict[str, Any]
) -> None:
    """Available points are never negative, never above the nominal target pro rata to the
    contracted hours, and one more reduction never raises them."""
    p = staff("P1", grade, contracted_hours=hours, reductions=reductions)
    cap = capacity(p, POLICY, DAY)
    assert 0 <= cap.available_points <= 2176 * cap.contracted_hours / 37
    assert 0 <= cap.available_hours <= cap.contracted_hours
    more = staff("P1", grade, contracted_hours=hours, reductions=[*reductions, extra])
    assert available_points(more, POLICY, DAY) <= cap.available_points
