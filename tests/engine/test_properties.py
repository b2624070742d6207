"""Properties over random small days: every proposal is valid, complete, maximal and stable."""

import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator import SolveSettings, propose
from allocator.check import check
from allocator.problem.day import build_day
from allocator.rules.registry import AGGREGATE_RULES, PAIR_RULES
from models import Policy, Proposal, Scenario
from tests.builders import case, holding, policy, scenario, staff

TIERS = ["A3", "A1", "B2", "B0", "C3", "C2", "C1", "D2", "D0"]
GRADES = ["PO", "PO", "PSO", "PSO", "PQIP", "SPO"]
FLAGS = ["sexual_offending", "domestic_abuse", "child_protection"]
CATEGORIES = [
    "mappa",
    "sexual_offending",
    "domestic_abuse",
    "omic",
    "child_protection",
    "terrorism",
]


@st.composite
def days(draw: st.DrawFn) -> tuple[Scenario, Policy]:
    """A PDU of two PODs, 1-6 staff with random loads and attributes, 1-6 cases."""
    n_staff = draw(st.integers(1, 6))
    people = []
    for i in range(n_staff):
        grade = draw(st.sampled_from(GRADES))
        people.append(
            staff(
                f"P{i}",
                grade,
                pod=draw(st.sampled_from(["POD1", "POD2"])),
                other_points=draw(st.integers(0, 2500)),
                contracted_hours=draw(st.sampled_from([37.0, 30.0, 18.5])),
                visor_vetted=draw(st.booleans()),
                visor_trained=draw(st.booleans()),
                readiness=draw(st.lists(st.sampled_from(CATEGORIES), unique=True)),
                office_id=draw(st.sampled_from(["OFF1", "OFF2"])),
                absences=[{"start": "2026-11-24", "end": "2026-11-24", "kind": "leave"}]
                if draw(st.integers(0, 5)) == 0
                else [],
                allocations_today=draw(st.integers(0, 2)),
                declared={"gender": draw(st.sampled_from([None, "female", "male"]))},
                lived_experience=draw(st.booleans()),
            )
        )
    holders = [p.id for p in people if p.grade in ("PO", "PSO", "PQIP")]
    cases, holdings = [], []
    for j in range(draw(st.integers(1, 6))):
        extra: dict[str, Any] = {
            "pod_id": draw(st.sampled_from([None, "POD1", "POD2"])),
            "rosh": draw(st.sampled_from(["low", "medium", "high", "very_high"])),
            "flags": draw(st.lists(st.sampled_from(FLAGS), unique=True, max_size=2)),
            "needs_visor": draw(st.booleans()),
            "dif_complete": draw(st.integers(0, 6)) > 0,
        }
        if draw(st.booleans()):
            extra["preferences"] = [{"characteristic": "gender", "value": "female"}]
        if holders and draw(st.integers(0, 3)) == 0:
            current = draw(st.sampled_from(holders))
            extra["current_practitioner_id"] = current
            extra["reason"] = "change_in_tier"
            holdings.append(holding(f"C{j}", current, draw(st.sampled_from(TIERS))))
        cases.append(case(f"C{j}", draw(st.sampled_from(TIERS)), **extra))
    pol = policy(
        visor_mode=draw(st.sampled_from(["strict", "transitional"])),
        max_new_per_day=draw(st.sampled_from([None, 1, 2, 3])),
        pqip_max_cases=draw(st.sampled_from([None, 2])),
    )
    s = scenario(
        people,
        cases,
        holdings,
        offices=[{"id": "OFF2", "name": "Synthetic Office 2", "suitable_for_high_risk": False}],
    )
    return s, pol


def _solve(s: Scenario, pol: Policy) -> Proposal:
    return propose(s, pol, SolveSettings(time_limit_s=20))


def _stable(p: Proposal) -> str:
    """The proposal without the one field allowed to vary between identical runs."""
    data = p.model_copy(deep=True)
    data.run.wall_time_s = 0.0
    return data.model_dump_json()


def _shuffled(s: Scenario, seed: int) -> Scenario:
    data = s.model_dump(mode="json")
    rng = random.Random(seed)
    for key in ("pods", "offices", "practitioners", "holdings", "cases", "pdus"):
        rng.shuffle(data[key])
    return Scenario.model_validate(data)


COMMON = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@COMMON
@given(days())
def test_every_proposal_passes_the_checker_and_accounts_for_every_case(
    day: tuple[Scenario, Policy],
) -> None:
    """The independent checker finds nothing wrong, and every case is a line or blocked once."""
    s, pol = day
    out = _solve(s, pol)
    assert check(s, pol, out) == []
    ids = sorted([line.case_id for line in out.lines] + [b.case_id for b in out.blocked])
    assert ids == sorted(c.id for c in s.cases)
    assert out.run.status == "OPTIMAL"
    if any(p.grade.value in ("PO", "PSO", "PQIP") for p in s.practitioners):
        assert all(b.blocking_rules for b in out.blocked)
    else:
        assert all(
            b.reason.startswith("No practitioner of a case-holding grade") for b in out.blocked
        )


@COMMON
@given(days())
def test_no_blocked_case_could_be_added_without_breaking_a_hard_rule(
    day: tuple[Scenario, Policy],
) -> None:
    """For every blocked case and every practitioner, adding it to the proposal as it stands
    breaks a pair rule or an aggregate rule."""
    s, pol = day
    out = _solve(s, pol)
    d = build_day(s, pol)
    assignment = {line.case_id: line.practitioner_id for line in out.lines}
    for b in out.blocked:
        c = d.case_by_id[b.case_id]
        for p in d.holders():
            pair = any(r.enabled(d) and r.excludes(d, c, p) for r in PAIR_RULES)
            trial = {**assignment, c.id: p.id}
            agg = any(r.enabled(d) and r.violation_at(d, trial, p) for r in AGGREGATE_RULES)
            assert pair or agg, f"{c.id} could go to {p.id}"


@COMMON
@given(days(), st.integers(0, 1000))
def test_rerun_and_shuffled_input_give_the_same_proposal(
    day: tuple[Scenario, Policy], seed: int
) -> None:
    """Same input, same proposal; the same input with its lists shuffled, the same proposal too
    (byte for byte apart from the time taken, input digest included)."""
    s, pol = day
    first = _stable(_solve(s, pol))
    assert _stable(_solve(s, pol)) == first
    assert _stable(_solve(_shuffled(s, seed), pol)) == first


@COMMON
@given(days())
def test_protected_characteristics_matter_only_through_stated_preferences(
    day: tuple[Scenario, Policy],
) -> None:
    """With no stated preference, changing every practitioner's declared gender and
    lived-experience flag changes nothing in the allocation; with one, it may."""
    s, pol = day
    data = s.model_dump(mode="json")
    for c in data["cases"]:
        c["preferences"] = []
    s = Scenario.model_validate(data)
    data = s.model_dump(mode="json")
    for p in data["practitioners"]:
        p["declared"] = {
            "gender": "nonbinary" if p["declared"]["gender"] != "nonbinary" else "female"
        }
        p["lived_experience"] = not p["lived_experience"]
    changed = Scenario.model_validate(data)
    a, b = _solve(s, pol), _solve(changed, pol)
    assert [x.model_dump() for x in a.lines] == [x.model_dump() for x in b.lines]
    assert [x.model_dump() for x in a.blocked] == [x.model_dump() for x in b.blocked]
    assert a.objective == b.objective
