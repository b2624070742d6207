"""SPO rejection: on a re-solve, a practitioner the SPO rejected for a case is not proposed again."""

from tests.builders import case, day_of, scenario, staff
from tests.rules.support import excluded, failed_rules, reason


def _scenario():  # type: ignore[no-untyped-def]
    people = [staff("P1", name="Pat Rejected"), staff("P2", name="Pam Other")]
    return scenario(people, [case("X1", rejected_practitioners=["P1"]), case("X2")])


def test_not_rejected_is_allowed() -> None:
    """A practitioner the SPO did not reject for the case passes, also for other cases."""
    day, _ = day_of(_scenario())
    assert reason(day, "spo_rejection", "X1", "P2") is None
    assert reason(day, "spo_rejection", "X2", "P1") is None


def test_rejected_sentence() -> None:
    """The rejected practitioner gets the exact sentence."""
    day, _ = day_of(_scenario())
    assert (
        reason(day, "spo_rejection", "X1", "P1")
        == "The SPO rejected Pat Rejected for X1 on an earlier proposal today."
    )


def test_eligibility_excludes_exactly_the_rejected() -> None:
    """compute_eligibility excludes P1 from X1 only, for the rejection only."""
    _, elig = day_of(_scenario())
    assert elig.candidates == {"X1": ["P2"], "X2": ["P1", "P2"]}
    assert excluded(elig, "X1") == {"P1"}
    assert failed_rules(elig, "X1", "P1") == ["spo_rejection"]
