"""Stability against the previous version of the day: an undecided line of the previous version
that goes to another practitioner, or is left unallocated, costs 1; a first proposal has no
previous version and the term changes nothing."""

import pytest

from allocator import propose
from allocator.check import check
from models import Scenario
from tests.builders import case, day_of, policy, scenario, staff
from tests.objectives.support import delta, score


def _with_previous(s: Scenario, lines: dict[str, str]) -> Scenario:
    data = s.model_dump(mode="json")
    data["previous_version"] = {"proposal_id": "P-000001", "lines": lines}
    return Scenario.model_validate(data)


def test_a_moved_or_dropped_undecided_line_costs_one() -> None:
    """A kept on P1 costs 0, B moved from P2 costs 1, B left unallocated costs 1; N, not on the
    previous version, costs nothing wherever it goes."""
    s = _with_previous(
        scenario([staff("P1"), staff("P2")], [case("A"), case("B"), case("N")]),
        {"A": "P1", "B": "P2"},
    )
    day, elig = day_of(s)
    assert score("stability", day, elig, {"A": "P1", "B": "P2", "N": "P1"}) == 0
    assert score("stability", day, elig, {"A": "P1", "B": "P1", "N": "P2"}) == 1
    assert score("stability", day, elig, {"A": "P2", "N": "P2"}) == 2
    assert delta("stability", day, elig, {"A": "P1", "B": "P2"}, "B", "P1") == 1
    assert delta("stability", day, elig, {"A": "P1", "B": "P1"}, "B", "P2") == -1


def test_without_a_previous_version_the_term_is_zero() -> None:
    """A first proposal: every allocation scores 0, so the term can rank anywhere."""
    day, elig = day_of(scenario([staff("P1"), staff("P2")], [case("A"), case("B")]))
    assert score("stability", day, elig, {"A": "P1", "B": "P1"}) == 0
    assert score("stability", day, elig, {}) == 0


def test_stability_outranks_balance() -> None:
    """P1 is at 1,500 points and P2 at none: balance alone sends A to P2. When the previous
    version had A on P1 and nobody decided it, the re-solve keeps it there, and the checker
    recomputes the term from the scenario alone."""
    s = scenario([staff("P1", other_points=1500), staff("P2")], [case("A")])
    first = propose(s, policy())
    assert [(x.case_id, x.practitioner_id) for x in first.lines] == [("A", "P2")]
    again = _with_previous(s, {"A": "P1"})
    p = propose(again, policy())
    assert [(x.case_id, x.practitioner_id) for x in p.lines] == [("A", "P1")]
    assert next(o.value for o in p.objective if o.name == "stability") == 0
    assert check(again, policy(), p) == []


def test_a_previous_version_naming_an_unknown_case_or_practitioner_is_refused() -> None:
    """The scenario validator names the path of a dangling reference in the previous lines."""
    s = scenario([staff("P1")], [case("A")])
    with pytest.raises(ValueError) as refused:
        _with_previous(s, {"Z": "P9"})
    text = str(refused.value)
    assert "previous_version.lines.Z: unknown case 'Z'" in text
    assert "previous_version.lines.Z: unknown practitioner 'P9'" in text


def test_a_first_scenario_is_written_without_the_field() -> None:
    """Absent, the previous version is left out of the JSON: a first proposal's input, and its
    digest, are what they were before the term existed."""
    s = scenario([staff("P1")], [case("A")])
    assert "previous_version" not in s.model_dump(mode="json")
    assert "previous_version" in _with_previous(s, {"A": "P1"}).model_dump(mode="json")
