"""Experience (seed 000, principle 2): a high or very high RoSH case to a practitioner who is
not experienced (an NQO, or under 24 months in grade on 2026-11-24) costs 1."""

from tests.builders import case, day_of, scenario, staff
from tests.objectives.support import score


def _day():  # type: ignore[no-untyped-def]
    people = [
        staff("EXP", in_grade_since="2024-11-24"),  # exactly 24 months
        staff("NEW", in_grade_since="2024-11-25"),  # 23 months
        staff("NQO", in_grade_since=None, qualified_on="2026-01-01"),
        staff("NODATE", in_grade_since=None),
    ]
    cases = [
        case("H", "B2", rosh="high"),
        case("V", "A3", rosh="very_high"),
        case("M", "B2", rosh="medium"),
    ]
    return day_of(scenario(people, cases))


def test_experienced_flags() -> None:
    """24 months in grade is experienced; 23 months, an NQO or no date is not."""
    day, _ = _day()
    assert day.experienced == {"EXP": True, "NEW": False, "NQO": False, "NODATE": False}


def test_high_and_very_high_to_the_less_experienced() -> None:
    """H and V cost 1 each with NEW, NQO or NODATE, 0 with EXP; M costs 0 with anyone."""
    day, elig = _day()
    for pid in ("NEW", "NQO", "NODATE"):
        assert score("experience", day, elig, {"H": pid, "V": pid, "M": pid}) == 2
    assert score("experience", day, elig, {"H": "EXP", "V": "EXP", "M": "NEW"}) == 0
    assert score("experience", day, elig, {"H": "NEW"}) == 1
