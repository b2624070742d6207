"""Explanations that answer the SPO's next question (issue 13, point 8).

- A case blocked for want of room (capacity, volume, the PQiP cap) whose room went to a case
  that ranks before it: which case, and why it came first (allocation ranks the risk band, then
  how overdue; docs/domain.md default objective order 1).
- A line whose stated preference is not met: what outranked it (the cheapest eligible
  practitioner who meets it, and the first objective term they lose on), or that no eligible
  practitioner meets it. The preference itself is never named: it is special-category data.
"""

from allocator.engine.explain import Ranked, _alternative_summary, _delta_vector
from allocator.objectives.preferences import Preferences
from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Assignment, Day
from allocator.rules.eligibility import Eligibility
from allocator.rules.registry import AGGREGATE_RULES, RULES_BY_NAME
from models.proposal import BlockedCase, ProposalLine

_ROOM_RULES = frozenset(r.name for r in AGGREGATE_RULES)


def _priority(day: Day, cid: str) -> tuple[str, int]:
    """Lower comes first: the risk band letter (A first), then the most overdue."""
    return day.band[cid], -day.overdue_days[cid]


def displaced_by(day: Day, elig: Eligibility, assignment: Assignment, cid: str) -> str | None:
    """The sentence naming the case that took the blocked case's room, or None."""
    candidates = set(elig.candidates[cid])
    mine = _priority(day, cid)
    takers = sorted(
        (_priority(day, c), c, p)
        for c, p in assignment.items()
        if p in candidates and day.holder.get(c) != p and _priority(day, c) < mine
    )
    if not takers:
        return None
    (band, minus_overdue), other, pid = takers[0]
    if band != mine[0]:
        why = f"its risk band {band} is higher than {mine[0]}"
    else:
        why = f"it is {-minus_overdue} days overdue against {-mine[1]}"
    return (
        f"The room went to {other} (tier {day.tier_label(other)}), allocated to "
        f"{day.staff_by_id[pid].name}: it came first because {why} (allocation ranks the risk "
        "band, then how overdue)."
    )


def with_displacement(
    day: Day, elig: Eligibility, assignment: Assignment, b: BlockedCase
) -> BlockedCase:
    """``b`` with the case that took its room named, when a room rule blocks it."""
    if not b.blocking_rules or not set(b.blocking_rules) <= _ROOM_RULES:
        return b
    if any(RULES_BY_NAME[r].case_level for r in b.blocking_rules):
        return b
    said = displaced_by(day, elig, assignment, b.case_id)
    return b if said is None else b.model_copy(update={"reason": f"{b.reason} {said}"})


def preference_lost(
    day: Day, elig: Eligibility, assignment: Assignment, ranked: Ranked, line: ProposalLine
) -> str | None:
    """What outranked the stated preference on ``line``, or None when it is met or unstated."""
    prefs = Preferences()
    cid, pid = line.case_id, line.practitioner_id
    if not day.case_by_id[cid].preferences or prefs.pair_cost(day, cid, pid) == 0:
        return None
    meeting = [q for q in elig.candidates[cid] if prefs.pair_cost(day, cid, q) == 0]
    if not meeting:
        return "The stated preference is not met: no eligible practitioner meets it."
    view = AssignmentState.of(day, assignment)
    options = sorted((_delta_vector(day, elig, view, ranked, cid, q)[0], q) for q in meeting)
    best = options[0][1]
    _, per_term = _delta_vector(day, elig, view, ranked, cid, best)
    summary, _ = _alternative_summary(ranked, per_term)
    return (
        f"The stated preference is not met: {day.staff_by_id[best].name}, the best eligible "
        f"practitioner who meets it, {summary}."
    )


def with_preference_answer(
    day: Day, elig: Eligibility, assignment: Assignment, ranked: Ranked, line: ProposalLine
) -> ProposalLine:
    """``line`` with the lost preference explained in its reason, when one was lost."""
    if line.decided is not None:
        return line
    said = preference_lost(day, elig, assignment, ranked, line)
    return line if said is None else line.model_copy(update={"reason": f"{line.reason} {said}"})
