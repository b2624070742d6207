"""The synthetic generator: deterministic, valid, sized as promised and shaped like a probation service."""

import json
import statistics
from collections import Counter, defaultdict
from datetime import timedelta

import pytest

from allocator.bench.instances import whole_caseload
from allocator.io.policy_files import bundled_policy
from allocator.io.scenario_files import tier_problems
from allocator.problem.day import build_day
from allocator.problem.workload import available_points, case_points, is_nqo
from allocator.rules.eligibility import compute_eligibility
from allocator.synth import SIZES, generate
from models import Scenario
from models.enums import CASE_HOLDING_GRADES, Grade

POLICY = bundled_policy("default")


@pytest.fixture(scope="module")
def mid() -> Scenario:
    """A three-PDU scenario: big enough that every feature of the day's list shows up."""
    return generate("region", 5, pdus=3, pods=24, practitioners=180, cases=240)


def holders(s: Scenario) -> list:
    return [p for p in s.practitioners if p.grade in CASE_HOLDING_GRADES]


def test_same_seed_gives_the_same_bytes() -> None:
    """Two runs with one seed serialise to identical JSON."""
    assert generate("pdu", 42).model_dump_json() == generate("pdu", 42).model_dump_json()


def test_a_different_seed_gives_a_different_scenario() -> None:
    """Seeds 1 and 2 differ."""
    assert generate("pdu", 1).model_dump_json() != generate("pdu", 2).model_dump_json()


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_pdu_size_is_within_its_ranges(seed: int) -> None:
    """A pdu: one PDU of 4-8 PODs, 30-60 case holders, 20-80 cases today, 20-45 holdings each."""
    s = generate("pdu", seed)
    assert len(s.pdus) == 1
    assert 4 <= len(s.pods) <= 8
    assert 30 <= len(holders(s)) <= 60
    assert 20 <= len(s.cases) <= 80
    assert 20 <= len(s.holdings) / len(holders(s)) <= 45


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pod_size_is_one_pod_of_six_to_ten_staff(seed: int) -> None:
    """A pod: one POD, 4-8 case holders plus an SPO and usually a CA."""
    s = generate("pod", seed)
    assert len(s.pods) == 1
    assert 4 <= len(holders(s)) <= 8
    assert 5 <= len(s.practitioners) <= 11


def test_the_generated_scenario_validates_from_its_json(mid: Scenario) -> None:
    """The JSON re-validates as a Scenario (ids unique, references resolve) with known tiers."""
    again = Scenario.model_validate(json.loads(mid.model_dump_json()))
    assert again == mid
    assert tier_problems(again, POLICY, "generated") == []


def test_overrides_fix_the_counts() -> None:
    """--pods, --practitioners, --cases and --holdings are honoured exactly."""
    s = generate("pdu", 3, pods=5, practitioners=33, cases=21, holdings=700)
    assert (len(s.pods), len(holders(s)), len(s.cases), len(s.holdings)) == (5, 33, 21, 700)


def test_unknown_override_is_refused() -> None:
    """A misspelt option is an error, not silently ignored."""
    with pytest.raises(ValueError, match="unknown size option 'podz'"):
        generate("pdu", 1, podz=3)


def test_every_preset_names_a_size() -> None:
    """The four sizes of the brief are the presets."""
    assert set(SIZES) == {"pod", "pdu", "region", "country"}


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_pod_composition_follows_the_national_principles(seed: int) -> None:
    """Per POD: one SPO; PQiPs <= POs past NQO (principle 8); an experienced PO (principle 10)."""
    s = generate("region", seed, pdus=2, pods=16, practitioners=120, cases=10)
    staff = defaultdict(list)
    for p in s.practitioners:
        staff[p.pod_id].append(p)
    for pod in s.pods:
        members = staff[pod.id]
        grades = Counter(p.grade for p in members)
        past_nqo = sum(1 for p in members if p.grade == Grade.PO and not is_nqo(p, POLICY, s.date))
        assert grades[Grade.SPO] == 1
        assert past_nqo >= 1
        assert grades[Grade.PQIP] <= past_nqo


def test_pods_are_about_two_pos_to_three_psos(mid: Scenario) -> None:
    """Across the scenario, POs are 30-50% of PO+PSO (2:3 is 40%), with local variation."""
    grades = Counter(p.grade for p in mid.practitioners)
    share = grades[Grade.PO] / (grades[Grade.PO] + grades[Grade.PSO])
    assert 0.30 <= share <= 0.50
    assert grades[Grade.CA] >= len(mid.pods) * 0.7


