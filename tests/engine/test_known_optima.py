"""Small days whose optimum is derived by hand: the solver must find exactly it."""

from allocator import SolveSettings, propose
from allocator.check import check
from models import Proposal
from tests.builders import case, holding, policy, scenario, staff


def _term(p: Proposal, name: str) -> int:
    return next(o.value for o in p.objective if o.name == name)


def _run(s, pol=None, settings=None) -> Proposal:  # type: ignore[no-untyped-def]
    pol = pol or policy()
    out = propose(s, pol, settings or SolveSettings(time_limit_s=10))
    assert check(s, pol, out) == []
    assert out.run.status == "OPTIMAL"
    return out


def test_balance_sends_the_case_to_the_less_loaded_practitioner() -> None:
    """Two full-time PSOs (2,176 available points each), P1 at 1,958 points, P2 at 1,088.

    A C2 case (63 points) to P2 leaves the highest utilisation at P1's ceil(1000 x 1958 / 2176)
    = 900 tenths of a percent; to P1 it would be ceil(1000 x 2021 / 2176) = 929. So P2, and the
    term reads 900.
    """
    s = scenario(
        [staff("P1", "PSO", other_points=1958), staff("P2", "PSO", other_points=1088)],
        [case("C1", "C2")],
    )
    out = _run(s)
    assert [(line.case_id, line.practitioner_id) for line in out.lines] == [("C1", "P2")]
    assert _term(out, "max_utilisation") == 900
    assert out.lines[0].workload_before_pct == 50.0
    assert out.lines[0].workload_after_pct == round(1151 * 100 / 2176, 1)
    assert out.lines[0].deciding_terms == ["max_utilisation"]


def test_higher_risk_case_wins_when_capacity_allows_only_one() -> None:
    """One PO with 210 points of room under the 110% ceiling (2,393 of 2,176 available).

    Cases: one A3 (206 points) and two D1 (29 each). A3 + D1 = 235 > 210, so either the A3
    alone or both D1s. Band weights for this day: D 1, C 3, B 3, A 3, so leaving the A3 costs 3
    and leaving both D1s costs 2: the A3 is allocated and the D1s are blocked by capacity.
    """
    s = scenario(
        [staff("P1", "PO", other_points=2393 - 210)],
        [
            case("A", "A3", rosh="high"),
            case("D1a", "D1", rosh="low"),
            case("D1b", "D1", rosh="low"),
        ],
    )
    out = _run(s)
    assert [line.case_id for line in out.lines] == ["A"]
    assert [(b.case_id, b.blocking_rules) for b in out.blocked] == [
        ("D1a", ["capacity"]),
        ("D1b", ["capacity"]),
    ]
    assert _term(out, "unallocated_risk") == 2
    assert "over the 110% ceiling" in out.blocked[0].reason


def test_tier_change_stays_in_its_pod_when_balance_is_indifferent() -> None:
    """A C2 case held by PSO S1 (POD1) rises to B2: S1 may no longer hold it.

    POs: A in POD1 at 60%, B in POD2 at 60%, C in POD2 at 95% (eligible: 95% + 5.3% < 110%).
    Either A or B leaves the highest utilisation at C's ceil(1000 x 2068 / 2176) = 951, so continuity decides: A keeps
    the case in its POD (cost 1) where B would take it out (cost 2). One move.
    """
    s = scenario(
        [
            staff("S1", "PSO", pod="POD1"),
            staff("A", "PO", pod="POD1", other_points=1306),
            staff("B", "PO", pod="POD2", other_points=1306),
            staff("C", "PO", pod="POD2", other_points=2068),
        ],
        [case("T1", "B2", rosh="high", current_practitioner_id="S1", reason="change_in_tier")],
        holdings=[holding("T1", "S1", "C2")],
    )
    out = _run(s)
    line = out.lines[0]
    assert (line.practitioner_id, line.moved_from) == ("A", "S1")
    assert _term(out, "max_utilisation") == 951
    assert _term(out, "continuity") == 1
    assert _term(out, "moves") == 1
    assert line.excluded_by_rule == {"grade_vs_tier": 1}
    assert line.alternatives[0].practitioner_id == "B"
    assert line.alternatives[0].cost == {"continuity": 1}


def test_tier_reduction_stays_with_current_practitioner() -> None:
    """A B2 case held by PO A drops to C2; A remains eligible and is not overloaded.

    Staying costs no continuity and no move, and A's load falls by 115 - 63 points; any other
    PO or PSO would cost continuity. The case stays (seed 003: re-allocation need not follow a
    reduction in risk).
    """
    s = scenario(
        [staff("A", "PO", other_points=1000), staff("S", "PSO", other_points=1000)],
        [case("T1", "C2", current_practitioner_id="A", reason="change_in_tier")],
        holdings=[holding("T1", "A", "B2")],
    )
    out = _run(s)
    assert out.lines[0].practitioner_id == "A"
    assert out.lines[0].moved_from is None
    assert _term(out, "moves") == 0
    assert out.lines[0].workload_after_pct == round((1000 + 63) * 100 / 2176, 1)


