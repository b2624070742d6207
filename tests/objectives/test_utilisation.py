"""Workload balance (docs/domain.md objective 2): the highest utilisation after allocation (rounded up)
and the spread (highest rounded up minus lowest rounded down), in tenths of a percent, over the
practitioners who could take at least one of today's cases."""

from tests.builders import case, day_of, scenario, staff
from tests.objectives.support import delta, score


def _day():  # type: ignore[no-untyped-def]
    """P1: 2176 available, 1000 points = 459.56 per mille.
    P2: 18.5 h, 1088 available, 544 points = 500.0 per mille.
    P3: 2000 points of 2176 (919.1 per mille) but absent today, so out of scope.
    X: a C3 community case, 79 points."""
    people = [
        staff("P1", other_points=1000),
        staff("P2", contracted_hours=18.5, other_points=544),
        staff("P3", other_points=2000, absences=[{"start": "2026-11-24", "end": "2026-11-24"}]),
    ]
    return day_of(scenario(people, [case("X", "C3")]))


def test_scope_is_who_could_take_a_case() -> None:
    """Only P1 and P2 are in scope; P3 (absent) is not."""
    _, elig = _day()
    assert elig.receivers() == ["P1", "P2"]


def test_nothing_allocated() -> None:
    """max = max(ceil 459.6, ceil 500.0) = 500 (not P3's 920); spread = 500 - floor 459.6 = 41."""
    day, elig = _day()
    assert score("max_utilisation", day, elig, {}) == 500
    assert score("spread", day, elig, {}) == 41


def test_case_to_the_full_timer() -> None:
    """X to P1: 1079 / 2176 = 495.86 -> up 496, down 495; max = max(496, 500) = 500;
    spread = 500 - 495 = 5."""
    day, elig = _day()
    assert score("max_utilisation", day, elig, {"X": "P1"}) == 500
    assert score("spread", day, elig, {"X": "P1"}) == 5


def test_case_to_the_part_timer() -> None:
    """X to P2: 623 / 1088 = 572.61 -> up 573; P1 stays 459.56 (down 459);
    max = 573; spread = 573 - 459 = 114."""
    day, elig = _day()
    assert score("max_utilisation", day, elig, {"X": "P2"}) == 573
    assert score("spread", day, elig, {"X": "P2"}) == 114


def test_reassign_delta_from_p1_to_p2() -> None:
    """Moving X from P1 to P2 raises max by 573 - 500 = 73 and spread by 114 - 5 = 109."""
    day, elig = _day()
    assert delta("max_utilisation", day, elig, {"X": "P1"}, "X", "P2") == 73
    assert delta("spread", day, elig, {"X": "P1"}, "X", "P2") == 109
