"""Every soft term's reassign_delta (the local change the explanations and alternatives use)
equals the change of its full score, on random assignments of one small, varied day."""

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from allocator.objectives.registry import OBJECTIVES
from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Day
from allocator.rules.eligibility import Eligibility
from tests.builders import case, day_of, holding, scenario, staff

FEMALE = [{"characteristic": "gender", "value": "female"}]


@cache
def _day() -> tuple[Day, Eligibility]:
    """Two PODs of mixed grades, loads, experience and declared characteristics; new, returning
    and tier-change cases across all bands and heavy cohorts, some overdue."""
    people = [
        staff("P1", pod="POD1", other_points=1500, declared={"gender": "female"}),
        staff("P2", pod="POD1", qualified_on="2026-06-01", in_grade_since="2026-06-01"),
        staff("P3", pod="POD2", other_points=700, contracted_hours=30),
        staff("S1", "PSO", pod="POD2", contracted_hours=18.5, other_points=600),
        staff("S2", "PSO", pod="POD2", other_points=1900, declared={"gender": "male"}),
        staff("S3", "PSO", pod="POD1", in_grade_since="2025-09-01", declared={"gender": "female"}),
        staff("Q1", "PQIP", pod="POD1", pqip_started_on="2026-01-01"),
    ]
    holdings = [
        holding("H1", "P1", "B2", flags=["sexual_offending"]),
        holding("H2", "P1", "C2", flags=["sexual_offending"]),
        holding("H3", "S1", "C3", flags=["domestic_abuse"]),
        holding("H4", "S1", "D2"),
        holding("H5", "P3", "A2", mappa=True),
        holding("T1", "P1", "C2", flags=["sexual_offending"]),
        holding("T2", "S1", "D2", flags=["domestic_abuse"]),
    ]
    cases = [
        case("A", "A3", rosh="very_high", mappa_category=2, mappa_level=2, pod_id="POD2"),
        case("B", "B2", rosh="high", flags=["sexual_offending"], preferences=FEMALE, pod_id="POD1"),
        case("C", "C2", flags=["domestic_abuse"], preferences=FEMALE, pod_id="POD2"),
        case("C3", "C3", rosh="high", allocate_by="2026-11-20"),
        case("D", "D2", rosh="low", pod_id="POD1", allocate_by="2026-11-01"),
        case("E", "D0", case_type="custody", pod_id="POD2"),
        case(
            "T1",
            "B2",
            rosh="high",
            flags=["sexual_offending"],
            current_practitioner_id="P1",
            reason="change_in_tier",
        ),
        case(
            "T2",
            "C1",
            flags=["domestic_abuse"],
            current_practitioner_id="S1",
            reason="change_in_tier",
        ),
        case("R", "C2", flags=["domestic_abuse"], previous_practitioner_id="P2"),
    ]
    return day_of(scenario(people, cases, holdings))


def test_the_day_is_varied() -> None:
    """Every case has at least two candidates, so moves exist for all of them."""
    _, elig = _day()
    assert all(len(c) >= 2 for c in elig.candidates.values()), elig.candidates


@st.composite
def moves(draw: st.DrawFn) -> tuple[dict[str, str], str, str]:
    """An assignment over eligible pairs with at least one allocated case, one allocated case,
    and an eligible practitioner to move it to."""
    _, elig = _day()
    assignment: dict[str, str] = {}
    for cid, cands in sorted(elig.candidates.items()):
        pid = draw(st.sampled_from([None, *cands]))
        if pid is not None:
            assignment[cid] = pid
    if not assignment:
        cid = draw(st.sampled_from(sorted(elig.candidates)))
        assignment[cid] = draw(st.sampled_from(elig.candidates[cid]))
    cid = draw(st.sampled_from(sorted(assignment)))
    pid = draw(st.sampled_from(elig.candidates[cid]))
    return assignment, cid, pid


@settings(max_examples=50, deadline=None)
@given(move=moves())
def test_reassign_delta_equals_score_difference(move: tuple[dict[str, str], str, str]) -> None:
    """For every term: reassign_delta(AssignmentState.of(a), cid, pid) == score(a with cid -> pid) - score(a)."""
    day, elig = _day()
    assignment, cid, pid = move
    moved = {**assignment, cid: pid}
    view = AssignmentState.of(day, assignment)
    wrong = {}
    for term in OBJECTIVES:
        want = term.score(day, elig, moved) - term.score(day, elig, assignment)
        got = term.reassign_delta(day, elig, view, cid, pid)
        if got != want:
            wrong[term.name] = (got, want)
    assert wrong == {}
