"""What any solver hands back: the assignment, every term's value and proven bound, the status.

Solver-neutral, so that the engine, the explanations and the benchmarks read one shape whether
CP-SAT, the large method or a future distributed run produced it.
"""

from dataclasses import dataclass
from typing import Any

from allocator.problem.day import Assignment


@dataclass
class TermResult:
    """A term's value in the solution and the proven lower bound on it."""

    name: str
    rank: int
    weight: int
    value: int
    bound: int


@dataclass
class SolveOutcome:
    """What the solver found and how far it proved it."""

    assignment: Assignment
    status: str
    terms: list[TermResult]
    stages: int
    gap: float
    parameters: dict[str, str | int | float | bool]
    ortools_version: str
    inconsistencies: list[str]
    """Stages whose solver objective differs from the terms recomputed off the assignment (a bug)."""
    finished: list[Any] | None = None
    """What each part's ``finish`` returned beside its search (the large method asked for it),
    in the parts' order; None when the solver finished nothing (the caller does it all)."""
