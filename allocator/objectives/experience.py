"""Experience matched to risk within the allowed grade (seed 000, POD principle 2).

Cost 1 when a high or very high RoSH case goes to a practitioner who is not experienced (an
NQO, or fewer than the policy's months in grade).
"""

from allocator.objectives.base import PairCostObjective
from allocator.problem.day import Day
from models.enums import Rosh

_HIGH = {Rosh.HIGH, Rosh.VERY_HIGH}


class Experience(PairCostObjective):
    name = "experience"
    applies_to = "supervision"
    unit = "high-risk cases to less experienced staff"
    description = "High or very high RoSH cases given to an NQO or someone new in grade."

    def pair_cost(self, day: Day, cid: str, pid: str) -> int:
        return int(day.case_by_id[cid].rosh in _HIGH and not day.experienced[pid])

    def phrase(self, delta: int) -> str:
        return "give a high-risk case to someone less experienced"
