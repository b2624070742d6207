"""Tiers from the raw data the live tier service reads (docs/domain.md, section 3.3), against
numbers worked by hand.

Unified figures used by hand: RSR 7.00-99.99 = 20, 3.00-6.99 = 10, else 0; RoSH very high 150,
high 20, medium 10; MAPPA level 1 = 5, levels 2-3 = 150; 2 per distinct complexity code and per
women's factor; letters 150+ A, 20+ B, 10+ C, else D. Needs: weight (2 for thinking and
behaviour and attitudes, else 1) x severity (standard 1, severe 2) + OGRS // 10 + 2 for IOM;
digits 20+ = 3, 10+ = 2, else 1; no mandate 0; no valid assessment 2.
"""

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allocator.io.policy_files import framework_data
from allocator.problem.day import build_day
from allocator.problem.tiering import derive_tier
from models.case import CaseFacts
from models.enums import NeedArea
from models.policy import TieringFramework
from tests.builders import case as day_case
from tests.builders import policy, scenario, staff

UNIFIED = TieringFramework.model_validate(framework_data("unified_2021"))


def facts(rosh: str | None = None, **risk: Any) -> CaseFacts:
    """A case CRN001 with ``risk`` facts (OGRS 0 unless given) and a recorded RoSH if given."""
    return CaseFacts.model_validate({"id": "CRN001", "rosh": rosh, "risk": {"ogrs": 0, **risk}})


def reg(code: str, when: str = "2026-01-01", level: str | None = None) -> dict[str, Any]:
    """A registration."""
    return {"code": code, "date": when, "level": level}


# --- RSR ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rsr", "points"),
    [
        (7.00, 20),
        (99.99, 20),
        (100.0, 0),  # above 99.99
        (150.0, 0),
        (6.99, 10),
        (6.995, 0),  # between 6.99 and 7.00
        (3.00, 10),
        (2.99, 0),
        (0.0, 0),
        (-4.5, 0),  # negative: 0, not an input error
    ],
)
def test_rsr_any_number_scores_by_band(rsr: float, points: int) -> None:
    """20 points from 7.00 to 99.99, 10 from 3.00 to 6.99, 0 for any other number."""
    d = derive_tier(facts(rsr_pct=rsr), UNIFIED)
    assert d.risk_points == points


# --- registrations ---------------------------------------------------------------------------


def test_rosh_is_the_newest_rosh_registration() -> None:
    """RHRH (2025) then RVHR (2026): very high, 150 points, A; the recorded RoSH is not used."""
    data = facts("medium", registrations=[reg("RHRH", "2025-03-01"), reg("rvhr", "2026-02-01")])
    d = derive_tier(data, UNIFIED)
    assert (d.risk_points, d.risk_letter) == (150, "A")
    note = next(s.note for s in d.steps if s.factor == "registrations")
    assert note == (
        "2 current registrations read: RoSH very high, MAPPA level none (the recorded RoSH "
        "medium is not used)"
    )


def test_historic_registrations_are_dropped() -> None:
    """A historic RoSH (level HREG) and an HREG registration are dropped: RMRH counts, 10."""
    d = derive_tier(
        facts(
            registrations=[
                reg("RVHR", "2026-05-01", level="HREG"),
                reg("HREG", "2026-06-01"),
                reg("RMRH", "2024-01-01"),
            ]
        ),
        UNIFIED,
    )
    assert d.risk_points == 10
    assert "1 current registrations read, 2 historic dropped" in d.steps[0].note


def test_mappa_is_the_newest_mapp_and_other_levels_count_as_none() -> None:
    """MAPP M2 (2025) then M1 (2026): level 1, 5 points. A newest MAPP at level M0: none."""
    one = derive_tier(
        facts(registrations=[reg("MAPP", "2025-01-01", "M2"), reg("MAPP", "2026-01-01", "m1")]),
        UNIFIED,
    )
    none = derive_tier(
        facts(registrations=[reg("MAPP", "2025-01-01", "M3"), reg("MAPP", "2026-01-01", "M0")]),
        UNIFIED,
    )
    assert (one.risk_points, one.tier) == (5, "D1")
    assert (none.risk_points, none.tier) == (0, "D1")


def test_complexity_codes_closed_list_ignoring_case_counted_once() -> None:
    """rcpr, RCPR, STRG, Rtao and an unknown code: 3 distinct listed codes, 6 points."""
    d = derive_tier(
        facts(
            registrations=[
                reg("rcpr"),
                reg("RCPR", "2026-02-01"),
                reg("STRG"),
                reg("Rtao"),
                reg("XYZ"),
            ]
        ),
        UNIFIED,
    )
    assert d.risk_points == 6
    assert any(s.note == "complexity registrations: 3 x 2 points = 6 points" for s in d.steps)


def test_digested_complexity_entries_counted_once() -> None:
    """The same complexity registration listed twice counts once: 2 points, not 4."""
    assert derive_tier(facts(complexity_registrations=["gang", "Gang"]), UNIFIED).risk_points == 2


