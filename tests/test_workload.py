"""Workload as the WMT measures it (docs/domain.md "Workload points and tiers"): available points,
hours reductions by PQiP month and NQO period, points per case from the table, workload %."""

from datetime import date

import pytest

from allocator.problem.workload import (
    available_points,
    case_points,
    ceiling_points,
    is_nqo,
    months_between,
    reduction_pct,
    workload_pct,
)
from models.enums import CaseType
from tests.builders import DAY, policy, staff
from tests.rules.support import nps_policy

POLICY = policy()


def _available(grade: str = "PO", **kw) -> int:  # type: ignore[no-untyped-def]
    return available_points(staff("P1", grade, **kw), POLICY, DAY)


def test_full_time_po_has_the_nominal_target() -> None:
    """A full-time (37 h) PO, PSO or PQiP past month 18 has 2176 available points."""
    assert _available("PO") == 2176
    assert _available("PSO") == 2176
    assert _available("PQIP", pqip_started_on="2025-01-01") == 2176


def test_part_time_is_pro_rata() -> None:
    """18.5 h of 37 gives 2176 x 18.5 / 37 = 1088; 30 h gives floor(1764.3) = 1764."""
    assert _available(contracted_hours=18.5) == 1088
    assert _available(contracted_hours=30) == 1764


@pytest.mark.parametrize(
    ("started", "month", "pct", "points"),
    [
        ("2026-11-24", 0, 80, 435),  # floor(2176 x 0.2 = 435.2)
        ("2026-08-01", 3, 80, 435),
        ("2026-05-25", 5, 80, 435),  # one day short of 6 months
        ("2026-05-24", 6, 60, 870),  # floor(2176 x 0.4 = 870.4)
        ("2025-11-25", 11, 60, 870),
        ("2025-11-24", 12, 40, 1305),  # floor(2176 x 0.6 = 1305.6)
        ("2025-05-25", 17, 40, 1305),
        ("2025-05-24", 18, 0, 2176),
    ],
)
def test_pqip_reduction_by_month(started: str, month: int, pct: int, points: int) -> None:
    """PQiP months 0-6: 80%; 6-12: 60%; 12-18: 40%; then none (months counted on 2026-11-24)."""
    p = staff("Q1", "PQIP", pqip_started_on=started)
    assert months_between(date.fromisoformat(started), DAY) == month
    assert reduction_pct(p, POLICY, DAY) == pct
    assert available_points(p, POLICY, DAY) == points


def test_pqip_without_a_start_date_has_no_programme_reduction() -> None:
    """A PQiP without pqip_started_on has full hours."""
    assert _available("PQIP") == 2176


@pytest.mark.parametrize(
    ("qualified", "nqo", "points"),
    [
        ("2026-11-01", True, 1740),  # 0 months: 20% reduction, floor(1740.8)
        ("2026-02-25", True, 1740),  # 8 months: still reduced
        ("2026-02-24", True, 2176),  # 9 months: reduction over, still an NQO
        ("2026-01-24", True, 2176),  # 10 months after qualifying: NQO, no reduction
        ("2025-11-25", True, 2176),  # 11 months
        ("2025-11-24", False, 2176),  # 12 months: past the NQO period
    ],
)
def test_nqo_reduction_for_nine_months_and_period_of_twelve(
    qualified: str, nqo: bool, points: int
) -> None:
    """An NQO has a 20% hours reduction for 9 months and is an NQO for 12 months."""
    p = staff("N1", "PO", qualified_on=qualified)
    assert is_nqo(p, POLICY, DAY) is nqo
    assert available_points(p, POLICY, DAY) == points


def test_nqo_is_only_a_po() -> None:
    """A PSO with a qualification date is neither an NQO nor reduced."""
    p = staff("S1", "PSO", qualified_on="2026-11-01")
    assert not is_nqo(p, POLICY, DAY)
    assert available_points(p, POLICY, DAY) == 2176


