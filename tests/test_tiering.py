"""Tier derivation (allocator.problem.tiering) against hand-derived values from docs/domain.md and seed 003.

Unified 2021 figures used by hand: RSR 7%+ = 20, 3-6.99% = 10; RoSH very high 150, high 20,
medium 10; MAPPA level 2/3 = 150, level 1 = 5; 2 per complexity registration and per true
women-specific factor; letters 150+ A, 20-149 B, 10-19 C, <10 D. Needs: weight x severity
(weight 2 for thinking and behaviour and attitudes, else 1; standard 1, severe 2) + OGRS // 10
+ 2 for IOM; digits 20+ = 3, 10-19 = 2, <10 = 1; 0 with no mandate, 2 with no valid assessment.
"""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allocator.io.policy_files import framework_data
from allocator.problem.tiering import derive_tier, resolve_tier
from models.case import CaseFacts
from models.enums import CaseFlag, MappaCategory, MappaLevel, NeedArea, Rosh, Severity
from models.policy import TieringFramework

UNIFIED = TieringFramework.model_validate(framework_data("unified_2021"))
NPS = TieringFramework.model_validate(framework_data("nps_2016"))

ALL_NEEDS_SEVERE = [{"area": a.value, "severity": "severe"} for a in NeedArea]


def case(risk: dict[str, Any] | None = None, **facts: Any) -> CaseFacts:
    """A case CRN001 with the given facts; ``risk`` defaults to OGRS 0 and nothing else."""
    data: dict[str, Any] = {"id": "CRN001", **facts}
    if risk is not None:
        data["risk"] = risk
    return CaseFacts.model_validate(data)


def risk_case(**risk: Any) -> CaseFacts:
    """A case whose only facts are risk facts (OGRS 0 unless given, so no OGRS is missing)."""
    return case({"ogrs": 0, **risk})


def regs(n: int) -> list[str]:
    """``n`` complexity registrations."""
    return [f"reg_{i}" for i in range(n)]


# --- unified 2021: risk letter --------------------------------------------------------------


def test_rsr_band_boundary_at_7_percent() -> None:
    """RSR 6.99% gives 10 risk points (C) and RSR 7.0% gives 20 (B)."""
    below = derive_tier(risk_case(rsr_pct=6.99), UNIFIED)
    at = derive_tier(risk_case(rsr_pct=7.0), UNIFIED)
    assert (below.risk_points, below.risk_letter, below.tier) == (10, "C", "C1")
    assert (at.risk_points, at.risk_letter, at.tier) == (20, "B", "B1")


def test_rsr_band_boundary_at_3_percent() -> None:
    """RSR 2.99% gives 0 risk points (D) and RSR 3.0% gives 10 (C)."""
    below = derive_tier(risk_case(rsr_pct=2.99), UNIFIED)
    at = derive_tier(risk_case(rsr_pct=3.0), UNIFIED)
    assert (below.risk_points, below.tier) == (0, "D1")
    assert (at.risk_points, at.tier) == (10, "C1")


def test_risk_points_149_is_b_and_150_is_a() -> None:
    """149 risk points (RoSH high 20 + MAPPA 1 5 + 62 registrations 124) is B; 150 is A."""
    b = derive_tier(
        case({"ogrs": 0, "complexity_registrations": regs(62)}, rosh="high", mappa_level=1),
        UNIFIED,
    )
    a = derive_tier(case({"ogrs": 0, "complexity_registrations": regs(65)}, rosh="high"), UNIFIED)
    assert (b.risk_points, b.risk_letter) == (149, "B")
    assert (a.risk_points, a.risk_letter) == (150, "A")


def test_risk_points_19_is_c_and_20_is_b() -> None:
    """19 risk points (RoSH medium 10 + MAPPA 1 5 + 2 registrations 4) is C; 20 is B."""
    c = derive_tier(
        case({"ogrs": 0, "complexity_registrations": regs(2)}, rosh="medium", mappa_level=1),
        UNIFIED,
    )
    b = derive_tier(case({"ogrs": 0, "complexity_registrations": regs(5)}, rosh="medium"), UNIFIED)
    assert (c.risk_points, c.risk_letter) == (19, "C")
    assert (b.risk_points, b.risk_letter) == (20, "B")


