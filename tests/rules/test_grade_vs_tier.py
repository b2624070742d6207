"""Grade vs tier: which grades may hold which tiers, under the default unified policy and under
the bundled NPS 2016 policy (seeds 001 and 003)."""

import pytest

from models import Policy
from tests.builders import case, day_of, policy, scenario, staff
from tests.rules.support import excluded, failed_rules, nps_policy, reason

# The scenario date is 2026-11-24; the NQO period is 12 months.
NQO_QUALIFIED = "2026-01-10"  # 10 months before: an NQO
JUST_NQO = "2025-11-25"  # 11 months and 30 days before: still an NQO
PAST_NQO = "2025-11-24"  # exactly 12 months before: past the NQO period


def _unified_staff():  # type: ignore[no-untyped-def]
    return [
        staff("PO1", "PO", name="Pat Officer"),
        staff("NQO1", "PO", name="Nia Newly", qualified_on=NQO_QUALIFIED),
        staff("PSO1", "PSO", name="Sam Services"),
        staff("PQ1", "PQIP", name="Quinn Learner"),
        staff("SPO1", "SPO", name="Sandy Senior"),
        staff("CA1", "CA", name="Cam Admin"),
    ]


# --- default unified policy -------------------------------------------------------------------


@pytest.mark.parametrize("tier", ["A3", "A0", "B2", "B0"])
def test_unified_a_and_b_are_po_only_nqo_included(tier: str) -> None:
    """Tiers A and B: any PO (NQO included) is eligible; PSO and PQiP are excluded by name."""
    day, elig = day_of(scenario(_unified_staff(), [case("X1", tier)]))
    assert reason(day, "grade_vs_tier", "X1", "PO1") is None
    assert reason(day, "grade_vs_tier", "X1", "NQO1") is None
    assert (
        reason(day, "grade_vs_tier", "X1", "PSO1")
        == f"Tier {tier} is held by PO grades only; Sam Services is a PSO."
    )
    assert (
        reason(day, "grade_vs_tier", "X1", "PQ1")
        == f"Tier {tier} is held by PO grades only; Quinn Learner is a PQiP."
    )
    assert elig.candidates["X1"] == ["NQO1", "PO1"]
    assert excluded(elig, "X1") == {"PSO1", "PQ1"}


@pytest.mark.parametrize("tier", ["C3", "C2", "C1", "C0"])
def test_unified_c_is_po_or_pso(tier: str) -> None:
    """Tier C: PO (NQO included) or PSO; a PQiP is excluded."""
    day, elig = day_of(scenario(_unified_staff(), [case("X1", tier)]))
    for pid in ("PO1", "NQO1", "PSO1"):
        assert reason(day, "grade_vs_tier", "X1", pid) is None
    assert (
        reason(day, "grade_vs_tier", "X1", "PQ1")
        == f"Tier {tier} is held by PO or PSO grades only; Quinn Learner is a PQiP."
    )
    assert elig.candidates["X1"] == ["NQO1", "PO1", "PSO1"]
    assert excluded(elig, "X1") == {"PQ1"}
    assert failed_rules(elig, "X1", "PQ1") == ["grade_vs_tier"]


@pytest.mark.parametrize("tier", ["D3", "D2", "D1", "D0"])
def test_unified_d_is_pso_pqip_or_po(tier: str) -> None:
    """Tier D: PSO, PQiP or PO (grade fit, not this rule, keeps it off POs)."""
    day, elig = day_of(scenario(_unified_staff(), [case("X1", tier)]))
    for pid in ("PO1", "NQO1", "PSO1", "PQ1"):
        assert reason(day, "grade_vs_tier", "X1", pid) is None
    assert elig.candidates["X1"] == ["NQO1", "PO1", "PQ1", "PSO1"]
    assert excluded(elig, "X1") == set()


@pytest.mark.parametrize(
    ("pid", "grade", "name"), [("SPO1", "SPO", "Sandy Senior"), ("CA1", "CA", "Cam Admin")]
)
def test_spo_and_ca_hold_no_cases(pid: str, grade: str, name: str) -> None:
    """SPOs and CAs are refused by the rule for any tier, and eligibility never considers them."""
    day, elig = day_of(scenario(_unified_staff(), [case("X1", "D2")]))
    assert (
        reason(day, "grade_vs_tier", "X1", pid)
        == f"{name} is {'an' if grade == 'SPO' else 'a'} {grade}, a grade that holds no cases."
    )
    assert pid not in elig.candidates["X1"]
    assert pid not in elig.failures["X1"]


def test_a_tier_without_a_grade_rule_is_held_by_nobody() -> None:
    """A policy with no grade rule for a tier excludes every grade, saying so."""
    base = policy()
    rules = [r.model_dump(mode="json") for r in base.grade_rules if "D2" not in r.tiers]
    day, elig = day_of(scenario(_unified_staff(), [case("X1", "D2")]), policy(grade_rules=rules))
    assert (
        reason(day, "grade_vs_tier", "X1", "PSO1")
        == "The policy has no grade rule for tier D2, so nobody may hold it."
    )
    assert elig.candidates["X1"] == []


