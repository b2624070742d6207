"""Absence: no case goes to a practitioner absent on the allocation date (2026-11-24)."""

from tests.builders import case, day_of, scenario, staff
from tests.rules.support import excluded, failed_rules, reason


def _absence(start: str, end: str, kind: str = "leave") -> dict[str, str]:
    return {"start": start, "end": end, "kind": kind}


def _scenario():  # type: ignore[no-untyped-def]
    return scenario(
        [
            staff("P1", name="Present Before", absences=[_absence("2026-11-01", "2026-11-23")]),
            staff("P2", name="Present After", absences=[_absence("2026-11-25", "2026-11-30")]),
            staff("P3", name="On Leave", absences=[_absence("2026-11-20", "2026-11-27")]),
            staff(
                "P4", name="Ill Today", absences=[_absence("2026-11-24", "2026-11-24", "sickness")]
            ),
            staff(
                "P5",
                name="In Training",
                absences=[_absence("2026-11-24", "2026-11-25", "training")],
            ),
            staff("P6", name="No Hours", reduction_pct=100),
            staff("P7", name="Nothing Recorded"),
        ],
        [case("C1", "C2")],
    )


def test_absences_not_covering_the_day_allow() -> None:
    """Absences ending the day before or starting the day after do not exclude."""
    day, _ = day_of(_scenario())
    assert reason(day, "absence", "C1", "P1") is None
    assert reason(day, "absence", "C1", "P2") is None
    assert reason(day, "absence", "C1", "P7") is None


def test_absence_covering_the_day_excludes_with_its_end() -> None:
    """Leave covering the day says 'absent' and when it ends."""
    day, _ = day_of(_scenario())
    assert (
        reason(day, "absence", "C1", "P3") == "On Leave is absent on 2026-11-24 (until 2026-11-27)."
    )


def test_sickness_is_not_named() -> None:
    """A one-day sickness absence (inclusive) says only 'absent': the kind is health data."""
    day, _ = day_of(_scenario())
    assert (
        reason(day, "absence", "C1", "P4")
        == "Ill Today is absent on 2026-11-24 (until 2026-11-24)."
    )


def test_training_day_says_on_a_training_day() -> None:
    """A training absence says 'on a training day'."""
    day, _ = day_of(_scenario())
    assert (
        reason(day, "absence", "C1", "P5")
        == "In Training is on a training day on 2026-11-24 (until 2026-11-25)."
    )


def test_no_available_hours_excludes() -> None:
    """A practitioner whose reductions take all their hours is excluded as having none."""
    day, _ = day_of(_scenario())
    assert (
        reason(day, "absence", "C1", "P6")
        == "No Hours has no available hours (reductions take all their contracted hours)."
    )


def test_eligibility_excludes_exactly_the_absent() -> None:
    """compute_eligibility excludes P3, P4, P5 and P6, each for absence only."""
    _, elig = day_of(_scenario())
    assert excluded(elig, "C1") == {"P3", "P4", "P5", "P6"}
    assert elig.candidates["C1"] == ["P1", "P2", "P7"]
    for pid in ("P3", "P4", "P5"):
        assert failed_rules(elig, "C1", pid) == ["absence"]