def test_risk_points_9_is_d_and_10_is_c() -> None:
    """9 risk points (MAPPA 1 5 + 2 registrations 4) is D; 10 (5 registrations) is C."""
    d = derive_tier(case({"ogrs": 0, "complexity_registrations": regs(2)}, mappa_level=1), UNIFIED)
    c = derive_tier(risk_case(complexity_registrations=regs(5)), UNIFIED)
    assert (d.risk_points, d.risk_letter) == (9, "D")
    assert (c.risk_points, c.risk_letter) == (10, "C")


def test_only_the_higher_of_rsr_and_rosh_counts() -> None:
    """RSR and RoSH are never added: the higher one counts, the other shows 0 points."""
    both_20 = derive_tier(case({"ogrs": 0, "rsr_pct": 7.5}, rosh="high"), UNIFIED)
    assert both_20.risk_points == 20  # not 40
    rsr_higher = derive_tier(case({"ogrs": 0, "rsr_pct": 7.5}, rosh="medium"), UNIFIED)
    assert rsr_higher.risk_points == 20  # not 30
    rosh_higher = derive_tier(case({"ogrs": 0, "rsr_pct": 3.5}, rosh="very_high"), UNIFIED)
    assert (rosh_higher.risk_points, rosh_higher.tier) == (150, "A1")  # not 160
    by_factor = {s.factor: s.points for s in rosh_higher.steps if s.axis == "risk"}
    assert by_factor == {"RSR": 0, "RoSH": 150}
    assert "only the higher of RSR and RoSH counts" in rosh_higher.steps[0].note
    assert sum(s.points for s in rsr_higher.steps if s.axis == "risk") == 20


def test_mappa_level_1_gives_5_and_level_2_gives_150() -> None:
    """MAPPA level 1 adds 5 risk points (D); level 2 adds 150 (A)."""
    one = derive_tier(case({"ogrs": 0}, mappa_category=1, mappa_level=1), UNIFIED)
    two = derive_tier(case({"ogrs": 0}, mappa_category=1, mappa_level=2), UNIFIED)
    assert (one.risk_points, one.tier) == (5, "D1")
    assert (two.risk_points, two.tier) == (150, "A1")


def test_registrations_and_women_factors_add_2_each() -> None:
    """3 registrations (6) and 2 true women-specific factors (4) make 10 risk points: C."""
    d = derive_tier(
        risk_case(
            complexity_registrations=regs(3),
            women_factors={"parenting_responsibilities": True, "impulsivity": True},
        ),
        UNIFIED,
    )
    assert (d.risk_points, d.risk_letter) == (10, "C")
    steps = {s.factor: (s.points, s.note) for s in d.steps}
    assert steps["complexity registrations"][0] == 6
    assert steps["additional risk factors"] == (4, "additional risk factors: 4 points")


def test_women_factors_all_false_leave_no_step() -> None:
    """Women-specific factors that are all false give 0 points and no step at all.

    Their presence alone is special-category data, so it must not show in the derivation.
    """
    d = derive_tier(risk_case(women_factors={}), UNIFIED)
    assert d.risk_points == 0
    assert all("women" not in s.factor for s in d.steps)


# --- unified 2021: needs digit --------------------------------------------------------------


def test_needs_points_9_is_digit_1_and_10_is_digit_2() -> None:
    """OGRS 59 (5) + attitudes severe (4) = 9: digit 1; adding accommodation standard: 10, 2."""
    nine = [{"area": "attitudes", "severity": "severe"}]
    ten = [*nine, {"area": "accommodation", "severity": "standard"}]
    d9 = derive_tier(risk_case(ogrs=59, needs=nine), UNIFIED)
    d10 = derive_tier(risk_case(ogrs=59, needs=ten), UNIFIED)
    assert (d9.needs_points, d9.needs_digit, d9.tier) == (9, 1, "D1")
    assert (d10.needs_points, d10.needs_digit, d10.tier) == (10, 2, "D2")


def test_needs_points_19_is_digit_2_and_20_is_digit_3() -> None:
    """All eight needs severe: 2 x (2x2) + 6 x (1x2) = 20, digit 3; alcohol standard: 19, 2."""
    nineteen = [
        n if n["area"] != "alcohol" else {**n, "severity": "standard"} for n in ALL_NEEDS_SEVERE
    ]
    d19 = derive_tier(risk_case(needs=nineteen), UNIFIED)
    d20 = derive_tier(risk_case(needs=ALL_NEEDS_SEVERE), UNIFIED)
    assert (d19.needs_points, d19.needs_digit) == (19, 2)
    assert (d20.needs_points, d20.needs_digit, d20.tier) == (20, 3, "D3")


