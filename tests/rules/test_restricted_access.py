"""Restricted access: a limited-access case's excluded staff never hold it, and a restricted-to
list admits only the named staff."""

from tests.builders import case, day_of, scenario, staff
from tests.rules.support import excluded, failed_rules, reason


def _scenario():  # type: ignore[no-untyped-def]
    people = [
        staff("P1", name="Pat One"),
        staff("P2", name="Pam Two"),
        staff("P3", name="Pip Three"),
    ]
    cases = [
        case("OPEN", "C2"),
        case("EXCL", "C2", excluded_staff=["P2"]),
        case("ONLY", "C2", restricted_to=["P1", "P3"]),
        case("BOTH", "C2", restricted_to=["P1", "P2"], excluded_staff=["P1"]),
    ]
    return scenario(people, cases)


def test_unrestricted_and_listed_staff_are_allowed() -> None:
    """An open case passes anyone; a restricted-to case passes the named staff."""
    day, _ = day_of(_scenario())
    assert reason(day, "restricted_access", "OPEN", "P2") is None
    assert reason(day, "restricted_access", "EXCL", "P1") is None
    assert reason(day, "restricted_access", "ONLY", "P3") is None


def test_excluded_staff_sentence() -> None:
    """Excluded staff get the restricted-access sentence naming them and the case."""
    day, _ = day_of(_scenario())
    assert (
        reason(day, "restricted_access", "EXCL", "P2")
        == "Pam Two is excluded from EXCL (restricted access)."
    )


def test_restricted_to_sentence() -> None:
    """Staff not on a restricted-to list are told the case is restricted to named staff."""
    day, _ = day_of(_scenario())
    assert (
        reason(day, "restricted_access", "ONLY", "P2")
        == "ONLY is restricted to named staff and Pam Two is not one of them."
    )


def test_exclusion_wins_over_restricted_to() -> None:
    """A practitioner both named and excluded is excluded."""
    day, _ = day_of(_scenario())
    assert (
        reason(day, "restricted_access", "BOTH", "P1")
        == "Pat One is excluded from BOTH (restricted access)."
    )


def test_eligibility_excludes_exactly_the_restricted() -> None:
    """compute_eligibility keeps exactly the permitted staff per case."""
    _, elig = day_of(_scenario())
    assert elig.candidates == {
        "BOTH": ["P2"],
        "EXCL": ["P1", "P3"],
        "ONLY": ["P1", "P3"],
        "OPEN": ["P1", "P2", "P3"],
    }
    assert excluded(elig, "BOTH") == {"P1", "P3"}
    assert failed_rules(elig, "EXCL", "P2") == ["restricted_access"]
