"""PDU scope: a case is allocated within its own Probation Delivery Unit."""

from tests.builders import case, day_of, scenario, staff
from tests.rules.support import excluded, failed_rules, move_pod_to_pdu, reason


def _scenario():  # type: ignore[no-untyped-def]
    s = scenario(
        [staff("P1", pod="POD1"), staff("P2", pod="POD2", name="Sam Other")],
        [case("C1", "C2", pdu="PDU1"), case("C2", "C2", pdu="PDU2")],
    )
    return move_pod_to_pdu(s, "POD2", "PDU2")


def test_practitioner_in_the_case_pdu_is_allowed() -> None:
    """A practitioner whose POD is in the case's PDU passes."""
    day, _ = day_of(_scenario())
    assert reason(day, "pdu_scope", "C1", "P1") is None
    assert reason(day, "pdu_scope", "C2", "P2") is None


def test_practitioner_of_another_pdu_is_excluded_with_both_pdus_named() -> None:
    """A practitioner of another PDU is excluded, naming their PDU and the case's."""
    day, _ = day_of(_scenario())
    assert (
        reason(day, "pdu_scope", "C1", "P2")
        == "Sam Other works in PDU PDU2; the case is allocated in PDU PDU1."
    )


def test_eligibility_excludes_exactly_the_other_pdu() -> None:
    """Each case's only candidate is the practitioner of its own PDU."""
    _, elig = day_of(_scenario())
    assert elig.candidates == {"C1": ["P1"], "C2": ["P2"]}
    assert excluded(elig, "C1") == {"P2"}
    assert failed_rules(elig, "C1", "P2") == ["pdu_scope"]
    assert excluded(elig, "C2") == {"P1"}