# --- NPS 2016 policy --------------------------------------------------------------------------


def _nps_day(people, cases, pol: Policy | None = None):  # type: ignore[no-untyped-def]
    return day_of(scenario(people, cases), pol or nps_policy())


def test_nps_c1_pso_needs_the_c1_competency() -> None:
    """C1 to a PSO needs the SPO-confirmed competency 'c1'; a PO needs nothing."""
    people = [
        staff("PO1", "PO"),
        staff("PSO1", "PSO", name="Sam Plain"),
        staff("PSO2", "PSO", name="Sue Competent", competencies=["c1"]),
    ]
    day, elig = _nps_day(people, [case("X1", "C1")])
    assert reason(day, "grade_vs_tier", "X1", "PSO2") is None
    assert (
        reason(day, "grade_vs_tier", "X1", "PSO1")
        == "Sam Plain may not hold this case: a PSO holds tier C1 only with the SPO-confirmed "
        "competency 'c1'."
    )
    assert elig.candidates["X1"] == ["PO1", "PSO2"]
    assert excluded(elig, "X1") == {"PSO1"}


def test_nps_c2_pso_needs_no_competency() -> None:
    """C2 goes to a PSO without any competency."""
    day, _ = _nps_day([staff("PSO1", "PSO")], [case("X1", "C2")])
    assert reason(day, "grade_vs_tier", "X1", "PSO1") is None


def test_nps_c1_pqip_only_sexual_offending_medium_or_below_from_stage_2() -> None:
    """A PQiP holds C1 only for a sexual-offending case at medium RoSH or below, from stage 2."""
    people = [
        staff("PO1", "PO"),
        staff("PO2", "PO"),
        staff("PQ1", "PQIP", name="Quinn Stage One", pqip_stage=1),
        staff("PQ2", "PQIP", name="Quinn Stage Two", pqip_stage=2),
    ]
    cases = [
        case("SOMED", "C1", flags=["sexual_offending"], rosh="medium"),
        case("SOLOW", "C1", flags=["sexual_offending"], rosh="low"),
        case("SOHIGH", "C1", flags=["sexual_offending"], rosh="high"),
        case("SONONE", "C1", flags=["sexual_offending"], rosh=None),
        case("DA", "C1", flags=["domestic_abuse"], rosh="medium"),
    ]
    day, elig = _nps_day(people, cases)
    assert reason(day, "grade_vs_tier", "SOMED", "PQ2") is None
    assert reason(day, "grade_vs_tier", "SOLOW", "PQ2") is None
    assert (
        reason(day, "grade_vs_tier", "SOMED", "PQ1")
        == "Quinn Stage One may not hold this case: a PQiP holds tier C1 only from training "
        "stage 2 (Quinn Stage One is at stage 1)."
    )
    assert (
        reason(day, "grade_vs_tier", "SOHIGH", "PQ2")
        == "Quinn Stage Two may not hold this case: a PQiP holds tier C1 only at medium RoSH or below."
    )
    assert (
        reason(day, "grade_vs_tier", "SONONE", "PQ2")
        == "Quinn Stage Two may not hold this case: a PQiP holds tier C1 only at medium RoSH or below."
    )
    assert (
        reason(day, "grade_vs_tier", "DA", "PQ2")
        == "Quinn Stage Two may not hold this case: a PQiP holds tier C1 only for a case "
        "category the grade rules name."  # never the category: it is offence-related data
    )
    assert elig.candidates["SOMED"] == ["PO1", "PO2", "PQ2"]
    assert excluded(elig, "SOMED") == {"PQ1"}
    assert excluded(elig, "DA") == {"PQ1", "PQ2"}


def test_nps_d1_sexual_offending_to_pso_needs_the_d1_competency() -> None:
    """A sexual-offending D1 case to a PSO needs 'sexual_offending_d1'; a non-sexual D1 does not."""
    people = [
        staff("PSO1", "PSO", name="Sam Plain"),
        staff("PSO2", "PSO", name="Sue Trained", competencies=["sexual_offending_d1"]),
    ]
    cases = [
        case("SO", "D1", flags=["sexual_offending"], rosh="low"),
        case("PLAIN", "D1", flags=["child_protection"], rosh="low"),
    ]
    day, elig = _nps_day(people, cases)
    assert (
        reason(day, "grade_vs_tier", "SO", "PSO1")
        == "Sam Plain may not hold this case: a PSO holds tier D1 only with an SPO-confirmed "
        "competency this case needs."  # the requirement follows a flag: never named
    )
    assert reason(day, "grade_vs_tier", "SO", "PSO2") is None
    assert reason(day, "grade_vs_tier", "PLAIN", "PSO1") is None
    assert elig.candidates["SO"] == ["PSO2"]
    assert elig.candidates["PLAIN"] == ["PSO1", "PSO2"]