def test_no_mandate_for_change_is_digit_0_even_with_severe_needs() -> None:
    """No mandate for change gives needs digit 0 whatever the needs, OGRS and IOM."""
    d = derive_tier(
        case(
            {"ogrs": 99, "needs": ALL_NEEDS_SEVERE, "mandate_for_change": False},
            rosh="high",
            flags=["iom"],
        ),
        UNIFIED,
    )
    assert (d.tier, d.needs_digit, d.needs_points) == ("B0", 0, None)
    assert [s.factor for s in d.steps if s.axis == "needs"] == ["mandate for change"]


def test_no_mandate_takes_precedence_over_no_valid_assessment() -> None:
    """With neither a mandate for change nor a valid assessment the digit is 0, not 2."""
    d = derive_tier(risk_case(mandate_for_change=False, valid_assessment=False), UNIFIED)
    assert (d.tier, d.needs_digit) == ("D0", 0)


def test_no_valid_assessment_is_digit_2() -> None:
    """No valid needs assessment gives needs digit 2, whatever the needs and OGRS say."""
    low = derive_tier(risk_case(valid_assessment=False), UNIFIED)
    high = derive_tier(risk_case(ogrs=99, needs=ALL_NEEDS_SEVERE, valid_assessment=False), UNIFIED)
    assert (low.tier, low.needs_points) == ("D2", None)
    assert high.tier == "D2"


def test_ogrs_counts_its_whole_tenths() -> None:
    """OGRS 59 adds 5 needs points (whole part of 5.9); OGRS 9 adds 0; OGRS 100 adds 10."""
    assert derive_tier(risk_case(ogrs=59), UNIFIED).needs_points == 5
    assert derive_tier(risk_case(ogrs=9), UNIFIED).needs_points == 0
    assert derive_tier(risk_case(ogrs=100), UNIFIED).needs_digit == 2


def test_iom_adds_2_needs_points() -> None:
    """An IOM case gets 2 more needs points: OGRS 80 (8) is digit 1, with IOM (10) digit 2."""
    plain = derive_tier(case({"ogrs": 80}), UNIFIED)
    iom = derive_tier(case({"ogrs": 80}, flags=["iom"]), UNIFIED)
    assert (plain.needs_points, plain.needs_digit) == (8, 1)
    assert (iom.needs_points, iom.needs_digit) == (10, 2)
    assert [s.note for s in iom.steps if s.factor == "IOM"] == ["IOM case: 2 points"]


def test_step_points_add_up_to_the_totals() -> None:
    """The points of the risk steps and of the needs steps add up to the reported totals."""
    d = derive_tier(
        case(
            {
                "rsr_pct": 4.2,
                "ogrs": 47,
                "complexity_registrations": regs(2),
                "women_factors": {"previous_breach_or_recall": True},
                "needs": [{"area": "drugs", "severity": "severe"}],
            },
            rosh="high",
            mappa_category=2,
            mappa_level=1,
            flags=["iom"],
        ),
        UNIFIED,
    )
    # risk: max(10, 20) + 5 + 4 + 2 = 31 (B); needs: 2 + 4 + 2 = 8 (1)
    assert (d.risk_points, d.needs_points, d.tier) == (31, 8, "B1")
    assert sum(s.points for s in d.steps if s.axis == "risk") == 31
    assert sum(s.points for s in d.steps if s.axis == "needs") == 8


# --- missing data ---------------------------------------------------------------------------


def test_missing_rsr_rosh_and_ogrs_count_as_zero_and_are_listed() -> None:
    """RSR, RoSH and OGRS not given count 0 points and are each listed in plain words."""
    d = derive_tier(case({"complexity_registrations": regs(1)}), UNIFIED)
    assert (d.tier, d.risk_points, d.needs_points) == ("D1", 2, 0)
    assert d.missing == [
        "RSR not given: counted as 0 risk points",
        "RoSH not given: counted as 0 risk points",
        "OGRS not given: counted as 0 needs points",
    ]


def test_missing_risk_facts_with_rosh_given_are_listed() -> None:
    """With RoSH but no risk facts, the tier comes from RoSH alone and the gap is listed."""
    d = derive_tier(case(rosh="high"), UNIFIED)
    assert (d.tier, d.risk_points, d.needs_points) == ("B1", 20, 0)
    assert len(d.missing) == 1
    assert d.missing[0].startswith("risk and needs facts not given")


