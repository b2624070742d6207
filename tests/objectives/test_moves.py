"""Moves (docs/domain.md objective 5): a case moved away from its current practitioner costs 1."""

from tests.builders import case, day_of, holding, scenario, staff
from tests.objectives.support import score


def test_moves() -> None:
    """T (held by P1) to P2 costs 1, staying 0; a returning or new case costs 0; so does
    leaving T unallocated."""
    people = [staff("P1"), staff("P2")]
    cases = [
        case("T", current_practitioner_id="P1", reason="change_in_tier"),
        case("R", previous_practitioner_id="P1", reason="transfer_in"),
        case("N"),
    ]
    day, elig = day_of(scenario(people, cases, [holding("T", "P1")]))
    assert score("moves", day, elig, {"T": "P2", "R": "P2", "N": "P2"}) == 1
    assert score("moves", day, elig, {"T": "P1", "R": "P2", "N": "P1"}) == 0
    assert score("moves", day, elig, {}) == 0
