"""Preferences (docs/domain.md objective 4): a stated preference the practitioner's declared
characteristics do not meet costs 1; an undeclared characteristic does not meet it."""

from tests.builders import case, day_of, scenario, staff
from tests.objectives.support import delta, score

FEMALE = [{"characteristic": "gender", "value": "female"}]


def _day():  # type: ignore[no-untyped-def]
    people = [
        staff("F1", declared={"gender": "female"}),
        staff("M1", declared={"gender": "male"}),
        staff("U1"),
    ]
    return day_of(scenario(people, [case("X", preferences=FEMALE), case("Y")]))


def test_met_unmet_and_undeclared() -> None:
    """Declared female meets it (0); declared male does not (1); undeclared does not (1)."""
    day, elig = _day()
    assert [score("preferences", day, elig, {"X": p}) for p in ("F1", "M1", "U1")] == [0, 1, 1]


def test_no_preference_costs_nothing() -> None:
    """A case without a stated preference costs 0 with anyone; unallocated costs 0."""
    day, elig = _day()
    assert [score("preferences", day, elig, {"Y": p}) for p in ("F1", "M1", "U1")] == [0, 0, 0]
    assert score("preferences", day, elig, {}) == 0


def test_sum_and_delta() -> None:
    """X to U1 (1) + Y to M1 (0) = 1; moving X to F1 saves 1."""
    day, elig = _day()
    assert score("preferences", day, elig, {"X": "U1", "Y": "M1"}) == 1
    assert delta("preferences", day, elig, {"X": "U1", "Y": "M1"}, "X", "F1") == -1