def test_no_tier_and_no_risk_facts_at_all_is_an_error_naming_the_case() -> None:
    """A case with no tier, no risk facts, no RoSH and no MAPPA level cannot be tiered."""
    with pytest.raises(ValueError, match="CRN001"):
        derive_tier(case(), UNIFIED)
    with pytest.raises(ValueError, match="CRN001"):
        resolve_tier(case(), NPS)


def test_unneeded_facts_are_not_reported_missing() -> None:
    """OGRS is not read when there is no mandate for change, so it is not reported missing."""
    d = derive_tier(case({"rsr_pct": 1.0, "mandate_for_change": False}, rosh="low"), UNIFIED)
    assert d.missing == []


# --- NPS 2016 -------------------------------------------------------------------------------


def test_nps_a_from_mappa_level_2_and_3_without_suffix() -> None:
    """MAPPA level 2 or 3 is tier A, with no 1/2 variant even with additional factors."""
    two = derive_tier(case(mappa_category=2, mappa_level=2, flags=["iom"]), NPS)
    three = derive_tier(case(mappa_category=1, mappa_level=3, rosh="low"), NPS)
    assert (two.tier, two.risk_letter) == ("A", "A")
    assert three.tier == "A"
    assert all(s.axis != "additional_factor" for s in two.steps)


def test_nps_b2_from_rsr_6_9_exactly_and_c2_just_below() -> None:
    """RSR 6.9% exactly is band B (B2); RSR 6.89% is band C (3.0%+)."""
    assert derive_tier(case({"rsr_pct": 6.9, "ogrs": 0}, rosh="low"), NPS).tier == "B2"
    assert derive_tier(case({"rsr_pct": 6.89, "ogrs": 0}, rosh="low"), NPS).tier == "C2"


def test_nps_b2_from_ogrs_90_and_c2_from_ogrs_89() -> None:
    """OGRS 90 is band B; OGRS 89 is band C (75-89)."""
    assert derive_tier(case({"rsr_pct": 0.5, "ogrs": 90}, rosh="low"), NPS).tier == "B2"
    assert derive_tier(case({"rsr_pct": 0.5, "ogrs": 89}, rosh="low"), NPS).tier == "C2"


def test_nps_b2_from_high_or_very_high_rosh() -> None:
    """High or very high RoSH is band B whatever RSR and OGRS say."""
    for rosh in ("high", "very_high"):
        d = derive_tier(case({"rsr_pct": 0.1, "ogrs": 5}, rosh=rosh), NPS)
        assert (d.tier, d.risk_letter) == ("B2", "B")


def test_nps_c1_with_a_child_protection_flag() -> None:
    """Medium RoSH with a child protection flag is C1, and the step does not name the flag."""
    d = derive_tier(
        case({"rsr_pct": 1.0, "ogrs": 10}, rosh="medium", flags=["child_protection"]), NPS
    )
    assert d.tier == "C1"
    factor_step = next(s for s in d.steps if s.axis == "additional_factor")
    assert factor_step.note == "1 additional factor present: variant 1"
    assert "child" not in d.model_dump_json()


def test_nps_d1_from_mappa_category_1_level_1() -> None:
    """Low RoSH with MAPPA category 1 level 1 is D1; category 2 level 1 is no factor: D2."""
    assert (
        derive_tier(
            case({"rsr_pct": 1.0, "ogrs": 10}, rosh="low", mappa_category=1, mappa_level=1), NPS
        ).tier
        == "D1"
    )
    assert (
        derive_tier(
            case({"rsr_pct": 1.0, "ogrs": 10}, rosh="low", mappa_category=2, mappa_level=1), NPS
        ).tier
        == "D2"
    )


def test_nps_d2_by_default() -> None:
    """RSR 2.9%, OGRS 74 and low RoSH with no additional factor is D2."""
    d = derive_tier(case({"rsr_pct": 2.9, "ogrs": 74}, rosh="low"), NPS)
    assert (d.tier, d.risk_letter, d.missing) == ("D2", "D", [])
    assert d.risk_points is None and d.needs_digit is None


def test_nps_missing_facts_count_as_lowest_and_are_listed() -> None:
    """Without risk facts or RoSH, RSR and OGRS count as 0 and RoSH as low: D2, all listed."""
    d = derive_tier(case(mappa_category=3, mappa_level=1), NPS)
    assert d.tier == "D2"
    assert d.missing == [
        "RSR not given: counted as 0%",
        "OGRS not given: counted as 0",
        "RoSH not given: counted as low",
    ]


