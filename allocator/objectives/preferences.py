"""Stated preferences of the person on probation (docs/domain.md objective 6, equalities).

The only place a practitioner's declared characteristics enter the model: cost 1 per stated
preference the practitioner does not meet (an undeclared characteristic does not meet it).
"""

from allocator.objectives.base import PairCostObjective
from allocator.problem.day import Day


class Preferences(PairCostObjective):
    name = "preferences"
    applies_to = "both"
    unit = "unmet preferences"
    description = "Preferences stated by people on probation that their practitioner does not meet."

    def pair_cost(self, day: Day, cid: str, pid: str) -> int:
        case = day.case_by_id[cid]
        if not case.preferences:
            return 0
        declared = day.staff_by_id[pid].declared
        return sum(
            1 for pref in case.preferences if getattr(declared, pref.characteristic) != pref.value
        )

    def phrase(self, delta: int) -> str:
        return "not meet a preference stated by the person on probation"
