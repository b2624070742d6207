"""Case readiness (seed 002): a case with an incomplete Diversity Information Form goes to nobody."""

from tests.builders import case, day_of, policy, scenario, staff
from tests.rules.support import excluded, failed_rules, reason

DIF_SENTENCE = (
    "The Diversity Information Form for C1 is incomplete: the case administrator "
    "must complete it before the case is allocated."
)


def _scenario():  # type: ignore[no-untyped-def]
    return scenario(
        [staff("P1"), staff("S1", "PSO")],
        [case("C1", "C2", dif_complete=False), case("C2", "C2")],
    )


def test_complete_dif_is_allowed() -> None:
    """A case whose DIF is complete passes the rule for any practitioner."""
    day, _ = day_of(_scenario())
    assert reason(day, "case_readiness", "C2", "P1") is None
    assert reason(day, "case_readiness", "C2", "S1") is None


def test_incomplete_dif_names_the_case_and_the_action() -> None:
    """An incomplete DIF gives the exact sentence telling the case administrator what to do."""
    day, _ = day_of(_scenario())
    assert reason(day, "case_readiness", "C1", "P1") == DIF_SENTENCE


def test_incomplete_dif_excludes_everyone() -> None:
    """compute_eligibility leaves an incomplete-DIF case with no candidate, and only for that rule."""
    _, elig = day_of(_scenario())
    assert elig.candidates["C1"] == []
    assert excluded(elig, "C1") == {"P1", "S1"}
    assert failed_rules(elig, "C1", "P1") == ["case_readiness"]
    assert elig.candidates["C2"] == ["P1", "S1"]


def test_dif_gate_off_switches_the_rule_off() -> None:
    """With the policy's dif_gate False, an incomplete DIF excludes nobody."""
    _, elig = day_of(_scenario(), policy(dif_gate=False))
    assert elig.candidates["C1"] == ["P1", "S1"]
    assert excluded(elig, "C1") == set()
