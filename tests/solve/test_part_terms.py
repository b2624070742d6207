"""The large method's terms scored per PDU part and combined equal the whole day's scoring.

Each part settles its own cases and scores its share of every term that declares how shares
combine (``Objective.combine``) beside its search (``allocator.solve.large.after``); the caller
combines the shares with those of the cases in no part. These tests hold that, for every
registered term, to the whole day's ``score``, and the bounds built from the shares to the
bounds the whole day gives, on generated days of several PDUs (supervision and court).
"""

from functools import cache

import pytest

from allocator.bench.instances import instance, whole_caseload
from allocator.io.policy_files import bundled_policy
from allocator.objectives.base import PairCostObjective
from allocator.objectives.registry import OBJECTIVES
from allocator.problem.day import Assignment, Day, build_day
from allocator.rules.eligibility import Eligibility, compute_eligibility
from allocator.solve.greedy import greedy_assignment
from allocator.solve.large.after import (
    AfterSearch,
    PartShares,
    after_search,
    combined,
    parts_independent,
    settle,
)
from allocator.solve.large.bound import by_pdu, highest_allowed
from allocator.solve.large.solve import _pair_floor, _term_results
from allocator.synth import generate, generate_court

_SPLIT = tuple(o for o in OBJECTIVES if o.combine != "whole")
_FLOORS = tuple(o for o in _SPLIT if isinstance(o, PairCostObjective))


@cache
def _day(name: str) -> tuple[Day, Eligibility]:
    if name == "three_pdus":  # about 1,500 cases, whole caseloads of three PDUs
        s = whole_caseload(generate("region", 2, pdus=3, practitioners=20, cases=10))
    elif name == "court_region":  # report requests of 11-13 PDUs' court teams
        s = generate_court("region", 1)
    else:
        s = instance(name, 1)
    day = build_day(s, bundled_policy())
    return day, compute_eligibility(day)


def _partial(day: Day, elig: Eligibility) -> Assignment:
    """A greedy assignment with every fifth case taken out again, so that the unallocated
    terms, settling and the blocked cases have something to read."""
    greedy = greedy_assignment(day, elig)
    return {c: p for i, (c, p) in enumerate(sorted(greedy.items())) if i % 5}


def _by_parts(
    day: Day, elig: Eligibility, assignment: Assignment
) -> tuple[Assignment, list[PartShares], list[str]]:
    """Each part settled and scored on its own, as the large method's workers do; returns the
    assignment after the parts' settling, their shares and the placeable cases."""
    placeable = sorted(c.id for c in day.cases if elig.candidates[c.id])
    after = AfterSearch(
        split=_SPLIT,
        all_placed=tuple(o for o in _SPLIT if o.large_bound == "all_placed"),
        floors=_FLOORS,
    )
    settled: Assignment = {}
    shares = []
    for _, cases in sorted(by_pdu(day, placeable).items()):
        mine = {c: assignment[c] for c in cases if c in assignment}
        scope = sorted({p for c in cases for p in elig.candidates[c]})
        shares.append(after_search(after, day, elig, mine, cases, scope))
        settled.update(mine)
    return settled, shares, placeable


DAYS = ["three_pdus", "court_region", "pdu"]


@pytest.mark.parametrize("name", DAYS)
def test_every_combined_term_equals_the_whole_days_score(name: str) -> None:
    """For every registered term that combines, the parts' shares (and the cases in no part)
    combined as it declares equal its score on the whole day, after each part settled its
    own cases: and the parts' settling is the whole day's."""
    day, elig = _day(name)
    assert parts_independent(day, [c.id for c in day.cases])
    start = _partial(day, elig)
    settled, shares, placeable = _by_parts(day, elig, start)
    whole = dict(start)
    assert settle(day, elig, whole, placeable) == sum(x.settled for x in shares)
    assert settled == whole
    rest = [c.id for c in day.cases if not elig.candidates[c.id]]
    parts_of = sorted(by_pdu(day, placeable).items())
    for o in _SPLIT:
        mine = o.score_part(day, elig, {}, rest, [])
        parts = [x.values[o.name] for x in shares]
        assert combined(o, [*parts, mine]) == o.score(day, elig, whole), o.name
        # and before settling, with a fifth of the cases unallocated
        before = [
            o.score_part(
                day, elig, start, cases, sorted({p for c in cases for p in elig.candidates[c]})
            )
            for _, cases in parts_of
        ]
        assert combined(o, [*before, mine]) == o.score(day, elig, start), o.name
    top = max((x.highest for x in shares), default=0)
    assert top == next(o for o in OBJECTIVES if o.name == "max_utilisation").score(day, elig, whole)


