"""Cohort mix (docs/domain.md objective 4, seed 001): for each practitioner who could take a case of a
heavy cohort today (sexual offending, domestic abuse, MAPPA), the cases of that cohort above
floor(40% x (caseload before + 1)) count one each."""

import pytest

from tests.builders import case, day_of, holding, scenario, staff
from tests.objectives.support import delta, score


def _day():  # type: ignore[no-untyped-def]
    """P1 holds 5 (2 sexual offending, 2 domestic abuse, 1 plain): limit floor(0.4 x 6) = 2.
    P2 holds nothing: limit floor(0.4 x 1) = 0.
    P3 holds 2 (1 MAPPA, 1 plain): limit floor(0.4 x 3) = 1.
    Today: S (sexual offending) and M (MAPPA); no domestic-abuse case, so that cohort is not
    counted for anyone."""
    people = [staff("P1"), staff("P2"), staff("P3")]
    holdings = [
        holding("H1", "P1", flags=["sexual_offending"]),
        holding("H2", "P1", flags=["sexual_offending"]),
        holding("H3", "P1", flags=["domestic_abuse"]),
        holding("H4", "P1", flags=["domestic_abuse"]),
        holding("H5", "P1"),
        holding("H6", "P3", mappa=True),
        holding("H7", "P3"),
    ]
    cases = [case("S", flags=["sexual_offending"]), case("M", mappa_category=2)]
    return day_of(scenario(people, cases, holdings))


@pytest.mark.parametrize(
    ("assignment", "value"),
    [
        # Nothing over: P1 SO 2 <= 2 (DA 2 is not counted today), P3 MAPPA 1 <= 1.
        ({}, 0),
        # P1 SO 3 - 2 = 1; P3 MAPPA 2 - 1 = 1.
        ({"S": "P1", "M": "P3"}, 2),
        # P2 SO 1 - 0 = 1 and MAPPA 1 - 0 = 1.
        ({"S": "P2", "M": "P2"}, 2),
        # P3 SO 1 <= 1; P1 MAPPA 1 <= 2.
        ({"S": "P3", "M": "P1"}, 0),
        # P1 SO 3 - 2 = 1 and MAPPA 1 <= 2.
        ({"S": "P1", "M": "P1"}, 1),
    ],
)
def test_hand_derived_values(assignment: dict[str, str], value: int) -> None:
    """Hand-derived cohort_mix values (derivations in the parameters)."""
    day, elig = _day()
    assert score("cohort_mix", day, elig, assignment) == value


def test_reassign_delta() -> None:
    """Moving S from P3 (no excess) to P1 (SO 3 over 2) adds 1."""
    day, elig = _day()
    assert delta("cohort_mix", day, elig, {"S": "P3", "M": "P1"}, "S", "P1") == 1


def test_tier_change_that_becomes_mappa_is_counted_once() -> None:
    """P1 holds 2 MAPPA cases and T (not MAPPA when held; MAPPA after its tier change), of 5:
    limit floor(0.4 x 6) = 2. T staying with P1 gives 3 MAPPA cases (1 over); T moving to P2
    leaves P1 with 2 (none over) and P2 with 1 over its limit of 0."""
    people = [staff("P1"), staff("P2")]
    holdings = [
        holding("H1", "P1", mappa=True),
        holding("H2", "P1", mappa=True),
        holding("H3", "P1"),
        holding("H4", "P1"),
        holding("T", "P1", "C2"),
    ]
    cases = [
        case("T", "B2", mappa_category=2, mappa_level=2, current_practitioner_id="P1"),
    ]
    day, elig = day_of(scenario(people, cases, holdings))
    assert score("cohort_mix", day, elig, {"T": "P1"}) == 1
    assert score("cohort_mix", day, elig, {"T": "P2"}) == 1


def test_the_solver_counts_a_tier_change_leaving_with_its_held_cohorts() -> None:
    """The solver's formula agrees with ``score`` on a case that joins a cohort on its tier
    change: it leaves its holder's caseload as held (not MAPPA) and arrives as MAPPA. The
    solver used to take the new flags as leaving too and reported 0 where the caseload has one
    MAPPA case over its limit; the independent checker found it."""
    from allocator import propose
    from allocator.check import check
    from tests.builders import policy

    people = [staff("P0")]
    cases = [case("T", "B2", mappa_category=2, mappa_level=2, current_practitioner_id="P0")]
    s = scenario(people, cases, [holding("T", "P0", "C2")])
    p = propose(s, policy())
    assert [(line.case_id, line.practitioner_id) for line in p.lines] == [("T", "P0")]
    assert next(o.value for o in p.objective if o.name == "cohort_mix") == 1
    assert check(s, policy(), p) == []
