"""What a part does after its search, beside it: settle its cases, score its share of the terms,
and hand its answer to the caller's ``finish`` (the engine's explanations), so that the caller
only merges.

A case never leaves its PDU (the ``pdu_scope`` rule) and PDUs share no practitioner who may
receive, so a part's settling, its terms' shares and its lines read only its own cases, its own
practitioners and their figures: the same as the whole day's, provided no practitioner's load
depends on another part's answer. One would if a case on the list were held by a practitioner
of another PDU (the case's allocation moves its held points off the holder's load): on such a
day (``parts_independent`` is False) the caller does all of it on the whole day, as before.

Each term declares how its parts' shares combine (``Objective.combine``): "sum" over the parts
and the cases in no part (nobody may take them), "max" over the parts; a "whole" term is
scored on the whole day by the caller. tests/solve/test_part_terms.py holds the combined
values and bounds to the whole day's scoring for every registered term.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from allocator.objectives.base import Objective, PairCostObjective, permille_up
from allocator.objectives.utilisation import highest_of
from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Assignment, Day
from allocator.rules.eligibility import Eligibility
from allocator.rules.registry import AGGREGATE_RULES
from allocator.solve.large.search import allocation_order

Finish = Callable[[Day, Eligibility, Assignment, list[str]], Any]
"""What the caller wants of a solved part beside its search (``day``, ``elig``, the part's
assignment after settling, its cases): anything picklable, returned to the caller in the
parts' order. A module-level function or an instance of a module-level class, so that a
cluster's worker can be sent it."""


def settle(day: Day, elig: Eligibility, assignment: Assignment, placeable: list[str]) -> int:
    """Place, in priority order, any unallocated case that the aggregate rules themselves (not
    the search's running state) let one of its candidates take; returns how many. The checker
    refuses a proposal whose blocked case could be added, so this makes sure from the rules'
    side, whatever the search's time limit interrupted."""
    aggregates = [r for r in AGGREGATE_RULES if r.enabled(day)]
    stats = AssignmentState.of(day, assignment)
    placed = 0
    for cid in sorted(
        (c for c in placeable if c not in assignment), key=lambda c: allocation_order(day, c)
    ):
        case = day.case_by_id[cid]
        for q in sorted(
            elig.candidates[cid], key=lambda q: (permille_up(stats.load[q], day.available[q]), q)
        ):
            p = day.staff_by_id[q]
            if not any(r.violation_adding(day, stats, case, p) for r in aggregates):
                assignment[cid] = q
                stats.give(day, cid, q)
                placed += 1
                break
    return placed


def parts_independent(day: Day, cases: Iterable[str]) -> bool:
    """Whether no case of ``cases`` (the parts' cases) is held by a practitioner of another
    PDU: then no practitioner's figures depend on another part's answer."""
    pdu_of = day.pdu_of_staff
    for cid in cases:
        holder = day.holder.get(cid)
        if holder is not None and holder in pdu_of and pdu_of[holder] != day.case_by_id[cid].pdu_id:
            return False
    return True


@dataclass(frozen=True)
class AfterSearch:
    """What every part does after its search (one for the day, inherited or sent with it)."""

    split: tuple[Objective, ...]
    """The terms scored per part (``combine`` is "sum" or "max")."""
    all_placed: tuple[Objective, ...]
    """Those of them bounded by their value with every placeable case placed."""
    floors: tuple[PairCostObjective, ...]
    """The pair-cost terms whose floor (each case at its cheapest candidate) may be their
    bound: summed per part, the caller decides whether it holds."""
    finish: Finish | None = None


@dataclass(frozen=True)
class PartShares:
    """A part's answer beside its assignment: its shares of every split term and bound."""

    settled: int = 0
    highest: int = 0
    """The highest utilisation over the part's scope after settling."""
    values: dict[str, int] = field(default_factory=dict)
    placed: dict[str, int] = field(default_factory=dict)
    floors: dict[str, int] = field(default_factory=dict)
    finished: Any = None


def after_search(
    after: AfterSearch,
    day: Day,
    elig: Eligibility,
    assignment: Assignment,
    cases: list[str],
    scope: list[str],
) -> PartShares:
    """Settle the part's cases in ``assignment`` (in place), then score its shares and finish
    it: every figure read is the part's own (see the module docstring)."""
    settled = settle(day, elig, assignment, cases)
    everyone = {c: elig.candidates[c][0] for c in cases}  # a part's cases all have candidates
    values = {o.name: o.score_part(day, elig, assignment, cases, scope) for o in after.split}
    return PartShares(
        settled=settled,
        highest=highest_of(day, assignment, scope),
        values=values,
        placed={o.name: o.score_part(day, elig, everyone, cases, scope) for o in after.all_placed},
        floors=_floors(after, day, elig, assignment, cases, values),
        finished=None if after.finish is None else after.finish(day, elig, assignment, cases),
    )


def _floors(
    after: AfterSearch,
    day: Day,
    elig: Eligibility,
    assignment: Assignment,
    cases: list[str],
    values: dict[str, int],
) -> dict[str, int]:
    """The part's pair floors, in rank order, as far as the caller may ask for them: a floor
    is a bound only when every placeable case is placed and every term ranked before it is at
    its bound. A part that leaves a case, or is above its floor on a term (its value is then
    above the day's floor too, each part's being at least its own), ends the caller's chain of
    proven terms there, so the later floors (a second or so of cheapest candidates on a
    region) are not computed. Continuity does not end the chain: the caller may prove it
    another way (``continuity_bound``, the per-POD relaxation above its pair floor)."""
    out: dict[str, int] = {}
    if len(assignment) < len(cases):
        return out
    for o in after.floors:
        out[o.name] = sum(o.cheapest(day, c, elig.candidates[c]) for c in cases)
        if values[o.name] != out[o.name] and o.large_role != "continuity":
            break
    return out


def combined(objective: Objective, shares: Iterable[int]) -> int:
    """The parts' shares of ``objective`` (and of the cases in no part) combined as it
    declares."""
    if objective.combine == "sum":
        return sum(shares)
    if objective.combine == "max":
        return max(shares, default=0)
    raise ValueError(f"{objective.name} is scored on the whole day, not combined from parts")
