"""A practitioner with no available points (hours 0) who holds a case on the list.

The terms read such a practitioner's utilisation as 0 (``permille_up``/``permille_down`` of no
available points), as the WMT shows it. CP-SAT's utilisation variables used to read the same
practitioner as a constraint ``0 * top >= 1000 * load`` (and no bound on the lowest), so the
solver's objective disagreed with the terms and the whole proposal failed; the planner met it
as soon as a change file set a holder's hours to 0.
"""

from allocator import SolveSettings, propose
from allocator.check import check
from tests.builders import case, holding, policy, scenario, staff


def _day():
    """P0 has no hours and holds C1 (on the list, a tier change) and H1; P1 and P2 are free."""
    return scenario(
        [staff("P0", contracted_hours=0), staff("P1"), staff("P2")],
        [
            case("C1", "C2", current_practitioner_id="P0", reason="caseload_adjustment"),
            case("N1", "C2"),
        ],
        [holding("C1", "P0"), holding("H1", "P0")],
    )


def test_cp_sat_proves_a_day_with_a_holder_without_hours_and_the_checker_agrees() -> None:
    """The day is proven optimal (no 'solver objective disagrees' failure) and the
    independent checker finds nothing wrong with the proposal."""
    s, pol = _day(), policy()
    p = propose(s, pol, SolveSettings(method="cpsat"))
    assert p.run.status == "OPTIMAL"
    assert check(s, pol, p) == []
    assert {line.case_id for line in p.lines} == {"C1", "N1"}


def test_the_large_method_gives_the_same_values() -> None:
    """The large method solves the same day without failing, the checker finds nothing wrong,
    and its first rank has CP-SAT's proven value (the two read utilisation alike)."""
    s, pol = _day(), policy()
    exact = {o.name: o.value for o in propose(s, pol, SolveSettings(method="cpsat")).objective}
    large = propose(s, pol, SolveSettings(method="large"))
    assert check(s, pol, large) == []
    first = large.objective[0]
    assert first.value == exact[first.name]