def test_nps_d1_pqip_stage_applies_only_to_sexual_offending() -> None:
    """A stage-1 PQiP may hold a non-sexual D1 case but not a sexual-offending one."""
    people = [staff("PO1", "PO"), staff("PQ1", "PQIP", name="Quinn One", pqip_stage=1)]
    cases = [
        case("SO", "D1", flags=["sexual_offending"], rosh="low"),
        case("PLAIN", "D1", rosh="low"),
    ]
    day, _ = _nps_day(people, cases)
    assert (
        reason(day, "grade_vs_tier", "SO", "PQ1")
        == "Quinn One may not hold this case: a PQiP holds tier D1 only from training stage 2 "
        "(Quinn One is at stage 1)."
    )
    assert reason(day, "grade_vs_tier", "PLAIN", "PQ1") is None
    assert reason(day, "grade_vs_tier", "SO", "PO1") is None


def test_nps_d2_not_to_a_po() -> None:
    """D2 goes to a PSO or PQiP, never a PO under the NPS 2016 policy."""
    people = [
        staff("PO1", "PO", name="Pat Officer"),
        staff("PSO1", "PSO"),
        staff("PO2", "PO"),
        staff("PQ1", "PQIP"),
    ]
    day, elig = _nps_day(people, [case("X1", "D2", rosh="low")])
    assert (
        reason(day, "grade_vs_tier", "X1", "PO1")
        == "Tier D2 is held by PQiP or PSO grades only; Pat Officer is a PO."
    )
    assert reason(day, "grade_vs_tier", "X1", "PSO1") is None
    assert reason(day, "grade_vs_tier", "X1", "PQ1") is None
    assert elig.candidates["X1"] == ["PQ1", "PSO1"]
    assert excluded(elig, "X1") == {"PO1", "PO2"}


def test_nps_a_and_b_are_po_only() -> None:
    """Tiers A, B1 and B2 go to a PO only under the NPS 2016 policy."""
    people = [staff("PO1", "PO"), staff("PSO1", "PSO", name="Sam Services")]
    day, _ = _nps_day(people, [case("X1", "A"), case("X2", "B1"), case("X3", "B2")])
    for cid, tier in (("X1", "A"), ("X2", "B1"), ("X3", "B2")):
        assert reason(day, "grade_vs_tier", cid, "PO1") is None
        assert (
            reason(day, "grade_vs_tier", cid, "PSO1")
            == f"Tier {tier} is held by PO grades only; Sam Services is a PSO."
        )


def _no_nqo_policy() -> Policy:
    """NPS 2016 with tiers A, B1, B2 closed to NQOs."""
    base = nps_policy()
    rules = [r.model_dump(mode="json") for r in base.grade_rules]
    rules[0] = {"tiers": ["A", "B1", "B2"], "allowances": [{"grade": "PO", "nqo_allowed": False}]}
    return nps_policy(grade_rules=rules)


def test_nqo_not_allowed_excludes_a_po_within_twelve_months_of_qualifying() -> None:
    """With nqo_allowed False, a PO who qualified within 12 months of 2026-11-24 is excluded;
    one who qualified exactly 12 months before, or has no qualification date, is not."""
    people = [
        staff("NQO1", "PO", name="Nia Newly", qualified_on=NQO_QUALIFIED),
        staff("NQO2", "PO", name="Nat Nearly", qualified_on=JUST_NQO),
        staff("PO1", "PO", qualified_on=PAST_NQO),
        staff("PO2", "PO"),
    ]
    day, elig = _nps_day(people, [case("X1", "B1")], _no_nqo_policy())
    assert (
        reason(day, "grade_vs_tier", "X1", "NQO1")
        == "Nia Newly may not hold this case: an NQO may not hold tier B1."
    )
    assert (
        reason(day, "grade_vs_tier", "X1", "NQO2")
        == "Nat Nearly may not hold this case: an NQO may not hold tier B1."
    )
    assert reason(day, "grade_vs_tier", "X1", "PO1") is None
    assert reason(day, "grade_vs_tier", "X1", "PO2") is None
    assert elig.candidates["X1"] == ["PO1", "PO2"]
    assert excluded(elig, "X1") == {"NQO1", "NQO2"}


def test_nqo_allowed_by_default_under_nps() -> None:
    """Under the bundled NPS 2016 policy an NQO may hold tier A."""
    day, _ = _nps_day([staff("NQO1", "PO", qualified_on=NQO_QUALIFIED)], [case("X1", "A")])
    assert reason(day, "grade_vs_tier", "X1", "NQO1") is None
