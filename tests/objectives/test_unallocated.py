"""Allocate everything (docs/domain.md objective 1): unallocated_risk weights bands lexicographically,
unallocated_overdue sums days past the allocate-by date."""

from allocator.objectives.unallocated import band_weights
from tests.builders import case, day_of, scenario, staff
from tests.objectives.support import delta, score


def _day():  # type: ignore[no-untyped-def]
    """1 A, 2 B, 3 C, 4 D cases."""
    tiers = ["A3"] + ["B2"] * 2 + ["C2"] * 3 + ["D2"] * 4
    cases = [case(f"X{i}", t) for i, t in enumerate(tiers)]
    return day_of(scenario([staff("P1"), staff("S1", "PSO")], cases))


def test_band_weights_are_lexicographic() -> None:
    """D = 1; C = 4 x 1 + 1 = 5; B = 4 + 3 x 5 + 1 = 20; A = 4 + 15 + 2 x 20 + 1 = 60."""
    day, _ = _day()
    assert band_weights(day) == {"D": 1, "C": 5, "B": 20, "A": 60}


def test_one_a_outweighs_every_lower_case() -> None:
    """Leaving only the A case (60) is worse than leaving every B, C and D case (40 + 15 + 4)."""
    day, elig = _day()
    everything_but_a = {f"X{i}": "P1" for i in range(1, 10)}
    only_a = {"X0": "P1"}
    assert score("unallocated_risk", day, elig, everything_but_a) == 60
    assert score("unallocated_risk", day, elig, only_a) == 59
    assert score("unallocated_risk", day, elig, {}) == 119
    all_cases = {f"X{i}": "P1" for i in range(10)}
    assert score("unallocated_risk", day, elig, all_cases) == 0


def test_one_b_outweighs_every_c_and_d() -> None:
    """One B (20) outweighs all three C and four D cases (15 + 4 = 19)."""
    day, elig = _day()
    a = {f"X{i}": "P1" for i in range(10)}
    leave_one_b = {k: v for k, v in a.items() if k != "X1"}
    leave_c_and_d = {k: v for k, v in a.items() if k in ("X0", "X1", "X2")}
    assert score("unallocated_risk", day, elig, leave_one_b) == 20
    assert score("unallocated_risk", day, elig, leave_c_and_d) == 19


def test_reassigning_an_allocated_case_does_not_change_it() -> None:
    """Moving an allocated case between practitioners changes neither term."""
    day, elig = _day()
    assert delta("unallocated_risk", day, elig, {"X9": "P1"}, "X9", "S1") == 0
    assert delta("unallocated_overdue", day, elig, {"X9": "P1"}, "X9", "S1") == 0


def test_overdue_days_of_unallocated_cases() -> None:
    """allocate_by 2026-11-20 is 4 days overdue on 2026-11-24, 2026-11-24 is 0, a later date
    or none is 0: leaving all unallocated costs 4 + 10 = 14."""
    cases = [
        case("LATE", allocate_by="2026-11-20"),
        case("LATER", allocate_by="2026-11-14"),
        case("TODAY", allocate_by="2026-11-24"),
        case("SOON", allocate_by="2026-12-01"),
        case("NONE"),
    ]
    day, elig = day_of(scenario([staff("P1")], cases))
    assert day.overdue_days == {"LATE": 4, "LATER": 10, "TODAY": 0, "SOON": 0, "NONE": 0}
    assert score("unallocated_overdue", day, elig, {}) == 14
    assert score("unallocated_overdue", day, elig, {"LATER": "P1"}) == 4
    assert score("unallocated_overdue", day, elig, {"LATE": "P1", "LATER": "P1"}) == 0
