"""Proven floors of the terms, so that a stage the solution in hand already proves is not solved.

Every term has the bottom of its range as a floor. The highest utilisation has a better one once
every placeable case must be placed: the flow bound (``allocator/solve/large/bound.py``: the
cases' points, divisible, flowing into each practitioner's room at a utilisation), and its
excess over the target has that bound's excess. Those hold for every solution lexicographically
no worse than one that places every placeable case, when a term counting each unallocated case
(``counts_each_unallocated``) ranks before them alone in its rank: such a solution keeps that
term at its lowest, so it too places every placeable case.

A stage whose every rank sits at the sum of its terms' floors in the solution in hand is at its
lexicographic optimum: the first rank on which another solution did better would be below a
floor. That is a proof, and CP-SAT is not needed for it.
"""

from allocator.objectives.base import Objective, TermSpec, UtilisationSpec, permille_up
from allocator.problem.day import Assignment, Day
from allocator.rules.eligibility import Eligibility
from allocator.solve.large.bound import by_pdu, utilisation_bound


def placeable(elig: Eligibility) -> list[str]:
    """The cases someone may take, in case id order."""
    return sorted(cid for cid, cands in elig.candidates.items() if cands)


def places_all(elig: Eligibility, assignment: Assignment) -> bool:
    """Whether ``assignment`` places every case someone may take."""
    return all(cid in assignment for cid, cands in elig.candidates.items() if cands)


def highest_floor(day: Day, elig: Eligibility, assignment: Assignment) -> int | None:
    """The flow bound on the highest per-mille utilisation of every allocation that places
    every placeable case, searched below ``assignment``'s own (which must place them all);
    None when no bound is proven there."""
    after = day.load_after(assignment)
    hi = max((permille_up(after[p], day.available[p]) for p in elig.receivers()), default=0)
    bounds = utilisation_bound(day, elig, by_pdu(day, placeable(elig)), hi)
    bound = max(bounds.values(), default=0)
    return bound if bound <= hi else None


def flow_floors(
    day: Day,
    elig: Eligibility,
    terms: list[tuple[int, int, Objective]],
    specs: dict[str, TermSpec],
    start: Assignment,
) -> dict[str, int]:
    """Floors from the flow bound for the highest utilisation and its excess over the target,
    by term name: valid for the solutions no worse than ``start`` (which must place every
    placeable case) on the ranks up to each of them. Empty when no term qualifies."""
    ranks: dict[int, list[Objective]] = {}
    for rank, _, objective in terms:
        ranks.setdefault(rank, []).append(objective)
    settling = [
        r for r, objs in ranks.items() if len(objs) == 1 and objs[0].counts_each_unallocated
    ]
    if not settling or not places_all(elig, start):
        return {}
    after = min(settling)
    wanted = {
        o.name: spec
        for rank, _, o in terms
        if rank > after
        and isinstance(spec := specs[o.name], UtilisationSpec)
        and spec.kind in ("max", "excess")
    }
    if not wanted:
        return {}
    bound = highest_floor(day, elig, start)
    if bound is None:
        return {}
    return {
        name: bound if spec.kind == "max" else max(0, bound - spec.target)
        for name, spec in wanted.items()
    }