def test_stated_preference_decides_between_equals() -> None:
    """Two PSOs with equal loads; the case asks for a female practitioner; only P2 declared it.

    Balance is the same either way (both receivers end at the same pair of loads), so the
    preference term (1 for P1, 0 for P2) decides: P2.
    """
    s = scenario(
        [
            staff("P1", "PSO", other_points=1000, declared={"gender": "male"}),
            staff("P2", "PSO", other_points=1000, declared={"gender": "female"}),
        ],
        [case("C1", "C2", preferences=[{"characteristic": "gender", "value": "female"}])],
    )
    out = _run(s)
    assert out.lines[0].practitioner_id == "P2"
    assert _term(out, "preferences") == 0
    assert "female" not in out.model_dump_json()


def test_nothing_allocatable_gives_a_well_formed_proposal() -> None:
    """Every practitioner is absent: both cases are blocked by absence, status still OPTIMAL."""
    s = scenario(
        [staff("P1", absences=[{"start": "2026-11-20", "end": "2026-11-30", "kind": "leave"}])],
        [case("C1", "C2"), case("C2", "B2", rosh="high")],
    )
    out = _run(s)
    assert out.lines == []
    assert [b.blocking_rules for b in out.blocked] == [["absence"], ["absence"]]
    assert "absent on 2026-11-24" in out.blocked[0].reason


def test_visor_shortage_names_every_blocking_rule() -> None:
    """A ViSOR A3 case; PO V1 is vetted but on leave, PO N1 is not vetted, PSO S1 cannot hold A.

    The smallest set of rules that excludes everyone: absence (V1), ViSOR (N1), grade (S1).
    """
    s = scenario(
        [
            staff("V1", absences=[{"start": "2026-11-23", "end": "2026-11-27", "kind": "leave"}]),
            staff("N1", visor_vetted=False),
            staff("S1", "PSO"),
        ],
        [case("M1", "A3", rosh="high", needs_visor=True, mappa_category=1, mappa_level=2)],
    )
    out = _run(s)
    blocked = out.blocked[0]
    assert sorted(blocked.blocking_rules) == ["absence", "grade_vs_tier", "visor"]
    assert "not ViSOR vetted" in blocked.reason


def test_transitional_visor_names_the_colleague() -> None:
    """Under the transitional policy a non-vetted PO may hold a ViSOR case through a vetted,
    trained colleague in the PDU who is present; the vetted PO is full, so N1 takes it and the
    line names V1."""
    s = scenario(
        [staff("V1", other_points=2393), staff("N1", visor_vetted=False)],
        [case("M1", "B2", rosh="high", needs_visor=True)],
    )
    out = _run(s, policy(visor_mode="transitional"))
    line = out.lines[0]
    assert (line.practitioner_id, line.visor_colleague_id) == ("N1", "V1")
    assert "ViSOR access is through" in line.reason


def test_resolve_keeps_pinned_lines_and_excludes_rejected_practitioners() -> None:
    """Day: two PSOs at equal load, two C2 cases. The SPO approved C1 -> S2 and rejected S1
    for C2. On re-solve C1 stays with S2 (decided), and C2 may not go to S1, so it goes to S2
    too; the line says it was decided, and the rejection is the reason S1 is excluded."""
    from allocator import Pin

    s = scenario(
        [staff("S1", "PSO", other_points=1000), staff("S2", "PSO", other_points=1000)],
        [case("C1", "C2"), case("C2", "C2", rejected_practitioners=["S1"])],
    )
    pol = policy()
    out = propose(s, pol, pins={"C1": Pin("S2", "approved")})
    assert [(x.case_id, x.practitioner_id, x.decided) for x in out.lines] == [
        ("C1", "S2", "approved"),
        ("C2", "S2", None),
    ]
    assert out.lines[1].excluded_by_rule == {"spo_rejection": 1}
    assert out.lines[1].workload_after_pct == round((1000 + 63 + 63) * 100 / 2176, 1)
    assert check(s, pol, out) == []


def test_a_stage_already_at_its_floor_is_not_solved_and_stays_proven() -> None:
    """When the start places every case someone may take, the allocation stage is at the
    lowest value it can have (the proof), so CP-SAT is not asked; when capacity leaves a case
    out, it is. Either way the result is proven optimal. (One rank per stage here: on a day
    this small every rank would otherwise share one stage with the highest utilisation.)"""
    one_rank_each = SolveSettings(time_limit_s=10, stage_range_limit=2)
    easy = scenario(
        [staff("P1", "PSO", other_points=1958), staff("P2", "PSO", other_points=1088)],
        [case("C1", "C2")],
    )
    out = _run(easy, settings=one_rank_each)
    assert out.run.solver_parameters["stages_at_floor"] >= 1
    assert [(line.case_id, line.practitioner_id) for line in out.lines] == [("C1", "P2")]
    risk = next(o for o in out.objective if o.name == "unallocated_risk")
    assert (risk.value, risk.bound) == (0, 0)
    tight = scenario(
        [staff("P1", "PO", other_points=2393 - 210)],
        [case("A", "A3", rosh="high"), case("D1a", "D1", rosh="low")],
    )
    out = _run(tight, settings=one_rank_each)
    assert [line.case_id for line in out.lines] == ["A"]
    risk = next(o for o in out.objective if o.name == "unallocated_risk")
    assert (risk.value, risk.bound) == (1, 1)  # above its floor of 0: CP-SAT proved it
    assert out.run.solver_parameters["stages_at_floor"] < out.run.stages