def test_iom_registration_adds_needs_points() -> None:
    """IIOM: +2 needs points; with OGRS 85 (8): 10 needs points, digit 2."""
    d = derive_tier(facts(ogrs=85, registrations=[reg("IIOM")]), UNIFIED)
    assert (d.needs_points, d.needs_digit) == (10, 2)


def test_prc_makes_the_tier_unsupervised() -> None:
    """PRC with RoSH high: B1 becomes B1S, said in its own step; the Day holds it to B1's grade
    rules with 0 points."""
    d = derive_tier(facts(registrations=[reg("PRC"), reg("RHRH")]), UNIFIED)
    assert d.tier == "B1S"
    assert d.steps[-1].axis == "supervision"
    s = scenario(
        [staff("P1")],
        [day_case("N1", tier=None, risk={"ogrs": 0, "registrations": [reg("PRC"), reg("RHRH")]})],
    )
    day = build_day(s, policy())
    assert (day.tier["N1"], day.band["N1"], day.points["N1"]) == ("B1", "B", 0)


def test_given_unsupervised_tier_passes_through() -> None:
    """A given 'C2S' is accepted (its base C2 is a tier) and passed through."""
    d = derive_tier(CaseFacts.model_validate({"id": "C", "tier": "C2S"}), UNIFIED)
    assert (d.tier, d.given, d.risk_letter) == ("C2S", True, "C")


# --- women's factors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("women", "valid", "points"),
    [
        ({"impulsivity": True}, True, 2),
        ({"temper_control": True}, True, 2),
        ({"impulsivity": True, "temper_control": True}, True, 2),  # once for either or both
        ({"parenting_responsibilities": True, "temper_control": True}, True, 4),
        ({"parenting_responsibilities": True, "impulsivity": True}, False, 0),  # no assessment
        ({"previous_breach_or_recall": True}, False, 2),  # needs no assessment
        (
            {
                "parenting_responsibilities": True,
                "impulsivity": True,
                "temper_control": True,
                "previous_breach_or_recall": True,
            },
            True,
            6,
        ),
    ],
)
def test_womens_factors(women: dict[str, bool], valid: bool, points: int) -> None:
    """Parenting 2 and impulsivity-or-temper 2 (with a valid assessment), breach or recall 2."""
    d = derive_tier(facts(women_factors=women, valid_assessment=valid), UNIFIED)
    assert d.risk_points == points


# --- assessment answers ------------------------------------------------------------------------

SECTIONS = [
    # Yes 2 + Yes 2 + Some 1 + Significant 2 + Yes 2 = 9: severe (7+), also with SAN (5+).
    {"area": "accommodation", "answers": ["Yes", "yes", "Some", "SIGNIFICANT", "Yes"]},
    # Yes 2: standard (2+); SAN standard (1+).
    {"area": "attitudes", "answers": ["Yes", "No"]},
    # Currently 2 + Previous 1 = 3: no need (standard 4); SAN standard (3+).
    {"area": "thinking_behaviour", "answers": ["Currently", "Previous", "Never"]},
    # Only Missing and Unknown: no score, no need.
    {"area": "alcohol", "answers": ["Missing", "Unknown"]},
]


def test_needs_scored_from_answers_with_standard_thresholds() -> None:
    """Accommodation severe (1 x 2) + attitudes standard (2 x 1) = 4 needs points: digit 1."""
    d = derive_tier(facts(assessment={"sections": SECTIONS}), UNIFIED)
    assert (d.needs_points, d.needs_digit) == (4, 1)
    step = next(s for s in d.steps if s.factor == "assessment")
    assert step.note == ("3 sections scored against the standard thresholds: 2 needs (1 severe)")


def test_needs_scored_from_answers_with_san_thresholds() -> None:
    """SAN: accommodation severe 2 + attitudes standard 2 + thinking standard 2 = 6, and with
    OGRS 45 (4): 10, digit 2."""
    d = derive_tier(
        facts(ogrs=45, assessment={"sections": SECTIONS, "san_thresholds": True}), UNIFIED
    )
    assert (d.needs_points, d.needs_digit) == (10, 2)