def test_other_reductions() -> None:
    """PSO learning 20% -> floor(1740.8); maternity 100% -> 0; 7 TU hours -> floor(1764.3);
    reductions add up but never past 100%."""
    assert _available("PSO", reduction_pct=20) == 1740
    assert _available(reduction_pct=100) == 0
    assert _available(reduction_hours=7) == 1764
    assert _available(contracted_hours=18.5, reduction_pct=50) == 544
    q = staff("Q1", "PQIP", pqip_started_on="2026-11-01", reduction_pct=30)
    assert reduction_pct(q, POLICY, DAY) == 100
    assert available_points(q, POLICY, DAY) == 0


def test_grades_holding_no_cases_have_no_points() -> None:
    """SPOs and CAs have 0 available points."""
    assert _available("SPO") == 0
    assert _available("CA") == 0


def test_ceiling_points_round_down() -> None:
    """110% of 2176 = 2393.6 -> 2393; 100% of 1088 = 1088."""
    assert ceiling_points(2176, 110) == 2393
    assert ceiling_points(1088, 100) == 1088
    assert ceiling_points(1000, 110) == 1100


@pytest.mark.parametrize(
    ("tier", "case_type", "points"),
    [
        ("A3", CaseType.COMMUNITY, 206),
        ("A3", CaseType.LICENCE, 219),
        ("A0", CaseType.CUSTODY, 0),
        ("B2", CaseType.LICENCE, 132),
        ("B0", CaseType.COMMUNITY, 72),
        ("C1", CaseType.CUSTODY, 23),
        ("C3", CaseType.COMMUNITY, 79),
        ("D2", CaseType.LICENCE, 43),
        ("D0", CaseType.CUSTODY, 0),
        ("D0", CaseType.COMMUNITY, 29),
    ],
)
def test_case_points_from_the_wmt_table(tier: str, case_type: CaseType, points: int) -> None:
    """Points per case come from the unified WMT table by tier and case type."""
    assert case_points(POLICY, tier, case_type) == points


def test_case_points_override_and_unknown_tier() -> None:
    """An override wins (even 0); an unknown tier raises KeyError naming it."""
    assert case_points(POLICY, "A3", CaseType.COMMUNITY, 500) == 500
    assert case_points(POLICY, "A3", CaseType.COMMUNITY, 0) == 0
    with pytest.raises(KeyError, match="tier 'B1X' is not in framework unified_2021"):
        case_points(POLICY, "B1X", CaseType.COMMUNITY)


def test_case_points_nps_2016() -> None:
    """The NPS 2016 policy maps its seven categories to points the same way."""
    nps = nps_policy()
    assert case_points(nps, "A", CaseType.COMMUNITY) == 206
    assert case_points(nps, "B2", CaseType.LICENCE) == 132
    assert case_points(nps, "D2", CaseType.CUSTODY) == 14


@pytest.mark.parametrize(
    ("points", "available", "pct"),
    [
        (2176, 2176, 100.0),
        (0, 2176, 0.0),
        (1088, 2176, 50.0),
        (2393, 2176, 110.0),  # 109.972...
        (2394, 2176, 110.0),  # 110.018...
        (2250, 2176, 103.4),  # 103.400...
        (1, 3, 33.3),
        (2, 3, 66.7),
        (1229, 1088, 113.0),  # 112.959...
        (5, 0, 0.0),  # nothing to divide: 0, with a reason (zero_pct_reason)
        (0, 0, 0.0),
    ],
)
def test_workload_pct_rounds_to_a_tenth(points: int, available: int, pct: float) -> None:
    """Workload % = points / available x 100, rounded to 0.1; no available points reads 0% when
    nothing is held and 999.9% otherwise."""
    assert workload_pct(points, available) == pct


@pytest.mark.parametrize(
    ("start", "day", "months"),
    [
        ("2026-01-15", "2026-02-15", 1),
        ("2026-01-15", "2026-02-14", 0),
        ("2026-01-31", "2026-02-28", 0),
        ("2025-11-24", "2026-11-24", 12),
        ("2026-12-01", "2026-11-24", 0),
    ],
)
def test_months_between_counts_whole_calendar_months(start: str, day: str, months: int) -> None:
    """Whole months from start to day; 0 when day is before start."""
    assert months_between(date.fromisoformat(start), date.fromisoformat(day)) == months
