"""POD continuity and the returning practitioner (DOMAIN.md objective order 3; seeds 000, 003).

Per allocated case, 0 when continuity is kept, 1 when it is kept at POD level only, 2 when the
case leaves its POD:
- a case with a current practitioner (tier change): stays with them 0, same POD 1, else 2;
- a returning case (previous practitioner): back to them 0, their POD 1, else 2;
- a new case with a POD: in the POD 0, else 2.
"""

from allocator.day import Day
from allocator.objectives.base import PairCostObjective


def continuity_cost(day: Day, cid: str, pid: str) -> int:
    """Continuity cost of giving case ``cid`` to ``pid`` (0 best, 2 worst)."""
    case = day.case_by_id[cid]
    pod = day.staff_by_id[pid].pod_id
    anchor = case.current_practitioner_id or case.previous_practitioner_id
    if anchor is not None:
        if pid == anchor:
            return 0
        return 1 if pod == day.staff_by_id[anchor].pod_id else 2
    if case.pod_id is not None:
        return 0 if pod == case.pod_id else 2
    return 0


class Continuity(PairCostObjective):
    name = "continuity"
    unit = "continuity breaks"
    description = "Cases not kept with their practitioner (1) or outside their POD (2)."

    def pair_cost(self, day: Day, cid: str, pid: str) -> int:
        return continuity_cost(day, cid, pid)

    def phrase(self, delta: int) -> str:
        if delta >= 2:
            return "take the case away from its practitioner and out of its POD"
        return "take the case away from its practitioner (or out of its POD)"
