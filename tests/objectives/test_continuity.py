"""Continuity (docs/domain.md objective 3): keep a case with its practitioner, else in its POD; a
returning case goes back to its previous practitioner; a new case stays in its POD."""

from tests.builders import case, day_of, holding, scenario, staff
from tests.objectives.support import delta, score


def _day():  # type: ignore[no-untyped-def]
    """POD1: P1, P2. POD2: P3."""
    people = [staff("P1", pod="POD1"), staff("P2", pod="POD1"), staff("P3", pod="POD2")]
    cases = [
        case("TC", "C3", pod_id="POD1", current_practitioner_id="P1", reason="change_in_tier"),
        case("RET", "C2", previous_practitioner_id="P2", reason="transfer_in"),
        case("NEW", "C2", pod_id="POD2"),
        case("NOPOD", "C2"),
    ]
    return day_of(scenario(people, cases, [holding("TC", "P1", "C2")]))


def test_tier_change_stays_0_same_pod_1_other_pod_2() -> None:
    """A tier-change case: with its holder 0, another practitioner of the holder's POD 1,
    another POD 2."""
    day, elig = _day()
    assert [score("continuity", day, elig, {"TC": p}) for p in ("P1", "P2", "P3")] == [0, 1, 2]


def test_returning_case_to_its_previous_practitioner_is_0() -> None:
    """A returning case: back to its previous practitioner 0, their POD 1, another POD 2."""
    day, elig = _day()
    assert [score("continuity", day, elig, {"RET": p}) for p in ("P2", "P1", "P3")] == [0, 1, 2]


def test_new_case_in_its_pod_0_else_2() -> None:
    """A new case with a POD: in it 0, elsewhere 2; a new case without a POD costs 0 anywhere."""
    day, elig = _day()
    assert [score("continuity", day, elig, {"NEW": p}) for p in ("P3", "P1", "P2")] == [0, 2, 2]
    assert [score("continuity", day, elig, {"NOPOD": p}) for p in ("P1", "P2", "P3")] == [0, 0, 0]


def test_whole_assignment_and_unallocated_cost_nothing() -> None:
    """Sum over the lines: TC->P2 (1) + RET->P2 (0) + NEW->P1 (2) + NOPOD->P3 (0) = 3;
    unallocated cases cost nothing here; moving NEW to P3 saves 2."""
    day, elig = _day()
    a = {"TC": "P2", "RET": "P2", "NEW": "P1", "NOPOD": "P3"}
    assert score("continuity", day, elig, a) == 3
    assert score("continuity", day, elig, {}) == 0
    assert delta("continuity", day, elig, a, "NEW", "P3") == -2