@pytest.mark.parametrize("name", DAYS)
def test_bounds_from_the_parts_equal_the_whole_days(name: str) -> None:
    """The bounds built from the parts' shares (every placeable case placed; each case at its
    cheapest candidate) equal the whole day's, term by term; and the values and bounds the
    large method reports for every registered term, ranked in the registry's order, are the
    same from the parts as from the whole day."""
    day, elig = _day(name)
    settled, shares, placeable = _by_parts(day, elig, _partial(day, elig))
    rest = [c.id for c in day.cases if not elig.candidates[c.id]]
    everyone = {c: elig.candidates[c][0] for c in placeable}
    level = (by_pdu(day, placeable), highest_allowed(day, elig.receivers()))
    for o in _SPLIT:
        mine = o.score_part(day, elig, {}, rest, [])
        if o.large_bound == "all_placed":
            parts = [x.placed[o.name] for x in shares]
            assert combined(o, [*parts, mine]) == o.score(day, elig, everyone), o.name
    terms = [(rank, 1, o) for rank, o in enumerate(OBJECTIVES, start=1)]
    after = AfterSearch(
        split=_SPLIT,
        all_placed=tuple(o for o in _SPLIT if o.large_bound == "all_placed"),
        floors=_FLOORS,
    )
    target = max((x.highest for x in shares), default=0) - 7  # any flow bound below the value
    from_parts = _term_results(day, elig, settled, terms, placeable, target, after, shares, *level)
    from_whole = _term_results(day, elig, settled, terms, placeable, target, None, [], *level)
    assert from_parts == from_whole
    # Every placeable case placed, each at its cheapest candidate for the first floor term:
    # the chain of proven terms goes on past it, and every floor reached is the whole day's.
    first = _FLOORS[0]
    cheap = {
        c: min(elig.candidates[c], key=lambda p: (first.pair_cost(day, c, p), p)) for c in placeable
    }
    settled, shares, _ = _by_parts(day, elig, cheap)
    assert settled == cheap
    ranked = [(1, 1, o) for o in OBJECTIVES if o.counts_each_unallocated]
    ranked += [(rank, 1, o) for rank, o in enumerate(_FLOORS, start=2)]
    from_parts = _term_results(day, elig, cheap, ranked, placeable, 0, after, shares, *level)
    from_whole = _term_results(day, elig, cheap, ranked, placeable, 0, None, [], *level)
    assert from_parts == from_whole
    assert from_whole[1].value == from_whole[1].bound  # the first floor is reached, and proven
    for x in shares:  # each part's floors: a prefix of the terms in rank order
        assert list(x.floors) == [o.name for o in _FLOORS[: len(x.floors)]]
    for o in _FLOORS:
        if all(o.name in x.floors for x in shares):
            floor = sum(x.floors[o.name] for x in shares)
            assert floor + sum(o.unallocated_cost(day, c) for c in rest) == _pair_floor(
                day, elig, o
            )


def test_every_registered_term_declares_how_it_combines() -> None:
    """Each term says "sum", "max" or "whole"; the terms read across parts (the spread's
    lowest and highest together, a court team's share over its PDUs) are scored whole."""
    combine = {o.name: o.combine for o in OBJECTIVES}
    assert set(combine.values()) <= {"sum", "max", "whole"}
    for name in ("spread", "po_share"):
        assert combine[name] == "whole"
    assert combine["fair_flow"] == combine["cohort_mix"] == "sum"
    assert combine["max_utilisation"] == combine["over_target"] == "max"
    assert all(combine[o.name] == "sum" for o in OBJECTIVES if isinstance(o, PairCostObjective))