def test_nps_tiering_reads_the_data_not_constants() -> None:
    """Moving the band B RSR threshold in the data moves the tier: nothing is hard-coded."""
    data = framework_data("nps_2016")
    data["derivation"]["bands"][0]["rsr_min"] = 5.0
    moved = TieringFramework.model_validate(data)
    facts = case({"rsr_pct": 5.5, "ogrs": 0}, rosh="low")
    assert (derive_tier(facts, NPS).tier, derive_tier(facts, moved).tier) == ("C2", "B2")


def test_unified_tiering_reads_the_data_not_constants() -> None:
    """Changing registration points and the IOM points in the data changes the result."""
    data = framework_data("unified_2021")
    data["derivation"]["registration_points"] = 5
    data["derivation"]["iom_points"] = 10
    changed = TieringFramework.model_validate(data)
    facts = case({"ogrs": 0, "complexity_registrations": regs(2)}, flags=["iom"])
    before, after = derive_tier(facts, UNIFIED), derive_tier(facts, changed)
    assert (before.risk_points, before.needs_points, before.tier) == (4, 2, "D1")
    assert (after.risk_points, after.needs_points, after.tier) == (10, 10, "C2")


# --- given tiers ----------------------------------------------------------------------------


def test_given_tier_passes_through() -> None:
    """A tier the case carries is returned as given, not derived, whatever its risk facts."""
    facts = case({"rsr_pct": 9.0, "ogrs": 99}, tier="D2", rosh="very_high")
    d = derive_tier(facts, UNIFIED)
    assert (d.tier, d.given, d.risk_letter, d.steps, d.missing) == ("D2", True, "D", [], [])
    assert resolve_tier(facts, UNIFIED) == "D2"
    assert resolve_tier(case({"ogrs": 0}, rosh="medium"), UNIFIED) == "C1"


def test_given_tier_of_another_framework_is_an_error() -> None:
    """A given tier that is not a tier of the framework is refused, naming case and tier."""
    with pytest.raises(ValueError, match=r"CRN001: tier 'A3' is not a tier of nps_2016"):
        derive_tier(case(tier="A3"), NPS)


# --- properties -----------------------------------------------------------------------------

needs_st = st.lists(
    st.builds(
        lambda a, s: {"area": a.value, "severity": s.value},
        st.sampled_from(NeedArea),
        st.sampled_from(Severity),
    ),
    max_size=8,
)
risk_st = st.none() | st.fixed_dictionaries(
    {},
    optional={
        "rsr_pct": st.none() | st.floats(0, 100, allow_nan=False),
        "ogrs": st.none() | st.integers(0, 100),
        "complexity_registrations": st.lists(
            st.sampled_from(["gang", "terrorism_risk"]), max_size=80
        ),
        "women_factors": st.none()
        | st.fixed_dictionaries(
            {"parenting_responsibilities": st.booleans(), "impulsivity": st.booleans()}
        ),
        "mandate_for_change": st.booleans(),
        "valid_assessment": st.booleans(),
        "needs": needs_st,
    },
)


@settings(max_examples=300, deadline=None)
@given(
    risk=risk_st,
    rosh=st.none() | st.sampled_from(Rosh),
    category=st.none() | st.sampled_from(MappaCategory),
    level=st.none() | st.sampled_from(MappaLevel),
    flags=st.lists(st.sampled_from(CaseFlag), unique=True),
)
def test_a_derived_tier_is_always_a_code_of_the_framework(
    risk: dict[str, Any] | None,
    rosh: Rosh | None,
    category: MappaCategory | None,
    level: MappaLevel | None,
    flags: list[CaseFlag],
) -> None:
    """For any facts with at least one risk fact, both frameworks derive one of their codes.

    Also: no step or note ever names a registration, flag or women-specific factor.
    """
    facts = case(risk, rosh=rosh, mappa_category=category, mappa_level=level, flags=flags)
    if risk is None and rosh is None and level is None:
        with pytest.raises(ValueError):
            derive_tier(facts, UNIFIED)
        return
    for framework in (UNIFIED, NPS):
        d = derive_tier(facts, framework)
        assert d.tier in {t.code for t in framework.tiers}
        assert not d.given
        text = d.model_dump_json().lower()
        secrets = ("gang", "terror", "parenting", "impulsiv", "breach", "child", "vulnerab")
        for secret in (*secrets, "sexual", "domestic", "mental"):
            assert secret not in text
