"""A day that allocates report requests, alone or beside supervision cases (issue 17, point 1).

A report has no tier: its points come from its report type and count in the writer's WMT
workload; every rule and term declares whether it applies to supervision, reports or both, and
a rule of one kind never reads the other kind's facts.
"""

from allocator.objectives.registry import OBJECTIVES
from allocator.problem.assignment import AssignmentState
from allocator.rules.capacity import Capacity
from allocator.rules.new_allocation_volume import NewAllocationVolume
from allocator.rules.registry import HARD_RULES
from tests.builders import case, day_of, holding, policy, staff
from tests.court_builders import court_scenario, report, writer


def test_report_points_come_from_the_type_written_and_count_in_the_workload() -> None:
    """An oral report brings 65 points, an SDR 138, and a requested oral report that needs a
    dangerousness assessment is written as an SDR (138); none has a tier; the writer's load
    after the day adds the points to what they hold."""
    s = court_scenario(
        [writer("W1")],
        [
            report("R1"),
            report("R2", "standard_delivery", due_in_days=15),
            report("R3", dangerousness_assessment=True),
        ],
        holdings=[holding("H1", "W1", "C2")],
    )
    day, _ = day_of(s)
    assert day.points == {"R1": 65, "R2": 138, "R3": 138}
    assert day.tier == {}
    assert day.report_ids == {"R1", "R2", "R3"}
    assert day.tier_label("R1") == ""
    before = day.load_before["W1"]
    assert day.load_after({"R1": "W1", "R2": "W1"})["W1"] == before + 65 + 138


def test_every_rule_and_term_declares_what_it_applies_to_on_its_own_class() -> None:
    """The declaration is a fact of each class, not inherited by accident nor guessed from a
    name: a new rule or term that forgets it fails here."""
    for thing in (*HARD_RULES, *OBJECTIVES):
        assert "applies_to" in type(thing).__dict__, type(thing).__name__
        assert thing.applies_to in ("supervision", "reports", "both")


def test_supervision_rules_never_read_a_report() -> None:
    """A PSO who is not ViSOR vetted, not ready for any category and new in grade may write a
    report with none of a supervision case's facts (no DIF, no RoSH, no tier): grade vs tier,
    ViSOR, readiness, DIF and RoSH rules do not apply, so the only candidate is eligible."""
    pso = writer(
        "W1",
        "PSO",
        readiness=[],
        visor_vetted=False,
        visor_trained=False,
        in_grade_since="2026-10-01",
    )
    day, elig = day_of(court_scenario([pso], [report("R1", indicative_rosh="very_high")]))
    assert elig.candidates["R1"] == ["W1"]
    assert day.band["R1"] == "A"
    assert "R1" not in day.safety


def test_conflicts_restricted_access_absence_and_scope_apply_to_reports() -> None:
    """The rules declared for both kinds exclude writers of a report as they would a case."""
    staff_list = [
        writer("W1", conflicts=["R1"]),
        writer("W2", absences=[{"start": "2026-11-20", "end": "2026-11-30"}]),
        writer("W3"),
        writer("W4"),
    ]
    restricted = report("R1").model_copy(update={"excluded_staff": ["W3"]})
    _day, elig = day_of(court_scenario(staff_list, [restricted]))
    assert elig.candidates["R1"] == ["W4"]
    assert elig.first_failed("R1", "W1") == "conflicts"
    assert elig.first_failed("R1", "W2") == "absence"
    assert elig.first_failed("R1", "W3") == "restricted_access"


def test_capacity_counts_report_points() -> None:
    """A writer whose available points leave room for one SDR but not two is eligible for the
    first and blocked by capacity for the second: report points are WMT workload."""
    w1 = writer("W1", contracted_hours=4)
    day, _ = day_of(court_scenario([w1], [report("R1", "standard_delivery")]))
    room = day.ceiling["W1"] - day.load_before["W1"]
    assert 138 <= room < 276, room
    twice = court_scenario(
        [w1], [report("R1", "standard_delivery"), report("R2", "standard_delivery")]
    )
    day2, _ = day_of(twice)
    state = AssignmentState.of(day2, {"R1": "W1"})
    assert Capacity().violation_adding(day2, state, day2.case_by_id["R2"], w1) is not None


def test_new_allocation_volume_counts_supervision_cases_only() -> None:
    """With at most one new case a day, a practitioner may take one supervision case and two
    reports: reports have their own daily limit (reports_per_day), not the case volume."""
    pol = policy(max_new_per_day=1)
    s = court_scenario([writer("W1")], [case("C1"), report("R1"), report("R2")])
    day, _elig = day_of(s, pol)
    rule = NewAllocationVolume()
    assignment = {"C1": "W1", "R1": "W1", "R2": "W1"}
    assert rule.violations(day, assignment) == []
    state = AssignmentState.of(day, {"R1": "W1", "R2": "W1"})
    assert rule.violation_adding(day, state, day.case_by_id["C1"], staff("W1")) is None
    state = AssignmentState.of(day, {"C1": "W1"})
    assert rule.violation_adding(day, state, day.case_by_id["R1"], staff("W1")) is None


def test_supervision_terms_cost_nothing_for_a_report() -> None:
    """Grade fit, experience and continuity read a tier, a RoSH or a POD: a report to a PO
    new in grade costs them nothing, while the same day's supervision case still counts."""
    po = writer("W1", in_grade_since="2026-10-01")
    s = court_scenario([po], [report("R1"), case("C1", tier="C2", rosh="high")])
    day, _elig = day_of(s)
    by_name = {o.name: o for o in OBJECTIVES}
    for name in ("grade_fit", "experience", "continuity", "moves"):
        assert by_name[name].pair_cost(day, "R1", "W1") == 0, name  # type: ignore[attr-defined]
    assert by_name["experience"].pair_cost(day, "C1", "W1") == 1  # type: ignore[attr-defined]