@pytest.mark.parametrize(
    ("area", "score", "san", "severity_points"),
    [
        ("education_employment", 2, False, 0),  # below standard 3
        ("education_employment", 3, False, 1),
        ("relationships", 5, False, 2),  # severe at 5
        ("drugs", 7, False, 1),  # standard below severe 8
        ("drugs", 6, True, 2),  # SAN severe at 6
        ("alcohol", 3, False, 0),  # standard 4
        ("alcohol", 2, True, 1),  # SAN standard 2
        ("alcohol", 4, True, 2),  # SAN severe 4
        ("lifestyle", 2, True, 1),  # lifestyle keeps 2/5 under SAN
    ],
)
def test_threshold_edges(area: str, score: int, san: bool, severity_points: int) -> None:
    """A section's score at each threshold edge (weight 1 areas: points = severity score)."""
    answers = ["Yes"] * (score // 2) + ["Some"] * (score % 2)
    d = derive_tier(
        facts(assessment={"sections": [{"area": area, "answers": answers}], "san_thresholds": san}),
        UNIFIED,
    )
    assert d.needs_points == severity_points


def test_unknown_answer_is_an_error_naming_its_place_not_its_value() -> None:
    """An answer outside the vocabulary is refused with its position, without echoing it."""
    with pytest.raises(ValueError, match=r"sections\[0\]\.answers\[1\] is not a known answer") as e:
        derive_tier(
            facts(assessment={"sections": [{"area": "drugs", "answers": ["Yes", "sometimes"]}]}),
            UNIFIED,
        )
    assert "sometimes" not in str(e.value)


# --- mandate for change --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("convictions", "mandate"),
    [
        ([], False),
        ([{"custodial": True}], True),
        ([{"custodial": True, "terminated": True}], False),
        ([{"requirements": [{"kind": "unpaid_work"}]}], False),
        (
            [
                {
                    "requirements": [
                        {"kind": "Order_Extension"},
                        {"kind": "curfew", "restrictive": True},
                    ]
                }
            ],
            False,
        ),
        ([{"requirements": [{"kind": "unpaid_work"}, {"kind": "rehabilitation_activity"}]}], True),
        (
            [
                {"terminated": True, "requirements": [{"kind": "rehabilitation_activity"}]},
                {"requirements": [{"kind": "unpaid_work"}]},
            ],
            False,
        ),
    ],
)
def test_mandate_for_change_from_current_convictions(
    convictions: list[dict[str, Any]], mandate: bool
) -> None:
    """A current custodial sentence, or a requirement not restrictive, unpaid work or an
    order extension, gives a mandate; otherwise the needs digit is 0 (RoSH medium: C0/C1)."""
    d = derive_tier(facts("medium", convictions=convictions), UNIFIED)
    assert d.tier == ("C1" if mandate else "C0")


def test_raw_steps_never_name_codes_or_answers() -> None:
    """The explanation counts registrations, needs and factors; it never names a code."""
    d = derive_tier(
        facts(
            registrations=[reg("RCPR"), reg("STRG"), reg("RVHR"), reg("IIOM")],
            assessment={"sections": SECTIONS},
            convictions=[{"custodial": True}],
            women_factors={"parenting_responsibilities": True},
        ),
        UNIFIED,
    )
    text = d.model_dump_json().lower()
    for secret in ("rcpr", "strg", "iiom", "rvhr", "parenting", "accommodation", "significant"):
        assert secret not in text


# --- properties --------------------------------------------------------------------------------

registration_st = st.fixed_dictionaries(
    {
        "code": st.sampled_from(
            ["RVHR", "rhrh", "RMRH", "RLRH", "MAPP", "HREG", "PRC", "IIOM", "RCPR", "STRG", "ZZZ"]
        ),
        "date": st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 11, 24)).map(str),
        "level": st.none() | st.sampled_from(["M1", "M2", "m3", "M0", "HREG"]),
    }
)
section_st = st.fixed_dictionaries(
    {
        "area": st.sampled_from([a.value for a in NeedArea]),
        "answers": st.lists(
            st.sampled_from(["Yes", "No", "Some", "Significant", "Currently", "Missing"]),
            max_size=6,
        ),
    }
)
conviction_st = st.fixed_dictionaries(
    {},
    optional={
        "terminated": st.booleans(),
        "custodial": st.booleans(),
        "requirements": st.lists(
            st.fixed_dictionaries(
                {"kind": st.sampled_from(["unpaid_work", "order_extension", "programme"])},
                optional={"restrictive": st.booleans()},
            ),
            max_size=3,
        ),
    },
)


@settings(max_examples=200, deadline=None)
@given(
    rsr=st.none() | st.floats(-1e6, 1e6, allow_nan=False),
    registrations=st.lists(registration_st, max_size=8),
    sections=st.lists(section_st, max_size=8),
    san=st.booleans(),
    convictions=st.none() | st.lists(conviction_st, max_size=3),
    valid=st.booleans(),
)
def test_raw_data_always_derives_a_framework_tier(
    rsr: float | None,
    registrations: list[dict[str, Any]],
    sections: list[dict[str, Any]],
    san: bool,
    convictions: list[dict[str, Any]] | None,
    valid: bool,
) -> None:
    """Any registrations, answers, convictions and RSR give a tier whose base is a framework
    tier (with the 'S' suffix exactly when a current PRC registration exists), and no code
    appears in the explanation."""
    d = derive_tier(
        facts(
            rsr_pct=rsr,
            registrations=registrations,
            assessment={"sections": sections, "san_thresholds": san},
            convictions=convictions,
            valid_assessment=valid,
        ),
        UNIFIED,
    )
    codes = {t.code for t in UNIFIED.tiers}
    prc = any(r["code"] == "PRC" and r["level"] != "HREG" for r in registrations)
    assert d.tier.endswith("S") is prc
    assert d.tier.removesuffix("S") in codes
    text = d.model_dump_json()
    for secret in ("RCPR", "STRG", "IIOM", "RVHR"):
        assert secret not in text
