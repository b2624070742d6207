"""The objective block of a proposal, recomputed: each term's value, its bound, the status, the gap.

Values are recomputed with each term's plain-Python ``score`` on the day the solver saw: the
scenario itself, or, when lines were pinned by SPO decisions, the scenario with those lines
turned into holdings (``allocator.problem.pinning``). A bound cannot be re-proven without a
solver, but it must be consistent: never above its value, never negative, equal to the value on
every term when the status is OPTIMAL; and the gap must be the one the terms give
(``allocator.objectives.gap``).
"""

from allocator.objectives.base import Objective
from allocator.objectives.gap import relative_gap
from allocator.objectives.registry import OBJECTIVES_BY_NAME, day_objectives
from allocator.problem.day import Assignment, Day, build_day
from allocator.problem.pinning import pin_into_holdings
from allocator.rules.eligibility import Eligibility, compute_eligibility
from models.check import Violation
from models.proposal import Proposal

_GAP_TOLERANCE = 1e-6


def _violation(message: str) -> Violation:
    return Violation(rule="objective", message=message)


def check_objective(
    day: Day, elig: Eligibility, proposal: Proposal, assignment: Assignment
) -> list[Violation]:
    """Every objective figure, bound, status or gap the proposal misreports."""
    out: list[Violation] = []
    try:
        ranked = day_objectives(day)
    except KeyError as err:
        return [_violation(str(err.args[0]))]
    expected = [(rank, weight, o.name) for rank, weight, o in ranked]
    reported = [(o.rank, o.weight, o.name) for o in proposal.objective]
    if reported != expected:
        out.append(
            _violation(
                "The objective terms (rank, weight, name) are "
                f"{reported}; the policy gives {expected}."
            )
        )
    values = _recomputed(day, elig, proposal, assignment, ranked)
    for o in proposal.objective:
        term = OBJECTIVES_BY_NAME.get(o.name)
        if term is None:
            out.append(_violation(f"Objective term {o.name} is not a known term."))
            continue
        if (o.unit, o.description) != (term.unit, term.description):
            out.append(_violation(f"Objective {o.name} reports a unit or description not its own."))
        want = values.get(o.name)
        if want is not None and o.value != want:
            out.append(
                _violation(f"Objective {o.name} reports value {o.value}; recomputed {want}.")
            )
        if o.bound > o.value:
            out.append(
                _violation(f"Objective {o.name} reports value {o.value} below its bound {o.bound}.")
            )
        if o.bound < 0:
            out.append(_violation(f"Objective {o.name} reports a negative bound {o.bound}."))
        if proposal.run.status == "OPTIMAL" and o.value != o.bound:
            out.append(
                _violation(
                    f"Status OPTIMAL but objective {o.name} has value {o.value} "
                    f"and bound {o.bound}: an optimal proposal is at its bound on every term."
                )
            )
    gap = relative_gap((o.value, o.bound) for o in proposal.objective)
    if abs(proposal.gap - gap) > _GAP_TOLERANCE:
        out.append(
            _violation(
                f"Proposal reports gap {proposal.gap:g}; the terms' values and bounds give {gap:g}."
            )
        )
    if proposal.run.status == "OPTIMAL" and proposal.gap != 0:
        out.append(_violation(f"Status OPTIMAL with gap {proposal.gap:g}; optimal means gap 0."))
    nothing = not day.cases
    if nothing != (proposal.run.status == "NOTHING_TO_ALLOCATE"):
        out.append(
            _violation(
                f"Status {proposal.run.status} but the scenario has {len(day.cases)} cases to allocate."
            )
        )
    return out


def _recomputed(
    day: Day,
    elig: Eligibility,
    proposal: Proposal,
    assignment: Assignment,
    ranked: list[tuple[int, int, Objective]],
) -> dict[str, int]:
    """Each enabled term's value on the day the solver saw, for the proposal's assignment
    (``ranked``: the terms of ``day``, asked again only of a day with pinned lines)."""
    pinned = {
        line.case_id: line.practitioner_id
        for line in proposal.lines
        if line.decided is not None and assignment.get(line.case_id) == line.practitioner_id
    }
    if pinned:
        day = build_day(pin_into_holdings(day, pinned), day.policy)
        elig = compute_eligibility(day)
        assignment = {cid: pid for cid, pid in assignment.items() if cid not in pinned}
        ranked = day_objectives(day)
    return {o.name: o.score(day, elig, assignment) for _, _, o in ranked}
