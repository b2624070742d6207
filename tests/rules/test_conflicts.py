"""Conflicts: a practitioner never receives a case on their declared-conflicts list."""

from tests.builders import case, day_of, scenario, staff
from tests.rules.support import excluded, failed_rules, reason


def _scenario():  # type: ignore[no-untyped-def]
    people = [staff("P1", name="Pat Conflicted", conflicts=["X1"]), staff("P2", name="Pam Clear")]
    return scenario(people, [case("X1", "C2"), case("X2", "C2")])


def test_no_declared_conflict_is_allowed() -> None:
    """A practitioner without a conflict with the case passes; a conflict with another case
    does not matter."""
    day, _ = day_of(_scenario())
    assert reason(day, "conflicts", "X1", "P2") is None
    assert reason(day, "conflicts", "X2", "P1") is None


def test_declared_conflict_sentence() -> None:
    """A declared conflict gives the exact sentence."""
    day, _ = day_of(_scenario())
    assert reason(day, "conflicts", "X1", "P1") == "Pat Conflicted has declared a conflict with X1."


def test_eligibility_excludes_exactly_the_conflicted() -> None:
    """compute_eligibility excludes P1 from X1 only, for the conflict only."""
    _, elig = day_of(_scenario())
    assert elig.candidates == {"X1": ["P2"], "X2": ["P1", "P2"]}
    assert excluded(elig, "X1") == {"P1"}
    assert failed_rules(elig, "X1", "P1") == ["conflicts"]
