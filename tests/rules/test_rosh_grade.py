"""RoSH decides the grade (seed 003): a high or very high RoSH case goes to a PO, whatever its
stated tier; a stated tier that differs from its risk facts is flagged or, by policy, blocked."""

from tests.builders import case, day_of, policy, scenario, staff
from tests.rules.support import failed_rules, reason

FACTS = {"rsr_pct": 1.0, "mandate_for_change": True, "valid_assessment": True}


def _scenario():  # type: ignore[no-untyped-def]
    return scenario(
        [
            staff("P1", name="Pat Officer"),
            staff("S1", "PSO", name="Sam Service"),
            staff("Q1", "PQIP", name="Quin Learner"),
        ],
        [
            case("C1", "C2", rosh="high"),
            case("C2", "C2", rosh="medium"),
            case("C3", "C2", rosh="very_high", risk=FACTS),
        ],
    )


def test_medium_rosh_c2_may_go_to_a_pso() -> None:
    """A medium-RoSH C2 case passes the rule for every grade."""
    day, _ = day_of(_scenario())
    assert reason(day, "rosh_grade", "C2", "S1") is None
    assert reason(day, "rosh_grade", "C2", "P1") is None


def test_high_rosh_stated_c2_goes_to_a_po_only() -> None:
    """A C2 case with high RoSH excludes the PSO, by this rule alone, with the exact sentence."""
    day, elig = day_of(_scenario())
    assert reason(day, "rosh_grade", "C1", "S1") == (
        "Sam Service is a PSO; a case with high RoSH is held by a qualified PO only, whatever "
        "its stated tier (C2)."
    )
    assert failed_rules(elig, "C1", "S1") == ["rosh_grade"]
    assert elig.candidates["C1"] == ["P1"]


def test_switch_off_restores_the_tier_rule() -> None:
    """With rosh_grade off, the stated tier alone decides (the PSO may take C2)."""
    _, elig = day_of(_scenario(), policy(rosh_grade=False))
    assert "S1" in elig.candidates["C1"]


def test_stated_tier_disagreeing_with_facts_is_known_and_warns_by_default() -> None:
    """C3 is stated C2 but its facts give an A tier (very high RoSH): under the default 'warn'
    the stated_tier rule does not block, and the day records the tier the facts give."""
    day, elig = day_of(_scenario())
    assert day.facts_tier["C3"].startswith("A")
    assert "C1" not in day.facts_tier and "C2" not in day.facts_tier
    assert elig.candidates["C3"] == ["P1"]


def test_stated_tier_blocks_where_the_policy_says() -> None:
    """Under tier_disagreement 'block' the case goes to nobody, with the exact sentence."""
    day, elig = day_of(_scenario(), policy(tier_disagreement="block"))
    facts = day.facts_tier["C3"]
    assert reason(day, "stated_tier", "C3", "P1") == (
        f"C3 is stated as tier C2, but its risk facts give tier {facts}: the SPO must confirm "
        "the tier before the case is allocated."
    )
    assert elig.candidates["C3"] == []
    assert reason(day, "stated_tier", "C1", "P1") is None