def test_caseloads_average_about_85_percent_but_are_not_flat(mid: Scenario) -> None:
    """Mean utilisation (engine's WMT formula) is 80-90%, with a spread of several points."""
    load: Counter[str] = Counter()
    for h in mid.holdings:
        load[h.practitioner_id] += case_points(POLICY, h.tier, h.case_type, h.points)
    utils = []
    for p in holders(mid):
        available = available_points(p, POLICY, mid.date)
        if available > 0:
            utils.append((load[p.id] + p.other_points) / available)
    assert 0.80 <= statistics.mean(utils) <= 0.90
    assert statistics.pstdev(utils) >= 0.04


def test_the_day_has_the_features_of_a_real_list(mid: Scenario) -> None:
    """Tier changes held by the right person, custody handovers, ViSOR, DIF gaps, preferences."""
    held = {h.case_id: h for h in mid.holdings}
    changes = [c for c in mid.cases if c.reason.value == "change_in_tier"]
    assert changes
    for c in changes:
        assert held[c.id].practitioner_id == c.current_practitioner_id
        assert held[c.id].tier != c.tier
    custody = [c for c in mid.cases if c.case_type.value == "custody"]
    assert custody
    for c in custody:
        assert c.handover_date is not None and c.allocate_by is not None
        assert c.allocate_by == c.handover_date - timedelta(days=28)
    assert any(c.needs_visor for c in mid.cases)
    assert any(not c.dif_complete for c in mid.cases)
    assert any(c.preferences and c.preferences[0].characteristic == "gender" for c in mid.cases)
    assert any(c.restricted_to or c.excluded_staff for c in mid.cases)
    assert any(p.conflicts for p in mid.practitioners)


def test_staff_facts_vary_as_in_a_real_pdu(mid: Scenario) -> None:
    """Part-time, absences on the date, ViSOR vetting, gender declared by some, unsuitable sites."""
    staff = holders(mid)
    assert any(p.contracted_hours < 37 for p in staff)
    assert any(p.absent_on(mid.date) for p in staff)
    assert any(a.kind == "training" for p in staff for a in p.absences)
    vetted = sum(p.visor_vetted for p in staff) / len(staff)
    assert 0.2 <= vetted <= 0.6
    everyone = mid.practitioners
    declared = sum(p.declared.gender is not None for p in everyone) / len(everyone)
    assert 0.35 <= declared <= 0.75
    assert any(not o.suitable_for_high_risk for o in mid.offices)
    assert any(is_nqo(p, POLICY, mid.date) for p in staff)


def test_some_holdings_sit_outside_the_tiering_model(mid: Scenario) -> None:
    """A few PSOs hold tier B cases (seed 001), but most B cases are with POs."""
    grade = {p.id: p.grade for p in mid.practitioners}
    tier_b = [h for h in mid.holdings if h.tier.startswith("B")]
    with_pso = [h for h in tier_b if grade[h.practitioner_id] == Grade.PSO]
    assert with_pso
    assert len(with_pso) < len(tier_b) / 4


def test_holdings_were_allocated_under_readiness_and_site_suitability(mid: Scenario) -> None:
    """Nobody holds a case their SPO never confirmed them ready for, or a higher-risk case at
    an office unsuitable for one: the engine's own rules, asked about each holder, agree.
    (A case on today's list may break them: a tier change is why it is there.)"""
    day = build_day(whole_caseload(mid), POLICY)
    elig = compute_eligibility(day)
    listed = {c.id for c in mid.cases}
    held = [(h.case_id, h.practitioner_id) for h in mid.holdings if h.case_id not in listed]
    assert len(held) > 1000
    broken = Counter(
        rule
        for cid, pid in held
        for rule in elig.failed_names(cid, pid)
        if rule in ("readiness", "site_suitability")
    )
    assert broken == Counter()
    out_of_model = sum(1 for cid, pid in held if "grade_vs_tier" in elig.failed_names(cid, pid))
    assert 0 < out_of_model < len(held) / 20  # seed 001's "small number", nothing more


def test_names_and_ids_are_obviously_synthetic(mid: Scenario) -> None:
    """Every name says Synthetic; case ids start SYN."""
    assert all(p.name.startswith("Synthetic ") for p in mid.practitioners)
    assert all(c.id.startswith("SYN") for c in mid.cases)
    assert all(h.case_id.startswith("SYN") for h in mid.holdings)


def test_nps_2016_framework_gives_its_codes_and_embeds_its_policy() -> None:
    """With framework nps_2016 the tiers are A, B1 ... D2 and the scenario carries that policy."""
    s = generate("pdu", 1, framework="nps_2016")
    assert s.policy is not None and s.policy.framework.name == "nps_2016"
    assert tier_problems(s, s.policy, "generated") == []
    assert {h.tier for h in s.holdings} <= {"A", "B1", "B2", "C1", "C2", "D1", "D2"}
