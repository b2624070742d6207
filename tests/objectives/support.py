"""Helpers for the objective tests: a term by name and its score."""

from allocator.objectives.registry import OBJECTIVES_BY_NAME
from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Assignment, Day
from allocator.rules.eligibility import Eligibility


def score(name: str, day: Day, elig: Eligibility, assignment: Assignment) -> int:
    """Term ``name``'s value for ``assignment``."""
    return OBJECTIVES_BY_NAME[name].score(day, elig, assignment)


def delta(
    name: str, day: Day, elig: Eligibility, assignment: Assignment, cid: str, pid: str
) -> int:
    """Term ``name``'s reassign_delta for moving allocated ``cid`` to ``pid``."""
    return OBJECTIVES_BY_NAME[name].reassign_delta(
        day, elig, AssignmentState.of(day, assignment), cid, pid
    )
