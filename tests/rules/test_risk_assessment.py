"""Risk assessment first (seed 003): a case without a complete risk screening is blocked for
everyone, like the DIF gate, with what to complete."""

from allocator.rules.registry import RULES_BY_NAME
from tests.builders import case, day_of, policy, scenario, staff
from tests.rules.support import failed_rules, reason


def _scenario():  # type: ignore[no-untyped-def]
    return scenario(
        [staff("P1"), staff("S1", "PSO")],
        [
            case("C1", "C2"),
            case("C2", "C2", rosh=None),
            case("C3", "C2", risk_assessment="incomplete"),
        ],
    )


def test_recorded_rosh_is_a_complete_screening() -> None:
    """A case with a RoSH level and no incomplete mark passes for everyone."""
    day, elig = day_of(_scenario())
    assert reason(day, "risk_assessment", "C1", "P1") is None
    assert elig.candidates["C1"] == ["P1", "S1"]


def test_no_rosh_recorded_blocks_the_case() -> None:
    """No RoSH recorded: the case-level rule blocks it with the exact sentence."""
    day, elig = day_of(_scenario())
    assert reason(day, "risk_assessment", "C2", "S1") == (
        "The risk assessment for C2 is not complete (no RoSH level is recorded): it must be "
        "completed before the case is allocated."
    )
    assert elig.candidates["C2"] == []
    assert failed_rules(elig, "C2", "P1") == ["risk_assessment"]
    assert RULES_BY_NAME["risk_assessment"].case_level
    assert RULES_BY_NAME["risk_assessment"].blocks_case(day, day.case_by_id["C2"])


def test_assessment_marked_incomplete_blocks_even_with_rosh() -> None:
    """A RoSH level with the assessment marked incomplete is still blocked, saying so."""
    day, elig = day_of(_scenario())
    assert reason(day, "risk_assessment", "C3", "P1") == (
        "The risk assessment for C3 is not complete (the assessment is marked incomplete): it "
        "must be completed before the case is allocated."
    )
    assert elig.candidates["C3"] == []


def test_gate_off_switches_the_rule_off() -> None:
    """With risk_assessment_gate False the incomplete case is allocatable."""
    _, elig = day_of(_scenario(), policy(risk_assessment_gate=False))
    assert elig.candidates["C3"] == ["P1", "S1"]
