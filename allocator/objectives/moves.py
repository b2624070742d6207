"""Stability: the fewest moves of existing cases (docs/domain.md objective 5; seed 001).

Cost 1 when a case with a current practitioner is allocated to somebody else.
"""

from allocator.objectives.base import PairCostObjective
from allocator.problem.day import Day


class Moves(PairCostObjective):
    name = "moves"
    applies_to = "supervision"
    unit = "existing cases moved"
    description = "Cases moved away from their current practitioner."

    def pair_cost(self, day: Day, cid: str, pid: str) -> int:
        current = day.case_by_id[cid].current_practitioner_id
        return int(current is not None and current != pid)

    def phrase(self, delta: int) -> str:
        return "move an existing case"
