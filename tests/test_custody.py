"""Custody cases (OMiC; docs/domain.md, seeds 001 and 002): handover 7.5 months before release for
cases meeting the OMiC criteria, else 12 weeks; the COM is allocated 28 days before it; a
shadow-team holding carries no points until a COM is allocated."""

import datetime as dt

from allocator.problem.custody import allocate_by, handover_date
from tests.builders import case, day_of, holding, policy, scenario, staff

RELEASE = "2027-08-01"


def test_omic_case_hands_over_seven_and_a_half_months_before_release() -> None:
    """A 24-month sentence: handover 228 days before 2027-08-01, allocate by 28 days before."""
    c = case("C1", "C2", case_type="custody", release_date=RELEASE, sentence_months=24)
    assert handover_date(c, policy()) == dt.date(2026, 12, 16)
    assert allocate_by(c, policy()) == dt.date(2026, 11, 18)


def test_time_left_to_serve_also_meets_the_criteria() -> None:
    """A 15-month sentence with 11 months left to serve meets the criteria too."""
    c = case(
        "C1",
        "C2",
        case_type="custody",
        release_date=RELEASE,
        sentence_months=15,
        months_to_serve_at_sentence=11,
    )
    assert handover_date(c, policy()) == dt.date(2026, 12, 16)


def test_other_custody_case_hands_over_twelve_weeks_before() -> None:
    """A 12-month sentence: handover 84 days before release, allocate by 28 days before that."""
    c = case("C1", "C2", case_type="custody", release_date=RELEASE, sentence_months=12)
    assert handover_date(c, policy()) == dt.date(2027, 5, 9)
    assert allocate_by(c, policy()) == dt.date(2027, 4, 11)


def test_given_dates_stand_and_community_cases_have_none() -> None:
    """A given allocate-by stands; a community case with a release date derives nothing."""
    given = case("C1", "C2", case_type="custody", release_date=RELEASE, allocate_by="2027-01-01")
    assert allocate_by(given, policy()) == dt.date(2027, 1, 1)
    assert allocate_by(case("C2", "C2", release_date=RELEASE), policy()) is None


def test_derived_allocate_by_makes_a_case_overdue() -> None:
    """The OMiC case above is 6 days overdue on 2026-11-24 (allocate by 2026-11-18)."""
    c = case("C1", "C2", case_type="custody", release_date=RELEASE, sentence_months=24)
    day, _ = day_of(scenario([staff("P1")], [c]))
    assert day.overdue_days["C1"] == 6


def test_shadow_team_holding_carries_no_points() -> None:
    """A custody holding in a shadow OMiC team adds 0 points; the same holding outside it 24."""
    held = [holding("H1", "P1", "C2", case_type="custody", shadow_team=True)]
    day, _ = day_of(scenario([staff("P1")], [], held))
    assert day.load_before["P1"] == 0
    day, _ = day_of(scenario([staff("P1")], [], [holding("H1", "P1", "C2", case_type="custody")]))
    assert day.load_before["P1"] == 24
