"""Practitioner status and officer left (docs/domain.md, "Public-protection guards"): who has left,
is leaving within the policy's horizon, is on long-term absence or takes no new cases gets no
new case; a case on the list because its officer left never goes back to that officer.

The day is 2026-11-24 and the default horizon is 14 days (to 2026-12-08)."""

from tests.builders import case, day_of, holding, policy, scenario, staff
from tests.rules.support import failed_rules, reason


def _scenario():  # type: ignore[no-untyped-def]
    return scenario(
        [
            staff("P1", name="Gone Already", left_on="2026-11-20"),
            staff("P2", name="Leaving Soon", left_on="2026-12-01"),
            staff("P3", name="Leaving Later", left_on="2027-03-01"),
            staff(
                "P4",
                name="Long Absent",
                long_term_absence_from="2026-10-01",
                long_term_absence_to="2027-01-31",
            ),
            staff("P5", name="Absent Soon", long_term_absence_from="2026-12-02"),
            staff("P6", name="Paused", no_new_cases_reason="phased return after sickness"),
            staff(
                "P7",
                name="Back Already",
                long_term_absence_from="2026-09-01",
                long_term_absence_to="2026-11-01",
            ),
            staff("P8", name="Plain Present"),
        ],
        [
            case("C1", "C2"),
            case("C2", "C2", reason="officer_left", current_practitioner_id="P1"),
            case("C3", "C2", reason="change_in_tier", current_practitioner_id="P2"),
            case("C4", "C2", reason="officer_left", previous_practitioner_id="P8"),
        ],
        [holding("C2", "P1"), holding("C3", "P2")],
    )


def test_present_staff_are_allowed() -> None:
    """A leaving date beyond the horizon, an absence that has ended, or no status: allowed."""
    day, _ = day_of(_scenario())
    for pid in ("P3", "P7", "P8"):
        assert reason(day, "practitioner_status", "C1", pid) is None


def test_each_status_gives_its_exact_sentence() -> None:
    """Left, leaving within the horizon, long-term absence now or starting within the horizon,
    and no new cases each stop a new case with their own sentence; the reason for 'no new
    cases' is never printed."""
    day, _ = day_of(_scenario())
    said = {
        pid: reason(day, "practitioner_status", "C1", pid) for pid in ("P1", "P2", "P4", "P5", "P6")
    }
    assert said == {
        "P1": "Gone Already left the service on 2026-11-20.",
        "P2": "Leaving Soon leaves the service on 2026-12-01, within the policy's 14-day "
        "horizon, so takes no new case.",
        "P4": "Long Absent is on long-term absence until 2027-01-31, so takes no new case.",
        "P5": "Absent Soon starts a long-term absence on 2026-12-02 (with no return date "
        "recorded), within the policy's 14-day horizon, so takes no new case.",
        "P6": "Paused is marked by the SPO as taking no new cases.",
    }
    assert "sickness" not in str(said)


def test_horizon_is_policy() -> None:
    """With a 3-day horizon, a leaving date a week away no longer stops new cases."""
    day, _ = day_of(_scenario(), policy(status_horizon_days=3))
    assert reason(day, "practitioner_status", "C1", "P2") is None
    assert reason(day, "practitioner_status", "C1", "P5") is None


def test_a_leaver_does_not_keep_a_listed_case_but_a_leaving_holder_may() -> None:
    """A practitioner who has left cannot keep a case on the list; one still here keeps theirs."""
    day, elig = day_of(_scenario())
    assert reason(day, "practitioner_status", "C2", "P1") == (
        "Gone Already left the service on 2026-11-20; the cases they held go to someone present."
    )
    assert reason(day, "practitioner_status", "C3", "P2") is None
    assert "P2" in elig.candidates["C3"]


def test_officer_left_case_never_goes_back_to_that_officer() -> None:
    """The officer whose leaving listed the case is excluded by officer_left, even with no
    leaving date recorded (C4's previous officer P8 is otherwise present)."""
    day, elig = day_of(_scenario())
    assert reason(day, "officer_left", "C4", "P8") == (
        "C4 is on the list because its officer left, so it does not go back to Plain Present."
    )
    assert failed_rules(elig, "C4", "P8") == ["officer_left"]
    assert "P8" not in elig.candidates["C4"]
    assert reason(day, "officer_left", "C1", "P8") is None
    assert elig.candidates["C1"] == ["P3", "P7", "P8"]


def test_leave_starting_within_the_absence_horizon_stops_new_cases() -> None:
    """With a 5-day absence horizon, leave from 2026-11-27 stops new cases (the first
    appointment would fall in it), without naming its kind; leave from 2026-12-10 does not,
    and a training day never does."""
    soon = {"start": "2026-11-27", "end": "2026-12-04", "kind": "sickness"}
    later = {"start": "2026-12-10", "end": "2026-12-12", "kind": "leave"}
    course = {"start": "2026-11-26", "end": "2026-11-26", "kind": "training"}
    s = scenario(
        [
            staff("A1", name="Away Soon", absences=[soon]),
            staff("A2", name="Away Later", absences=[later]),
            staff("A3", name="On A Course", absences=[course]),
        ],
        [case("C1", "C2")],
    )
    day, _ = day_of(s, policy(absence_horizon_days=5))
    assert reason(day, "practitioner_status", "C1", "A1") == (
        "Away Soon is absent from 2026-11-27, within the policy's 5-day horizon for a first "
        "appointment, so takes no new case."
    )
    assert reason(day, "practitioner_status", "C1", "A2") is None
    assert reason(day, "practitioner_status", "C1", "A3") is None
    day, _ = day_of(s)
    assert reason(day, "practitioner_status", "C1", "A1") is None
